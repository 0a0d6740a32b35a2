import { describe, expect, it } from 'vitest';
import { formatDateLong, formatDateShort, formatDateTime, formatTime } from './dates';

describe('date formatting in Europe/Riga', () => {
  it('writes the short date as dd.mm.yyyy. with a final dot', () => {
    expect(formatDateShort('2026-11-23T10:00:00Z')).toBe('23.11.2026.');
    expect(formatDateShort(new Date(Date.UTC(2026, 0, 5, 12)))).toBe('05.01.2026.');
  });

  it('writes the long date in Latvian with "gada" and the nominative month', () => {
    expect(formatDateLong('2026-11-23T10:00:00Z', 'lv')).toBe('2026. gada 23. novembris');
    expect(formatDateLong('2026-05-04T10:00:00Z', 'lv')).toBe('2026. gada 4. maijs');
    expect(formatDateLong('2026-08-18T10:00:00Z', 'lv')).toBe('2026. gada 18. augusts');
  });

  it('names every month correctly in Latvian', () => {
    const months = Array.from({ length: 12 }, (_, i) =>
      formatDateLong(new Date(Date.UTC(2026, i, 15, 12)), 'lv').split(' ').at(-1),
    );
    expect(months).toEqual([
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
    ]);
  });

  it('writes the long date in English as day month year', () => {
    expect(formatDateLong('2026-11-23T10:00:00Z', 'en')).toBe('23 November 2026');
  });

  it('converts UTC to Riga winter time (UTC+2), crossing midnight', () => {
    expect(formatDateTime('2026-11-22T22:30:00Z')).toBe('23.11.2026. 00:30');
    expect(formatDateLong('2026-12-31T22:15:00Z', 'lv')).toBe('2027. gada 1. janvāris');
  });

  it('converts UTC to Riga summer time (UTC+3)', () => {
    expect(formatDateTime('2026-07-15T21:30:00Z')).toBe('16.07.2026. 00:30');
  });

  it('follows the spring DST switch on 29 March 2026 (03:00 EET → 04:00 EEST)', () => {
    expect(formatTime('2026-03-29T00:59:00Z')).toBe('02:59');
    expect(formatTime('2026-03-29T01:00:00Z')).toBe('04:00');
  });

  it('uses a 24-hour clock and shows midnight as 00:00', () => {
    expect(formatTime('2026-11-23T13:05:00Z')).toBe('15:05');
    expect(formatTime('2026-11-22T22:00:00Z')).toBe('00:00');
  });

  it('rejects a string that is not an instant', () => {
    expect(() => formatDateShort('not a date')).toThrow(RangeError);
  });
});
