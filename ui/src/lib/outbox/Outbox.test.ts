import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '$lib/api';
import type { OutboxItemView } from '$lib/bindings';
import { appState } from '$lib/app-state.svelte';
import { applyLanguage } from '$lib/i18n/i18n.svelte';
import { polyfillDialog } from '$lib/testing/dialog';
import { dataListenerCount, emitDataChanged, type MockApi } from '$lib/testing/mock-api';
import { catalogue, parkedCreate } from '$lib/new-request/test-fixtures';
import Outbox from './Outbox.svelte';

vi.mock('$lib/api', async () => {
  const { createMockApi } = await import('$lib/testing/mock-api');
  return { api: createMockApi() };
});

const mockApi = api as unknown as MockApi;

const pendingComment: OutboxItemView = {
  seq: 8,
  requestId: 'r-1',
  reference: 'VRAA-2026-00042',
  subject: 'Pastkaste nodaļai',
  kind: 'comment',
  summary: 'Lūdzu, paātriniet',
  state: 'pending',
  createdAt: '2026-11-23T12:00:00Z',
  attempts: 3,
  lastError: 'connection refused',
  answerLost: false,
  problem: null,
  draft: null,
};

beforeAll(polyfillDialog);
beforeEach(() => {
  vi.resetAllMocks();
  // The form screens' catalogue (licenceAssign and the rest), set again after the reset.
  mockApi.getCatalogue.mockImplementation(async () => ({ status: 'ok', data: structuredClone(catalogue) }));
  appState.notices = [];
  applyLanguage('lv');
});

describe('outbox screen', () => {
  it('lists parked and pending items with VRAA’s message in the current language', async () => {
    mockApi.listOutbox.mockResolvedValueOnce({ status: 'ok', data: [pendingComment, parkedCreate()] });
    render(Outbox);
    const items = await screen.findAllByTestId('outbox-item');
    expect(items.map((i) => i.dataset.state)).toEqual(['parked', 'pending']);
    const [parked, pending] = items as [HTMLElement, HTMLElement];
    expect(parked).toHaveTextContent('Jauns pieteikums');
    expect(parked).toHaveTextContent('Vēl nav reģistrēts VRAA');
    const problem = within(parked).getByTestId('outbox-problem');
    expect(problem).toHaveTextContent('Pieteikums nav derīgs');
    expect(problem).toHaveTextContent('HTTP statuss 422');
    expect(problem).toHaveTextContent('Nederīga e-pasta adrese');
    expect(within(parked).getByTestId('outbox-fix')).toBeInTheDocument();

    expect(pending).toHaveTextContent('Komentārs');
    expect(pending).toHaveTextContent('Pieteikums VRAA-2026-00042');
    expect(pending).toHaveTextContent('Izveidots 23.11.2026. 14:00');
    expect(pending).toHaveTextContent('Mēģinājumi: 3');
    expect(pending).toHaveTextContent('Pēdējā kļūda: connection refused');
    expect(within(pending).queryByTestId('outbox-fix')).toBeNull();

    applyLanguage('en');
    await waitFor(() => expect(within(parked).getByTestId('outbox-problem')).toHaveTextContent('The request is not valid'));
    expect(parked).toHaveTextContent('Not a valid e-mail address');
  });

  it('fixes a parked request: pre-filled form, VRAA’s errors, validation, resend', async () => {
    mockApi.listOutbox.mockResolvedValue({ status: 'ok', data: [parkedCreate()] });
    mockApi.validateRequest
      .mockResolvedValueOnce({
        status: 'ok',
        data: [{ field: 'user_email', lv: 'Joprojām nederīga adrese', en: 'Still not a valid address' }],
      })
      .mockResolvedValue({ status: 'ok', data: [] });
    const user = userEvent.setup();
    render(Outbox);
    await user.click(await screen.findByTestId('outbox-fix'));

    const email = await screen.findByTestId('field-user_email');
    expect(email).toHaveValue('anna@');
    expect(screen.getByTestId('field-user_name')).toHaveValue('Anna Bērziņa');
    expect(screen.getByTestId('field-subject')).toHaveValue('Licence Annai');
    // VRAA's field error is shown on the field at once.
    const form = screen.getByTestId('outbox-fix-form');
    expect(within(form).getByTestId('problem-user_email')).toHaveTextContent('Nederīga e-pasta adrese');
    expect(email).toHaveAttribute('aria-invalid', 'true');

    // Sending while still invalid: refused by validation, nothing resent.
    await user.click(screen.getByTestId('outbox-fix-send'));
    await waitFor(() => expect(within(form).getByTestId('problem-user_email')).toHaveTextContent('Joprojām nederīga adrese'));
    expect(mockApi.fixOutboxRequest).not.toHaveBeenCalled();

    // Editing another field: the local check finds nothing, but VRAA's message about the
    // unchanged e-mail stays.
    await user.type(screen.getByTestId('field-user_name'), ' Jr');
    await waitFor(() => expect(within(form).queryByText('Joprojām nederīga adrese')).toBeNull());
    expect(within(form).getByTestId('problem-user_email')).toHaveTextContent('Nederīga e-pasta adrese');

    await user.clear(email);
    await user.type(email, 'anna@iestade.lv');
    await waitFor(() => expect(within(form).queryByTestId('problem-user_email')).toBeNull());
    await user.click(screen.getByTestId('outbox-fix-send'));
    await waitFor(() =>
      expect(mockApi.fixOutboxRequest).toHaveBeenCalledWith(
        7,
        expect.objectContaining({
          requestTypeId: 'email.licence_assign',
          subject: 'Licence Annai',
          fields: { user_name: 'Anna Bērziņa Jr', user_email: 'anna@iestade.lv', licence: 'exchange_online_plan_1', purchase_needed: false },
        }),
      ),
    );
    await waitFor(() => expect(screen.queryByTestId('outbox-fix-form')).toBeNull());
    expect(appState.notices.at(-1)).toMatchObject({ key: 'outbox.fixed' });
  });

  it('retries and discards (after confirming) an item', async () => {
    mockApi.listOutbox.mockResolvedValue({ status: 'ok', data: [pendingComment] });
    const user = userEvent.setup();
    render(Outbox);
    await user.click(await screen.findByTestId('outbox-retry'));
    expect(mockApi.retryOutbox).toHaveBeenCalledWith(8);

    await user.click(screen.getByTestId('outbox-discard'));
    expect(screen.getByTestId('confirm-dialog')).toHaveTextContent('Darbība „Pastkaste nodaļai” netiks nosūtīta');
    await user.click(screen.getByTestId('confirm-yes'));
    expect(mockApi.discardOutbox).toHaveBeenCalledWith(8);
    await waitFor(() => expect(screen.queryAllByTestId('outbox-item')).toHaveLength(0));
  });

  it('says VRAA may already have a row whose answer was lost, and that VRAA kept it', async () => {
    const lost = { ...pendingComment, lastError: 'no answer was received', answerLost: true };
    mockApi.listOutbox.mockResolvedValue({ status: 'ok', data: [lost] });
    mockApi.discardOutbox.mockResolvedValueOnce({ status: 'ok', data: 'alreadyAtVraa' });
    const user = userEvent.setup();
    render(Outbox);
    expect(await screen.findByTestId('outbox-answer-lost')).toHaveTextContent('VRAA, iespējams, šo darbību jau ir saņēmusi');
    await user.click(screen.getByTestId('outbox-discard'));
    expect(screen.getByTestId('confirm-dialog')).toHaveTextContent('VRAA Desk vispirms pajautās VRAA');
    await user.click(screen.getByTestId('confirm-yes'));
    expect(mockApi.discardOutbox).toHaveBeenCalledWith(8);
    await waitFor(() => expect(appState.notices.at(-1)).toMatchObject({ key: 'outbox.alreadyAtVraa' }));
    applyLanguage('en');
  });

  it('follows the store’s change events and shows the empty state', async () => {
    mockApi.listOutbox
      .mockResolvedValueOnce({ status: 'ok', data: [pendingComment] })
      .mockResolvedValueOnce({ status: 'ok', data: [] });
    const view = render(Outbox);
    await screen.findByTestId('outbox-item');
    emitDataChanged(mockApi, { kind: 'drafts' });
    emitDataChanged(mockApi, { kind: 'outbox' });
    expect(await screen.findByTestId('empty-state')).toHaveTextContent('Izsūtne ir tukša');
    expect(mockApi.listOutbox).toHaveBeenCalledTimes(2);
    view.unmount();
    expect(dataListenerCount(mockApi)).toBe(0);
  });
});
