// The Overview's data (and the navigation's badges, which read the same answer) as reactive
// state. Loaded when the frame starts and reloaded when the store says something changed:
// requests, the outbox, drafts, or a finished sync run. Reloads that arrive while one is under
// way are folded into one more run, so a burst of events costs two calls, not twenty.
import { api, type OverviewView, type UiError, type Unlisten } from '../api';
import { coalesce } from './coalesce';

class OverviewState {
  data = $state<OverviewView | null>(null);
  error = $state<UiError | null>(null);
  /** Drafts are not part of the overview answer; their count is one cheap list call. */
  drafts = $state<number | null>(null);

  private unlisteners: Unlisten[] = [];
  private started = false;
  private generation = 0;

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const generation = ++this.generation;
    const keep = (result: { status: 'ok'; data: Unlisten } | { status: 'error' }): void => {
      if (result.status !== 'ok') return;
      if (generation === this.generation) this.unlisteners.push(result.data);
      else result.data();
    };
    const subscriptions = await Promise.all([
      api.onRequestsChanged(() => void this.reload()),
      api.onOutboxChanged(() => void this.reload()),
      api.onDraftsChanged(() => void this.reloadDrafts()),
      // The contract summary follows contracts and availability.
      api.onReferenceDataChanged((kind) => {
        if (kind === 'referenceData' || kind === 'all') void this.reload();
      }),
      // A finished sync run may have changed SLA states and the contract figures.
      api.onSyncStatus((status) => {
        if (!status.running) void this.reload();
      }),
    ]);
    subscriptions.forEach(keep);
    if (generation !== this.generation) return;
    await Promise.all([this.reload(), this.reloadDrafts()]);
  }

  stop(): void {
    this.started = false;
    this.generation += 1;
    for (const unlisten of this.unlisteners) unlisten();
    this.unlisteners = [];
  }

  /** Loads the overview now, or once more after the load under way. */
  reload(): Promise<void> {
    return this.load();
  }

  private readonly load = coalesce(async () => {
    // Answers that arrive after a stop() belong to the old frame (or the other database).
    const generation = this.generation;
    const result = await api.getOverview();
    if (generation !== this.generation) return;
    if (result.status === 'ok') {
      this.data = result.data;
      this.error = null;
    } else {
      this.error = result.error;
    }
  });

  async reloadDrafts(): Promise<void> {
    const generation = this.generation;
    const result = await api.listDrafts();
    if (generation !== this.generation) return;
    if (result.status === 'ok') this.drafts = result.data.length;
  }

  /** Badge numbers for the navigation; null hides the badge. */
  get badges(): { requests: number | null; outbox: number | null; drafts: number | null } {
    const data = this.data;
    const outbox = data ? data.outbox.pending + data.outbox.parked : null;
    return {
      requests: data && data.unread > 0 ? data.unread : null,
      outbox: outbox !== null && outbox > 0 ? outbox : null,
      drafts: this.drafts !== null && this.drafts > 0 ? this.drafts : null,
    };
  }
}

export const overview = new OverviewState();
