// What a date field takes from the keyboard and what it makes of it. The field shows and takes
// dates as Latvians write them, `23.11.2026.`, in both languages; the value it hands on is ISO
// `YYYY-MM-DD` (a calendar date: no time, no time zone). Pure functions, unit-tested, used by
// `DateInput.svelte`.
//
// The time of a date-time field (`DateTimeInput.svelte`) is read here too: `14:30`, 24-hour, as
// a wall-clock time in Riga, and turned into the UTC instant the draft stores. Riga's clocks
// jump twice a year, so two wall times are special and handled on purpose (see `rigaInstant`).
import { CalendarDateTime, toCalendarDateTime, toZoned, type ZonedDateTime } from '@internationalized/date';
import { DISPLAY_TIME_ZONE, rigaParts } from './i18n/dates';

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

/** What the typed time is: nothing, a real time, not finished yet, or no such hour or minute. */
export type TimeEntry =
  | { kind: 'empty' }
  | { kind: 'time'; hour: number; minute: number }
  | { kind: 'incomplete' }
  /** Shaped like a time, but `part` does not exist (25:00, 12:61); `shown` is what was typed, as `25:00`. */
  | { kind: 'impossible'; shown: string; part: 'hour' | 'minute' };

/** `14:05`: how a time is shown, 24-hour, two digits each. */
export const formatClock = (hour: number, minute: number): string => `${pad(hour)}:${pad(minute)}`;

/**
 * Reads a typed time. Takes `14:30` (a one-digit hour allowed, `.` instead of the colon as in
 * `plkst. 14.30`) and four digits `1430`; the minutes have two digits, until they do the entry is
 * incomplete. 24-hour clock only: there is no AM/PM, and `24:00` is no time of the day.
 */
export function readTimeEntry(text: string): TimeEntry {
  const typed = text.replace(/\s+/g, '');
  if (typed === '') return { kind: 'empty' };
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(typed) ?? /^(\d{2})(\d{2})$/.exec(typed);
  if (match === null) return { kind: 'incomplete' };
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  if (hour > 23) return { kind: 'impossible', shown: formatClock(hour, minute), part: 'hour' };
  if (minute > 59) return { kind: 'impossible', shown: formatClock(hour, minute), part: 'minute' };
  return { kind: 'time', hour, minute };
}

/**
 * The typing aid of the time, as `withTypedDots` is the date's: after the hour's two digits a
 * colon follows, so typing `1430` shows `14:30`; a colon (or dot) typed after one added is dropped.
 */
export function withTypedColon(text: string): string {
  if (/:[:.]$/.test(text)) return text.slice(0, -1);
  if (/^\d{2}$/.test(text)) return `${text}:`;
  return text;
}

/**
 * A Riga wall time as an instant. Riga is UTC+2 in winter and UTC+3 in summer; the clocks go
 * forward at 03:00 on the last Sunday of March and back at 04:00 on the last Sunday of October:
 *  - `skipped`: the spring-forward hour (03:00–03:59 that day) never shows on a Riga clock. It is
 *    refused, not moved silently: the user is told and offered `suggestion`, the same wall time
 *    after the jump (03:30 → 04:30), which is the instant the clock reading would mean if the
 *    clocks had not been moved yet.
 *  - `twice`: the autumn hour (03:00–03:59 that day) shows twice, first in summer time, then in
 *    winter time. The earlier instant is taken (the first time the clock showed it), and `twice`
 *    names its UTC offset so the field can say which one it took.
 */
export type RigaInstant =
  | { kind: 'instant'; iso: string; twice: { offset: string } | null }
  | { kind: 'skipped'; suggestion: string };

/** `UTC+3`, `UTC+2`, `UTC+5:30`: a ZonedDateTime's offset in words the field can show. */
function offsetText(zoned: ZonedDateTime): string {
  const minutes = Math.round(zoned.offset / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const hours = Math.floor(Math.abs(minutes) / 60);
  const rest = Math.abs(minutes) % 60;
  return `UTC${sign}${hours}${rest === 0 ? '' : `:${pad(rest)}`}`;
}

function zonedWall(wall: CalendarDateTime): RigaInstant {
  // @internationalized/date reads the zone's rules from Intl; 'earlier' and 'later' are the two
  // readings of a wall time, equal except in the two DST hours.
  const earlier = toZoned(wall, DISPLAY_TIME_ZONE, 'earlier');
  const later = toZoned(wall, DISPLAY_TIME_ZONE, 'later');
  // In the spring gap neither reading shows the wall time typed: 'earlier' lands an hour before
  // the jump, 'later' the same amount after it.
  if (toCalendarDateTime(earlier).compare(wall) !== 0) {
    return { kind: 'skipped', suggestion: formatClock(later.hour, later.minute) };
  }
  const twice = earlier.compare(later) !== 0 ? { offset: offsetText(earlier) } : null;
  return { kind: 'instant', iso: earlier.toDate().toISOString(), twice };
}

/** The instant of a Riga wall time on an ISO date, or null when the date or the time is no real one. */
export function rigaInstant(date: string, hour: number, minute: number): RigaInstant | null {
  if (!isIsoDate(date) || !Number.isInteger(hour) || !Number.isInteger(minute)) return null;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return null;
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return zonedWall(new CalendarDateTime(year, month, day, hour, minute));
}

const INSTANT = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;

/**
 * A stored date-time (the draft's JSON, a request sent back to be fixed) as an ISO UTC instant,
 * or null when it is no date-time. RFC 3339 with any offset is taken as that instant; a date-time
 * without an offset (`2026-11-23T09:15`, not what this app stores) is read as Riga wall time,
 * like a typed one, rather than in the PC's own time zone.
 */
export function readInstant(text: string): string | null {
  const match = INSTANT.exec(text.trim());
  if (match === null) return null;
  const [, date = '', hourText = '', minuteText = '', secondText, fraction, zone] = match;
  const [hour, minute, second] = [Number(hourText), Number(minuteText), Number(secondText ?? '0')];
  // Date would roll 31.02. over into March and take 24:00; neither is a stored instant.
  if (!isIsoDate(date) || hour > 23 || minute > 59 || second > 59) return null;
  if (zone === undefined) {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    const wall = zonedWall(new CalendarDateTime(year, month, day, hour, minute, second));
    return wall.kind === 'instant' ? wall.iso : null;
  }
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  const instant = new Date(`${date}T${hourText}:${minuteText}:${pad(second)}${fraction ?? ''}${offset}`);
  return Number.isNaN(instant.getTime()) ? null : instant.toISOString();
}

/** An instant as the Riga date (ISO) and wall time (`HH:MM`) a date-time field shows, or null. */
export function rigaWallTime(instant: string): { date: string; time: string } | null {
  const iso = readInstant(instant);
  if (iso === null) return null;
  const { year, month, day, hour, minute } = rigaParts(iso);
  const date = isoDate(year, month, day);
  return date === null ? null : { date, time: formatClock(hour, minute) };
}
