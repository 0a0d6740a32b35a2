import { beforeEach, describe, expect, it } from 'vitest';
import { router } from './router.svelte';

beforeEach(() => {
  window.location.hash = '';
  router.sync();
});

describe('router', () => {
  it('goes to a request detail with its id in the URL', () => {
    router.go('request', 'R-42');
    expect(router.current).toBe('request');
    expect(router.param).toBe('R-42');
    expect(window.location.hash).toBe('#/requests/R-42');
  });

  it('drops the parameter on screens that take none', () => {
    router.go('request', 'R-42');
    router.go('outbox', 'x');
    expect(router.current).toBe('outbox');
    expect(router.param).toBeNull();
    expect(window.location.hash).toBe('#/outbox');
  });

  it('sends a detail without an id to the list', () => {
    router.go('request');
    expect(router.current).toBe('requests');
    expect(window.location.hash).toBe('#/requests');
  });

  it('resumes a draft through #/new-request/<draftId>', () => {
    router.go('new-request', 'draft-7');
    expect(router.param).toBe('draft-7');
    expect(window.location.hash).toBe('#/new-request/draft-7');
    router.go('new-request');
    expect(router.param).toBeNull();
    expect(window.location.hash).toBe('#/new-request');
  });

  it('follows a hash changed from outside (back/forward, links)', async () => {
    window.location.hash = '#/requests/R-7';
    await new Promise((resolve) => window.addEventListener('hashchange', resolve, { once: true }));
    expect(router.current).toBe('request');
    expect(router.param).toBe('R-7');
  });
});
