import { describe, expect, it } from 'vitest';
import { coalesce } from './coalesce';

describe('coalesce', () => {
  it('folds calls during a run into one more run', async () => {
    let runs = 0;
    let release: (() => void) | undefined;
    const load = coalesce(
      () =>
        new Promise<void>((resolve) => {
          runs += 1;
          release = resolve;
        }),
    );
    const first = load();
    void load();
    void load();
    expect(runs).toBe(1);
    release?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(runs).toBe(2);
    release?.();
    await first;
    expect(runs).toBe(2);
    // Idle again: the next call starts a new run.
    void load();
    expect(runs).toBe(3);
    release?.();
  });

  it('keeps working after a failed run', async () => {
    let fail = true;
    let runs = 0;
    const load = coalesce(async () => {
      runs += 1;
      if (fail) throw new Error('boom');
    });
    await expect(load()).rejects.toThrow('boom');
    fail = false;
    await load();
    expect(runs).toBe(2);
  });
});
