import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '$lib/api';
import { row, rows } from './fixtures';
import { requestList } from './list.svelte';
import { dataListenerCount, emitDataChanged, type MockApi } from '$lib/testing/mock-api';

vi.mock('$lib/api', async () => {
  const { createMockApi } = await import('$lib/testing/mock-api');
  const { sampleCatalogue } = await import('./fixtures');
  const mock = createMockApi();
  // This folder's fixtures rather than the shared mock's empty answers.
  mock.getCatalogue.mockImplementation(async () => ({ status: 'ok', data: structuredClone(sampleCatalogue) }));
  return { api: mock };
});

const mockApi = api as unknown as MockApi;
const ok = <T>(data: T) => ({ status: 'ok' as const, data });

beforeEach(() => {
  vi.clearAllMocks();
  requestList.reset();
});

describe('request list store', () => {
  it('takes the unfiltered total from the same answer, in one call', async () => {
    await requestList.start();
    mockApi.listRequests.mockResolvedValueOnce(ok({ rows: [row(1)], total: 1, unfilteredTotal: 12 }));
    await requestList.setQuery({ ...requestList.query, statuses: ['resolved'] });
    expect(requestList.allTotal).toBe(12);
    expect(requestList.total).toBe(1);
    expect(requestList.rows).toHaveLength(1);
    expect(requestList.shownQuery.statuses).toEqual(['resolved']);
    // One for the start, one for the filter.
    expect(mockApi.listRequests).toHaveBeenCalledTimes(2);
    requestList.stop();
  });

  it('does not ask while the screen is not on; the next start asks for the query set', async () => {
    await requestList.setQuery({ ...requestList.query, statuses: ['resolved'] });
    requestList.setSearch('licence');
    expect(mockApi.listRequests).not.toHaveBeenCalled();
    await requestList.start();
    expect(mockApi.listRequests).toHaveBeenCalledTimes(1);
    expect(mockApi.listRequests.mock.lastCall?.[0]).toMatchObject({ statuses: ['resolved'], search: 'licence' });
    requestList.stop();
  });

  it('keeps the last list when a reload fails, and says so', async () => {
    mockApi.listRequests.mockResolvedValueOnce(ok({ rows: rows(3), total: 3, unfilteredTotal: 3 }));
    await requestList.start();
    expect(requestList.phase).toBe('ready');
    mockApi.listRequests.mockResolvedValueOnce({ status: 'error', error: { code: 'database', field: null, detail: 'locked' } });
    await requestList.reload();
    expect(requestList.rows).toHaveLength(3);
    expect(requestList.phase).toBe('ready');
    expect(requestList.error?.code).toBe('database');
    requestList.stop();
  });

  it('drops a subscription that completes after the screen was left', async () => {
    const unlisten = vi.fn();
    let subscribed: (value: { status: 'ok'; data: () => void }) => void = () => {};
    mockApi.onDataChanged.mockImplementationOnce(() => new Promise((resolve) => (subscribed = resolve)));
    const started = requestList.start();
    requestList.stop();
    subscribed(ok(unlisten));
    await started;
    expect(unlisten).toHaveBeenCalledTimes(1);
  });

  it('stops following changes on stop', async () => {
    await requestList.start();
    expect(dataListenerCount(api)).toBe(1);
    requestList.stop();
    expect(dataListenerCount(api)).toBe(0);
    emitDataChanged(api, { kind: 'requests', ids: ['r-1'] });
    expect(mockApi.listRequests).toHaveBeenCalledTimes(1);
  });
});
