import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from './api';

type Internals = { invoke: ReturnType<typeof vi.fn> };

function installTauri(invoke: Internals['invoke']): void {
  (window as unknown as { __TAURI_INTERNALS__?: Internals }).__TAURI_INTERNALS__ = { invoke };
}

afterEach(() => {
  delete (window as unknown as { __TAURI_INTERNALS__?: Internals }).__TAURI_INTERNALS__;
});

describe('api wrapper', () => {
  it('answers desktopUnavailable in a plain browser instead of throwing', async () => {
    expect(api.isDesktop()).toBe(false);
    await expect(api.getSettings()).resolves.toEqual({
      status: 'error',
      error: { code: 'desktopUnavailable', field: null, detail: null },
    });
    await expect(api.uiReady()).resolves.toMatchObject({ status: 'error' });
  });

  it('passes arguments under the contract names and returns the data', async () => {
    const invoke = vi.fn(async () => ({ stored: true }));
    installTauri(invoke);
    await expect(api.saveToken('abc')).resolves.toEqual({ status: 'ok', data: { stored: true } });
    expect(invoke).toHaveBeenCalledWith('save_token', { token: 'abc' }, undefined);
  });

  it('returns a CommandError rejected by the Rust side as an error result', async () => {
    const error = { code: 'insecureUrl', field: 'serverUrl', detail: null };
    installTauri(vi.fn(async () => Promise.reject(error)));
    await expect(api.saveSettings({} as never)).resolves.toEqual({ status: 'error', error });
  });

  it('turns a thrown Error, even from a command typed without errors, into an internal error', async () => {
    installTauri(vi.fn(async () => Promise.reject(new Error('IPC channel closed'))));
    await expect(api.getStartupState()).resolves.toEqual({
      status: 'error',
      error: { code: 'internal', field: null, detail: 'IPC channel closed' },
    });
    await expect(api.getSettings()).resolves.toEqual({
      status: 'error',
      error: { code: 'internal', field: null, detail: 'IPC channel closed' },
    });
  });

  it('turns a plain string rejection (e.g. a deserialisation failure) into an internal error', async () => {
    installTauri(vi.fn(async () => Promise.reject('invalid args `settings` for command `save_settings`')));
    const expected = {
      status: 'error',
      error: { code: 'internal', field: null, detail: 'invalid args `settings` for command `save_settings`' },
    };
    await expect(api.getAppInfo()).resolves.toEqual(expected);
    await expect(api.saveSettings({} as never)).resolves.toEqual(expected);
  });
});
