// Applies the chosen theme by setting `data-theme="light|dark"` on <html>; the palettes live in
// `app.css`. "system" follows the OS preference, also when it changes while the app runs.
import type { Theme } from '$lib/bindings';

const darkQuery = '(prefers-color-scheme: dark)';
let stopFollowingSystem: (() => void) | null = null;

export function isTheme(value: unknown): value is Theme {
  return value === 'system' || value === 'light' || value === 'dark';
}

function systemPrefersDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(darkQuery).matches;
}

export function resolveTheme(theme: Theme, prefersDark: boolean): 'light' | 'dark' {
  if (theme === 'system') return prefersDark ? 'dark' : 'light';
  return theme;
}

export function applyTheme(theme: Theme): void {
  stopFollowingSystem?.();
  stopFollowingSystem = null;
  const root = document.documentElement;
  root.dataset.theme = resolveTheme(theme, systemPrefersDark());
  root.dataset.themeChoice = theme;
  if (theme === 'system' && typeof window.matchMedia === 'function') {
    const query = window.matchMedia(darkQuery);
    const onChange = (event: MediaQueryListEvent): void => {
      root.dataset.theme = event.matches ? 'dark' : 'light';
    };
    query.addEventListener('change', onChange);
    stopFollowingSystem = () => query.removeEventListener('change', onChange);
  }
}
