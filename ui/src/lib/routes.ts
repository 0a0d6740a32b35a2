import type { MessageKey } from './i18n/translate';

export type RouteId =
  | 'overview'
  | 'requests'
  | 'request'
  | 'new-request'
  | 'drafts'
  | 'outbox'
  | 'contract'
  | 'settings';

export type Route = { id: RouteId; titleKey: MessageKey };

/** Order of the side navigation. The id is also the URL hash (`#/settings`) and the test id suffix. */
export const routes: readonly Route[] = [
  { id: 'overview', titleKey: 'nav.overview' },
  { id: 'requests', titleKey: 'nav.requests' },
  { id: 'new-request', titleKey: 'nav.newRequest' },
  { id: 'drafts', titleKey: 'nav.drafts' },
  { id: 'outbox', titleKey: 'nav.outbox' },
  { id: 'contract', titleKey: 'nav.contract' },
  { id: 'settings', titleKey: 'nav.settings' },
];

/** One request's detail (`#/requests/<id>`): reached from lists and links, not from the menu. */
export const requestRoute: Route = { id: 'request', titleKey: 'nav.request' };

export const defaultRoute: RouteId = 'overview';

/** Where a URL hash leads: the screen and, for detail screens, the id in the path. */
export type Location = { id: RouteId; param: string | null };

/**
 * `#/requests/R-1` → the detail of R-1; `#/new-request/<draftId>` → the form with that draft;
 * anything unknown → the overview. The parameter is URL-decoded (ids may hold any character).
 */
export function parseHash(hash: string): Location {
  const path = hash.replace(/^#\/?/, '');
  const slash = path.indexOf('/');
  const head = slash < 0 ? path : path.slice(0, slash);
  const rest = slash < 0 ? '' : path.slice(slash + 1);
  const param = rest === '' ? null : safeDecode(rest);
  if (head === 'requests' && param !== null) return { id: 'request', param };
  if (head === 'new-request') return { id: 'new-request', param };
  const route = routes.find((r) => r.id === head);
  return { id: route?.id ?? defaultRoute, param: null };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // A malformed escape (typed by hand) is kept as written rather than lost.
    return text;
  }
}

export function routeFromHash(hash: string): RouteId {
  return parseHash(hash).id;
}

/** The URL hash of a screen; `param` is the request id (`request`) or the draft id (`new-request`). */
export function hashFor(id: RouteId, param: string | null = null): string {
  if (id === 'request') return param === null ? '#/requests' : `#/requests/${encodeURIComponent(param)}`;
  if (id === 'new-request' && param !== null) return `#/new-request/${encodeURIComponent(param)}`;
  return `#/${id}`;
}

/** The nav entry that stays highlighted on a screen (a request's detail belongs to Requests). */
export function navRouteOf(id: RouteId): RouteId {
  return id === 'request' ? 'requests' : id;
}
