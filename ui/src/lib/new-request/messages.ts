// Text helpers shared by the form screens: bilingual messages from Rust, enum value labels, file names.
import type { UiError } from '$lib/api';
import type { Language } from '$lib/bindings';
import { describeError, dictionaries } from '$lib/i18n/translate';

type Bilingual = { lv: string; en: string };

/** A FieldProblem or any `{lv, en}` text in the user's language. */
export function inLanguage(text: Bilingual, language: Language): string {
  return text[language] || text.lv;
}

/**
 * An error from a command: Rust's own bilingual message when it sent one (validation, CSV
 * problems), otherwise the UI's message for the error code.
 */
export function commandErrorText(error: UiError, language: Language): string {
  const message = (error as { message?: Bilingual | null }).message;
  if (message && typeof message === 'object') return inLanguage(message, language);
  return describeError(language, error);
}

/**
 * The label of an enum value (`exchange_online_plan_1`) from the UI's dictionaries, for a catalogue
 * without value labels (an older server); a value VRAA adds later still shows, readably, as its
 * words. Prefer `optionText`, which uses the catalogue's own labels first.
 */
export function optionLabel(value: string, language: Language): string {
  const labels = dictionaries[language].form.values as Record<string, string>;
  return labels[value] ?? value.replace(/_/g, ' ');
}

/** The file name of a path, for either separator (Windows paths arrive with backslashes). */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/** The label of a field's value: the catalogue's (`oneOf` titles) first, else `optionLabel`. */
export function optionText(
  field: { optionLabels?: Record<string, Bilingual> },
  value: string,
  language: Language,
): string {
  const label = field.optionLabels?.[value];
  return label ? inLanguage(label, language) : optionLabel(value, language);
}
