import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DraftInput, DraftView } from '$lib/bindings';
import { DraftAutosave, LatestDebounced } from './autosave';

const input = (subject: string): DraftInput => ({
  id: null,
  requestTypeId: 'email.licence_assign',
  subject,
  description: '',
  fields: {},
  attachments: [],
});

const view = (id: string, from: DraftInput): DraftView => ({
  ...from,
  id,
  typeName: { lv: 'Piešķirt licenci', en: 'Assign a licence' },
  serviceId: 'email',
  createdAt: '2026-11-23T14:40:00Z',
  updatedAt: '2026-11-23T14:42:00Z',
});

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('draft autosave', () => {
  it('saves once, 300 ms after the last change, with the latest content', async () => {
    const save = vi.fn(async (i: DraftInput) => ({ status: 'ok' as const, data: view('d-1', i) }));
    const autosave = new DraftAutosave({ save });
    autosave.schedule(input('L'));
    await vi.advanceTimersByTimeAsync(200);
    autosave.schedule(input('Li'));
    await vi.advanceTimersByTimeAsync(200);
    autosave.schedule(input('Lic'));
    await vi.advanceTimersByTimeAsync(299);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith(expect.objectContaining({ id: null, subject: 'Lic' }));
  });

  it('keeps the id of the first save for every later save', async () => {
    const save = vi.fn(async (i: DraftInput) => ({ status: 'ok' as const, data: view(i.id ?? 'd-new', i) }));
    const onSaved = vi.fn();
    const autosave = new DraftAutosave({ save, onSaved });
    autosave.schedule(input('a'));
    await vi.advanceTimersByTimeAsync(300);
    autosave.schedule(input('ab'));
    await vi.advanceTimersByTimeAsync(300);
    expect(save.mock.calls.map(([i]) => i.id)).toEqual([null, 'd-new']);
    expect(autosave.id).toBe('d-new');
    expect(onSaved).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'd-new', subject: 'ab' }));
  });

  it('waits for a slow first save before the next one, so only one draft is created', async () => {
    const first: { finish?: () => void } = {};
    const save = vi.fn((i: DraftInput) => {
      if (i.id === null) {
        return new Promise<{ status: 'ok'; data: DraftView }>((resolve) => {
          first.finish = () => resolve({ status: 'ok', data: view('d-slow', i) });
        });
      }
      return Promise.resolve({ status: 'ok' as const, data: view(i.id, i) });
    });
    const autosave = new DraftAutosave({ save });
    autosave.schedule(input('first'));
    await vi.advanceTimersByTimeAsync(300);
    autosave.schedule(input('second'));
    await vi.advanceTimersByTimeAsync(300);
    expect(save).toHaveBeenCalledTimes(1);
    first.finish?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(save).toHaveBeenCalledTimes(2);
    expect(save.mock.calls[1]?.[0]).toMatchObject({ id: 'd-slow', subject: 'second' });
  });

  it('flush saves at once; a resumed id is used from the start; stop drops what waits', async () => {
    const save = vi.fn(async (i: DraftInput) => ({ status: 'ok' as const, data: view(i.id ?? 'x', i) }));
    const autosave = new DraftAutosave({ save }, 'resumed-9');
    autosave.schedule(input('now'));
    await autosave.flush();
    expect(save).toHaveBeenCalledWith(expect.objectContaining({ id: 'resumed-9', subject: 'now' }));
    autosave.schedule(input('later'));
    autosave.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('reports a failed save and keeps no id', async () => {
    const onError = vi.fn();
    const autosave = new DraftAutosave({
      save: async () => ({ status: 'error', error: { code: 'database', field: null, detail: 'disk full', message: null } }),
      onError,
    });
    autosave.schedule(input('x'));
    await vi.advanceTimersByTimeAsync(300);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'database' }));
    expect(autosave.id).toBeNull();
  });
});

describe('latest-only debounced task', () => {
  it('applies only the answer of the newest call', async () => {
    const resolvers: ((v: string) => void)[] = [];
    const apply = vi.fn();
    const runner = new LatestDebounced<string, string>(
      (arg) => new Promise((resolve) => resolvers.push(() => resolve(arg))),
      apply,
    );
    const first = runner.now('old');
    const second = runner.now('new');
    resolvers[1]?.('new');
    await second;
    resolvers[0]?.('old');
    await first;
    expect(apply).toHaveBeenCalledTimes(1);
    expect(apply).toHaveBeenCalledWith('new');
  });
});
