// The header's compact connection state: what it says must not contradict the sync card, so a
// sync that waits for a new sign-in is not shown as "online".
import { render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '$lib/api';
import type { SyncStatusView } from '$lib/bindings';
import { applyLanguage } from '$lib/i18n/i18n.svelte';
import { syncStatus } from '$lib/sync-status.svelte';
import { sampleSyncStatus, type MockApi } from '$lib/testing/mock-api';
import Header from './Header.svelte';

vi.mock('$lib/api', async () => {
  const { createMockApi } = await import('$lib/testing/mock-api');
  return { api: createMockApi() };
});

const mockApi = api as unknown as MockApi;

async function renderWith(status: SyncStatusView): Promise<HTMLElement> {
  mockApi.getSyncStatus.mockResolvedValueOnce({ status: 'ok', data: status });
  await syncStatus.start();
  render(Header);
  return screen.getByTestId('header-connectivity');
}

beforeEach(() => {
  vi.clearAllMocks();
  applyLanguage('lv');
});

afterEach(() => {
  syncStatus.stop();
});

describe('header connection state', () => {
  it('says online when the last sync reached VRAA', async () => {
    const indicator = await renderWith({ ...sampleSyncStatus, connectivity: 'online', needsToken: false });
    expect(indicator).toHaveClass('online');
    expect(indicator).toHaveTextContent('Tiešsaistē');
  });

  it('says a sign-in is needed, not online, when sync waits for one, in both languages', async () => {
    const indicator = await renderWith({
      ...sampleSyncStatus,
      connectivity: 'online',
      needsToken: true,
      lastErrorCode: 'mailSignInExpired',
    });
    expect(indicator).toHaveClass('attention');
    expect(indicator).toHaveTextContent('Jāpierakstās');
    expect(indicator).not.toHaveTextContent('Tiešsaistē');
    applyLanguage('en');
    await vi.waitFor(() => expect(indicator).toHaveTextContent('Sign-in needed'));
  });
});
