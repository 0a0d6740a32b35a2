// The Requests screen's state: the query, the rows the backend answered for it, the catalogue
// names, and the list kept live (`live()`: requests or the outbox changed, search-as-you-type
// debounced, only the newest answer shown). One instance for the app so that leaving for a
// request's detail and coming back keeps the filters and the scroll position.
import { api, type ApiResult, type UiError } from '$lib/api';
import type { RequestPage, RequestQuery, RequestRow } from '$lib/bindings';
import { live, type Live } from '$lib/live.svelte';
import { indexCatalogue, type CatalogueIndex } from './catalogue';
import { defaultQuery, searchValue } from './query';

/**
 * Skips the intermediate keystrokes of fast typing (answers to them are dropped anyway), yet
 * leaves most of the budget of "results < 100 ms after the last keystroke" for the
 * full-text query, IPC and render.
 */
export const SEARCH_DEBOUNCE_MS = 40;

/** An answer together with the query it answers (export writes exactly what is shown). */
type ListAnswer = ApiResult<{ page: RequestPage; query: RequestQuery }>;

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
  /** The list while the screen is on; null while it is not (nothing listens then). */
  private list: Live<{ page: RequestPage; query: RequestQuery }> | null = null;

  private async fetch(): Promise<ListAnswer> {
    // The query as it is when the run starts: a later change starts a newer run.
    const query = this.query;
    const answer = await api.listRequests(query);
    return answer.status === 'ok' ? { status: 'ok', data: { page: answer.data, query } } : answer;
  }

  private applyAnswer(answer: ListAnswer): void {
    if (answer.status === 'error') {
      this.error = answer.error;
      // Keep showing the last good list if there is one; the error is shown above it.
      if (this.phase === 'loading') this.phase = 'error';
      return;
    }
    const { page, query } = answer.data;
    this.error = null;
    this.rows = page.rows;
    this.total = page.total;
    this.shownQuery = query;
    this.phase = 'ready';
    this.allTotal = page.unfilteredTotal;
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
    const list = live(() => this.fetch(), ['requests', 'outbox'], {
      apply: (answer) => this.applyAnswer(answer),
      debounceMs: SEARCH_DEBOUNCE_MS,
    });
    this.list = list;
    const catalogue = api.getCatalogue().then((result) => {
      if (cycle === this.cycle && result.status === 'ok') this.catalogue = indexCatalogue(result.data);
    });
    await Promise.all([catalogue, list.ready]);
  }

  stop(): void {
    this.cycle += 1;
    this.list?.stop();
    this.list = null;
  }

  /** Same query again (data changed underneath); the rows are replaced in place. */
  async reload(): Promise<void> {
    await this.list?.refresh();
  }

  /** The search box changed: debounced, only the newest answer counts. */
  setSearch(text: string): void {
    this.searchText = text;
    this.query = { ...this.query, search: searchValue(text) };
    this.list?.refreshLater();
  }

  /**
   * A filter, the sort or a saved filter changed: asks at once (while the screen is not on,
   * only the query changes; `start()` asks for it).
   */
  async setQuery(query: RequestQuery): Promise<void> {
    this.query = query;
    this.searchText = query.search ?? '';
    await this.list?.refresh();
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
