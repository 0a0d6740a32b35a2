// The background sync engine's status as reactive state. Loaded once when the frame starts and
// kept current by the engine's `sync-status-changed` event (no polling).
import { api, type UiError, type Unlisten } from '$lib/api';
import type { Language, SyncStatusView } from '$lib/bindings';

/**
 * `loading` until the first answer; `unavailable` when sync does not run (damaged database, plain
 * browser) or the status could not be read; `ready` with a status otherwise.
 */
export type SyncPhase = 'loading' | 'unavailable' | 'ready';

class SyncStatusState {
  status = $state<SyncStatusView | null>(null);
  phase = $state<SyncPhase>('loading');
  /** Why the status or a "sync now" request failed, if it did. */
  error = $state<UiError | null>(null);
  /** A "sync now" request is on its way to the Rust side. */
  requesting = $state(false);
  /** The last "sync now" answered that sync does not run. */
  notRunning = $state(false);

  private unlisten: Unlisten | null = null;
  private started = false;
  /**
   * Counts start/stop cycles: answers that arrive after a `stop()` (or after a later `start()`)
   * belong to an old cycle and are dropped.
   */
  private generation = 0;

  /** Subscribes first and loads second, so no change between the two is missed. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const generation = ++this.generation;
    const current = (): boolean => this.generation === generation;
    let eventSeen = false;
    const subscription = await api.onSyncStatus((status) => {
      if (!current()) return;
      eventSeen = true;
      this.apply(status);
    });
    if (subscription.status === 'ok') {
      if (current()) this.unlisten = subscription.data;
      else subscription.data(); // stopped while the subscription was on its way
    }
    const loaded = await api.getSyncStatus();
    if (!current() || eventSeen) return; // an event is newer than this answer
    if (loaded.status === 'error') {
      this.status = null;
      this.phase = 'unavailable';
      this.error = loaded.error;
    } else if (loaded.data === null) {
      this.status = null;
      this.phase = 'unavailable';
    } else {
      this.apply(loaded.data);
    }
  }

  /** Unsubscribes and forgets the status (the frame is gone, e.g. during a database reset). */
  stop(): void {
    this.started = false;
    this.generation += 1;
    this.unlisten?.();
    this.unlisten = null;
    this.status = null;
    this.phase = 'loading';
    this.error = null;
    this.requesting = false;
    this.notRunning = false;
  }

  /** True when the button may ask for a run: sync runs and is not already running. */
  get canSyncNow(): boolean {
    return this.phase === 'ready' && this.status !== null && !this.status.running && !this.requesting;
  }

  async syncNow(): Promise<void> {
    if (!this.canSyncNow) return;
    this.requesting = true;
    this.notRunning = false;
    this.error = null;
    const result = await api.syncNow();
    this.requesting = false;
    if (result.status === 'error') this.error = result.error;
    else if (!result.data) this.notRunning = true;
  }

  private apply(status: SyncStatusView): void {
    this.status = status;
    this.phase = 'ready';
    this.error = null;
  }
}

export const syncStatus = new SyncStatusState();

/**
 * The engine words its messages `"<Latvian> / <English>"`; this picks the current language's half.
 * A message without the separator is shown whole.
 */
export function messageInLanguage(message: string, language: Language): string {
  const separator = message.indexOf(' / ');
  if (separator < 0) return message;
  return language === 'lv' ? message.slice(0, separator) : message.slice(separator + 3);
}

/** What the status line says, in order of what the user most needs to know. */
export type SyncView =
  | 'loading'
  | 'unavailable'
  | 'syncing'
  | 'noServer'
  | 'tokenMissing'
  | 'tokenRefused'
  | 'mailPasswordRefused'
  | 'mailSignInExpired'
  | 'offline'
  | 'online'
  | 'notYetSynced';

export function syncView(phase: SyncPhase, status: SyncStatusView | null, serverUrl: string | null): SyncView {
  if (phase === 'loading') return 'loading';
  if (phase === 'unavailable' || status === null) return 'unavailable';
  if (status.running) return 'syncing';
  if (serverUrl === null || status.lastErrorCode === 'noServer') return 'noServer';
  if (status.needsToken) {
    if (status.lastErrorCode === 'noToken') return 'tokenMissing';
    if (status.lastErrorCode === 'mailSignInRefused') return 'mailPasswordRefused';
    // The Microsoft sign-in ended (refresh token revoked or expired): sign in again.
    if (status.lastErrorCode === 'mailSignInExpired') return 'mailSignInExpired';
    return 'tokenRefused';
  }
  if (status.connectivity === 'offline') return 'offline';
  if (status.connectivity === 'online') return 'online';
  return 'notYetSynced';
}
