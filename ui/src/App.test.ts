import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '$lib/api';
import type { DraftView } from '$lib/bindings';
import { appState } from '$lib/app-state.svelte';
import { defaultSettings } from '$lib/defaults';
import { applyLanguage } from '$lib/i18n/i18n.svelte';
import { connection } from '$lib/connection.svelte';
import { demoConnection, notConfigured, sampleOverview, serverConnection } from '$lib/testing/samples';
import { emitDataChanged, type MockApi } from '$lib/testing/mock-api';
import { requestList } from '$lib/requests/list.svelte';
import { defaultQuery } from '$lib/requests/query';
import { router } from '$lib/router.svelte';
import App from './App.svelte';

vi.mock('$lib/api', async () => {
  const { createMockApi } = await import('$lib/testing/mock-api');
  const { sampleOverview, sampleReport, serverConnection } = await import('$lib/testing/samples');
  const mock = createMockApi();
  // This screen's figures: the home samples rather than the shared mock's empty answers.
  mock.getOverview.mockImplementation(async () => ({ status: 'ok', data: structuredClone(sampleOverview) }));
  mock.getContractReport.mockImplementation(async () => ({ status: 'ok', data: structuredClone(sampleReport) }));
  mock.getConnection.mockImplementation(async () => ({ status: 'ok', data: structuredClone(serverConnection) }));
  return { api: mock };
});

const mockApi = api as unknown as MockApi;

/** A draft as the list shows it; only the count matters to the badge. */
const draft = (id: string): DraftView => ({
  id,
  requestTypeId: 'email.licence_assign',
  typeName: { lv: 'Licence', en: 'Licence' },
  serviceId: 'email',
  subject: '',
  description: '',
  fields: {},
  attachments: [],
  createdAt: '2026-11-23T15:00:00Z',
  updatedAt: '2026-11-23T15:00:00Z',
});

beforeEach(() => {
  vi.clearAllMocks();
  mockApi.isDesktop.mockReturnValue(true);
  appState.settings = structuredClone(defaultSettings);
  appState.notices = [];
  applyLanguage('lv');
  delete document.body.dataset.ready;
  window.location.hash = '';
  router.sync();
  requestList.query = defaultQuery();
  connection.stop();
  connection.view = null;
});

describe('start-up', () => {
  it('applies the stored language, renders the frame and reports ready once', async () => {
    mockApi.getSettings.mockResolvedValueOnce({
      status: 'ok',
      data: { ...structuredClone(defaultSettings), language: 'en', theme: 'dark' },
    });
    render(App);

    expect(await screen.findByTestId('page-title')).toHaveTextContent('Overview');
    expect(document.documentElement.lang).toBe('en');
    expect(document.documentElement.dataset.theme).toBe('dark');
    await vi.waitFor(() => expect(document.body.dataset.ready).toBe('true'));
    expect(mockApi.uiReady).toHaveBeenCalledOnce();
    expect(mockApi.getStartupState.mock.invocationCallOrder[0]).toBeLessThan(
      mockApi.getSettings.mock.invocationCallOrder[0] ?? 0,
    );
  });

  it('still renders, with a notice, when settings cannot be loaded', async () => {
    mockApi.getSettings.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'database', field: null, detail: 'database is locked' },
    });
    render(App);
    expect(await screen.findByTestId('page-title')).toHaveTextContent('Pārskats');
    expect(screen.getByTestId('notice')).toHaveTextContent('Iestatījumus neizdevās ielādēt');
    expect(screen.getByTestId('notice')).toHaveTextContent('database is locked');

    await userEvent.setup().click(screen.getByRole('button', { name: 'Aizvērt paziņojumu' }));
    expect(screen.queryByTestId('notice')).toBeNull();
  });
});

describe('first start', () => {
  it('asks how to connect when nothing is configured, then shows the app after connecting', async () => {
    mockApi.getConnection.mockResolvedValueOnce({ status: 'ok', data: structuredClone(notConfigured) });
    const user = userEvent.setup();
    render(App);
    expect(await screen.findByTestId('first-start')).toBeVisible();
    expect(screen.queryByTestId('page-title')).toBeNull();
    await vi.waitFor(() => expect(document.body.dataset.ready).toBe('true'));

    await user.type(screen.getByTestId('connect-url'), 'https://pieteikumi.vraa.gov.lv');
    await user.type(screen.getByTestId('connect-token'), 'token-1');
    await user.click(screen.getByTestId('connect-submit'));

    expect(await screen.findByTestId('page-title')).toHaveTextContent('Pārskats');
    expect(screen.queryByTestId('first-start')).toBeNull();
    expect(screen.queryByTestId('demo-banner')).toBeNull();
  });

  it('follows the connection event (e.g. the demo started elsewhere)', async () => {
    let emit: ((view: typeof serverConnection) => void) | undefined;
    mockApi.getConnection.mockResolvedValueOnce({ status: 'ok', data: structuredClone(notConfigured) });
    mockApi.onConnectionChanged.mockImplementationOnce(async (callback) => {
      emit = callback;
      return { status: 'ok', data: () => {} };
    });
    render(App);
    await screen.findByTestId('first-start');
    emit?.(structuredClone(demoConnection));
    expect(await screen.findByTestId('demo-banner')).toBeVisible();
    expect(screen.queryByTestId('first-start')).toBeNull();
  });

  it('shows the app with a notice when the connection cannot be read', async () => {
    mockApi.getConnection.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'database', field: null, detail: 'locked' },
    });
    render(App);
    expect(await screen.findByTestId('page-title')).toHaveTextContent('Pārskats');
    expect(screen.getByTestId('notice')).toHaveTextContent('Savienojuma iestatījumus neizdevās nolasīt');
  });
});

describe('demo banner', () => {
  it('says it is the demo and leaves it with one click, back to first start', async () => {
    mockApi.getConnection.mockResolvedValueOnce({ status: 'ok', data: structuredClone(demoConnection) });
    const user = userEvent.setup();
    render(App);
    const banner = await screen.findByTestId('demo-banner');
    expect(banner).toHaveAttribute('role', 'status');
    expect(banner).toHaveTextContent('Visi pieteikumi un dati šeit ir izdomāti');
    expect(screen.getByTestId('leave-demo')).toHaveTextContent('Iziet no demo');

    await user.click(screen.getByTestId('leave-demo'));
    expect(mockApi.leaveDemo).toHaveBeenCalledOnce();
    expect(await screen.findByTestId('first-start')).toBeVisible();
  });

  it('returns to the normal frame when a real server is configured', async () => {
    mockApi.getConnection.mockResolvedValueOnce({ status: 'ok', data: structuredClone(demoConnection) });
    mockApi.leaveDemo.mockResolvedValueOnce({ status: 'ok', data: structuredClone(serverConnection) });
    const user = userEvent.setup();
    render(App);
    await user.click(await screen.findByTestId('leave-demo'));
    await vi.waitFor(() => expect(screen.queryByTestId('demo-banner')).toBeNull());
    expect(screen.getByTestId('page-title')).toBeVisible();
    expect(screen.queryByTestId('first-start')).toBeNull();
  });

  it('stays in the demo and says why when leaving fails', async () => {
    mockApi.getConnection.mockResolvedValueOnce({ status: 'ok', data: structuredClone(demoConnection) });
    mockApi.leaveDemo.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'database', field: null, detail: 'busy' },
    });
    render(App);
    await userEvent.setup().click(await screen.findByTestId('leave-demo'));
    expect(await screen.findByTestId('leave-demo-error')).toHaveTextContent('Neizdevās iziet no demo.');
    expect(screen.getByTestId('demo-banner')).toBeVisible();
  });
});

describe('navigation badges', () => {
  it('count unread requests, outbox actions and drafts, and follow change events', async () => {
    mockApi.listDrafts.mockResolvedValueOnce({ status: 'ok', data: [draft('d-1'), draft('d-2')] });
    render(App);
    expect(await screen.findByTestId('nav-badge-requests')).toHaveTextContent('3');
    expect(screen.getByTestId('nav-badge-outbox')).toHaveTextContent('3');
    expect(await screen.findByTestId('nav-badge-drafts')).toHaveTextContent('2');
    expect(screen.getByTestId('nav-requests')).toHaveAccessibleName('Pieteikumi (nelasīti: 3)');

    mockApi.getOverview.mockResolvedValueOnce({
      status: 'ok',
      data: { ...structuredClone(sampleOverview), outbox: { pending: 0, parked: 0 } },
    });
    emitDataChanged(mockApi, { kind: 'outbox' });
    await vi.waitFor(() => expect(screen.queryByTestId('nav-badge-outbox')).toBeNull());
    mockApi.listDrafts.mockResolvedValueOnce({ status: 'ok', data: [draft('d-1')] });
    emitDataChanged(mockApi, { kind: 'drafts' });
    await vi.waitFor(() => expect(screen.queryByTestId('nav-badge-drafts')).toHaveTextContent('1'));
  });
});

describe('keyboard', () => {
  it('opens a new request with Ctrl+N and Cmd+N', async () => {
    const user = userEvent.setup();
    render(App);
    await screen.findByTestId('page-title');
    await user.keyboard('{Control>}n{/Control}');
    await vi.waitFor(() => expect(screen.getByTestId('page-title')).toHaveTextContent('Jauns pieteikums'));
    await user.keyboard('{Alt>}1{/Alt}');
    await vi.waitFor(() => expect(screen.getByTestId('page-title')).toHaveTextContent('Pārskats'));
    await user.keyboard('{Meta>}n{/Meta}');
    await vi.waitFor(() => expect(window.location.hash).toBe('#/new-request'));
  });
});

describe('search shortcut', () => {
  it('Ctrl+K and / go to Requests and focus its search box, / not while typing', async () => {
    const user = userEvent.setup();
    render(App);
    await screen.findByTestId('page-title');
    await user.keyboard('{Control>}k{/Control}');
    await vi.waitFor(() => expect(screen.getByTestId('page-title')).toHaveTextContent('Pieteikumi'));
    const search = await vi.waitFor(() => {
      const input = document.querySelector<HTMLInputElement>('[data-search-input]');
      expect(input).not.toBeNull();
      return input as HTMLInputElement;
    });
    await vi.waitFor(() => expect(document.activeElement).toBe(search));

    await user.type(search, 'a/b');
    expect(search).toHaveValue('a/b');

    await user.keyboard('{Alt>}1{/Alt}');
    await vi.waitFor(() => expect(screen.getByTestId('page-title')).toHaveTextContent('Pārskats'));
    await user.keyboard('/');
    await vi.waitFor(() => expect(screen.getByTestId('page-title')).toHaveTextContent('Pieteikumi'));
    await vi.waitFor(() =>
      expect(document.activeElement).toBe(document.querySelector('[data-search-input]')),
    );
  });
});

describe('overview to requests', () => {
  it('a status tile opens the Requests list filtered by that status', async () => {
    const user = userEvent.setup();
    render(App);
    const tiles = await screen.findAllByTestId('open-status');
    await user.click(within(tiles[0] as HTMLElement).getByRole('link'));
    await vi.waitFor(() => expect(screen.getByTestId('page-title')).toHaveTextContent('Pieteikumi'));
    await vi.waitFor(() =>
      expect(mockApi.listRequests).toHaveBeenCalledWith(expect.objectContaining({ statuses: ['registered'] })),
    );
  });
});

describe('request detail route', () => {
  it('opens #/requests/<id> under the Requests menu entry', async () => {
    window.location.hash = '#/requests/R-1';
    router.sync();
    render(App);
    expect(await screen.findByTestId('page-title')).toHaveTextContent('Pieteikums');
    expect(screen.getByTestId('nav-requests')).toHaveAttribute('aria-current', 'page');
  });
});

describe('frame', () => {
  it('switches the visible language at runtime and remembers the choice', async () => {
    const user = userEvent.setup();
    render(App);
    const nav = await screen.findByRole('navigation');
    expect(within(nav).getByTestId('nav-requests')).toHaveTextContent('Pieteikumi');
    expect(screen.getByTestId('page-title')).toHaveTextContent('Pārskats');

    await user.selectOptions(screen.getByTestId('language-select'), 'en');

    expect(within(nav).getByTestId('nav-requests')).toHaveTextContent('Requests');
    expect(within(nav).getByTestId('nav-contract')).toHaveTextContent('Contract & SLA');
    expect(screen.getByTestId('page-title')).toHaveTextContent('Overview');
    expect(document.documentElement.lang).toBe('en');
    expect(mockApi.setLanguage).toHaveBeenCalledWith('en');

    await user.selectOptions(screen.getByTestId('language-select'), 'lv');
    expect(screen.getByTestId('page-title')).toHaveTextContent('Pārskats');
    expect(mockApi.setLanguage).toHaveBeenLastCalledWith('lv');
  });

  it('tells the user when the language choice could not be stored', async () => {
    mockApi.setLanguage.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'database', field: null, detail: 'disk full' },
    });
    const user = userEvent.setup();
    render(App);
    await user.selectOptions(await screen.findByTestId('language-select'), 'en');
    expect(await screen.findByTestId('notice')).toHaveTextContent(
      'The language choice could not be saved: Database error: the change was not saved. Details: disk full',
    );
  });

  it('navigates with Alt+number and moves focus to the new heading', async () => {
    const user = userEvent.setup();
    render(App);
    await screen.findByTestId('page-title');
    await user.keyboard('{Alt>}7{/Alt}');
    await vi.waitFor(() => expect(screen.getByTestId('page-title')).toHaveTextContent('Iestatījumi'));
    expect(window.location.hash).toBe('#/settings');
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('page-title')));
    await user.keyboard('{Alt>}2{/Alt}');
    await vi.waitFor(() => expect(screen.getByTestId('page-title')).toHaveTextContent('Pieteikumi'));
  });

  it('switches and remembers the theme', async () => {
    const user = userEvent.setup();
    render(App);
    await user.selectOptions(await screen.findByTestId('theme-select'), 'dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(mockApi.setTheme).toHaveBeenCalledWith('dark');
  });

  it('navigates to every screen, each with its own heading', async () => {
    const user = userEvent.setup();
    render(App);
    await screen.findByTestId('page-title');
    const expected: [string, string][] = [
      ['nav-requests', 'Pieteikumi'],
      ['nav-new-request', 'Jauns pieteikums'],
      ['nav-drafts', 'Melnraksti'],
      ['nav-outbox', 'Izsūtne'],
    ];
    for (const [link, title] of expected) {
      await user.click(screen.getByTestId(link));
      await vi.waitFor(() => expect(screen.getByTestId('page-title')).toHaveTextContent(title));
      expect(screen.getByTestId(link)).toHaveAttribute('aria-current', 'page');
    }
    await user.click(screen.getByTestId('nav-contract'));
    await vi.waitFor(() => expect(screen.getByTestId('page-title')).toHaveTextContent('Līgums un SLA'));
    expect(await screen.findByTestId('contract-screen')).toBeVisible();
    await user.click(screen.getByTestId('nav-settings'));
    await vi.waitFor(() => expect(screen.getByTestId('page-title')).toHaveTextContent('Iestatījumi'));
    expect(await screen.findByTestId('app-version')).toHaveTextContent('0.1.0');
  });
});

describe('database problem screen', () => {
  const problem = {
    kind: 'corrupt' as const,
    path: '/data/vraa-desk.sqlite3',
    detail: 'file is not a database',
  };

  it('shows the problem in both languages and starts fresh on request', async () => {
    mockApi.getStartupState
      .mockResolvedValueOnce({ status: 'ok', data: { status: 'databaseProblem', problem } })
      .mockResolvedValueOnce({ status: 'ok', data: { status: 'ready' } });
    mockApi.resetDatabase.mockResolvedValueOnce({
      status: 'ok',
      data: { movedTo: '/data/vraa-desk.sqlite3.corrupt-20261123' },
    });
    const user = userEvent.setup();
    render(App);

    expect(await screen.findByTestId('problem-title-lv')).toHaveTextContent('Datubāzes fails ir bojāts');
    expect(screen.getByTestId('problem-title-en')).toHaveTextContent('The database file is damaged');
    expect(screen.getByTestId('problem-path')).toHaveTextContent('/data/vraa-desk.sqlite3');
    expect(screen.getByTestId('problem-detail')).toHaveTextContent('file is not a database');
    expect(screen.getByTestId('db-reset')).toHaveTextContent('Move the damaged file aside and start fresh');
    expect(mockApi.getSettings).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(document.body.dataset.ready).toBe('true'));

    await user.click(screen.getByTestId('db-reset'));

    expect(mockApi.resetDatabase).toHaveBeenCalledOnce();
    expect(await screen.findByTestId('page-title')).toHaveTextContent('Pārskats');
    expect(screen.getByTestId('notice')).toHaveTextContent('/data/vraa-desk.sqlite3.corrupt-20261123');
    expect(mockApi.getStartupState).toHaveBeenCalledTimes(2);
    expect(mockApi.uiReady).toHaveBeenCalledOnce();
  });

  it('explains a database from a newer version and keeps the screen when reset fails', async () => {
    mockApi.getStartupState.mockResolvedValueOnce({
      status: 'ok',
      data: { status: 'databaseProblem', problem: { ...problem, kind: 'newerVersion', detail: 'user_version 9 > 1' } },
    });
    mockApi.resetDatabase.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'database', field: null, detail: 'permission denied' },
    });
    const user = userEvent.setup();
    render(App);

    expect(await screen.findByTestId('problem-title-en')).toHaveTextContent('newer VRAA Desk');
    expect(screen.getByText(/Install the newest VRAA Desk/)).toBeVisible();
    expect(screen.getByText(/Fails nav mainīts/)).toBeVisible();
    expect(screen.getByTestId('db-reset')).toHaveTextContent('Move the file aside and start fresh');

    await user.click(screen.getByTestId('db-reset'));
    expect(await screen.findByTestId('problem-reset-error')).toHaveTextContent('permission denied');
    expect(screen.getByTestId('database-problem')).toBeVisible();
  });

  it('explains a locked file, offers no reset and only quitting', async () => {
    mockApi.getStartupState.mockResolvedValueOnce({
      status: 'ok',
      data: { status: 'databaseProblem', problem: { ...problem, kind: 'locked', detail: 'database is locked' } },
    });
    render(App);
    expect(await screen.findByTestId('problem-title-lv')).toHaveTextContent('izmanto cita programma');
    expect(screen.getByTestId('problem-title-en')).toHaveTextContent('in use by another program');
    expect(screen.getByText(/close VRAA Desk CLI/)).toBeVisible();
    expect(screen.getByText(/aizveriet VRAA Desk CLI/)).toBeVisible();
    expect(screen.queryByTestId('db-reset')).toBeNull();
    expect(screen.getByTestId('db-quit')).toBeVisible();
  });

  it('offers no reset for a file that cannot be read either', async () => {
    mockApi.getStartupState.mockResolvedValueOnce({
      status: 'ok',
      data: { status: 'databaseProblem', problem: { ...problem, kind: 'io', detail: 'permission denied' } },
    });
    render(App);
    expect(await screen.findByTestId('problem-title-en')).toHaveTextContent('cannot be opened');
    expect(screen.queryByTestId('db-reset')).toBeNull();
  });

  it('quits on request', async () => {
    mockApi.getStartupState.mockResolvedValueOnce({
      status: 'ok',
      data: { status: 'databaseProblem', problem: { ...problem, kind: 'io' } },
    });
    const user = userEvent.setup();
    render(App);
    await user.click(await screen.findByTestId('db-quit'));
    expect(mockApi.quitApp).toHaveBeenCalledOnce();
  });
});

describe('outside the desktop app', () => {
  it('renders with defaults and a preview notice without calling the backend', async () => {
    mockApi.isDesktop.mockReturnValue(false);
    render(App);
    expect(await screen.findByTestId('page-title')).toHaveTextContent('Pārskats');
    expect(screen.getByTestId('notice')).toHaveTextContent('pārlūka priekšskatījuma');
    expect(mockApi.getStartupState).not.toHaveBeenCalled();
    expect(mockApi.uiReady).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(document.body.dataset.ready).toBe('true'));
  });
});

describe('sync status in the frame', () => {
  it('shows the connection in the header with an accessible label and follows events', async () => {
    let emit: ((status: Parameters<Parameters<MockApi['onSyncStatus']>[0]>[0]) => void) | undefined;
    mockApi.onSyncStatus.mockImplementationOnce(async (callback) => {
      emit = callback;
      return { status: 'ok', data: () => {} };
    });
    render(App);
    const indicator = await screen.findByTestId('header-connectivity');
    expect(indicator).toHaveTextContent('Tiešsaistē');
    expect(indicator).toHaveAccessibleName('Savienojums ar VRAA: Tiešsaistē');

    emit?.({
      running: false,
      connectivity: 'offline',
      needsToken: false,
      lastSuccessAt: null,
      lastErrorCode: 'syncOffline',
      lastErrorMessage: 'nav / none',
    });
    await vi.waitFor(() => expect(indicator).toHaveTextContent('Bezsaistē'));
    expect(indicator).toHaveAttribute('data-connectivity', 'offline');
    // One read at start; the Overview card shares it instead of asking again.
    expect(mockApi.getSyncStatus).toHaveBeenCalledOnce();
    expect(screen.getByTestId('sync-status')).toHaveAttribute('data-connectivity', 'offline');
  });

  it('does not start sync status on the database-problem screen', async () => {
    mockApi.getStartupState.mockResolvedValueOnce({
      status: 'ok',
      data: {
        status: 'databaseProblem',
        problem: { kind: 'corrupt', path: '/data/vraa-desk.sqlite3', detail: 'file is not a database' },
      },
    });
    render(App);
    expect(await screen.findByTestId('database-problem')).toBeVisible();
    expect(mockApi.getSyncStatus).not.toHaveBeenCalled();
    expect(screen.queryByTestId('header-connectivity')).toBeNull();
  });
});
