//! Drafts: a request being written, saved on every change, local only.

use chrono::{DateTime, Utc};
use desk_core::api::NewRequest;
use rusqlite::{params, OptionalExtension};
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
    pub fn save_draft(&self, input: &DraftInput) -> Result<Draft, StoreError> {
        let id = input
            .id
            .clone()
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        let now = ts(Utc::now());
        let attachments =
            serde_json::to_string(&input.attachments).map_err(StoreError::json("draft files"))?;
        self.conn()
            .execute(
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
        let draft = self
            .draft(&id)?
            .ok_or(StoreError::UnknownDraft(id.clone()))?;
        self.emit(StoreEvent::DraftSaved { id });
        Ok(draft)
    }

    pub fn draft(&self, id: &str) -> Result<Option<Draft>, StoreError> {
        let row: Option<DraftRow> = self
            .conn()
            .query_row(
                &format!("SELECT {DRAFT_COLUMNS} FROM drafts WHERE id = ?1"),
                [id],
                draft_row,
            )
            .optional()
            .context("reading a draft")?;
        row.map(parse_draft).transpose()
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

    /// Submits a draft with its files: in ONE transaction the draft is
    /// deleted, the new request is queued and one `Attach` row per file is
    /// queued on the new request's local id (so the sync engine sends them
    /// after the request, and they follow it to VRAA's id once acknowledged).
    /// Every file's bytes must already be in the blob folder
    /// ([`Store::put_blob`]), so a crash leaves either the draft or a
    /// complete queue, never rows pointing at missing bytes.
    /// Returns the create row.
    pub fn submit_draft_with_attachments(
        &self,
        id: &str,
        attachments: &[PreparedAttachment],
    ) -> Result<OutboxEntry, StoreError> {
        for a in attachments {
            check_prepared(self, a)?;
        }
        let draft = self
            .draft(id)?
            .ok_or(StoreError::UnknownDraft(id.to_owned()))?;
        let request = NewRequest {
            request_type_id: draft.request_type_id,
            subject: draft.subject,
            description: draft.description,
            fields: draft.fields,
            contract_id: None,
        };
        let entry = {
            let mut conn = self.conn();
            let tx = conn.transaction().context("starting a submission")?;
            let n = tx
                .execute("DELETE FROM drafts WHERE id = ?1", [id])
                .context("removing the submitted draft")?;
            if n == 0 {
                return Err(StoreError::UnknownDraft(id.to_owned()));
            }
            let entry = insert_new_request(&tx, &request)?;
            for a in attachments {
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
