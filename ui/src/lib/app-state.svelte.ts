// State shared by the frame and the screens: the saved settings and app-wide notices.
import type { UiError } from '$lib/api';
import type { LockedField, PolicyView, Settings } from '$lib/bindings';
import { defaultSettings } from './defaults';
import type { MessageKey, Params } from './i18n/translate';

/**
 * A notice keeps its message key (not translated text) so it follows a later language switch.
 * If `error` is set, its translated description fills the `{message}` placeholder.
 */
export type Notice = {
  id: number;
  kind: 'info' | 'error';
  key: MessageKey;
  params?: Params;
  error?: UiError;
};

class AppState {
  settings = $state<Settings>(structuredClone(defaultSettings));
  notices = $state<Notice[]>([]);
  /** The organisation's policy; `null` until read (or outside the desktop app): nothing locked. */
  policy = $state<PolicyView | null>(null);
  private nextNoticeId = 1;

  /** True when the organisation's policy sets this Settings field (shown read-only). */
  isLocked(field: LockedField): boolean {
    return this.policy?.lockedFields.includes(field) ?? false;
  }

  /** "Try the demo" is offered unless the policy turns it off. */
  get demoAllowed(): boolean {
    return this.policy?.demoAllowed ?? true;
  }

  notify(notice: Omit<Notice, 'id'>): void {
    this.notices.push({ ...notice, id: this.nextNoticeId++ });
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((notice) => notice.id !== id);
  }
}

export const appState = new AppState();
