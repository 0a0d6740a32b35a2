// Shared by the screenshot and measurement scripts: serves the built UI (`dist/`) with
// `vite preview` (same CSP as the app) and opens it in Debian's Chromium through playwright-core,
// with a fake Rust side injected in place of Tauri's IPC. Nothing here is used by the app.
import { chromium } from 'playwright-core';
import { preview } from 'vite';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export async function startPreview() {
  const server = await preview({ preview: { port: 4173, strictPort: false }, logLevel: 'silent' });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  return { url, close: () => server.close() };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
}

/**
 * Runs in the page before any app code: answers the app's commands the way the Rust side does
 * (a subset of its validation, enough to show error states).
 */
export function installFakeBackend(scenario) {
  const settings = {
    serverUrl: scenario.serverUrl ?? null,
    language: scenario.language ?? 'lv',
    theme: scenario.theme ?? 'light',
    syncIntervalMinutes: 5,
    proxy: { mode: 'system' },
    caCertPath: null,
  };
  let stored = scenario.tokenStored ?? false;
  // `scenario.sync === null` means sync does not run (as with a damaged database).
  const syncStatus =
    scenario.sync === null
      ? null
      : {
          // Without a server the engine has never synced and says why; with one, a quiet success.
          ...(settings.serverUrl === null
            ? {
                running: false,
                connectivity: 'unknown',
                needsToken: false,
                lastSuccessAt: null,
                lastErrorCode: 'noServer',
                lastErrorMessage: 'nav iestatīta VRAA servera adrese / no VRAA server address is set',
              }
            : {
                running: false,
                connectivity: 'online',
                needsToken: false,
                lastSuccessAt: '2026-11-23T15:02:00Z',
                lastErrorCode: null,
                lastErrorMessage: null,
              }),
          ...scenario.sync,
        };
  window.isTauri = true;
  window.__TAURI_INTERNALS__ = {
    transformCallback: () => 0,
    invoke: async (cmd, args) => {
      switch (cmd) {
        case 'get_startup_state':
          return scenario.problem ? { status: 'databaseProblem', problem: scenario.problem } : { status: 'ready' };
        case 'get_settings':
          return settings;
        case 'save_settings': {
          const url = args.settings.serverUrl;
          if (url && !/^https?:\/\//.test(url)) throw { code: 'invalidUrl', field: 'serverUrl', detail: null };
          if (url && url.startsWith('http://') && !/^http:\/\/(localhost|127\.0\.0\.1)/.test(url)) {
            throw { code: 'insecureUrl', field: 'serverUrl', detail: null };
          }
          Object.assign(settings, args.settings);
          return settings;
        }
        case 'get_token_status':
          return { stored };
        case 'save_token':
          if (!args.token.trim()) throw { code: 'emptyToken', field: 'token', detail: null };
          stored = true;
          return { stored };
        case 'delete_token':
          stored = false;
          return { stored };
        case 'get_app_info':
          return {
            version: '0.1.0',
            dataDir: 'C:\\Users\\janis\\AppData\\Roaming\\lv.vraa.desk',
            logDir: 'C:\\Users\\janis\\AppData\\Roaming\\lv.vraa.desk\\logs',
            databasePath: 'C:\\Users\\janis\\AppData\\Roaming\\lv.vraa.desk\\vraa-desk.sqlite3',
          };
        case 'get_sync_status':
          return syncStatus;
        case 'sync_now':
          return syncStatus !== null;
        // Tauri's event plugin: `listen` answers an event id; no events are sent here.
        case 'plugin:event|listen':
          return 1;
        case 'plugin:event|unlisten':
          return null;
        case 'set_language':
        case 'set_theme':
        case 'ui_ready':
        case 'quit_app':
          return null;
        default:
          throw new Error(`fake backend: unknown command ${cmd}`);
      }
    },
  };
}
