// The request list's query: defaults, sort toggling, filter helpers. Pure, so the screen's
// behaviour can be tested without rendering.
import type { RequestQuery, SortField } from '$lib/bindings';

export function defaultQuery(): RequestQuery {
  return {
    search: null,
    serviceIds: [],
    requestTypeIds: [],
    statuses: [],
    createdFrom: null,
    createdTo: null,
    slaStates: [],
    sort: 'updatedAt',
    descending: true,
  };
}

/** Dates and due times start newest/soonest first as users expect; text columns start A→Z. */
const descendingFirst: Record<SortField, boolean> = {
  updatedAt: true,
  createdAt: true,
  reference: false,
  status: false,
  slaDue: false,
};

/** Clicking the sorted column flips its direction; another column sorts by it in its natural direction. */
export function toggleSort(query: RequestQuery, field: SortField): RequestQuery {
  if (query.sort === field) return { ...query, descending: !query.descending };
  return { ...query, sort: field, descending: descendingFirst[field] };
}

export function ariaSort(query: RequestQuery, field: SortField): 'ascending' | 'descending' | 'none' {
  if (query.sort !== field) return 'none';
  return query.descending ? 'descending' : 'ascending';
}

/** True when the query narrows the list (search text or any filter); sort does not count. */
export function isFiltered(query: RequestQuery): boolean {
  return (
    (query.search !== null && query.search.trim() !== '') ||
    query.serviceIds.length > 0 ||
    query.requestTypeIds.length > 0 ||
    query.statuses.length > 0 ||
    query.createdFrom !== null ||
    query.createdTo !== null ||
    query.slaStates.length > 0
  );
}

/** Keeps the sort, drops every filter and the search text. */
export function clearFilters(query: RequestQuery): RequestQuery {
  return { ...defaultQuery(), sort: query.sort, descending: query.descending };
}

/** The search text as the backend wants it: trimmed, `null` when empty. */
export function searchValue(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

/** A date input's value (`''` when cleared) as the query's `YYYY-MM-DD | null`. */
export function dateValue(text: string): string | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : null;
}
