// A stand-in for `$lib/api` in unit tests: every command is a vi.fn with a sensible "ok"
// answer, which a test overrides for the case it checks.
import { vi, type Mocked } from 'vitest';
import type { api as realApi } from '$lib/api';
import type {
  AppInfo,
  CatalogueView,
  ConnectionView,
  ContractReport,
  DataChanged,
  DiscardOutcome,
  DraftInput,
  DraftView,
  MailSettings,
  OverviewView,
  PolicyView,
  RequestPage,
  Settings,
  SignInStarted,
  SyncStatusView,
} from '$lib/bindings';
import { defaultSettings } from '$lib/defaults';

export type MockApi = Mocked<typeof realApi>;

/** No organisation policy: nothing locked, the demo allowed. */
export const noPolicy: PolicyView = {
  policy: {
    connectionKind: null,
    serverUrl: null,
    imapHost: null,
    imapPort: null,
    smtpHost: null,
    smtpPort: null,
    mailTls: null,
    vraaEmailAddress: null,
    oauthTenant: null,
    oauthClientId: null,
    oauthAuthority: null,
    oauthScopes: null,
    oauthDeviceCodeAllowed: null,
    proxy: null,
    caCertFile: null,
    syncIntervalMinutes: null,
    demoAllowed: null,
    notificationsEnabled: null,
  },
  entries: [],
  lockedFields: [],
  demoAllowed: true,
  warnings: [],
  sources: [],
};

export const sampleAppInfo: AppInfo = {
  version: '0.1.0',
  dataDir: '/home/user/.local/share/lv.vraa.desk',
  logDir: '/home/user/.local/share/lv.vraa.desk/logs',
  databasePath: '/home/user/.local/share/lv.vraa.desk/vraa-desk.sqlite3',
};

/** A quiet engine after one successful run. */
export const sampleSyncStatus: SyncStatusView = {
  running: false,
  connectivity: 'online',
  needsToken: false,
  lastSuccessAt: '2026-11-23T15:02:00Z',
  lastErrorCode: null,
  lastErrorMessage: null,
};

/** Signed in to a real server. */
export const sampleConnection: ConnectionView = {
  mode: 'server',
  serverUrl: 'https://pieteikumi.vraa.gov.lv',
  tokenStored: true,
  institution: 'Valsts vides dienests',
  userName: 'Anna Kalniņa',
};

/** E-mail settings as a user at the State Environmental Service would give them. */
export const sampleMailSettings: MailSettings = {
  address: 'anna.kalnina@vvd.gov.lv',
  userName: 'anna.kalnina@vvd.gov.lv',
  displayName: 'Anna Kalniņa',
  institutionName: 'Valsts vides dienests',
  contractNumber: null,
  imap: { host: 'mail.vvd.gov.lv', port: 993, tls: 'implicit' },
  smtp: { host: 'mail.vvd.gov.lv', port: 587, tls: 'startTls' },
  signIn: 'password',
  oauth: {
    authority: 'https://login.microsoftonline.com',
    tenant: 'organizations',
    clientId: '',
    scopes: ['https://outlook.office.com/IMAP.AccessAsUser.All', 'https://outlook.office.com/SMTP.Send', 'offline_access'],
    deviceCodeAllowed: false,
  },
  vraaAddress: 'IT@vraa.gov.lv',
  referencePattern: String.raw`VRAA-\d{4}-\d{6}`,
  extraFolders: [],
  sentFolder: null,
};

/** What the Rust side answers after `connectMail`: the settings as checked, the domain as institution. */
export function mailConnection(settings: MailSettings): ConnectionView {
  return {
    mode: 'mail',
    serverUrl: null,
    tokenStored: true,
    institution: settings.institutionName,
    userName: settings.displayName,
    mail: structuredClone(settings),
  };
}

/** What `startMicrosoftSignIn` answers for the browser sign-in: the page the browser opened. */
export const sampleBrowserSignIn: SignInStarted = {
  authorizeUrl:
    'https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id=9e5f94bc-e8a4-4e73-b8be-63364c29d753&response_type=code&redirect_uri=http%3A%2F%2F127.0.0.1%3A53682%2F',
  userCode: null,
  verificationUri: null,
  expiresInSeconds: 600,
};

/** What `startMicrosoftSignIn` answers with `deviceCode`: the code to type on another device. */
export const sampleDeviceSignIn: SignInStarted = {
  authorizeUrl: null,
  userCode: 'K7QM-2XPW',
  verificationUri: 'https://microsoft.com/devicelogin',
  expiresInSeconds: 900,
};

export const emptyOverview: OverviewView = {
  openByStatus: [],
  openTotal: 0,
  slaAlerts: [],
  waiting: [],
  outbox: { pending: 0, parked: 0 },
  unread: 0,
  contract: null,
};

export const emptyContractReport: ContractReport = { contracts: [], availability: [], outages: [], policyShares: [] };

export const emptyCatalogue: CatalogueView = { services: [], slaPolicies: [] };

function draftView(input: DraftInput): DraftView {
  return {
    id: input.id ?? 'draft-1',
    requestTypeId: input.requestTypeId,
    typeName: { lv: input.requestTypeId, en: input.requestTypeId },
    serviceId: '',
    subject: input.subject,
    description: input.description,
    fields: input.fields,
    attachments: input.attachments,
    createdAt: '2026-11-23T15:00:00Z',
    updatedAt: '2026-11-23T15:00:00Z',
  };
}

type DataHandler = (change: DataChanged) => void;

// The listeners each mock's `onDataChanged` holds, keyed by that vi.fn: doubles that spread
// `createMockApi()` into a new object keep the same function, so `emitDataChanged` finds them.
const dataListeners = new WeakMap<object, Set<DataHandler>>();

function mockOnDataChanged(): MockApi['onDataChanged'] {
  const handlers = new Set<DataHandler>();
  const onDataChanged = vi.fn(async (handler: DataHandler) => {
    handlers.add(handler);
    return { status: 'ok' as const, data: () => void handlers.delete(handler) };
  });
  dataListeners.set(onDataChanged, handlers);
  return onDataChanged;
}

// `mock` is the mocked `api` as a test imports it (its doubles type it in their own ways).
function listenersOf(mock: object): Set<DataHandler> {
  const onDataChanged = (mock as { onDataChanged?: object }).onDataChanged;
  const handlers = onDataChanged && dataListeners.get(onDataChanged);
  if (!handlers) throw new Error('onDataChanged is not the one createMockApi() made');
  return handlers;
}

/** What the store would send: every listener still subscribed gets `change`. */
export function emitDataChanged(mock: object, change: DataChanged): void {
  for (const handler of [...listenersOf(mock)]) handler(change);
}

/** How many `onDataChanged` listeners are subscribed now (0 once every screen stopped). */
export function dataListenerCount(mock: object): number {
  return listenersOf(mock).size;
}

export function createMockApi(): MockApi {
  const ok = <T>(data: T) => ({ status: 'ok' as const, data });
  // The settings of the last sign-in started: what its finish connects with.
  let signingIn: MailSettings = sampleMailSettings;
  return {
    isDesktop: vi.fn(() => true),
    getStartupState: vi.fn(async () => ok({ status: 'ready' as const })),
    resetDatabase: vi.fn(async () => ok({ movedTo: '/data/vraa-desk.sqlite3.damaged-1' })),
    quitApp: vi.fn(async () => ok(undefined)),
    getSettings: vi.fn(async () => ok<Settings>(structuredClone(defaultSettings))),
    saveSettings: vi.fn(async (settings: Settings) => ok(settings)),
    getPolicy: vi.fn(async () => ok<PolicyView>(structuredClone(noPolicy))),
    setLanguage: vi.fn(async () => ok(null)),
    setTheme: vi.fn(async () => ok(null)),
    saveToken: vi.fn(async () => ok({ stored: true })),
    deleteToken: vi.fn(async () => ok({ stored: false })),
    getTokenStatus: vi.fn(async () => ok({ stored: false })),
    getAppInfo: vi.fn(async () => ok(sampleAppInfo)),
    uiReady: vi.fn(async () => ok(undefined)),
    getSyncStatus: vi.fn(async () => ok<SyncStatusView | null>(structuredClone(sampleSyncStatus))),
    syncNow: vi.fn(async () => ok(true)),
    onSyncStatus: vi.fn(async () => ok(() => {})),
    pickCaCertificate: vi.fn(async () => ok<string | null>(null)),
    getConnection: vi.fn(async () => ok(structuredClone(sampleConnection))),
    connect: vi.fn(async () => ok(structuredClone(sampleConnection))),
    connectMail: vi.fn(async (settings: MailSettings) => ok<ConnectionView>(mailConnection(settings))),
    startMicrosoftSignIn: vi.fn(async (settings: MailSettings, deviceCode?: boolean) => {
      signingIn = { ...settings, signIn: 'oauth2' };
      return ok<SignInStarted>(structuredClone(deviceCode ? sampleDeviceSignIn : sampleBrowserSignIn));
    }),
    finishMicrosoftSignIn: vi.fn(async () => ok<ConnectionView>(mailConnection(signingIn))),
    cancelMicrosoftSignIn: vi.fn(async () => ok(undefined)),
    openSignInPage: vi.fn(async () => ok(null)),
    startDemo: vi.fn(async () => ok<ConnectionView>({ ...sampleConnection, mode: 'demo' })),
    leaveDemo: vi.fn(async () => ok<ConnectionView>({ ...sampleConnection, mode: 'notConfigured', tokenStored: false })),
    onConnectionChanged: vi.fn(async () => ok(() => {})),
    getCatalogue: vi.fn(async () => ok(structuredClone(emptyCatalogue))),
    listRequests: vi.fn(async () => ok<RequestPage>({ rows: [], total: 0, unfilteredTotal: 0 })),
    exportRequestsCsv: vi.fn(async (_query, path: string) => ok({ rows: 0, path })),
    listSavedFilters: vi.fn(async () => ok([])),
    saveFilter: vi.fn(async (name: string, query) => ok({ id: 'filter-1', name, query })),
    deleteSavedFilter: vi.fn(async () => ok(null)),
    getRequest: vi.fn(async (id: string) => ({
      status: 'error' as const,
      error: { code: 'notFound' as const, field: null, detail: id, message: null },
    })),
    markRequestRead: vi.fn(async () => ok(null)),
    queueAction: vi.fn(async () => ok({ seq: 1, kind: 'comment' as const, state: 'pending' as const, createdAt: '2026-11-23T15:00:00Z', summary: '', problem: null })),
    attachFiles: vi.fn(async () => ok([])),
    checkAttachments: vi.fn(async () => ok([])),
    openAttachment: vi.fn(async () => ok('/tmp/opened/ekrans.png')),
    saveAttachment: vi.fn(async (_requestId: string, _attachmentId: string, path: string) => ok(path)),
    saveDraft: vi.fn(async (input: DraftInput) => ok(draftView(input))),
    listDrafts: vi.fn(async () => ok<DraftView[]>([])),
    getDraft: vi.fn(async (id: string) =>
      ok(draftView({ id, requestTypeId: 'email.licence_assign', subject: '', description: '', fields: {}, attachments: [] })),
    ),
    deleteDraft: vi.fn(async () => ok(null)),
    validateRequest: vi.fn(async () => ok([])),
    submitDraft: vi.fn(async () => ok({ localId: 'local-1' })),
    previewLicenceCsv: vi.fn(async (requestTypeId: string) =>
      ok({ requestTypeId, columns: [], rows: [], valid: 0, invalid: 0 }),
    ),
    queueLicenceCsv: vi.fn(async () => ok({ queued: 0 })),
    listOutbox: vi.fn(async () => ok([])),
    retryOutbox: vi.fn(async () => ok(null)),
    discardOutbox: vi.fn(async () => ok<DiscardOutcome>('discarded')),
    fixOutboxRequest: vi.fn(async () => ok(null)),
    getOverview: vi.fn(async () => ok(structuredClone(emptyOverview))),
    getContractReport: vi.fn(async () => ok(structuredClone(emptyContractReport))),
    setStatusByHand: vi.fn(async () => ok(null)),
    saveContract: vi.fn(async () => ok(null)),
    deleteContract: vi.fn(async () => ok(null)),
    onDataChanged: mockOnDataChanged(),
    onFileDrop: vi.fn(async () => ok(() => {})),
    pickFiles: vi.fn(async () => ok<string[]>([])),
    pickCsvFile: vi.fn(async () => ok<string | null>(null)),
    pickSavePath: vi.fn(async () => ok<string | null>(null)),
    pickCsvSavePath: vi.fn(async () => ok<string | null>(null)),
  };
}
