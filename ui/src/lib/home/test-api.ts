// The shared mock API (testing/mock-api.ts) plus the commands the home screens use, answered with
// the samples. Spreading keeps this working before and after those commands land in the shared
// mock; a test overrides whatever its case needs.
import { vi } from 'vitest';
import type { ConnectionView, ContractReport, OverviewView, SyncStatusView } from '../api';
import { createMockApi } from '../testing/mock-api';
import { sampleOverview, sampleReport, serverConnection } from './samples';

const ok = <T>(data: T) => ({ status: 'ok' as const, data });
const unlisten = () => ok(() => {});
type Listen<T extends unknown[]> = (callback: (...args: T) => void) => Promise<ReturnType<typeof unlisten>>;

export function createHomeMockApi() {
  return {
    ...createMockApi(),
    getConnection: vi.fn(async () => ok<ConnectionView>(structuredClone(serverConnection))),
    connect: vi.fn(async (serverUrl: string) => ok<ConnectionView>({ ...structuredClone(serverConnection), serverUrl })),
    startDemo: vi.fn(async () =>
      ok<ConnectionView>({ ...structuredClone(serverConnection), mode: 'demo', serverUrl: 'http://127.0.0.1:38917' }),
    ),
    leaveDemo: vi.fn(async () =>
      ok<ConnectionView>({ mode: 'notConfigured', serverUrl: null, tokenStored: false, institution: null, userName: null }),
    ),
    onConnectionChanged: vi.fn<Listen<[ConnectionView]>>(async () => unlisten()),
    getOverview: vi.fn(async () => ok<OverviewView>(structuredClone(sampleOverview))),
    getContractReport: vi.fn(async () => ok<ContractReport>(structuredClone(sampleReport))),
    listDrafts: vi.fn(async () => ok<unknown[]>([])),
    onRequestsChanged: vi.fn<Listen<[string[]]>>(async () => unlisten()),
    onOutboxChanged: vi.fn<Listen<[]>>(async () => unlisten()),
    onDraftsChanged: vi.fn<Listen<[]>>(async () => unlisten()),
    onSyncStatus: vi.fn<Listen<[SyncStatusView]>>(async () => unlisten()),
    // What the other screens ask for when the frame shows them (App tests navigate through them).
    getCatalogue: vi.fn(async () => ok({ services: [], slaPolicies: [] })),
    listRequests: vi.fn(async () => ok({ rows: [], total: 0 })),
    listSavedFilters: vi.fn(async () => ok<unknown[]>([])),
    listOutbox: vi.fn(async () => ok<unknown[]>([])),
    getRequest: vi.fn(async (id: string) => ({
      status: 'error' as const,
      error: { code: 'notFound' as const, field: null, detail: id },
    })),
    markRequestRead: vi.fn(async () => ok(null)),
    onFileDrop: vi.fn<Listen<[string[]]>>(async () => unlisten()),
  };
}

export type HomeMockApi = ReturnType<typeof createHomeMockApi>;
