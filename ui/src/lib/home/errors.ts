// A command's error in the current UI language (re-renders when the language changes): Rust's
// own bilingual message when it sent one, else the text for the code. The wording rules live in
// `requests/errors.ts`, shared by all screens.
import type { UiError } from '../api';
import { locale } from '../i18n/i18n.svelte';
import { commandErrorText } from '../requests/errors';

export function localizedErrorText(error: UiError): string {
  return commandErrorText(error, locale.language);
}
