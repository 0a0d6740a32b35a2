// The request detail's actions: which form each one needs and how its input becomes the
// contract's ActionInput. Validation here mirrors the backend's (which checks again).
import type { ActionInput, ActionKind } from '$lib/bindings';
import type { MessageKey } from '$lib/i18n/translate';

/** Order in which the actions appear; the backend's `allowedActions` decides which do. */
export const actionOrder: readonly ActionKind[] = [
  'comment',
  'provideInformation',
  'attach',
  'confirmResolution',
  'rate',
  'reopen',
  'cancel',
];

export const actionLabelKeys: Record<ActionKind, MessageKey> = {
  comment: 'actions.comment',
  attach: 'actions.attach',
  provideInformation: 'actions.provideInformation',
  cancel: 'actions.cancel',
  confirmResolution: 'actions.confirmResolution',
  reopen: 'actions.reopen',
  rate: 'actions.rate',
  create: 'actions.create',
};

/** Actions whose text is required (a comment without text, information without content…). */
export function commentRequired(kind: FormActionKind): boolean {
  return kind === 'comment' || kind === 'provideInformation' || kind === 'reopen';
}

/** Allowed actions in display order, unknown kinds ignored. */
export function visibleActions(allowed: readonly ActionKind[]): ActionKind[] {
  return actionOrder.filter((kind) => allowed.includes(kind));
}

export type BuiltAction = { ok: true; action: ActionInput } | { ok: false; problem: MessageKey };

function optional(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

/** Turns a form's text (and score for `rate`) into the action to queue, or the problem to show. */
/** The actions the detail queues through a form (attach goes through attachFiles, create elsewhere). */
export type FormActionKind = Exclude<ActionKind, 'attach' | 'create'>;

export function buildAction(kind: FormActionKind, text: string, score: number | null = null): BuiltAction {
  const body = text.trim();
  if (commentRequired(kind) && body === '') return { ok: false, problem: 'request.commentRequired' };
  switch (kind) {
    case 'comment':
      return { ok: true, action: { kind, body } };
    case 'provideInformation':
      return { ok: true, action: { kind, comment: body } };
    case 'reopen':
      return { ok: true, action: { kind, comment: body } };
    case 'cancel':
      return { ok: true, action: { kind, comment: optional(text) } };
    case 'confirmResolution':
      return { ok: true, action: { kind, comment: optional(text) } };
    case 'rate':
      if (score === null || !Number.isInteger(score) || score < 1 || score > 5) {
        return { ok: false, problem: 'request.ratingRequired' };
      }
      return { ok: true, action: { kind, score, comment: optional(text) } };
  }
}
