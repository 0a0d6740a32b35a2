//! VRAA's data in the local copy: applying change-feed pages and
//! acknowledgements (server wins), and reading it back.
//!
//! Drafts and the outbox live in other tables and are never written here, so
//! a pull cannot touch the user's unsent work.

use std::collections::BTreeSet;

use desk_core::api::{
    Actor, Attachment, AvailabilityRecord, Catalog, ChangeData, ChangePage, Comment, Contract,
    Rating, Request, RequestStatus, StatusChange,
};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;

use crate::error::{SqlContext, StoreError};
use crate::events::StoreEvent;
use crate::time::{parse_ts, ts};
use crate::Store;

/// One line of the request list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestSummary {
    pub id: String,
    pub reference: String,
    pub request_type_id: String,
    pub service_id: String,
    pub subject: String,
    pub status: RequestStatus,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// Everything known locally about one request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestDetail {
    pub request: Request,
    pub comments: Vec<Comment>,
    pub attachments: Vec<Attachment>,
}

/// Filter of [`Store::list_requests`].
#[derive(Debug, Clone, Default)]
pub struct RequestFilter {
    /// Any of these statuses; empty means all.
    pub statuses: Vec<RequestStatus>,
    /// Full-text search over reference, subject, description, fields and comments.
    pub search: Option<String>,
    /// At most this many (newest first); `None` means 1,000.
    pub limit: Option<u32>,
}

impl Store {
    /// Applies one page of the change feed and stores its cursor, in ONE
    /// transaction: either the whole page and the new cursor are saved, or
    /// nothing is.
    pub fn apply_change_page(&self, page: &ChangePage) -> Result<(), StoreError> {
        let mut ids = BTreeSet::new();
        let mut reference = false;
        {
            let mut conn = self.conn();
            let tx = conn
                .transaction()
                .context("starting the change page transaction")?;
            for change in &page.changes {
                match &change.data {
                    ChangeData::Request(r) => {
                        upsert_request(&tx, r)?;
                        ids.insert(r.id.clone());
                    }
                    ChangeData::Comment(c) => {
                        upsert_comment(&tx, c)?;
                        ids.insert(c.request_id.clone());
                    }
                    ChangeData::Attachment(a) => {
                        upsert_attachment(&tx, a)?;
                        ids.insert(a.request_id.clone());
                    }
                    ChangeData::Availability(a) => {
                        upsert_availability(&tx, a)?;
                        reference = true;
                    }
                }
            }
            // VRAA's clock as far as this page tells it (see unread.rs).
            let latest_at = page.changes.iter().map(|c| c.at).max().map(ts);
            tx.execute(
                "UPDATE sync_state SET cursor = ?1,
                    vraa_clock = CASE WHEN ?2 IS NULL THEN vraa_clock
                                      ELSE max(coalesce(vraa_clock, ''), ?2) END
                 WHERE id = 1",
                params![page.next_cursor, latest_at],
            )
            .context("saving the change feed cursor")?;
            tx.commit().context("committing a change page")?;
        }
        if !ids.is_empty() {
            self.emit(StoreEvent::RequestsChanged {
                ids: ids.into_iter().collect(),
            });
        }
        if reference {
            self.emit(StoreEvent::ReferenceDataChanged);
        }
        Ok(())
    }

    /// Stores a request VRAA returned (older versions never overwrite newer).
    pub fn save_request(&self, request: &Request) -> Result<(), StoreError> {
        {
            let mut conn = self.conn();
            let tx = conn.transaction().context("starting a request write")?;
            upsert_request(&tx, request)?;
            tx.commit().context("committing a request")?;
        }
        self.emit(StoreEvent::RequestsChanged {
            ids: vec![request.id.clone()],
        });
        Ok(())
    }

    pub fn save_catalog(&self, catalog: &Catalog, etag: Option<&str>) -> Result<(), StoreError> {
        let body = serde_json::to_string(catalog).map_err(StoreError::json("catalogue"))?;
        self.conn()
            .execute(
                "INSERT INTO catalogue (id, body, etag, fetched_at) VALUES (1, ?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET body = excluded.body, etag = excluded.etag,
                 fetched_at = excluded.fetched_at",
                params![body, etag, ts(chrono::Utc::now())],
            )
            .context("saving the catalogue")?;
        self.emit(StoreEvent::ReferenceDataChanged);
        Ok(())
    }

    /// The stored catalogue and its ETag, if one was ever fetched.
    pub fn catalog(&self) -> Result<Option<(Catalog, Option<String>)>, StoreError> {
        let row: Option<(String, Option<String>)> = self
            .conn()
            .query_row("SELECT body, etag FROM catalogue WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
            .context("reading the catalogue")?;
        row.map(|(body, etag)| {
            serde_json::from_str(&body)
                .map(|c| (c, etag))
                .map_err(StoreError::json("catalogue"))
        })
        .transpose()
    }

    /// Replaces the institution's contracts with VRAA's list.
    pub fn save_contracts(&self, contracts: &[Contract]) -> Result<(), StoreError> {
        {
            let mut conn = self.conn();
            let tx = conn.transaction().context("starting the contracts write")?;
            tx.execute("DELETE FROM contracts", [])
                .context("clearing contracts")?;
            for c in contracts {
                let body = serde_json::to_string(c).map_err(StoreError::json("contract"))?;
                tx.execute(
                    "INSERT INTO contracts (id, body) VALUES (?1, ?2)",
                    params![c.id, body],
                )
                .context("saving a contract")?;
            }
            tx.commit().context("committing contracts")?;
        }
        self.emit(StoreEvent::ReferenceDataChanged);
        Ok(())
    }

    pub fn contracts(&self) -> Result<Vec<Contract>, StoreError> {
        json_rows(
            &self.conn(),
            "SELECT body FROM contracts ORDER BY id",
            "contract",
        )
    }

    /// Outage and maintenance records of a service (all services if `None`).
    pub fn availability(
        &self,
        service_id: Option<&str>,
    ) -> Result<Vec<AvailabilityRecord>, StoreError> {
        let conn = self.conn();
        match service_id {
            Some(s) => {
                let mut stmt = conn
                    .prepare(
                        "SELECT body FROM availability WHERE service_id = ?1 ORDER BY starts_at",
                    )
                    .context("reading availability")?;
                let rows = stmt
                    .query_map([s], |r| r.get::<_, String>(0))
                    .context("reading availability")?;
                let mut out = Vec::new();
                for row in rows {
                    let text = row.context("reading availability")?;
                    out.push(
                        serde_json::from_str(&text).map_err(StoreError::json("availability"))?,
                    );
                }
                Ok(out)
            }
            None => json_rows(
                &conn,
                "SELECT body FROM availability ORDER BY starts_at",
                "availability",
            ),
        }
    }

    /// Requests, newest change first.
    pub fn list_requests(&self, filter: &RequestFilter) -> Result<Vec<RequestSummary>, StoreError> {
        let conn = self.conn();
        let mut sql = String::from(
            "SELECT id, reference, request_type_id, service_id, subject, status, created_at, updated_at
             FROM requests r WHERE 1 = 1",
        );
        let mut args: Vec<String> = Vec::new();
        if !filter.statuses.is_empty() {
            let marks: Vec<String> = filter
                .statuses
                .iter()
                .map(|s| {
                    args.push(s.as_str().to_owned());
                    format!("?{}", args.len())
                })
                .collect();
            sql.push_str(&format!(" AND r.status IN ({})", marks.join(", ")));
        }
        if let Some(query) = filter.search.as_deref().and_then(crate::search::fts_query) {
            args.push(query);
            let n = args.len();
            sql.push_str(&format!(
                " AND (r.rowid IN (SELECT rowid FROM requests_fts WHERE requests_fts MATCH ?{n})
                   OR r.rowid IN (SELECT rowid >> 32 FROM comments_fts WHERE comments_fts MATCH ?{n}))"
            ));
        }
        sql.push_str(" ORDER BY r.updated_at DESC, r.id");
        // No limit means every row: a caller that wants fewer says so.
        if let Some(limit) = filter.limit {
            sql.push_str(&format!(" LIMIT {limit}"));
        }
        let mut stmt = conn.prepare_cached(&sql).context("listing requests")?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                ))
            })
            .context("listing requests")?;
        let mut out = Vec::new();
        for row in rows {
            let (id, reference, request_type_id, service_id, subject, status, created, updated) =
                row.context("listing requests")?;
            out.push(RequestSummary {
                status: parse_status(&status)?,
                created_at: parse_ts(&created)?,
                updated_at: parse_ts(&updated)?,
                id,
                reference,
                request_type_id,
                service_id,
                subject,
            });
        }
        Ok(out)
    }

    /// Number of requests in the local copy.
    pub fn request_count(&self) -> Result<i64, StoreError> {
        self.conn()
            .query_row("SELECT count(*) FROM requests", [], |r| r.get(0))
            .context("counting requests")
    }

    /// Number of comments in the local copy.
    pub fn comment_count(&self) -> Result<i64, StoreError> {
        self.conn()
            .query_row("SELECT count(*) FROM comments", [], |r| r.get(0))
            .context("counting comments")
    }

    /// A request by VRAA id or human reference, with comments and attachments.
    pub fn request_detail(
        &self,
        id_or_reference: &str,
    ) -> Result<Option<RequestDetail>, StoreError> {
        let conn = self.conn();
        let Some(request) = read_request(&conn, id_or_reference)? else {
            return Ok(None);
        };
        let comments = read_comments(&conn, &request.id)?;
        let attachments = read_attachments(&conn, &request.id)?;
        Ok(Some(RequestDetail {
            request,
            comments,
            attachments,
        }))
    }

    /// VRAA's id of a request given by id or reference, if known locally.
    pub fn resolve_request_id(&self, id_or_reference: &str) -> Result<Option<String>, StoreError> {
        resolve_id(&self.conn(), id_or_reference)
    }
}

pub(crate) fn resolve_id(
    conn: &Connection,
    id_or_reference: &str,
) -> Result<Option<String>, StoreError> {
    conn.query_row(
        "SELECT id FROM requests WHERE id = ?1 OR reference = ?1",
        [id_or_reference],
        |r| r.get(0),
    )
    .optional()
    .context("finding a request")
}

fn json_rows<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    sql: &str,
    what: &'static str,
) -> Result<Vec<T>, StoreError> {
    let mut stmt = conn.prepare(sql).context("reading stored documents")?;
    let rows = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .context("reading stored documents")?;
    let mut out = Vec::new();
    for row in rows {
        let text = row.context("reading stored documents")?;
        out.push(serde_json::from_str(&text).map_err(StoreError::json(what))?);
    }
    Ok(out)
}

pub(crate) fn parse_status(s: &str) -> Result<RequestStatus, StoreError> {
    RequestStatus::parse(s).ok_or_else(|| StoreError::Json {
        context: "status",
        detail: s.to_owned(),
    })
}

fn to_json<T: Serialize>(value: &T, what: &'static str) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(StoreError::json(what))
}

/// The values of a `fields` object as one searchable text (keys are not useful
/// to search for and would make every request match its type's field names).
fn fields_text(fields: &serde_json::Value) -> String {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Number(n) => out.push(n.to_string()),
            serde_json::Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            serde_json::Value::Object(map) => map.values().for_each(|i| walk(i, out)),
            serde_json::Value::Bool(_) | serde_json::Value::Null => {}
        }
    }
    let mut parts = Vec::new();
    walk(fields, &mut parts);
    parts.join(" ")
}

/// Inserts or updates a request unless the stored version is newer. Returns
/// whether anything was written.
pub(crate) fn upsert_request(tx: &Transaction<'_>, r: &Request) -> Result<bool, StoreError> {
    let written = tx
        .prepare_cached(
            "INSERT INTO requests (id, reference, request_type_id, service_id, contract_id, subject,
                description, fields, status, requester, created_at, updated_at, version, rating, fields_text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
             ON CONFLICT (id) DO UPDATE SET reference = excluded.reference,
                request_type_id = excluded.request_type_id, service_id = excluded.service_id,
                contract_id = excluded.contract_id, subject = excluded.subject,
                description = excluded.description, fields = excluded.fields,
                status = excluded.status, requester = excluded.requester,
                created_at = excluded.created_at, updated_at = excluded.updated_at,
                version = excluded.version, rating = excluded.rating,
                fields_text = excluded.fields_text
             WHERE excluded.version >= requests.version",
        )
        .context("preparing the request upsert")?
        .execute(params![
            r.id,
            r.reference,
            r.request_type_id,
            r.service_id,
            r.contract_id,
            r.subject,
            r.description,
            r.fields.to_string(),
            r.status.as_str(),
            to_json(&r.requester, "requester")?,
            ts(r.created_at),
            ts(r.updated_at),
            r.version,
            r.rating.as_ref().map(|x| to_json(x, "rating")).transpose()?,
            fields_text(&r.fields),
        ])
        .context("saving a request")?;
    if written == 0 {
        return Ok(false);
    }
    tx.prepare_cached("DELETE FROM status_history WHERE request_id = ?1")
        .context("preparing the history reset")?
        .execute([&r.id])
        .context("replacing status history")?;
    let mut insert = tx
        .prepare_cached(
            "INSERT INTO status_history (request_id, position, from_status, to_status, at, by_actor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .context("preparing the history insert")?;
    for (i, h) in r.status_history.iter().enumerate() {
        insert
            .execute(params![
                r.id,
                i as i64,
                h.from.map(|s| s.as_str()),
                h.to.as_str(),
                ts(h.at),
                to_json(&h.by, "actor")?,
            ])
            .context("saving status history")?;
    }
    Ok(true)
}

pub(crate) fn upsert_comment(tx: &Transaction<'_>, c: &Comment) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO comments (id, request_id, author, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET request_id = excluded.request_id, author = excluded.author,
            body = excluded.body, created_at = excluded.created_at",
    )
    .context("preparing the comment upsert")?
    .execute(params![
        c.id,
        c.request_id,
        to_json(&c.author, "author")?,
        c.body,
        ts(c.created_at)
    ])
    .context("saving a comment")?;
    Ok(())
}

pub(crate) fn upsert_attachment(tx: &Transaction<'_>, a: &Attachment) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO attachments (id, request_id, sha256, file_name, size, content_type, added_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (id) DO UPDATE SET request_id = excluded.request_id, sha256 = excluded.sha256,
            file_name = excluded.file_name, size = excluded.size,
            content_type = excluded.content_type, added_by = excluded.added_by,
            created_at = excluded.created_at",
    )
    .context("preparing the attachment upsert")?
    .execute(params![
        a.id,
        a.request_id,
        a.sha256.as_str(),
        a.file_name,
        a.size as i64,
        a.content_type,
        to_json(&a.added_by, "actor")?,
        ts(a.created_at)
    ])
    .context("saving an attachment")?;
    Ok(())
}

fn upsert_availability(tx: &Transaction<'_>, a: &AvailabilityRecord) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO availability (id, service_id, starts_at, ends_at, body) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET service_id = excluded.service_id,
            starts_at = excluded.starts_at, ends_at = excluded.ends_at, body = excluded.body",
    )
    .context("preparing the availability upsert")?
    .execute(params![
        a.id,
        a.service_id,
        ts(a.starts_at),
        a.ends_at.map(ts),
        to_json(a, "availability")?
    ])
    .context("saving an availability record")?;
    Ok(())
}

fn read_request(conn: &Connection, id_or_reference: &str) -> Result<Option<Request>, StoreError> {
    type Row = (
        String,
        String,
        String,
        String,
        Option<String>,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        i64,
        Option<String>,
    );
    let row: Option<Row> = conn
        .query_row(
            "SELECT id, reference, request_type_id, service_id, contract_id, subject, description,
                fields, status, requester, created_at, updated_at, version, rating
             FROM requests WHERE id = ?1 OR reference = ?1",
            [id_or_reference],
            |r| {
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
                    r.get(9)?,
                    r.get(10)?,
                    r.get(11)?,
                    r.get(12)?,
                    r.get(13)?,
                ))
            },
        )
        .optional()
        .context("reading a request")?;
    let Some((
        id,
        reference,
        request_type_id,
        service_id,
        contract_id,
        subject,
        description,
        fields,
        status,
        requester,
        created_at,
        updated_at,
        version,
        rating,
    )) = row
    else {
        return Ok(None);
    };
    let mut stmt = conn
        .prepare_cached(
            "SELECT from_status, to_status, at, by_actor FROM status_history
             WHERE request_id = ?1 ORDER BY position",
        )
        .context("reading status history")?;
    let rows = stmt
        .query_map([&id], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .context("reading status history")?;
    let mut status_history = Vec::new();
    for row in rows {
        let (from, to, at, by) = row.context("reading status history")?;
        status_history.push(StatusChange {
            from: from.as_deref().map(parse_status).transpose()?,
            to: parse_status(&to)?,
            at: parse_ts(&at)?,
            by: serde_json::from_str::<Actor>(&by).map_err(StoreError::json("actor"))?,
        });
    }
    Ok(Some(Request {
        id,
        reference,
        request_type_id,
        service_id,
        contract_id,
        subject,
        description,
        fields: serde_json::from_str(&fields).map_err(StoreError::json("fields"))?,
        status: parse_status(&status)?,
        requester: serde_json::from_str(&requester).map_err(StoreError::json("requester"))?,
        created_at: parse_ts(&created_at)?,
        updated_at: parse_ts(&updated_at)?,
        version,
        status_history,
        rating: rating
            .map(|r| serde_json::from_str::<Rating>(&r))
            .transpose()
            .map_err(StoreError::json("rating"))?,
    }))
}

fn read_comments(conn: &Connection, request_id: &str) -> Result<Vec<Comment>, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT id, request_id, author, body, created_at FROM comments
             WHERE request_id = ?1 ORDER BY created_at, id",
        )
        .context("reading comments")?;
    let rows = stmt
        .query_map([request_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })
        .context("reading comments")?;
    let mut out = Vec::new();
    for row in rows {
        let (id, request_id, author, body, created_at) = row.context("reading comments")?;
        out.push(Comment {
            id,
            request_id,
            author: serde_json::from_str(&author).map_err(StoreError::json("author"))?,
            body,
            created_at: parse_ts(&created_at)?,
        });
    }
    Ok(out)
}

fn read_attachments(conn: &Connection, request_id: &str) -> Result<Vec<Attachment>, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT id, request_id, sha256, file_name, size, content_type, added_by, created_at
             FROM attachments WHERE request_id = ?1 ORDER BY created_at, id",
        )
        .context("reading attachments")?;
    let rows = stmt
        .query_map([request_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
            ))
        })
        .context("reading attachments")?;
    let mut out = Vec::new();
    for row in rows {
        let (id, request_id, sha256, file_name, size, content_type, added_by, created_at) =
            row.context("reading attachments")?;
        let sha256 = desk_core::api::Sha256Hex::parse(&sha256).map_err(|e| StoreError::Json {
            context: "attachment",
            detail: e.to_string(),
        })?;
        out.push(Attachment {
            id,
            request_id,
            sha256,
            file_name,
            size: size.max(0) as u64,
            content_type,
            added_by: serde_json::from_str(&added_by).map_err(StoreError::json("actor"))?,
            created_at: parse_ts(&created_at)?,
        });
    }
    Ok(out)
}
