//! What the e-mail face keeps in the sandbox's own database, next to the
//! requests it filed: the mail thread of each request, every Message-ID it
//! handled or sent, its outbox, and where it stands in the mailbox and in the
//! change feed. Kept there (not in memory) so that a restart reading the
//! mailbox again files nothing twice and answers nothing twice.

use desk_core::api::{ChangeData, RequestStatus};
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::SandboxError;
use crate::store::from_json;

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS mail_face_threads (
    request_id TEXT PRIMARY KEY,
    institution_id TEXT NOT NULL,
    reference TEXT NOT NULL,
    local_id TEXT,
    subject TEXT NOT NULL,
    address TEXT NOT NULL,
    last_status TEXT NOT NULL,
    chain TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mail_face_threads_by_local_id ON mail_face_threads(local_id);
CREATE INDEX IF NOT EXISTS mail_face_threads_by_reference ON mail_face_threads(reference);
CREATE TABLE IF NOT EXISTS mail_face_messages (
    message_id TEXT PRIMARY KEY,
    request_id TEXT,
    direction TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS mail_face_outbox (
    message_id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    recipient TEXT NOT NULL,
    bytes BLOB NOT NULL,
    sent INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS mail_face_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"#;

/// The mail thread of a request filed from mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thread {
    pub request_id: String,
    pub institution_id: String,
    /// VRAA's (the sandbox's) reference.
    pub reference: String,
    /// The app's `VD-…` tag, when the request mail had one.
    pub local_id: Option<String>,
    /// The request mail's subject, as sent.
    pub subject: String,
    /// Who sent the request: VRAA's answers go there.
    pub address: String,
    /// The status the face last saw, to tell a move from other changes.
    pub last_status: RequestStatus,
    /// Every Message-ID of the thread, oldest first (the request's own first).
    pub chain: Vec<String>,
}

fn db(context: &'static str) -> impl FnOnce(rusqlite::Error) -> SandboxError {
    SandboxError::db(context)
}

pub fn init(conn: &Connection) -> Result<(), SandboxError> {
    conn.execute_batch(SCHEMA).map_err(db("mail face schema"))
}

pub fn get_state(conn: &Connection, key: &str) -> Result<Option<String>, SandboxError> {
    conn.query_row(
        "SELECT value FROM mail_face_state WHERE key = ?1",
        [key],
        |r| r.get(0),
    )
    .optional()
    .map_err(db("mail face state"))
}

pub fn set_state(conn: &Connection, key: &str, value: &str) -> Result<(), SandboxError> {
    conn.execute(
        "INSERT INTO mail_face_state (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )
    .map_err(db("mail face state"))?;
    Ok(())
}

/// Whether the face already handled (or sent) a message with this id.
pub fn known_message(conn: &Connection, message_id: &str) -> Result<bool, SandboxError> {
    conn.query_row(
        "SELECT 1 FROM mail_face_messages WHERE message_id = ?1",
        [message_id],
        |_| Ok(()),
    )
    .optional()
    .map(|r| r.is_some())
    .map_err(db("mail face messages"))
}

/// Remembers a message; `request_id` is `None` for mail that was looked at
/// and left alone.
pub fn record_message(
    conn: &Connection,
    message_id: &str,
    request_id: Option<&str>,
    direction: &str,
) -> Result<(), SandboxError> {
    conn.execute(
        "INSERT OR IGNORE INTO mail_face_messages (message_id, request_id, direction) VALUES (?1, ?2, ?3)",
        params![message_id, request_id, direction],
    )
    .map_err(db("mail face messages"))?;
    Ok(())
}

/// A thread row with its status and chain still as stored.
type RawThread = (Thread, String, String);

fn thread_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawThread> {
    Ok((
        Thread {
            request_id: r.get(0)?,
            institution_id: r.get(1)?,
            reference: r.get(2)?,
            local_id: r.get(3)?,
            subject: r.get(4)?,
            address: r.get(5)?,
            last_status: RequestStatus::Submitted,
            chain: Vec::new(),
        },
        r.get(6)?,
        r.get(7)?,
    ))
}

const THREAD_COLUMNS: &str =
    "request_id, institution_id, reference, local_id, subject, address, last_status, chain";

fn finish(row: Option<RawThread>) -> Result<Option<Thread>, SandboxError> {
    let Some((mut thread, status, chain)) = row else {
        return Ok(None);
    };
    thread.last_status = RequestStatus::parse(&status).unwrap_or(RequestStatus::Submitted);
    thread.chain = from_json(&chain, "mail face thread")?;
    Ok(Some(thread))
}

/// The thread of a request, by its id.
pub fn thread(conn: &Connection, request_id: &str) -> Result<Option<Thread>, SandboxError> {
    let row = conn
        .query_row(
            &format!("SELECT {THREAD_COLUMNS} FROM mail_face_threads WHERE request_id = ?1"),
            [request_id],
            thread_row,
        )
        .optional()
        .map_err(db("mail face thread"))?;
    finish(row)
}

/// The thread a message answers: by In-Reply-To/References (`keys`, the most
/// specific first), by the app's `[VD-…]` tag, or by VRAA's reference.
pub fn find_thread(
    conn: &Connection,
    keys: &[String],
    local_id: Option<&str>,
    reference: Option<&str>,
) -> Result<Option<Thread>, SandboxError> {
    for key in keys {
        let request: Option<Option<String>> = conn
            .query_row(
                "SELECT request_id FROM mail_face_messages WHERE message_id = ?1",
                [key],
                |r| r.get(0),
            )
            .optional()
            .map_err(db("mail face messages"))?;
        if let Some(Some(request_id)) = request {
            if let Some(found) = thread(conn, &request_id)? {
                return Ok(Some(found));
            }
        }
    }
    for (column, value) in [("local_id", local_id), ("reference", reference)] {
        let Some(value) = value else { continue };
        let row = conn
            .query_row(
                &format!("SELECT {THREAD_COLUMNS} FROM mail_face_threads WHERE {column} = ?1"),
                [value],
                thread_row,
            )
            .optional()
            .map_err(db("mail face thread"))?;
        if let Some(found) = finish(row)? {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

pub fn save_thread(conn: &Connection, thread: &Thread) -> Result<(), SandboxError> {
    let chain = crate::store::to_json(&thread.chain, "mail face thread")?;
    conn.execute(
        "INSERT INTO mail_face_threads (request_id, institution_id, reference, local_id, subject, address, last_status, chain)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(request_id) DO UPDATE SET last_status = excluded.last_status, chain = excluded.chain",
        params![
            thread.request_id,
            thread.institution_id,
            thread.reference,
            thread.local_id,
            thread.subject,
            thread.address,
            thread.last_status.as_str(),
            chain
        ],
    )
    .map_err(db("mail face thread"))?;
    Ok(())
}

/// Queues a message for SMTP; a message already queued (same Message-ID)
/// stays as it is.
pub fn queue(
    conn: &Connection,
    message_id: &str,
    recipient: &str,
    bytes: &[u8],
) -> Result<(), SandboxError> {
    let seq: i64 = conn
        .query_row(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM mail_face_outbox",
            [],
            |r| r.get(0),
        )
        .map_err(db("mail face outbox"))?;
    conn.execute(
        "INSERT OR IGNORE INTO mail_face_outbox (message_id, seq, recipient, bytes) VALUES (?1, ?2, ?3, ?4)",
        params![message_id, seq, recipient, bytes],
    )
    .map_err(db("mail face outbox"))?;
    Ok(())
}

/// A message waiting for SMTP.
#[derive(Debug, Clone)]
pub struct Queued {
    pub message_id: String,
    pub recipient: String,
    pub bytes: Vec<u8>,
}

pub fn unsent(conn: &Connection) -> Result<Vec<Queued>, SandboxError> {
    let mut stmt = conn
        .prepare("SELECT message_id, recipient, bytes FROM mail_face_outbox WHERE sent = 0 ORDER BY seq LIMIT 100")
        .map_err(db("mail face outbox"))?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Queued {
                message_id: r.get(0)?,
                recipient: r.get(1)?,
                bytes: r.get(2)?,
            })
        })
        .map_err(db("mail face outbox"))?;
    rows.collect::<Result<_, _>>()
        .map_err(db("mail face outbox"))
}

pub fn mark_sent(conn: &Connection, message_id: &str) -> Result<(), SandboxError> {
    conn.execute(
        "UPDATE mail_face_outbox SET sent = 1 WHERE message_id = ?1",
        [message_id],
    )
    .map_err(db("mail face outbox"))?;
    Ok(())
}

/// The last sequence number of the change feed (where a new face starts: it
/// answers what happens from now on, not the demo's history).
pub fn last_change(conn: &Connection) -> Result<i64, SandboxError> {
    conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM changes", [], |r| {
        r.get(0)
    })
    .map_err(db("mail face changes"))
}

/// Up to `limit` changes of requests and comments after `after`, of every
/// institution (VRAA's side sees them all).
pub fn changes_after(
    conn: &Connection,
    after: i64,
    limit: u32,
) -> Result<Vec<(i64, ChangeData)>, SandboxError> {
    let mut stmt = conn
        .prepare(
            "SELECT seq, entity, data FROM changes WHERE seq > ?1 AND entity IN ('request', 'comment')
             ORDER BY seq LIMIT ?2",
        )
        .map_err(db("mail face changes"))?;
    let rows = stmt
        .query_map(params![after, limit], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .map_err(db("mail face changes"))?;
    let mut out = Vec::new();
    for row in rows {
        let (seq, entity, data) = row.map_err(db("mail face changes"))?;
        let data = if entity == "request" {
            ChangeData::Request(from_json(&data, "request change")?)
        } else {
            ChangeData::Comment(from_json(&data, "comment change")?)
        };
        out.push((seq, data));
    }
    Ok(out)
}

/// The person (id, institution, e-mail) behind each stored token hash.
pub fn persons(conn: &Connection) -> Result<Vec<(String, String, String, String)>, SandboxError> {
    let mut stmt = conn
        .prepare(
            "SELECT t.token_sha256, p.id, p.institution_id, p.body FROM tokens t
             JOIN persons p ON p.id = t.person_id WHERE t.admin = 0",
        )
        .map_err(db("mail face persons"))?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })
        .map_err(db("mail face persons"))?;
    let mut out = Vec::new();
    for row in rows {
        let (hash, id, institution, body) = row.map_err(db("mail face persons"))?;
        let person: desk_core::api::Person = from_json(&body, "person")?;
        out.push((hash, id, institution, person.email));
    }
    Ok(out)
}
