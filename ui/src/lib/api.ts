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
  type AppInfo,
  type CommandError,
  type ErrorCode,
  type Language,
  type ResetOutcome,
  type Result,
  type Settings,
  type StartupState,
  type Theme,
  type TokenStatus,
} from './bindings';

export type {
  AppInfo,
  CommandError,
  DatabaseProblem,
  DatabaseProblemKind,
  ErrorCode,
  Language,
  ProxySetting,
  ResetOutcome,
  Result,
  Settings,
  StartupState,
  Theme,
  TokenStatus,
} from './bindings';

/**
 * Errors as the UI sees them: the contract's codes plus `internal`, which the UI itself uses when
 * a call fails without a CommandError (IPC failure, not running inside the desktop app).
 */
export type UiErrorCode = ErrorCode | 'internal';
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

async function fromResult<T>(call: () => Promise<Result<T, CommandError>>): Promise<ApiResult<T>> {
  try {
    return await call();
  } catch (thrown) {
    return { status: 'error', error: toUiError(thrown) };
  }
}

async function fromPromise<T>(call: () => Promise<T>): Promise<ApiResult<T>> {
  try {
    return { status: 'ok', data: await call() };
  } catch (thrown) {
    return { status: 'error', error: toUiError(thrown) };
  }
}

export const api = {
  /** True inside the desktop app; false in a plain browser (vite preview, screenshots). */
  isDesktop(): boolean {
    return isTauri();
  },
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
