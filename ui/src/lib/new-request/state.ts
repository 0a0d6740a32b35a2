// What a request form edits, and how it becomes the DraftInput the Rust side saves and validates.
import type { DraftInput, FieldProblem } from '$lib/bindings';
import { emptyValues, fieldsFromSchema, jsonToValues, valuesToJson, type FieldSpec, type FormValues } from './schema';

/** Limits of the subject and the description, as desk-core's request validation has them. */
export const SUBJECT_MAX_CHARS = 200;
export const DESCRIPTION_MAX_CHARS = 20_000;

export type FormState = {
  subject: string;
  description: string;
  values: FormValues;
  /** Paths of files already checked against the attachment limits. */
  attachments: string[];
};

export function emptyForm(fields: FieldSpec[]): FormState {
  return { subject: '', description: '', values: emptyValues(fields), attachments: [] };
}

/** A saved draft (or a request as sent) back into the form. */
export function formFromDraft(
  fields: FieldSpec[],
  draft: Pick<DraftInput, 'subject' | 'description' | 'fields' | 'attachments'>,
): FormState {
  return {
    subject: draft.subject,
    description: draft.description,
    values: jsonToValues(fields, draft.fields),
    attachments: [...draft.attachments],
  };
}

export function toDraftInput(id: string | null, requestTypeId: string, fields: FieldSpec[], form: FormState): DraftInput {
  return {
    id,
    requestTypeId,
    subject: form.subject,
    description: form.description,
    fields: valuesToJson(fields, form.values) as DraftInput['fields'],
    attachments: [...form.attachments],
  };
}

export { fieldsFromSchema };

/** Problems grouped by the field they name (`subject`, `description`, a schema key, `attachments`). */
export function problemsByField(problems: readonly FieldProblem[]): Map<string, FieldProblem[]> {
  const map = new Map<string, FieldProblem[]>();
  for (const problem of problems) {
    const list = map.get(problem.field) ?? [];
    list.push(problem);
    map.set(problem.field, list);
  }
  return map;
}
