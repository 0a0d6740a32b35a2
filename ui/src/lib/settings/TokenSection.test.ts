import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '$lib/api';
import { applyLanguage } from '$lib/i18n/i18n.svelte';
import type { MockApi } from '$lib/testing/mock-api';
import TokenSection from './TokenSection.svelte';

vi.mock('$lib/api', async () => {
  const { createMockApi } = await import('$lib/testing/mock-api');
  return { api: createMockApi() };
});

const mockApi = api as unknown as MockApi;

beforeEach(() => {
  vi.clearAllMocks();
  applyLanguage('en');
});

describe('API token section', () => {
  it('shows whether a token is stored', async () => {
    mockApi.getTokenStatus.mockResolvedValueOnce({ status: 'ok', data: { stored: true } });
    render(TokenSection);
    expect(await screen.findByText('A key is stored in the operating system’s credential store.')).toBeVisible();
  });

  it('saves the token, clears the input and updates the status', async () => {
    const user = userEvent.setup();
    render(TokenSection);
    await vi.waitFor(() => expect(screen.getByTestId('token-status')).toHaveTextContent('No key is stored.'));

    const input = screen.getByTestId('token-input');
    expect(input).toHaveAttribute('type', 'password');
    await user.type(input, 'secret-token-123');
    await user.click(screen.getByTestId('token-save'));

    expect(mockApi.saveToken).toHaveBeenCalledWith('secret-token-123');
    expect(input).toHaveValue('');
    expect(screen.getByTestId('token-status')).toHaveTextContent('A key is stored');
    expect(screen.getByTestId('token-message')).toHaveTextContent('Key saved in the operating system’s credential store.');
  });

  it('shows the error for an empty token and keeps the status', async () => {
    mockApi.saveToken.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'emptyToken', field: 'token', detail: null },
    });
    const user = userEvent.setup();
    render(TokenSection);
    await user.click(screen.getByTestId('token-save'));
    expect(await screen.findByTestId('token-message')).toHaveTextContent(
      'The key was not saved. Enter an API key: an empty key cannot be saved.',
    );
    expect(screen.getByTestId('token-status')).toHaveTextContent('No key is stored.');
  });

  it('clears the input even when the credential store fails', async () => {
    mockApi.saveToken.mockResolvedValueOnce({
      status: 'error',
      error: { code: 'keyringUnavailable', field: null, detail: 'no Secret Service on the session bus' },
    });
    const user = userEvent.setup();
    render(TokenSection);
    await user.type(screen.getByTestId('token-input'), 'abc');
    await user.click(screen.getByTestId('token-save'));
    expect(await screen.findByTestId('token-message')).toHaveTextContent(
      'credential store is not available. Details: no Secret Service on the session bus',
    );
    expect(screen.getByTestId('token-input')).toHaveValue('');
  });

  it('deletes the token', async () => {
    mockApi.getTokenStatus.mockResolvedValueOnce({ status: 'ok', data: { stored: true } });
    const user = userEvent.setup();
    render(TokenSection);
    await vi.waitFor(() => expect(screen.getByTestId('token-delete')).toBeEnabled());
    await user.click(screen.getByTestId('token-delete'));
    expect(mockApi.deleteToken).toHaveBeenCalledOnce();
    expect(screen.getByTestId('token-status')).toHaveTextContent('No key is stored.');
    expect(screen.getByTestId('token-message')).toHaveTextContent('Key deleted.');
  });
});
