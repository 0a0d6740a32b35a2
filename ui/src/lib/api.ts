// The one door from the UI to the Rust side. Every screen calls commands through `api` (never
// through `bindings.ts`'s `commands` directly) so unit tests can replace this module with
// `vi.mock('$lib/api')`. The types of the contract come from `$lib/bindings` directly.
//
// `api` is the generated `commands` object run through one adapter, plus the few things that are
// not commands (events, file drop, native dialogs). Every call returns a `Result`: commands that
// the generator types as plain promises (no CommandError) can still reject, e.g. when the page
// runs in a plain browser outside the desktop app. Turning such rejections into `internal` errors
// lets the UI render a message instead of dying on an unhandled rejection.
import { isTauri } from '@tauri-apps/api/core';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { open, save } from '@tauri-apps/plugin-dialog';
import {
  commands,
  events,
  type AppErrorCode,
  type CommandError,
  type ConnectionView,
  type DataChanged,
  type Localized,
  type Result,
  type SyncStatusView,
} from './bindings';

/** Stops listening to an event. */
export type Unlisten = () => void;

/**
 * Errors as the UI sees them: the contract's codes plus the one the UI itself produces:
 * `desktopUnavailable` when the page runs in a plain browser where there is no Rust side to call
 * (an IPC failure without a CommandError becomes the contract's `internal`).
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

// ---- the generated commands, adapted ----

type Commands = typeof commands;
type CommandName = keyof Commands;

/** What a generated command resolves to, without the generator's `Result` (if it has one). */
type Answer<R> = [R] extends [Result<infer T, CommandError>] ? T : R;

/** The commands the generator types as plain promises (their errors are rejections only). */
type PlainCommandName = {
  [K in CommandName]: [Awaited<ReturnType<Commands[K]>>] extends [Result<unknown, CommandError>] ? never : K;
}[CommandName];

/** Every generated command, same name and parameters, resolving to an `ApiResult`. */
export type CommandApi = {
  [K in CommandName]: Commands[K] extends (...args: infer A) => Promise<infer R>
    ? (...args: A) => Promise<ApiResult<Answer<R>>>
    : never;
};

/**
 * The plain-promise commands by name. `satisfies` makes the compiler reject a missing or an extra
 * name, so the list follows `bindings.ts` whenever it is regenerated.
 */
const plainCommands = {
  getStartupState: true,
  quitApp: true,
  getPolicy: true,
  getAppInfo: true,
  uiReady: true,
  getSyncStatus: true,
  syncNow: true,
  cancelMicrosoftSignIn: true,
  checkAttachments: true,
} as const satisfies Record<PlainCommandName, true>;

function isPlainCommand(name: string): boolean {
  return Object.hasOwn(plainCommands, name);
}

type AnyCommand = (...args: unknown[]) => Promise<unknown>;

/** One generated command as the UI calls it: never rejects, always an `ApiResult`. */
function adapt(name: CommandName): (...args: unknown[]) => Promise<ApiResult<unknown>> {
  const command = commands[name] as AnyCommand;
  const plain = isPlainCommand(name);
  return async (...args) => {
    if (!isDesktop()) return desktopUnavailable;
    try {
      const answer = await command(...args);
      if (plain) return { status: 'ok', data: answer };
      const result = answer as Result<unknown, unknown>;
      // The generated wrapper passes any non-Error rejection through as the error, including
      // Tauri's own plain-string failures (e.g. arguments that do not deserialise).
      if (result.status === 'error') return { status: 'error', error: toUiError(result.error) };
      return result;
    } catch (thrown) {
      return { status: 'error', error: toUiError(thrown) };
    }
  };
}

const commandApi = Object.fromEntries(
  (Object.keys(commands) as CommandName[]).map((name) => [name, adapt(name)]),
) as CommandApi;

// ---- what is not a generated command ----

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

/** Calls `handler` with the payload of every event `source` sends; resolves to the function that stops it. */
function listenTo<T>(source: Listenable<T>, handler: (payload: T) => void): Promise<ApiResult<Unlisten>> {
  return fromPromise(async () => safeUnlisten(await source.listen((event) => handler(event.payload))));
}

export const api = {
  ...commandApi,
  /** True inside the desktop app; false in a plain browser (vite preview, screenshots). */
  isDesktop,

  // ---- change events (no polling) ----
  /** Calls `onStatus` with every status the sync engine sends; resolves to the function that stops it. */
  onSyncStatus: (onStatus: (status: SyncStatusView) => void): Promise<ApiResult<Unlisten>> =>
    listenTo(events.syncStatusChanged, onStatus),
  onConnectionChanged: (callback: (connection: ConnectionView) => void): Promise<ApiResult<Unlisten>> =>
    listenTo(events.connectionChanged, callback),
  /**
   * Calls `handler` with every change the store reports. Screens do not listen here themselves:
   * `live()` (live.svelte.ts) runs their query again on the kinds they read.
   */
  onDataChanged: (handler: (change: DataChanged) => void): Promise<ApiResult<Unlisten>> =>
    listenTo(events.dataChanged, handler),
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
