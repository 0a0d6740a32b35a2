// The current UI language as reactive state. Templates call `t(...)`, which reads
// `locale.language`, so every visible string re-renders when the language changes.
import type { UiError } from '$lib/api';
import type { Language } from '$lib/bindings';
import { describeError, translate, type MessageKey, type Params } from './translate';

class Locale {
  language = $state<Language>('lv');
}

export const locale = new Locale();

export function t(key: MessageKey, params?: Params): string {
  return translate(locale.language, key, params);
}

export function errorText(error: UiError): string {
  return describeError(locale.language, error);
}

/** Switches the UI language and keeps `<html lang>` in step for screen readers and hyphenation. */
export function applyLanguage(language: Language): void {
  locale.language = language;
  document.documentElement.lang = language;
}
