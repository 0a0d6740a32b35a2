import { render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '$lib/api';
import { overview } from './overview.svelte';
import { sampleOverview } from '$lib/testing/samples';
import { emitDataChanged, type MockApi } from '$lib/testing/mock-api';
import { applyLanguage } from '$lib/i18n/i18n.svelte';
import { requestList } from '$lib/requests/list.svelte';
import { defaultQuery } from '$lib/requests/query';
import { syncStatus } from '$lib/sync-status.svelte';
import { sampleSyncStatus } from '$lib/testing/mock-api';
import Overview from './Overview.svelte';

vi.mock('$lib/api', async () => {
  const { createMockApi } = await import('$lib/testing/mock-api');
  const { sampleOverview } = await import('$lib/testing/samples');
  const mock = createMockApi();
  // This screen's figures: the home samples rather than the shared mock's empty answers.
  mock.getOverview.mockImplementation(async () => ({ status: 'ok', data: structuredClone(sampleOverview) }));
  return { api: mock };
});

const mockApi = api as unknown as MockApi;

beforeEach(() => {
  vi.clearAllMocks();
  overview.stop();
  overview.data = null;
  overview.error = null;
  applyLanguage('lv');
  // 23.11.2026 16:00 Riga time.
  vi.useFakeTimers({ now: new Date('2026-11-23T14:00:00Z'), toFake: ['Date', 'setInterval', 'clearInterval'] });
});

afterEach(() => {
  overview.stop();
  syncStatus.stop();
  vi.useRealTimers();
});

async function renderLoaded() {
  await overview.start();
  return render(Overview);
}

describe('overview', () => {
  it('puts the sync card first, above the requests, when sync waits for a new sign-in', async () => {
    mockApi.getSyncStatus.mockResolvedValueOnce({
      status: 'ok',
      data: { ...sampleSyncStatus, needsToken: true, lastErrorCode: 'mailSignInExpired' },
    });
    await syncStatus.start();
    await renderLoaded();
    const first = screen.getByTestId('overview-sync-first');
    const requests = screen.getByTestId('overview-open-total');
    expect(within(first).getByTestId('sync-status')).toBeInTheDocument();
    expect(first.compareDocumentPosition(requests) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getAllByTestId('sync-status')).toHaveLength(1);
  });

  it('keeps the sync card in its usual place when sync needs nothing from the user', async () => {
    mockApi.getSyncStatus.mockResolvedValueOnce({ status: 'ok', data: sampleSyncStatus });
    await syncStatus.start();
    await renderLoaded();
    expect(screen.queryByTestId('overview-sync-first')).toBeNull();
    expect(screen.getAllByTestId('sync-status')).toHaveLength(1);
  });

  it('shows open requests by status with links to the Requests screen', async () => {
    await renderLoaded();
    expect(screen.getByTestId('overview-open-total')).toHaveTextContent('13');
    const rows = screen.getAllByTestId('open-status');
    expect(rows.map((row) => row.dataset.status)).toEqual(['registered', 'in_progress', 'waiting_for_customer']);
    expect(rows[1]).toHaveTextContent('Izpildē 7');
    expect(within(rows[1] as HTMLElement).getByRole('link')).toHaveAttribute('href', '#/requests');
    expect(screen.getByTestId('overview-unread')).toHaveTextContent('Pieteikumi ar nelasītām izmaiņām: 3');
  });

  it('opens the Requests list filtered by the status or SLA state that was clicked', async () => {
    await renderLoaded();
    requestList.searchText = 'old search';
    const inProgress = screen.getAllByTestId('open-status')[1] as HTMLElement;
    within(inProgress).getByRole('link').click();
    expect(requestList.query).toEqual({ ...defaultQuery(), statuses: ['in_progress'] });
    expect(requestList.searchText).toBe('');

    screen.getByTestId('overview-sla-all').click();
    expect(requestList.query).toEqual({
      ...defaultQuery(),
      slaStates: ['breached', 'atRisk'],
      sort: 'slaDue',
      descending: false,
    });
    expect(screen.getByTestId('overview-sla-all')).toHaveAttribute('href', '#/requests');
  });

  it('lists SLA alerts breached first, with reference, subject, state and Riga due time', async () => {
    await renderLoaded();
    const alerts = screen.getAllByTestId('sla-alert');
    expect(alerts.map((alert) => alert.dataset.sla)).toEqual(['breached', 'atRisk']);
    const [breached, atRisk] = alerts as [HTMLElement, HTMLElement];
    expect(breached).toHaveTextContent('VRAA-2026-00311');
    expect(breached).toHaveTextContent('DVS lietotāja tiesības: Anna Liepa');
    expect(breached).toHaveTextContent('Termiņš nokavēts');
    // 20.11.2026 15:00 UTC is 17:00 in Riga; three days before "now".
    expect(breached).toHaveTextContent('Termiņš bija 20.11.2026. 17:00');
    expect(breached).toHaveTextContent('Nokavēts par 2 d. 23 st.');
    expect(within(breached).getByRole('link')).toHaveAttribute('href', '#/requests/00311');
    expect(atRisk).toHaveTextContent('Termiņš tuvojas');
    expect(atRisk).toHaveTextContent('Termiņš 23.11.2026. 18:30');
    expect(atRisk).toHaveTextContent('Atlicis: 2 st. 30 min');
  });

  it('moves the remaining time on once a minute by reading the overview again', async () => {
    await renderLoaded();
    expect(mockApi.getOverview).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(mockApi.getOverview).toHaveBeenCalledTimes(2);
    await vi.waitFor(() =>
      expect(screen.getAllByTestId('sla-alert')[1]).toHaveTextContent('Atlicis: 2 st. 29 min'),
    );
  });

  it('lists what waits for the user, with the reason', async () => {
    await renderLoaded();
    const items = screen.getAllByTestId('waiting-item');
    expect(items.map((item) => item.dataset.reason)).toEqual(['informationRequested', 'confirmResolution', 'rate']);
    expect(items[0]).toHaveTextContent('VRAA lūdz informāciju');
    expect(items[1]).toHaveTextContent('Apstipriniet atrisinājumu');
    expect(items[2]).toHaveTextContent('Novērtējiet izpildi');
    expect(within(items[0] as HTMLElement).getByRole('link')).toHaveAttribute('href', '#/requests/00298');
  });

  it('shows the outbox and the contract summary with its expiry warning', async () => {
    await renderLoaded();
    expect(screen.getByTestId('overview-outbox-pending')).toHaveTextContent('Gaida nosūtīšanu: 2');
    expect(screen.getByTestId('overview-outbox-parked')).toHaveTextContent('VRAA nepieņēma, jālabo: 1');
    expect(screen.getByTestId('overview-contract-number')).toHaveTextContent('VRAA-L-2024/118');
    expect(screen.getByTestId('overview-contract')).toHaveTextContent('31.12.2026.');
    expect(screen.getByTestId('overview-days-left')).toHaveTextContent('38');
    expect(screen.getByTestId('overview-availability')).toHaveTextContent('Mērķi nav sasniegti');
    expect(screen.getByTestId('overview-contract-expiring')).toHaveTextContent('Līgums beigsies pēc 38 d.');
    expect(screen.getByTestId('sync-status')).toBeVisible();
  });

  it('says an expired contract has ended instead of warning about expiry', async () => {
    const data = structuredClone(sampleOverview);
    data.contract = { ...(data.contract as NonNullable<typeof data.contract>), validTo: '2026-10-31', daysLeft: null, expiringSoon: false, expired: true };
    mockApi.getOverview.mockResolvedValueOnce({ status: 'ok', data });
    await renderLoaded();
    expect(screen.getByTestId('overview-contract-expired')).toHaveTextContent('Līguma termiņš beidzās 31.10.2026.');
    expect(screen.queryByTestId('overview-contract-expiring')).toBeNull();
  });

  it('says so when nothing is open, late or waiting', async () => {
    mockApi.getOverview.mockResolvedValueOnce({
      status: 'ok',
      data: {
        openByStatus: [],
        openTotal: 0,
        slaAlerts: [],
        waiting: [],
        outbox: { pending: 0, parked: 0 },
        unread: 0,
        contract: null,
      },
    });
    await renderLoaded();
    expect(screen.getByTestId('overview-open')).toHaveTextContent('Atvērtu pieteikumu nav.');
    expect(screen.getByTestId('overview-sla')).toHaveTextContent('Neviens SLA termiņš nav nokavēts');
    expect(screen.getByTestId('overview-waiting')).toHaveTextContent('Nekas negaida jūsu rīcību.');
    expect(screen.getByTestId('overview-outbox')).toHaveTextContent('Visas darbības ir nosūtītas uz VRAA.');
    expect(screen.getByTestId('overview-contract')).toHaveTextContent('Līguma dati vēl nav sinhronizēti.');
    expect(screen.queryByTestId('sla-alert')).toBeNull();
  });

  it('reloads when requests change, folding a burst of events into one more read', async () => {
    await renderLoaded();
    expect(mockApi.getOverview).toHaveBeenCalledTimes(1);
    const changedOverview = { status: 'ok' as const, data: { ...structuredClone(sampleOverview), openTotal: 14 } };
    mockApi.getOverview.mockResolvedValueOnce(changedOverview).mockResolvedValueOnce(changedOverview);
    for (const id of ['a', 'b', 'c']) emitDataChanged(mockApi, { kind: 'requests', ids: [id] });
    await vi.waitFor(() => expect(screen.getByTestId('overview-open-total')).toHaveTextContent('14'));
    expect(mockApi.getOverview).toHaveBeenCalledTimes(3);
  });

  it('shows a load failure with a retry', async () => {
    mockApi.getOverview.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'database', field: null, detail: 'locked' },
    });
    await renderLoaded();
    expect(screen.getByTestId('overview-error')).toHaveTextContent('Pārskatu neizdevās ielādēt');
    screen.getByRole('button', { name: 'Mēģināt vēlreiz' }).click();
    await vi.waitFor(() => expect(screen.getByTestId('overview-open-total')).toHaveTextContent('13'));
  });

  it('is in English when the language is English', async () => {
    applyLanguage('en');
    await renderLoaded();
    expect(screen.getAllByTestId('sla-alert')[0]).toHaveTextContent('Was due 20.11.2026. 17:00');
    expect(screen.getAllByTestId('waiting-item')[0]).toHaveTextContent('VRAA asks for information');
  });
});
