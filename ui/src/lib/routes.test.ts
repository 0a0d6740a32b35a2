import { describe, expect, it } from 'vitest';
import { hashFor, routeFromHash, routes } from './routes';

describe('routes', () => {
  it('cover every screen of the design in navigation order', () => {
    expect(routes.map((r) => r.id)).toEqual([
      'overview',
      'requests',
      'new-request',
      'drafts',
      'outbox',
      'contract',
      'settings',
    ]);
  });

  it('round-trip through the URL hash', () => {
    for (const route of routes) expect(routeFromHash(hashFor(route.id))).toBe(route.id);
  });

  it('fall back to the overview for an empty or unknown hash', () => {
    expect(routeFromHash('')).toBe('overview');
    expect(routeFromHash('#/no-such-screen')).toBe('overview');
  });
});
