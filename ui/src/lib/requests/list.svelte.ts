// The Requests screen's state: the query, the rows the backend answered for it, the catalogue
// names, and the change subscriptions. One instance for the app so that leaving for a request's
// detail and coming back keeps the filters and the scroll position.
import { api, type RequestQuery, type RequestRow, type UiError, type Unlisten } from '$lib/api';
import { indexCatalogue, type CatalogueIndex } from './catalogue';
import { createLatestRunner } from './latest';
import { defaultQuery, searchValue } from './query';

/**
 * Skips the intermediate keystrokes of fast typing (answers to them are dropped anyway), yet
 * leaves most of the budget of "results < 100 ms after the last keystroke" for the
 * full-text query, IPC and render.
 */
export const SEARCH_DEBOUNCE_MS = 40;

type ListAnswer = Awaited<ReturnType<typeof api.listRequests>>;

export class RequestListStore {
  /** What the filters and the search box say now. */
  query = $state<RequestQuery>(defaultQuery());
  /** The text in the search box (the query holds it trimmed). */
  searchText = $state('');
  /** The query whose answer is on screen (export writes exactly this list). */
  shownQuery = $state.raw<RequestQuery>(defaultQuery());
  // Raw: 10,000 rows must not become deep proxies; a new answer replaces the array whole.
  rows = $state.raw<RequestRow[]>([]);
  total = $state(0);
  /** Number of requests without any filter (the backend counts it with every answer). */
  allTotal = $state<number | null>(null);
  phase = $state<'loading' | 'ready' | 'error'>('loading');
  error = $state.raw<UiError | null>(null);
  catalogue = $state.raw<CatalogueIndex>(indexCatalogue(null));
  /** Kept across visits to a request's detail. */
  scrollTop = 0;
  /** The row last opened, marked active again when the user comes back. */
  activeId: string | null = null;

  private cycle = 0;
  private unlisteners: Unlisten[] = [];

  private readonly runner = createLatestRunner<RequestQuery, ListAnswer>(
    (query) => api.listRequests(query),
    (answer, query) => this.applyAnswer(answer, query),
    SEARCH_DEBOUNCE_MS,
  );

  private applyAnswer(answer: ListAnswer, query: RequestQuery): void {
    if (answer.status === 'error') {
      this.error = answer.error;
      // Keep showing the last good list if there is one; the error is shown above it.
      if (this.phase === 'loading') this.phase = 'error';
      return;
    }
    this.error = null;
    this.rows = answer.data.rows;
    this.total = answer.data.total;
    this.shownQuery = query;
    this.phase = 'ready';
    this.allTotal = answer.data.unfilteredTotal;
  }

  /**
   * Called as the screen mounts, before the list is drawn: a query set elsewhere (the Overview's
   * links assign `query`) shows its own answer from the top, not the old rows at the old place.
   */
  prepareForMount(): void {
    if (JSON.stringify(this.query) === JSON.stringify(this.shownQuery)) return;
    this.scrollTop = 0;
    this.activeId = null;
    this.searchText = this.query.search ?? '';
    if (this.phase === 'ready') this.phase = 'loading';
  }

  /** Loads the catalogue and the list, and follows the store's change events. */
  async start(): Promise<void> {
    this.stop();
    const cycle = ++this.cycle;
    const reload = (): void => {
      if (cycle !== this.cycle) return;
      void this.reload();
    };
    const subscriptions = [api.onRequestsChanged(() => reload()), api.onOutboxChanged(() => reload())];
    const catalogue = api.getCatalogue().then((result) => {
      if (cycle === this.cycle && result.status === 'ok') this.catalogue = indexCatalogue(result.data);
    });
    const list = this.runner.run(this.query);
    for (const subscription of await Promise.all(subscriptions)) {
      if (subscription.status !== 'ok') continue;
      // A subscription that completes after the screen was left must not stay behind.
      if (cycle !== this.cycle) subscription.data();
      else this.unlisteners.push(subscription.data);
    }
    await Promise.all([catalogue, list]);
  }

  stop(): void {
    this.cycle += 1;
    this.runner.cancel();
    for (const unlisten of this.unlisteners) unlisten();
    this.unlisteners = [];
  }

  /** Same query again (data changed underneath); the rows are replaced in place. */
  reload(): Promise<void> {
    return this.runner.run(this.query);
  }

  /** The search box changed: debounced, only the newest answer counts. */
  setSearch(text: string): void {
    this.searchText = text;
    this.query = { ...this.query, search: searchValue(text) };
    this.runner.schedule(this.query);
  }

  /** A filter, the sort or a saved filter changed: asks at once. */
  setQuery(query: RequestQuery): Promise<void> {
    this.query = query;
    this.searchText = query.search ?? '';
    return this.runner.run(query);
  }

  /** Back to a fresh screen (tests; leaving demo mode). */
  reset(): void {
    this.stop();
    this.query = defaultQuery();
    this.shownQuery = defaultQuery();
    this.searchText = '';
    this.rows = [];
    this.total = 0;
    this.allTotal = null;
    this.phase = 'loading';
    this.error = null;
    this.catalogue = indexCatalogue(null);
    this.scrollTop = 0;
    this.activeId = null;
  }
}

export const requestList = new RequestListStore();
