import { describe, expect, it } from 'vitest';
import { daysInMonth, isIsoDate, rangeProblem, readDateEntry, withTypedDots } from './date-entry';

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
