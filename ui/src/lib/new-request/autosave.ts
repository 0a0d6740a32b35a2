// Saves a draft a moment after the last change (debounced), one save at a time, and keeps the id
// the first save returned so every later save updates the same draft instead of creating another.
import type { ApiResult, UiError } from '$lib/api';
import type { DraftInput, DraftView } from '$lib/bindings';

export const AUTOSAVE_DELAY_MS = 300;

export type AutosaveHooks = {
  save: (input: DraftInput) => Promise<ApiResult<DraftView>>;
  onSaving?: () => void;
  onSaved?: (draft: DraftView) => void;
  onError?: (error: UiError) => void;
};

export class DraftAutosave {
  /** The draft's id once the first save answered (or the id of a resumed draft). */
  id: string | null;
  private pending: DraftInput | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inflight: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly hooks: AutosaveHooks,
    id: string | null = null,
    private readonly delayMs = AUTOSAVE_DELAY_MS,
  ) {
    this.id = id;
  }

  /** Remembers the latest content and (re)starts the delay; only the last content is saved. */
  schedule(input: DraftInput): void {
    if (this.stopped) return;
    this.pending = input;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Saves what is waiting now (e.g. before submitting) and resolves when every save is done. */
  async flush(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    // A save in flight may be the first one: wait for its id, or the next save would create a
    // second draft.
    while (this.inflight) await this.inflight;
    const input = this.pending;
    if (input === null || this.stopped) return;
    this.pending = null;
    this.inflight = this.run({ ...input, id: this.id });
    try {
      await this.inflight;
    } finally {
      this.inflight = null;
    }
  }

  get hasPending(): boolean {
    return this.pending !== null || this.inflight !== null;
  }

  /** Drops anything not yet saved (the form was closed after a submit or discard). */
  stop(): void {
    this.stopped = true;
    this.pending = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private async run(input: DraftInput): Promise<void> {
    this.hooks.onSaving?.();
    const result = await this.hooks.save(input);
    if (result.status === 'ok') {
      this.id = result.data.id;
      this.hooks.onSaved?.(result.data);
    } else {
      this.hooks.onError?.(result.error);
    }
  }
}

/**
 * Runs `task` a moment after the last call and hands its answer to `apply` only if no newer call
 * started meanwhile, so a slow early validation never overwrites a newer one.
 */
export class LatestDebounced<A, R> {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private generation = 0;

  constructor(
    private readonly task: (arg: A) => Promise<R>,
    private readonly apply: (result: R) => void,
    private readonly delayMs = AUTOSAVE_DELAY_MS,
  ) {}

  schedule(arg: A): void {
    this.generation += 1;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.now(arg), this.delayMs);
  }

  /** Runs at once (cancelling a waiting run) and resolves with the answer. */
  async now(arg: A): Promise<R> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const mine = ++this.generation;
    const result = await this.task(arg);
    if (mine === this.generation) this.apply(result);
    return result;
  }

  cancel(): void {
    this.generation += 1;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
