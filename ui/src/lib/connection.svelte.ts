// Which VRAA the app talks to (a real server, the demo sandbox, or none yet) as reactive state.
// Loaded once after start-up and kept current by the `connection-changed` event; the first-start
// screen, the demo banner and Settings all read it from here.
import { api, type UiError, type Unlisten } from '$lib/api';
import type { ConnectionView } from '$lib/bindings';

class ConnectionState {
  /** `null` until known (and in a plain browser, where there is no Rust side to ask). */
  view = $state<ConnectionView | null>(null);
  error = $state<UiError | null>(null);
  private unlisten: Unlisten | null = null;
  private generation = 0;

  /** Subscribes first and loads second, so a change between the two is not missed. */
  async start(): Promise<void> {
    this.stop();
    const generation = ++this.generation;
    let eventSeen = false;
    const subscription = await api.onConnectionChanged((view) => {
      if (generation !== this.generation) return;
      eventSeen = true;
      this.apply(view);
    });
    if (subscription.status === 'ok') {
      if (generation === this.generation) this.unlisten = subscription.data;
      else subscription.data();
    }
    const loaded = await api.getConnection();
    if (generation !== this.generation || eventSeen) return;
    if (loaded.status === 'ok') this.apply(loaded.data);
    else this.error = loaded.error;
  }

  stop(): void {
    this.generation += 1;
    this.unlisten?.();
    this.unlisten = null;
  }

  apply(view: ConnectionView): void {
    this.view = view;
    this.error = null;
  }

  /** Nothing configured yet: the first-start choice is shown instead of the app. */
  get needsFirstStart(): boolean {
    return this.view?.mode === 'notConfigured';
  }

  get isDemo(): boolean {
    return this.view?.mode === 'demo';
  }
}

export const connection = new ConnectionState();
