import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, type ApiResult } from '$lib/api';
import type { ConnectionView, MailSettings, SyncStatusView } from '$lib/bindings';
import { appState } from '$lib/app-state.svelte';
import { defaultSettings } from '$lib/defaults';
import { connection } from '$lib/connection.svelte';
import { applyLanguage } from '$lib/i18n/i18n.svelte';
import { syncStatus } from '$lib/sync-status.svelte';
import {
  mailConnection,
  sampleBrowserSignIn,
  sampleMailSettings,
  sampleSyncStatus,
  type MockApi,
} from '$lib/testing/mock-api';
import SyncCard from './SyncCard.svelte';

vi.mock('$lib/api', async () => {
  const { createMockApi } = await import('$lib/testing/mock-api');
  return { api: createMockApi() };
});

const mockApi = api as unknown as MockApi;

function status(overrides: Partial<SyncStatusView>): SyncStatusView {
  return { ...sampleSyncStatus, ...overrides };
}

/** Makes the next subscription hand its callback to the test, as the engine's event would call it. */
function captureEvents(): { emit: (status: SyncStatusView) => void; unlisten: ReturnType<typeof vi.fn> } {
  const unlisten = vi.fn();
  let listener: ((status: SyncStatusView) => void) | undefined;
  mockApi.onSyncStatus.mockImplementationOnce(async (callback) => {
    listener = callback;
    return { status: 'ok', data: unlisten };
  });
  return {
    emit: (next) => {
      if (!listener) throw new Error('the card did not subscribe to sync status events');
      listener(next);
    },
    unlisten,
  };
}

async function renderCard(initial: SyncStatusView | null = sampleSyncStatus): Promise<HTMLElement> {
  mockApi.getSyncStatus.mockResolvedValueOnce({ status: 'ok', data: initial });
  render(SyncCard);
  const card = screen.getByTestId('sync-status');
  await vi.waitFor(() => expect(card).not.toHaveAttribute('data-state', 'loading'));
  return card;
}

beforeEach(() => {
  vi.clearAllMocks();
  applyLanguage('en');
  appState.settings = { ...structuredClone(defaultSettings), serverUrl: 'https://vraa.example.lv' };
});

afterEach(() => {
  syncStatus.stop();
  connection.view = null;
});

describe('sync status card', () => {
  it('shows online with the last successful sync in Riga time, 24-hour', async () => {
    const card = await renderCard(status({ lastSuccessAt: '2026-11-23T15:02:00Z' }));
    expect(card).toHaveAttribute('data-connectivity', 'online');
    expect(screen.getByTestId('sync-state')).toHaveTextContent('Online: the VRAA server can be reached.');
    // 15:02 UTC is 17:02 in Riga (EET, UTC+2 in November).
    expect(screen.getByTestId('sync-last-success')).toHaveTextContent('Last successful sync: 23.11.2026. 17:02');
    expect(screen.queryByTestId('sync-last-error')).toBeNull();
    expect(screen.getByTestId('sync-now')).toBeEnabled();
  });

  it('shows offline with the error in the current language only', async () => {
    const card = await renderCard(
      status({
        connectivity: 'offline',
        lastErrorCode: 'syncOffline',
        lastErrorMessage: 'VRAA serveris nav sasniedzams: timeout / the VRAA server cannot be reached: timeout',
      }),
    );
    expect(card).toHaveAttribute('data-connectivity', 'offline');
    expect(screen.getByTestId('sync-state')).toHaveTextContent('Offline: the VRAA server cannot be reached.');
    expect(screen.getByTestId('sync-last-error')).toHaveTextContent(
      'Last error: the VRAA server cannot be reached: timeout',
    );
    expect(screen.getByTestId('sync-last-error')).not.toHaveTextContent('sasniedzams');

    applyLanguage('lv');
    await vi.waitFor(() =>
      expect(screen.getByTestId('sync-last-error')).toHaveTextContent(
        'Pēdējā kļūda: VRAA serveris nav sasniedzams: timeout',
      ),
    );
    expect(screen.getByTestId('sync-last-error')).not.toHaveTextContent('cannot be reached');
    expect(screen.getByTestId('sync-state')).toHaveTextContent('Bezsaistē');
  });

  it('says when nothing has been synced yet', async () => {
    const card = await renderCard(status({ connectivity: 'unknown', lastSuccessAt: null }));
    expect(card).toHaveAttribute('data-connectivity', 'unknown');
    expect(screen.getByTestId('sync-state')).toHaveTextContent('Not synced yet.');
    expect(screen.getByTestId('sync-last-success')).toHaveTextContent('There has been no successful sync yet.');
  });

  it('shows a run in progress and disables the button', async () => {
    await renderCard(status({ running: true }));
    expect(screen.getByTestId('sync-state')).toHaveTextContent('Syncing…');
    expect(screen.getByTestId('sync-now')).toBeDisabled();
  });

  it('asks for a new token when VRAA refused it, with a way to Settings', async () => {
    await renderCard(
      status({
        connectivity: 'online',
        needsToken: true,
        lastErrorCode: 'tokenRejected',
        lastErrorMessage: 'API pilnvara ir beigusies / the API token has expired or was revoked',
      }),
    );
    expect(screen.getByTestId('sync-state')).toHaveTextContent('VRAA refused the API key: enter a new one in Settings.');
    expect(screen.getByRole('link', { name: 'Open settings' })).toHaveAttribute('href', '#/settings');
  });

  it('asks for a token when none is stored', async () => {
    await renderCard(status({ needsToken: true, lastErrorCode: 'noToken', lastErrorMessage: 'nav / none' }));
    expect(screen.getByTestId('sync-state')).toHaveTextContent('No API key is stored: save one in Settings.');
  });

  it('says that no server is set', async () => {
    appState.settings = structuredClone(defaultSettings);
    await renderCard(status({ connectivity: 'unknown', lastErrorCode: 'noServer', lastSuccessAt: null }));
    expect(screen.getByTestId('sync-state')).toHaveTextContent('No VRAA server address is set: enter it in Settings.');
  });

  it('shows that sync does not run (damaged database) and disables the button', async () => {
    const card = await renderCard(null);
    expect(card).toHaveAttribute('data-state', 'unavailable');
    expect(screen.getByTestId('sync-state')).toHaveTextContent('Synchronisation is not running.');
    expect(screen.queryByTestId('sync-last-success')).toBeNull();
    expect(screen.getByTestId('sync-now')).toBeDisabled();
  });

  it('shows why the status could not be read', async () => {
    mockApi.getSyncStatus.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'internal', field: null, detail: 'IPC channel closed' },
    });
    render(SyncCard);
    expect(await screen.findByTestId('sync-message')).toHaveTextContent('The sync status could not be read:');
    expect(screen.getByTestId('sync-message')).toHaveTextContent('IPC channel closed');
    expect(screen.getByTestId('sync-now')).toBeDisabled();
  });

  it('follows the engine’s events without asking again', async () => {
    const events = captureEvents();
    const card = await renderCard(status({ connectivity: 'online' }));
    expect(mockApi.onSyncStatus).toHaveBeenCalledTimes(1);

    events.emit(status({ running: true }));
    await vi.waitFor(() => expect(screen.getByTestId('sync-state')).toHaveTextContent('Syncing…'));
    expect(screen.getByTestId('sync-now')).toBeDisabled();

    events.emit(
      status({
        connectivity: 'offline',
        lastErrorCode: 'syncOffline',
        lastErrorMessage: 'nav savienojuma / no connection',
      }),
    );
    await vi.waitFor(() => expect(card).toHaveAttribute('data-connectivity', 'offline'));
    expect(screen.getByTestId('sync-last-error')).toHaveTextContent('Last error: no connection');
    expect(screen.getByTestId('sync-now')).toBeEnabled();
    expect(mockApi.getSyncStatus).toHaveBeenCalledTimes(1);

    syncStatus.stop();
    expect(events.unlisten).toHaveBeenCalledTimes(1);
  });

  it('keeps an event that arrives before the first status answer', async () => {
    const events = captureEvents();
    let answer: (value: Awaited<ReturnType<MockApi['getSyncStatus']>>) => void = () => {};
    mockApi.getSyncStatus.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    render(SyncCard);
    await vi.waitFor(() => expect(mockApi.getSyncStatus).toHaveBeenCalled());
    events.emit(status({ connectivity: 'offline' }));
    answer({ status: 'ok', data: status({ connectivity: 'online' }) });
    await vi.waitFor(() => expect(screen.getByTestId('sync-status')).toHaveAttribute('data-connectivity', 'offline'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(screen.getByTestId('sync-status')).toHaveAttribute('data-connectivity', 'offline');
  });

  it('asks the engine to sync when the button is pressed', async () => {
    const user = userEvent.setup();
    await renderCard();
    await user.click(screen.getByTestId('sync-now'));
    expect(mockApi.syncNow).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId('sync-message')).toBeNull();
  });

  it('says so when the engine answers that sync does not run', async () => {
    mockApi.syncNow.mockResolvedValueOnce({ status: 'ok', data: false });
    const user = userEvent.setup();
    await renderCard();
    await user.click(screen.getByTestId('sync-now'));
    expect(await screen.findByTestId('sync-message')).toHaveTextContent(
      'Synchronisation is not running, so it cannot be started.',
    );
  });

  it('shows a failed sync request', async () => {
    mockApi.syncNow.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'internal', field: null, detail: 'IPC channel closed' },
    });
    const user = userEvent.setup();
    await renderCard();
    await user.click(screen.getByTestId('sync-now'));
    expect(await screen.findByTestId('sync-message')).toHaveTextContent('Sync could not be started:');
  });
});

describe('sync status lifecycle', () => {
  it('drops answers and events of a stopped cycle and unsubscribes late subscriptions', async () => {
    const unlisten = vi.fn();
    let listener: ((status: SyncStatusView) => void) | undefined;
    let subscribed: (value: Awaited<ReturnType<MockApi['onSyncStatus']>>) => void = () => {};
    mockApi.onSyncStatus.mockImplementationOnce((callback) => {
      listener = callback;
      return new Promise((resolve) => (subscribed = resolve));
    });
    const first = syncStatus.start();
    syncStatus.stop();
    const second = syncStatus.start();
    subscribed({ status: 'ok', data: unlisten });
    await Promise.all([first, second]);

    expect(unlisten).toHaveBeenCalledTimes(1); // the first cycle's late subscription
    listener?.(status({ connectivity: 'offline' }));
    expect(syncStatus.status?.connectivity).toBe('online'); // from the second cycle's read
    expect(syncStatus.phase).toBe('ready');
  });
});

describe('sync status card: the Microsoft sign-in ended', () => {
  const microsoftMail: MailSettings = {
    ...sampleMailSettings,
    signIn: 'oauth2',
    oauth: {
      authority: 'https://login.microsoftonline.com',
      tenant: 'vvd.onmicrosoft.com',
      clientId: '9e5f94bc-e8a4-4e73-b8be-63364c29d753',
      scopes: ['https://outlook.office.com/IMAP.AccessAsUser.All', 'https://outlook.office.com/SMTP.Send', 'offline_access'],
      deviceCodeAllowed: false,
    },
  };
  const expired = status({
    needsToken: true,
    lastErrorCode: 'mailSignInExpired',
    lastErrorMessage: 'Microsoft pierakstīšanās ir beigusies / the Microsoft sign-in has ended',
  });

  beforeEach(() => {
    appState.settings = structuredClone(defaultSettings); // no server address on an e-mail connection
    connection.apply(mailConnection(microsoftMail));
  });

  it('says so, keeps what is queued, and signs in again with the connection’s own settings', async () => {
    let finish: (answer: ApiResult<ConnectionView>) => void = () => {};
    mockApi.finishMicrosoftSignIn.mockImplementationOnce(() => new Promise((resolve) => (finish = resolve)));
    const user = userEvent.setup();
    const card = await renderCard(expired);
    expect(card).toHaveAttribute('data-state', 'mailSignInExpired');
    expect(screen.getByTestId('sync-state')).toHaveTextContent(
      'Your Microsoft sign-in has ended — sign in again. Nothing queued is lost.',
    );
    expect(screen.getByRole('link', { name: 'Open settings' })).toHaveAttribute('href', '#/settings');

    await user.click(screen.getByRole('button', { name: 'Sign in again' }));
    expect(mockApi.startMicrosoftSignIn).toHaveBeenCalledExactlyOnceWith(microsoftMail, false);
    // The same waiting panel as the e-mail form.
    expect(await screen.findByTestId('sign-in-waiting')).toHaveTextContent('Continue in your browser');
    expect(screen.getByRole('link', { name: sampleBrowserSignIn.authorizeUrl ?? '' })).toBeInTheDocument();
    expect(screen.getByTestId('sync-sign-in-again')).toBeDisabled();
    expect(mockApi.finishMicrosoftSignIn).toHaveBeenCalledWith(false);

    finish({ status: 'ok', data: mailConnection(microsoftMail) });
    expect(await screen.findByTestId('sync-sign-in-message')).toHaveTextContent('Signed in again; synchronisation continues.');
    expect(screen.queryByTestId('sign-in-waiting')).toBeNull();

    applyLanguage('lv');
    await vi.waitFor(() =>
      expect(screen.getByTestId('sync-state')).toHaveTextContent(
        'Microsoft pierakstīšanās ir beigusies — pierakstieties vēlreiz. Nekas no rindā gaidošā netiek zaudēts.',
      ),
    );
    expect(screen.getByTestId('sync-sign-in-again')).toHaveTextContent('Pierakstīties vēlreiz');
  });

  it('notes a cancelled sign-in quietly and shows a failed one', async () => {
    mockApi.finishMicrosoftSignIn.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'signInCancelled', field: null, detail: null, message: null },
    });
    const user = userEvent.setup();
    await renderCard(expired);
    await user.click(screen.getByTestId('sync-sign-in-again'));
    const note = await screen.findByTestId('sync-sign-in-message');
    await vi.waitFor(() => expect(note).toHaveTextContent('The sign-in was cancelled; nothing was changed.'));
    expect(note).not.toHaveClass('error');
    expect(screen.getByTestId('sync-sign-in-again')).toBeEnabled();

    mockApi.startMicrosoftSignIn.mockResolvedValueOnce({
      status: 'error',
      error: {
        code: 'signInFailed',
        field: null,
        detail: null,
        message: { lv: 'Microsoft nav sasniedzams', en: 'Microsoft cannot be reached' },
      },
    });
    await user.click(screen.getByTestId('sync-sign-in-again'));
    await vi.waitFor(() =>
      expect(screen.getByTestId('sync-sign-in-message')).toHaveTextContent('Could not sign in: Microsoft cannot be reached'),
    );
    expect(screen.getByTestId('sync-sign-in-message')).toHaveClass('error');
  });

  it('offers only Settings when the connection does not sign in with Microsoft', async () => {
    connection.apply(mailConnection(sampleMailSettings));
    await renderCard(expired);
    expect(screen.getByTestId('sync-state')).toHaveTextContent('Your Microsoft sign-in has ended');
    expect(screen.queryByTestId('sync-sign-in-again')).toBeNull();
    expect(screen.getByRole('link', { name: 'Open settings' })).toBeInTheDocument();
  });
});
