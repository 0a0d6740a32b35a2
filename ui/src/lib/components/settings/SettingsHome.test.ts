import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api, type Settings } from '$lib/api';
import { appState } from '$lib/app-state.svelte';
import { defaultSettings } from '$lib/defaults';
import { connection } from '$lib/home/connection.svelte';
import { demoConnection, serverConnection } from '$lib/home/samples';
import type { HomeMockApi } from '$lib/home/test-api';
import { applyLanguage } from '$lib/i18n/i18n.svelte';
import ConnectionModeSection from './ConnectionModeSection.svelte';
import NotificationsSection from './NotificationsSection.svelte';

vi.mock('$lib/api', async () => {
  const { createHomeMockApi } = await import('$lib/home/test-api');
  return { api: createHomeMockApi() };
});

const mockApi = api as unknown as HomeMockApi;

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
    expect(mockApi.connect).toHaveBeenCalledWith('https://pieteikumi.vraa.gov.lv', 'new-token');
    expect(await screen.findByTestId('connection-mode-message')).toHaveTextContent('Savienojums izveidots.');
    expect(screen.queryByTestId('connect-token')).toBeNull();
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
