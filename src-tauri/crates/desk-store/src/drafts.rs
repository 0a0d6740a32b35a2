//! Drafts: a request being written, saved on every change, local only.

use chrono::{DateTime, Utc};
use desk_core::api::NewRequest;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{SqlContext, StoreError};
use crate::events::StoreEvent;
use crate::outbox::{insert_new_request, OutboxEntry};
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub id: String,
    pub request_type_id: String,
    pub subject: String,
    pub description: String,
    pub fields: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

type DraftRow = (String, String, String, String, String, String, String);

impl Store {
    /// Saves the form as it is (incomplete is fine: it is a draft).
    pub fn save_draft(&self, input: &DraftInput) -> Result<Draft, StoreError> {
        let id = input
            .id
            .clone()
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        let now = ts(Utc::now());
        self.conn()
            .execute(
                "INSERT INTO drafts (id, request_type_id, subject, description, fields, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
                 ON CONFLICT (id) DO UPDATE SET request_type_id = excluded.request_type_id,
                    subject = excluded.subject, description = excluded.description,
                    fields = excluded.fields, updated_at = excluded.updated_at",
                params![
                    id,
                    input.request_type_id,
                    input.subject,
                    input.description,
                    input.fields.to_string(),
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
                "SELECT id, request_type_id, subject, description, fields, created_at, updated_at
                 FROM drafts WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ))
                },
            )
            .optional()
            .context("reading a draft")?;
        row.map(parse_draft).transpose()
    }

    /// All drafts, most recently edited first.
    pub fn drafts(&self) -> Result<Vec<Draft>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare(
                "SELECT id, request_type_id, subject, description, fields, created_at, updated_at
                 FROM drafts ORDER BY updated_at DESC, id",
            )
            .context("listing drafts")?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })
            .context("listing drafts")?;
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
            tx.commit().context("committing a submission")?;
            entry
        };
        self.emit(StoreEvent::DraftDeleted { id: id.to_owned() });
        self.emit(StoreEvent::OutboxChanged);
        Ok(entry)
    }
}

fn parse_draft(row: DraftRow) -> Result<Draft, StoreError> {
    let (id, request_type_id, subject, description, fields, created_at, updated_at) = row;
    Ok(Draft {
        id,
        request_type_id,
        subject,
        description,
        fields: serde_json::from_str(&fields).map_err(StoreError::json("draft fields"))?,
        created_at: parse_ts(&created_at)?,
        updated_at: parse_ts(&updated_at)?,
    })
}
