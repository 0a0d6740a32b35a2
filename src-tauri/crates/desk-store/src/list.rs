//! The request list of the desktop app: every filter, sort and the data each
//! row needs (unread marker, pending outbox rows, status history for the SLA
//! clocks), in a fixed number of queries however many rows match.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use desk_core::api::RequestStatus;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::{SqlContext, StoreError};
use crate::remote::parse_status;
use crate::time::{parse_ts, ts};
use crate::Store;

/// Sort key of [`RequestQuery`]. Ties are broken by the latest change, then id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestSort {
    #[default]
    UpdatedAt,
    CreatedAt,
    Reference,
    /// Life-cycle order (submitted … reopened), not alphabetical.
    Status,
}

/// What the request list shows. Empty vectors mean "all".
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RequestQuery {
    /// Full text (prefix per word, diacritics folded) over reference,
    /// subject, description, field values and comments.
    pub search: Option<String>,
    pub service_ids: Vec<String>,
    pub request_type_ids: Vec<String>,
    pub statuses: Vec<RequestStatus>,
    /// Created at or after this instant.
    pub created_from: Option<DateTime<Utc>>,
    /// Created before this instant (exclusive).
    pub created_to: Option<DateTime<Utc>>,
    pub sort: RequestSort,
    pub descending: bool,
    /// At most this many rows; `None` means all.
    pub limit: Option<u32>,
}

/// One status change, as much as an SLA clock needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StatusChangeLite {
    pub to: RequestStatus,
    pub at: DateTime<Utc>,
}

/// One row of the request list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestListItem {
    pub id: String,
    pub reference: String,
    pub request_type_id: String,
    pub service_id: String,
    pub subject: String,
    pub status: RequestStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// VRAA acted on it since the user last opened it (see [`Store::mark_seen`]).
    pub unread: bool,
    /// The user's actions on it still in the outbox (pending or parked).
    pub pending: u32,
    /// Oldest first.
    pub history: Vec<StatusChangeLite>,
}

/// `CASE` expression giving a status its life-cycle position.
fn status_order_sql() -> String {
    let arms: String = RequestStatus::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| format!(" WHEN '{}' THEN {i}", s.as_str()))
        .collect();
    format!("CASE r.status{arms} ELSE 99 END")
}

/// The `WHERE` clause and its arguments for a query (over `requests r`).
fn where_clause(q: &RequestQuery) -> (String, Vec<String>) {
    let mut sql = String::from(" WHERE 1 = 1");
    let mut args: Vec<String> = Vec::new();
    let mut any_of = |sql: &mut String, column: &str, values: Vec<String>| {
        if values.is_empty() {
            return;
        }
        let marks: Vec<String> = values
            .into_iter()
            .map(|v| {
                args.push(v);
                format!("?{}", args.len())
            })
            .collect();
        sql.push_str(&format!(" AND {column} IN ({})", marks.join(", ")));
    };
    any_of(&mut sql, "r.service_id", q.service_ids.clone());
    any_of(&mut sql, "r.request_type_id", q.request_type_ids.clone());
    any_of(
        &mut sql,
        "r.status",
        q.statuses.iter().map(|s| s.as_str().to_owned()).collect(),
    );
    if let Some(from) = q.created_from {
        args.push(ts(from));
        sql.push_str(&format!(" AND r.created_at >= ?{}", args.len()));
    }
    if let Some(to) = q.created_to {
        args.push(ts(to));
        sql.push_str(&format!(" AND r.created_at < ?{}", args.len()));
    }
    if let Some(query) = q.search.as_deref().and_then(crate::search::fts_query) {
        args.push(query);
        let n = args.len();
        sql.push_str(&format!(
            " AND (r.rowid IN (SELECT rowid FROM requests_fts WHERE requests_fts MATCH ?{n})
               OR r.rowid IN (SELECT rowid >> 32 FROM comments_fts WHERE comments_fts MATCH ?{n}))"
        ));
    }
    (sql, args)
}

fn order_clause(q: &RequestQuery) -> String {
    let dir = if q.descending { "DESC" } else { "ASC" };
    let key = match q.sort {
        RequestSort::UpdatedAt => "r.updated_at".to_owned(),
        RequestSort::CreatedAt => "r.created_at".to_owned(),
        RequestSort::Reference => "r.reference".to_owned(),
        RequestSort::Status => status_order_sql(),
    };
    format!(" ORDER BY {key} {dir}, r.updated_at DESC, r.id")
}

type RawRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    bool,
);

impl Store {
    /// The request list for `q`: matching requests of VRAA (not the local,
    /// unacknowledged ones: see [`Store::local_requests`]), each with its
    /// unread marker, number of queued actions and status history.
    pub fn list_request_rows(&self, q: &RequestQuery) -> Result<Vec<RequestListItem>, StoreError> {
        let conn = self.conn();
        let baseline = crate::unread::baseline(&conn)?;
        let (filter, mut args) = where_clause(q);
        // Before the first successful sync nothing is unread.
        let unread = match baseline {
            Some(baseline) => {
                args.push(baseline);
                format!(
                    "(r.staff_activity_at IS NOT NULL
                      AND r.staff_activity_at > max(?{}, coalesce(s.seen_at, '')))",
                    args.len()
                )
            }
            None => "0".to_owned(),
        };
        let limit = q.limit.map(|n| format!(" LIMIT {n}")).unwrap_or_default();
        let sql = format!(
            "SELECT r.id, r.reference, r.request_type_id, r.service_id, r.subject, r.status,
                    r.created_at, r.updated_at, {unread}
             FROM requests r LEFT JOIN request_seen s ON s.request_id = r.id
             {filter}{order}{limit}",
            order = order_clause(q),
        );
        let mut stmt = conn.prepare_cached(&sql).context("listing requests")?;
        let raw: Vec<RawRow> = stmt
            .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                ))
            })
            .context("listing requests")?
            .collect::<Result<_, _>>()
            .context("listing requests")?;
        let pending = pending_by_request(&conn)?;
        let histories = histories(&conn, &raw)?;
        raw.into_iter()
            .zip(histories)
            .map(|(row, history)| {
                let (id, reference, request_type_id, service_id, subject) =
                    (row.0, row.1, row.2, row.3, row.4);
                Ok(RequestListItem {
                    pending: pending.get(&id).copied().unwrap_or(0),
                    history,
                    status: parse_status(&row.5)?,
                    created_at: parse_ts(&row.6)?,
                    updated_at: parse_ts(&row.7)?,
                    unread: row.8,
                    id,
                    reference,
                    request_type_id,
                    service_id,
                    subject,
                })
            })
            .collect()
    }

    /// How many requests are in each status (statuses with none are left out),
    /// in life-cycle order.
    pub fn status_counts(&self) -> Result<Vec<(RequestStatus, i64)>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare_cached("SELECT status, count(*) FROM requests GROUP BY status")
            .context("counting requests by status")?;
        let counted: HashMap<String, i64> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .context("counting requests by status")?
            .collect::<Result<_, _>>()
            .context("counting requests by status")?;
        for status in counted.keys() {
            parse_status(status)?;
        }
        Ok(RequestStatus::ALL
            .into_iter()
            .filter_map(|s| counted.get(s.as_str()).map(|n| (s, *n)))
            .collect())
    }
}

/// Outbox rows per request key (VRAA's id once the request is acknowledged).
fn pending_by_request(conn: &Connection) -> Result<HashMap<String, u32>, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT request_key, count(*) FROM outbox GROUP BY request_key")
        .context("counting queued actions")?;
    let out = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))
        .context("counting queued actions")?
        .collect::<Result<_, _>>()
        .context("counting queued actions")?;
    Ok(out)
}

/// The status histories of the listed requests (in `rows` order), in ONE
/// query: a scan of the whole table when a quarter or more of the requests
/// are listed (as cheap as looking each one up, measured), else a lookup of
/// just those ids. Rows are read in table order and sorted per
/// request afterwards, which is cheaper than making SQLite walk the primary
/// key index and fetch every row from the table.
fn histories(conn: &Connection, rows: &[RawRow]) -> Result<Vec<Vec<StatusChangeLite>>, StoreError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut out: Vec<Vec<(i64, StatusChangeLite)>> = vec![Vec::new(); rows.len()];
    let index: HashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.0.as_str(), i))
        .collect();
    let total: i64 = conn
        .prepare_cached("SELECT count(*) FROM requests")
        .and_then(|mut s| s.query_row([], |r| r.get(0)))
        .context("counting requests")?;
    let ids = if rows.len() as i64 * 4 >= total {
        None
    } else {
        let ids: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
        Some(serde_json::to_string(&ids).map_err(StoreError::json("request ids"))?)
    };
    let sql = if ids.is_some() {
        "SELECT request_id, position, to_status, at FROM status_history
         WHERE request_id IN (SELECT value FROM json_each(?1))"
    } else {
        "SELECT request_id, position, to_status, at FROM status_history"
    };
    let mut stmt = conn
        .prepare_cached(sql)
        .context("reading status histories")?;
    let mut found = match &ids {
        Some(ids) => stmt.query([ids]),
        None => stmt.query([]),
    }
    .context("reading status histories")?;
    while let Some(row) = found.next().context("reading status histories")? {
        let text = |i: usize| -> Result<&str, StoreError> {
            row.get_ref(i)
                .and_then(|v| v.as_str().map_err(Into::into))
                .context("reading status histories")
        };
        let Some(&slot) = index.get(text(0)?) else {
            continue;
        };
        let position: i64 = row.get(1).context("reading status histories")?;
        out[slot].push((
            position,
            StatusChangeLite {
                to: parse_status(text(2)?)?,
                at: parse_ts(text(3)?)?,
            },
        ));
    }
    Ok(out
        .into_iter()
        .map(|mut changes| {
            if !changes.is_sorted_by_key(|(p, _)| *p) {
                changes.sort_by_key(|(p, _)| *p);
            }
            changes.into_iter().map(|(_, c)| c).collect()
        })
        .collect())
}
