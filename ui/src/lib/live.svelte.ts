// The one way a screen gets live data: run a query now and again whenever the store says
// (`DataChanged`) that what it reads may have changed. Before this, three hand-made variants
// (a coalescer, a latest-answer runner, and per-screen listeners with their own unlisten
// bookkeeping) each got a different part of this right.
//
// - A burst of events (a sync pulling 200 requests) costs at most one further run: events that
//   arrive while a run is under way are folded into one run after it.
// - Only the answer to the newest run started is applied: an older one that arrives late (the
//   backend may finish a slow full-text query after a faster later one) is dropped.
// - `stop()` is the one way to end it, safe at any time, also before the listener is in place
//   (Tauri's listen is an IPC round trip: a screen may be left before it answers).
// Only `api` is taken as a value: tests replace this module with a double that has nothing else.
import { api, type ApiResult, type UiError, type Unlisten } from '$lib/api';
import type { DataChange } from '$lib/bindings';

export type DataKind = DataChange['kind'];

export type LiveOptions<T> = {
  /**
   * Of the changes of the watched kinds, only those this accepts start a run (e.g. only
   * `requests` events naming the request on screen). `all` is never filtered out.
   */
  filter?: (change: DataChange) => boolean;
  /** Called with every answer that is applied (ok or error), after `value`/`error` are set. */
  apply?: (answer: ApiResult<T>) => void;
  /** Delay of `refreshLater()` (search-as-you-type): the keystrokes of fast typing are skipped. */
  debounceMs?: number;
};

export type Live<T> = {
  /** The last good answer; kept when a later run fails. */
  readonly value: T | undefined;
  /** The last run's error; null after a good answer. */
  readonly error: UiError | null;
  /** True while the newest run is under way. */
  readonly loading: boolean;
  /** Settles when the listener is in place (or failed) and the first run is done. */
  readonly ready: Promise<void>;
  /** The query's inputs changed: runs at once; an answer under way is dropped. */
  refresh(): Promise<void>;
  /** Like `refresh()` after `debounceMs`; what is under way is dropped at once (older input). */
  refreshLater(): void;
  /** The data may have changed (as a watched event says): one more run, folded with one under way. */
  invalidate(): void;
  /** Stops listening and drops every answer still to come. Safe to call more than once. */
  stop(): void;
};

class LiveQuery<T> implements Live<T> {
  // Raw: a list of 10,000 rows must not become deep proxies; each answer replaces it whole.
  value = $state.raw<T | undefined>(undefined);
  error = $state.raw<UiError | null>(null);
  loading = $state(true);
  readonly ready: Promise<void>;

  /** Number of the newest run started; an answer of any other run is stale. */
  private sequence = 0;
  /** The newest run is under way (a stale one still in flight does not count). */
  private running = false;
  /** An event arrived during the newest run: it may have read the data before the change. */
  private again = false;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private unlisten: Unlisten | null = null;

  constructor(
    private readonly query: () => Promise<ApiResult<T>>,
    private readonly kinds: readonly DataKind[],
    private readonly options: LiveOptions<T>,
  ) {
    const first = this.refresh();
    const subscribed = api.onDataChanged((change) => this.changed(change)).then((result) => {
      if (result.status !== 'ok') return;
      // Stopped while the listener was being set up: nothing else would ever remove it.
      if (this.stopped) result.data();
      else this.unlisten = result.data;
    });
    this.ready = Promise.all([first, subscribed]).then(() => undefined);
  }

  private changed(change: DataChange): void {
    if (this.stopped) return;
    if (change.kind !== 'all') {
      if (!this.kinds.includes(change.kind)) return;
      if (this.options.filter && !this.options.filter(change)) return;
    }
    this.invalidate();
  }

  invalidate(): void {
    if (this.stopped) return;
    // A run scheduled for later starts after this change, so it reads the changed data.
    if (this.timer !== undefined) return;
    if (this.running) this.again = true;
    else void this.run();
  }

  refresh(): Promise<void> {
    this.clearTimer();
    return this.run();
  }

  refreshLater(): void {
    if (this.stopped) return;
    this.clearTimer();
    // What is in flight now answers an older input: never show it.
    this.sequence += 1;
    this.running = false;
    this.again = false;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, this.options.debounceMs ?? 0);
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
    this.sequence += 1;
    this.again = false;
    this.unlisten?.();
    this.unlisten = null;
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async run(): Promise<void> {
    if (this.stopped) return;
    const mine = ++this.sequence;
    // This run starts after every event so far, so it covers them.
    this.again = false;
    this.running = true;
    this.loading = true;
    let answer: ApiResult<T>;
    try {
      answer = await this.query();
    } catch (thrown) {
      // The api's calls never reject; a query that does anyway still ends its run.
      const detail = thrown instanceof Error ? thrown.message : String(thrown);
      answer = { status: 'error', error: { code: 'internal', field: null, detail } };
    }
    if (this.stopped || mine !== this.sequence) return;
    this.running = false;
    this.loading = false;
    if (answer.status === 'ok') {
      this.value = answer.data;
      this.error = null;
    } else {
      this.error = answer.error;
    }
    this.options.apply?.(answer);
    if (this.again) await this.run();
  }
}

/**
 * Runs `query` at once and again whenever a `DataChanged` of one of `kinds` (or `all`) arrives.
 * Read `value`/`error`/`loading` (reactive) or take each answer in `options.apply`; call
 * `stop()` when the screen goes.
 */
export function live<T>(
  query: () => Promise<ApiResult<T>>,
  kinds: readonly DataKind[],
  options: LiveOptions<T> = {},
): Live<T> {
  return new LiveQuery(query, kinds, options);
}
