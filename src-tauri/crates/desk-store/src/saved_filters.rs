//! Named filters of the request list. The query is the UI's own JSON (the
//! store does not interpret it), so that the list can gain filters without a
//! schema change.

use chrono::{DateTime, Utc};
use rusqlite::params;
use serde::Serialize;

use crate::error::{SqlContext, StoreError};
use crate::events::StoreEvent;
use crate::time::{parse_ts, ts};
use crate::Store;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SavedFilter {
    pub id: String,
    pub name: String,
    pub query: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

/// Longest name accepted, in characters.
const MAX_NAME_CHARS: usize = 100;

impl Store {
    /// All saved filters, by name.
    pub fn saved_filters(&self) -> Result<Vec<SavedFilter>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare_cached(
                "SELECT id, name, query, created_at FROM saved_filters ORDER BY name COLLATE NOCASE, id",
            )
            .context("listing saved filters")?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })
            .context("listing saved filters")?;
        let mut out = Vec::new();
        for row in rows {
            let (id, name, query, created_at) = row.context("listing saved filters")?;
            out.push(SavedFilter {
                id,
                name,
                query: serde_json::from_str(&query).map_err(StoreError::json("saved filter"))?,
                created_at: parse_ts(&created_at)?,
            });
        }
        Ok(out)
    }

    /// Saves a filter under `name` (trimmed); a filter of the same name is
    /// replaced and keeps its id.
    pub fn save_filter(
        &self,
        name: &str,
        query: &serde_json::Value,
    ) -> Result<SavedFilter, StoreError> {
        let name = name.trim();
        let chars = name.chars().count();
        if chars == 0 || chars > MAX_NAME_CHARS {
            return Err(StoreError::invalid(
                format!("filtra nosaukumam jābūt 1–{MAX_NAME_CHARS} rakstzīmēm"),
                format!("the filter name must be 1–{MAX_NAME_CHARS} characters"),
            ));
        }
        let now = Utc::now();
        let now = DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now);
        let (id, created_at): (String, String) = self
            .conn()
            .query_row(
                "INSERT INTO saved_filters (id, name, query, created_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (name) DO UPDATE SET query = excluded.query
                 RETURNING id, created_at",
                params![
                    uuid::Uuid::new_v4().to_string(),
                    name,
                    query.to_string(),
                    ts(now)
                ],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .context("saving a filter")?;
        self.emit(StoreEvent::SavedFiltersChanged);
        Ok(SavedFilter {
            id,
            name: name.to_owned(),
            query: query.clone(),
            created_at: parse_ts(&created_at)?,
        })
    }

    /// Deletes a saved filter; an unknown id is an error (the UI is stale).
    pub fn delete_saved_filter(&self, id: &str) -> Result<(), StoreError> {
        let n = self
            .conn()
            .execute("DELETE FROM saved_filters WHERE id = ?1", [id])
            .context("deleting a saved filter")?;
        if n == 0 {
            return Err(StoreError::UnknownSavedFilter(id.to_owned()));
        }
        self.emit(StoreEvent::SavedFiltersChanged);
        Ok(())
    }
}
