//! The outbox: actions waiting for VRAA, in the order the user took them.
//!
//! A row is written in the same transaction as the user's action (a submitted
//! draft disappears in that transaction too), carries its idempotency key from
//! the start, and is deleted only in the transaction that stores VRAA's
//! acknowledgement. A crash at any point therefore either loses nothing or
//! resends with the same key, which VRAA answers without acting twice.

use chrono::{DateTime, Utc};
use desk_core::api::{Attachment, Comment, NewRequest, Problem, Request};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{SqlContext, StoreError};
use crate::events::StoreEvent;
use crate::remote::{resolve_id, upsert_attachment, upsert_comment, upsert_request};
use crate::time::{parse_ts, ts};
use crate::Store;

/// What the user asked VRAA to do. Stored as the row's JSON payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OutboxAction {
    /// A new request; `local_id` names it until VRAA gives it an id.
    CreateRequest {
        local_id: String,
        request: NewRequest,
    },
    Comment {
        body: String,
    },
    /// The file's bytes are in the blob folder under `sha256`.
    Attach {
        sha256: desk_core::api::Sha256Hex,
        file_name: String,
        content_type: String,
        size: u64,
    },
    Cancel {
        comment: Option<String>,
    },
    ProvideInformation {
        comment: String,
    },
    ConfirmResolution {
        comment: Option<String>,
    },
    Reopen {
        comment: String,
    },
    Rate {
        score: u8,
        comment: Option<String>,
    },
}

impl OutboxAction {
    pub fn kind(&self) -> &'static str {
        match self {
            OutboxAction::CreateRequest { .. } => "create_request",
            OutboxAction::Comment { .. } => "comment",
            OutboxAction::Attach { .. } => "attach",
            OutboxAction::Cancel { .. } => "cancel",
            OutboxAction::ProvideInformation { .. } => "provide_information",
            OutboxAction::ConfirmResolution { .. } => "confirm_resolution",
            OutboxAction::Reopen { .. } => "reopen",
            OutboxAction::Rate { .. } => "rate",
        }
    }

    fn check(&self) -> Result<(), StoreError> {
        let blank = |s: &str| s.trim().is_empty();
        match self {
            OutboxAction::Comment { body } if blank(body) => Err(StoreError::invalid(
                "komentārs ir tukšs",
                "the comment is empty",
            )),
            OutboxAction::ProvideInformation { comment } | OutboxAction::Reopen { comment }
                if blank(comment) =>
            {
                Err(StoreError::invalid(
                    "šai darbībai vajag komentāru",
                    "this action needs a comment",
                ))
            }
            OutboxAction::Rate { score, .. } if !(1..=5).contains(score) => Err(
                StoreError::invalid("vērtējumam jābūt 1–5", "the rating must be 1–5"),
            ),
            _ => Ok(()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    /// Waiting to be sent.
    Pending,
    /// VRAA refused it; waits for the user to fix, retry or discard it.
    Parked,
}

/// One queued action.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutboxEntry {
    pub seq: i64,
    pub idempotency_key: String,
    /// The local id of a request created here (until VRAA knows it), else VRAA's id.
    pub request_key: String,
    pub action: OutboxAction,
    /// When the user took the action (UTC) …
    pub created_at: DateTime<Utc>,
    /// … and the UTC offset of their clock then, e.g. `+02:00`.
    pub created_offset: String,
    pub state: OutboxState,
    pub attempts: i64,
    pub last_error: Option<String>,
    /// VRAA's answer when parked (both languages).
    pub problem: Option<Problem>,
}

/// VRAA's acknowledgement of a row: the entity it created or changed.
#[derive(Debug, Clone, PartialEq)]
pub enum Ack {
    Request(Request),
    Comment(Comment),
    Attachment(Attachment),
}

pub(crate) const ENTRY_COLUMNS: &str = "seq, idempotency_key, request_key, payload, created_at, created_offset, state, attempts, last_error, problem";

fn entry_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawEntry> {
    Ok(RawEntry {
        seq: r.get(0)?,
        idempotency_key: r.get(1)?,
        request_key: r.get(2)?,
        payload: r.get(3)?,
        created_at: r.get(4)?,
        created_offset: r.get(5)?,
        state: r.get(6)?,
        attempts: r.get(7)?,
        last_error: r.get(8)?,
        problem: r.get(9)?,
    })
}

struct RawEntry {
    seq: i64,
    idempotency_key: String,
    request_key: String,
    payload: String,
    created_at: String,
    created_offset: String,
    state: String,
    attempts: i64,
    last_error: Option<String>,
    problem: Option<String>,
}

impl RawEntry {
    fn parse(self) -> Result<OutboxEntry, StoreError> {
        Ok(OutboxEntry {
            seq: self.seq,
            idempotency_key: self.idempotency_key,
            request_key: self.request_key,
            action: serde_json::from_str(&self.payload).map_err(StoreError::json("outbox"))?,
            created_at: parse_ts(&self.created_at)?,
            created_offset: self.created_offset,
            state: if self.state == "parked" {
                OutboxState::Parked
            } else {
                OutboxState::Pending
            },
            attempts: self.attempts,
            last_error: self.last_error,
            problem: self
                .problem
                .map(|p| serde_json::from_str(&p))
                .transpose()
                .map_err(StoreError::json("problem"))?,
        })
    }
}

/// Writes one row inside the caller's transaction.
pub(crate) fn insert_row(
    tx: &Transaction<'_>,
    request_key: &str,
    action: &OutboxAction,
) -> Result<OutboxEntry, StoreError> {
    let key = uuid::Uuid::new_v4().to_string();
    // Milliseconds, as stored, so that the returned entry equals the stored one.
    let now = Utc::now();
    let now = DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now);
    let offset = chrono::Local::now().offset().to_string();
    let payload = serde_json::to_string(action).map_err(StoreError::json("outbox"))?;
    tx.prepare_cached(
        "INSERT INTO outbox (idempotency_key, kind, request_key, payload, created_at, created_offset)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .context("preparing the outbox insert")?
    .execute(params![key, action.kind(), request_key, payload, ts(now), offset])
    .context("queueing an action")?;
    Ok(OutboxEntry {
        seq: tx.last_insert_rowid(),
        idempotency_key: key,
        request_key: request_key.to_owned(),
        action: action.clone(),
        created_at: now,
        created_offset: offset,
        state: OutboxState::Pending,
        attempts: 0,
        last_error: None,
        problem: None,
    })
}

/// Queues a new request inside the caller's transaction.
pub(crate) fn insert_new_request(
    tx: &Transaction<'_>,
    request: &NewRequest,
) -> Result<OutboxEntry, StoreError> {
    check_new_request(request)?;
    let local_id = format!("local-{}", uuid::Uuid::new_v4());
    tx.execute(
        "INSERT INTO local_requests (local_id, subject, created_at) VALUES (?1, ?2, ?3)",
        params![local_id, request.subject, ts(Utc::now())],
    )
    .context("recording a local request")?;
    insert_row(
        tx,
        &local_id,
        &OutboxAction::CreateRequest {
            local_id: local_id.clone(),
            request: request.clone(),
        },
    )
}

fn check_new_request(request: &NewRequest) -> Result<(), StoreError> {
    let n = request.subject.trim().chars().count();
    if n == 0 || n > 200 {
        return Err(StoreError::invalid(
            "tematam jābūt 1–200 rakstzīmēm",
            "the subject must be 1–200 characters",
        ));
    }
    if !request.fields.is_object() {
        return Err(StoreError::invalid(
            "laukiem jābūt JSON objektam",
            "the fields must be a JSON object",
        ));
    }
    Ok(())
}

impl Store {
    /// Queues a new request (without a draft), e.g. from the command line.
    pub fn queue_new_request(&self, request: &NewRequest) -> Result<OutboxEntry, StoreError> {
        let entry = {
            let mut conn = self.conn();
            let tx = conn.transaction().context("starting to queue a request")?;
            let entry = insert_new_request(&tx, request)?;
            tx.commit().context("committing a queued request")?;
            entry
        };
        self.emit(StoreEvent::OutboxChanged);
        Ok(entry)
    }

    /// Queues many new requests in one transaction: all or none (bulk import).
    pub fn queue_new_requests(
        &self,
        requests: &[NewRequest],
    ) -> Result<Vec<OutboxEntry>, StoreError> {
        let entries = {
            let mut conn = self.conn();
            let tx = conn.transaction().context("starting to queue requests")?;
            let entries = requests
                .iter()
                .map(|r| insert_new_request(&tx, r))
                .collect::<Result<Vec<_>, _>>()?;
            tx.commit().context("committing queued requests")?;
            entries
        };
        self.emit(StoreEvent::OutboxChanged);
        Ok(entries)
    }

    /// Queues an action on a request given by VRAA id, reference, or the
    /// local id of a request created here and not yet acknowledged.
    pub fn queue_action(
        &self,
        target: &str,
        action: &OutboxAction,
    ) -> Result<OutboxEntry, StoreError> {
        if matches!(action, OutboxAction::CreateRequest { .. }) {
            return Err(StoreError::invalid(
                "jaunu pieteikumu veido ar queue_new_request",
                "new requests are queued with queue_new_request",
            ));
        }
        action.check()?;
        let entry = {
            let mut conn = self.conn();
            let tx = conn.transaction().context("starting to queue an action")?;
            let key = match resolve_id(&tx, target)? {
                Some(id) => id,
                None => {
                    let local: Option<Option<String>> = tx
                        .query_row(
                            "SELECT server_id FROM local_requests WHERE local_id = ?1",
                            [target],
                            |r| r.get(0),
                        )
                        .optional()
                        .context("finding a local request")?;
                    match local {
                        Some(server_id) => server_id.unwrap_or_else(|| target.to_owned()),
                        None => return Err(StoreError::UnknownRequest(target.to_owned())),
                    }
                }
            };
            let entry = insert_row(&tx, &key, action)?;
            tx.commit().context("committing a queued action")?;
            entry
        };
        self.emit(StoreEvent::OutboxChanged);
        Ok(entry)
    }

    /// Every queued row, oldest first.
    pub fn outbox(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        self.outbox_query(
            &format!("SELECT {ENTRY_COLUMNS} FROM outbox ORDER BY seq"),
            [],
        )
    }

    /// The rows that may be sent now: the oldest row of each request, if it
    /// is pending. Later rows of a request wait for it (order per request);
    /// a parked row holds back its request's later rows until the user acts.
    pub fn outbox_ready(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        self.outbox_query(
            &format!(
                "SELECT {ENTRY_COLUMNS} FROM outbox o
             WHERE state = 'pending'
               AND seq = (SELECT min(seq) FROM outbox p WHERE p.request_key = o.request_key)
             ORDER BY seq"
            ),
            [],
        )
    }

    /// Number of rows still to send (pending) and waiting for the user (parked).
    pub fn outbox_counts(&self) -> Result<(i64, i64), StoreError> {
        self.conn()
            .query_row(
                "SELECT count(*) FILTER (WHERE state = 'pending'), count(*) FILTER (WHERE state = 'parked') FROM outbox",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .context("counting the outbox")
    }

    pub(crate) fn outbox_query(
        &self,
        sql: &str,
        args: impl rusqlite::Params,
    ) -> Result<Vec<OutboxEntry>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(sql).context("reading the outbox")?;
        let rows = stmt
            .query_map(args, entry_from_row)
            .context("reading the outbox")?;
        let mut out = Vec::new();
        for row in rows {
            out.push(row.context("reading the outbox")?.parse()?);
        }
        Ok(out)
    }

    /// Stores VRAA's acknowledgement and removes the row, in one transaction.
    /// Returns `false` when the row was already gone (acknowledged before).
    pub fn ack_outbox(&self, seq: i64, ack: &Ack) -> Result<bool, StoreError> {
        let request_id;
        {
            let mut conn = self.conn();
            let tx = conn.transaction().context("starting an acknowledgement")?;
            let payload: Option<String> = tx
                .query_row("SELECT payload FROM outbox WHERE seq = ?1", [seq], |r| {
                    r.get(0)
                })
                .optional()
                .context("reading an outbox row")?;
            let Some(payload) = payload else {
                return Ok(false);
            };
            let action: OutboxAction =
                serde_json::from_str(&payload).map_err(StoreError::json("outbox"))?;
            request_id = match ack {
                Ack::Request(r) => {
                    upsert_request(&tx, r)?;
                    r.id.clone()
                }
                Ack::Comment(c) => {
                    upsert_comment(&tx, c)?;
                    c.request_id.clone()
                }
                Ack::Attachment(a) => {
                    upsert_attachment(&tx, a)?;
                    a.request_id.clone()
                }
            };
            if let OutboxAction::CreateRequest { local_id, .. } = &action {
                tx.execute(
                    "UPDATE local_requests SET server_id = ?2 WHERE local_id = ?1",
                    params![local_id, request_id],
                )
                .context("linking a local request to VRAA's id")?;
                // Later actions on this request now go to VRAA's id, still in order.
                tx.execute(
                    "UPDATE outbox SET request_key = ?2 WHERE request_key = ?1",
                    params![local_id, request_id],
                )
                .context("re-keying queued actions")?;
            }
            tx.execute("DELETE FROM outbox WHERE seq = ?1", [seq])
                .context("removing an acknowledged row")?;
            tx.commit().context("committing an acknowledgement")?;
        }
        self.emit(StoreEvent::OutboxChanged);
        self.emit(StoreEvent::RequestsChanged {
            ids: vec![request_id],
        });
        Ok(true)
    }

    /// Parks a row VRAA refused, keeping VRAA's problem (both languages).
    pub fn park_outbox(&self, seq: i64, problem: &Problem) -> Result<(), StoreError> {
        let text = serde_json::to_string(problem).map_err(StoreError::json("problem"))?;
        self.update_row(
            seq,
            "UPDATE outbox SET state = 'parked', problem = ?2, last_error = ?3, attempts = attempts + 1 WHERE seq = ?1",
            params![seq, text, problem.to_string()],
        )
    }

    /// Records a failed attempt that will be retried.
    pub fn note_outbox_failure(&self, seq: i64, error: &str) -> Result<(), StoreError> {
        self.update_row(
            seq,
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE seq = ?1",
            params![seq, error],
        )
    }

    /// Puts a parked row back in line (e.g. after VRAA fixed something).
    pub fn retry_outbox(&self, seq: i64) -> Result<(), StoreError> {
        self.update_row(
            seq,
            "UPDATE outbox SET state = 'pending', problem = NULL WHERE seq = ?1",
            params![seq],
        )
    }

    /// Replaces a queued (typically parked) new request with a corrected one
    /// and puts it back in line; it keeps its idempotency key, which is safe
    /// because VRAA does not remember refused calls.
    pub fn fix_outbox_request(&self, seq: i64, request: &NewRequest) -> Result<(), StoreError> {
        check_new_request(request)?;
        let entry = self
            .outbox()?
            .into_iter()
            .find(|e| e.seq == seq)
            .ok_or(StoreError::UnknownOutboxRow(seq))?;
        let OutboxAction::CreateRequest { local_id, .. } = entry.action else {
            return Err(StoreError::invalid(
                "labot var tikai jaunu pieteikumu",
                "only a new request can be corrected",
            ));
        };
        let payload = serde_json::to_string(&OutboxAction::CreateRequest {
            local_id,
            request: request.clone(),
        })
        .map_err(StoreError::json("outbox"))?;
        self.update_row(
            seq,
            "UPDATE outbox SET payload = ?2, state = 'pending', problem = NULL WHERE seq = ?1",
            params![seq, payload],
        )
    }

    /// Drops a row the user gave up on. Discarding a new request also drops
    /// the actions queued on it (they could never be sent). Returns how many
    /// rows were removed.
    pub fn discard_outbox(&self, seq: i64) -> Result<usize, StoreError> {
        let removed = {
            let mut conn = self.conn();
            let tx = conn.transaction().context("starting a discard")?;
            let row: Option<(String, String)> = tx
                .query_row(
                    "SELECT request_key, kind FROM outbox WHERE seq = ?1",
                    [seq],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .context("reading an outbox row")?;
            let Some((key, kind)) = row else {
                return Err(StoreError::UnknownOutboxRow(seq));
            };
            let removed = if kind == "create_request" {
                tx.execute("DELETE FROM local_requests WHERE local_id = ?1", [&key])
                    .context("removing a local request")?;
                tx.execute("DELETE FROM outbox WHERE request_key = ?1", [&key])
                    .context("discarding rows")?
            } else {
                tx.execute("DELETE FROM outbox WHERE seq = ?1", [seq])
                    .context("discarding a row")?
            };
            tx.commit().context("committing a discard")?;
            removed
        };
        self.emit(StoreEvent::OutboxChanged);
        Ok(removed)
    }

    fn update_row(
        &self,
        seq: i64,
        sql: &str,
        args: impl rusqlite::Params,
    ) -> Result<(), StoreError> {
        let n = self
            .conn()
            .execute(sql, args)
            .context("updating an outbox row")?;
        if n == 0 {
            return Err(StoreError::UnknownOutboxRow(seq));
        }
        self.emit(StoreEvent::OutboxChanged);
        Ok(())
    }
}
