import { describe, expect, it } from 'vitest';
import { hashFor, navRouteOf, parseHash, routeFromHash, routes } from './routes';

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
    expect(parseHash('#/no-such-screen/5')).toEqual({ id: 'overview', param: null });
  });

  it('read a request id from #/requests/<id>, decoded', () => {
    expect(parseHash('#/requests/REQ-2026-00042')).toEqual({ id: 'request', param: 'REQ-2026-00042' });
    expect(parseHash('#/requests/local%2F7')).toEqual({ id: 'request', param: 'local/7' });
    expect(parseHash('#/requests')).toEqual({ id: 'requests', param: null });
    expect(parseHash('#/requests/')).toEqual({ id: 'requests', param: null });
  });

  it('read a draft id from #/new-request/<draftId>', () => {
    expect(parseHash('#/new-request/d-1')).toEqual({ id: 'new-request', param: 'd-1' });
    expect(parseHash('#/new-request')).toEqual({ id: 'new-request', param: null });
  });

  it('keep a malformed escape as written', () => {
    expect(parseHash('#/requests/100%')).toEqual({ id: 'request', param: '100%' });
  });

  it('build hashes with parameters that parse back to the same place', () => {
    expect(hashFor('request', 'a b/c')).toBe('#/requests/a%20b%2Fc');
    expect(parseHash(hashFor('request', 'a b/c'))).toEqual({ id: 'request', param: 'a b/c' });
    expect(hashFor('new-request', 'd-9')).toBe('#/new-request/d-9');
    expect(hashFor('new-request')).toBe('#/new-request');
    expect(hashFor('settings', 'ignored')).toBe('#/settings');
  });

  it('highlight Requests in the menu while a request is open', () => {
    expect(navRouteOf('request')).toBe('requests');
    expect(navRouteOf('outbox')).toBe('outbox');
  });
});
