//! Requests created here that VRAA has not acknowledged yet, and the queued
//! actions of one request, so that the list and the detail can show them as
//! pending.
//!
//! A new request is queued with a local id (`local-<uuid>`) as its outbox
//! `request_key`; actions on it (e.g. its attachments) share that key. In the
//! transaction that stores VRAA's acknowledgement the create row goes away,
//! `local_requests.server_id` records VRAA's id and the remaining rows are
//! re-keyed to it.

use chrono::{DateTime, Utc};
use desk_core::api::{NewRequest, Problem};
use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::error::{SqlContext, StoreError};
use crate::outbox::{OutboxAction, OutboxEntry, OutboxState, ENTRY_COLUMNS};
use crate::remote::resolve_id;
use crate::Store;

/// A request created here, waiting for VRAA's acknowledgement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocalRequest {
    pub local_id: String,
    pub request: NewRequest,
    /// When the user submitted it (UTC).
    pub created_at: DateTime<Utc>,
    pub state: OutboxState,
    /// VRAA's refusal when parked.
    pub problem: Option<Problem>,
    /// The create row's outbox sequence number (for retry, fix, discard).
    pub seq: i64,
}

impl Store {
    /// Requests created here and not yet acknowledged by VRAA, oldest first.
    pub fn local_requests(&self) -> Result<Vec<LocalRequest>, StoreError> {
        let rows = self.outbox_query(
            &format!(
                "SELECT {ENTRY_COLUMNS} FROM outbox WHERE kind = 'create_request' ORDER BY seq"
            ),
            [],
        )?;
        Ok(rows
            .into_iter()
            .filter_map(|e| match e.action {
                OutboxAction::CreateRequest { local_id, request } => Some(LocalRequest {
                    local_id,
                    request,
                    created_at: e.created_at,
                    state: e.state,
                    problem: e.problem,
                    seq: e.seq,
                }),
                _ => None,
            })
            .collect())
    }

    /// The queued rows of one request, oldest first. `key` may be the local
    /// id of a request created here (before or after VRAA acknowledged it),
    /// VRAA's id, or its reference. An unknown key has no rows.
    pub fn outbox_for_request(&self, key: &str) -> Result<Vec<OutboxEntry>, StoreError> {
        let request_key = {
            let conn = self.conn();
            let acked: Option<Option<String>> = conn
                .query_row(
                    "SELECT server_id FROM local_requests WHERE local_id = ?1",
                    [key],
                    |r| r.get(0),
                )
                .optional()
                .context("finding a local request")?;
            match acked.flatten() {
                Some(server_id) => server_id,
                None => resolve_id(&conn, key)?.unwrap_or_else(|| key.to_owned()),
            }
        };
        self.outbox_query(
            &format!("SELECT {ENTRY_COLUMNS} FROM outbox WHERE request_key = ?1 ORDER BY seq"),
            [request_key],
        )
    }
}

impl Store {
    /// VRAA's id of a request created here, once VRAA acknowledged it (so a
    /// page opened on the local id keeps working after the sync).
    pub fn server_id_for_local(&self, local_id: &str) -> Result<Option<String>, StoreError> {
        use rusqlite::OptionalExtension;
        let found: Option<Option<String>> = self
            .conn()
            .query_row(
                "SELECT server_id FROM local_requests WHERE local_id = ?1",
                [local_id],
                |r| r.get(0),
            )
            .optional()
            .context("finding a local request")?;
        Ok(found.flatten())
    }
}
