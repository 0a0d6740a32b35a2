// English dictionary. Its type is derived from the Latvian one, so a key missing here (or one
// that Latvian lacks) does not compile.
import type { Messages } from './lv';

export const en: Messages = {
  app: {
    name: 'VRAA Desk',
    tagline: 'Requests to VRAA, SLA deadlines and availability in one place',
    loading: 'Loading…',
    skipToContent: 'Skip to main content',
    browserPreview:
      'This is a browser preview: the desktop core is not available, so nothing is loaded or saved.',
    settingsLoadFailed: 'Settings could not be loaded ({message}). Default values are shown.',
    languageSaveFailed: 'The language choice could not be saved: {message}',
    themeSaveFailed: 'The appearance choice could not be saved: {message}',
    databaseReset: 'Started a fresh database. The old file was kept at {path}',
    dismiss: 'Dismiss notice',
  },
  header: {
    language: 'Language',
    theme: 'Appearance',
  },
  languages: {
    lv: 'Latviešu',
    en: 'English',
  },
  themes: {
    system: 'Same as the system',
    light: 'Light',
    dark: 'Dark',
  },
  nav: {
    label: 'Main navigation',
    overview: 'Overview',
    requests: 'Requests',
    newRequest: 'New request',
    drafts: 'Drafts',
    outbox: 'Outbox',
    contract: 'Contract & SLA',
    settings: 'Settings',
  },
  emptyState: {
    heading: 'No data yet',
  },
  overview: {
    intro: 'Your institution’s requests, SLA deadlines and sync state at a glance.',
    empty:
      'Your open requests, the requests whose SLA deadline is close, and the state of synchronisation with VRAA will appear here after the first sync with the VRAA server.',
    setupHeading: 'Getting ready',
    serverConfigured: 'VRAA server address: {url}',
    serverMissing: 'The VRAA server address has not been set yet.',
    tokenStored: 'The API key is stored in the operating system’s credential store.',
    tokenMissing: 'No API key has been stored yet.',
    tokenUnknown: 'Cannot tell whether an API key is stored.',
    openSettings: 'Open settings',
  },
  requests: {
    intro: 'All of your institution’s requests to VRAA.',
    empty:
      'All of your institution’s requests will be listed here with their status, SLA deadlines, filters and full-text search. The list appears after the first sync with the VRAA server.',
  },
  newRequest: {
    intro: 'Prepare and submit a new request to VRAA.',
    empty:
      'Here you will pick a service from the VRAA catalogue, choose the request type and fill in a validated form. Every change is saved as a draft, even without an internet connection. The catalogue becomes available once the app is connected to the VRAA server.',
  },
  drafts: {
    intro: 'Requests you have started but not submitted yet.',
    empty: 'Your unfinished requests will be listed here. Drafts are kept only on this computer until you submit them.',
  },
  outbox: {
    intro: 'Actions saved on this computer that are waiting to be sent to VRAA.',
    empty:
      'Actions not yet sent to VRAA will be listed here, together with those VRAA rejected and the server’s message, so you can correct or discard them. The outbox is empty now.',
  },
  contract: {
    intro: 'The service levels agreed in the contract and how they are met.',
    empty:
      'The contract’s SLA targets (reaction times and availability) will be shown here next to the measured availability per month and service window.',
  },
  settings: {
    intro: 'Connection to VRAA, the API key and information about the app.',
    connectionHeading: 'Connection to VRAA',
    serverUrl: 'VRAA server address',
    serverUrlHelp:
      'For example https://pieteikumi.vraa.gov.lv. Unencrypted http:// is allowed only for this computer (localhost). An empty field means no connection is set up.',
    syncInterval: 'Sync interval (minutes)',
    syncIntervalHelp: 'How often to check VRAA for changes: 1 to 1440 minutes.',
    proxy: 'Proxy server',
    proxyModes: {
      system: 'Operating system settings',
      none: 'No proxy',
      manual: 'Set manually',
    },
    proxyUrl: 'Proxy address',
    proxyUrlHelp: 'For example http://proxy.institution.lv:8080',
    caCert: 'Extra CA certificate',
    caCertHelp:
      'A PEM file, if your institution’s network inspects HTTPS connections with its own certificate. Usually not needed.',
    caCertNone: 'None selected',
    caCertChoose: 'Choose file…',
    caCertClear: 'Remove',
    caCertPickerTitle: 'Choose the CA certificate file',
    caCertFilter: 'Certificates (PEM)',
    save: 'Save settings',
    saving: 'Saving…',
    saved: 'Settings saved.',
    notSaved: 'Settings were not saved. {message}',
    tokenHeading: 'API key',
    tokenHelp:
      'VRAA issues the key. It is kept only in the operating system’s credential store (Windows Credential Manager, macOS Keychain or Secret Service), never in the database, files or logs.',
    tokenInput: 'New API key',
    tokenSave: 'Save key',
    tokenDelete: 'Delete key',
    tokenStored: 'A key is stored in the operating system’s credential store.',
    tokenNotStored: 'No key is stored.',
    tokenStatusUnknown: 'Cannot tell whether a key is stored. {message}',
    tokenSaved: 'Key saved in the operating system’s credential store.',
    tokenDeleted: 'Key deleted.',
    tokenNotSavedMessage: 'The key was not saved. {message}',
    tokenNotDeletedMessage: 'The key was not deleted. {message}',
    aboutHeading: 'About the app and where data lives',
    version: 'Version',
    dataDir: 'Data folder',
    logDir: 'Log folder',
    databasePath: 'Database file',
    aboutUnavailable: 'Information not available. {message}',
  },
  dbProblem: {
    pathLabel: 'File',
    detailLabel: 'Details',
    keepNote: 'The old file will not be deleted: it is renamed and stays in the same folder.',
    resetDamaged: 'Move the damaged file aside and start fresh',
    resetNewer: 'Move the file aside and start fresh',
    resetting: 'Working…',
    resetFailed: 'Could not start fresh: {message}',
    quit: 'Quit',
    kinds: {
      corrupt: {
        title: 'The database file is damaged',
        body: 'VRAA Desk cannot read its database. You can move the damaged file aside and start with an empty database; requests are loaded again from VRAA by the next sync, but unsubmitted drafts stay only in the old file.',
      },
      migrationFailed: {
        title: 'The database could not be upgraded',
        body: 'Upgrading the database for this version of VRAA Desk failed. The database was not changed. You can move the file aside and start with an empty database.',
      },
      newerVersion: {
        title: 'The database was created by a newer VRAA Desk',
        body: 'This database was created by a newer version of VRAA Desk than the one installed on this computer. The file was left untouched. Install the newest VRAA Desk to keep working with your data. If you still want to start fresh with this version, the old file is kept under another name.',
      },
      io: {
        title: 'The database file cannot be opened',
        body: 'VRAA Desk cannot open or create its database file. Check that the disk has free space and that you may write to this folder. You can also move the file aside and start fresh.',
      },
    },
  },
  errors: {
    detail: 'Details: {detail}',
    codes: {
      invalidUrl: 'This is not a valid address. Example: https://pieteikumi.vraa.gov.lv',
      insecureUrl: 'Unencrypted http:// is allowed only for this computer (localhost). Use https://.',
      unsupportedUrlScheme: 'The address must start with https:// (or http:// for this computer).',
      invalidProxyUrl: 'The proxy address is not valid. Example: http://proxy.institution.lv:8080',
      invalidSyncInterval: 'The interval must be a whole number from 1 to 1440 minutes.',
      caFileUnreadable: 'The CA certificate file cannot be read. Check that it exists and that you may read it.',
      caFileInvalid: 'The chosen file is not a PEM certificate.',
      emptyToken: 'Enter an API key: an empty key cannot be saved.',
      keyringUnavailable: 'The operating system’s credential store is not available.',
      databaseNewer: 'The database was created by a newer VRAA Desk. Install the newest version.',
      database: 'Database error: the change was not saved.',
      internal: 'Unexpected error in the app.',
      desktopUnavailable: 'The desktop core is not available (browser preview).',
    },
  },
};
