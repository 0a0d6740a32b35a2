import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  daysInMonth,
  isIsoDate,
  rangeProblem,
  readDateEntry,
  readInstant,
  readTimeEntry,
  rigaInstant,
  rigaWallTime,
  withTypedColon,
  withTypedDots,
} from './date-entry';

describe('readDateEntry', () => {
  it.each([
    ['23.11.2026.', '2026-11-23'],
    ['23.11.2026', '2026-11-23'],
    ['1.2.2026', '2026-02-01'],
    [' 01.02.2026. ', '2026-02-01'],
    ['23/11/2026', '2026-11-23'],
    ['23-11-2026', '2026-11-23'],
    ['23112026', '2026-11-23'],
    ['2026-11-23', '2026-11-23'],
    ['29.02.2028.', '2028-02-29'],
    ['31.12.2026.', '2026-12-31'],
  ])('reads %j as %s', (text, iso) => {
    expect(readDateEntry(text)).toEqual({ kind: 'date', iso });
  });

  it.each([
    ['31.02.2026.', '31.02.2026.'],
    ['29.02.2027', '29.02.2027.'],
    ['31.04.2026', '31.04.2026.'],
    ['00.11.2026', '00.11.2026.'],
    ['12.13.2026', '12.13.2026.'],
    ['01.01.0999', '01.01.0999.'],
    ['2026-02-30', '30.02.2026.'],
  ])('%j is no date', (text, shown) => {
    expect(readDateEntry(text)).toEqual({ kind: 'impossible', shown });
  });

  it.each(['23', '23.', '23.11', '23.11.', '23.11.20', '23.11.26', '2311', 'rīt', '23.11.20261'])('%j is not finished', (text) => {
    expect(readDateEntry(text)).toEqual({ kind: 'incomplete' });
  });

  it('blank is empty', () => {
    expect(readDateEntry('  ')).toEqual({ kind: 'empty' });
  });
});

describe('the rest', () => {
  it('knows the days of each month, leap years by the Gregorian rule', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2026, m))).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
  });

  it('tells real ISO dates', () => {
    expect(isIsoDate('2026-11-23')).toBe(true);
    expect(isIsoDate('2026-02-31')).toBe(false);
    expect(isIsoDate('23.11.2026.')).toBe(false);
    expect(isIsoDate('')).toBe(false);
  });

  it('checks min and max, each optional', () => {
    expect(rangeProblem('2026-11-09', '2026-11-10', null)).toBe('beforeMin');
    expect(rangeProblem('2026-11-10', '2026-11-10', '2026-11-10')).toBeNull();
    expect(rangeProblem('2026-11-11', undefined, '2026-11-10')).toBe('afterMax');
    expect(rangeProblem('2026-11-11', '', '')).toBeNull();
  });

  it('adds the dots as the digits are typed, and drops a doubled one', () => {
    let text = '';
    const shown: string[] = [];
    for (const key of '23112026') {
      text = withTypedDots(text + key);
      shown.push(text);
    }
    expect(shown).toEqual(['2', '23.', '23.1', '23.11.', '23.11.2', '23.11.20', '23.11.202', '23.11.2026.']);
    expect(withTypedDots('23..')).toBe('23.');
    expect(withTypedDots('1.')).toBe('1.');
    expect(withTypedDots('1.2.2026')).toBe('1.2.2026.');
  });
});

describe('readTimeEntry', () => {
  it.each([
    ['14:30', 14, 30],
    ['1430', 14, 30],
    ['9:05', 9, 5],
    ['09.05', 9, 5],
    [' 00:00 ', 0, 0],
    ['23:59', 23, 59],
  ])('reads %j as %i:%i', (text, hour, minute) => {
    expect(readTimeEntry(text)).toEqual({ kind: 'time', hour, minute });
  });

  it.each([
    ['25:00', '25:00', 'hour'],
    ['24:00', '24:00', 'hour'],
    ['2400', '24:00', 'hour'],
    ['12:61', '12:61', 'minute'],
    ['9:60', '09:60', 'minute'],
  ])('%j is no time of the day', (text, shown, part) => {
    expect(readTimeEntry(text)).toEqual({ kind: 'impossible', shown, part });
  });

  it.each(['1', '14', '14:', '14:3', '143', 'pusdienlaiks', '14:30:00', '2:30 PM'])('%j is not finished', (text) => {
    expect(readTimeEntry(text)).toEqual({ kind: 'incomplete' });
  });

  it('blank is empty', () => {
    expect(readTimeEntry(' ')).toEqual({ kind: 'empty' });
  });

  it('adds the colon after the hour as the digits are typed, and drops a doubled one', () => {
    let text = '';
    const shown: string[] = [];
    for (const key of '1430') {
      text = withTypedColon(text + key);
      shown.push(text);
    }
    expect(shown).toEqual(['1', '14:', '14:3', '14:30']);
    expect(withTypedColon('14::')).toBe('14:');
    expect(withTypedColon('14:.')).toBe('14:');
    expect(withTypedColon('9:')).toBe('9:');
  });
});

// The PC running the tests may be in any zone (CI runs in UTC); Riga time must not depend on it.
describe('Riga wall time and the UTC instant', () => {
  beforeAll(() => {
    vi.stubEnv('TZ', 'America/New_York');
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it('runs in another PC time zone', () => {
    expect(new Date(2026, 10, 23, 9, 15).toISOString()).toBe('2026-11-23T14:15:00.000Z');
  });

  it('is UTC+2 in winter and UTC+3 in summer', () => {
    expect(rigaInstant('2026-11-23', 9, 15)).toEqual({ kind: 'instant', iso: '2026-11-23T07:15:00.000Z', twice: null });
    expect(rigaInstant('2026-07-01', 9, 15)).toEqual({ kind: 'instant', iso: '2026-07-01T06:15:00.000Z', twice: null });
    expect(rigaInstant('2027-01-01', 0, 30)).toEqual({ kind: 'instant', iso: '2026-12-31T22:30:00.000Z', twice: null });
  });

  it('refuses the hour the clocks skip in spring and offers the time after the jump', () => {
    // 29 March 2026: 03:00 EET becomes 04:00 EEST.
    expect(rigaInstant('2026-03-29', 2, 59)).toEqual({ kind: 'instant', iso: '2026-03-29T00:59:00.000Z', twice: null });
    expect(rigaInstant('2026-03-29', 3, 0)).toEqual({ kind: 'skipped', suggestion: '04:00' });
    expect(rigaInstant('2026-03-29', 3, 30)).toEqual({ kind: 'skipped', suggestion: '04:30' });
    expect(rigaInstant('2026-03-29', 4, 0)).toEqual({ kind: 'instant', iso: '2026-03-29T01:00:00.000Z', twice: null });
    // Another year, another Sunday: 28 March 2027.
    expect(rigaInstant('2027-03-28', 3, 15)).toEqual({ kind: 'skipped', suggestion: '04:15' });
  });

  it('takes the earlier of the hour that shows twice in autumn, and says which', () => {
    // 25 October 2026: 04:00 EEST becomes 03:00 EET, so 03:00–03:59 is read twice.
    expect(rigaInstant('2026-10-25', 2, 59)).toEqual({ kind: 'instant', iso: '2026-10-24T23:59:00.000Z', twice: null });
    expect(rigaInstant('2026-10-25', 3, 0)).toEqual({ kind: 'instant', iso: '2026-10-25T00:00:00.000Z', twice: { offset: 'UTC+3' } });
    expect(rigaInstant('2026-10-25', 3, 30)).toEqual({ kind: 'instant', iso: '2026-10-25T00:30:00.000Z', twice: { offset: 'UTC+3' } });
    expect(rigaInstant('2026-10-25', 4, 0)).toEqual({ kind: 'instant', iso: '2026-10-25T02:00:00.000Z', twice: null });
  });

  it('gives nothing for no real date or time', () => {
    expect(rigaInstant('2026-02-31', 9, 0)).toBeNull();
    expect(rigaInstant('2026-11-23', 24, 0)).toBeNull();
    expect(rigaInstant('2026-11-23', 12, 60)).toBeNull();
    expect(rigaInstant('', 12, 0)).toBeNull();
  });

  it('shows an instant as the Riga clock showed it, both readings of the autumn hour alike', () => {
    expect(rigaWallTime('2026-11-23T07:15:00Z')).toEqual({ date: '2026-11-23', time: '09:15' });
    expect(rigaWallTime('2026-07-01T06:15:00.000Z')).toEqual({ date: '2026-07-01', time: '09:15' });
    expect(rigaWallTime('2026-11-23T22:30:00Z')).toEqual({ date: '2026-11-24', time: '00:30' });
    expect(rigaWallTime('2026-10-25T00:30:00Z')).toEqual({ date: '2026-10-25', time: '03:30' });
    expect(rigaWallTime('2026-10-25T01:30:00Z')).toEqual({ date: '2026-10-25', time: '03:30' });
    expect(rigaWallTime('')).toBeNull();
    expect(rigaWallTime('rīt')).toBeNull();
  });

  it('reads stored instants with any offset as UTC, and one without an offset as Riga time', () => {
    expect(readInstant('2026-11-23T07:15:00Z')).toBe('2026-11-23T07:15:00.000Z');
    expect(readInstant('2026-11-23T09:15:00+02:00')).toBe('2026-11-23T07:15:00.000Z');
    expect(readInstant('2026-11-23T09:15+0200')).toBe('2026-11-23T07:15:00.000Z');
    expect(readInstant('2026-11-23 07:15:42.5z')).toBe('2026-11-23T07:15:42.500Z');
    expect(readInstant('2026-07-01T09:15')).toBe('2026-07-01T06:15:00.000Z');
    expect(readInstant('2026-03-29T03:30')).toBeNull();
    expect(readInstant('2026-02-31T09:15:00Z')).toBeNull();
    expect(readInstant('2026-11-23T24:00:00Z')).toBeNull();
    expect(readInstant('23.11.2026. 09:15')).toBeNull();
    expect(readInstant('Nov 23 2026')).toBeNull();
  });
});
