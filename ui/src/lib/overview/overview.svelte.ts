// The Overview's data (and the navigation's badges, which read the same answer) as reactive
// state. Loaded when the frame starts and reloaded, through `live()`, when the store says
// requests, the outbox, drafts or contracts changed, and after a finished sync run.
import { api, type UiError, type Unlisten } from '$lib/api';
import type { OverviewView } from '$lib/bindings';
import { live, type Live } from '$lib/live.svelte';

class OverviewState {
  data = $state<OverviewView | null>(null);
  error = $state<UiError | null>(null);
  /** Drafts are not part of the overview answer; their count is one cheap list call. */
  drafts = $state<number | null>(null);

  private overview: Live<OverviewView> | null = null;
  private draftList: Live<unknown[]> | null = null;
  private unlistenSync: Unlisten | null = null;
  private generation = 0;

  async start(): Promise<void> {
    if (this.overview) return;
    const generation = ++this.generation;
    const overview = live(() => api.getOverview(), ['requests', 'outbox', 'referenceData'], {
      // Copied, not read through: a stop() keeps the last figures on screen for the next frame.
      apply: (answer) => {
        if (answer.status === 'ok') {
          this.data = answer.data;
          this.error = null;
        } else {
          this.error = answer.error;
        }
      },
    });
    const draftList = live(() => api.listDrafts(), ['drafts'], {
      apply: (answer) => {
        if (answer.status === 'ok') this.drafts = answer.data.length;
      },
    });
    this.overview = overview;
    this.draftList = draftList;
    // A finished sync run may have changed SLA states and the contract figures.
    const sync = api
      .onSyncStatus((status) => {
        if (!status.running) overview.invalidate();
      })
      .then((result) => {
        if (result.status !== 'ok') return;
        if (generation === this.generation) this.unlistenSync = result.data;
        else result.data();
      });
    await Promise.all([overview.ready, draftList.ready, sync]);
  }

  stop(): void {
    this.generation += 1;
    this.overview?.stop();
    this.draftList?.stop();
    this.unlistenSync?.();
    this.overview = null;
    this.draftList = null;
    this.unlistenSync = null;
  }

  /** Loads the overview now, or once more after the load under way (clock tick, retry). */
  reload(): void {
    this.overview?.invalidate();
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
