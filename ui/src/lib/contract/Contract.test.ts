import { render, screen, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '$lib/api';
import type { ContractView } from '$lib/bindings';
import { sampleReport } from '$lib/testing/samples';
import { dataListenerCount, emitDataChanged, type MockApi } from '$lib/testing/mock-api';
import { applyLanguage } from '$lib/i18n/i18n.svelte';
import Contract from './Contract.svelte';

vi.mock('$lib/api', async () => {
  const { createMockApi } = await import('$lib/testing/mock-api');
  const { sampleReport } = await import('$lib/testing/samples');
  const mock = createMockApi();
  // This screen's figures: the home samples rather than the shared mock's empty answers.
  mock.getContractReport.mockImplementation(async () => ({ status: 'ok', data: structuredClone(sampleReport) }));
  return { api: mock };
});

const mockApi = api as unknown as MockApi;

beforeEach(() => {
  vi.clearAllMocks();
  applyLanguage('lv');
});

function withContract(contract: Partial<ContractView>) {
  const report = structuredClone(sampleReport);
  report.contracts = [{ ...(report.contracts[0] as ContractView), ...contract }];
  mockApi.getContractReport.mockResolvedValueOnce({ status: 'ok', data: report });
}

describe('contract details and validity', () => {
  it('shows number, term and services', async () => {
    render(Contract);
    const item = await screen.findByTestId('contract-item');
    expect(item).toHaveTextContent('Līgums Nr. VRAA-L-2024/118');
    expect(item).toHaveTextContent('no 01.01.2024. līdz 31.12.2026.');
    expect(item).toHaveTextContent('DVS pakalpojums, E-pasta servispakalpojums');
  });

  // The Rust side decides `expiringSoon` (60 days before the end); the screen must warn exactly then.
  it.each([
    [61, false],
    [60, true],
    [0, true],
  ])('with %i days left warns: %s', async (daysLeft, warns) => {
    withContract({ daysLeft, expiringSoon: warns, expired: false });
    render(Contract);
    await screen.findByTestId('contract-item');
    const warning = screen.queryByTestId('contract-expiry-warning');
    if (warns) {
      expect(warning).toHaveAttribute('data-kind', 'expiringSoon');
      expect(warning).toHaveTextContent(`Līgums beigsies pēc ${daysLeft} d. (31.12.2026.)`);
    } else {
      expect(warning).toBeNull();
    }
  });

  it('warns that an expired contract has ended', async () => {
    withContract({ validTo: '2026-10-31', daysLeft: null, expiringSoon: false, expired: true });
    render(Contract);
    const warning = await screen.findByTestId('contract-expiry-warning');
    expect(warning).toHaveAttribute('data-kind', 'expired');
    expect(warning).toHaveTextContent('Līguma termiņš beidzās 31.10.2026.');
  });

  it('says nothing about expiry for an open-ended contract', async () => {
    withContract({ validTo: null, daysLeft: null, expiringSoon: false, expired: false });
    render(Contract);
    expect(await screen.findByTestId('contract-item')).toHaveTextContent('no 01.01.2024., beztermiņa');
    expect(screen.queryByTestId('contract-expiry-warning')).toBeNull();
  });
});

describe('availability', () => {
  it('draws an accessible chart and the same figures in a table, newest month first', async () => {
    render(Contract);
    const chart = await screen.findByTestId('availability-chart');
    expect(chart).toHaveAttribute('role', 'img');
    expect(chart.getAttribute('aria-label')).toBe(
      'DVS pakalpojums: pieejamība pēdējos 12 mēnešos; mērķis sasniegts 10 no 11 mēnešiem ar datiem. Zemākā: 99,12\u00a0% (2026. gada septembris), mērķis 99,5\u00a0%.',
    );
    expect(chart.querySelectorAll('rect.bar')).toHaveLength(11);
    expect(chart.querySelectorAll('rect.bar.missed')).toHaveLength(1);

    const table = screen.getByTestId('availability-table');
    const rows = within(table).getAllByTestId('availability-row');
    expect(rows).toHaveLength(12);
    expect(rows[0]).toHaveAttribute('data-month', '2026-11');
    expect(rows[0]).toHaveTextContent('dati nepilnīgi');
    expect(rows[0]).toHaveTextContent('Nav datu');
    const september = rows.find((row) => row.dataset.month === '2026-09') as HTMLElement;
    expect(september).toHaveTextContent('2026. gada septembris');
    expect(september).toHaveTextContent('Darba dienas 08:00–18:00');
    expect(september).toHaveTextContent('99,12 %');
    expect(september).toHaveTextContent('99,5 %');
    expect(september).toHaveTextContent('3 st. 5 min');
    expect(september).toHaveTextContent('✗ Nē');
    const december = rows.find((row) => row.dataset.month === '2025-12') as HTMLElement;
    expect(december).toHaveTextContent('99,95 %');
    expect(december).toHaveTextContent('✓ Jā');
  });

  it('formats figures the English way in English', async () => {
    applyLanguage('en');
    render(Contract);
    const rows = await screen.findAllByTestId('availability-row');
    const september = rows.find((row) => row.dataset.month === '2026-09') as HTMLElement;
    expect(september).toHaveTextContent('September 2026');
    expect(september).toHaveTextContent('99.12%');
    expect(september).toHaveTextContent('99.5%');
    expect(september).toHaveTextContent('✗ No');
  });
});

describe('outages and policy shares', () => {
  it('lists outages with Riga times and durations, an open one as ongoing', async () => {
    render(Contract);
    const rows = await screen.findAllByTestId('outage-row');
    expect(rows).toHaveLength(2);
    const [outage, maintenance] = rows as [HTMLElement, HTMLElement];
    expect(outage).toHaveTextContent('DVS pakalpojums');
    expect(outage).toHaveTextContent('Dokumentu reģistrs');
    expect(outage).toHaveTextContent('Traucējums');
    // 07:10 UTC in September is 10:10 in Riga (summer time).
    expect(outage).toHaveTextContent('14.09.2026. 10:10');
    expect(outage).toHaveTextContent('14.09.2026. 13:15');
    expect(outage).toHaveTextContent('3 st. 5 min');
    expect(maintenance).toHaveTextContent('Plānota apkope');
    // 20:00 UTC in November is 22:00 in Riga (winter time).
    expect(maintenance).toHaveTextContent('21.11.2026. 22:00');
    expect(maintenance).toHaveTextContent('turpinās');
  });

  it('shows per policy the share handled within target', async () => {
    render(Contract);
    const shares = await screen.findAllByTestId('policy-share');
    expect(shares[0]).toHaveTextContent('E-pasta pieprasījums: 1 darba diena');
    expect(shares[0]).toHaveTextContent('93,8 %');
    expect(shares[0]).toHaveTextContent('150 no 160');
    expect(shares[1]).toHaveTextContent('Nav pieteikumu');
  });

  it('reloads when contracts or availability change, not for unrelated reference data', async () => {
    render(Contract);
    await screen.findByTestId('contract-item');
    await vi.waitFor(() => expect(dataListenerCount(mockApi)).toBe(1));
    expect(mockApi.getContractReport).toHaveBeenCalledTimes(1);
    for (const kind of ['savedFilters', 'settings', 'outbox', 'drafts'] as const) emitDataChanged(mockApi, { kind });
    expect(mockApi.getContractReport).toHaveBeenCalledTimes(1);
    withContract({ number: 'VRAA-L-2027/001' });
    emitDataChanged(mockApi, { kind: 'referenceData' });
    expect(await screen.findByText('Līgums Nr. VRAA-L-2027/001')).toBeVisible();
    // Requests handled change the per-policy shares.
    emitDataChanged(mockApi, { kind: 'requests', ids: ['r-1'] });
    await vi.waitFor(() => expect(mockApi.getContractReport).toHaveBeenCalledTimes(3));
  });

  it('shows a load failure and tries again on request', async () => {
    mockApi.getContractReport.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'database', field: null, detail: 'locked' },
    });
    render(Contract);
    expect(await screen.findByTestId('contract-error')).toHaveTextContent('Līguma datus neizdevās ielādēt');
    screen.getByRole('button', { name: 'Mēģināt vēlreiz' }).click();
    expect(await screen.findByTestId('contract-item')).toBeVisible();
  });
});
