// Request statuses: their names and the badge tone each one gets.
import type { RequestStatus } from '$lib/bindings';
import type { MessageKey } from '$lib/i18n/translate';

export const requestStatuses: readonly RequestStatus[] = [
  'submitted',
  'registered',
  'assigned',
  'in_progress',
  'waiting_for_customer',
  'resolved',
  'closed',
  'cancelled',
  'reopened',
];

export const statusKeys: Record<RequestStatus, MessageKey> = {
  submitted: 'status.submitted',
  registered: 'status.registered',
  assigned: 'status.assigned',
  in_progress: 'status.in_progress',
  waiting_for_customer: 'status.waiting_for_customer',
  resolved: 'status.resolved',
  closed: 'status.closed',
  cancelled: 'status.cancelled',
  reopened: 'status.reopened',
};

/** Tone of the badge: `attention` = the user must act, `done` = finished, `neutral` otherwise. */
export function statusTone(status: RequestStatus): 'attention' | 'done' | 'ended' | 'neutral' {
  if (status === 'waiting_for_customer' || status === 'resolved') return 'attention';
  if (status === 'closed') return 'done';
  if (status === 'cancelled') return 'ended';
  return 'neutral';
}
