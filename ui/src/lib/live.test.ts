import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, type ApiResult, type UiError } from '$lib/api';
import { live, type Live } from './live.svelte';
import { dataListenerCount, emitDataChanged, type MockApi } from './testing/mock-api';

vi.mock('$lib/api', async () => {
  const { createMockApi } = await import('./testing/mock-api');
  return { api: createMockApi() };
});

const mockApi = api as unknown as MockApi;
const ok = <T>(data: T): ApiResult<T> => ({ status: 'ok', data });
const failure: UiError = { code: 'database', field: null, detail: 'locked' };

/** A query whose answers the test hands out one by one, in any order. */
function controlledQuery<T>() {
  const pending: ((answer: ApiResult<T>) => void)[] = [];
  const query = vi.fn(() => new Promise<ApiResult<T>>((resolve) => pending.push(resolve)));
  return {
    query,
    /** Answers the `index`-th run (0 = the first ever started). */
    answer(index: number, answer: ApiResult<T>): void {
      const resolve = pending[index];
      if (!resolve) throw new Error(`run ${index} was not started`);
      resolve(answer);
    },
  };
}

const flush = () => vi.advanceTimersByTimeAsync(0);

let current: Live<unknown> | null = null;
function track<T>(handle: Live<T>): Live<T> {
  current = handle as Live<unknown>;
  return handle;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  current?.stop();
  current = null;
  vi.useRealTimers();
});

describe('live', () => {
  it('runs at once and exposes the answer as value', async () => {
    const handle = track(live(async () => ok(7), ['outbox']));
    expect(handle.loading).toBe(true);
    await handle.ready;
    expect(handle.value).toBe(7);
    expect(handle.loading).toBe(false);
    expect(handle.error).toBeNull();
  });

  it('folds a burst of events into one further run', async () => {
    const { query, answer } = controlledQuery<number>();
    const apply = vi.fn();
    track(live(query, ['requests'], { apply }));
    await flush();
    expect(query).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 200; i += 1) emitDataChanged(mockApi, { kind: 'requests', ids: [`r-${i}`] });
    expect(query).toHaveBeenCalledTimes(1);
    answer(0, ok(1));
    await flush();
    // The first run may have read the data before the burst: exactly one more.
    expect(query).toHaveBeenCalledTimes(2);
    answer(1, ok(2));
    await flush();
    expect(query).toHaveBeenCalledTimes(2);
    expect(apply.mock.calls.map(([a]) => a)).toEqual([ok(1), ok(2)]);
    // Idle again: the next event starts a run of its own.
    emitDataChanged(mockApi, { kind: 'requests', ids: [] });
    expect(query).toHaveBeenCalledTimes(3);
  });

  it('never applies an answer older than the newest run started', async () => {
    const { query, answer } = controlledQuery<string>();
    const apply = vi.fn();
    const handle = track(live(query, [], { apply }));
    const newer = handle.refresh();
    answer(1, ok('new'));
    await newer;
    answer(0, ok('old'));
    await flush();
    expect(handle.value).toBe('new');
    expect(apply).toHaveBeenCalledTimes(1);
    expect(apply).toHaveBeenCalledWith(ok('new'));
  });

  it('reacts only to the kinds it watches, and always to all', async () => {
    const query = vi.fn(async () => ok(null));
    const handle = track(live(query, ['drafts', 'outbox']));
    await handle.ready;
    for (const kind of ['savedFilters', 'referenceData', 'settings'] as const) emitDataChanged(mockApi, { kind });
    emitDataChanged(mockApi, { kind: 'requests', ids: ['r-1'] });
    await flush();
    expect(query).toHaveBeenCalledTimes(1);
    emitDataChanged(mockApi, { kind: 'outbox' });
    await flush();
    emitDataChanged(mockApi, { kind: 'drafts' });
    await flush();
    emitDataChanged(mockApi, { kind: 'all' });
    await flush();
    expect(query).toHaveBeenCalledTimes(4);
  });

  it('passes watched events through the filter, but never filters out all', async () => {
    const query = vi.fn(async () => ok(null));
    const filter = vi.fn((change: { kind: string; ids?: string[] }) => change.ids?.includes('r-7') ?? false);
    const handle = track(live(query, ['requests'], { filter }));
    await handle.ready;
    emitDataChanged(mockApi, { kind: 'requests', ids: ['r-1', 'r-2'] });
    await flush();
    expect(query).toHaveBeenCalledTimes(1);
    emitDataChanged(mockApi, { kind: 'requests', ids: ['r-1', 'r-7'] });
    await flush();
    expect(query).toHaveBeenCalledTimes(2);
    emitDataChanged(mockApi, { kind: 'all' });
    await flush();
    expect(query).toHaveBeenCalledTimes(3);
    expect(filter).toHaveBeenCalledTimes(2);
  });

  it('removes a listener that is only set up after stop()', async () => {
    const unlisten = vi.fn();
    let subscribed: (result: ApiResult<() => void>) => void = () => {};
    mockApi.onDataChanged.mockImplementationOnce(() => new Promise((resolve) => (subscribed = resolve)));
    const handle = live(async () => ok(1), ['outbox']);
    handle.stop();
    subscribed(ok(unlisten));
    await handle.ready;
    expect(unlisten).toHaveBeenCalledTimes(1);
  });

  it('stops listening and drops what is under way on stop()', async () => {
    const { query, answer } = controlledQuery<number>();
    const apply = vi.fn();
    const handle = live(query, ['outbox'], { apply });
    await flush();
    expect(dataListenerCount(mockApi)).toBe(1);
    handle.stop();
    expect(dataListenerCount(mockApi)).toBe(0);
    answer(0, ok(1));
    await flush();
    handle.invalidate();
    void handle.refresh();
    expect(query).toHaveBeenCalledTimes(1);
    expect(apply).not.toHaveBeenCalled();
    expect(handle.value).toBeUndefined();
  });

  it('keeps the last good value when a run fails, and clears the error on the next good one', async () => {
    const query = vi.fn<() => Promise<ApiResult<number>>>(async () => ok(1));
    const handle = track(live(query, ['outbox']));
    await handle.ready;
    query.mockResolvedValueOnce({ status: 'error', error: failure });
    await handle.refresh();
    expect(handle.value).toBe(1);
    expect(handle.error).toEqual(failure);
    query.mockRejectedValueOnce(new Error('ipc gone'));
    await handle.refresh();
    expect(handle.value).toBe(1);
    expect(handle.error).toMatchObject({ code: 'internal', detail: 'ipc gone' });
    // Still live after failures.
    emitDataChanged(mockApi, { kind: 'outbox' });
    await flush();
    expect(handle.value).toBe(1);
    expect(handle.error).toBeNull();
  });

  describe('refreshLater (search-as-you-type)', () => {
    it('debounces: only the last input of a burst is asked for', async () => {
      let text = '';
      const query = vi.fn(async () => ok(text));
      const handle = track(live(query, [], { debounceMs: 120 }));
      await handle.ready;
      for (const typed of ['l', 'li', 'lic']) {
        text = typed;
        handle.refreshLater();
        await vi.advanceTimersByTimeAsync(50);
      }
      expect(query).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(69);
      expect(query).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(query).toHaveBeenCalledTimes(2);
      expect(handle.value).toBe('lic');
    });

    it('drops an answer in flight once newer input is scheduled, and everything after stop', async () => {
      const { query, answer } = controlledQuery<string>();
      const apply = vi.fn();
      const handle = live(query, ['requests'], { apply, debounceMs: 100 });
      handle.refreshLater();
      answer(0, ok('a'));
      await flush();
      expect(apply).not.toHaveBeenCalled();
      // An event while the run is scheduled: the scheduled run covers it.
      emitDataChanged(mockApi, { kind: 'requests', ids: ['r-1'] });
      expect(query).toHaveBeenCalledTimes(1);
      handle.stop();
      await vi.advanceTimersByTimeAsync(200);
      expect(query).toHaveBeenCalledTimes(1);
      expect(apply).not.toHaveBeenCalled();
    });
  });
});
