import { describe, expect, it } from 'vitest';
import { formatDuration, formatRemaining, formatTarget, pluralForm, slaStateName, usedPercent } from './sla-format';

describe('SLA durations', () => {
  it('writes days and hours from a day up, in both languages', () => {
    const seconds = 2 * 86400 + 3 * 3600 + 59 * 60 + 59;
    expect(formatDuration('lv', seconds)).toBe('2 d. 3 st.');
    expect(formatDuration('en', seconds)).toBe('2 d 3 h');
  });

  it('writes hours and minutes below a day, minutes below an hour, rounding down', () => {
    expect(formatDuration('lv', 3 * 3600 + 20 * 60 + 59)).toBe('3 st. 20 min');
    expect(formatDuration('en', 59 * 60 + 59)).toBe('59 min');
    expect(formatDuration('en', 0)).toBe('0 min');
  });

  it('says remaining before the target and overdue after it', () => {
    expect(formatRemaining('lv', 5400)).toBe('Atlicis: 1 st. 30 min');
    expect(formatRemaining('en', -5400)).toBe('Overdue by 1 h 30 min');
    expect(formatRemaining('lv', -90000)).toBe('Nokavēts par 1 d. 1 st.');
  });
});

describe('SLA targets', () => {
  it('uses the Latvian singular for 1, 21, but not 11', () => {
    expect(pluralForm('lv', 1)).toBe('one');
    expect(pluralForm('lv', 21)).toBe('one');
    expect(pluralForm('lv', 11)).toBe('other');
    expect(pluralForm('en', 21)).toBe('other');
    expect(formatTarget('lv', 'working_days', 1)).toBe('1 darba diena');
    expect(formatTarget('lv', 'working_days', 10)).toBe('10 darba dienas');
    expect(formatTarget('en', 'working_hours', 2)).toBe('2 working hours');
    expect(formatTarget('lv', 'calendar_hours', 48)).toBe('48 stundas');
  });

  it('names every state in both languages', () => {
    expect(slaStateName('lv', 'atRisk')).toBe('Termiņš tuvojas');
    expect(slaStateName('en', 'breached')).toBe('Breached');
  });

  it('turns the used share into a percentage, never negative', () => {
    expect(usedPercent(0.456)).toBe(46);
    expect(usedPercent(1.2)).toBe(120);
    expect(usedPercent(-1)).toBe(0);
    expect(usedPercent(Number.NaN)).toBe(0);
  });
});
