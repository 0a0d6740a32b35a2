import type { Settings } from '$lib/bindings';

/** The Rust side's defaults (see the IPC contract); shown when settings cannot be loaded. */
export const defaultSettings: Settings = {
  serverUrl: null,
  language: 'lv',
  theme: 'system',
  syncIntervalMinutes: 5,
  proxy: { mode: 'system' },
  caCertPath: null,
};
