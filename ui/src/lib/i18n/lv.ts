// Latvian is the source dictionary: its shape defines `Messages`, and `en.ts` must match it key
// for key (a missing or extra key is a type error; `npm run i18n:check` also checks it).
// Placeholders are written `{name}` and must be the same in both languages.
import type { UiErrorCode } from '../api';
import type { DatabaseProblemKind } from '../bindings';

export const lv = {
  app: {
    name: 'VRAA Desk',
    tagline: 'Pieteikumi VRAA, SLA termiņi un pieejamība vienuviet',
    loading: 'Ielādē…',
    skipToContent: 'Pāriet uz galveno saturu',
    browserPreview:
      'Šī ir pārlūka priekšskatījuma versija: lietotnes kodols nav pieejams, tāpēc nekas netiek ielādēts vai saglabāts.',
    settingsLoadFailed: 'Iestatījumus neizdevās ielādēt ({message}). Tiek rādītas noklusējuma vērtības.',
    languageSaveFailed: 'Valodas izvēli neizdevās saglabāt: {message}',
    themeSaveFailed: 'Izskata izvēli neizdevās saglabāt: {message}',
    databaseReset: 'Sākta jauna datubāze. Vecais fails ir saglabāts: {path}',
    dismiss: 'Aizvērt paziņojumu',
  },
  header: {
    language: 'Valoda',
    theme: 'Izskats',
  },
  languages: {
    lv: 'Latviešu',
    en: 'English',
  },
  themes: {
    system: 'Kā operētājsistēmā',
    light: 'Gaišs',
    dark: 'Tumšs',
  },
  nav: {
    label: 'Galvenā navigācija',
    overview: 'Pārskats',
    requests: 'Pieteikumi',
    newRequest: 'Jauns pieteikums',
    drafts: 'Melnraksti',
    outbox: 'Izsūtne',
    contract: 'Līgums un SLA',
    settings: 'Iestatījumi',
    request: 'Pieteikums',
  },
  emptyState: {
    heading: 'Vēl nav datu',
  },
  overview: {
    intro: 'Jūsu iestādes pieteikumu, SLA termiņu un sinhronizācijas kopskats.',
    empty:
      'Šeit būs redzami jūsu atvērtie pieteikumi pa statusiem un pieteikumi, kuru SLA termiņš tuvojas beigām. Sinhronizētie dati jau glabājas šajā datorā; šis pārskats tiks pievienots nākamajā versijā.',
    setupHeading: 'Sagatavošana darbam',
    serverConfigured: 'VRAA servera adrese: {url}',
    serverMissing: 'VRAA servera adrese vēl nav norādīta.',
    tokenStored: 'API atslēga ir saglabāta operētājsistēmas akreditācijas datu krātuvē.',
    tokenMissing: 'API atslēga vēl nav saglabāta.',
    tokenUnknown: 'Nevar noskaidrot, vai API atslēga ir saglabāta.',
    openSettings: 'Atvērt iestatījumus',
  },
  sync: {
    heading: 'Sinhronizācija',
    stateLoading: 'Nolasa sinhronizācijas stāvokli…',
    stateUnavailable: 'Sinhronizācija nedarbojas.',
    stateNoServer: 'VRAA servera adrese nav norādīta: norādiet to iestatījumos.',
    stateSyncing: 'Sinhronizē…',
    stateTokenMissing: 'API atslēga nav saglabāta: saglabājiet to iestatījumos.',
    stateTokenRefused: 'VRAA atteica API atslēgu: iestatījumos jāievada jauna.',
    stateOnline: 'Tiešsaistē: VRAA serveris ir sasniedzams.',
    stateOffline: 'Bezsaistē: VRAA serveris nav sasniedzams. Var strādāt ar lokālajiem datiem.',
    stateNotYetSynced: 'Vēl nav sinhronizēts.',
    lastSuccess: 'Pēdējā veiksmīgā sinhronizācija: {time}',
    neverSynced: 'Veiksmīgas sinhronizācijas vēl nav bijis.',
    lastError: 'Pēdējā kļūda: {message}',
    syncNow: 'Sinhronizēt tagad',
    notRunning: 'Sinhronizācija nedarbojas, tāpēc to nevar sākt.',
    requestFailed: 'Sinhronizāciju neizdevās sākt: {message}',
    statusFailed: 'Sinhronizācijas stāvokli neizdevās nolasīt: {message}',
    indicatorOnline: 'Tiešsaistē',
    indicatorOffline: 'Bezsaistē',
    indicatorUnknown: 'Savienojums nav zināms',
    indicatorSyncing: 'Sinhronizē…',
    indicatorLabel: 'Savienojums ar VRAA: {state}',
  },
  requests: {
    intro: 'Visi jūsu iestādes pieteikumi VRAA.',
    empty:
      'Šeit būs visi jūsu iestādes pieteikumi ar statusu, SLA termiņiem, filtriem un pilnteksta meklēšanu. Sinhronizētie pieteikumi jau glabājas šajā datorā; saraksts tiks pievienots nākamajā versijā.',
  },
  newRequest: {
    intro: 'Jauna pieteikuma sagatavošana un iesniegšana VRAA.',
    empty:
      'Šeit varēsiet izvēlēties pakalpojumu no VRAA kataloga, pieteikuma veidu un aizpildīt pārbaudītu veidlapu. Katra izmaiņa tiks saglabāta kā melnraksts, arī bez interneta savienojuma. Katalogs būs pieejams pēc savienojuma ar VRAA serveri.',
  },
  drafts: {
    intro: 'Pieteikumi, kurus esat sākuši rakstīt, bet vēl neesat iesnieguši.',
    empty:
      'Šeit būs jūsu nepabeigtie pieteikumi. Melnraksti tiek glabāti tikai šajā datorā, līdz tos iesniedzat.',
  },
  outbox: {
    intro: 'Darbības, kas saglabātas šajā datorā un gaida nosūtīšanu uz VRAA.',
    empty:
      'Šeit būs darbības, kas vēl nav nosūtītas uz VRAA, un tās, kuras VRAA noraidīja, kopā ar servera paziņojumu, lai tās varētu labot vai atmest. Pašlaik izsūtne ir tukša.',
  },
  contract: {
    intro: 'Līgumā noteiktie pakalpojuma līmeņi un to izpilde.',
    empty:
      'Šeit būs līgumā noteiktie SLA mērķi (reakcijas laiki un pieejamība) salīdzinājumā ar izmērīto pieejamību pa mēnešiem un pakalpojuma laika logiem.',
  },
  settings: {
    intro: 'Savienojums ar VRAA, API atslēga un informācija par lietotni.',
    connectionHeading: 'Savienojums ar VRAA',
    serverUrl: 'VRAA servera adrese',
    serverUrlHelp:
      'Piemēram, https://pieteikumi.vraa.gov.lv. Nešifrēts http:// ir atļauts tikai šim datoram (localhost). Tukšs lauks nozīmē, ka savienojums nav iestatīts.',
    syncInterval: 'Sinhronizācijas intervāls (minūtes)',
    syncIntervalHelp: 'Cik bieži pārbaudīt izmaiņas VRAA: no 1 līdz 1440 minūtēm.',
    proxy: 'Starpniekserveris',
    proxyModes: {
      system: 'Operētājsistēmas iestatījumi',
      none: 'Bez starpniekservera',
      manual: 'Norādīt manuāli',
    },
    proxyUrl: 'Starpniekservera adrese',
    proxyUrlHelp: 'Piemēram, http://proxy.iestade.lv:8080',
    caCert: 'Papildu CA sertifikāts',
    caCertHelp:
      'PEM fails, ja jūsu iestādes tīkls pārbauda HTTPS savienojumus ar savu sertifikātu. Parasti nav vajadzīgs.',
    caCertNone: 'Nav izvēlēts',
    caCertChoose: 'Izvēlēties failu…',
    caCertClear: 'Noņemt',
    caCertPickerTitle: 'Izvēlieties CA sertifikāta failu',
    caCertFilter: 'Sertifikāti (PEM)',
    save: 'Saglabāt iestatījumus',
    saving: 'Saglabā…',
    saved: 'Iestatījumi saglabāti.',
    notSaved: 'Iestatījumi nav saglabāti. {message}',
    tokenHeading: 'API atslēga',
    tokenHelp:
      'Atslēgu izsniedz VRAA. Tā tiek glabāta tikai operētājsistēmas akreditācijas datu krātuvē (Windows Credential Manager, macOS Keychain vai Secret Service), nekad datubāzē, failos vai žurnālos.',
    tokenInput: 'Jauna API atslēga',
    tokenSave: 'Saglabāt atslēgu',
    tokenDelete: 'Dzēst atslēgu',
    tokenStored: 'Atslēga ir saglabāta operētājsistēmas akreditācijas datu krātuvē.',
    tokenNotStored: 'Atslēga nav saglabāta.',
    tokenStatusUnknown: 'Nevar noskaidrot, vai atslēga ir saglabāta. {message}',
    tokenSaved: 'Atslēga saglabāta operētājsistēmas akreditācijas datu krātuvē.',
    tokenDeleted: 'Atslēga dzēsta.',
    tokenNotSavedMessage: 'Atslēga nav saglabāta. {message}',
    tokenNotDeletedMessage: 'Atslēga nav dzēsta. {message}',
    aboutHeading: 'Par lietotni un datu atrašanās vietu',
    version: 'Versija',
    dataDir: 'Datu mape',
    logDir: 'Žurnālu mape',
    databasePath: 'Datubāzes fails',
    aboutUnavailable: 'Informācija nav pieejama. {message}',
  },
  dbProblem: {
    pathLabel: 'Fails',
    detailLabel: 'Sīkāka informācija',
    keepNote: 'Vecais fails netiks dzēsts: tas tiks pārdēvēts un paliks tajā pašā mapē.',
    resetDamaged: 'Pārvietot bojāto failu malā un sākt no jauna',
    resetNewer: 'Pārvietot failu malā un sākt no jauna',
    resetting: 'Notiek…',
    resetFailed: 'Neizdevās sākt no jauna: {message}',
    quit: 'Iziet',
    kinds: {
      corrupt: {
        title: 'Datubāzes fails ir bojāts',
        body: 'VRAA Desk nevar nolasīt savu datubāzi. Varat pārvietot bojāto failu malā un sākt ar tukšu datubāzi; pieteikumi tiks atkal ielādēti no VRAA pēc sinhronizācijas, bet neiesniegtie melnraksti paliks tikai vecajā failā.',
      },
      migrationFailed: {
        title: 'Datubāzi neizdevās atjaunināt',
        body: 'Atjauninot datubāzi šai VRAA Desk versijai, radās kļūda. Datubāze nav mainīta. Varat pārvietot failu malā un sākt ar tukšu datubāzi.',
      },
      newerVersion: {
        title: 'Datubāzi izveidoja jaunāka VRAA Desk versija',
        body: 'Šī datubāze ir izveidota ar jaunāku VRAA Desk versiju, nekā instalēta šajā datorā. Fails nav mainīts. Instalējiet jaunāko VRAA Desk versiju, lai turpinātu darbu ar saviem datiem. Ja tomēr vēlaties sākt no jauna ar šo versiju, vecais fails tiks saglabāts ar citu nosaukumu.',
      },
      io: {
        title: 'Datubāzes failu nevar atvērt',
        body: 'VRAA Desk nevar atvērt vai izveidot savu datubāzes failu. Pārbaudiet, vai diskā ir vieta un vai jums ir tiesības rakstīt šajā mapē. Varat arī pārvietot failu malā un sākt no jauna.',
      },
    } satisfies Record<DatabaseProblemKind, { title: string; body: string }>,
  },
  errors: {
    detail: 'Sīkāka informācija: {detail}',
    codes: {
      invalidUrl: 'Tā nav derīga adrese. Piemērs: https://pieteikumi.vraa.gov.lv',
      insecureUrl: 'Nešifrēts http:// ir atļauts tikai šim datoram (localhost). Izmantojiet https://.',
      unsupportedUrlScheme: 'Adresei jāsākas ar https:// (vai http:// šim datoram).',
      invalidProxyUrl: 'Starpniekservera adrese nav derīga. Piemērs: http://proxy.iestade.lv:8080',
      invalidSyncInterval: 'Intervālam jābūt veselam skaitlim no 1 līdz 1440 minūtēm.',
      caFileUnreadable: 'CA sertifikāta failu nevar nolasīt. Pārbaudiet, vai tas eksistē un vai jums ir tiesības to lasīt.',
      caFileInvalid: 'Izvēlētais fails nav PEM formāta sertifikāts.',
      emptyToken: 'Ievadiet API atslēgu: tukšu atslēgu nevar saglabāt.',
      keyringUnavailable: 'Operētājsistēmas akreditācijas datu krātuve nav pieejama.',
      databaseNewer: 'Datubāzi izveidoja jaunāka VRAA Desk versija. Instalējiet jaunāko versiju.',
      database: 'Datubāzes kļūda: izmaiņas nav saglabātas.',
      internal: 'Negaidīta lietotnes kļūda.',
      desktopUnavailable: 'Lietotnes kodols nav pieejams (pārlūka priekšskatījums).',
    } satisfies Record<UiErrorCode, string>,
  },
};

/** The shape every language must have: the Latvian dictionary with its strings widened. */
export type Messages = Widen<typeof lv>;

type Widen<T> = T extends string ? string : { [K in keyof T]: Widen<T[K]> };
