import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { api, type ApiResult } from '$lib/api';
import { commands, type ConnectionView, type Settings, type SyncStatusView } from '$lib/bindings';

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

describe('generated commands', () => {
  it('types each command by its generated answer, without the generated Result', () => {
    expectTypeOf(api.getSettings).returns.resolves.toEqualTypeOf<ApiResult<Settings>>();
    expectTypeOf(api.setLanguage).returns.resolves.toEqualTypeOf<ApiResult<null>>();
    expectTypeOf(api.getSyncStatus).returns.resolves.toEqualTypeOf<ApiResult<SyncStatusView | null>>();
    expectTypeOf(api.quitApp).returns.resolves.toEqualTypeOf<ApiResult<void>>();
    expectTypeOf(api.connect).parameters.toEqualTypeOf<[serverUrl: string, token: string, switchConfirmed: boolean]>();
    expectTypeOf(api.connect).returns.resolves.toEqualTypeOf<ApiResult<ConnectionView>>();
  });

  it('offers every generated command under its own name', () => {
    for (const name of Object.keys(commands)) expect(typeof api[name as keyof typeof api]).toBe('function');
  });

  it('passes a Result-typed command its error, and keeps a plain command answer as data', async () => {
    const error = { code: 'notFound', field: null, detail: 'r-1' };
    const resultLike = { status: 'error', error };
    installTauri(vi.fn(async () => Promise.reject(error)));
    await expect(api.getRequest('r-1')).resolves.toEqual({ status: 'error', error });
    // A plain-promise command's answer is data, whatever it looks like.
    installTauri(vi.fn(async () => resultLike));
    await expect(api.checkAttachments(['/tmp/a.pdf'])).resolves.toEqual({ status: 'ok', data: resultLike });
  });
});

describe('sync status wrappers', () => {
  type Callback = (message: unknown) => void;

  function installTauriWithEvents(invoke: ReturnType<typeof vi.fn>): Map<number, Callback> {
    const callbacks = new Map<number, Callback>();
    let next = 1;
    (window as unknown as { __TAURI_INTERNALS__?: unknown }).__TAURI_INTERNALS__ = {
      invoke,
      transformCallback: (callback: Callback) => {
        const id = next++;
        callbacks.set(id, callback);
        return id;
      },
    };
    (window as unknown as { __TAURI_EVENT_PLUGIN_INTERNALS__?: unknown }).__TAURI_EVENT_PLUGIN_INTERNALS__ = {
      unregisterListener: vi.fn(),
    };
    return callbacks;
  }

  afterEach(() => {
    delete (window as unknown as { __TAURI_EVENT_PLUGIN_INTERNALS__?: unknown }).__TAURI_EVENT_PLUGIN_INTERNALS__;
  });

  const status = {
    running: false,
    connectivity: 'online',
    needsToken: false,
    lastSuccessAt: '2026-11-23T15:02:00Z',
    lastErrorCode: null,
    lastErrorMessage: null,
  };

  it('reads the status and asks for a run, null and false included', async () => {
    const invoke = vi.fn(async (cmd: string) => (cmd === 'get_sync_status' ? null : false));
    installTauri(invoke);
    await expect(api.getSyncStatus()).resolves.toEqual({ status: 'ok', data: null });
    await expect(api.syncNow()).resolves.toEqual({ status: 'ok', data: false });
    expect(invoke).toHaveBeenCalledWith('get_sync_status', {}, undefined);
    expect(invoke).toHaveBeenCalledWith('sync_now', {}, undefined);
  });

  it('answers desktopUnavailable in a plain browser', async () => {
    await expect(api.getSyncStatus()).resolves.toMatchObject({ error: { code: 'desktopUnavailable' } });
    await expect(api.onSyncStatus(() => {})).resolves.toMatchObject({ error: { code: 'desktopUnavailable' } });
  });

  it('listens to sync-status-changed, hands over the payload and stops listening', async () => {
    const invoke = vi.fn(async (cmd: string) => (cmd === 'plugin:event|listen' ? 7 : null));
    const callbacks = installTauriWithEvents(invoke);
    const received: unknown[] = [];
    const result = await api.onSyncStatus((payload) => received.push(payload));
    if (result.status !== 'ok') throw new Error('subscription failed');
    expect(invoke).toHaveBeenCalledWith(
      'plugin:event|listen',
      expect.objectContaining({ event: 'sync-status-changed' }),
      undefined,
    );
    const handler = [...callbacks.values()][0];
    handler?.({ event: 'sync-status-changed', id: 7, payload: status });
    expect(received).toEqual([status]);

    result.data();
    await vi.waitFor(() =>
      expect(invoke).toHaveBeenCalledWith(
        'plugin:event|unlisten',
        { event: 'sync-status-changed', eventId: 7 },
        undefined,
      ),
    );
  });

  it('swallows a failing unlisten (window closing)', async () => {
    const invoke = vi.fn(async (cmd: string) => {
      if (cmd === 'plugin:event|unlisten') throw new Error('window closed');
      return 3;
    });
    installTauriWithEvents(invoke);
    const result = await api.onSyncStatus(() => {});
    if (result.status !== 'ok') throw new Error('subscription failed');
    expect(() => result.data()).not.toThrow();
    await vi.waitFor(() => expect(invoke).toHaveBeenCalledWith('plugin:event|unlisten', expect.anything(), undefined));
  });
});
