// For this folder's tests: the request commands as vi.fn's answering with this folder's fixtures,
// spread over `createMockApi()`.
import { vi } from 'vitest';
import type { ApiResult, AttachmentCheck, PendingAction, RequestPage, RequestQuery, SavedFilter } from '$lib/api';
import { requestView, sampleCatalogue } from './fixtures';

const ok = <T>(data: T) => ({ status: 'ok' as const, data });
type Answer<T> = Promise<ApiResult<T>>;
type Unlisten = () => void;

export function requestCommandMocks() {
  return {
    getCatalogue: vi.fn(async () => ok(structuredClone(sampleCatalogue))),
    listRequests: vi.fn<(query: RequestQuery) => Answer<RequestPage>>(async () => ok({ rows: [], total: 0, unfilteredTotal: 0 })),
    exportRequestsCsv: vi.fn<(query: RequestQuery, path: string) => Answer<{ rows: number; path: string }>>(
      async (_q, path) => ok({ rows: 0, path }),
    ),
    pickCsvSavePath: vi.fn<(title: string, name: string) => Answer<string | null>>(async () => ok(null)),
    listSavedFilters: vi.fn<() => Answer<SavedFilter[]>>(async () => ok([])),
    saveFilter: vi.fn<(name: string, query: RequestQuery) => Answer<SavedFilter>>(async (name, query) =>
      ok({ id: `f-${name}`, name, query }),
    ),
    deleteSavedFilter: vi.fn<(id: string) => Answer<null>>(async () => ok(null)),
    getRequest: vi.fn<(id: string) => Answer<ReturnType<typeof requestView>>>(async () => ok(requestView())),
    markRequestRead: vi.fn<(id: string) => Answer<null>>(async () => ok(null)),
    queueAction: vi.fn<(id: string, action: unknown) => Answer<PendingAction>>(async () =>
      ok({ seq: 1, kind: 'comment', state: 'pending', createdAt: '2026-11-23T15:00:00Z', summary: '', problem: null }),
    ),
    attachFiles: vi.fn<(id: string, paths: string[]) => Answer<AttachmentCheck[]>>(async () => ok([])),
    openAttachment: vi.fn<(requestId: string, attachmentId: string) => Answer<string>>(
      async () => ok('/home/anna/.local/share/lv.vraa.desk/opened/20261123T100000-1a2b3c4d/ekrans.png'),
    ),
    saveAttachment: vi.fn<(requestId: string, attachmentId: string, path: string) => Answer<string>>(
      async (_requestId, _attachmentId, path) => ok(path),
    ),
    pickSavePath: vi.fn<(title: string, name: string) => Answer<string | null>>(async () => ok(null)),
    pickFiles: vi.fn<(title: string) => Answer<string[]>>(async () => ok([])),
    onRequestsChanged: vi.fn<(cb: (ids: string[]) => void) => Answer<Unlisten>>(async () => ok(() => {})),
    onOutboxChanged: vi.fn<(cb: () => void) => Answer<Unlisten>>(async () => ok(() => {})),
    onFileDrop: vi.fn<(cb: (paths: string[]) => void) => Answer<Unlisten>>(async () => ok(() => {})),
  };
}
