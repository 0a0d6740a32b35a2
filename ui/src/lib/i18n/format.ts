// Numbers as each language writes them: Latvian `99,95 %` and `1 234` (comma decimals, a
// no-break space before % and between thousands), English `99.95%` and `1,234`. Written by hand
// rather than with Intl so the output is identical in WebView2, WebKitGTK and Node, whose ICU
// data differ (the same reason dates.ts keeps its own month names).
import type { Language } from '$lib/bindings';
import { monthNames } from './dates';

const NBSP = '\u00a0';

function group(integer: string, separator: string): string {
  return integer.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** A number with a fixed count of decimals: `formatNumber(1234.5, 'lv', 1)` → `1 234,5`. */
export function formatNumber(value: number, language: Language, decimals = 0): string {
  const fixed = Math.abs(value).toFixed(decimals);
  const [integer = '0', fraction] = fixed.split('.');
  const sign = value < 0 && Number(fixed) !== 0 ? '−' : '';
  const grouped = group(integer, language === 'lv' ? NBSP : ',');
  const decimalMark = language === 'lv' ? ',' : '.';
  return `${sign}${grouped}${fraction === undefined ? '' : decimalMark + fraction}`;
}

/** A percentage given as 0..100: `99,95 %` (lv) / `99.95%` (en). */
export function formatPercent(value: number, language: Language, decimals = 2): string {
  const number = formatNumber(value, language, decimals);
  return language === 'lv' ? `${number}${NBSP}%` : `${number}%`;
}

/** A share given as 0..1 (e.g. requests within target): `0.9375` → `93,8 %` / `93.8%`. */
export function formatShare(share: number, language: Language, decimals = 1): string {
  return formatPercent(share * 100, language, decimals);
}

/** A date without time (`YYYY-MM-DD`, as the contract sends them) in the house format `31.12.2026.`. */
export function formatPlainDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  return `${match[3]}.${match[2]}.${match[1]}.`;
}

const monthsShort: Record<Language, readonly string[]> = {
  lv: ['janv.', 'febr.', 'marts', 'apr.', 'maijs', 'jūn.', 'jūl.', 'aug.', 'sept.', 'okt.', 'nov.', 'dec.'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};

function parseMonth(month: string): { year: string; index: number } | null {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return null;
  const index = Number(match[2]) - 1;
  if (index < 0 || index > 11) return null;
  return { year: match[1] as string, index };
}

/** `2026-11` → `2026. gada novembris` / `November 2026`. */
export function formatMonthLong(month: string, language: Language): string {
  const parsed = parseMonth(month);
  if (!parsed) return month;
  const name = monthNames[language][parsed.index];
  return language === 'lv' ? `${parsed.year}. gada ${name}` : `${name} ${parsed.year}`;
}

/** `2026-11` → `nov. 26` / `Nov 26`: short enough for a chart axis. */
export function formatMonthShort(month: string, language: Language): string {
  const parsed = parseMonth(month);
  if (!parsed) return month;
  return `${monthsShort[language][parsed.index]} ${parsed.year.slice(2)}`;
}
