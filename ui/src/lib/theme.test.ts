import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyTheme, resolveTheme } from './theme';

function fakeMatchMedia(dark: boolean) {
  const listeners = new Set<(event: MediaQueryListEvent) => void>();
  const query = {
    matches: dark,
    addEventListener: (_: string, listener: (event: MediaQueryListEvent) => void) => listeners.add(listener),
    removeEventListener: (_: string, listener: (event: MediaQueryListEvent) => void) => listeners.delete(listener),
  };
  vi.stubGlobal('matchMedia', () => query);
  return {
    listeners,
    change(matches: boolean) {
      for (const listener of listeners) listener({ matches } as MediaQueryListEvent);
    },
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('theme', () => {
  it('resolves "system" from the OS preference and keeps explicit choices', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });

  it('follows the OS while "system" is chosen, and stops following after an explicit choice', () => {
    const media = fakeMatchMedia(false);
    applyTheme('system');
    expect(document.documentElement.dataset.theme).toBe('light');
    media.change(true);
    expect(document.documentElement.dataset.theme).toBe('dark');

    applyTheme('light');
    expect(media.listeners.size).toBe(0);
    media.change(true);
    expect(document.documentElement.dataset.theme).toBe('light');
  });
});
