import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '$lib/api';
import { appState } from '$lib/app-state.svelte';
import { applyLanguage } from '$lib/i18n/i18n.svelte';
import { polyfillDialog } from '$lib/testing/dialog';
import { dataListenerCount, emitDataChanged, type MockApi } from '$lib/testing/mock-api';
import { draftView } from './test-fixtures';
import Drafts from './Drafts.svelte';

vi.mock('$lib/api', async () => {
  const { createMockApi } = await import('$lib/testing/mock-api');
  return { api: createMockApi() };
});

const mockApi = api as unknown as MockApi;

beforeAll(polyfillDialog);
beforeEach(() => {
  vi.resetAllMocks();
  appState.notices = [];
  applyLanguage('lv');
});

const older = draftView({ id: 'd-old', subject: '', updatedAt: '2026-11-20T08:05:00Z', attachments: ['/a.pdf'] });
const newer = draftView({ id: 'd-new', subject: 'Licence Annai', updatedAt: '2026-11-23T14:42:00Z' });

describe('drafts screen', () => {
  it('lists drafts newest first with type, subject and the Riga save time', async () => {
    mockApi.listDrafts.mockResolvedValueOnce({ status: 'ok', data: [older, newer] });
    render(Drafts);
    const rows = await screen.findAllByTestId('draft-row');
    expect(rows.map((r) => r.dataset.id)).toEqual(['d-new', 'd-old']);
    expect(rows[0]).toHaveTextContent('Piešķirt licenci');
    expect(rows[0]).toHaveTextContent('Licence Annai');
    expect(rows[0]).toHaveTextContent('Saglabāts 23.11.2026. 16:42');
    expect(rows[1]).toHaveTextContent('(bez temata)');
    expect(rows[1]).toHaveTextContent('Saglabāts 20.11.2026. 10:05');
    expect(rows[1]).toHaveTextContent('Pielikumi: 1');
    const [resume] = screen.getAllByTestId('draft-resume');
    expect(resume).toHaveAttribute('href', '#/new-request/d-new');
    expect(resume).toHaveAccessibleName('Turpināt melnrakstu „Licence Annai”');
  });

  it('shows the empty state', async () => {
    render(Drafts);
    expect(await screen.findByTestId('empty-state')).toHaveTextContent('Nepabeigtu pieteikumu nav');
  });

  it('discards only after confirming, and cancelling keeps the draft', async () => {
    mockApi.listDrafts.mockResolvedValue({ status: 'ok', data: [newer] });
    const user = userEvent.setup();
    render(Drafts);
    await user.click(await screen.findByTestId('draft-discard'));
    const dialog = screen.getByTestId('confirm-dialog');
    expect(dialog).toHaveAttribute('open');
    // The safe choice has focus: Enter does not discard.
    expect(screen.getByTestId('confirm-no')).toHaveFocus();
    expect(dialog).toHaveTextContent('Melnraksts „Licence Annai” tiks neatgriezeniski dzēsts');
    await user.click(screen.getByTestId('confirm-no'));
    expect(dialog).not.toHaveAttribute('open');
    expect(mockApi.deleteDraft).not.toHaveBeenCalled();

    await user.click(screen.getByTestId('draft-discard'));
    await user.click(screen.getByTestId('confirm-yes'));
    expect(mockApi.deleteDraft).toHaveBeenCalledWith('d-new');
    await waitFor(() => expect(screen.queryAllByTestId('draft-row')).toHaveLength(0));
    expect(appState.notices.at(-1)).toMatchObject({ key: 'drafts.discarded' });
  });

  it('reloads when the store says the drafts changed', async () => {
    mockApi.listDrafts
      .mockResolvedValueOnce({ status: 'ok', data: [] })
      .mockResolvedValueOnce({ status: 'ok', data: [newer] });
    const view = render(Drafts);
    await screen.findByTestId('empty-state');
    emitDataChanged(mockApi, { kind: 'outbox' });
    emitDataChanged(mockApi, { kind: 'drafts' });
    expect(await screen.findByTestId('draft-row')).toHaveTextContent('Licence Annai');
    expect(mockApi.listDrafts).toHaveBeenCalledTimes(2);
    view.unmount();
    expect(dataListenerCount(mockApi)).toBe(0);
  });
});
