//! The sandbox's own SQLite database: schema and a serialised connection.
//!
//! One connection behind a mutex: SQLite serialises writers anyway, and doing
//! it in-process means a change's feed sequence number (assigned inside the
//! writing transaction) becomes visible only together with every smaller one.
//! That is what makes `GET /v1/changes` skip-free under concurrent writes.

use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::Connection;

use crate::error::SandboxError;

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS institutions (
    id TEXT PRIMARY KEY, body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS persons (
    id TEXT PRIMARY KEY,
    institution_id TEXT NOT NULL REFERENCES institutions(id),
    body TEXT NOT NULL
);
-- Bearer tokens are stored as the lower-case hex SHA-256 of the token, never
-- as the token itself: a copy of this file does not hand out anyone's access.
CREATE TABLE IF NOT EXISTS tokens (
    token_sha256 TEXT PRIMARY KEY,
    person_id TEXT REFERENCES persons(id),
    admin INTEGER NOT NULL DEFAULT 0,
    label TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS contracts (
    id TEXT PRIMARY KEY,
    institution_id TEXT NOT NULL REFERENCES institutions(id),
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS contracts_by_institution ON contracts(institution_id);
CREATE TABLE IF NOT EXISTS reference_counters (year INTEGER PRIMARY KEY, last INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS requests (
    num INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    reference TEXT NOT NULL UNIQUE,
    institution_id TEXT NOT NULL,
    status TEXT NOT NULL,
    request_type_id TEXT NOT NULL,
    service_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS requests_by_institution ON requests(institution_id, num);
CREATE INDEX IF NOT EXISTS requests_open ON requests(status, updated_at);
CREATE TABLE IF NOT EXISTS comments (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES requests(id),
    created_at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS comments_by_request ON comments(request_id, created_at);
CREATE TABLE IF NOT EXISTS blobs (
    institution_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    content BLOB NOT NULL,
    PRIMARY KEY (institution_id, sha256)
);
CREATE TABLE IF NOT EXISTS attachments (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES requests(id),
    institution_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attachments_by_request ON attachments(request_id);
CREATE TABLE IF NOT EXISTS outages (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS outages_by_service ON outages(service_id, starts_at);
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    institution_id TEXT,
    at TEXT NOT NULL,
    entity TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS changes_by_institution ON changes(institution_id, seq);
CREATE TABLE IF NOT EXISTS idempotency (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL,
    response TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX IF NOT EXISTS idempotency_by_age ON idempotency(created_at);
"#;

/// The SHA-256 (lower-case hex) under which a bearer token is stored and looked up.
pub fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A database written by an older sandbox keeps tokens in plain text
/// (`tokens.token`): they are replaced by their hashes, in one transaction.
fn hash_plaintext_tokens(conn: &Connection) -> Result<(), SandboxError> {
    let has_plain: bool = conn
        .query_row(
            "SELECT count(*) FROM pragma_table_info('tokens') WHERE name = 'token'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map_err(SandboxError::db("hash stored tokens"))?
        > 0;
    if !has_plain {
        return Ok(());
    }
    let tx = conn
        .unchecked_transaction()
        .map_err(SandboxError::db("hash stored tokens"))?;
    let plain: Vec<String> = {
        let mut stmt = tx
            .prepare("SELECT token FROM tokens")
            .map_err(SandboxError::db("hash stored tokens"))?;
        let rows = stmt
            .query_map([], |r| r.get(0))
            .map_err(SandboxError::db("hash stored tokens"))?;
        rows.collect::<Result<_, _>>()
            .map_err(SandboxError::db("hash stored tokens"))?
    };
    tx.execute_batch("ALTER TABLE tokens RENAME COLUMN token TO token_sha256")
        .map_err(SandboxError::db("hash stored tokens"))?;
    for token in plain {
        tx.execute(
            "UPDATE tokens SET token_sha256 = ?1 WHERE token_sha256 = ?2",
            [token_hash(&token), token],
        )
        .map_err(SandboxError::db("hash stored tokens"))?;
    }
    tx.commit()
        .map_err(SandboxError::db("hash stored tokens"))?;
    Ok(())
}

/// Shared handle to the sandbox database.
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
}

impl Db {
    /// Opens (or creates) the database at `path`; `None` means in memory.
    pub fn open(path: Option<&Path>) -> Result<Db, SandboxError> {
        let conn = match path {
            Some(p) => Connection::open(p),
            None => Connection::open_in_memory(),
        }
        .map_err(SandboxError::db("open database"))?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
        )
        .map_err(SandboxError::db("set pragmas"))?;
        hash_plaintext_tokens(&conn)?;
        conn.execute_batch(SCHEMA)
            .map_err(SandboxError::db("create schema"))?;
        Ok(Db {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` with the connection on the blocking pool.
    pub async fn call<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<SandboxError> + Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, E> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            let mut guard = conn
                .lock()
                .map_err(|_| E::from(SandboxError::Task("database lock poisoned".into())))?;
            f(&mut guard)
        })
        .await
        .map_err(|e| E::from(SandboxError::Task(e.to_string())))?
    }

    /// Runs `f` with the connection on the current thread (seeding, CLI).
    pub fn with_blocking<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, SandboxError>,
    ) -> Result<T, SandboxError> {
        let mut guard = self
            .conn
            .lock()
            .map_err(|_| SandboxError::Task("database lock poisoned".into()))?;
        f(&mut guard)
    }
}

/// Timestamps are stored as fixed-width RFC 3339 UTC text so that text order
/// is time order.
pub fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The current time truncated to milliseconds (what the database keeps).
pub fn now() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_with_tokens_in_clear_gets_them_hashed() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("old.sqlite3");
        {
            let conn = Connection::open(&path).expect("open");
            conn.execute_batch(
                "CREATE TABLE tokens (token TEXT PRIMARY KEY, person_id TEXT, admin INTEGER NOT NULL DEFAULT 0, label TEXT NOT NULL);
                 INSERT INTO tokens (token, admin, label) VALUES ('old-secret', 1, 'admin');",
            )
            .expect("old schema");
        }
        let db = Db::open(Some(&path)).expect("opens");
        let stored: String = db
            .with_blocking(|c| {
                c.query_row("SELECT token_sha256 FROM tokens", [], |r| r.get(0))
                    .map_err(SandboxError::db("read"))
            })
            .expect("row");
        assert_eq!(stored, token_hash("old-secret"));
    }
}
