// What a date field takes from the keyboard and what it makes of it. The field shows and takes
// dates as Latvians write them, `23.11.2026.`, in both languages; the value it hands on is ISO
// `YYYY-MM-DD` (a calendar date: no time, no time zone). Pure functions, unit-tested, used by
// `DateInput.svelte`.

/** What the typed text is: nothing, a real date (as ISO), not finished yet, or no such date. */
export type DateEntry =
  | { kind: 'empty' }
  | { kind: 'date'; iso: string }
  | { kind: 'incomplete' }
  /** Shaped like a date, but there is no such day; `shown` is what was typed, as `31.02.2026.`. */
  | { kind: 'impossible'; shown: string };

/** Why a real date is still refused: before `min` or after `max`. */
export type RangeProblem = 'beforeMin' | 'afterMax' | null;

const pad = (n: number): string => String(n).padStart(2, '0');

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** ISO `YYYY-MM-DD` of a day, month and year, or null when there is no such day. */
export function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Whether `text` is a real ISO calendar date (`2026-02-31` is not). */
export function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return match !== null && isoDate(Number(match[1]), Number(match[2]), Number(match[3])) === text;
}

/**
 * Reads what was typed. Takes `23.11.2026.` (the trailing dot optional, one-digit day and month
 * allowed, `/` or `-` instead of the dot), eight digits `23112026`, and an ISO `2026-11-23` (as
 * pasted from elsewhere). The year has four digits; until it does the entry is incomplete.
 */
export function readDateEntry(text: string): DateEntry {
  const typed = text.replace(/\s+/g, '');
  if (typed === '') return { kind: 'empty' };
  let parts: [number, number, number] | null = null;
  const dotted = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})\.?$/.exec(typed);
  const digits = /^(\d{2})(\d{2})(\d{4})$/.exec(typed);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typed);
  if (dotted) parts = [Number(dotted[3]), Number(dotted[2]), Number(dotted[1])];
  else if (digits) parts = [Number(digits[3]), Number(digits[2]), Number(digits[1])];
  else if (iso) parts = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  if (parts === null) return { kind: 'incomplete' };
  const [year, month, day] = parts;
  const date = isoDate(year, month, day);
  return date === null ? { kind: 'impossible', shown: `${pad(day)}.${pad(month)}.${String(year).padStart(4, '0')}.` } : { kind: 'date', iso: date };
}

/** Whether an ISO date lies outside `min`..`max` (either may be absent). */
export function rangeProblem(iso: string, min: string | null | undefined, max: string | null | undefined): RangeProblem {
  // ISO dates with four-digit years compare correctly as strings.
  if (min && isIsoDate(min) && iso < min) return 'beforeMin';
  if (max && isIsoDate(max) && iso > max) return 'afterMax';
  return null;
}

/**
 * The typing aid: after the day's and the month's two digits and the year's four a dot follows,
 * so typing `23112026` shows `23.11.2026.`; a dot typed after one added is dropped. Only for
 * typing at the end of the text (deleting or editing in the middle is left as it is).
 */
export function withTypedDots(text: string): string {
  if (/\.\.$/.test(text)) return text.slice(0, -1);
  if (/^\d{2}$/.test(text) || /^\d{1,2}\.\d{2}$/.test(text) || /^\d{1,2}\.\d{1,2}\.\d{4}$/.test(text)) return `${text}.`;
  return text;
}
