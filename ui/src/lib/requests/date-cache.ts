// The list shows the same few thousand instants again and again while scrolling; Intl's
// formatToParts is the costliest call per row, so each instant is formatted once.
import { formatDateShort, formatDateTime } from '$lib/i18n/dates';

const LIMIT = 50_000;
const short = new Map<string, string>();
const full = new Map<string, string>();

function cached(cache: Map<string, string>, iso: string, format: (iso: string) => string): string {
  let text = cache.get(iso);
  if (text === undefined) {
    // Bounded: a pathological stream of distinct instants must not grow memory without end.
    if (cache.size >= LIMIT) cache.clear();
    text = format(iso);
    cache.set(iso, text);
  }
  return text;
}

/** `23.11.2026.` (Riga), memoised. */
export const cachedDateShort = (iso: string): string => cached(short, iso, formatDateShort);
/** `23.11.2026. 14:05` (Riga), memoised. */
export const cachedDateTime = (iso: string): string => cached(full, iso, formatDateTime);
