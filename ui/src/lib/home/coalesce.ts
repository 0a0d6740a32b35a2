// Runs an async load at most once at a time: calls that arrive while one runs are folded into
// a single further run, so a burst of change events (a sync pulling 200 requests) costs two
// loads, not two hundred, and the last answer always reflects the last event.
export function coalesce(load: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await load();
      } while (again);
    })().finally(() => {
      running = null;
    });
    return running;
  };
}
