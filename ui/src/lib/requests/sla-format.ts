// How SLA clocks read in the UI: state names, "2 d. 3 st." durations, targets with their unit,
// remaining/overdue texts. Pure functions over a language, so the Overview and the request
// screens show clocks the same way and tests can check both languages.
import type { Language } from '$lib/bindings';
import { translate, type MessageKey } from '../i18n/translate';

/** Mirrors the contract's `SlaState` / `SlaUnit` (kept local so this module stands on its own). */
export type SlaStateName = 'onTrack' | 'atRisk' | 'breached' | 'paused' | 'met' | 'missed';
export type SlaUnitName = 'working_days' | 'working_hours' | 'calendar_hours';

export const slaStates: readonly SlaStateName[] = ['onTrack', 'atRisk', 'breached', 'paused', 'met', 'missed'];

const stateKeys: Record<SlaStateName, MessageKey> = {
  onTrack: 'sla.states.onTrack',
  atRisk: 'sla.states.atRisk',
  breached: 'sla.states.breached',
  paused: 'sla.states.paused',
  met: 'sla.states.met',
  missed: 'sla.states.missed',
};

export function slaStateName(language: Language, state: SlaStateName): string {
  return translate(language, stateKeys[state]);
}

/**
 * A duration as the house writes it: `2 d. 3 st.` from a day up, `3 st. 20 min` from an hour,
 * `20 min` below. Sign is dropped (callers say "remaining" or "overdue"). Rounds down to the
 * minute so a clock never claims more time than is left.
 */
export function formatDuration(language: Language, seconds: number): string {
  const total = Math.floor(Math.abs(seconds) / 60);
  const days = Math.floor(total / (24 * 60));
  const hours = Math.floor((total % (24 * 60)) / 60);
  const minutes = total % 60;
  if (days > 0) return translate(language, 'sla.daysHours', { d: days, h: hours });
  if (hours > 0) return translate(language, 'sla.hoursMinutes', { h: hours, m: minutes });
  return translate(language, 'sla.minutes', { m: minutes });
}

/** `Atlicis: 2 d. 3 st.` or, once the clock ran past its target, `Nokavēts par 5 st. 0 min`. */
export function formatRemaining(language: Language, remainingSeconds: number): string {
  const time = formatDuration(language, remainingSeconds);
  return remainingSeconds < 0
    ? translate(language, 'sla.overdue', { time })
    : translate(language, 'sla.remaining', { time });
}

/** Latvian plural: 1, 21, 31… take the singular ("1 darba diena"), all else the plural. */
export function pluralForm(language: Language, n: number): 'one' | 'other' {
  if (language === 'lv') return n % 10 === 1 && n % 100 !== 11 ? 'one' : 'other';
  return n === 1 ? 'one' : 'other';
}

const unitKeys: Record<SlaUnitName, Record<'one' | 'other', MessageKey>> = {
  working_days: { one: 'sla.units.working_days.one', other: 'sla.units.working_days.other' },
  working_hours: { one: 'sla.units.working_hours.one', other: 'sla.units.working_hours.other' },
  calendar_hours: { one: 'sla.units.calendar_hours.one', other: 'sla.units.calendar_hours.other' },
};

/** `3 darba dienas`, `2 working hours`, `48 stundas`. */
export function formatTarget(language: Language, unit: SlaUnitName, target: number): string {
  return translate(language, unitKeys[unit][pluralForm(language, target)], { n: target });
}

/** Share of the target used, as a whole percentage for the progress bar (capped for the bar only). */
export function usedPercent(usedShare: number): number {
  if (!Number.isFinite(usedShare) || usedShare < 0) return 0;
  return Math.round(usedShare * 100);
}
