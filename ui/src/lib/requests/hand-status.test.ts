// The request detail on an e-mail connection: the status the user sets by hand (VRAA's mail
// cannot tell every status).
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '$lib/api';
import type { ConnectionView, RequestStatus, RequestView } from '$lib/bindings';
import { connection } from '$lib/connection.svelte';
import { applyLanguage } from '$lib/i18n/i18n.svelte';
import RequestDetail from './RequestDetail.svelte';
import { mailConnection, sampleConnection, sampleMailSettings, type MockApi } from '$lib/testing/mock-api';
import { requestView } from './fixtures';

vi.mock('$lib/api', async () => {
  const { createMockApi } = await import('$lib/testing/mock-api');
  const { requestView, sampleCatalogue } = await import('./fixtures');
  const mock = createMockApi();
  // This folder's fixtures rather than the shared mock's empty answers.
  mock.getCatalogue.mockImplementation(async () => ({ status: 'ok', data: structuredClone(sampleCatalogue) }));
  mock.getRequest.mockImplementation(async () => ({ status: 'ok', data: requestView() }));
  return { api: mock };
});

const mockApi = api as unknown as MockApi;
const ok = <T>(data: T) => ({ status: 'ok' as const, data });

const byMail: ConnectionView = mailConnection(sampleMailSettings);

async function renderDetail(view: RequestView): Promise<void> {
  mockApi.getRequest.mockResolvedValue(ok(view));
  render(RequestDetail, { id: view.id });
  await screen.findByTestId('request-heading');
}

const shownChoices = (): string[] =>
  within(screen.getByTestId('hand-status'))
    .getAllByRole('button')
    .map((button) => button.dataset.testid ?? '');

beforeEach(() => {
  vi.clearAllMocks();
  applyLanguage('en');
  connection.apply(structuredClone(byMail));
});

describe('status set by hand (e-mail connection)', () => {
  it('is not offered on a server connection, nor in the demo', async () => {
    connection.apply(structuredClone(sampleConnection));
    await renderDetail(requestView({ status: 'registered' }));
    expect(screen.queryByTestId('hand-status')).toBeNull();

    connection.apply({ ...structuredClone(sampleConnection), mode: 'demo' });
    await vi.waitFor(() => expect(screen.getByTestId('request-heading')).toBeInTheDocument());
    expect(screen.queryByTestId('hand-status')).toBeNull();
  });

  it('appears when the connection becomes e-mail', async () => {
    connection.apply(structuredClone(sampleConnection));
    await renderDetail(requestView({ status: 'registered' }));
    expect(screen.queryByTestId('hand-status')).toBeNull();
    connection.apply(structuredClone(byMail));
    expect(await screen.findByTestId('hand-status')).toBeInTheDocument();
  });

  it.each<[RequestStatus, string[]]>([
    ['submitted', ['hand-status-in_progress', 'hand-status-resolved', 'hand-status-closed']],
    ['registered', ['hand-status-in_progress', 'hand-status-resolved', 'hand-status-closed']],
    ['waiting_for_customer', ['hand-status-in_progress', 'hand-status-resolved', 'hand-status-closed']],
    ['reopened', ['hand-status-in_progress', 'hand-status-resolved', 'hand-status-closed']],
    ['in_progress', ['hand-status-resolved', 'hand-status-closed']],
    ['resolved', ['hand-status-in_progress', 'hand-status-closed']],
  ])('in status %s offers %j', async (status, expected) => {
    await renderDetail(requestView({ status }));
    expect(shownChoices()).toEqual(expected);
  });

  it.each<RequestStatus>(['closed', 'cancelled'])('offers nothing once the request is %s', async (status) => {
    await renderDetail(requestView({ status }));
    expect(screen.queryByTestId('hand-status')).toBeNull();
  });

  it('names the control and explains that VRAA’s later mail will not change it, in both languages', async () => {
    await renderDetail(requestView({ status: 'in_progress' }));
    const control = screen.getByTestId('hand-status');
    expect(within(control).getByRole('heading')).toHaveTextContent('Status from VRAA’s mail');
    expect(control).toHaveTextContent('VRAA’s later mail no longer changes a status set by hand');
    expect(screen.getByTestId('hand-status-resolved')).toHaveTextContent('Mark resolved');
    expect(screen.getByTestId('hand-status-closed')).toHaveTextContent('Mark closed');

    applyLanguage('lv');
    await vi.waitFor(() => expect(within(control).getByRole('heading')).toHaveTextContent('Statuss pēc VRAA vēstulēm'));
    expect(control).toHaveTextContent('VRAA vēlākās vēstules ar roku iestatītu statusu vairs nemaina');
    expect(screen.getByTestId('hand-status-resolved')).toHaveTextContent('Atzīmēt kā atrisinātu');
    expect(screen.getByTestId('hand-status-closed')).toHaveTextContent('Atzīmēt kā slēgtu');
  });

  it('sets the status with the request’s id and shows the request again', async () => {
    const user = userEvent.setup();
    await renderDetail(requestView({ status: 'in_progress' }));
    expect(mockApi.getRequest).toHaveBeenCalledTimes(1);
    // What the Rust side answers once the status is set.
    mockApi.getRequest.mockResolvedValue(ok(requestView({ status: 'resolved' })));

    await user.click(screen.getByTestId('hand-status-resolved'));

    expect(mockApi.setStatusByHand).toHaveBeenCalledTimes(1);
    expect(mockApi.setStatusByHand).toHaveBeenCalledWith('r-1', 'resolved');
    await vi.waitFor(() => expect(screen.getByTestId('request-status')).toHaveAttribute('data-status', 'resolved'));
    expect(mockApi.getRequest).toHaveBeenCalledTimes(2);
    expect(screen.getByTestId('hand-status-message')).toHaveTextContent('Status set: Resolved.');
    expect(shownChoices()).toEqual(['hand-status-in_progress', 'hand-status-closed']);
  });

  it('marking closed removes the control (nothing more to set)', async () => {
    const user = userEvent.setup();
    await renderDetail(requestView({ status: 'resolved' }));
    mockApi.getRequest.mockResolvedValue(ok(requestView({ status: 'closed' })));
    await user.click(screen.getByTestId('hand-status-closed'));
    expect(mockApi.setStatusByHand).toHaveBeenCalledWith('r-1', 'closed');
    await vi.waitFor(() => expect(screen.queryByTestId('hand-status')).toBeNull());
  });

  it('shows the Rust side’s refusal as an action error and does not re-read', async () => {
    const user = userEvent.setup();
    await renderDetail(requestView({ status: 'in_progress' }));
    mockApi.setStatusByHand.mockResolvedValueOnce({
      status: 'error',
      error: {
        code: 'invalidInput',
        field: null,
        detail: null,
        message: {
          lv: 'To var darīt tikai e-pasta savienojumā: VRAA API pats paziņo statusu un līgumus',
          en: 'Only on an e-mail connection: VRAA’s API reports the status and the contracts itself',
        },
      },
    });
    await user.click(screen.getByTestId('hand-status-closed'));
    const message = await screen.findByRole('alert');
    expect(message).toHaveAttribute('data-testid', 'hand-status-message');
    expect(message).toHaveTextContent(
      'The status could not be set: Only on an e-mail connection: VRAA’s API reports the status and the contracts itself',
    );
    expect(mockApi.getRequest).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('request-status')).toHaveAttribute('data-status', 'in_progress');
  });
});
