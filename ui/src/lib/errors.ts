// A command's error in the user's language: Rust's own bilingual message when it sent one
// (CommandError.message), otherwise the UI's text for the error code (describeError does both).
// The one place for that wording, shared by all screens.
import type { UiError } from '$lib/api';
import type { Language } from '$lib/bindings';
import { locale } from '$lib/i18n/i18n.svelte';
import { describeError } from '$lib/i18n/translate';

export function commandErrorText(error: UiError, language: Language): string {
  return describeError(language, error);
}

/** The same in the current UI language (re-renders when the language changes). */
export function localizedErrorText(error: UiError): string {
  return commandErrorText(error, locale.language);
}
