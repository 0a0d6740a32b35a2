import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Language } from '$lib/bindings';
import { applyLanguage } from '$lib/i18n/i18n.svelte';
import DateInput from './DateInput.svelte';

type Props = { value?: string; min?: string | null; max?: string | null; required?: boolean };

function renderField(props: Props = {}) {
  const onchange = vi.fn<(value: string) => void>();
  const result = render(DateInput, { id: 'd', label: 'Sākuma datums', testid: 'date', onchange, ...props });
  return { ...result, onchange, field: screen.getByTestId('date') as HTMLInputElement };
}

beforeEach(() => {
  applyLanguage('lv');
});

describe('DateInput', () => {
  it.each<Language>(['lv', 'en'])('shows 2026-11-23 as 23.11.2026. (%s)', (language) => {
    applyLanguage(language);
    const { field } = renderField({ value: '2026-11-23' });
    expect(field).toHaveValue('23.11.2026.');
    expect(field).toHaveAccessibleName('Sākuma datums');
  });

  it.each<[Language, string]>([
    ['lv', 'dd.mm.gggg.'],
    ['en', 'dd.mm.yyyy.'],
  ])('an empty field shows the format (%s)', (language, placeholder) => {
    applyLanguage(language);
    const { field } = renderField();
    expect(field).toHaveValue('');
    expect(field).toHaveAttribute('placeholder', placeholder);
  });

  it('typing the digits fills in the dots and sets the ISO value', async () => {
    const { field, onchange } = renderField();
    const user = userEvent.setup();
    await user.type(field, '23112026');
    expect(field).toHaveValue('23.11.2026.');
    // Nothing is handed on before the date is complete (no year 0002, 0020, 0202 on the way).
    expect(onchange.mock.calls).toEqual([['2026-11-23']]);
    await user.click(document.body);
    expect(field).toHaveValue('23.11.2026.');
    expect(field).not.toHaveAttribute('aria-invalid', 'true');
  });

  it('takes a date typed with dots, one-digit parts, and tidies it on leaving', async () => {
    const { field, onchange } = renderField();
    const user = userEvent.setup();
    await user.type(field, '1.2.2026');
    expect(onchange).toHaveBeenLastCalledWith('2026-02-01');
    await user.click(document.body);
    expect(field).toHaveValue('01.02.2026.');
  });

  it.each<[Language, string]>([
    ['lv', 'Datums 31.02.2026. nav iespējams: pārbaudiet dienu un mēnesi.'],
    ['en', '31.02.2026. is not a real date: check the day and the month.'],
  ])('an impossible day shows the error and sets no value (%s)', async (language, message) => {
    applyLanguage(language);
    const { field, onchange } = renderField();
    const user = userEvent.setup();
    await user.type(field, '31022026');
    expect(field).toHaveValue('31.02.2026.');
    expect(screen.getByTestId('date-error')).toHaveTextContent(message);
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAccessibleDescription(expect.stringContaining(message));
    expect(onchange).not.toHaveBeenCalled();
    await user.click(document.body);
    expect(field).toHaveValue('31.02.2026.');
    expect(onchange).not.toHaveBeenCalled();
  });

  it('a 29th of February is taken in a leap year only', async () => {
    const { field, onchange } = renderField();
    const user = userEvent.setup();
    await user.type(field, '29022028');
    expect(onchange).toHaveBeenLastCalledWith('2028-02-29');
    await user.clear(field);
    await user.type(field, '29022027');
    expect(screen.getByTestId('date-error')).toHaveTextContent('Datums 29.02.2027. nav iespējams');
    expect(onchange).toHaveBeenLastCalledWith('');
  });

  it('an impossible date replacing a valid one clears the value', async () => {
    const { field, onchange } = renderField({ value: '2026-11-23' });
    const user = userEvent.setup();
    await user.clear(field);
    expect(onchange).toHaveBeenLastCalledWith('');
    await user.type(field, '32.11.2026');
    expect(screen.getByTestId('date-error')).toHaveTextContent('Datums 32.11.2026. nav iespējams');
    expect(onchange.mock.calls).toEqual([['']]);
  });

  it.each<[Language, string]>([
    ['lv', 'Ievadiet datumu formā dd.mm.gggg., piemēram, 23.11.2026.'],
    ['en', 'Enter the date as dd.mm.yyyy., for example 23.11.2026.'],
  ])('an unfinished date is said so on leaving the field (%s)', async (language, message) => {
    applyLanguage(language);
    const { field, onchange } = renderField();
    const user = userEvent.setup();
    await user.type(field, '23.11.20');
    expect(screen.queryByTestId('date-error')).toBeNull();
    await user.click(document.body);
    expect(screen.getByTestId('date-error')).toHaveTextContent(message);
    expect(onchange).not.toHaveBeenCalled();
  });

  it.each<[Language, string, string]>([
    ['lv', '01.11.2026.', 'Datums nedrīkst būt agrāks par 10.11.2026.'],
    ['en', '01.11.2026.', 'The date cannot be earlier than 10.11.2026.'],
    ['lv', '01.12.2026.', 'Datums nedrīkst būt vēlāks par 30.11.2026.'],
    ['en', '01.12.2026.', 'The date cannot be later than 30.11.2026.'],
  ])('a date outside min/max is refused (%s, %s)', async (language, typed, message) => {
    applyLanguage(language);
    const { field, onchange } = renderField({ min: '2026-11-10', max: '2026-11-30' });
    const user = userEvent.setup();
    await user.type(field, typed);
    expect(screen.getByTestId('date-error')).toHaveTextContent(message);
    expect(onchange).not.toHaveBeenCalled();
    await user.clear(field);
    await user.type(field, '15.11.2026.');
    expect(screen.queryByTestId('date-error')).toBeNull();
    expect(onchange).toHaveBeenLastCalledWith('2026-11-15');
  });

  it('a new value from outside replaces the text', async () => {
    const { field, rerender } = renderField({ value: '2026-11-23' });
    await rerender({ value: '' });
    expect(field).toHaveValue('');
    await rerender({ value: '2027-01-05' });
    expect(field).toHaveValue('05.01.2027.');
  });

  it.each<[Language, string, [string, string], string]>([
    ['lv', '2026. gada novembris', ['pirmdiena', 'svētdiena'], 'pirmdiena, 2026. gada 23. novembris'],
    ['en', 'November 2026', ['Monday', 'Sunday'], 'Monday, 23 November 2026'],
  ])('the calendar speaks the UI language and starts the week on Monday (%s)', async (language, heading, [monday, sunday], dayLabel) => {
    applyLanguage(language);
    renderField({ value: '2026-11-23' });
    const user = userEvent.setup();
    await user.click(screen.getByTestId('date-calendar'));
    const popup = await screen.findByTestId('date-popup');
    expect(popup).toHaveTextContent(heading);
    // jsdom cannot measure, so the floating popup stays `visibility: hidden`: query hidden roles too.
    const heads = within(popup).getAllByRole('columnheader', { hidden: true });
    expect(heads).toHaveLength(7);
    expect(heads[0]).toHaveTextContent(monday);
    expect(heads[6]).toHaveTextContent(sunday);
    const chosen = popup.querySelector('[data-date="2026-11-23"]');
    expect(chosen).toHaveAttribute('data-selected');
    expect(chosen?.getAttribute('aria-label')).toContain(dayLabel);
    // The first cell of the grid is a Monday: 26 October 2026.
    expect(within(popup).getAllByTestId('calendar-day')[0]).toHaveAttribute('data-date', '2026-10-26');
  });

  it('the calendar is operated by keyboard: Alt+Down opens it, arrows move, Enter picks', async () => {
    const { field, onchange } = renderField({ value: '2026-11-23' });
    const user = userEvent.setup();
    field.focus();
    await user.keyboard('{Alt>}{ArrowDown}{/Alt}');
    const popup = await screen.findByTestId('date-popup');
    await waitFor(() => expect(popup.querySelector('[data-date="2026-11-23"]')).toHaveFocus());
    await user.keyboard('{ArrowRight}{ArrowDown}');
    expect(popup.querySelector('[data-date="2026-12-01"]')).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(onchange).toHaveBeenLastCalledWith('2026-12-01');
    await waitFor(() => expect(screen.queryByTestId('date-popup')).toBeNull());
    expect(field).toHaveValue('01.12.2026.');
    expect(field).toHaveFocus();
  });

  it('a click on a day picks it; on the chosen day it just closes the calendar', async () => {
    const { field, onchange } = renderField({ value: '2026-11-23' });
    const user = userEvent.setup();
    await user.click(screen.getByTestId('date-calendar'));
    let popup = await screen.findByTestId('date-popup');
    await user.click(popup.querySelector('[data-date="2026-11-23"]') as HTMLElement);
    await waitFor(() => expect(screen.queryByTestId('date-popup')).toBeNull());
    expect(onchange).not.toHaveBeenCalled();
    await user.click(screen.getByTestId('date-calendar'));
    popup = await screen.findByTestId('date-popup');
    await user.click(popup.querySelector('[data-date="2026-11-05"]') as HTMLElement);
    expect(onchange).toHaveBeenLastCalledWith('2026-11-05');
    expect(field).toHaveValue('05.11.2026.');
  });

  it('Escape closes the calendar without a change', async () => {
    const { onchange } = renderField({ value: '2026-11-23' });
    const user = userEvent.setup();
    await user.click(screen.getByTestId('date-calendar'));
    await screen.findByTestId('date-popup');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('date-popup')).toBeNull());
    expect(onchange).not.toHaveBeenCalled();
  });

  it('the calendar offers no day outside min/max', async () => {
    renderField({ min: '2026-11-10', max: '2026-11-20' });
    const user = userEvent.setup();
    await user.click(screen.getByTestId('date-calendar'));
    const popup = await screen.findByTestId('date-popup');
    expect(popup.querySelector('[data-date="2026-11-09"]')).toHaveAttribute('data-disabled');
    expect(popup.querySelector('[data-date="2026-11-10"]')).not.toHaveAttribute('data-disabled');
    expect(popup.querySelector('[data-date="2026-11-21"]')).toHaveAttribute('data-disabled');
  });
});
