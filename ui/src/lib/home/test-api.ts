// The shared mock API (testing/mock-api.ts) plus the commands the home screens use, answered with
// the samples. Spreading keeps this working before and after those commands land in the shared
// mock; a test overrides whatever its case needs.
import { vi } from 'vitest';
import type { ApiResult, ConnectionView, ContractReport, DataChanged, OverviewView, SyncStatusView } from '../api';
import { createMockApi } from '../testing/mock-api';
import { sampleOverview, sampleReport, serverConnection } from './samples';

const ok = <T>(data: T) => ({ status: 'ok' as const, data });
const unlisten = () => ok(() => {});
type Call<A extends unknown[], T> = (...args: A) => Promise<ApiResult<T>>;
type Listen<T extends unknown[]> = (callback: (...args: T) => void) => Promise<ReturnType<typeof unlisten>>;

export function createHomeMockApi() {
  return {
    ...createMockApi(),
    getConnection: vi.fn<Call<[], ConnectionView>>(async () => ok(structuredClone(serverConnection))),
    connect: vi.fn<Call<[string, string, boolean?], ConnectionView>>(async (serverUrl) => ok({ ...structuredClone(serverConnection), serverUrl })),
    startDemo: vi.fn<Call<[], ConnectionView>>(async () =>
      ok({ ...structuredClone(serverConnection), mode: 'demo', serverUrl: 'http://127.0.0.1:38917' }),
    ),
    leaveDemo: vi.fn<Call<[], ConnectionView>>(async () =>
      ok({ mode: 'notConfigured', serverUrl: null, tokenStored: false, institution: null, userName: null }),
    ),
    onConnectionChanged: vi.fn<Listen<[ConnectionView]>>(async () => unlisten()),
    getOverview: vi.fn<Call<[], OverviewView>>(async () => ok(structuredClone(sampleOverview))),
    getContractReport: vi.fn<Call<[], ContractReport>>(async () => ok(structuredClone(sampleReport))),
    listDrafts: vi.fn<Call<[], unknown[]>>(async () => ok([])),
    onRequestsChanged: vi.fn<Listen<[string[]]>>(async () => unlisten()),
    onOutboxChanged: vi.fn<Listen<[]>>(async () => unlisten()),
    onDraftsChanged: vi.fn<Listen<[]>>(async () => unlisten()),
    onReferenceDataChanged: vi.fn<Listen<[DataChanged['kind']]>>(async () => unlisten()),
    onSyncStatus: vi.fn<Listen<[SyncStatusView]>>(async () => unlisten()),
  };
}

export type HomeMockApi = ReturnType<typeof createHomeMockApi>;
