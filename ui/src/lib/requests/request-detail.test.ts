import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '$lib/api';
import type { RequestView } from '$lib/bindings';
import { applyLanguage } from '$lib/i18n/i18n.svelte';
import RequestDetail from './RequestDetail.svelte';
import { clock, requestView } from './fixtures';
import { dataListenerCount, emitDataChanged, type MockApi } from '$lib/testing/mock-api';

vi.mock('$lib/api', async () => {
  const { createMockApi } = await import('$lib/testing/mock-api');
  const { requestView, sampleCatalogue } = await import('./fixtures');
  const mock = createMockApi();
  // This folder's fixtures rather than the shared mock's empty answers.
  mock.getCatalogue.mockImplementation(async () => ({ status: 'ok', data: structuredClone(sampleCatalogue) }));
  mock.getRequest.mockImplementation(async () => ({ status: 'ok', data: requestView() }));
  mock.openAttachment.mockResolvedValue({
    status: 'ok',
    data: '/home/anna/.local/share/lv.vraa.desk/opened/20261123T100000-1a2b3c4d/ekrans.png',
  });
  return { api: mock };
});

const mockApi = api as unknown as MockApi;
const ok = <T>(data: T) => ({ status: 'ok' as const, data });

async function renderDetail(view: RequestView = requestView()): Promise<void> {
  mockApi.getRequest.mockResolvedValue(ok(view));
  render(RequestDetail, { id: view.id });
  await screen.findByTestId('request-heading');
}

beforeEach(() => {
  vi.clearAllMocks();
  applyLanguage('en');
});

afterEach(() => {
  vi.useRealTimers();
});

describe('request detail', () => {
  it('shows the request and marks it read', async () => {
    await renderDetail();
    expect(mockApi.getRequest).toHaveBeenCalledWith('r-1');
    expect(mockApi.markRequestRead).toHaveBeenCalledWith('r-1');
    expect(screen.getByTestId('request-heading')).toHaveTextContent('VRAA-00001');
    expect(screen.getByTestId('request-heading')).toHaveTextContent('DVS neatver dokumentus');
    expect(screen.getByTestId('request-status')).toHaveAttribute('data-status', 'in_progress');
    expect(screen.getByTestId('request-status')).toHaveTextContent('In progress');
    const fields = screen.getByTestId('request-fields');
    expect(fields).toHaveTextContent('Module');
    expect(fields).toHaveTextContent('Records management');
    expect(fields).toHaveTextContent('Document management system');
    expect(fields).toHaveTextContent('20.11.2026. 10:00');
    expect(screen.getByTestId('request-description')).toHaveTextContent('Kopš rīta DVS neatver PDF dokumentus.');

    applyLanguage('lv');
    await vi.waitFor(() => expect(screen.getByTestId('request-fields')).toHaveTextContent('Modulis'));
    expect(screen.getByTestId('request-fields')).toHaveTextContent('Lietvedība');
    expect(screen.getByTestId('request-status')).toHaveTextContent('Izpildē');
  });

  it('shows the history oldest first with who and when', async () => {
    await renderDetail();
    const items = screen.getAllByTestId('timeline-item');
    expect(items.map((item) => item.dataset.kind)).toEqual(['status', 'status', 'comment', 'attachment']);
    expect(items[0]).toHaveTextContent('20.11.2026. 10:00 · Anna Bērziņa');
    expect(items[0]).toHaveTextContent('Status: Submitted');
    expect(items[1]).toHaveTextContent('Jānis Ozols (VRAA)');
    expect(items[1]).toHaveTextContent('Status changed: Submitted → In progress');
    expect(items[2]).toHaveTextContent('Lūdzu, atsūtiet ekrānuzņēmumu.');
    expect(items[3]).toHaveTextContent('File added: ekrans.png (150 KB)');
  });

  it('names VRAA staff once, and the system as such', async () => {
    await renderDetail(
      requestView({
        timeline: [
          { kind: 'status', at: '2026-11-20T08:00:00Z', from: null, to: 'registered', by: { kind: 'system', name: 'sync' } },
          { kind: 'comment', at: '2026-11-20T09:00:00Z', id: 'c', author: { kind: 'staff', name: 'Pēteris Avotiņš (VRAA)' }, body: 'Labi' },
        ],
      }),
    );
    const [first, second] = screen.getAllByTestId('timeline-item');
    expect(first).toHaveTextContent('· System');
    expect(second).toHaveTextContent('· Pēteris Avotiņš (VRAA)');
    expect(second).not.toHaveTextContent('(VRAA) (VRAA)');
  });

  it('shows a running clock with target, deadline in Riga time, remaining time and progress', async () => {
    await renderDetail();
    const shown = screen.getByTestId('sla-clock');
    expect(shown).toHaveAttribute('data-state', 'onTrack');
    expect(shown).toHaveTextContent('Resolution');
    expect(shown).toHaveTextContent('Target: 10 working days');
    expect(shown).toHaveTextContent('On track');
    expect(within(shown).getByTestId('sla-remaining')).toHaveTextContent('Remaining: 2 d 16 h');
    expect(within(shown).getByTestId('sla-due')).toHaveTextContent('Due: 04.12.2026. 16:00');
    const bar = within(shown).getByRole('progressbar');
    expect(bar).toHaveAttribute('aria-valuenow', '20');
    expect(bar).toHaveAttribute('aria-valuetext', '20% of the time used');
  });

  it('shows breached, paused and met clocks for what they are', async () => {
    await renderDetail(
      requestView({
        clocks: [
          clock({ policyId: 'a', state: 'breached', remainingSeconds: -7200, usedShare: 1.3, dueAt: null, breachedAt: '2026-11-23T08:00:00Z' }),
          clock({ policyId: 'b', state: 'paused', remainingSeconds: 3600, dueAt: null }),
          clock({ policyId: 'c', state: 'met', stoppedAt: '2026-11-21T12:00:00Z', dueAt: null, usedShare: 0.5 }),
        ],
      }),
    );
    const [breached, paused, met] = screen.getAllByTestId('sla-clock');
    expect(breached).toHaveTextContent('Breached');
    expect(breached).toHaveTextContent('Overdue by 2 h 0 min');
    expect(breached).toHaveTextContent('Breached since 23.11.2026. 10:00');
    expect(within(breached as HTMLElement).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
    expect(within(breached as HTMLElement).getByRole('progressbar')).toHaveAttribute('aria-valuetext', '130% of the time used');
    expect(paused).toHaveTextContent('Paused');
    expect(paused).toHaveTextContent('Remaining: 1 h 0 min');
    expect(met).toHaveTextContent('Met');
    expect(within(met as HTMLElement).queryByTestId('sla-remaining')).toBeNull();
    expect(met).toHaveTextContent('Stopped 21.11.2026. 14:00');
  });

  it('offers only the actions the status allows', async () => {
    await renderDetail(requestView({ allowedActions: ['comment', 'cancel'] }));
    expect(screen.getByTestId('comment-input')).toBeInTheDocument();
    expect(screen.getByTestId('action-cancel')).toBeInTheDocument();
    for (const id of ['action-confirmResolution', 'action-rate', 'action-reopen', 'action-attach', 'action-provideInformation']) {
      expect(screen.queryByTestId(id)).toBeNull();
    }
  });

  it('says when no action is allowed', async () => {
    await renderDetail(requestView({ allowedActions: [], status: 'closed' }));
    expect(screen.getByTestId('no-actions')).toHaveTextContent('No actions are available');
    expect(screen.queryByTestId('comment-input')).toBeNull();
  });

  it('queues a comment, refusing an empty one, and shows the backend’s message on failure', async () => {
    await renderDetail();
    const user = userEvent.setup();
    await user.click(screen.getByTestId('comment-send'));
    expect(screen.getByTestId('message-comment')).toHaveTextContent('Write a comment.');
    expect(mockApi.queueAction).not.toHaveBeenCalled();

    await user.type(screen.getByTestId('comment-input'), '  Paldies!  ');
    await user.click(screen.getByTestId('comment-send'));
    await vi.waitFor(() => expect(mockApi.queueAction).toHaveBeenCalledWith('r-1', { kind: 'comment', body: 'Paldies!' }));
    expect(screen.getByTestId('message-comment')).toHaveTextContent('Saved on this computer.');
    expect(screen.getByTestId('comment-input')).toHaveValue('');

    mockApi.queueAction.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'invalidInput', field: 'body', detail: null, message: { lv: 'Par garu', en: 'Too long' } },
    });
    await user.type(screen.getByTestId('comment-input'), 'x');
    await user.click(screen.getByTestId('comment-send'));
    await vi.waitFor(() => expect(screen.getByTestId('message-comment')).toHaveTextContent('The action could not be saved: Too long'));
    expect(screen.getByTestId('comment-input')).toHaveValue('x');
  });

  it('provides information and reopens only with a comment', async () => {
    await renderDetail(requestView({ status: 'waiting_for_customer', allowedActions: ['provideInformation', 'reopen'] }));
    const user = userEvent.setup();
    await user.type(screen.getByTestId('provide-information-input'), 'Lietotājs: anna.berzina');
    await user.click(screen.getByTestId('action-provideInformation'));
    await vi.waitFor(() =>
      expect(mockApi.queueAction).toHaveBeenCalledWith('r-1', { kind: 'provideInformation', comment: 'Lietotājs: anna.berzina' }),
    );

    await user.click(screen.getByTestId('action-reopen'));
    await user.click(screen.getByTestId('reopen-send'));
    expect(screen.getByTestId('message-reopen')).toHaveTextContent('Write a comment.');
    await user.type(screen.getByTestId('reopen-input'), 'Atkal nestrādā');
    await user.click(screen.getByTestId('reopen-send'));
    await vi.waitFor(() => expect(mockApi.queueAction).toHaveBeenLastCalledWith('r-1', { kind: 'reopen', comment: 'Atkal nestrādā' }));
  });

  it('cancels only after the confirmation dialog', async () => {
    await renderDetail();
    const user = userEvent.setup();
    const dialog = screen.getByTestId('cancel-dialog') as HTMLDialogElement;
    expect(dialog.open).toBe(false);
    await user.click(screen.getByTestId('action-cancel'));
    expect(dialog.open).toBe(true);
    await user.click(screen.getByTestId('cancel-dialog-keep'));
    expect(dialog.open).toBe(false);
    expect(mockApi.queueAction).not.toHaveBeenCalled();

    await user.click(screen.getByTestId('action-cancel'));
    await user.type(within(dialog).getByLabelText('Comment (optional)'), 'Vairs nav vajadzīgs');
    await user.click(screen.getByTestId('cancel-dialog-confirm'));
    await vi.waitFor(() =>
      expect(mockApi.queueAction).toHaveBeenCalledWith('r-1', { kind: 'cancel', comment: 'Vairs nav vajadzīgs' }),
    );
    expect(dialog.open).toBe(false);
  });

  it('confirms the resolution and rates it from 1 to 5', async () => {
    await renderDetail(requestView({ status: 'resolved', allowedActions: ['confirmResolution', 'rate', 'reopen'] }));
    const user = userEvent.setup();
    await user.click(screen.getByTestId('action-confirmResolution'));
    await vi.waitFor(() =>
      expect(mockApi.queueAction).toHaveBeenCalledWith('r-1', { kind: 'confirmResolution', comment: null }),
    );
    expect(screen.getByTestId('message-confirmResolution')).toHaveTextContent('Saved on this computer.');
    await user.type(screen.getByTestId('confirm-comment'), 'Strādā, paldies');
    await user.click(screen.getByTestId('action-confirmResolution'));
    await vi.waitFor(() =>
      expect(mockApi.queueAction).toHaveBeenLastCalledWith('r-1', { kind: 'confirmResolution', comment: 'Strādā, paldies' }),
    );

    await user.click(screen.getByTestId('action-rate'));
    expect(screen.getByRole('group', { name: 'Your rating' })).toBeInTheDocument();
    await user.click(screen.getByTestId('rating-submit'));
    expect(screen.getByTestId('message-rate')).toHaveTextContent('Choose a rating from 1 to 5.');
    await user.click(screen.getByLabelText('4 of 5'));
    expect(screen.getByTestId('rating-score-4')).toBeChecked();
    await user.type(screen.getByTestId('rating-comment'), 'Ātri');
    await user.click(screen.getByTestId('rating-submit'));
    await vi.waitFor(() =>
      expect(mockApi.queueAction).toHaveBeenLastCalledWith('r-1', { kind: 'rate', score: 4, comment: 'Ātri' }),
    );
  });

  it('attaches picked and dropped files, showing each refused file’s reason in the language', async () => {
    let drop: (paths: string[]) => void = () => {};
    mockApi.onFileDrop.mockImplementationOnce(async (cb) => {
      drop = cb;
      return ok(() => {});
    });
    await renderDetail();
    mockApi.pickFiles.mockResolvedValueOnce(ok(['/home/anna/a.pdf', '/home/anna/b.exe']));
    mockApi.attachFiles.mockResolvedValueOnce(
      ok([
        { path: '/home/anna/a.pdf', fileName: 'a.pdf', size: 100, contentType: 'application/pdf', problem: null },
        {
          path: '/home/anna/b.exe',
          fileName: 'b.exe',
          size: 100,
          contentType: null,
          problem: { field: 'attachments', lv: 'Šāda veida failus pievienot nedrīkst', en: 'Files of this type may not be attached' },
        },
      ]),
    );
    const user = userEvent.setup();
    await user.click(screen.getByTestId('action-attach'));
    await vi.waitFor(() => expect(mockApi.attachFiles).toHaveBeenCalledWith('r-1', ['/home/anna/a.pdf', '/home/anna/b.exe']));
    expect(await screen.findByTestId('attach-problems')).toHaveTextContent('b.exe: Files of this type may not be attached');
    expect(screen.getByTestId('message-attach')).toHaveTextContent('Files waiting to be sent: 1');

    applyLanguage('lv');
    mockApi.attachFiles.mockResolvedValueOnce(
      ok([
        {
          path: '/tmp/c.iso',
          fileName: 'c.iso',
          size: 9e9,
          contentType: null,
          problem: { field: 'attachments', lv: 'Fails ir par lielu', en: 'The file is too large' },
        },
      ]),
    );
    drop(['/tmp/c.iso']);
    await vi.waitFor(() => expect(screen.getByTestId('attach-problems')).toHaveTextContent('c.iso: Fails ir par lielu'));
    expect(mockApi.attachFiles).toHaveBeenLastCalledWith('r-1', ['/tmp/c.iso']);
    expect(screen.getByTestId('message-attach')).toHaveTextContent('');
  });

  it('lists pending actions, with VRAA’s message for a parked one', async () => {
    await renderDetail(
      requestView({
        pending: [
          { seq: 4, kind: 'comment', state: 'pending', createdAt: '2026-11-23T15:00:00Z', summary: 'Paldies', problem: null },
          {
            seq: 5,
            kind: 'reopen',
            state: 'parked',
            createdAt: '2026-11-23T15:05:00Z',
            summary: 'Atkal',
            problem: {
              title: { lv: 'Pieteikums jau slēgts', en: 'The request is already closed' },
              detail: { lv: 'Atvērt var 14 dienu laikā', en: 'It can be reopened within 14 days' },
              status: 409,
              fieldErrors: [],
            },
          },
        ],
      }),
    );
    const [waiting, parked] = screen.getAllByTestId('pending-action');
    expect(waiting).toHaveAttribute('data-state', 'pending');
    expect(waiting).toHaveTextContent('Comment · waiting to be sent');
    expect(parked).toHaveAttribute('data-state', 'parked');
    expect(parked).toHaveTextContent('The request is already closed');
    expect(parked).toHaveTextContent('It can be reopened within 14 days');
    expect(parked).not.toHaveTextContent('jau slēgts');
    applyLanguage('lv');
    await vi.waitFor(() => expect(screen.getAllByTestId('pending-action')[1]).toHaveTextContent('Pieteikums jau slēgts'));
    expect(screen.getAllByTestId('pending-action')[0]).toHaveTextContent('gaida nosūtīšanu');
  });

  it('opens and saves attachments', async () => {
    await renderDetail();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Open ekrans.png' }));
    expect(mockApi.openAttachment).toHaveBeenCalledWith('r-1', 'a-1');
    await vi.waitFor(() =>
      expect(screen.getByTestId('attachment-message')).toHaveTextContent(
        'A read-only copy was opened: /home/anna/.local/share/lv.vraa.desk/opened/20261123T100000-1a2b3c4d/ekrans.png',
      ),
    );
    expect(screen.getByTestId('attachment-message')).toHaveTextContent('“Save as”');
    // A type that could run a program is refused by the Rust side and can only be saved.
    mockApi.openAttachment.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'openRefused', field: null, detail: null, message: null },
    });
    await user.click(screen.getByRole('button', { name: 'Open ekrans.png' }));
    await vi.waitFor(() =>
      expect(screen.getByTestId('attachment-message')).toHaveTextContent('VRAA Desk does not open this file'),
    );
    expect(screen.getByTestId('attachment-message')).toHaveTextContent('Use “Save…” to keep a copy');
    mockApi.pickSavePath.mockResolvedValueOnce(ok<string | null>('/home/anna/ekrans.png'));
    await user.click(screen.getByRole('button', { name: 'Save ekrans.png' }));
    await vi.waitFor(() => expect(mockApi.saveAttachment).toHaveBeenCalledWith('r-1', 'a-1', '/home/anna/ekrans.png'));
    expect(mockApi.pickSavePath).toHaveBeenCalledWith('Save the attachment', 'ekrans.png');
    expect(screen.getByTestId('attachment-message')).toHaveTextContent('Attachment saved: /home/anna/ekrans.png');
  });

  it('re-reads the request when it changes and every 30 seconds', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    await renderDetail();
    expect(mockApi.getRequest).toHaveBeenCalledTimes(1);
    emitDataChanged(api, { kind: 'requests', ids: ['r-2'] });
    emitDataChanged(api, { kind: 'drafts' });
    expect(mockApi.getRequest).toHaveBeenCalledTimes(1);
    mockApi.getRequest.mockResolvedValueOnce(ok(requestView({ status: 'resolved' })));
    emitDataChanged(api, { kind: 'requests', ids: ['r-1'] });
    await vi.waitFor(() => expect(screen.getByTestId('request-status')).toHaveAttribute('data-status', 'resolved'));
    vi.advanceTimersByTime(30_000);
    expect(mockApi.getRequest).toHaveBeenCalledTimes(3);
  });

  it('follows a request opened by its local id under the id VRAA gave it, and the outbox', async () => {
    mockApi.getRequest.mockResolvedValue(ok(requestView({ id: 'r-900' })));
    const view = render(RequestDetail, { id: 'local-1' });
    await screen.findByTestId('request-heading');
    expect(mockApi.getRequest).toHaveBeenCalledTimes(1);
    emitDataChanged(api, { kind: 'requests', ids: ['r-900'] });
    await vi.waitFor(() => expect(mockApi.getRequest).toHaveBeenCalledTimes(2));
    emitDataChanged(api, { kind: 'outbox' });
    await vi.waitFor(() => expect(mockApi.getRequest).toHaveBeenCalledTimes(3));
    expect(mockApi.getRequest).toHaveBeenLastCalledWith('local-1');
    // Leaving the request stops following it.
    view.unmount();
    expect(dataListenerCount(api)).toBe(0);
    emitDataChanged(api, { kind: 'all' });
    expect(mockApi.getRequest).toHaveBeenCalledTimes(3);
  });

  it('says when the request does not exist', async () => {
    mockApi.getRequest.mockResolvedValue({ status: 'error', error: { code: 'notFound', field: null, detail: null } });
    render(RequestDetail, { id: 'nope' });
    expect(await screen.findByTestId('request-error')).toHaveTextContent('The request was not found.');
  });
});
