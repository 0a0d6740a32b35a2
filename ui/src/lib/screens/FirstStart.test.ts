import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '$lib/api';
import { appState } from '$lib/app-state.svelte';
import { connection } from '$lib/home/connection.svelte';
import { notConfigured } from '$lib/home/samples';
import type { HomeMockApi } from '$lib/home/test-api';
import { applyLanguage } from '$lib/i18n/i18n.svelte';
import FirstStart from './FirstStart.svelte';

vi.mock('$lib/api', async () => {
  const { createHomeMockApi } = await import('$lib/home/test-api');
  return { api: createHomeMockApi() };
});

const mockApi = api as unknown as HomeMockApi;

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

    expect(mockApi.connect).toHaveBeenCalledWith('https://pieteikumi.vraa.gov.lv', 's3cret');
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
