// "Export CSV": ask where to save (native dialog, suggesting `pieteikumi-<Riga date>.csv`), then
// let Rust write the same list as the screen shows (same query), and report the row count.
import type { api as realApi, UiError } from '$lib/api';
import type { RequestQuery } from '$lib/bindings';
import { rigaParts, type Instant } from '$lib/i18n/dates';

type ExportApi = Pick<typeof realApi, 'pickCsvSavePath' | 'exportRequestsCsv'>;

export type ExportOutcome =
  | { kind: 'cancelled' }
  | { kind: 'exported'; rows: number; path: string }
  | { kind: 'failed'; error: UiError };

/** `pieteikumi-2026-11-23.csv`, dated in Riga (just after midnight UTC+2 is already tomorrow). */
export function csvFileName(now: Instant): string {
  const { year, month, day } = rigaParts(now);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `pieteikumi-${year}-${pad(month)}-${pad(day)}.csv`;
}

export async function exportRequests(
  api: ExportApi,
  query: RequestQuery,
  dialogTitle: string,
  now: Instant = new Date(),
): Promise<ExportOutcome> {
  const picked = await api.pickCsvSavePath(dialogTitle, csvFileName(now));
  if (picked.status === 'error') return { kind: 'failed', error: picked.error };
  if (picked.data === null) return { kind: 'cancelled' };
  // A copy: the screen's query may change while the file is written.
  const written = await api.exportRequestsCsv(structuredClone(query), picked.data);
  if (written.status === 'error') return { kind: 'failed', error: written.error };
  return { kind: 'exported', rows: written.data.rows, path: written.data.path };
}
