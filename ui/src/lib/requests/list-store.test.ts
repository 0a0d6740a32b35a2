import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '$lib/api';
import { row, rows } from './fixtures';
import { requestList } from './list.svelte';
import type { requestCommandMocks } from './test-api';

vi.mock('$lib/api', async () => {
  const { createMockApi } = await import('$lib/testing/mock-api');
  const { requestCommandMocks } = await import('./test-api');
  return { api: { ...createMockApi(), ...requestCommandMocks() } };
});

const mockApi = api as unknown as ReturnType<typeof requestCommandMocks>;
const ok = <T>(data: T) => ({ status: 'ok' as const, data });

beforeEach(() => {
  vi.clearAllMocks();
  requestList.reset();
});

describe('request list store', () => {
  it('takes the unfiltered total from the same answer, in one call', async () => {
    mockApi.listRequests.mockResolvedValueOnce(ok({ rows: [row(1)], total: 1, unfilteredTotal: 12 }));
    await requestList.setQuery({ ...requestList.query, statuses: ['resolved'] });
    expect(requestList.allTotal).toBe(12);
    expect(requestList.total).toBe(1);
    expect(requestList.rows).toHaveLength(1);
    expect(mockApi.listRequests).toHaveBeenCalledTimes(1);
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
    mockApi.onRequestsChanged.mockImplementationOnce(() => new Promise((resolve) => (subscribed = resolve)));
    const started = requestList.start();
    requestList.stop();
    subscribed(ok(unlisten));
    await started;
    expect(unlisten).toHaveBeenCalledTimes(1);
  });

  it('unsubscribes from both change events on stop', async () => {
    const requestsUnlisten = vi.fn();
    const outboxUnlisten = vi.fn();
    mockApi.onRequestsChanged.mockResolvedValueOnce(ok(requestsUnlisten));
    mockApi.onOutboxChanged.mockResolvedValueOnce(ok(outboxUnlisten));
    await requestList.start();
    requestList.stop();
    expect(requestsUnlisten).toHaveBeenCalledTimes(1);
    expect(outboxUnlisten).toHaveBeenCalledTimes(1);
  });
});
