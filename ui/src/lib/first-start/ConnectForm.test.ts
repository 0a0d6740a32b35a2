import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '$lib/api';
import { applyLanguage } from '$lib/i18n/i18n.svelte';
import { serverConnection } from '$lib/testing/samples';
import type { MockApi } from '$lib/testing/mock-api';
import ConnectForm from './ConnectForm.svelte';

vi.mock('$lib/api', async () => {
  const { createMockApi } = await import('$lib/testing/mock-api');
  return { api: createMockApi() };
});

const mockApi = api as unknown as MockApi;

const queued = {
  status: 'error' as const,
  error: {
    code: 'queuedForOtherConnection' as const,
    field: null,
    detail: null,
    message: {
      lv: '2 darbības vēl gaida nosūtīšanu uz Valsts vides dienests',
      en: '2 actions are still waiting to be sent to Valsts vides dienests',
    },
  },
};

async function fillAndSubmit(): Promise<void> {
  const user = userEvent.setup();
  await user.type(screen.getByTestId('connect-url'), 'https://vraa.example.lv');
  await user.type(screen.getByTestId('connect-token'), 'dap-token');
  await user.click(screen.getByTestId('connect-submit'));
}

describe('ConnectForm', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    applyLanguage('en');
  });

  it('asks before switching away from a connection with queued actions, and switches on yes', async () => {
    const switched = { ...serverConnection, serverUrl: 'https://vraa.example.lv' };
    mockApi.connect.mockResolvedValueOnce(queued as never).mockResolvedValueOnce({ status: 'ok', data: switched });
    const onconnected = vi.fn();
    render(ConnectForm, { props: { onconnected } });
    await fillAndSubmit();

    const asked = await screen.findByTestId('connect-switch');
    expect(asked.textContent).toContain('waiting to be sent to Valsts vides dienests');
    expect(mockApi.connect).toHaveBeenLastCalledWith('https://vraa.example.lv', 'dap-token', false);
    expect(onconnected).not.toHaveBeenCalled();

    await userEvent.setup().click(screen.getByTestId('connect-switch-yes'));
    expect(mockApi.connect).toHaveBeenLastCalledWith('https://vraa.example.lv', 'dap-token', true);
    expect(onconnected).toHaveBeenCalledWith(switched);
    expect(screen.queryByTestId('connect-switch')).toBeNull();
  });

  it('stays with the current connection when the user says no', async () => {
    mockApi.connect.mockResolvedValueOnce(queued as never);
    render(ConnectForm, { props: {} });
    await fillAndSubmit();
    await userEvent.setup().click(await screen.findByTestId('connect-switch-no'));
    expect(screen.queryByTestId('connect-switch')).toBeNull();
    expect(mockApi.connect).toHaveBeenCalledTimes(1);
  });
});
