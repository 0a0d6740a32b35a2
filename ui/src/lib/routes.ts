import type { MessageKey } from './i18n/translate';

export type RouteId = 'overview' | 'requests' | 'new-request' | 'drafts' | 'outbox' | 'contract' | 'settings';

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

export const defaultRoute: RouteId = 'overview';

export function routeFromHash(hash: string): RouteId {
  const id = hash.replace(/^#\/?/, '');
  return routes.find((route) => route.id === id)?.id ?? defaultRoute;
}

export function hashFor(id: RouteId): string {
  return `#/${id}`;
}
