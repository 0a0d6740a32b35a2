//! The Outbox screen: actions waiting for VRAA, and the ones VRAA refused with
//! its message, to fix and resend or discard.

use chrono::{DateTime, Utc};
use desk_store::{OutboxAction, Store};
use serde::Serialize;

use crate::detail::{summary, ActionKind, PendingState};
use crate::drafts::{new_request, refuse_problems, validate, DraftInput};
use crate::types::ProblemView;
use crate::AppError;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct OutboxItemView {
    pub seq: i64,
    /// VRAA's id, or the local id of a request not yet acknowledged.
    pub request_id: String,
    pub reference: Option<String>,
    pub subject: Option<String>,
    pub kind: ActionKind,
    pub summary: String,
    pub state: PendingState,
    pub created_at: DateTime<Utc>,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub problem: Option<ProblemView>,
    /// For a refused new request: the request as sent, to fix.
    pub draft: Option<DraftInput>,
}

pub fn list(store: &Store) -> Result<Vec<OutboxItemView>, AppError> {
    let entries = store.outbox()?;
    // Actions queued on a request VRAA has not acknowledged yet name it by its local id.
    let local = store.local_requests()?;
    let mut out = Vec::with_capacity(entries.len());
    for entry in entries {
        let (reference, subject, draft) = match &entry.action {
            OutboxAction::CreateRequest { request, .. } => (
                None,
                Some(request.subject.clone()),
                Some(DraftInput {
                    id: None,
                    request_type_id: request.request_type_id.clone(),
                    subject: request.subject.clone(),
                    description: request.description.clone(),
                    fields: request.fields.clone(),
                    attachments: Vec::new(),
                }),
            ),
            _ => match store.request_detail(&entry.request_key)? {
                Some(detail) => (
                    Some(detail.request.reference.clone()),
                    Some(detail.request.subject.clone()),
                    None,
                ),
                None => (
                    None,
                    local
                        .iter()
                        .find(|l| l.local_id == entry.request_key)
                        .map(|l| l.request.subject.clone()),
                    None,
                ),
            },
        };
        out.push(OutboxItemView {
            seq: entry.seq,
            request_id: entry.request_key.clone(),
            reference,
            subject,
            kind: ActionKind::of(&entry.action),
            summary: summary(&entry.action),
            state: entry.state.into(),
            created_at: entry.created_at,
            attempts: entry.attempts,
            last_error: entry.last_error.clone(),
            problem: entry.problem.as_ref().map(ProblemView::from),
            draft,
        });
    }
    Ok(out)
}

/// Sends a parked row again as it is (e.g. after VRAA fixed its side).
pub fn retry(store: &Store, seq: i64) -> Result<(), AppError> {
    Ok(store.retry_outbox(seq)?)
}

/// Drops a row (and, for a new request, everything queued on it).
pub fn discard(store: &Store, seq: i64) -> Result<(), AppError> {
    store.discard_outbox(seq)?;
    Ok(())
}

/// Replaces a refused new request with the corrected one and sends it again.
pub fn fix_request(store: &Store, seq: i64, input: &DraftInput) -> Result<(), AppError> {
    refuse_problems(&validate(store, input)?)?;
    Ok(store.fix_outbox_request(seq, &new_request(input))?)
}
