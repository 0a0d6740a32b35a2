import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '$lib/api';
import type { Settings } from '$lib/bindings';
import { appState } from '$lib/app-state.svelte';
import { defaultSettings } from '$lib/defaults';
import { connection } from '$lib/connection.svelte';
import { demoConnection, serverConnection } from '$lib/testing/samples';
import { applyLanguage } from '$lib/i18n/i18n.svelte';
import type { MockApi } from '$lib/testing/mock-api';
import ConnectionModeSection from './ConnectionModeSection.svelte';
import NotificationsSection from './NotificationsSection.svelte';

vi.mock('$lib/api', async () => {
  const { createMockApi } = await import('$lib/testing/mock-api');
  return { api: createMockApi() };
});

const mockApi = api as unknown as MockApi;

beforeEach(() => {
  vi.clearAllMocks();
  appState.settings = { ...structuredClone(defaultSettings), notificationsEnabled: true } as Settings;
  connection.apply(structuredClone(serverConnection));
  applyLanguage('lv');
});

describe('notifications toggle', () => {
  it('is on by default and saves "off" through saveSettings', async () => {
    const user = userEvent.setup();
    render(NotificationsSection);
    const toggle = screen.getByTestId('notifications-toggle');
    expect(toggle).toBeChecked();
    expect(toggle).toHaveAccessibleName('Rādīt operētājsistēmas paziņojumus');

    await user.click(toggle);
    expect(mockApi.saveSettings).toHaveBeenCalledWith(expect.objectContaining({ notificationsEnabled: false }));
    expect((appState.settings as Settings & { notificationsEnabled: boolean }).notificationsEnabled).toBe(false);
    expect(toggle).not.toBeChecked();
    expect(screen.getByTestId('notifications-message')).toHaveTextContent('Paziņojumi izslēgti.');
  });

  it('keeps the other settings when saving', async () => {
    appState.settings = { ...appState.settings, serverUrl: 'https://x.example.lv', syncIntervalMinutes: 15 };
    render(NotificationsSection);
    await userEvent.setup().click(screen.getByTestId('notifications-toggle'));
    expect(mockApi.saveSettings).toHaveBeenCalledWith(
      expect.objectContaining({ serverUrl: 'https://x.example.lv', syncIntervalMinutes: 15, notificationsEnabled: false }),
    );
  });

  it('flips back and says why when saving fails', async () => {
    mockApi.saveSettings.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'database', field: null, detail: 'disk full' },
    });
    render(NotificationsSection);
    const toggle = screen.getByTestId('notifications-toggle');
    await userEvent.setup().click(toggle);
    expect(await screen.findByTestId('notifications-message')).toHaveTextContent('Iestatījumi nav saglabāti.');
    expect(toggle).toBeChecked();
  });
});

describe('connection in settings', () => {
  it('shows the server, institution and user', () => {
    render(ConnectionModeSection);
    expect(screen.getByTestId('connection-mode-state')).toHaveTextContent('Savienots ar VRAA serveri.');
    expect(screen.getByTestId('connection-mode')).toHaveTextContent('https://pieteikumi.vraa.gov.lv');
    expect(screen.getByTestId('connection-mode')).toHaveTextContent('Vides aizsardzības un reģionālās attīstības ministrija');
    expect(screen.queryByTestId('settings-leave-demo')).toBeNull();
  });

  it('reconnects with a new token through the checked connect flow', async () => {
    const user = userEvent.setup();
    render(ConnectionModeSection);
    await user.click(screen.getByTestId('settings-reconnect'));
    expect(screen.getByTestId('connect-url')).toHaveValue('https://pieteikumi.vraa.gov.lv');
    await user.type(screen.getByTestId('connect-token'), 'new-token');
    await user.click(screen.getByTestId('connect-submit'));
    expect(mockApi.connect).toHaveBeenCalledWith('https://pieteikumi.vraa.gov.lv', 'new-token', false);
    expect(await screen.findByTestId('connection-mode-message')).toHaveTextContent('Savienojums izveidots.');
    expect(screen.queryByTestId('connect-token')).toBeNull();
  });

  it('changes the e-mail settings, pre-filled from the connection in use', async () => {
    const mail = {
      address: 'anna.kalnina@vvd.gov.lv',
      userName: 'anna.kalnina@vvd.gov.lv',
      displayName: 'Anna Kalniņa',
      institutionName: 'Valsts vides dienests',
      contractNumber: null,
      imap: { host: 'mail.vvd.gov.lv', port: 993, tls: 'implicit' as const },
      smtp: { host: 'mail.vvd.gov.lv', port: 587, tls: 'startTls' as const },
      signIn: 'password' as const,
      oauth: {
        authority: 'https://login.microsoftonline.com',
        tenant: 'iestade.onmicrosoft.com',
        clientId: '9e5f94bc-e8a4-4e73-b8be-63364c29d753',
        scopes: ['https://outlook.office.com/IMAP.AccessAsUser.All', 'https://outlook.office.com/SMTP.Send', 'offline_access'],
        deviceCodeAllowed: false,
      },
      vraaAddress: 'IT@vraa.gov.lv',
      referencePattern: String.raw`VRAA-\d{4}-\d{6}`,
      extraFolders: ['VRAA'],
      sentFolder: null,
    };
    connection.apply({ mode: 'mail', serverUrl: null, tokenStored: true, institution: 'vvd.gov.lv', userName: null, mail });
    const user = userEvent.setup();
    render(ConnectionModeSection);
    expect(screen.getByTestId('connection-mode-state')).toHaveTextContent('Savienots ar VRAA pa e-pastu');
    expect(screen.getByTestId('settings-reconnect')).toHaveTextContent('Savienoties ar VRAA API…');
    await user.click(screen.getByTestId('settings-reconnect-mail'));
    expect(screen.getByTestId('mail-address')).toHaveValue('anna.kalnina@vvd.gov.lv');
    expect(screen.getByTestId('mail-display-name')).toHaveValue('Anna Kalniņa');
    expect(screen.getByTestId('mail-extra-folders')).toHaveValue('VRAA');
    await user.type(screen.getByTestId('mail-password'), 'jauna-parole');
    await user.click(screen.getByTestId('mail-submit'));
    expect(mockApi.connectMail).toHaveBeenCalledWith(mail, 'jauna-parole', false);
    expect(await screen.findByTestId('connection-mode-message')).toHaveTextContent('Savienojums izveidots.');
    expect(screen.queryByTestId('mail-form')).toBeNull();
  });

  it('connects by e-mail from a server connection, with an empty form', async () => {
    const user = userEvent.setup();
    render(ConnectionModeSection);
    expect(screen.getByTestId('settings-reconnect-mail')).toHaveTextContent('Savienoties pa e-pastu…');
    await user.click(screen.getByTestId('settings-reconnect-mail'));
    expect(screen.getByTestId('mail-address')).toHaveValue('');
    expect(screen.queryByTestId('connect-url')).toBeNull();
    await user.click(screen.getByTestId('settings-reconnect-cancel'));
    expect(screen.queryByTestId('mail-form')).toBeNull();
  });

  it('leaves the demo', async () => {
    connection.apply(structuredClone(demoConnection));
    render(ConnectionModeSection);
    expect(screen.getByTestId('connection-mode-state')).toHaveTextContent('Demo režīms');
    expect(screen.queryByTestId('settings-try-demo')).toBeNull();
    await userEvent.setup().click(screen.getByTestId('settings-leave-demo'));
    expect(mockApi.leaveDemo).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(connection.view?.mode).toBe('notConfigured'));
  });

  it('starts the demo from a server connection', async () => {
    render(ConnectionModeSection);
    await userEvent.setup().click(screen.getByTestId('settings-try-demo'));
    await vi.waitFor(() => expect(connection.view?.mode).toBe('demo'));
  });
});
