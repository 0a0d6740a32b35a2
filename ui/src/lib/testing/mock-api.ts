// A stand-in for `$lib/api` in unit tests: every command is a vi.fn with a sensible "ok"
// answer, which a test overrides for the case it checks.
import { vi, type Mocked } from 'vitest';
import type { api as realApi, AppInfo, Settings, SyncStatusView } from '$lib/api';
import { defaultSettings } from '$lib/defaults';

export type MockApi = Mocked<typeof realApi>;

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

export function createMockApi(): MockApi {
  const ok = <T>(data: T) => ({ status: 'ok' as const, data });
  return {
    isDesktop: vi.fn(() => true),
    getStartupState: vi.fn(async () => ok({ status: 'ready' as const })),
    resetDatabase: vi.fn(async () => ok({ movedTo: '/data/vraa-desk.sqlite3.damaged-1' })),
    quitApp: vi.fn(async () => ok(undefined)),
    getSettings: vi.fn(async () => ok<Settings>(structuredClone(defaultSettings))),
    saveSettings: vi.fn(async (settings: Settings) => ok(settings)),
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
  };
}
