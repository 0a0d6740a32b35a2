// A tiny hash router: the current screen is `location.hash`, so back/forward and reloads work
// without a router library. `param` carries the id of detail screens (`#/requests/<id>`,
// `#/new-request/<draftId>`).
import { hashFor, parseHash, type RouteId } from './routes';

class Router {
  current = $state<RouteId>(parseHash(window.location.hash).id);
  param = $state<string | null>(parseHash(window.location.hash).param);

  constructor() {
    window.addEventListener('hashchange', () => this.sync());
  }

  /** Re-reads the hash (also what tests call after setting `location.hash` by hand). */
  sync(): void {
    const location = parseHash(window.location.hash);
    this.current = location.id;
    this.param = location.param;
  }

  go(id: RouteId, param: string | null = null): void {
    // A detail screen without its id has nothing to show; its list is the honest target.
    const target: RouteId = id === 'request' && param === null ? 'requests' : id;
    this.current = target;
    this.param = target === 'request' || target === 'new-request' ? param : null;
    const hash = hashFor(target, this.param);
    if (window.location.hash !== hash) window.location.hash = hash;
  }
}

export const router = new Router();
