// Pure lookup and interpolation, independent of any UI state, so it can be tested and reused by
// screens that must show both languages at once (the database-problem screen).
import type { UiError } from '$lib/api';
import type { Language } from '$lib/bindings';
import { en } from './en';
import { lv, type Messages } from './lv';

export const dictionaries: Record<Language, Messages> = { lv, en };
export const languages: readonly Language[] = ['lv', 'en'];

/** Every dotted path to a string in the dictionary, e.g. `"nav.overview"`. */
export type MessageKey = Leaves<Messages>;
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type Params = Record<string, string | number>;

export function isLanguage(value: unknown): value is Language {
  return value === 'lv' || value === 'en';
}

export function translate(language: Language, key: MessageKey, params?: Params): string {
  let node: unknown = dictionaries[language];
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) break;
    node = (node as Record<string, unknown>)[part];
  }
  // Unreachable for a well-typed key; showing the key beats showing nothing.
  if (typeof node !== 'string') return key;
  return params ? interpolate(node, params) : node;
}

function interpolate(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Validation errors name a field and explain themselves; other errors get their detail appended. */
const selfExplainingCodes = new Set<UiError['code']>([
  'invalidUrl',
  'insecureUrl',
  'unsupportedUrlScheme',
  'invalidProxyUrl',
  'invalidSyncInterval',
  'caFileInvalid',
  'emptyToken',
]);

export function describeError(language: Language, error: UiError): string {
  // The Rust side's own bilingual words are the most specific; technical detail stays in the log.
  if (error.message) return error.message[language];
  const codes = dictionaries[language].errors.codes;
  const message = codes[error.code] ?? codes.internal;
  if (error.detail && !selfExplainingCodes.has(error.code)) {
    return `${message} ${translate(language, 'errors.detail', { detail: error.detail })}`;
  }
  return message;
}
