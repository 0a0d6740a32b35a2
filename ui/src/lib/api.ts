// The one door from the UI to the Rust side. Every screen imports commands from here (never from
// `bindings.ts` directly) so unit tests can replace this module with `vi.mock('$lib/api')`.
//
// Every call returns a `Result`: commands that the generator types as plain promises (no
// CommandError) can still reject, e.g. when the page runs in a plain browser outside the desktop
// app. Turning such rejections into `internal` errors lets the UI render a message instead of
// dying on an unhandled rejection.
import { isTauri } from '@tauri-apps/api/core';
import { open } from '@tauri-apps/plugin-dialog';
import {
  commands,
  events,
  type AppInfo,
  type CommandError,
  type ErrorCode,
  type Language,
  type ResetOutcome,
  type Result,
  type Settings,
  type StartupState,
  type SyncStatusView,
  type Theme,
  type TokenStatus,
} from './bindings';

export type {
  AppInfo,
  CommandError,
  ConnectivityView,
  DatabaseProblem,
  DatabaseProblemKind,
  ErrorCode,
  Language,
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

/**
 * Errors as the UI sees them: the contract's codes plus two the UI itself produces: `internal`
 * when a call fails without a CommandError (IPC failure), `desktopUnavailable` when the page runs
 * in a plain browser where there is no Rust side to call.
 */
export type UiErrorCode = ErrorCode | 'internal' | 'desktopUnavailable';
export type UiError = Omit<CommandError, 'code'> & { code: UiErrorCode };

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

export const api = {
  /** True inside the desktop app; false in a plain browser (vite preview, screenshots). */
  isDesktop,
  getStartupState: (): Promise<ApiResult<StartupState>> => fromPromise(() => commands.getStartupState()),
  resetDatabase: (): Promise<ApiResult<ResetOutcome>> => fromResult(() => commands.resetDatabase()),
  quitApp: (): Promise<ApiResult<void>> => fromPromise(() => commands.quitApp()),
  getSettings: (): Promise<ApiResult<Settings>> => fromResult(() => commands.getSettings()),
  saveSettings: (settings: Settings): Promise<ApiResult<Settings>> =>
    fromResult(() => commands.saveSettings(settings)),
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
