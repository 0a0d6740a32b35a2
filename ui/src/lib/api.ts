// The one door from the UI to the Rust side. Every screen imports commands from here (never from
// `bindings.ts` directly) so unit tests can replace this module with `vi.mock('$lib/api')`.
//
// Every call returns a `Result`: commands that the generator types as plain promises (no
// CommandError) can still reject, e.g. when the page runs in a plain browser outside the desktop
// app. Turning such rejections into `internal` errors lets the UI render a message instead of
// dying on an unhandled rejection.
import { isTauri } from '@tauri-apps/api/core';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { open, save } from '@tauri-apps/plugin-dialog';
import {
  commands,
  events,
  type ActionInput,
  type AttachmentCheck,
  type CatalogueView,
  type ConnectionView,
  type ContractInput,
  type ContractReport,
  type CsvPreviewView,
  type DataChanged,
  type DraftInput,
  type DraftView,
  type ExportOutcome,
  type FieldProblem,
  type Localized,
  type DiscardOutcome,
  type OutboxItemView,
  type OverviewView,
  type PendingAction,
  type PolicyView,
  type Queued,
  type RequestPage,
  type RequestQuery,
  type RequestStatus,
  type RequestView,
  type SavedFilter,
  type Submitted,
  type SlaClock,
  type CsvRowView,
  type WaitingItem,
  type AppInfo,
  type CommandError,
  type AppErrorCode,
  type Language,
  type MailSettings,
  type ResetOutcome,
  type Result,
  type Settings,
  type StartupState,
  type SyncStatusView,
  type Theme,
  type TokenStatus,
} from './bindings';

export type {
  ActionInput,
  ActionKind,
  Actor,
  ActorKind,
  AttachmentCheck,
  AttachmentView,
  AvailabilityMonthView,
  AvailabilityWindowView,
  CatalogueView,
  ConnectionMode,
  ConnectionView,
  ContractInput,
  ContractReport,
  ContractSummary,
  ContractView,
  CsvPreviewView,
  CsvRowView,
  DataChanged,
  DiscardOutcome,
  DraftInput,
  DraftView,
  ExportOutcome,
  FieldProblem,
  FieldView,
  JsonValue,
  Localized,
  NamedService,
  OutageKindView,
  OutageView,
  OutboxCounts,
  OutboxItemView,
  OverviewView,
  PendingAction,
  PendingState,
  PolicyShareView,
  ProblemView,
  Queued,
  RatingView,
  RequestPage,
  RequestQuery,
  RequestRow,
  RequestStatus,
  RequestTypeView,
  RequestView,
  SavedFilter,
  ServiceAvailabilityView,
  ServiceView,
  SlaClock,
  SlaClockView,
  SlaPolicyView,
  SlaState,
  SortField,
  StatusCount,
  Submitted,
  TimelineItem,
  WaitingItem,
  WaitingReason,
  AppInfo,
  CommandError,
  ConnectivityView,
  DatabaseProblem,
  DatabaseProblemKind,
  AppErrorCode as ErrorCode,
  Language,
  LockedField,
  MailServer,
  MailSettings,
  MailSignIn,
  PolicyView,
  PolicyWarning,
  ProxySetting,
  ResetOutcome,
  Result,
  Settings,
  StartupState,
  SyncStatusView,
  Theme,
  TokenStatus,
} from './bindings';

/** Stops listening to an event. */
export type Unlisten = () => void;

// Shorter names the screens use for some generated types.
export type SlaUnit = SlaClock;
export type CsvPreview = CsvPreviewView;
export type CsvRowPreview = CsvRowView;
export type WaitingEntry = WaitingItem;

/**
 * Errors as the UI sees them: the contract's codes plus two the UI itself produces: `internal`
 * when a call fails without a CommandError (IPC failure), `desktopUnavailable` when the page runs
 * in a plain browser where there is no Rust side to call.
 */
/** desk-app's codes (the one list, generated) and the one the browser preview adds. */
export type UiErrorCode = AppErrorCode | 'desktopUnavailable';
export type UiError = Omit<CommandError, 'code' | 'message'> & {
  code: UiErrorCode;
  /** The Rust side's own words for the user, in both languages, when it has them. */
  message?: Localized | null;
};

export type ApiResult<T> = Result<T, UiError>;

/** Converts anything a rejected call produced into the contract's error shape. */
export function toUiError(thrown: unknown): UiError {
  if (isUiError(thrown)) return thrown;
  const detail = thrown instanceof Error ? thrown.message : String(thrown);
  return { code: 'internal', field: null, detail };
}

function isUiError(value: unknown): value is UiError {
  return (
    typeof value === 'object' &&
    value !== null &&
    'code' in value &&
    typeof (value as { code: unknown }).code === 'string'
  );
}

function isDesktop(): boolean {
  // `isTauri` is set by Tauri's init script; the internals object is what `invoke` needs.
  return isTauri() || '__TAURI_INTERNALS__' in window;
}

const desktopUnavailable: { status: 'error'; error: UiError } = {
  status: 'error',
  error: { code: 'desktopUnavailable', field: null, detail: null },
};

async function fromResult<T>(call: () => Promise<Result<T, CommandError>>): Promise<ApiResult<T>> {
  if (!isDesktop()) return desktopUnavailable;
  try {
    const result = await call();
    // The generated wrapper passes any non-Error rejection through as the error, including
    // Tauri's own plain-string failures (e.g. arguments that do not deserialise).
    if (result.status === 'error') return { status: 'error', error: toUiError(result.error) };
    return result;
  } catch (thrown) {
    return { status: 'error', error: toUiError(thrown) };
  }
}

async function fromPromise<T>(call: () => Promise<T>): Promise<ApiResult<T>> {
  if (!isDesktop()) return desktopUnavailable;
  try {
    return { status: 'ok', data: await call() };
  } catch (thrown) {
    return { status: 'error', error: toUiError(thrown) };
  }
}

/** Tauri's unlisten is asynchronous and can fail while the window closes; nothing is left then. */
function safeUnlisten(unlisten: () => void | Promise<void>): Unlisten {
  return () => {
    void Promise.resolve()
      .then(unlisten)
      .catch(() => undefined);
  };
}

type Listenable<T> = { listen: (handler: (event: { payload: T }) => void) => Promise<() => void> };

function listenTo<T>(source: Listenable<T>, handler: (payload: T) => void): Promise<ApiResult<Unlisten>> {
  return fromPromise(async () => safeUnlisten(await source.listen((event) => handler(event.payload))));
}

function onData(handler: (change: DataChanged) => void): Promise<ApiResult<Unlisten>> {
  return listenTo(events.dataChanged, handler);
}

export const api = {
  /** True inside the desktop app; false in a plain browser (vite preview, screenshots). */
  isDesktop,
  getStartupState: (): Promise<ApiResult<StartupState>> => fromPromise(() => commands.getStartupState()),
  resetDatabase: (): Promise<ApiResult<ResetOutcome>> => fromResult(() => commands.resetDatabase()),
  quitApp: (): Promise<ApiResult<void>> => fromPromise(() => commands.quitApp()),
  getSettings: (): Promise<ApiResult<Settings>> => fromResult(() => commands.getSettings()),
  saveSettings: (settings: Settings): Promise<ApiResult<Settings>> =>
    fromResult(() => commands.saveSettings(settings)),
  /** What the organisation's policy sets (locked in Settings), and the values it ignored. */
  getPolicy: (): Promise<ApiResult<PolicyView>> => fromPromise(() => commands.getPolicy()),
  setLanguage: (language: Language): Promise<ApiResult<null>> =>
    fromResult(() => commands.setLanguage(language)),
  setTheme: (theme: Theme): Promise<ApiResult<null>> => fromResult(() => commands.setTheme(theme)),
  saveToken: (token: string): Promise<ApiResult<TokenStatus>> => fromResult(() => commands.saveToken(token)),
  deleteToken: (): Promise<ApiResult<TokenStatus>> => fromResult(() => commands.deleteToken()),
  getTokenStatus: (): Promise<ApiResult<TokenStatus>> => fromResult(() => commands.getTokenStatus()),
  getAppInfo: (): Promise<ApiResult<AppInfo>> => fromPromise(() => commands.getAppInfo()),
  uiReady: (): Promise<ApiResult<void>> => fromPromise(() => commands.uiReady()),
  /** The background sync status; `null` while sync does not run (e.g. damaged database). */
  getSyncStatus: (): Promise<ApiResult<SyncStatusView | null>> => fromPromise(() => commands.getSyncStatus()),
  /** Asks for a sync run at once; `false` when sync does not run. */
  syncNow: (): Promise<ApiResult<boolean>> => fromPromise(() => commands.syncNow()),
  /** Calls `onStatus` with every status the sync engine sends; resolves to the function that stops it. */
  onSyncStatus: (onStatus: (status: SyncStatusView) => void): Promise<ApiResult<Unlisten>> =>
    fromPromise(async () => {
      const unlisten = await events.syncStatusChanged.listen((event) => onStatus(event.payload));
      // Tauri's unlisten is asynchronous and can fail while the window closes; there is nothing
      // left to clean up then, so the failure must not surface as an unhandled rejection.
      return () => {
        void Promise.resolve()
          .then(unlisten)
          .catch(() => undefined);
      };
    }),

  // ---- connection / first start ----
  getConnection: (): Promise<ApiResult<ConnectionView>> => fromResult(() => commands.getConnection()),
  /**
   * Checks the address and token with VRAA (`/v1/me`) before saving either. Another server or
   * institution while actions are queued needs `switchConfirmed` (else `queuedForOtherConnection`).
   */
  connect: (serverUrl: string, token: string, switchConfirmed = false): Promise<ApiResult<ConnectionView>> =>
    fromResult(() => commands.connect(serverUrl, token, switchConfirmed)),
  /**
   * Checks the e-mail settings against both mail servers (IMAP and SMTP) before saving them; the
   * password goes to the OS keyring only. `switchConfirmed` as for `connect`.
   */
  connectMail: (
    settings: MailSettings,
    password: string,
    switchConfirmed = false,
  ): Promise<ApiResult<ConnectionView>> => fromResult(() => commands.connectMail(settings, password, switchConfirmed)),
  startDemo: (): Promise<ApiResult<ConnectionView>> => fromResult(() => commands.startDemo()),
  leaveDemo: (): Promise<ApiResult<ConnectionView>> => fromResult(() => commands.leaveDemo()),
  onConnectionChanged: (callback: (connection: ConnectionView) => void): Promise<ApiResult<Unlisten>> =>
    listenTo(events.connectionChanged, (payload) => callback(payload)),

  // ---- catalogue, requests ----
  getCatalogue: (): Promise<ApiResult<CatalogueView>> => fromResult(() => commands.getCatalogue()),
  listRequests: (query: RequestQuery): Promise<ApiResult<RequestPage>> =>
    fromResult(() => commands.listRequests(query)),
  exportRequestsCsv: (query: RequestQuery, path: string): Promise<ApiResult<ExportOutcome>> =>
    fromResult(() => commands.exportRequestsCsv(query, path)),
  listSavedFilters: (): Promise<ApiResult<SavedFilter[]>> => fromResult(() => commands.listSavedFilters()),
  saveFilter: (name: string, query: RequestQuery): Promise<ApiResult<SavedFilter>> =>
    fromResult(() => commands.saveFilter(name, query)),
  deleteSavedFilter: (id: string): Promise<ApiResult<null>> => fromResult(() => commands.deleteSavedFilter(id)),
  getRequest: (id: string): Promise<ApiResult<RequestView>> => fromResult(() => commands.getRequest(id)),
  markRequestRead: (id: string): Promise<ApiResult<null>> => fromResult(() => commands.markRequestRead(id)),
  queueAction: (id: string, action: ActionInput): Promise<ApiResult<PendingAction>> =>
    fromResult(() => commands.queueAction(id, action)),
  attachFiles: (id: string, paths: string[]): Promise<ApiResult<AttachmentCheck[]>> =>
    fromResult(() => commands.attachFiles(id, paths)),
  checkAttachments: (paths: string[]): Promise<ApiResult<AttachmentCheck[]>> =>
    fromPromise(() => commands.checkAttachments(paths)),
  openAttachment: (requestId: string, attachmentId: string): Promise<ApiResult<string>> =>
    fromResult(() => commands.openAttachment(requestId, attachmentId)),
  saveAttachment: (requestId: string, attachmentId: string, path: string): Promise<ApiResult<string>> =>
    fromResult(() => commands.saveAttachment(requestId, attachmentId, path)),

  // ---- drafts, new request, bulk ----
  saveDraft: (input: DraftInput): Promise<ApiResult<DraftView>> => fromResult(() => commands.saveDraft(input)),
  listDrafts: (): Promise<ApiResult<DraftView[]>> => fromResult(() => commands.listDrafts()),
  getDraft: (id: string): Promise<ApiResult<DraftView>> => fromResult(() => commands.getDraft(id)),
  deleteDraft: (id: string): Promise<ApiResult<null>> => fromResult(() => commands.deleteDraft(id)),
  validateRequest: (input: DraftInput): Promise<ApiResult<FieldProblem[]>> =>
    fromResult(() => commands.validateRequest(input)),
  submitDraft: (id: string): Promise<ApiResult<Submitted>> => fromResult(() => commands.submitDraft(id)),
  previewLicenceCsv: (requestTypeId: string, path: string): Promise<ApiResult<CsvPreviewView>> =>
    fromResult(() => commands.previewLicenceCsv(requestTypeId, path)),
  queueLicenceCsv: (requestTypeId: string, path: string): Promise<ApiResult<Queued>> =>
    fromResult(() => commands.queueLicenceCsv(requestTypeId, path)),

  // ---- outbox ----
  listOutbox: (): Promise<ApiResult<OutboxItemView[]>> => fromResult(() => commands.listOutbox()),
  retryOutbox: (seq: number): Promise<ApiResult<null>> => fromResult(() => commands.retryOutbox(seq)),
  discardOutbox: (seq: number): Promise<ApiResult<DiscardOutcome>> => fromResult(() => commands.discardOutbox(seq)),
  fixOutboxRequest: (seq: number, input: DraftInput): Promise<ApiResult<null>> =>
    fromResult(() => commands.fixOutboxRequest(seq, input)),

  // ---- overview, contract ----
  getOverview: (): Promise<ApiResult<OverviewView>> => fromResult(() => commands.getOverview()),
  getContractReport: (): Promise<ApiResult<ContractReport>> => fromResult(() => commands.getContractReport()),

  // ---- what the user sets by hand on an e-mail connection (VRAA's mail cannot tell) ----
  /**
   * Sets a request's status by hand: only `in_progress`, `resolved` or `closed`, only on an
   * e-mail connection (else `invalidInput`). VRAA's later mail no longer moves that status.
   */
  setStatusByHand: (id: string, status: RequestStatus): Promise<ApiResult<null>> =>
    fromResult(() => commands.setStatusByHand(id, status)),
  /** Saves a contract entered by hand (replaces one of the same number); errors name `field`. */
  saveContract: (contract: ContractInput): Promise<ApiResult<null>> => fromResult(() => commands.saveContract(contract)),
  deleteContract: (id: string): Promise<ApiResult<null>> => fromResult(() => commands.deleteContract(id)),

  // ---- change events (no polling) ----
  /** VRAA's data about requests changed; `ids` is empty when anything may have changed. */
  onRequestsChanged: (callback: (ids: string[]) => void): Promise<ApiResult<Unlisten>> =>
    onData((change) => {
      if (change.kind === 'requests') callback(change.ids);
      else if (change.kind === 'all') callback([]);
    }),
  onOutboxChanged: (callback: () => void): Promise<ApiResult<Unlisten>> =>
    onData((change) => {
      if (change.kind === 'outbox' || change.kind === 'all') callback();
    }),
  onDraftsChanged: (callback: () => void): Promise<ApiResult<Unlisten>> =>
    onData((change) => {
      if (change.kind === 'drafts' || change.kind === 'all') callback();
    }),
  /** Catalogue, contracts, availability, saved filters or settings changed. */
  onReferenceDataChanged: (callback: (kind: DataChanged['kind']) => void): Promise<ApiResult<Unlisten>> =>
    onData((change) => {
      if (change.kind === 'referenceData' || change.kind === 'savedFilters' || change.kind === 'settings' || change.kind === 'all')
        callback(change.kind);
    }),
  /** Files dropped on the window (the desktop gives paths, not browser File objects). */
  onFileDrop: (callback: (paths: string[]) => void): Promise<ApiResult<Unlisten>> =>
    fromPromise(async () => {
      const unlisten = await getCurrentWebview().onDragDropEvent((event) => {
        if (event.payload.type === 'drop') callback(event.payload.paths);
      });
      return safeUnlisten(unlisten);
    }),

  // ---- native dialogs ----
  /** Open dialog for files to attach; resolves to the chosen paths (empty when cancelled). */
  pickFiles: (title: string): Promise<ApiResult<string[]>> =>
    fromPromise(async () => {
      const chosen = await open({ title, multiple: true, directory: false });
      if (chosen === null) return [];
      return Array.isArray(chosen) ? chosen : [chosen];
    }),
  pickCsvFile: (title: string): Promise<ApiResult<string | null>> =>
    fromPromise(() =>
      open({ title, multiple: false, directory: false, filters: [{ name: 'CSV', extensions: ['csv', 'txt'] }] }),
    ),
  pickSavePath: (title: string, defaultName: string): Promise<ApiResult<string | null>> =>
    fromPromise(() => save({ title, defaultPath: defaultName })),
  pickCsvSavePath: (title: string, defaultName: string): Promise<ApiResult<string | null>> =>
    fromPromise(() => save({ title, defaultPath: defaultName, filters: [{ name: 'CSV', extensions: ['csv'] }] })),

  /**
   * Native file picker for the extra CA certificate (PEM). Resolves to the chosen path, or null
   * when the user cancelled. `title` and `filterName` come translated from the caller.
   */
  pickCaCertificate: (title: string, filterName: string): Promise<ApiResult<string | null>> =>
    fromPromise(() =>
      open({
        title,
        multiple: false,
        directory: false,
        filters: [{ name: filterName, extensions: ['pem', 'crt', 'cer'] }],
      }),
    ),
};
