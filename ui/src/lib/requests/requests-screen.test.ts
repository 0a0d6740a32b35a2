import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '$lib/api';
import type { RequestPage, RequestQuery } from '$lib/bindings';
import { appState } from '$lib/app-state.svelte';
import { applyLanguage } from '$lib/i18n/i18n.svelte';
import Requests from './Requests.svelte';
import { row, rows } from './fixtures';
import { dataListenerCount, emitDataChanged, type MockApi } from '$lib/testing/mock-api';
import { requestList } from './list.svelte';

vi.mock('$lib/api', async () => {
  const { createMockApi } = await import('$lib/testing/mock-api');
  const { sampleCatalogue } = await import('./fixtures');
  const mock = createMockApi();
  // This folder's fixtures rather than the shared mock's empty answers.
  mock.getCatalogue.mockImplementation(async () => ({ status: 'ok', data: structuredClone(sampleCatalogue) }));
  mock.saveFilter.mockImplementation(async (name, query) => ({ status: 'ok', data: { id: `f-${name}`, name, query } }));
  return { api: mock };
});

const mockApi = api as unknown as MockApi;
const ok = <T>(data: T) => ({ status: 'ok' as const, data });
const page = (list: ReturnType<typeof rows>, unfilteredTotal = list.length): { status: 'ok'; data: RequestPage } =>
  ok({ rows: list, total: list.length, unfilteredTotal });

async function renderScreen(initial = rows(3)): Promise<void> {
  mockApi.listRequests.mockResolvedValue(page(initial));
  render(Requests);
  await vi.waitFor(() => expect(screen.getByTestId('request-count')).not.toHaveTextContent('Loading'));
}

beforeEach(() => {
  vi.clearAllMocks();
  requestList.reset();
  applyLanguage('en');
  appState.notices = [];
  window.location.hash = '#/requests';
});

afterEach(() => {
  requestList.stop();
  vi.useRealTimers();
});

describe('Requests screen', () => {
  it('lists the rows with reference, subject, type name, status, SLA and date', async () => {
    await renderScreen([
      row(1, { unread: true, sla: 'atRisk' }),
      row(2, { reference: null, pending: 1, requestTypeId: 'dvs-incident', status: 'waiting_for_customer', sla: null }),
    ]);
    const [first, second] = screen.getAllByTestId('request-row');
    expect(first).toHaveAttribute('data-unread', 'true');
    expect(first).toHaveTextContent('Unread');
    expect(first).toHaveTextContent('VRAA-00001');
    expect(first).toHaveTextContent('Licence assignment');
    expect(first).toHaveTextContent('At risk');
    // 14:30 UTC = 16:30 Riga.
    expect(first).toHaveTextContent('due 24.11.2026. 16:30');
    expect(first).toHaveTextContent('23.11.2026.');
    expect(second).toHaveAttribute('data-pending', 'true');
    expect(second).toHaveTextContent('sending');
    expect(second).toHaveTextContent('waiting to be sent');
    expect(second).toHaveTextContent('DVS incident');
    expect(second).toHaveTextContent('Waiting for your information');
    expect(second).toHaveTextContent('No SLA');
    expect(screen.getByTestId('request-count')).toHaveTextContent('2 of 2');
    expect(screen.getByRole('grid')).toHaveAttribute('aria-rowcount', '3');

    applyLanguage('lv');
    await vi.waitFor(() => expect(screen.getAllByTestId('request-row')[1]).toHaveTextContent('nosūtīšanā'));
    expect(screen.getAllByTestId('request-row')[1]).toHaveTextContent('DVS incidents');
    expect(screen.getByTestId('request-count')).toHaveTextContent('2 no 2');
  });

  it('renders only a window of a 10,000-row list', async () => {
    await renderScreen(rows(10_000));
    const rendered = screen.getAllByTestId('request-row');
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(40);
    expect(rendered[0]).toHaveAttribute('aria-rowindex', '2');
    expect(screen.getByRole('grid')).toHaveAttribute('aria-rowcount', '10001');
  });

  it('moves the window while scrolling and keeps the place across reloads and a visit to a detail', async () => {
    await renderScreen(rows(10_000));
    const grid = screen.getByRole('grid');
    grid.scrollTop = 52 * 5000;
    grid.dispatchEvent(new Event('scroll'));
    await vi.waitFor(() => expect(screen.getAllByTestId('request-row')[0]).toHaveAttribute('data-id', 'r-4993'));
    expect(screen.getAllByTestId('request-row')[0]).toHaveAttribute('aria-rowindex', '4994');
    expect(screen.getAllByTestId('request-row').length).toBeLessThan(40);

    // A sync brings changes: same place.
    await vi.waitFor(() => expect(dataListenerCount(api)).toBe(1));
    emitDataChanged(api, { kind: 'requests', ids: ['r-5001'] });
    await vi.waitFor(() => expect(mockApi.listRequests).toHaveBeenCalledTimes(2));
    expect(screen.getAllByTestId('request-row')[0]).toHaveAttribute('data-id', 'r-4993');

    // Opening a request and coming back: same place, the opened row active.
    await userEvent.setup().click(screen.getAllByTestId('request-row')[10] as HTMLElement);
    expect(window.location.hash).toBe('#/requests/r-5003');
    cleanup();
    render(Requests);
    await vi.waitFor(() => expect(screen.getAllByTestId('request-row')[0]).toHaveAttribute('data-id', 'r-4993'));
    expect(screen.getByRole('grid').scrollTop).toBe(52 * 5000);
    expect(screen.getByRole('grid')).toHaveAttribute('aria-activedescendant', 'request-row-r-5003');
  });

  it('opens with a query set elsewhere (an Overview link), from the top', async () => {
    await renderScreen(rows(10_000));
    const grid = screen.getByRole('grid');
    grid.scrollTop = 52 * 3000;
    grid.dispatchEvent(new Event('scroll'));
    await vi.waitFor(() => expect(screen.getAllByTestId('request-row')[0]).toHaveAttribute('data-id', 'r-2993'));
    cleanup();

    requestList.query = { ...requestList.query, statuses: ['waiting_for_customer'] };
    mockApi.listRequests.mockResolvedValue(page([row(5, { status: 'waiting_for_customer' })]));
    render(Requests);
    await vi.waitFor(() => expect(screen.getAllByTestId('request-row')).toHaveLength(1));
    expect(mockApi.listRequests.mock.lastCall?.[0]).toMatchObject({ statuses: ['waiting_for_customer'] });
    expect(screen.getByRole('grid').scrollTop).toBe(0);
    expect(within(screen.getByTestId('filter-status')).getByLabelText('Waiting for your information')).toBeChecked();
  });

  it('searches as you type, debounced, and shows only the newest answer', async () => {
    await renderScreen(rows(3));
    const answers: ((value: { status: 'ok'; data: RequestPage }) => void)[] = [];
    mockApi.listRequests.mockImplementation(() => new Promise((resolve) => answers.push(resolve)));
    const search = screen.getByTestId('request-search');
    expect(search).toHaveAttribute('data-search-input');

    // Three keystrokes in a burst (synchronous, so well inside the debounce interval).
    for (const text of ['l', 'li', 'lic']) await fireEvent.input(search, { target: { value: text } });
    await vi.waitFor(() => expect(mockApi.listRequests).toHaveBeenCalledTimes(2));
    expect(mockApi.listRequests.mock.lastCall?.[0]).toMatchObject({ search: 'lic' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(mockApi.listRequests).toHaveBeenCalledTimes(2);

    await fireEvent.input(search, { target: { value: 'lice' } });
    await vi.waitFor(() => expect(mockApi.listRequests).toHaveBeenCalledTimes(3));
    // The newer search answers first; the older, slower answer must not replace it.
    answers[1]?.(page([row(7, { subject: 'Licence Annai' })], 3));
    await vi.waitFor(() => expect(screen.getAllByTestId('request-row')).toHaveLength(1));
    answers[0]?.(page([row(8, { subject: 'stale' }), row(9)], 3));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(screen.getAllByTestId('request-row')).toHaveLength(1);
    expect(screen.getByTestId('request-row')).toHaveTextContent('Licence Annai');
    expect(screen.getByTestId('request-count')).toHaveTextContent('1 of 3');
  });

  it('sorts by a column header and says so with aria-sort', async () => {
    await renderScreen();
    const user = userEvent.setup();
    const header = screen.getByTestId('sort-reference');
    expect(header).toHaveAttribute('aria-sort', 'none');
    expect(screen.getByTestId('sort-updatedAt')).toHaveAttribute('aria-sort', 'descending');

    await user.click(within(header).getByRole('button'));
    await vi.waitFor(() => expect(header).toHaveAttribute('aria-sort', 'ascending'));
    expect(mockApi.listRequests.mock.lastCall?.[0]).toMatchObject({ sort: 'reference', descending: false });

    await user.click(within(header).getByRole('button'));
    await vi.waitFor(() => expect(header).toHaveAttribute('aria-sort', 'descending'));
    expect(mockApi.listRequests.mock.lastCall?.[0]).toMatchObject({ sort: 'reference', descending: true });
    expect(screen.getByTestId('sort-updatedAt')).toHaveAttribute('aria-sort', 'none');
  });

  it('filters by service, narrowing the types, status, SLA and period', async () => {
    await renderScreen();
    const user = userEvent.setup();
    const types = screen.getByTestId('filter-type');
    expect(within(types).getAllByRole('option')).toHaveLength(3);

    await user.selectOptions(screen.getByTestId('filter-service'), 'dvs');
    await vi.waitFor(() => expect(within(types).getAllByRole('option')).toHaveLength(2));
    expect(within(types).getByRole('option', { name: 'DVS incident' })).toBeInTheDocument();
    await user.selectOptions(types, 'dvs-incident');
    const statusMenu = screen.getByTestId('filter-status').closest('details') as HTMLDetailsElement;
    await user.click(screen.getByTestId('filter-status-toggle'));
    expect(statusMenu.open).toBe(true);
    await user.click(within(screen.getByTestId('filter-status')).getByLabelText('Resolved'));
    await user.click(within(screen.getByTestId('filter-status')).getByLabelText('Submitted'));
    await user.keyboard('{Escape}');
    expect(statusMenu.open).toBe(false);
    await user.click(screen.getByTestId('filter-status-toggle'));
    await user.click(screen.getByTestId('request-count'));
    expect(statusMenu.open).toBe(false);
    await user.selectOptions(screen.getByTestId('filter-sla'), 'breached');
    // Dates are typed as Latvians write them; the query gets ISO dates.
    await user.type(screen.getByTestId('filter-from'), '01112026');
    expect(screen.getByTestId('filter-from')).toHaveValue('01.11.2026.');

    const last = mockApi.listRequests.mock.lastCall?.[0] as RequestQuery;
    expect(last).toMatchObject({
      serviceIds: ['dvs'],
      requestTypeIds: ['dvs-incident'],
      statuses: ['submitted', 'resolved'],
      slaStates: ['breached'],
      createdFrom: '2026-11-01',
      createdTo: null,
    });

    // Another service drops the type that belongs to DVS.
    await user.selectOptions(screen.getByTestId('filter-service'), 'm365');
    expect(mockApi.listRequests.mock.lastCall?.[0]).toMatchObject({ serviceIds: ['m365'], requestTypeIds: [] });
  });

  it('takes the period as dd.mm.yyyy. and passes ISO dates on, each bound by the other', async () => {
    await renderScreen();
    const user = userEvent.setup();
    const from = screen.getByTestId('filter-from');
    const to = screen.getByTestId('filter-to');
    const lastQuery = () => mockApi.listRequests.mock.lastCall?.[0] as RequestQuery;

    await user.type(from, '10.11.2026');
    expect(lastQuery()).toMatchObject({ createdFrom: '2026-11-10', createdTo: null });
    const calls = mockApi.listRequests.mock.calls.length;
    // Before the 10th is no period; nothing is sent while the field says so.
    await user.type(to, '01112026');
    expect(screen.getByTestId('filter-to-error')).toHaveTextContent('The date cannot be earlier than 10.11.2026.');
    expect(mockApi.listRequests.mock.calls.length).toBe(calls);
    await user.clear(to);
    await user.type(to, '30112026');
    expect(screen.queryByTestId('filter-to-error')).toBeNull();
    expect(lastQuery()).toMatchObject({ createdFrom: '2026-11-10', createdTo: '2026-11-30' });

    // The calendar sets the same ISO value: from the 10th to the 12th by keyboard.
    await user.click(screen.getByTestId('filter-from-calendar'));
    const popup = await screen.findByTestId('filter-from-popup');
    await vi.waitFor(() => expect(popup.querySelector('[data-date="2026-11-10"]')).toHaveFocus());
    await user.keyboard('{ArrowRight}{ArrowRight}{Enter}');
    expect(from).toHaveValue('12.11.2026.');
    expect(lastQuery()).toMatchObject({ createdFrom: '2026-11-12', createdTo: '2026-11-30' });

    // Clearing the filters empties both fields.
    await user.click(screen.getByTestId('filter-clear'));
    expect(lastQuery()).toMatchObject({ createdFrom: null, createdTo: null });
    expect(from).toHaveValue('');
    expect(to).toHaveValue('');
  });

  it('tells "nothing synced yet" from "no match"', async () => {
    await renderScreen([]);
    expect(screen.getByTestId('empty-state')).toHaveTextContent('There are no requests yet.');
    expect(screen.queryByTestId('no-matches')).toBeNull();

    mockApi.listRequests.mockResolvedValue(page([], 5));
    const user = userEvent.setup();
    await user.selectOptions(screen.getByTestId('filter-sla'), 'missed');
    await vi.waitFor(() => expect(screen.getByTestId('no-matches')).toHaveTextContent('No request matches'));
    expect(screen.queryByTestId('empty-state')).toBeNull();

    // A filtered query while there is nothing at all: still "nothing synced yet".
    mockApi.listRequests.mockResolvedValue(page([], 0));
    await user.selectOptions(screen.getByTestId('filter-sla'), 'met');
    await vi.waitFor(() => expect(screen.getByTestId('empty-state')).toBeInTheDocument());
    expect(screen.queryByTestId('no-matches')).toBeNull();
  });

  it('opens a row by click and by keyboard', async () => {
    await renderScreen(rows(5));
    const user = userEvent.setup();
    await user.click(screen.getAllByTestId('request-row')[2] as HTMLElement);
    expect(window.location.hash).toBe('#/requests/r-3');

    window.location.hash = '#/requests';
    const grid = screen.getByRole('grid');
    grid.focus();
    expect(grid).toHaveAttribute('aria-activedescendant', 'request-row-r-3');
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowUp}');
    expect(grid).toHaveAttribute('aria-activedescendant', 'request-row-r-4');
    expect(screen.getAllByTestId('request-row')[3]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{End}');
    expect(grid).toHaveAttribute('aria-activedescendant', 'request-row-r-5');
    await user.click(screen.getByTestId('request-search'));
    await user.keyboard('{ArrowDown}');
    expect(grid).toHaveFocus();
    expect(grid).toHaveAttribute('aria-activedescendant', 'request-row-r-5');
    await user.keyboard('{Enter}');
    expect(window.location.hash).toBe('#/requests/r-5');
  });

  it('reloads the same query when the store or the outbox changes', async () => {
    await renderScreen(rows(2));
    await vi.waitFor(() => expect(dataListenerCount(api)).toBe(1));
    mockApi.listRequests.mockResolvedValue(page(rows(3)));
    emitDataChanged(api, { kind: 'requests', ids: ['r-3'] });
    await vi.waitFor(() => expect(screen.getAllByTestId('request-row')).toHaveLength(3));
    emitDataChanged(api, { kind: 'outbox' });
    await vi.waitFor(() => expect(mockApi.listRequests).toHaveBeenCalledTimes(3));
    // Drafts and saved filters are not in the list.
    emitDataChanged(api, { kind: 'drafts' });
    emitDataChanged(api, { kind: 'savedFilters' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(mockApi.listRequests).toHaveBeenCalledTimes(3);
  });

  it('exports the shown list to the chosen file and reports the row count', async () => {
    await renderScreen(rows(4));
    mockApi.pickCsvSavePath.mockResolvedValueOnce(ok<string | null>('/home/anna/pieteikumi.csv'));
    mockApi.exportRequestsCsv.mockResolvedValueOnce(ok({ rows: 4, path: '/home/anna/pieteikumi.csv' }));
    const user = userEvent.setup();
    await user.click(screen.getByTestId('export-csv'));
    await vi.waitFor(() => expect(appState.notices).toHaveLength(1));
    expect(mockApi.pickCsvSavePath.mock.lastCall?.[1]).toMatch(/^pieteikumi-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(mockApi.exportRequestsCsv.mock.lastCall?.[1]).toBe('/home/anna/pieteikumi.csv');
    expect(appState.notices[0]).toMatchObject({ key: 'requests.exported', params: { rows: 4 } });
  });

  it('shows a failed export next to the button with the backend’s own message', async () => {
    await renderScreen(rows(1));
    mockApi.pickCsvSavePath.mockResolvedValueOnce(ok<string | null>('/ro/x.csv'));
    mockApi.exportRequestsCsv.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'internal', field: null, detail: null, message: { lv: 'Nav tiesību rakstīt', en: 'No permission to write' } },
    });
    const user = userEvent.setup();
    await user.click(screen.getByTestId('export-csv'));
    expect(await screen.findByTestId('export-error')).toHaveTextContent('The export failed: No permission to write');
  });

  it('saves, applies and deletes a saved filter', async () => {
    mockApi.listSavedFilters.mockResolvedValueOnce(
      ok([{ id: 'f-1', name: 'Nokavētie', query: { ...requestList.query, slaStates: ['breached'] } }]),
    );
    await renderScreen();
    const user = userEvent.setup();
    const select = screen.getByTestId('saved-filter-select');
    await vi.waitFor(() => expect(within(select).getAllByRole('option')).toHaveLength(2));

    await user.selectOptions(select, 'f-1');
    await vi.waitFor(() => expect(mockApi.listRequests.mock.lastCall?.[0]).toMatchObject({ slaStates: ['breached'] }));
    expect(screen.getByTestId('filter-sla')).toHaveValue('breached');

    await user.click(screen.getByTestId('saved-filter-save'));
    expect(screen.getByTestId('saved-filter-message')).toHaveTextContent('Enter a name for the filter.');
    expect(mockApi.saveFilter).not.toHaveBeenCalled();

    await user.type(screen.getByTestId('saved-filter-name'), 'Mani');
    await user.click(screen.getByTestId('saved-filter-save'));
    await vi.waitFor(() => expect(screen.getByTestId('saved-filter-message')).toHaveTextContent('Filter “Mani” saved.'));
    expect(mockApi.saveFilter).toHaveBeenCalledWith('Mani', expect.objectContaining({ slaStates: ['breached'] }));
    expect(within(select).getAllByRole('option')).toHaveLength(3);

    await user.click(screen.getByTestId('saved-filter-delete'));
    await vi.waitFor(() => expect(mockApi.deleteSavedFilter).toHaveBeenCalledWith('f-Mani'));
    expect(within(select).getAllByRole('option')).toHaveLength(2);
  });
});
