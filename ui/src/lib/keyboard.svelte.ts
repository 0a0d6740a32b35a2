// App-wide keyboard shortcuts, installed once by the frame:
//   Ctrl+N / Cmd+N      new request
//   Ctrl+K / Cmd+K, /   go to Requests and focus its search box (`/` only when not typing)
//   Alt+1 … Alt+7       the screens of the side navigation, in order
//   Esc                 closes the topmost custom popover, or else the topmost open <dialog>
// Screens mark their search box with the `data-search-input` attribute.
import { tick } from 'svelte';
import { router } from './router.svelte';
import { routes } from './routes';

// Input types where a key like `/` is text. The app's own date and date-time fields (DateInput,
// DateTimeInput) are `text` inputs, where `/` is a date separator (`23/11/2026`), so `text` covers
// them; `datetime-local` went with the last field that used it (DateTimeInput replaced it).
const textInputTypes = new Set([
  'text',
  'search',
  'email',
  'url',
  'tel',
  'password',
  'number',
  'date',
  'month',
  'time',
  'week',
]);

/** True while the user types into something, where a plain key like `/` is text, not a command. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return textInputTypes.has(target.type);
  return target.isContentEditable || target.closest('[contenteditable="true"]') !== null;
}

/** Custom popovers register how to close themselves; Esc closes the newest first. */
const escapeHandlers: (() => void)[] = [];

export function pushEscapeHandler(close: () => void): () => void {
  escapeHandlers.push(close);
  return () => {
    const index = escapeHandlers.lastIndexOf(close);
    if (index >= 0) escapeHandlers.splice(index, 1);
  };
}

function closeTopmostDialog(): boolean {
  const open = [...document.querySelectorAll<HTMLDialogElement>('dialog[open]')];
  const top = open.at(-1);
  if (!top) return false;
  // A modal dialog closes itself on Esc (the browser sends `cancel`); closing it here as well
  // would close the next one underneath in the same key press.
  if (isModal(top)) return false;
  top.close();
  return true;
}

function isModal(dialog: HTMLDialogElement): boolean {
  try {
    return dialog.matches(':modal');
  } catch {
    // Engines without :modal (jsdom) have no native modal handling either.
    return false;
  }
}

/** Waits (a few frames at most) for the Requests screen to render its search box, then focuses it. */
export async function focusSearch(maxFrames = 30): Promise<boolean> {
  await tick();
  for (let frame = 0; frame <= maxFrames; frame++) {
    const input = document.querySelector<HTMLElement>('[data-search-input]');
    if (input) {
      input.focus();
      if (input instanceof HTMLInputElement) input.select();
      return true;
    }
    await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
  }
  return false;
}

export function handleKeydown(event: KeyboardEvent): void {
  if (event.defaultPrevented || event.isComposing) return;
  const key = event.key.toLowerCase();
  const command = (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;

  if (command && key === 'n') {
    event.preventDefault();
    router.go('new-request');
    return;
  }
  if ((command && key === 'k') || (event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTypingTarget(event.target))) {
    event.preventDefault();
    if (router.current !== 'requests') router.go('requests');
    void focusSearch();
    return;
  }
  if (event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
    const index = Number(event.key) - 1;
    const target = Number.isInteger(index) ? routes[index] : undefined;
    if (target) {
      event.preventDefault();
      router.go(target.id);
    }
    return;
  }
  if (event.key === 'Escape') {
    const close = escapeHandlers.pop();
    if (close) {
      event.preventDefault();
      close();
      return;
    }
    if (closeTopmostDialog()) event.preventDefault();
  }
}

/** Listens on the window until the returned function is called. */
export function installKeyboard(): () => void {
  window.addEventListener('keydown', handleKeydown);
  return () => window.removeEventListener('keydown', handleKeydown);
}
