import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '$lib/api';
import { appState } from '$lib/app-state.svelte';
import { connection } from '$lib/connection.svelte';
import { notConfigured } from '$lib/testing/samples';
import { applyLanguage } from '$lib/i18n/i18n.svelte';
import { noPolicy, type MockApi } from '$lib/testing/mock-api';
import FirstStart from './FirstStart.svelte';

vi.mock('$lib/api', async () => {
  const { createMockApi } = await import('$lib/testing/mock-api');
  return { api: createMockApi() };
});

const mockApi = api as unknown as MockApi;

beforeEach(() => {
  vi.clearAllMocks();
  appState.notices = [];
  appState.policy = null;
  connection.apply(structuredClone(notConfigured));
  applyLanguage('lv');
});

describe('first start', () => {
  it('does not offer the demo when the organisation turned it off', () => {
    appState.policy = {
      policy: {
        connectionKind: null,
        serverUrl: null,
        imapHost: null,
        imapPort: null,
        smtpHost: null,
        smtpPort: null,
        mailTls: null,
        vraaEmailAddress: null,
        oauthTenant: null,
        oauthClientId: null,
        oauthAuthority: null,
        oauthScopes: null,
        oauthDeviceCodeAllowed: null,
        proxy: null,
        caCertFile: null,
        syncIntervalMinutes: null,
        demoAllowed: false,
        notificationsEnabled: null,
      },
      entries: [{ name: 'DemoAllowed', value: '0' }],
      lockedFields: [],
      demoAllowed: false,
      warnings: [],
      sources: [],
    };
    render(FirstStart);
    expect(screen.queryByTestId('try-demo')).toBeNull();
    expect(screen.getByTestId('connect-url')).toBeVisible();
  });

  it('offers both choices in the user’s language', async () => {
    render(FirstStart);
    expect(screen.getByTestId('first-start')).toBeVisible();
    expect(screen.getByRole('heading', { level: 2, name: 'Savienoties ar VRAA' })).toBeVisible();
    expect(screen.getByTestId('try-demo')).toHaveTextContent('Izmēģināt demo');
    expect(screen.getByTestId('connect-token')).toHaveAttribute('type', 'password');
    expect(screen.getByLabelText('VRAA servera adrese')).toBe(screen.getByTestId('connect-url'));

    await userEvent.setup().selectOptions(screen.getByTestId('first-start-language'), 'en');
    expect(screen.getByRole('heading', { level: 2, name: 'Connect to VRAA' })).toBeVisible();
    expect(screen.getByTestId('try-demo')).toHaveTextContent('Try the demo');
    expect(mockApi.setLanguage).toHaveBeenCalledWith('en');
  });

  it('offers three choices: VRAA’s API, e-mail through the institution’s mailbox, and the demo', async () => {
    const user = userEvent.setup();
    render(FirstStart);
    const api = screen.getByRole('radio', { name: /VRAA API/ });
    const mail = screen.getByRole('radio', { name: /E-pasts/ });
    expect(api).toBeChecked();
    expect(mail).not.toBeChecked();
    expect(screen.getByTestId('connect-kind')).toHaveTextContent('IT@vraa.gov.lv');
    expect(screen.getByTestId('try-demo')).toBeVisible();
    expect(screen.getByTestId('connect-url')).toBeVisible();
    expect(screen.queryByTestId('mail-form')).toBeNull();

    await user.click(mail);
    expect(screen.getByTestId('mail-form')).toBeVisible();
    expect(screen.getByTestId('mail-address')).toBeVisible();
    expect(screen.queryByTestId('connect-url')).toBeNull();
    expect(screen.getByTestId('try-demo')).toBeVisible();

    await user.selectOptions(screen.getByTestId('first-start-language'), 'en');
    expect(screen.getByRole('radio', { name: /VRAA’s API/ })).not.toBeChecked();
    expect(screen.getByRole('radio', { name: /E-mail/ })).toBeChecked();
    expect(screen.getByTestId('mail-submit')).toHaveTextContent('Connect by e-mail');
  });

  it('connects by e-mail, and the app leaves the first start', async () => {
    const user = userEvent.setup();
    render(FirstStart);
    await user.click(screen.getByTestId('connect-kind-email'));
    await user.type(screen.getByTestId('mail-address'), 'anna.kalnina@vvd.gov.lv');
    await user.type(screen.getByTestId('mail-display-name'), 'Anna Kalniņa');
    await user.type(screen.getByTestId('mail-institution'), 'Valsts vides dienests');
    await user.type(screen.getByTestId('mail-password'), 'pasta-parole');
    await user.click(screen.getByTestId('mail-submit'));
    expect(mockApi.connectMail).toHaveBeenCalledWith(
      expect.objectContaining({ address: 'anna.kalnina@vvd.gov.lv', imap: { host: 'mail.vvd.gov.lv', port: 993, tls: 'implicit' } }),
      'pasta-parole',
      false,
    );
    await vi.waitFor(() => expect(connection.view?.mode).toBe('mail'));
    expect(connection.needsFirstStart).toBe(false);
  });

  it('offers only the way the organisation’s policy names', () => {
    appState.policy = {
      ...structuredClone(noPolicy),
      policy: { ...noPolicy.policy, connectionKind: 'email' },
    };
    render(FirstStart);
    expect(screen.queryByTestId('connect-kind')).toBeNull();
    expect(screen.queryByTestId('connect-url')).toBeNull();
    expect(screen.getByTestId('mail-address')).toBeVisible();
  });

  it('shows app notices, e.g. when the language choice could not be saved', async () => {
    mockApi.setLanguage.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'database', field: null, detail: 'disk full' },
    });
    render(FirstStart);
    await userEvent.setup().selectOptions(screen.getByTestId('first-start-language'), 'en');
    expect(await screen.findByTestId('notice')).toHaveTextContent('The language choice could not be saved');
  });

  it('connects with the trimmed address and the token, then clears the token', async () => {
    const user = userEvent.setup();
    render(FirstStart);
    await user.type(screen.getByTestId('connect-url'), '  https://pieteikumi.vraa.gov.lv ');
    await user.type(screen.getByTestId('connect-token'), 's3cret');
    await user.click(screen.getByTestId('connect-submit'));

    expect(mockApi.connect).toHaveBeenCalledWith('https://pieteikumi.vraa.gov.lv', 's3cret', false);
    await vi.waitFor(() => expect(connection.view?.mode).toBe('server'));
    expect(screen.getByTestId('connect-token')).toHaveValue('');
  });

  it('shows a refused token under the token field and keeps what was typed', async () => {
    mockApi.connect.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'unauthorized', field: 'token', detail: null },
    });
    const user = userEvent.setup();
    render(FirstStart);
    await user.type(screen.getByTestId('connect-url'), 'https://pieteikumi.vraa.gov.lv');
    await user.type(screen.getByTestId('connect-token'), 'wrong');
    await user.click(screen.getByTestId('connect-submit'));

    const error = await screen.findByTestId('connect-token-error');
    expect(error).toHaveTextContent('VRAA neatzina API atslēgu.');
    expect(screen.getByTestId('connect-token')).toHaveAttribute('aria-invalid', 'true');
    expect(document.activeElement).toBe(screen.getByTestId('connect-token'));
    expect(screen.getByTestId('connect-token').getAttribute('aria-describedby')).toContain('first-connect-token-error');
    expect(screen.queryByTestId('connect-url-error')).toBeNull();
    expect(screen.getByTestId('connect-url')).toHaveValue('https://pieteikumi.vraa.gov.lv');
    expect(screen.getByTestId('connect-message')).toHaveTextContent('izlabojiet atzīmēto lauku');
    expect(connection.view?.mode).toBe('notConfigured');
  });

  it('shows address problems under the address field, re-translated on a language switch', async () => {
    mockApi.connect.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'insecureUrl', field: 'serverUrl', detail: null },
    });
    const user = userEvent.setup();
    render(FirstStart);
    await user.type(screen.getByTestId('connect-url'), 'http://vraa.example.lv');
    await user.click(screen.getByTestId('connect-submit'));
    expect(await screen.findByTestId('connect-url-error')).toHaveTextContent('Nešifrēts http://');
    expect(screen.queryByTestId('connect-token-error')).toBeNull();

    applyLanguage('en');
    await vi.waitFor(() =>
      expect(screen.getByTestId('connect-url-error')).toHaveTextContent('Unencrypted http://'),
    );
  });

  it('prefers the Rust side’s own bilingual message when it sends one', async () => {
    mockApi.connect.mockResolvedValueOnce({
      status: 'error',
      error: {
        code: 'serverError',
        field: null,
        detail: 'HTTP 502',
        message: { lv: 'VRAA serveris atbildēja ar 502.', en: 'The VRAA server answered 502.' },
      } as never,
    });
    const user = userEvent.setup();
    render(FirstStart);
    await user.click(screen.getByTestId('connect-submit'));
    expect(await screen.findByTestId('connect-message')).toHaveTextContent(
      'Savienojums nav izveidots. VRAA serveris atbildēja ar 502.',
    );
  });

  it('starts the demo, busy while it starts', async () => {
    let finish: (() => void) | undefined;
    mockApi.startDemo.mockImplementationOnce(
      () =>
        new Promise((resolve) => {
          finish = () =>
            resolve({
              status: 'ok',
              data: { mode: 'demo', serverUrl: 'http://127.0.0.1:1', tokenStored: true, institution: null, userName: null },
            });
        }),
    );
    const user = userEvent.setup();
    render(FirstStart);
    await user.click(screen.getByTestId('try-demo'));
    expect(screen.getByTestId('try-demo')).toBeDisabled();
    expect(screen.getByTestId('try-demo')).toHaveTextContent('Sāk demo…');
    finish?.();
    await vi.waitFor(() => expect(connection.view?.mode).toBe('demo'));
    expect(screen.getByTestId('try-demo')).toBeEnabled();
  });

  it('says why the demo did not start', async () => {
    mockApi.startDemo.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'demoFailed', field: null, detail: 'port in use' },
    });
    render(FirstStart);
    await userEvent.setup().click(screen.getByTestId('try-demo'));
    expect(await screen.findByTestId('demo-message')).toHaveTextContent(
      'Demo neizdevās palaist. Demo serveri neizdevās palaist. Sīkāka informācija: port in use',
    );
  });
});
