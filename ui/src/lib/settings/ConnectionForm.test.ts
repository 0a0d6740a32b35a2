import { fireEvent, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '$lib/api';
import { appState } from '$lib/app-state.svelte';
import { defaultSettings } from '$lib/defaults';
import { applyLanguage } from '$lib/i18n/i18n.svelte';
import { noPolicy, type MockApi } from '$lib/testing/mock-api';
import ConnectionForm from './ConnectionForm.svelte';

vi.mock('$lib/api', async () => {
  const { createMockApi } = await import('$lib/testing/mock-api');
  return { api: createMockApi() };
});

const mockApi = api as unknown as MockApi;

beforeEach(() => {
  vi.clearAllMocks();
  appState.settings = structuredClone(defaultSettings);
  appState.policy = null;
  applyLanguage('lv');
});

describe('settings form on an e-mail connection', () => {
  it('has no VRAA server address to set, but keeps the interval', async () => {
    const { connection } = await import('$lib/connection.svelte');
    const { mailConnection, sampleMailSettings, sampleConnection } = await import('$lib/testing/mock-api');
    connection.apply(mailConnection(sampleMailSettings));
    render(ConnectionForm);
    expect(screen.queryByTestId('server-url-input')).toBeNull();
    expect(screen.getByLabelText(/intervāls|interval/i)).toBeInTheDocument();
    connection.apply(structuredClone(sampleConnection));
  });
});

describe('settings form', () => {
  it('shows the translated message for a CommandError next to the field it names', async () => {
    mockApi.saveSettings.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'insecureUrl', field: 'serverUrl', detail: 'http to example.org' },
    });
    const user = userEvent.setup();
    render(ConnectionForm);

    await user.type(screen.getByTestId('server-url-input'), 'http://example.org');
    await user.click(screen.getByTestId('settings-save'));

    const fieldError = await screen.findByTestId('server-url-error');
    expect(fieldError).toHaveTextContent('Nešifrēts http:// ir atļauts tikai šim datoram (localhost). Izmantojiet https://.');
    expect(screen.getByTestId('server-url-input')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('server-url-input').getAttribute('aria-describedby')).toContain('server-url-error');
    expect(screen.getByTestId('settings-message')).toHaveTextContent('Iestatījumi nav saglabāti.');
    expect(screen.queryByTestId('ca-cert-error')).toBeNull();
    // Nothing was saved, so the shared settings stay as they were.
    expect(appState.settings.serverUrl).toBeNull();
  });

  it('re-translates a shown error when the language changes', async () => {
    mockApi.saveSettings.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'invalidUrl', field: 'serverUrl', detail: null },
    });
    render(ConnectionForm);
    await fireEvent.submit(screen.getByTestId('settings-save'));
    expect(await screen.findByTestId('server-url-error')).toHaveTextContent('Tā nav derīga adrese.');

    applyLanguage('en');
    await vi.waitFor(() =>
      expect(screen.getByTestId('server-url-error')).toHaveTextContent('This is not a valid address.'),
    );
  });

  it('shows a CA file error next to the certificate field', async () => {
    appState.settings = { ...structuredClone(defaultSettings), caCertPath: '/etc/ssl/missing.pem' };
    mockApi.saveSettings.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'caFileUnreadable', field: 'caCertPath', detail: 'No such file or directory' },
    });
    render(ConnectionForm);
    await fireEvent.submit(screen.getByTestId('settings-save'));
    expect(await screen.findByTestId('ca-cert-error')).toHaveTextContent('CA sertifikāta failu nevar nolasīt.');
    expect(screen.queryByTestId('server-url-error')).toBeNull();
  });

  it('sends the edited settings and reports success', async () => {
    const user = userEvent.setup();
    render(ConnectionForm);

    await user.type(screen.getByTestId('server-url-input'), '  https://vraa.example.lv  ');
    await user.selectOptions(screen.getByTestId('proxy-mode-select'), 'manual');
    await user.type(screen.getByTestId('proxy-url-input'), 'http://proxy.local:8080');
    const interval = screen.getByTestId('sync-interval-input');
    await user.clear(interval);
    await user.type(interval, '15');
    await user.click(screen.getByTestId('settings-save'));

    expect(mockApi.saveSettings).toHaveBeenCalledWith({
      ...defaultSettings,
      serverUrl: 'https://vraa.example.lv',
      syncIntervalMinutes: 15,
      proxy: { mode: 'manual', url: 'http://proxy.local:8080' },
    });
    expect(await screen.findByTestId('settings-message')).toHaveTextContent('Iestatījumi saglabāti.');
    expect(appState.settings.serverUrl).toBe('https://vraa.example.lv');
  });

  it('sends an empty server address as null (not configured)', async () => {
    appState.settings = { ...structuredClone(defaultSettings), serverUrl: 'https://old.example.lv' };
    const user = userEvent.setup();
    render(ConnectionForm);
    await user.clear(screen.getByTestId('server-url-input'));
    await user.click(screen.getByTestId('settings-save'));
    expect(mockApi.saveSettings).toHaveBeenCalledWith(expect.objectContaining({ serverUrl: null }));
  });

  it('rejects a sync interval outside 1..1440 without calling the backend', async () => {
    const user = userEvent.setup();
    render(ConnectionForm);
    const interval = screen.getByTestId('sync-interval-input');
    await user.clear(interval);
    await user.type(interval, '0');
    await user.click(screen.getByTestId('settings-save'));
    expect(await screen.findByTestId('sync-interval-error')).toHaveTextContent('no 1 līdz 1440');
    expect(mockApi.saveSettings).not.toHaveBeenCalled();
  });

  it('takes the CA certificate from the file picker and can clear it', async () => {
    mockApi.pickCaCertificate.mockResolvedValueOnce({ status: 'ok', data: '/home/user/iestade-ca.pem' });
    const user = userEvent.setup();
    render(ConnectionForm);
    await user.click(screen.getByTestId('ca-cert-choose'));
    expect(await screen.findByTestId('ca-cert-path')).toHaveTextContent('/home/user/iestade-ca.pem');

    await user.click(screen.getByTestId('settings-save'));
    expect(mockApi.saveSettings).toHaveBeenLastCalledWith(
      expect.objectContaining({ caCertPath: '/home/user/iestade-ca.pem' }),
    );

    await user.click(screen.getByTestId('ca-cert-clear'));
    expect(screen.getByTestId('ca-cert-path')).toHaveTextContent('Nav izvēlēts');
    await user.click(screen.getByTestId('settings-save'));
    expect(mockApi.saveSettings).toHaveBeenLastCalledWith(expect.objectContaining({ caCertPath: null }));
  });
});

describe('values set by the organisation', () => {
  it('shows a locked field read-only with who set it, and leaves the others editable', async () => {
    appState.settings = { ...structuredClone(defaultSettings), serverUrl: 'https://vraa.example.lv' };
    appState.policy = {
      ...structuredClone(noPolicy),
      policy: { ...noPolicy.policy, serverUrl: 'https://vraa.example.lv' },
      entries: [{ name: 'ServerUrl', value: 'https://vraa.example.lv' }],
      lockedFields: ['serverUrl'],
    };
    const user = userEvent.setup();
    render(ConnectionForm);

    const url = screen.getByTestId('server-url-input');
    expect(url).toHaveAttribute('readonly');
    expect(url).toHaveValue('https://vraa.example.lv');
    expect(screen.getByTestId('server-url-locked')).toHaveTextContent('Iestatījis jūsu iestādes IT');
    await user.type(url, 'x');
    expect(url).toHaveValue('https://vraa.example.lv');
    // Not locked: editable, no note.
    expect(screen.getByTestId('sync-interval-input')).not.toHaveAttribute('readonly');
    expect(screen.queryByTestId('sync-interval-locked')).toBeNull();
    expect(screen.getByTestId('proxy-mode-select')).not.toBeDisabled();

    applyLanguage('en');
    await vi.waitFor(() =>
      expect(screen.getByTestId('server-url-locked')).toHaveTextContent('Set by your organisation'),
    );
  });

  it('disables the proxy and the CA file when the policy sets them', () => {
    appState.policy = { ...structuredClone(noPolicy), lockedFields: ['proxy', 'caCertPath'] };
    render(ConnectionForm);
    expect(screen.getByTestId('proxy-mode-select')).toBeDisabled();
    expect(screen.getByTestId('proxy-locked')).toBeInTheDocument();
    expect(screen.getByTestId('ca-cert-choose')).toBeDisabled();
    expect(screen.getByTestId('ca-cert-locked')).toBeInTheDocument();
    expect(screen.getByTestId('server-url-input')).not.toHaveAttribute('readonly');
  });
});
