import { describe, expect, it, vi } from 'vitest';
import { buildAction, commentRequired, visibleActions } from './actions';
import { formatSize, summariseChecks } from './attachments';
import { csvFileName, exportRequests } from './csv-export';
import { ariaSort, clearFilters, dateValue, defaultQuery, isFiltered, searchValue, toggleSort } from './query';
import { pageSize, scrollToReveal, visibleWindow } from './virtual-window';

describe('virtual window', () => {
  const base = { rowHeight: 40, viewportHeight: 400, overscan: 5, total: 10_000 };

  it('renders the visible rows plus overscan at the top', () => {
    expect(visibleWindow({ ...base, scrollTop: 0 })).toEqual({ start: 0, end: 16, offsetTop: 0, totalHeight: 400_000 });
  });

  it('keeps the slice small deep in a 10,000-row list', () => {
    const win = visibleWindow({ ...base, scrollTop: 200_000 });
    expect(win.start).toBe(4995);
    expect(win.end).toBe(5016);
    expect(win.offsetTop).toBe(4995 * 40);
    expect(win.end - win.start).toBeLessThan(30);
  });

  it('clamps at the end and after the list shrank below the old scroll position', () => {
    const atEnd = visibleWindow({ ...base, scrollTop: 10_000_000 });
    expect(atEnd.end).toBe(10_000);
    const shrunk = visibleWindow({ ...base, total: 3, scrollTop: 200_000 });
    expect(shrunk).toEqual({ start: 0, end: 3, offsetTop: 0, totalHeight: 120 });
    expect(visibleWindow({ ...base, total: 0, scrollTop: 0 })).toEqual({ start: 0, end: 0, offsetTop: 0, totalHeight: 0 });
  });

  it('scrolls just enough to reveal a row', () => {
    expect(scrollToReveal(5, 0, 400, 40)).toBe(0); // visible already
    expect(scrollToReveal(10, 0, 400, 40)).toBe(40); // just below: bottom aligned
    expect(scrollToReveal(2, 200, 400, 40)).toBe(80); // above: top aligned
    expect(pageSize(400, 40)).toBe(9);
    expect(pageSize(10, 40)).toBe(1);
  });
});

describe('query', () => {
  it('flips the direction of the sorted column and starts others in their natural order', () => {
    const start = defaultQuery();
    expect(start.sort).toBe('updatedAt');
    expect(ariaSort(start, 'updatedAt')).toBe('descending');
    const flipped = toggleSort(start, 'updatedAt');
    expect(ariaSort(flipped, 'updatedAt')).toBe('ascending');
    const byReference = toggleSort(flipped, 'reference');
    expect(byReference).toMatchObject({ sort: 'reference', descending: false });
    expect(ariaSort(byReference, 'updatedAt')).toBe('none');
    expect(toggleSort(byReference, 'createdAt')).toMatchObject({ sort: 'createdAt', descending: true });
    expect(toggleSort(byReference, 'slaDue')).toMatchObject({ sort: 'slaDue', descending: false });
  });

  it('knows when the list is narrowed, and clears filters but keeps the sort', () => {
    expect(isFiltered(defaultQuery())).toBe(false);
    expect(isFiltered({ ...defaultQuery(), search: '  ' })).toBe(false);
    expect(isFiltered({ ...defaultQuery(), statuses: ['resolved'] })).toBe(true);
    expect(isFiltered({ ...defaultQuery(), createdTo: '2026-11-23' })).toBe(true);
    const cleared = clearFilters({ ...defaultQuery(), slaStates: ['breached'], sort: 'reference', descending: false });
    expect(isFiltered(cleared)).toBe(false);
    expect(cleared).toMatchObject({ sort: 'reference', descending: false });
    expect(searchValue('  lic ')).toBe('lic');
    expect(searchValue('   ')).toBeNull();
    expect(dateValue('2026-11-23')).toBe('2026-11-23');
    expect(dateValue('')).toBeNull();
  });
});

describe('CSV export', () => {
  it('names the file after the Riga date', () => {
    expect(csvFileName('2026-11-23T12:00:00Z')).toBe('pieteikumi-2026-11-23.csv');
    // 22:30 UTC on the 23rd is already the 24th in Riga (UTC+2).
    expect(csvFileName('2026-11-23T22:30:00Z')).toBe('pieteikumi-2026-11-24.csv');
  });

  it('asks for a path, writes the given query there and reports the rows', async () => {
    const api = {
      pickCsvSavePath: vi.fn(async () => ({ status: 'ok' as const, data: '/home/anna/pieteikumi.csv' as string | null })),
      exportRequestsCsv: vi.fn(async (_query: unknown, path: string) => ({ status: 'ok' as const, data: { rows: 42, path } })),
    };
    const query = { ...defaultQuery(), statuses: ['resolved' as const] };
    const outcome = await exportRequests(api, query, 'Saglabāt', '2026-11-23T12:00:00Z');
    expect(api.pickCsvSavePath).toHaveBeenCalledWith('Saglabāt', 'pieteikumi-2026-11-23.csv');
    expect(api.exportRequestsCsv).toHaveBeenCalledWith(query, '/home/anna/pieteikumi.csv');
    expect(outcome).toEqual({ kind: 'exported', rows: 42, path: '/home/anna/pieteikumi.csv' });
  });

  it('writes nothing when the dialog is cancelled, and passes errors on', async () => {
    const api = {
      pickCsvSavePath: vi.fn(async () => ({ status: 'ok' as const, data: null as string | null })),
      exportRequestsCsv: vi.fn(),
    };
    expect(await exportRequests(api, defaultQuery(), 'x')).toEqual({ kind: 'cancelled' });
    expect(api.exportRequestsCsv).not.toHaveBeenCalled();

    const error = { code: 'database' as const, field: null, detail: 'disk full' };
    api.pickCsvSavePath.mockResolvedValueOnce({ status: 'ok', data: '/tmp/a.csv' });
    api.exportRequestsCsv.mockResolvedValueOnce({ status: 'error', error });
    expect(await exportRequests(api, defaultQuery(), 'x')).toEqual({ kind: 'failed', error });
  });
});

describe('actions', () => {
  it('shows only the allowed actions, in a fixed order', () => {
    expect(visibleActions(['cancel', 'comment', 'rate'])).toEqual(['comment', 'rate', 'cancel']);
    expect(visibleActions([])).toEqual([]);
  });

  it('requires text where VRAA needs it and trims it', () => {
    expect(commentRequired('provideInformation')).toBe(true);
    expect(commentRequired('cancel')).toBe(false);
    expect(buildAction('comment', '   ')).toEqual({ ok: false, problem: 'request.commentRequired' });
    expect(buildAction('reopen', '')).toEqual({ ok: false, problem: 'request.commentRequired' });
    expect(buildAction('comment', ' Paldies ')).toEqual({ ok: true, action: { kind: 'comment', body: 'Paldies' } });
    expect(buildAction('provideInformation', 'Lietotājs: anna')).toEqual({
      ok: true,
      action: { kind: 'provideInformation', comment: 'Lietotājs: anna' },
    });
    expect(buildAction('cancel', ' ')).toEqual({ ok: true, action: { kind: 'cancel', comment: null } });
    expect(buildAction('confirmResolution', 'Strādā')).toEqual({
      ok: true,
      action: { kind: 'confirmResolution', comment: 'Strādā' },
    });
  });

  it('accepts a rating only from 1 to 5', () => {
    expect(buildAction('rate', '', null)).toEqual({ ok: false, problem: 'request.ratingRequired' });
    expect(buildAction('rate', '', 6)).toEqual({ ok: false, problem: 'request.ratingRequired' });
    expect(buildAction('rate', '', 0)).toEqual({ ok: false, problem: 'request.ratingRequired' });
    expect(buildAction('rate', ' Ātri ', 5)).toEqual({ ok: true, action: { kind: 'rate', score: 5, comment: 'Ātri' } });
  });
});

describe('attachment checks', () => {
  it('counts the queued files and gives each refused one its reason in the language', () => {
    const checks = [
      { path: '/a/ok.pdf', fileName: 'ok.pdf', size: 1000, contentType: 'application/pdf', problem: null },
      {
        path: '/a/big.iso',
        fileName: 'big.iso',
        size: 9e9,
        contentType: null,
        problem: { field: 'attachments', lv: 'Fails ir par lielu', en: 'The file is too large' },
      },
    ];
    expect(summariseChecks(checks, 'en')).toEqual({
      queued: 1,
      problems: [{ fileName: 'big.iso', text: 'The file is too large' }],
    });
    expect(summariseChecks(checks, 'lv').problems[0]?.text).toBe('Fails ir par lielu');
  });

  it('writes sizes with the language’s decimal mark', () => {
    expect(formatSize(512, 'lv')).toBe('512 B');
    expect(formatSize(1536, 'lv')).toBe('1,5 KB');
    expect(formatSize(1536, 'en')).toBe('1.5 KB');
    expect(formatSize(150 * 1024, 'en')).toBe('150 KB');
  });
});

describe('date cache', () => {
  it('formats like dates.ts, in Riga time, and answers repeats from the cache', async () => {
    const { cachedDateShort, cachedDateTime } = await import('./date-cache');
    expect(cachedDateShort('2026-11-23T22:30:00Z')).toBe('24.11.2026.');
    expect(cachedDateTime('2026-11-23T15:02:00Z')).toBe('23.11.2026. 17:02');
    expect(cachedDateTime('2026-11-23T15:02:00Z')).toBe('23.11.2026. 17:02');
    // Summer time: UTC+3.
    expect(cachedDateTime('2026-07-01T09:00:00Z')).toBe('01.07.2026. 12:00');
  });
});
