// Date and time display. Everything is stored in UTC and shown in Europe/Riga (DST-correct),
// 24-hour clock. The numeric parts come from Intl with a fixed time zone; month names come from
// our own tables so the output is the same in every engine (WebView2, WebKitGTK, Node).
import type { Language } from '$lib/bindings';

export const DISPLAY_TIME_ZONE = 'Europe/Riga';

/** Nominative month names, as used in "2026. gada 23. novembris". */
const latvianMonths = [
  'janvāris',
  'februāris',
  'marts',
  'aprīlis',
  'maijs',
  'jūnijs',
  'jūlijs',
  'augusts',
  'septembris',
  'oktobris',
  'novembris',
  'decembris',
] as const;

const englishMonths = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** Nominative month names in each language (January first), for month labels elsewhere. */
export const monthNames: Record<Language, readonly string[]> = { lv: latvianMonths, en: englishMonths };

/** Day names, Monday first (the week starts on Monday in Latvia): full, and as a calendar's column heads. */
export const weekdayNames: Record<Language, readonly string[]> = {
  lv: ['pirmdiena', 'otrdiena', 'trešdiena', 'ceturtdiena', 'piektdiena', 'sestdiena', 'svētdiena'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

export const weekdayShortNames: Record<Language, readonly string[]> = {
  lv: ['P', 'O', 'T', 'C', 'Pk', 'S', 'Sv'],
  en: ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'],
};

type Parts = { year: number; month: number; day: number; hour: number; minute: number };

const partsFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
});

/** Accepts a Date or an ISO-8601 instant (as the Rust side sends them, always with an offset). */
export type Instant = Date | string;

function toDate(instant: Instant): Date {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a valid instant: ${String(instant)}`);
  return date;
}

/** The instant `seconds` from now (e.g. when a sign-in link stops being valid), RFC 3339 UTC. */
export function instantAfter(seconds: number, now: number = Date.now()): string {
  return new Date(now + seconds * 1000).toISOString();
}

export function rigaParts(instant: Instant): Parts {
  const values: Record<string, number> = {};
  for (const part of partsFormatter.formatToParts(toDate(instant))) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  return {
    year: values.year ?? 0,
    month: values.month ?? 0,
    day: values.day ?? 0,
    // Some engines print midnight as 24 even with h23; normalise.
    hour: (values.hour ?? 0) % 24,
    minute: values.minute ?? 0,
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `23.11.2026.` — the house format in both languages. */
export function formatDateShort(instant: Instant): string {
  const { year, month, day } = rigaParts(instant);
  return `${pad(day)}.${pad(month)}.${year}.`;
}

/** Latvian `2026. gada 23. novembris`, English `23 November 2026`. */
export function formatDateLong(instant: Instant, language: Language): string {
  const { year, month, day } = rigaParts(instant);
  if (language === 'lv') return `${year}. gada ${day}. ${latvianMonths[month - 1]}`;
  return `${day} ${englishMonths[month - 1]} ${year}`;
}

/** `14:05`, 24-hour clock, Riga time. */
export function formatTime(instant: Instant): string {
  const { hour, minute } = rigaParts(instant);
  return `${pad(hour)}:${pad(minute)}`;
}

/** `23.11.2026. 14:05` */
export function formatDateTime(instant: Instant): string {
  return `${formatDateShort(instant)} ${formatTime(instant)}`;
}
