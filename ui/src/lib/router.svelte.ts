// A tiny hash router: the current screen is `location.hash`, so back/forward and reloads work
// without a router library.
import { hashFor, routeFromHash, type RouteId } from './routes';

class Router {
  current = $state<RouteId>(routeFromHash(window.location.hash));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.current = routeFromHash(window.location.hash);
    });
  }

  go(id: RouteId): void {
    this.current = id;
    if (window.location.hash !== hashFor(id)) window.location.hash = hashFor(id);
  }
}

export const router = new Router();
