import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Language } from '$lib/bindings';
import { applyLanguage } from '$lib/i18n/i18n.svelte';
import { isTypingTarget } from '$lib/keyboard.svelte';
import DateTimeInput from './DateTimeInput.svelte';

type Props = { value?: string; required?: boolean };

function renderField(props: Props = {}) {
  const onchange = vi.fn<(value: string) => void>();
  const result = render(DateTimeInput, { id: 'dt', label: 'Sākums', testid: 'start', onchange, ...props });
  return {
    ...result,
    onchange,
    date: screen.getByTestId('start') as HTMLInputElement,
    time: screen.getByTestId('start-time') as HTMLInputElement,
  };
}

/** Types a date, then clicks into the time part and types the time, as a user would. */
async function typeDateTime(date: string, time: string) {
  const user = userEvent.setup();
  await user.type(screen.getByTestId('start'), date);
  await user.type(screen.getByTestId('start-time'), time);
  return user;
}

// The field must read Riga time whatever zone the PC is in (the old datetime-local used the PC's).
beforeAll(() => {
  vi.stubEnv('TZ', 'America/New_York');
});
afterAll(() => {
  vi.unstubAllEnvs();
});

beforeEach(() => {
  applyLanguage('lv');
});

describe('DateTimeInput', () => {
  it.each<[Language, string, string, string]>([
    ['lv', 'Datums', 'Laiks', 'hh:mm'],
    ['en', 'Date', 'Time', 'hh:mm'],
  ])('is a group named by the label, with a date and a 24-hour time part (%s)', (language, dateName, timeName, placeholder) => {
    applyLanguage(language);
    const { date, time } = renderField({ required: true });
    const group = screen.getByRole('group', { name: 'Sākums' });
    expect(within(group).getByLabelText(new RegExp(`^${dateName}`))).toBe(date);
    expect(within(group).getByLabelText(new RegExp(`^${timeName}`))).toBe(time);
    expect(time).toHaveAttribute('placeholder', placeholder);
    expect(time).toHaveAttribute('type', 'text');
    expect(date).toBeRequired();
    expect(time).toBeRequired();
    // The calendar is named after the field, not after its part.
    expect(screen.getByTestId('start-calendar')).toHaveAccessibleName(expect.stringContaining('Sākums'));
    expect(time).toHaveAccessibleDescription(expect.stringContaining('14:30'));
  });

  it.each<[string, string, string]>([
    ['winter, UTC+2', '2026-11-23T07:15:00.000Z', '23.11.2026.'],
    ['summer, UTC+3', '2026-07-01T06:15:00.000Z', '01.07.2026.'],
  ])('shows a stored instant as Riga date and time (%s)', (_season, instant, shownDate) => {
    const { date, time } = renderField({ value: instant });
    expect(date).toHaveValue(shownDate);
    expect(time).toHaveValue('09:15');
  });

  it('shows an instant after 22:00 UTC on the next Riga day', () => {
    const { date, time } = renderField({ value: '2026-11-23T22:30:00Z' });
    expect(date).toHaveValue('24.11.2026.');
    expect(time).toHaveValue('00:30');
  });

  it.each<[string, string, string, string]>([
    ['winter', '23112026', '0915', '2026-11-23T07:15:00.000Z'],
    ['summer', '01072026', '0915', '2026-07-01T06:15:00.000Z'],
    ['midnight in winter', '01012027', '0030', '2026-12-31T22:30:00.000Z'],
  ])('typing a date and a time gives the UTC instant (%s)', async (_season, typedDate, typedTime, instant) => {
    const { time, onchange } = renderField();
    const user = await typeDateTime(typedDate, typedTime);
    // The colon comes by itself; nothing is handed on before both parts are complete.
    expect(time).toHaveValue(`${typedTime.slice(0, 2)}:${typedTime.slice(2)}`);
    expect(onchange.mock.calls).toEqual([[instant]]);
    await user.click(document.body);
    expect(screen.queryByTestId('start-datetime-error')).toBeNull();
    expect(time).not.toHaveAttribute('aria-invalid', 'true');
    expect(time).toHaveAttribute('data-value', instant);
  });

  it('takes a time typed with a dot or a one-digit hour and tidies it on leaving', async () => {
    const { time, onchange } = renderField();
    const user = await typeDateTime('23.11.2026.', '9.05');
    expect(onchange).toHaveBeenLastCalledWith('2026-11-23T07:05:00.000Z');
    await user.click(document.body);
    expect(time).toHaveValue('09:05');
  });

  it.each<[Language, string, string]>([
    ['lv', '2500', 'Laiks 25:00 nav iespējams: stunda var būt no 00 līdz 23.'],
    ['en', '2500', '25:00 is not a real time: the hour goes from 00 to 23.'],
    ['lv', '1261', 'Laiks 12:61 nav iespējams: minūtes var būt no 00 līdz 59.'],
    ['en', '1261', '12:61 is not a real time: the minutes go from 00 to 59.'],
    ['lv', '2400', 'Laiks 24:00 nav iespējams: stunda var būt no 00 līdz 23.'],
  ])('an hour or minute that does not exist is said so and gives no value (%s, %s)', async (language, typed, message) => {
    applyLanguage(language);
    const { time, onchange } = renderField({ value: '2026-11-23T07:15:00.000Z' });
    const user = userEvent.setup();
    await user.clear(time);
    await user.type(time, typed);
    expect(screen.getByTestId('start-datetime-error')).toHaveTextContent(message);
    expect(time).toHaveAttribute('aria-invalid', 'true');
    expect(time).toHaveAccessibleDescription(expect.stringContaining(message));
    expect(onchange).toHaveBeenLastCalledWith('');
    expect(onchange).not.toHaveBeenCalledWith(expect.stringMatching(/Z$/));
    await user.click(document.body);
    expect(screen.getByTestId('start-datetime-error')).toHaveTextContent(message);
  });

  it.each<[Language, string]>([
    ['lv', 'Ievadiet laiku formā hh:mm, piemēram, 14:30.'],
    ['en', 'Enter the time as hh:mm, for example 14:30.'],
  ])('an unfinished time is said so on leaving it, not while typing (%s)', async (language, message) => {
    applyLanguage(language);
    const { time, onchange } = renderField();
    const user = await typeDateTime('23112026', '14:3');
    expect(screen.queryByTestId('start-datetime-error')).toBeNull();
    await user.click(document.body);
    expect(screen.getByTestId('start-datetime-error')).toHaveTextContent(message);
    expect(time).toHaveAttribute('aria-invalid', 'true');
    expect(onchange).not.toHaveBeenCalledWith(expect.stringMatching(/Z$/));
  });

  it.each<[Language, string]>([
    ['lv', 'Ievadiet arī laiku (hh:mm), ne tikai datumu.'],
    ['en', 'Enter the time too (hh:mm), not only the date.'],
  ])('a date without a time is said so once the field is left, not on going to the time (%s)', async (language, message) => {
    applyLanguage(language);
    const { time, onchange } = renderField();
    const user = userEvent.setup();
    await user.type(screen.getByTestId('start'), '23112026');
    await user.click(time);
    expect(screen.queryByTestId('start-datetime-error')).toBeNull();
    await user.click(document.body);
    expect(screen.getByTestId('start-datetime-error')).toHaveTextContent(message);
    expect(time).toHaveAttribute('aria-invalid', 'true');
    expect(time).toHaveAccessibleDescription(expect.stringContaining(message));
    expect(onchange).not.toHaveBeenCalled();
    // Typing the time takes the message back and gives the instant.
    await user.type(time, '1430');
    expect(screen.queryByTestId('start-datetime-error')).toBeNull();
    expect(onchange).toHaveBeenLastCalledWith('2026-11-23T12:30:00.000Z');
  });

  it.each<[Language, string]>([
    ['lv', 'Ievadiet arī datumu (dd.mm.gggg.), ne tikai laiku.'],
    ['en', 'Enter the date too (dd.mm.yyyy.), not only the time.'],
  ])('a time without a date is said so on the date part (%s)', async (language, message) => {
    applyLanguage(language);
    const { date, time, onchange } = renderField({ required: true });
    const user = userEvent.setup();
    await user.type(time, '1430');
    await user.keyboard('{Enter}');
    expect(screen.getByTestId('start-datetime-error')).toHaveTextContent(message);
    expect(date).toHaveAttribute('aria-invalid', 'true');
    expect(date).toHaveAccessibleDescription(expect.stringContaining(message));
    expect(time).not.toHaveAttribute('aria-invalid', 'true');
    expect(onchange).not.toHaveBeenCalled();
  });

  it('an unfinished date is the date part’s own problem, not also "enter the date"', async () => {
    renderField();
    const user = userEvent.setup();
    await user.type(screen.getByTestId('start'), '23.11.');
    await user.type(screen.getByTestId('start-time'), '1430');
    await user.click(document.body);
    expect(screen.getByTestId('start-error')).toHaveTextContent('Ievadiet datumu formā dd.mm.gggg.');
    expect(screen.queryByTestId('start-datetime-error')).toBeNull();
  });

  it.each<[Language, string]>([
    ['lv', 'Rīgā 29.03.2026. laiks 03:30 nepastāv: tajā naktī pulksteņus pagriež stundu uz priekšu. Ievadiet citu laiku, piemēram, 04:30.'],
    ['en', 'There is no 03:30 on 29.03.2026. in Riga: that night the clocks go forward an hour. Enter another time, for example 04:30.'],
  ])('a time in the hour the clocks skip in spring is refused with the reason (%s)', async (language, message) => {
    applyLanguage(language);
    const { time, onchange } = renderField();
    await typeDateTime('29032026', '0330');
    expect(screen.getByTestId('start-datetime-error')).toHaveTextContent(message);
    expect(time).toHaveAttribute('aria-invalid', 'true');
    expect(onchange).not.toHaveBeenCalled();
    // The time offered instead is taken.
    const user = userEvent.setup();
    await user.clear(time);
    await user.type(time, '0430');
    expect(screen.queryByTestId('start-datetime-error')).toBeNull();
    expect(onchange).toHaveBeenLastCalledWith('2026-03-29T01:30:00.000Z');
  });

  it.each<[Language, string]>([
    ['lv', 'Rīgā 25.10.2026. laiks 03:30 ir divreiz, jo tajā naktī pulksteņus pagriež stundu atpakaļ. Tiek ņemts pirmais (UTC+3, vēl vasaras laiks).'],
    ['en', '03:30 on 25.10.2026. happens twice in Riga, as the clocks go back an hour that night. The first one is taken (UTC+3, still summer time).'],
  ])('a time in the autumn hour that shows twice takes the earlier instant and says so (%s)', async (language, note) => {
    applyLanguage(language);
    const { time, onchange } = renderField();
    const user = await typeDateTime('25102026', '0330');
    expect(onchange.mock.calls).toEqual([['2026-10-25T00:30:00.000Z']]);
    expect(screen.getByTestId('start-datetime-note')).toHaveTextContent(note);
    expect(time).toHaveAccessibleDescription(expect.stringContaining(note));
    // A note, not a problem.
    expect(time).not.toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByTestId('start-datetime-error')).toBeNull();
    // An hour later the clock is unambiguous again.
    await user.clear(time);
    await user.type(time, '0430');
    expect(screen.queryByTestId('start-datetime-note')).toBeNull();
    expect(onchange).toHaveBeenLastCalledWith('2026-10-25T02:30:00.000Z');
  });

  it.each<[string, string, string, string]>([
    // 03:30 winter time, the second 03:30 of that night (typed, 03:30 is the first).
    ['the later 03:30 of an autumn night', '2026-10-25T01:30:00Z', '25.10.2026.', '03:30'],
    ['seconds', '2026-11-23T07:15:42Z', '23.11.2026.', '09:15'],
  ])('keeps a stored instant as it is while its date and time are not changed (%s)', async (_case, stored, shownDate, shownTime) => {
    const { date, time, onchange } = renderField({ value: stored });
    expect(date).toHaveValue(shownDate);
    expect(time).toHaveValue(shownTime);
    const user = userEvent.setup();
    // Passing through both parts, and editing the time and back, leaves the instant alone.
    await user.click(date);
    await user.tab();
    await user.tab();
    expect(time).toHaveFocus();
    await user.click(document.body);
    expect(onchange).not.toHaveBeenCalled();
    await user.clear(time);
    await user.type(time, '1000');
    expect(onchange.mock.lastCall?.[0]).toMatch(/T\d\d:00:00\.000Z$/);
    await user.clear(time);
    await user.type(time, shownTime.replace(':', ''));
    await user.click(document.body);
    expect(onchange).toHaveBeenLastCalledWith(stored);
  });

  it('clearing the date clears the value', async () => {
    const { date, onchange } = renderField({ value: '2026-11-23T07:15:00.000Z' });
    const user = userEvent.setup();
    await user.clear(date);
    expect(onchange).toHaveBeenLastCalledWith('');
  });

  it('a new value from outside replaces both parts', async () => {
    const { date, time, rerender } = renderField({ value: '2026-11-23T07:15:00.000Z' });
    await rerender({ value: '' });
    expect(date).toHaveValue('');
    expect(time).toHaveValue('');
    await rerender({ value: '2027-06-05T10:00:00Z' });
    expect(date).toHaveValue('05.06.2027.');
    expect(time).toHaveValue('13:00');
  });

  it('is typing for the keyboard shortcuts: `/` in either part is a character', () => {
    const { date, time } = renderField();
    expect(isTypingTarget(date)).toBe(true);
    expect(isTypingTarget(time)).toBe(true);
  });
});
