import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '$lib/api';
import type { CsvPreviewView as CsvPreview } from '$lib/bindings';
import { appState } from '$lib/app-state.svelte';
import { applyLanguage } from '$lib/i18n/i18n.svelte';
import type { MockApi } from '$lib/testing/mock-api';
import { licenceAssign } from './test-fixtures';
import BulkImport from './BulkImport.svelte';

vi.mock('$lib/api', async () => {
  const { createMockApi } = await import('$lib/testing/mock-api');
  return { api: createMockApi() };
});

const mockApi = api as unknown as MockApi;
const columns = ['user_name', 'user_email', 'licence', 'purchase_needed', 'start_date'];

function preview(rows: CsvPreview['rows']): CsvPreview {
  const invalid = rows.filter((r) => r.problems.length > 0).length;
  return { requestTypeId: licenceAssign.id, rows, valid: rows.length - invalid, invalid, columns };
}

const annaRow = {
  line: 2,
  subject: 'Licence: Anna Bērziņa',
  description: 'Jaunā kolēģe no 1. decembra',
  fields: { user_name: 'Anna Bērziņa', user_email: 'anna@iestade.lv', licence: 'exchange_online_plan_1' },
  problems: [],
};
const badRow = {
  line: 3,
  subject: 'Licence: Jānis',
  description: '',
  fields: { user_name: 'Jānis', user_email: 'janis@', licence: 'plan_9' },
  problems: [
    { field: 'user_email', lv: 'Nederīga e-pasta adrese', en: 'Not a valid e-mail address' },
    { field: 'licence', lv: 'Nezināma licence', en: 'Unknown licence' },
  ],
};

beforeEach(() => {
  vi.resetAllMocks();
  appState.notices = [];
  applyLanguage('lv');
});

async function pickFile(user: ReturnType<typeof userEvent.setup>) {
  mockApi.pickCsvFile.mockResolvedValueOnce({ status: 'ok', data: '/home/anna/licences.csv' });
  await user.click(screen.getByTestId('bulk-pick'));
  await waitFor(() => expect(mockApi.previewLicenceCsv).toHaveBeenCalledWith(licenceAssign.id, '/home/anna/licences.csv'));
}

describe('bulk licence import', () => {
  it('shows the expected columns before a file is chosen, and queueing is off', () => {
    render(BulkImport, { requestType: licenceAssign, onback: () => {} });
    expect(screen.getByTestId('bulk-template')).toHaveTextContent(columns.join(';'));
    expect(screen.getByTestId('bulk-queue')).toBeDisabled();
  });

  it('lists every row with its problems and refuses to queue while any row is invalid', async () => {
    mockApi.previewLicenceCsv.mockResolvedValueOnce({
      status: 'ok',
      data: { ...preview([annaRow, badRow]), columns: ['subject', ...columns, 'description'] },
    });
    const user = userEvent.setup();
    render(BulkImport, { requestType: licenceAssign, onback: () => {} });
    await pickFile(user);

    const rows = await screen.findAllByTestId('bulk-row');
    // Line, check result, subject, the five field columns: no empty subject/description cells.
    expect(rows[0]?.children).toHaveLength(8);
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Rinda',
      'Pārbaudes rezultāts',
      'Temats',
      ...columns,
    ]);
    expect(rows.map((r) => [r.dataset.line, r.dataset.valid])).toEqual([
      ['2', 'true'],
      ['3', 'false'],
    ]);
    expect(rows[0]).toHaveTextContent('anna@iestade.lv');
    expect(rows[0]).toHaveTextContent('Derīga');
    expect(rows[1]).toHaveTextContent('Nederīga e-pasta adrese');
    expect(rows[1]).toHaveTextContent('Nezināma licence');
    expect(rows[1]).toHaveClass('invalid');
    expect(screen.getByTestId('bulk-counts')).toHaveTextContent('Derīgas rindas: 1. Rindas ar kļūdām: 1.');
    expect(screen.getByTestId('bulk-queue')).toBeDisabled();
    await user.click(screen.getByTestId('bulk-queue'));
    expect(mockApi.queueLicenceCsv).not.toHaveBeenCalled();

    applyLanguage('en');
    await waitFor(() => expect(screen.getAllByTestId('bulk-row')[1]).toHaveTextContent('Unknown licence'));
  });

  it('queues when every row is valid, after re-checking the corrected file', async () => {
    mockApi.previewLicenceCsv
      .mockResolvedValueOnce({ status: 'ok', data: preview([annaRow, badRow]) })
      .mockResolvedValueOnce({ status: 'ok', data: preview([annaRow, { ...badRow, problems: [] }]) });
    mockApi.queueLicenceCsv.mockResolvedValueOnce({ status: 'ok', data: { queued: 2 } });
    const user = userEvent.setup();
    render(BulkImport, { requestType: licenceAssign, onback: () => {} });
    await pickFile(user);
    await screen.findAllByTestId('bulk-row');
    await user.click(screen.getByTestId('bulk-recheck'));

    await waitFor(() => expect(screen.getByTestId('bulk-queue')).toBeEnabled());
    expect(screen.getByTestId('bulk-queue')).toHaveTextContent('Rindā 2 pieteikumus');
    await user.click(screen.getByTestId('bulk-queue'));
    expect(mockApi.queueLicenceCsv).toHaveBeenCalledWith(licenceAssign.id, '/home/anna/licences.csv');
    await waitFor(() => expect(appState.notices.at(-1)).toMatchObject({ key: 'bulk.queued', params: { count: 2 } }));
    expect(screen.queryAllByTestId('bulk-row')).toHaveLength(0);
  });

  it('draws a big file in steps and can show only the rows with problems', async () => {
    const many = Array.from({ length: 450 }, (_, i) => ({
      ...annaRow,
      line: i + 2,
      problems: i % 50 === 0 ? badRow.problems : [],
    }));
    mockApi.previewLicenceCsv.mockResolvedValueOnce({ status: 'ok', data: preview(many) });
    const user = userEvent.setup();
    render(BulkImport, { requestType: licenceAssign, onback: () => {} });
    await pickFile(user);
    await screen.findByTestId('bulk-counts');
    expect(screen.getByTestId('bulk-counts')).toHaveTextContent('Derīgas rindas: 441. Rindas ar kļūdām: 9.');
    await waitFor(() => expect(screen.getAllByTestId('bulk-row')).toHaveLength(450));
    expect(screen.getAllByTestId('bulk-row').at(-1)?.dataset.line).toBe('451');

    await user.click(screen.getByTestId('bulk-only-problems'));
    const shown = screen.getAllByTestId('bulk-row');
    expect(shown).toHaveLength(9);
    expect(shown.every((row) => row.dataset.valid === 'false')).toBe(true);
    expect(screen.getByTestId('bulk-queue')).toBeDisabled();
  });

  it('shows why a file could not be read', async () => {
    mockApi.previewLicenceCsv.mockResolvedValueOnce({
      status: 'error',
      error: {
        code: 'csvInvalid',
        field: null,
        detail: 'line 1',
        message: { lv: 'Trūkst kolonnas user_email', en: 'Column user_email is missing' },
      } as never,
    });
    const user = userEvent.setup();
    render(BulkImport, { requestType: licenceAssign, onback: () => {} });
    await pickFile(user);
    expect(await screen.findByTestId('bulk-error')).toHaveTextContent('Failu neizdevās pārbaudīt: Trūkst kolonnas user_email');
    expect(screen.getByTestId('bulk-queue')).toBeDisabled();
  });
});
