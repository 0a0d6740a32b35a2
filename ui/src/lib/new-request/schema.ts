// Turns a request type's `fieldsSchema` (JSON Schema from VRAA's catalogue) into the list of form
// fields the UI draws, and converts between the form's editing values and the JSON the draft
// stores. Pure functions, no UI state, so every mapping is unit-tested.
import type { Language } from '$lib/bindings';
import { readInstant } from '$lib/date-entry';

export type Localized = { lv: string; en: string };

export type FieldKind =
  | 'text'
  | 'textarea'
  | 'email'
  | 'date'
  | 'datetime'
  | 'number'
  | 'select'
  | 'checkbox'
  | 'multiselect'
  | 'list';

export type FieldSpec = {
  key: string;
  kind: FieldKind;
  title: Localized;
  required: boolean;
  maxLength: number | null;
  /** Regular expression from the schema; the HTML `pattern` attribute gets it. */
  pattern: string | null;
  /** Allowed values of a select (`enum`) or of a multiselect's items. */
  options: string[];
  /**
   * The catalogue's labels of those values (`oneOf: [{const, title, x-title-en}]`), by value; a
   * value without one falls back to the UI's dictionary (see `optionText`).
   */
  optionLabels: Record<string, Localized>;
  /** For a `list` (array of free strings): whether each line must be an e-mail address. */
  itemFormat: 'email' | null;
  maxItems: number | null;
};

/**
 * One value per field as the inputs edit it: text, a checkbox, or a list of strings. A `date` is
 * ISO `YYYY-MM-DD`; a `datetime` is the instant as an ISO UTC string (what DateTimeInput hands
 * on and shows as Riga date and time), so a stored instant goes through the form unchanged.
 */
export type FieldValue = string | boolean | string[];
export type FormValues = Record<string, FieldValue>;

/** A text field longer than this gets a multi-line box. */
const TEXTAREA_FROM = 300;

type SchemaNode = Record<string, unknown>;

const isObject = (value: unknown): value is SchemaNode =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const stringOr = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);
const numberOrNull = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const stringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

function kindOf(node: SchemaNode): FieldKind {
  const type = node.type;
  if (type === 'boolean') return 'checkbox';
  if (type === 'integer' || type === 'number') return 'number';
  if (type === 'array') {
    const items = isObject(node.items) ? node.items : {};
    return stringList(items.enum).length > 0 ? 'multiselect' : 'list';
  }
  if (stringList(node.enum).length > 0) return 'select';
  switch (node.format) {
    case 'email':
      return 'email';
    case 'date':
      return 'date';
    case 'date-time':
      return 'datetime';
  }
  const max = numberOrNull(node.maxLength);
  return max !== null && max > TEXTAREA_FROM ? 'textarea' : 'text';
}

/** Labels of an enum's values from its `oneOf` entries (`const` + `title` / `x-title-en`). */
function labelsOf(node: SchemaNode): Record<string, Localized> {
  const labels: Record<string, Localized> = {};
  for (const entry of Array.isArray(node.oneOf) ? node.oneOf : []) {
    if (!isObject(entry) || typeof entry.const !== 'string' || typeof entry.title !== 'string') continue;
    labels[entry.const] = { lv: entry.title, en: stringOr(entry['x-title-en'], entry.title) };
  }
  return labels;
}

/** The schema's properties in their declared order (the order VRAA wants them filled in). */
export function fieldsFromSchema(schema: unknown): FieldSpec[] {
  if (!isObject(schema) || !isObject(schema.properties)) return [];
  const required = new Set(stringList(schema.required));
  return Object.entries(schema.properties).flatMap(([key, raw]): FieldSpec[] => {
    if (!isObject(raw)) return [];
    const kind = kindOf(raw);
    const items = isObject(raw.items) ? raw.items : {};
    const lv = stringOr(raw.title, key);
    return [
      {
        key,
        kind,
        title: { lv, en: stringOr(raw['x-title-en'], lv) },
        required: required.has(key),
        maxLength: numberOrNull(raw.maxLength) ?? (kind === 'list' ? numberOrNull(items.maxLength) : null),
        pattern: typeof raw.pattern === 'string' ? raw.pattern : null,
        options: kind === 'multiselect' ? stringList(items.enum) : stringList(raw.enum),
        optionLabels: labelsOf(kind === 'multiselect' ? items : raw),
        itemFormat: kind === 'list' && items.format === 'email' ? 'email' : null,
        maxItems: numberOrNull(raw.maxItems),
      },
    ];
  });
}

/**
 * The HTML input type for a single-line field. A `date` and a `datetime` have their own fields
 * (DateInput, DateTimeInput: text fields that take `23.11.2026.` and `14:30`), never the engine's
 * date inputs, whose format follows the PC's locale and whose time its time zone.
 */
export function inputType(kind: FieldKind): string {
  switch (kind) {
    case 'email':
      return 'email';
    case 'number':
      return 'number';
    default:
      return 'text';
  }
}

export function pick(text: Localized, language: Language): string {
  return text[language] || text.lv;
}

/** An empty form: booleans unchecked, lists empty, everything else blank. */
export function emptyValues(fields: FieldSpec[]): FormValues {
  return Object.fromEntries(fields.map((f) => [f.key, emptyValue(f)]));
}

function emptyValue(field: FieldSpec): FieldValue {
  if (field.kind === 'checkbox') return false;
  if (field.kind === 'multiselect' || field.kind === 'list') return [];
  return '';
}

/**
 * Form values → the draft's `fields` JSON. Blank text and empty lists are left out (so the
 * validator reports a missing required field as missing, not as "too short"); numbers become
 * numbers; a date-time is sent as the UTC instant (`…Z`).
 */
export function valuesToJson(fields: FieldSpec[], values: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.key];
    if (value === undefined) continue;
    if (typeof value === 'boolean') {
      out[field.key] = value;
    } else if (Array.isArray(value)) {
      const items = value.map((v) => v.trim()).filter((v) => v !== '');
      if (items.length > 0) out[field.key] = items;
    } else if (value.trim() !== '') {
      out[field.key] = toJsonScalar(field.kind, value.trim());
    }
  }
  return out;
}

function toJsonScalar(kind: FieldKind, text: string): unknown {
  if (kind === 'number') {
    const n = Number(text);
    return Number.isFinite(n) ? n : text;
  }
  // Text that is no instant goes as it is, for the validator to name.
  if (kind === 'datetime') return readInstant(text) ?? text;
  return text;
}

/** The draft's `fields` JSON → form values; unknown keys are ignored, missing ones blank. */
export function jsonToValues(fields: FieldSpec[], json: unknown): FormValues {
  const source = isObject(json) ? json : {};
  const out = emptyValues(fields);
  for (const field of fields) {
    const value = source[field.key];
    if (value === undefined || value === null) continue;
    if (field.kind === 'checkbox') out[field.key] = value === true;
    else if (field.kind === 'multiselect' || field.kind === 'list') out[field.key] = stringList(value);
    else if (field.kind === 'datetime' && typeof value === 'string') out[field.key] = readInstant(value) ?? value;
    else out[field.key] = String(value);
  }
  return out;
}

/** Whether the user has put anything into a field (used to decide when to show its problems). */
export function hasValue(value: FieldValue | undefined): boolean {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.length > 0;
  return value.trim() !== '';
}

/** The header row of a CSV file for a type: its flat (non-list) properties in schema order. */
export function csvColumns(fields: FieldSpec[]): string[] {
  return fields.filter((f) => f.kind !== 'multiselect' && f.kind !== 'list').map((f) => f.key);
}
