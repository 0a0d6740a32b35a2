import { describe, expect, it } from 'vitest';
import {
  formatMonthLong,
  formatMonthShort,
  formatNumber,
  formatPercent,
  formatPlainDate,
  formatShare,
} from './format';

const nbsp = '\u00a0';

describe('numbers', () => {
  it('use a decimal comma and no-break-space thousands in Latvian', () => {
    expect(formatNumber(1234.5, 'lv', 1)).toBe(`1${nbsp}234,5`);
    expect(formatNumber(1234567, 'lv')).toBe(`1${nbsp}234${nbsp}567`);
    expect(formatNumber(12, 'lv')).toBe('12');
  });

  it('use a decimal point and comma thousands in English', () => {
    expect(formatNumber(1234.5, 'en', 1)).toBe('1,234.5');
    expect(formatNumber(999, 'en')).toBe('999');
  });

  it('round, and show a true minus only for values that stay negative', () => {
    expect(formatNumber(-3.14159, 'en', 2)).toBe('−3.14');
    expect(formatNumber(-0.001, 'en', 2)).toBe('0.00');
  });
});

describe('percentages', () => {
  it('read 99,95 % in Latvian and 99.95% in English', () => {
    expect(formatPercent(99.95, 'lv')).toBe(`99,95${nbsp}%`);
    expect(formatPercent(99.95, 'en')).toBe('99.95%');
  });

  it('keep the asked decimals (targets are shown with one)', () => {
    expect(formatPercent(99, 'lv', 1)).toBe(`99,0${nbsp}%`);
    expect(formatPercent(97, 'en', 1)).toBe('97.0%');
    expect(formatPercent(100, 'en')).toBe('100.00%');
    expect(formatPercent(99.9449, 'lv')).toBe(`99,94${nbsp}%`);
  });

  it('turn a 0..1 share into a percentage', () => {
    expect(formatShare(0.9375, 'lv')).toBe(`93,8${nbsp}%`);
    expect(formatShare(1, 'en')).toBe('100.0%');
  });
});

describe('dates and months', () => {
  it('show a contract date in the house format', () => {
    expect(formatPlainDate('2026-12-31')).toBe('31.12.2026.');
    expect(formatPlainDate('not a date')).toBe('not a date');
  });

  it('name months in each language', () => {
    expect(formatMonthLong('2026-11', 'lv')).toBe('2026. gada novembris');
    expect(formatMonthLong('2026-01', 'en')).toBe('January 2026');
    expect(formatMonthShort('2026-09', 'lv')).toBe('sept. 26');
    expect(formatMonthShort('2026-09', 'en')).toBe('Sep 26');
    expect(formatMonthShort('2026-13', 'en')).toBe('2026-13');
  });
});
