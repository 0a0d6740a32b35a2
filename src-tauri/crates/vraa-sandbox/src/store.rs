//! Queries of the sandbox database. Entities are kept as JSON documents of
//! the wire types plus the few columns that queries filter on; every write
//! also appends to the change feed in the same transaction.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Utc};
use desk_core::api::{
    format_reference, Actor, Attachment, AvailabilityRecord, Change, ChangeData, Comment, Contract,
    Institution, Me, Person, Request, RequestStatus, Role, StatusChange,
};
use rusqlite::{params, Connection, OptionalExtension};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::db::ts;
use crate::error::SandboxError;

/// An authenticated contact person.
#[derive(Debug, Clone)]
pub struct Caller {
    pub person_id: String,
    pub institution_id: String,
    pub person_name: String,
    pub roles: Vec<Role>,
}

/// Who a bearer token belongs to.
#[derive(Debug, Clone)]
pub enum Principal {
    Customer(Caller),
    Admin { label: String },
}

fn corrupt(context: &'static str) -> impl FnOnce(serde_json::Error) -> SandboxError {
    move |source| SandboxError::Corrupt { context, source }
}

pub fn to_json<T: Serialize>(value: &T, context: &'static str) -> Result<String, SandboxError> {
    serde_json::to_string(value).map_err(corrupt(context))
}

pub fn from_json<T: DeserializeOwned>(
    text: &str,
    context: &'static str,
) -> Result<T, SandboxError> {
    serde_json::from_str(text).map_err(corrupt(context))
}

/// All tokens by their SHA-256 ([`crate::db::token_hash`]), read once at
/// start (the sandbox creates tokens only when seeding).
pub fn load_principals(conn: &Connection) -> Result<HashMap<String, Principal>, SandboxError> {
    let mut stmt = conn
        .prepare(
            "SELECT t.token_sha256, t.admin, t.label, p.id, p.institution_id, p.body
             FROM tokens t LEFT JOIN persons p ON p.id = t.person_id",
        )
        .map_err(SandboxError::db("read tokens"))?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, bool>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })
        .map_err(SandboxError::db("read tokens"))?;
    let mut out = HashMap::new();
    for row in rows {
        let (token_sha256, admin, label, person_id, institution_id, body) =
            row.map_err(SandboxError::db("read tokens"))?;
        let principal = match (admin, person_id, institution_id, body) {
            (false, Some(person_id), Some(institution_id), Some(body)) => {
                let person: Person = from_json(&body, "person")?;
                Principal::Customer(Caller {
                    person_id,
                    institution_id,
                    person_name: person.name,
                    roles: person.roles,
                })
            }
            _ => Principal::Admin { label },
        };
        out.insert(token_sha256, principal);
    }
    Ok(out)
}

pub fn me(conn: &Connection, caller: &Caller) -> Result<Me, SandboxError> {
    let person: String = conn
        .query_row(
            "SELECT body FROM persons WHERE id = ?1",
            [&caller.person_id],
            |r| r.get(0),
        )
        .map_err(SandboxError::db("read person"))?;
    let institution: String = conn
        .query_row(
            "SELECT body FROM institutions WHERE id = ?1",
            [&caller.institution_id],
            |r| r.get(0),
        )
        .map_err(SandboxError::db("read institution"))?;
    Ok(Me {
        person: from_json(&person, "person")?,
        institution: from_json::<Institution>(&institution, "institution")?,
    })
}

pub fn contracts(conn: &Connection, institution_id: &str) -> Result<Vec<Contract>, SandboxError> {
    let mut stmt = conn
        .prepare_cached("SELECT body FROM contracts WHERE institution_id = ?1 ORDER BY id")
        .map_err(SandboxError::db("read contracts"))?;
    let rows = stmt
        .query_map([institution_id], |r| r.get::<_, String>(0))
        .map_err(SandboxError::db("read contracts"))?;
    let mut out = Vec::new();
    for row in rows {
        out.push(from_json(
            &row.map_err(SandboxError::db("read contracts"))?,
            "contract",
        )?);
    }
    Ok(out)
}

/// Next human reference of `year`, counted across all institutions as VRAA's
/// records register does.
pub fn next_reference(conn: &Connection, at: DateTime<Utc>) -> Result<String, SandboxError> {
    let year = at.year();
    let number: u32 = conn
        .query_row(
            "INSERT INTO reference_counters (year, last) VALUES (?1, 1)
             ON CONFLICT(year) DO UPDATE SET last = last + 1 RETURNING last",
            [year],
            |r| r.get(0),
        )
        .map_err(SandboxError::db("next reference"))?;
    Ok(format_reference(year, number))
}

/// Appends one change to the feed. `institution_id = None` means every
/// institution sees it (catalogue-level data such as outages).
pub fn record_change(
    conn: &Connection,
    institution_id: Option<&str>,
    at: DateTime<Utc>,
    data: &ChangeData,
) -> Result<i64, SandboxError> {
    let (entity, payload) = match data {
        ChangeData::Request(r) => ("request", to_json(r, "request")?),
        ChangeData::Comment(c) => ("comment", to_json(c, "comment")?),
        ChangeData::Attachment(a) => ("attachment", to_json(a, "attachment")?),
        ChangeData::Availability(o) => ("availability", to_json(o, "availability")?),
    };
    conn.prepare_cached(
        "INSERT INTO changes (institution_id, at, entity, data) VALUES (?1, ?2, ?3, ?4)",
    )
    .and_then(|mut s| s.execute(params![institution_id, ts(at), entity, payload]))
    .map_err(SandboxError::db("record change"))?;
    Ok(conn.last_insert_rowid())
}

pub fn insert_request(
    conn: &Connection,
    institution_id: &str,
    request: &Request,
) -> Result<(), SandboxError> {
    let body = to_json(request, "request")?;
    conn.prepare_cached(
        "INSERT INTO requests (id, reference, institution_id, status, request_type_id, service_id, subject, created_at, updated_at, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )
    .and_then(|mut s| {
        s.execute(params![
            request.id,
            request.reference,
            institution_id,
            request.status.as_str(),
            request.request_type_id,
            request.service_id,
            request.subject,
            ts(request.created_at),
            ts(request.updated_at),
            body
        ])
    })
    .map_err(SandboxError::db("insert request"))?;
    record_change(
        conn,
        Some(institution_id),
        request.updated_at,
        &ChangeData::Request(request.clone()),
    )?;
    Ok(())
}

pub fn update_request(
    conn: &Connection,
    institution_id: &str,
    request: &Request,
) -> Result<(), SandboxError> {
    let body = to_json(request, "request")?;
    conn.prepare_cached(
        "UPDATE requests SET status = ?2, updated_at = ?3, body = ?4 WHERE id = ?1",
    )
    .and_then(|mut s| {
        s.execute(params![
            request.id,
            request.status.as_str(),
            ts(request.updated_at),
            body
        ])
    })
    .map_err(SandboxError::db("update request"))?;
    record_change(
        conn,
        Some(institution_id),
        request.updated_at,
        &ChangeData::Request(request.clone()),
    )?;
    Ok(())
}

/// A request by id or reference; `institution_id = None` for admin (any
/// institution). Returns the owning institution too.
pub fn find_request(
    conn: &Connection,
    institution_id: Option<&str>,
    id_or_reference: &str,
) -> Result<Option<(String, Request)>, SandboxError> {
    let row: Option<(String, String)> = conn
        .prepare_cached(
            "SELECT institution_id, body FROM requests
             WHERE (id = ?1 OR reference = ?1) AND (?2 IS NULL OR institution_id = ?2)",
        )
        .and_then(|mut s| {
            s.query_row(params![id_or_reference, institution_id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
        })
        .map_err(SandboxError::db("find request"))?;
    match row {
        Some((inst, body)) => Ok(Some((inst, from_json(&body, "request")?))),
        None => Ok(None),
    }
}

/// Filters of `GET /v1/requests`.
#[derive(Debug, Default, Clone)]
pub struct RequestFilter {
    pub statuses: Vec<RequestStatus>,
    pub request_type_id: Option<String>,
    pub service_id: Option<String>,
    pub created_from: Option<DateTime<Utc>>,
    pub created_to: Option<DateTime<Utc>>,
    pub updated_since: Option<DateTime<Utc>>,
    pub text: Option<String>,
    /// Keyset: only requests older (in creation order) than this internal number.
    pub before_num: Option<i64>,
    pub limit: u32,
}

pub fn list_requests(
    conn: &Connection,
    institution_id: &str,
    filter: &RequestFilter,
) -> Result<(Vec<Request>, Option<i64>), SandboxError> {
    let mut sql = String::from("SELECT num, body FROM requests WHERE institution_id = ?");
    let mut args: Vec<rusqlite::types::Value> = vec![institution_id.to_owned().into()];
    if !filter.statuses.is_empty() {
        sql.push_str(" AND status IN (");
        for (i, st) in filter.statuses.iter().enumerate() {
            sql.push_str(if i == 0 { "?" } else { ",?" });
            args.push(st.as_str().to_owned().into());
        }
        sql.push(')');
    }
    let mut push = |clause: &str, value: rusqlite::types::Value| {
        sql.push_str(clause);
        args.push(value);
    };
    if let Some(t) = &filter.request_type_id {
        push(" AND request_type_id = ?", t.clone().into());
    }
    if let Some(s) = &filter.service_id {
        push(" AND service_id = ?", s.clone().into());
    }
    if let Some(f) = filter.created_from {
        push(" AND created_at >= ?", ts(f).into());
    }
    if let Some(t) = filter.created_to {
        push(" AND created_at < ?", ts(t).into());
    }
    if let Some(u) = filter.updated_since {
        push(" AND updated_at >= ?", ts(u).into());
    }
    if let Some(q) = &filter.text {
        let pattern = format!(
            "%{}%",
            q.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        push(
            " AND (subject LIKE ? ESCAPE '\\' OR reference LIKE ? ESCAPE '\\')",
            pattern.clone().into(),
        );
        args.push(pattern.into());
    }
    if let Some(n) = filter.before_num {
        sql.push_str(" AND num < ?");
        args.push(n.into());
    }
    sql.push_str(" ORDER BY num DESC LIMIT ?");
    args.push(i64::from(filter.limit + 1).into());
    let mut stmt = conn
        .prepare(&sql)
        .map_err(SandboxError::db("list requests"))?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(args), |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })
        .map_err(SandboxError::db("list requests"))?;
    let mut out = Vec::new();
    let mut last_num = None;
    let mut more = false;
    for row in rows {
        let (num, body) = row.map_err(SandboxError::db("list requests"))?;
        if out.len() as u32 == filter.limit {
            more = true;
            break;
        }
        out.push(from_json(&body, "request")?);
        last_num = Some(num);
    }
    Ok((out, if more { last_num } else { None }))
}

/// Moves `request` to `to`, recording who did it and when.
pub fn apply_transition(request: &mut Request, to: RequestStatus, by: Actor, at: DateTime<Utc>) {
    request.status_history.push(StatusChange {
        from: Some(request.status),
        to,
        at,
        by,
    });
    request.status = to;
    touch(request, at);
}

/// Moves a stored request to `to` as `by` and saves it. A non-blank
/// `comment` becomes a public comment by the same actor, written first so the
/// change feed shows the reason before the move. Staff, customers and the
/// simulated staff all move requests this way.
pub fn transition_stored(
    conn: &Connection,
    institution_id: &str,
    request: &mut Request,
    to: RequestStatus,
    by: Actor,
    comment: Option<String>,
    at: DateTime<Utc>,
) -> Result<(), SandboxError> {
    if let Some(body) = comment.filter(|c| !c.trim().is_empty()) {
        insert_comment(
            conn,
            institution_id,
            &Comment {
                id: uuid::Uuid::now_v7().to_string(),
                request_id: request.id.clone(),
                author: by.clone(),
                body,
                created_at: at,
            },
        )?;
    }
    apply_transition(request, to, by, at);
    update_request(conn, institution_id, request)
}

/// Marks a change of the request that is not a status change.
pub fn touch(request: &mut Request, at: DateTime<Utc>) {
    request.updated_at = at.max(request.updated_at);
    request.version += 1;
}

pub fn insert_comment(
    conn: &Connection,
    institution_id: &str,
    comment: &Comment,
) -> Result<(), SandboxError> {
    conn.prepare_cached(
        "INSERT INTO comments (id, request_id, created_at, body) VALUES (?1, ?2, ?3, ?4)",
    )
    .and_then(|mut s| {
        s.execute(params![
            comment.id,
            comment.request_id,
            ts(comment.created_at),
            to_json(comment, "comment")
                .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?
        ])
    })
    .map_err(SandboxError::db("insert comment"))?;
    record_change(
        conn,
        Some(institution_id),
        comment.created_at,
        &ChangeData::Comment(comment.clone()),
    )?;
    Ok(())
}

pub fn list_comments(conn: &Connection, request_id: &str) -> Result<Vec<Comment>, SandboxError> {
    json_rows(
        conn,
        "SELECT body FROM comments WHERE request_id = ?1 ORDER BY created_at, id",
        request_id,
        "comment",
    )
}

pub fn list_attachments(
    conn: &Connection,
    request_id: &str,
) -> Result<Vec<Attachment>, SandboxError> {
    json_rows(
        conn,
        "SELECT body FROM attachments WHERE request_id = ?1 ORDER BY rowid",
        request_id,
        "attachment",
    )
}

fn json_rows<T: DeserializeOwned>(
    conn: &Connection,
    sql: &str,
    arg: &str,
    context: &'static str,
) -> Result<Vec<T>, SandboxError> {
    let mut stmt = conn
        .prepare_cached(sql)
        .map_err(SandboxError::db(context))?;
    let rows = stmt
        .query_map([arg], |r| r.get::<_, String>(0))
        .map_err(SandboxError::db(context))?;
    let mut out = Vec::new();
    for row in rows {
        out.push(from_json(
            &row.map_err(SandboxError::db(context))?,
            context,
        )?);
    }
    Ok(out)
}

/// Stores uploaded content for one institution; returns whether it was new.
pub fn put_blob(
    conn: &Connection,
    institution_id: &str,
    sha256: &str,
    content_type: &str,
    content: &[u8],
) -> Result<bool, SandboxError> {
    let n = conn
        .prepare_cached(
            "INSERT INTO blobs (institution_id, sha256, content_type, size, content) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT DO NOTHING",
        )
        .and_then(|mut s| s.execute(params![institution_id, sha256, content_type, content.len() as i64, content]))
        .map_err(SandboxError::db("store upload"))?;
    Ok(n == 1)
}

/// `(content_type, size)` of an institution's upload.
pub fn blob_meta(
    conn: &Connection,
    institution_id: &str,
    sha256: &str,
) -> Result<Option<(String, u64)>, SandboxError> {
    conn.prepare_cached(
        "SELECT content_type, size FROM blobs WHERE institution_id = ?1 AND sha256 = ?2",
    )
    .and_then(|mut s| {
        s.query_row([institution_id, sha256], |r| {
            Ok((r.get(0)?, r.get::<_, i64>(1)? as u64))
        })
        .optional()
    })
    .map_err(SandboxError::db("read upload"))
}

pub fn blob_content(
    conn: &Connection,
    institution_id: &str,
    sha256: &str,
) -> Result<Option<(String, Vec<u8>)>, SandboxError> {
    conn.prepare_cached(
        "SELECT content_type, content FROM blobs WHERE institution_id = ?1 AND sha256 = ?2",
    )
    .and_then(|mut s| {
        s.query_row([institution_id, sha256], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()
    })
    .map_err(SandboxError::db("read upload"))
}

pub fn insert_attachment(
    conn: &Connection,
    institution_id: &str,
    attachment: &Attachment,
) -> Result<(), SandboxError> {
    let body = to_json(attachment, "attachment")?;
    conn.prepare_cached("INSERT INTO attachments (id, request_id, institution_id, sha256, body) VALUES (?1, ?2, ?3, ?4, ?5)")
        .and_then(|mut s| s.execute(params![attachment.id, attachment.request_id, institution_id, attachment.sha256.as_str(), body]))
        .map_err(SandboxError::db("insert attachment"))?;
    record_change(
        conn,
        Some(institution_id),
        attachment.created_at,
        &ChangeData::Attachment(attachment.clone()),
    )?;
    Ok(())
}

pub fn find_attachment(
    conn: &Connection,
    institution_id: &str,
    request_id: &str,
    attachment_id: &str,
) -> Result<Option<Attachment>, SandboxError> {
    let body: Option<String> = conn
        .prepare_cached("SELECT body FROM attachments WHERE id = ?1 AND request_id = ?2 AND institution_id = ?3")
        .and_then(|mut s| s.query_row([attachment_id, request_id, institution_id], |r| r.get(0)).optional())
        .map_err(SandboxError::db("find attachment"))?;
    body.map(|b| from_json(&b, "attachment")).transpose()
}

pub fn insert_outage(
    conn: &Connection,
    record: &AvailabilityRecord,
    at: DateTime<Utc>,
) -> Result<(), SandboxError> {
    let body = to_json(record, "availability")?;
    conn.prepare_cached("INSERT INTO outages (id, service_id, starts_at, ends_at, body) VALUES (?1, ?2, ?3, ?4, ?5)")
        .and_then(|mut s| s.execute(params![record.id, record.service_id, ts(record.starts_at), record.ends_at.map(ts), body]))
        .map_err(SandboxError::db("insert outage"))?;
    record_change(conn, None, at, &ChangeData::Availability(record.clone()))?;
    Ok(())
}

/// Outage and maintenance records overlapping `[from, to)`.
pub fn list_outages(
    conn: &Connection,
    service_id: Option<&str>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<AvailabilityRecord>, SandboxError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT body FROM outages WHERE (?1 IS NULL OR service_id = ?1)
             AND starts_at < ?3 AND (ends_at IS NULL OR ends_at > ?2) ORDER BY starts_at, id",
        )
        .map_err(SandboxError::db("list outages"))?;
    let rows = stmt
        .query_map(params![service_id, ts(from), ts(to)], |r| {
            r.get::<_, String>(0)
        })
        .map_err(SandboxError::db("list outages"))?;
    let mut out = Vec::new();
    for row in rows {
        out.push(from_json(
            &row.map_err(SandboxError::db("list outages"))?,
            "availability",
        )?);
    }
    Ok(out)
}

/// Up to `limit` changes after `after` that `institution_id` may see.
pub fn changes_after(
    conn: &Connection,
    institution_id: &str,
    after: i64,
    limit: u32,
) -> Result<Vec<Change>, SandboxError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT seq, at, entity, data FROM changes
             WHERE seq > ?1 AND (institution_id = ?2 OR institution_id IS NULL)
             ORDER BY seq LIMIT ?3",
        )
        .map_err(SandboxError::db("read changes"))?;
    let mut rows = stmt
        .query(params![after, institution_id, limit])
        .map_err(SandboxError::db("read changes"))?;
    let mut out = Vec::with_capacity(limit as usize);
    while let Some(row) = rows.next().map_err(SandboxError::db("read changes"))? {
        let seq: i64 = row.get(0).map_err(SandboxError::db("read changes"))?;
        let at: String = row.get(1).map_err(SandboxError::db("read changes"))?;
        let entity: String = row.get(2).map_err(SandboxError::db("read changes"))?;
        let data = row.get_ref(3).map_err(SandboxError::db("read changes"))?;
        let data = data.as_str().map_err(|e| SandboxError::Database {
            context: "read changes",
            source: e.into(),
        })?;
        let data = match entity.as_str() {
            "request" => ChangeData::Request(from_json(data, "request change")?),
            "comment" => ChangeData::Comment(from_json(data, "comment change")?),
            "attachment" => ChangeData::Attachment(from_json(data, "attachment change")?),
            _ => ChangeData::Availability(from_json(data, "availability change")?),
        };
        let at = DateTime::parse_from_rfc3339(&at)
            .map(|d| d.with_timezone(&Utc))
            .map_err(|e| SandboxError::Task(format!("bad change time {at}: {e}")))?;
        out.push(Change { seq, at, data });
    }
    Ok(out)
}

/// A stored idempotent result: `(fingerprint, status, response)`, if it is
/// younger than `lifetime`. Results past their lifetime are deleted first
/// (all of them, not just this key's), so that the table stays bounded and an
/// expired key can be used again.
pub fn idempotent_result(
    conn: &Connection,
    scope: &str,
    key: &str,
    lifetime: std::time::Duration,
) -> Result<Option<(String, u16, String)>, SandboxError> {
    let lifetime = chrono::Duration::from_std(lifetime).unwrap_or(chrono::Duration::MAX);
    let cutoff = crate::db::now()
        .checked_sub_signed(lifetime)
        .unwrap_or(DateTime::<Utc>::MIN_UTC);
    conn.prepare_cached("DELETE FROM idempotency WHERE created_at < ?1")
        .and_then(|mut s| s.execute([ts(cutoff)]))
        .map_err(SandboxError::db("expire idempotency keys"))?;
    conn.prepare_cached(
        "SELECT fingerprint, status, response FROM idempotency WHERE scope = ?1 AND key = ?2",
    )
    .and_then(|mut s| {
        s.query_row([scope, key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()
    })
    .map_err(SandboxError::db("read idempotency key"))
}

pub fn store_idempotent_result(
    conn: &Connection,
    scope: &str,
    key: &str,
    fingerprint: &str,
    status: u16,
    response: &str,
    at: DateTime<Utc>,
) -> Result<(), SandboxError> {
    conn.prepare_cached(
        "INSERT INTO idempotency (scope, key, fingerprint, status, response, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .and_then(|mut s| s.execute(params![scope, key, fingerprint, status, response, ts(at)]))
    .map_err(SandboxError::db("store idempotency key"))?;
    Ok(())
}

pub fn person_actor(caller: &Caller) -> Actor {
    Actor {
        kind: desk_core::api::ActorKind::Customer,
        name: caller.person_name.clone(),
    }
}
