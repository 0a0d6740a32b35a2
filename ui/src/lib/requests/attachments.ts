// Attachment checks from Rust name each file and, when it may not be attached, the reason in
// both languages. The UI shows the reasons in the user's language and reports what was queued.
import type { AttachmentCheck, Language } from '$lib/bindings';

export type CheckSummary = { queued: number; problems: { fileName: string; text: string }[] };

export function summariseChecks(checks: readonly AttachmentCheck[], language: Language): CheckSummary {
  const problems = checks.flatMap((check) =>
    check.problem ? [{ fileName: check.fileName, text: check.problem[language] }] : [],
  );
  return { queued: checks.length - problems.length, problems };
}

/** `1,5 MB` / `1.5 MB`: sizes in the user's decimal style, binary units. */
export function formatSize(bytes: number, language: Language): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const text = unit === 0 ? String(value) : value.toFixed(value < 10 ? 1 : 0);
  return `${language === 'lv' ? text.replace('.', ',') : text} ${units[unit]}`;
}
