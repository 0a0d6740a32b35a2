//! Drafts: a request being written, saved on every change, local only.

use chrono::{DateTime, Utc};
use desk_core::api::NewRequest;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};

use crate::blobs::MAX_ATTACHMENT_BYTES;
use crate::error::{SqlContext, StoreError};
use crate::events::StoreEvent;
use crate::outbox::{insert_new_request, insert_row, OutboxAction, OutboxEntry};
use crate::time::{parse_ts, ts};
use crate::Store;

/// What the form holds; `id: None` starts a new draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftInput {
    pub id: Option<String>,
    pub request_type_id: String,
    pub subject: String,
    pub description: String,
    pub fields: serde_json::Value,
    /// Paths of the files the user picked, attached when the draft is submitted.
    #[serde(default)]
    pub attachments: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub id: String,
    pub request_type_id: String,
    pub subject: String,
    pub description: String,
    pub fields: serde_json::Value,
    /// Paths of the files the user picked.
    pub attachments: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A file of a draft, already read and stored with [`Store::put_blob`], to be
/// queued with the new request (see [`Store::submit_draft_with_attachments`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreparedAttachment {
    pub sha256: desk_core::api::Sha256Hex,
    pub file_name: String,
    pub content_type: String,
    pub size: u64,
}

type DraftRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
);

const DRAFT_COLUMNS: &str =
    "id, request_type_id, subject, description, fields, attachments, created_at, updated_at";

fn draft_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DraftRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
    ))
}

impl Store {
    /// Saves the form as it is (incomplete is fine: it is a draft).
    ///
    /// A save for a draft that was already submitted is refused with
    /// [`StoreError::DraftAlreadySubmitted`]: an autosave still in flight when
    /// the user pressed Submit must not bring the draft back.
    pub fn save_draft(&self, input: &DraftInput) -> Result<Draft, StoreError> {
        let id = input
            .id
            .clone()
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        let now = ts(Utc::now());
        let attachments =
            serde_json::to_string(&input.attachments).map_err(StoreError::json("draft files"))?;
        let draft = {
            let mut conn = self.conn();
            // IMMEDIATE: the check and the write see the same file even when
            // another process (the CLI) submits the draft meanwhile.
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .context("starting a draft save")?;
            if let Some(local_id) = submitted_as(&tx, &id)? {
                return Err(StoreError::DraftAlreadySubmitted {
                    draft_id: id,
                    local_id,
                });
            }
            tx.execute(
                "INSERT INTO drafts (id, request_type_id, subject, description, fields, attachments,
                    created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
                 ON CONFLICT (id) DO UPDATE SET request_type_id = excluded.request_type_id,
                    subject = excluded.subject, description = excluded.description,
                    fields = excluded.fields, attachments = excluded.attachments,
                    updated_at = excluded.updated_at",
                params![
                    id,
                    input.request_type_id,
                    input.subject,
                    input.description,
                    input.fields.to_string(),
                    attachments,
                    now
                ],
            )
            .context("saving a draft")?;
            let draft = read_draft(&tx, &id)?.ok_or(StoreError::UnknownDraft(id.clone()))?;
            tx.commit().context("committing a draft save")?;
            draft
        };
        self.emit(StoreEvent::DraftSaved { id });
        Ok(draft)
    }

    pub fn draft(&self, id: &str) -> Result<Option<Draft>, StoreError> {
        read_draft(&self.conn(), id)
    }

    /// The local id of the request a submitted draft became, if it was submitted.
    pub fn draft_submitted_as(&self, id: &str) -> Result<Option<String>, StoreError> {
        submitted_as(&self.conn(), id)
    }

    /// All drafts, most recently edited first.
    pub fn drafts(&self) -> Result<Vec<Draft>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare(&format!(
                "SELECT {DRAFT_COLUMNS} FROM drafts ORDER BY updated_at DESC, id"
            ))
            .context("listing drafts")?;
        let rows = stmt.query_map([], draft_row).context("listing drafts")?;
        let mut out = Vec::new();
        for row in rows {
            out.push(parse_draft(row.context("listing drafts")?)?);
        }
        Ok(out)
    }

    pub fn delete_draft(&self, id: &str) -> Result<(), StoreError> {
        let n = self
            .conn()
            .execute("DELETE FROM drafts WHERE id = ?1", [id])
            .context("deleting a draft")?;
        if n == 0 {
            return Err(StoreError::UnknownDraft(id.to_owned()));
        }
        self.emit(StoreEvent::DraftDeleted { id: id.to_owned() });
        Ok(())
    }

    /// Submits a draft: the draft becomes an outbox row in the same
    /// transaction, so it is never both or neither.
    pub fn submit_draft(&self, id: &str) -> Result<OutboxEntry, StoreError> {
        self.submit_draft_with_attachments(id, &[])
    }

    /// Submits a draft with files already prepared (see
    /// [`Store::submit_draft_checked`], which the app uses to validate and
    /// hash from the same read).
    pub fn submit_draft_with_attachments(
        &self,
        id: &str,
        attachments: &[PreparedAttachment],
    ) -> Result<OutboxEntry, StoreError> {
        self.submit_draft_checked(id, |draft| {
            Ok::<_, StoreError>(Submission {
                request: NewRequest {
                    request_type_id: draft.request_type_id.clone(),
                    subject: draft.subject.clone(),
                    description: draft.description.clone(),
                    fields: draft.fields.clone(),
                    contract_id: None,
                },
                attachments: attachments.to_vec(),
            })
        })
    }

    /// Submits a draft: in ONE immediate transaction the draft is read,
    /// `check` turns exactly that read into the request and its prepared files
    /// (validating and hashing them; it must not use this store's connection),
    /// the draft is deleted and remembered as submitted, the new request is
    /// queued and one `Attach` row per file is queued on the new request's
    /// local id (so the sync engine sends them after the request, and they
    /// follow it to VRAA's id once acknowledged).
    ///
    /// Because the read, the check and the queueing hold the connection (and
    /// SQLite's write lock) together, a save arriving meanwhile waits and is
    /// then refused ([`StoreError::DraftAlreadySubmitted`]), and a second
    /// submission of the same draft queues nothing. Every file's bytes must
    /// already be in the blob folder ([`Store::put_blob`], which `check` may
    /// call), so a crash leaves either the draft or a complete queue, never
    /// rows pointing at missing bytes. Returns the create row.
    pub fn submit_draft_checked<E>(
        &self,
        id: &str,
        check: impl FnOnce(&Draft) -> Result<Submission, E>,
    ) -> Result<OutboxEntry, E>
    where
        E: From<StoreError>,
    {
        let entry = {
            let mut conn = self.conn();
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .context("starting a submission")?;
            let draft = match read_draft(&tx, id)? {
                Some(draft) => draft,
                None => {
                    return Err(match submitted_as(&tx, id)? {
                        Some(local_id) => StoreError::DraftAlreadySubmitted {
                            draft_id: id.to_owned(),
                            local_id,
                        },
                        None => StoreError::UnknownDraft(id.to_owned()),
                    }
                    .into())
                }
            };
            let submission = check(&draft)?;
            for a in &submission.attachments {
                check_prepared(self, a)?;
            }
            tx.execute("DELETE FROM drafts WHERE id = ?1", [id])
                .context("removing the submitted draft")?;
            let entry = insert_new_request(&tx, &submission.request)?;
            let local_id = match &entry.action {
                OutboxAction::CreateRequest { local_id, .. } => local_id.clone(),
                _ => entry.request_key.clone(),
            };
            tx.execute(
                "INSERT INTO submitted_drafts (draft_id, local_id, submitted_at) VALUES (?1, ?2, ?3)",
                params![id, local_id, ts(Utc::now())],
            )
            .context("remembering the submitted draft")?;
            for a in &submission.attachments {
                insert_row(
                    &tx,
                    &entry.request_key,
                    &OutboxAction::Attach {
                        sha256: a.sha256.clone(),
                        file_name: a.file_name.clone(),
                        content_type: a.content_type.clone(),
                        size: a.size,
                    },
                )?;
            }
            tx.commit().context("committing a submission")?;
            entry
        };
        self.emit(StoreEvent::DraftDeleted { id: id.to_owned() });
        self.emit(StoreEvent::OutboxChanged);
        Ok(entry)
    }
}

/// What a checked draft becomes: the request as VRAA receives it and its
/// files, already stored as blobs.
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    pub request: NewRequest,
    pub attachments: Vec<PreparedAttachment>,
}

fn read_draft(conn: &Connection, id: &str) -> Result<Option<Draft>, StoreError> {
    let row: Option<DraftRow> = conn
        .query_row(
            &format!("SELECT {DRAFT_COLUMNS} FROM drafts WHERE id = ?1"),
            [id],
            draft_row,
        )
        .optional()
        .context("reading a draft")?;
    row.map(parse_draft).transpose()
}

fn submitted_as(conn: &Connection, id: &str) -> Result<Option<String>, StoreError> {
    conn.query_row(
        "SELECT local_id FROM submitted_drafts WHERE draft_id = ?1",
        [id],
        |r| r.get(0),
    )
    .optional()
    .context("checking whether a draft was submitted")
}

/// A file to queue must be named, within VRAA's size limit and stored.
fn check_prepared(store: &Store, a: &PreparedAttachment) -> Result<(), StoreError> {
    if a.file_name.trim().is_empty() {
        return Err(StoreError::invalid(
            "pielikumam nav faila nosaukuma",
            "the attachment has no file name",
        ));
    }
    if a.size > MAX_ATTACHMENT_BYTES as u64 {
        return Err(StoreError::invalid(
            format!("pielikums {} ir lielāks par 10 MiB", a.file_name),
            format!("the attachment {} is larger than 10 MiB", a.file_name),
        ));
    }
    if !store.has_blob(&a.sha256) {
        return Err(StoreError::invalid(
            format!("pielikuma {} saturs nav saglabāts", a.file_name),
            format!(
                "the content of the attachment {} is not stored",
                a.file_name
            ),
        ));
    }
    Ok(())
}

fn parse_draft(row: DraftRow) -> Result<Draft, StoreError> {
    let (id, request_type_id, subject, description, fields, attachments, created_at, updated_at) =
        row;
    Ok(Draft {
        id,
        request_type_id,
        subject,
        description,
        fields: serde_json::from_str(&fields).map_err(StoreError::json("draft fields"))?,
        attachments: serde_json::from_str(&attachments).map_err(StoreError::json("draft files"))?,
        created_at: parse_ts(&created_at)?,
        updated_at: parse_ts(&updated_at)?,
    })
}
