//! Simulated VRAA staff: moves open requests along on a clock and writes
//! comments, as the real service desk would. Off unless a speed is set.

use std::time::Duration;

use chrono::{DateTime, Utc};
use desk_core::api::{Actor, ActorKind, RequestStatus};
use rusqlite::Connection;
use tokio::sync::watch;

use crate::db::{now, ts, Db};
use crate::error::SandboxError;
use crate::store;

const STAFF_NAME: &str = "Simulēts VRAA darbinieks";

/// Simulated minutes a request waits in `status` before staff act.
fn wait_minutes(status: RequestStatus) -> Option<i64> {
    use RequestStatus::*;
    match status {
        Submitted => Some(30),
        Registered => Some(60),
        Assigned => Some(45),
        InProgress => Some(180),
        Reopened => Some(60),
        Resolved => Some(3 * 24 * 60),
        _ => None,
    }
}

/// One pass over open requests: every request that has waited long enough
/// (in simulated time, `speed` simulated seconds per real second) moves on.
/// Returns how many requests changed.
pub fn step(conn: &mut Connection, speed: f64, at: DateTime<Utc>) -> Result<usize, SandboxError> {
    let tx = conn.transaction().map_err(SandboxError::db("staff step"))?;
    let candidates: Vec<(String, String, String)> = {
        let mut stmt = tx
            .prepare(
                "SELECT id, status, updated_at FROM requests
                 WHERE status IN ('submitted','registered','assigned','in_progress','reopened','resolved')
                 ORDER BY updated_at LIMIT 500",
            )
            .map_err(SandboxError::db("staff scan"))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(SandboxError::db("staff scan"))?;
        rows.collect::<Result<_, _>>()
            .map_err(SandboxError::db("staff scan"))?
    };
    let mut moved = 0;
    let at_text = ts(at);
    for (id, status, updated_at) in candidates {
        let Some(status) = RequestStatus::parse(&status) else {
            continue;
        };
        let Some(wait) = wait_minutes(status) else {
            continue;
        };
        let Ok(updated) = DateTime::parse_from_rfc3339(&updated_at) else {
            continue;
        };
        let real_seconds = (at - updated.with_timezone(&Utc)).num_milliseconds() as f64 / 1000.0;
        if real_seconds * speed < (wait * 60) as f64 || updated_at > at_text {
            continue;
        }
        let Some((inst, mut request)) = store::find_request(&tx, None, &id)? else {
            continue;
        };
        let staff = Actor {
            kind: ActorKind::Staff,
            name: STAFF_NAME.into(),
        };
        // Every fourth request needs more information once.
        let asked_before = request
            .status_history
            .iter()
            .any(|h| h.to == RequestStatus::WaitingForCustomer);
        let (to, comment) = match status {
            RequestStatus::Submitted => (RequestStatus::Registered, None),
            RequestStatus::Registered => (RequestStatus::Assigned, None),
            RequestStatus::Assigned | RequestStatus::Reopened => (RequestStatus::InProgress, None),
            RequestStatus::InProgress
                if !asked_before && request.reference.ends_with(['0', '4', '8']) =>
            {
                (
                    RequestStatus::WaitingForCustomer,
                    Some("Lūdzu precizējiet pieprasījumu. / Please clarify the request."),
                )
            }
            RequestStatus::InProgress => (
                RequestStatus::Resolved,
                Some("Pieprasījums izpildīts. / The request has been fulfilled."),
            ),
            RequestStatus::Resolved => (RequestStatus::Closed, None),
            _ => continue,
        };
        store::transition_stored(
            &tx,
            &inst,
            &mut request,
            to,
            staff,
            comment.map(Into::into),
            at,
        )?;
        moved += 1;
    }
    tx.commit().map_err(SandboxError::db("staff commit"))?;
    Ok(moved)
}

/// Runs [`step`] every `tick` until `stop` fires.
pub async fn run(db: Db, speed: f64, tick: Duration, mut stop: watch::Receiver<bool>) {
    let mut interval = tokio::time::interval(tick);
    loop {
        tokio::select! {
            _ = interval.tick() => {}
            _ = stop.changed() => return,
        }
        let result = db.call(move |c| step(c, speed, now())).await;
        match result {
            Ok(0) => {}
            Ok(n) => tracing::debug!(moved = n, "simulated staff moved requests"),
            Err(e) => tracing::warn!(error = %e, "simulated staff step failed"),
        }
    }
}
