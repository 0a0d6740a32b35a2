//! Unread markers: which requests VRAA acted on since the user last opened them.
//!
//! `requests.staff_activity_at` (kept by triggers, see migration 0004) is the
//! latest status change, comment or attachment by anyone but the customer.
//! A request is unread when that is later than both the user's last look
//! (`request_seen`) and the unread baseline — the end of the first successful
//! sync, so that the history the first sync brings is not all "new".
//!
//! Every instant compared here is VRAA's (issue 11 item 16): the baseline is
//! the latest change-feed instant of the first sync (`sync_state.vraa_clock`),
//! and "seen" is the latest VRAA activity on the request when the user opened
//! it. The PC's clock takes no part, so one that is an hour off neither hides
//! VRAA's next comment nor shows old history as new.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{SqlContext, StoreError};
use crate::events::StoreEvent;
use crate::remote::resolve_id;
use crate::Store;

pub(crate) fn baseline(conn: &Connection) -> Result<Option<String>, StoreError> {
    conn.prepare_cached("SELECT unread_baseline FROM sync_state WHERE id = 1")
        .and_then(|mut s| s.query_row([], |r| r.get(0)))
        .context("reading the unread baseline")
}

impl Store {
    /// Marks a request (VRAA id, reference, or the local id of a request
    /// created here) as seen now. A local request VRAA has not acknowledged
    /// yet has nothing VRAA did to mark, so that is a no-op.
    pub fn mark_seen(&self, id: &str) -> Result<(), StoreError> {
        let marked = {
            let conn = self.conn();
            let target = match resolve_id(&conn, id)? {
                Some(found) => Some(found),
                None => {
                    let local: Option<Option<String>> = conn
                        .query_row(
                            "SELECT server_id FROM local_requests WHERE local_id = ?1",
                            [id],
                            |r| r.get(0),
                        )
                        .optional()
                        .context("finding a local request")?;
                    match local {
                        Some(server_id) => server_id,
                        None => return Err(StoreError::UnknownRequest(id.to_owned())),
                    }
                }
            };
            if let Some(target) = &target {
                // Seen = the latest VRAA activity the user was shown (VRAA's
                // clock); anything VRAA stamps later is news, whatever the
                // PC's clock says.
                conn.execute(
                    "INSERT INTO request_seen (request_id, seen_at)
                     VALUES (?1, coalesce((SELECT staff_activity_at FROM requests WHERE id = ?1), ''))
                     ON CONFLICT (request_id) DO UPDATE SET seen_at = max(request_seen.seen_at, excluded.seen_at)",
                    params![target],
                )
                .context("marking a request seen")?;
            }
            target
        };
        if let Some(id) = marked {
            self.emit(StoreEvent::RequestSeen { id });
        }
        Ok(())
    }

    /// Number of unread requests (see the module documentation).
    pub fn unread_count(&self) -> Result<i64, StoreError> {
        let conn = self.conn();
        let Some(baseline) = baseline(&conn)? else {
            return Ok(0);
        };
        conn.prepare_cached(
            "SELECT count(*) FROM requests r LEFT JOIN request_seen s ON s.request_id = r.id
             WHERE r.staff_activity_at > max(?1, coalesce(s.seen_at, ''))",
        )
        .and_then(|mut s| s.query_row([baseline], |r| r.get(0)))
        .context("counting unread requests")
    }
}
