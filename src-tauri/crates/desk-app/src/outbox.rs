//! The Outbox screen: actions waiting for VRAA, and the ones VRAA refused with
//! its message, to fix and resend or discard.

use chrono::{DateTime, Utc};
use desk_store::{OutboxAction, OutboxEntry, OutboxState, Store};
use desk_sync::{ApiClient, CallError};
use serde::Serialize;

use crate::detail::{summary, ActionKind, PendingState};
use crate::drafts::{new_request, refuse_problems, validate, DraftInput};
use crate::types::ProblemView;
use crate::{AppError, AppErrorCode};

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
    /// Sent at least once without an answer from VRAA (a lost answer, a
    /// timeout, a server error): VRAA may already have it, so discarding
    /// first asks VRAA (see [`discard_checked`]).
    pub answer_lost: bool,
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
            answer_lost: answer_lost(&entry),
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

/// Drops a row (and, for a new request, everything queued on it) without
/// asking VRAA: only for a row VRAA never received (see [`discard_checked`]).
pub fn discard(store: &Store, seq: i64) -> Result<(), AppError> {
    store.discard_outbox(seq)?;
    Ok(())
}

/// What discarding a row came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum DiscardOutcome {
    /// VRAA does not have it; the row is gone from this computer.
    Discarded,
    /// VRAA already had it (its answer had been lost): its answer is stored
    /// as for any sent row, and nothing was discarded.
    AlreadyAtVraa,
}

/// A row VRAA may have received although no answer came back: it was sent
/// (attempts > 0) and the last try ended without VRAA's verdict. A parked row
/// had VRAA's verdict (refused, nothing stored there), so it is not one.
pub fn answer_lost(entry: &OutboxEntry) -> bool {
    entry.state == OutboxState::Pending && entry.attempts > 0
}

/// Discards a row, but first, when its answer was lost, asks VRAA by the
/// row's idempotency key whether it already has it (without sending it
/// again). If VRAA has it, VRAA's answer is stored instead, so that nothing
/// is lost and nothing is sent twice. Without a connection, or when VRAA
/// cannot be asked, nothing is discarded and the error says why.
pub async fn discard_checked(
    store: &Store,
    client: Option<&ApiClient>,
    seq: i64,
) -> Result<DiscardOutcome, AppError> {
    let entry = store
        .outbox()?
        .into_iter()
        .find(|e| e.seq == seq)
        .ok_or(desk_store::StoreError::UnknownOutboxRow(seq))?;
    if !answer_lost(&entry) {
        store.discard_outbox(seq)?;
        return Ok(DiscardOutcome::Discarded);
    }
    let Some(client) = client else {
        return Err(cannot_ask_vraa(None));
    };
    match client.past_answer(&entry).await {
        Ok(Some(ack)) => {
            store.ack_outbox(seq, &ack)?;
            tracing::info!(seq, "discard: VRAA already had the row; its answer stored");
            Ok(DiscardOutcome::AlreadyAtVraa)
        }
        Ok(None) => {
            store.discard_outbox(seq)?;
            Ok(DiscardOutcome::Discarded)
        }
        Err(error) => Err(cannot_ask_vraa(Some(&error))),
    }
}

fn cannot_ask_vraa(error: Option<&CallError>) -> AppError {
    let base = AppError::new(
        AppErrorCode::Unreachable,
        "VRAA, iespējams, šo darbību jau ir saņēmusi (atbilde uz tās nosūtīšanu netika saņemta), bet to nevar pārbaudīt, jo VRAA serveris nav sasniedzams. Nekas netika atmests; mēģiniet vēlreiz, kad savienojums ir atjaunots",
        "VRAA may already have this action (the answer to sending it was lost), but this cannot be checked because the VRAA server cannot be reached. Nothing was discarded; try again when the connection is back",
    );
    match error {
        Some(error) => base.detail(error),
        None => base,
    }
}

/// Replaces a refused new request with the corrected one and sends it again.
pub fn fix_request(store: &Store, seq: i64, input: &DraftInput) -> Result<(), AppError> {
    refuse_problems(&validate(store, input)?)?;
    Ok(store.fix_outbox_request(seq, &new_request(input))?)
}
