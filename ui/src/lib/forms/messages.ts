// Text helpers shared by the form screens: bilingual messages from Rust, enum value labels, sizes.
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
 * The label of an enum value (`exchange_online_plan_1`). The catalogue's schema has no labels for
 * its values, so the UI keeps them in the dictionaries; a value VRAA adds later still shows,
 * readably, as its words.
 */
export function optionLabel(value: string, language: Language): string {
  const labels = dictionaries[language].form.values as Record<string, string>;
  return labels[value] ?? value.replace(/_/g, ' ');
}

/** `1,2 MB` (lv) / `1.2 MB` (en); bytes below 1 KB as bytes. */
export function formatSize(bytes: number, language: Language): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  const text = value.toFixed(digits);
  return `${language === 'lv' ? text.replace('.', ',') : text} ${units[unit]}`;
}

/** The file name of a path, for either separator (Windows paths arrive with backslashes). */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}
