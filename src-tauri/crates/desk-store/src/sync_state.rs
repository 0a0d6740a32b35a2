//! Where the change feed was left and how the last sync went.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::{SqlContext, StoreError};
use crate::events::StoreEvent;
use crate::time::{parse_ts, ts};
use crate::Store;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncState {
    /// Opaque change-feed cursor; empty before the first pull.
    pub cursor: String,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    /// Why the last sync failed (both languages), cleared by a success.
    pub last_error: Option<String>,
}

impl Store {
    pub fn sync_state(&self) -> Result<SyncState, StoreError> {
        let (cursor, attempt, success, error): (String, Option<String>, Option<String>, Option<String>) = self
            .conn()
            .query_row(
                "SELECT cursor, last_attempt_at, last_success_at, last_error FROM sync_state WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .context("reading the sync state")?;
        Ok(SyncState {
            cursor,
            last_attempt_at: attempt.as_deref().map(parse_ts).transpose()?,
            last_success_at: success.as_deref().map(parse_ts).transpose()?,
            last_error: error,
        })
    }

    /// Records the outcome of a sync run (`None` = success).
    pub fn record_sync_result(&self, error: Option<&str>) -> Result<(), StoreError> {
        let now = ts(Utc::now());
        let conn = self.conn();
        match error {
            None => conn.execute(
                // The first success also fixes the unread baseline, on VRAA's
                // clock (see `unread.rs`): the latest instant VRAA stamped on
                // what this sync brought, or the beginning of time when it
                // brought nothing (then everything VRAA does later is news).
                "UPDATE sync_state SET last_attempt_at = ?1, last_success_at = ?1, last_error = NULL,
                    unread_baseline = coalesce(unread_baseline, vraa_clock, '') WHERE id = 1",
                [&now],
            ),
            Some(e) => conn.execute(
                "UPDATE sync_state SET last_attempt_at = ?1, last_error = ?2 WHERE id = 1",
                [&now, e],
            ),
        }
        .context("recording the sync result")?;
        drop(conn);
        self.emit(StoreEvent::SyncStateChanged);
        Ok(())
    }
}

impl Store {
    /// Starts the change feed again from the beginning (VRAA no longer knows
    /// our cursor). Only the cursor changes: the local copy is refreshed by
    /// the replay, and drafts and the outbox are not touched.
    pub fn restart_change_feed(&self) -> Result<(), StoreError> {
        self.conn()
            .execute("UPDATE sync_state SET cursor = '' WHERE id = 1", [])
            .context("restarting the change feed")?;
        self.emit(StoreEvent::SyncStateChanged);
        Ok(())
    }
}
