import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handleKeydown, installKeyboard, isTypingTarget, pushEscapeHandler } from './keyboard.svelte';
import { router } from './router.svelte';

let uninstall: () => void;

// jsdom knows <dialog> but not its methods; this is what browsers do for a non-modal one.
if (typeof HTMLDialogElement.prototype.close !== 'function') {
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    this.removeAttribute('open');
    this.dispatchEvent(new Event('close'));
  };
}
const isOpen = (dialog: HTMLDialogElement): boolean => dialog.hasAttribute('open');

beforeEach(() => {
  window.location.hash = '#/overview';
  router.sync();
  document.body.innerHTML = '';
  uninstall = installKeyboard();
});

afterEach(() => uninstall());

function press(key: string, init: KeyboardEventInit = {}, target: EventTarget = document.body): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

function addSearchBox(): HTMLInputElement {
  const input = document.createElement('input');
  input.setAttribute('data-search-input', '');
  input.value = 'old query';
  document.body.append(input);
  return input;
}

describe('keyboard shortcuts', () => {
  it('Ctrl+N and Cmd+N open a new request', () => {
    const event = press('n', { ctrlKey: true });
    expect(event.defaultPrevented).toBe(true);
    expect(router.current).toBe('new-request');
    router.go('overview');
    press('N', { metaKey: true });
    expect(router.current).toBe('new-request');
  });

  it('Ctrl+N works even from a text field (it is a chord, not text)', () => {
    const input = document.createElement('input');
    document.body.append(input);
    press('n', { ctrlKey: true }, input);
    expect(router.current).toBe('new-request');
  });

  it('Ctrl+K goes to Requests and focuses the search box once it is there', async () => {
    press('k', { ctrlKey: true });
    expect(router.current).toBe('requests');
    // The Requests screen renders its search box a moment later.
    const input = addSearchBox();
    await vi.waitFor(() => expect(document.activeElement).toBe(input));
    expect(input.selectionStart).toBe(0);
    expect(input.selectionEnd).toBe('old query'.length);
  });

  it('/ focuses search when not typing', async () => {
    const input = addSearchBox();
    const event = press('/');
    expect(event.defaultPrevented).toBe(true);
    expect(router.current).toBe('requests');
    await vi.waitFor(() => expect(document.activeElement).toBe(input));
  });

  it('/ is just a character while typing in an input or a textarea', () => {
    const textarea = document.createElement('textarea');
    const input = document.createElement('input');
    document.body.append(textarea, input);
    for (const target of [textarea, input]) {
      const event = press('/', {}, target);
      expect(event.defaultPrevented).toBe(false);
    }
    expect(router.current).toBe('overview');
  });

  it('does not treat buttons and checkboxes as typing', () => {
    const checkbox = document.createElement('input');
    checkbox.type = 'checkbox';
    expect(isTypingTarget(checkbox)).toBe(false);
    expect(isTypingTarget(document.createElement('button'))).toBe(false);
    expect(isTypingTarget(document.createElement('select'))).toBe(true);
    const editable = document.createElement('div');
    editable.setAttribute('contenteditable', 'true');
    document.body.append(editable);
    expect(isTypingTarget(editable)).toBe(true);
  });

  it('Alt+number goes to the screens in menu order', () => {
    press('6', { altKey: true });
    expect(router.current).toBe('contract');
    press('9', { altKey: true });
    expect(router.current).toBe('contract');
  });

  it('Esc closes the topmost open non-modal dialog only', () => {
    const lower = document.createElement('dialog');
    const upper = document.createElement('dialog');
    document.body.append(lower, upper);
    lower.setAttribute('open', '');
    upper.setAttribute('open', '');
    const event = press('Escape');
    expect(event.defaultPrevented).toBe(true);
    expect(isOpen(upper)).toBe(false);
    expect(isOpen(lower)).toBe(true);
  });

  it('Esc closes a registered custom popover before any dialog, newest first', () => {
    const dialog = document.createElement('dialog');
    dialog.setAttribute('open', '');
    document.body.append(dialog);
    const closed: string[] = [];
    pushEscapeHandler(() => closed.push('first'));
    const removeSecond = pushEscapeHandler(() => closed.push('second'));
    removeSecond();
    pushEscapeHandler(() => closed.push('third'));
    press('Escape');
    expect(closed).toEqual(['third']);
    expect(isOpen(dialog)).toBe(true);
    press('Escape');
    expect(closed).toEqual(['third', 'first']);
    press('Escape');
    expect(isOpen(dialog)).toBe(false);
  });

  it('ignores events another handler already took', () => {
    const event = new KeyboardEvent('keydown', { key: 'n', ctrlKey: true, cancelable: true });
    event.preventDefault();
    handleKeydown(event);
    expect(router.current).toBe('overview');
  });
});
