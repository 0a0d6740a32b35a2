// A command's error in the user's language: Rust's own bilingual message when it sent one
// (CommandError.message), otherwise the UI's text for the error code (describeError does both).
import type { UiError } from '$lib/api';
import type { Language } from '$lib/bindings';
import { describeError } from '$lib/i18n/translate';

export function commandErrorText(error: UiError, language: Language): string {
  return describeError(language, error);
}
