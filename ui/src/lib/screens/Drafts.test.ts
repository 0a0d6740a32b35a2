import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '$lib/api';
import { appState } from '$lib/app-state.svelte';
import { applyLanguage } from '$lib/i18n/i18n.svelte';
import { polyfillDialog, type FormsApi } from '$lib/forms/test-api';
import { draftView } from '$lib/forms/test-fixtures';
import Drafts from './Drafts.svelte';

vi.mock('$lib/api', async () => {
  const { createFormsApi } = await import('$lib/forms/test-api');
  return { api: createFormsApi() };
});

const mockApi = api as unknown as FormsApi;

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
    const events: { changed?: () => void } = {};
    mockApi.onDraftsChanged.mockImplementation(async (callback: () => void) => {
      events.changed = callback;
      return { status: 'ok' as const, data: () => {} };
    });
    mockApi.listDrafts
      .mockResolvedValueOnce({ status: 'ok', data: [] })
      .mockResolvedValueOnce({ status: 'ok', data: [newer] });
    render(Drafts);
    await screen.findByTestId('empty-state');
    events.changed?.();
    expect(await screen.findByTestId('draft-row')).toHaveTextContent('Licence Annai');
  });
});
