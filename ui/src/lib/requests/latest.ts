// Search-as-you-type without races: calls are debounced, every call gets a sequence number, and
// only the answer to the newest call is applied. An older answer that arrives late (the backend
// may finish a slow full-text query after a faster later one) is dropped.

export type LatestRunner<A> = {
  /** Runs `arg` after the debounce delay; a newer schedule/run replaces it. */
  schedule(arg: A): void;
  /** Runs `arg` at once (filters, sort, change events); also cancels a scheduled run. */
  run(arg: A): Promise<void>;
  /** Drops anything scheduled or in flight (screen left). */
  cancel(): void;
};

export function createLatestRunner<A, T>(
  fetch: (arg: A) => Promise<T>,
  apply: (answer: T, arg: A) => void,
  delayMs: number,
): LatestRunner<A> {
  let latest = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function clearTimer(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  }

  async function run(arg: A): Promise<void> {
    clearTimer();
    const sequence = ++latest;
    const answer = await fetch(arg);
    if (sequence === latest) apply(answer, arg);
  }

  return {
    schedule(arg) {
      clearTimer();
      // Invalidate whatever is in flight now: its answer describes an older search text.
      latest += 1;
      timer = setTimeout(() => {
        timer = undefined;
        void run(arg);
      }, delayMs);
    },
    run,
    cancel() {
      clearTimer();
      latest += 1;
    },
  };
}
