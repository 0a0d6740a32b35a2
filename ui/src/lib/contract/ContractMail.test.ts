// Contract & SLA on an e-mail connection: contracts and availability do not come by mail, so the
// screen says so and the user enters (and deletes) the contract by hand.
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '$lib/api';
import type { CatalogueView, ContractReport, ServiceView } from '$lib/bindings';
import { polyfillDialog } from '$lib/testing/dialog';
import { connection } from '$lib/connection.svelte';
import { sampleReport, serverConnection } from '$lib/testing/samples';
import { applyLanguage } from '$lib/i18n/i18n.svelte';
import { emptyContractReport, mailConnection, sampleMailSettings, type MockApi } from '$lib/testing/mock-api';
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
const ok = <T>(data: T) => ({ status: 'ok' as const, data });

function service(id: string, lv: string, en: string): ServiceView {
  return { id, name: { lv, en }, description: { lv: '', en: '' }, serviceHours: { lv: '', en: '' }, requestTypes: [] };
}

/** The built-in catalogue's services (the one an e-mail connection uses). */
const catalogue: CatalogueView = {
  services: [
    service('shared_components', 'Koplietošanas komponentes', 'Shared components'),
    service('email', 'E-pasta servispakalpojums', 'E-mail service'),
    service('dvs', 'DVS servispakalpojums', 'DVS service'),
  ],
  slaPolicies: [],
};

/** What an e-mail connection reports before anything is entered. */
const nothingYet: ContractReport = emptyContractReport;

const entered: ContractReport = {
  ...nothingYet,
  contracts: [
    {
      id: 'local-VRAA-L-2025/7',
      number: 'VRAA-L-2025/7',
      validFrom: '2025-01-01',
      validTo: null,
      daysLeft: null,
      expiringSoon: false,
      expired: false,
      services: [{ id: 'email', name: { lv: 'E-pasta servispakalpojums', en: 'E-mail service' } }],
    },
  ],
};

beforeAll(polyfillDialog);
beforeEach(() => {
  vi.clearAllMocks();
  applyLanguage('en');
  connection.apply(mailConnection(sampleMailSettings));
  mockApi.getCatalogue.mockResolvedValue(ok(structuredClone(catalogue)));
  mockApi.getContractReport.mockResolvedValue(ok(structuredClone(nothingYet)));
});

async function renderScreen(): Promise<ReturnType<typeof userEvent.setup>> {
  const user = userEvent.setup();
  render(Contract);
  await screen.findByTestId('contract-form-service-email');
  return user;
}

async function fillIn(
  user: ReturnType<typeof userEvent.setup>,
  { number, from, to, services }: { number?: string; from?: string; to?: string; services?: string[] },
): Promise<void> {
  if (number) await user.type(screen.getByTestId('contract-form-number'), number);
  if (from) await user.type(screen.getByTestId('contract-form-valid-from'), from);
  if (to) await user.type(screen.getByTestId('contract-form-valid-to'), to);
  for (const id of services ?? []) await user.click(screen.getByTestId(`contract-form-service-${id}`));
}

describe('on a server connection', () => {
  it('shows no contract form, no note and no delete', async () => {
    connection.apply(structuredClone(serverConnection));
    mockApi.getContractReport.mockResolvedValue(ok(structuredClone(sampleReport)));
    render(Contract);
    await screen.findByTestId('contract-item');
    expect(screen.queryByTestId('contract-form')).toBeNull();
    expect(screen.queryByTestId('contract-mail-note')).toBeNull();
    expect(screen.queryByTestId('contract-delete')).toBeNull();
    expect(mockApi.getCatalogue).not.toHaveBeenCalled();
  });
});

describe('on an e-mail connection', () => {
  it('says that contracts and availability do not come by e-mail, in both languages', async () => {
    await renderScreen();
    expect(screen.getByTestId('contract-mail-note')).toHaveTextContent(
      'Contracts and availability records do not come by e-mail',
    );
    expect(screen.getByTestId('no-contracts')).toHaveTextContent('No contract entered yet.');
    expect(screen.getByTestId('no-availability')).toHaveTextContent('Availability records do not come by e-mail.');
    expect(screen.getByTestId('no-outages')).toHaveTextContent('Outage and maintenance records do not come by e-mail.');

    applyLanguage('lv');
    await vi.waitFor(() =>
      expect(screen.getByTestId('contract-mail-note')).toHaveTextContent('Līgumi un pieejamības dati pa e-pastu nepienāk'),
    );
    expect(screen.getByTestId('contract-form')).toHaveTextContent('Ievadīt līgumu');
    expect(screen.getByTestId('contract-form-services')).toHaveTextContent('E-pasta servispakalpojums');
  });

  it('offers the catalogue’s services as checkboxes', async () => {
    await renderScreen();
    const boxes = within(screen.getByTestId('contract-form-services')).getAllByRole('checkbox');
    expect(boxes.map((box) => box.dataset.testid)).toEqual([
      'contract-form-service-shared_components',
      'contract-form-service-email',
      'contract-form-service-dvs',
    ]);
    expect(screen.getByRole('checkbox', { name: 'E-mail service' })).not.toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Shared components' })).toBeInTheDocument();
  });

  it('saves exactly the contract entered (open-ended: validTo null) and reads the report again', async () => {
    const user = await renderScreen();
    expect(mockApi.getContractReport).toHaveBeenCalledTimes(1);
    await fillIn(user, { number: ' VRAA-L-2025/7 ', from: '01012025', services: ['dvs', 'email'] });
    mockApi.getContractReport.mockResolvedValue(ok(structuredClone(entered)));

    await user.click(screen.getByTestId('contract-form-save'));

    expect(mockApi.saveContract).toHaveBeenCalledTimes(1);
    // Services in the catalogue's order, whatever order they were ticked in.
    expect(mockApi.saveContract).toHaveBeenCalledWith({
      number: 'VRAA-L-2025/7',
      validFrom: '2025-01-01',
      validTo: null,
      serviceIds: ['email', 'dvs'],
    });
    await vi.waitFor(() => expect(mockApi.getContractReport).toHaveBeenCalledTimes(2));
    expect(await screen.findByTestId('contract-item')).toHaveTextContent('Contract No. VRAA-L-2025/7');
    expect(screen.getByTestId('contract-form-saved')).toHaveTextContent('Contract No. VRAA-L-2025/7 saved.');
    // The form is empty again for the next one.
    expect(screen.getByTestId('contract-form-number')).toHaveValue('');
    expect(screen.getByTestId('contract-form-valid-from')).toHaveValue('');
    expect(screen.getByRole('checkbox', { name: 'E-mail service' })).not.toBeChecked();
  });

  it('sends an end date as ISO', async () => {
    const user = await renderScreen();
    await fillIn(user, { number: 'L-1', from: '01.01.2026', to: '23112026', services: ['shared_components'] });
    expect(screen.getByTestId('contract-form-valid-to')).toHaveValue('23.11.2026.');
    await user.click(screen.getByTestId('contract-form-save'));
    expect(mockApi.saveContract).toHaveBeenCalledWith({
      number: 'L-1',
      validFrom: '2026-01-01',
      validTo: '2026-11-23',
      serviceIds: ['shared_components'],
    });
  });

  it('shows the Rust side’s field error at its field', async () => {
    const user = await renderScreen();
    await fillIn(user, { number: 'L-1', from: '01.06.2026', to: '01.01.2026', services: ['email'] });
    mockApi.saveContract.mockResolvedValueOnce({
      status: 'error',
      error: {
        code: 'invalidInput',
        field: 'validTo',
        detail: null,
        message: { lv: 'Līgums nevar beigties pirms tā sākuma', en: 'The contract cannot end before it starts' },
      },
    });
    await user.click(screen.getByTestId('contract-form-save'));

    const problem = await screen.findByTestId('contract-form-validTo-problem');
    expect(problem).toHaveTextContent('The contract cannot end before it starts');
    const field = screen.getByTestId('contract-form-valid-to');
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field.getAttribute('aria-describedby')).toContain(problem.id);
    expect(screen.queryByTestId('contract-form-number-problem')).toBeNull();
    expect(screen.queryByTestId('contract-form-error')).toBeNull();
    // Nothing saved, so nothing is read again, and what was typed stays.
    expect(mockApi.getContractReport).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('contract-form-number')).toHaveValue('L-1');

    applyLanguage('lv');
    await vi.waitFor(() =>
      expect(screen.getByTestId('contract-form-validTo-problem')).toHaveTextContent('Līgums nevar beigties pirms tā sākuma'),
    );
  });

  it.each([
    ['number', 'contract-form-number-problem', 'Enter the contract number'],
    ['serviceIds', 'contract-form-serviceIds-problem', 'The service “x” is not in the catalogue'],
  ])('a Rust error for %s shows at that field', async (field, testid, text) => {
    const user = await renderScreen();
    await fillIn(user, { number: 'L-1', from: '01.06.2026', services: ['email'] });
    mockApi.saveContract.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'invalidInput', field, detail: null, message: { lv: text, en: text } },
    });
    await user.click(screen.getByTestId('contract-form-save'));
    expect(await screen.findByTestId(testid)).toHaveTextContent(text);
  });

  it('an error without a field shows under the form', async () => {
    const user = await renderScreen();
    await fillIn(user, { number: 'L-1', from: '01.06.2026', services: ['email'] });
    mockApi.saveContract.mockResolvedValueOnce({
      status: 'error',
      error: {
        code: 'invalidInput',
        field: null,
        detail: null,
        message: {
          lv: 'To var darīt tikai e-pasta savienojumā',
          en: 'Only on an e-mail connection: VRAA’s API reports the status and the contracts itself',
        },
      },
    });
    await user.click(screen.getByTestId('contract-form-save'));
    expect(await screen.findByTestId('contract-form-error')).toHaveTextContent(
      'The contract could not be saved: Only on an e-mail connection',
    );
  });

  it('asks for what is missing before sending anything', async () => {
    const user = await renderScreen();
    await user.click(screen.getByTestId('contract-form-save'));
    expect(mockApi.saveContract).not.toHaveBeenCalled();
    expect(screen.getByTestId('contract-form-number-problem')).toHaveTextContent('Enter the contract number');
    expect(screen.getByTestId('contract-form-validFrom-problem')).toHaveTextContent('Enter the day the contract starts');
    expect(screen.getByTestId('contract-form-serviceIds-problem')).toHaveTextContent('Choose at least one service');
    expect(screen.getByTestId('contract-form-number')).toHaveFocus();
  });

  it('does not save an end date it cannot read as "open-ended"', async () => {
    const user = await renderScreen();
    await fillIn(user, { number: 'L-1', from: '01.06.2026', to: '31022027', services: ['email'] });
    await user.click(screen.getByTestId('contract-form-save'));
    expect(mockApi.saveContract).not.toHaveBeenCalled();
    expect(screen.getByTestId('contract-form-valid-to-error')).toBeInTheDocument();
  });

  it('a start date it cannot read is said once, by the date field', async () => {
    const user = await renderScreen();
    await fillIn(user, { number: 'L-1', from: '31022026', services: ['email'] });
    await user.click(screen.getByTestId('contract-form-save'));
    expect(mockApi.saveContract).not.toHaveBeenCalled();
    expect(screen.getByTestId('contract-form-valid-from-error')).toHaveTextContent('31.02.2026.');
    expect(screen.queryByTestId('contract-form-validFrom-problem')).toBeNull();
    expect(screen.getByTestId('contract-form-valid-from')).toHaveFocus();
  });

  it('deletes an entered contract only after asking, then reads the report again', async () => {
    mockApi.getContractReport.mockResolvedValue(ok(structuredClone(entered)));
    const user = await renderScreen();
    const item = await screen.findByTestId('contract-item');

    // Asked first; going back deletes nothing.
    await user.click(within(item).getByRole('button', { name: 'Delete contract No. VRAA-L-2025/7' }));
    const dialog = screen.getByTestId('confirm-dialog');
    expect(dialog).toHaveAttribute('open');
    expect(dialog).toHaveTextContent('Delete contract No. VRAA-L-2025/7?');
    await user.click(within(dialog).getByTestId('confirm-no'));
    expect(dialog).not.toHaveAttribute('open');
    expect(mockApi.deleteContract).not.toHaveBeenCalled();

    mockApi.getContractReport.mockResolvedValue(ok(structuredClone(nothingYet)));
    await user.click(screen.getByTestId('contract-delete'));
    await user.click(within(screen.getByTestId('confirm-dialog')).getByTestId('confirm-yes'));
    expect(mockApi.deleteContract).toHaveBeenCalledTimes(1);
    expect(mockApi.deleteContract).toHaveBeenCalledWith('local-VRAA-L-2025/7');
    await vi.waitFor(() => expect(screen.queryByTestId('contract-item')).toBeNull());
    expect(mockApi.getContractReport).toHaveBeenCalledTimes(2);
  });

  it('says when deleting failed', async () => {
    mockApi.getContractReport.mockResolvedValue(ok(structuredClone(entered)));
    mockApi.deleteContract.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'database', field: null, detail: null, message: { lv: 'Datubāze aizņemta', en: 'The database is busy' } },
    });
    const user = await renderScreen();
    await user.click(await screen.findByTestId('contract-delete'));
    await user.click(within(screen.getByTestId('confirm-dialog')).getByTestId('confirm-yes'));
    expect(await screen.findByTestId('contract-delete-error')).toHaveTextContent(
      'Contract No. VRAA-L-2025/7 could not be deleted: The database is busy',
    );
    expect(screen.getByTestId('contract-item')).toBeInTheDocument();
  });
});
