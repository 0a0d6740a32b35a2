//! Opening the database file: classify problems first, then migrate.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use crate::error::{OpenError, StoreError};
use crate::migrations::{self, Migration, MIGRATIONS};

/// How long one open waits on a lock another connection holds.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Opens tried before a held lock is reported as [`OpenError::Locked`].
const OPEN_ATTEMPTS: u32 = 3;
const RETRY_PAUSE: Duration = Duration::from_millis(500);

/// File name of the database inside the app data directory.
pub const DATABASE_FILE_NAME: &str = "vraa-desk.sqlite3";

/// The open database. Cheap to share behind an `Arc`; every query takes the
/// connection for its own duration only.
pub struct Store {
    path: PathBuf,
    conn: Mutex<Connection>,
    events: tokio::sync::broadcast::Sender<crate::events::StoreEvent>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (creating if missing) the database at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Store, OpenError> {
        Self::open_with(path, MIGRATIONS)
    }

    pub(crate) fn open_with(path: &Path, migrations: &[Migration]) -> Result<Store, OpenError> {
        Self::open_waiting(path, migrations, BUSY_TIMEOUT)
    }

    /// Opens, waiting up to `busy_timeout` on each lock and trying
    /// [`OPEN_ATTEMPTS`] times: a file another process holds for a moment (the
    /// CLI writing an import) opens once it lets go; one held for longer is
    /// [`OpenError::Locked`], never taken for damage.
    pub(crate) fn open_waiting(
        path: &Path,
        migrations: &[Migration],
        busy_timeout: Duration,
    ) -> Result<Store, OpenError> {
        let mut attempt = 1;
        loop {
            match Self::open_once(path, migrations, busy_timeout) {
                Err(OpenError::Locked { detail, .. }) if attempt < OPEN_ATTEMPTS => {
                    tracing::warn!(path = %path.display(), attempt, %detail, "database locked, retrying");
                    attempt += 1;
                    std::thread::sleep(RETRY_PAUSE);
                }
                other => return other,
            }
        }
    }

    fn open_once(
        path: &Path,
        migrations: &[Migration],
        busy_timeout: Duration,
    ) -> Result<Store, OpenError> {
        let latest = migrations.last().map_or(0, |m| m.version);
        if path.exists() {
            inspect_existing(path, latest, busy_timeout)?;
        } else if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io_error(path, e))?;
        }
        let mut conn = Connection::open(path).map_err(|e| classify(path, e))?;
        // The busy timeout first: the pragmas below already need the file's locks.
        conn.busy_timeout(busy_timeout)
            .map_err(|e| classify(path, e))?;
        configure(&conn).map_err(|e| classify(path, e))?;
        migrations::run_pending(&mut conn, migrations).map_err(
            |(name, version, e)| match classify(path, e) {
                kept @ (OpenError::Corrupt { .. } | OpenError::Locked { .. }) => kept,
                other => OpenError::MigrationFailed {
                    path: path.to_owned(),
                    version,
                    name,
                    detail: other.to_string(),
                },
            },
        )?;
        tracing::info!(path = %path.display(), schema = latest, "database open");
        Ok(Store {
            path: path.to_owned(),
            conn: Mutex::new(conn),
            events: tokio::sync::broadcast::channel(crate::events::EVENT_CAPACITY).0,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, for one query or transaction. A panic while holding it
    /// cannot leave a half-applied write (SQLite rolls back an open transaction
    /// when it is dropped), so a poisoned lock is safe to reuse.
    pub(crate) fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The folder the database lives in (blobs are kept beside it).
    pub fn data_dir(&self) -> &Path {
        self.path.parent().unwrap_or_else(|| Path::new("."))
    }

    /// Change events, sent after each committed write (see [`crate::StoreEvent`]).
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<crate::events::StoreEvent> {
        self.events.subscribe()
    }

    /// Sends an event; having no subscriber is normal (the CLI has none).
    pub(crate) fn emit(&self, event: crate::events::StoreEvent) {
        let _ = self.events.send(event);
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        use crate::error::SqlContext;
        migrations::schema_version(&self.conn()).context("reading the schema version")
    }
}

/// Looks at an existing file read-only before anything writes to it, so that a
/// damaged file or one from a newer app version is reported, not modified.
fn inspect_existing(path: &Path, latest: i64, busy_timeout: Duration) -> Result<(), OpenError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify(path, e))?;
    conn.busy_timeout(busy_timeout)
        .map_err(|e| classify(path, e))?;
    // Reading the schema forces SQLite to parse the header and the first page.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(|e| classify(path, e))?;
    let found = migrations::schema_version(&conn).map_err(|e| classify(path, e))?;
    if found > latest {
        return Err(OpenError::NewerVersion {
            path: path.to_owned(),
            found,
            supported: latest,
        });
    }
    Ok(())
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    // WAL: readers never block the writer, and a crash loses no committed write.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // 16 MiB of page cache (the default is 2 MiB): the request list and its
    // search read the whole requests table, the status histories and the
    // full-text indexes on every call, and with the default cache each call
    // re-read most pages from the OS (a third of the list's time).
    conn.pragma_update(None, "cache_size", -16 * 1024)?;
    Ok(())
}

fn classify(path: &Path, error: rusqlite::Error) -> OpenError {
    let detail = error.to_string();
    match error.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => OpenError::Corrupt {
            path: path.to_owned(),
            detail,
        },
        // Busy/locked is another connection's lock, not a property of the file.
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => OpenError::Locked {
            path: path.to_owned(),
            detail,
        },
        _ => OpenError::Io {
            path: path.to_owned(),
            detail,
        },
    }
}

fn io_error(path: &Path, error: std::io::Error) -> OpenError {
    OpenError::Io {
        path: path.to_owned(),
        detail: error.to_string(),
    }
}

/// Moves a closed database file to `target` together with its `-wal` and
/// `-shm` companions, all or nothing: the WAL holds committed writes that the
/// main file does not, so a main file moved without its `-wal` (or the other
/// way round) would lose them. When one rename fails (on Windows, because
/// another handle still holds the file open) the ones already made are undone.
pub fn move_database(path: &Path, target: &Path) -> Result<(), StoreError> {
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir).map_err(StoreError::MoveAside)?;
    }
    let mut moves = vec![(path.to_owned(), target.to_owned())];
    for suffix in ["-wal", "-shm"] {
        let companion = PathBuf::from(format!("{}{suffix}", path.display()));
        if companion.exists() {
            moves.push((
                companion,
                PathBuf::from(format!("{}{suffix}", target.display())),
            ));
        }
    }
    for (done, (from, to)) in moves.iter().enumerate() {
        if let Err(error) = std::fs::rename(from, to) {
            for (back_from, back_to) in moves[..done].iter().rev() {
                if let Err(undo) = std::fs::rename(back_to, back_from) {
                    tracing::error!(file = %back_to.display(), %undo, "could not undo a database move");
                }
            }
            tracing::warn!(file = %from.display(), %error, "database not moved");
            return Err(StoreError::MoveAside(error));
        }
    }
    Ok(())
}

/// Renames a damaged database (and its WAL/SHM companions) to
/// `<name>.damaged-<UTC timestamp>` beside it, so that a fresh one can be
/// created. Nothing is deleted. Returns the new path of the main file. All
/// or nothing (see [`move_database`]).
pub fn move_aside(path: &Path) -> Result<PathBuf, StoreError> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let target = path.with_file_name(format!(
        "{}.damaged-{stamp}",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(DATABASE_FILE_NAME)
    ));
    move_database(path, &target)?;
    tracing::warn!(from = %path.display(), to = %target.display(), "damaged database moved aside");
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrations::LATEST_SCHEMA_VERSION;

    fn temp_db() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE_NAME);
        (dir, path)
    }

    #[test]
    fn a_new_database_is_created_migrated_and_in_wal_mode() {
        let (_dir, path) = temp_db();
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), LATEST_SCHEMA_VERSION);
        let conn = store.conn();
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
    }

    #[test]
    fn reopening_keeps_the_version_and_runs_nothing_twice() {
        let (_dir, path) = temp_db();
        drop(Store::open(&path).unwrap());
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), LATEST_SCHEMA_VERSION);
    }

    #[test]
    fn a_file_that_is_not_a_database_is_reported_corrupt_and_left_as_is() {
        let (_dir, path) = temp_db();
        let garbage = b"this is not sqlite, just some text that a user dropped here...".repeat(100);
        std::fs::write(&path, &garbage).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(matches!(err, OpenError::Corrupt { .. }), "{err:?}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            garbage,
            "file must be untouched"
        );
    }

    #[test]
    fn a_database_from_a_newer_version_is_refused_and_untouched() {
        let (_dir, path) = temp_db();
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 999;")
                .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).unwrap_err();
        match err {
            OpenError::NewerVersion {
                found, supported, ..
            } => {
                assert_eq!(found, 999);
                assert_eq!(supported, LATEST_SCHEMA_VERSION);
            }
            other => panic!("expected NewerVersion, got {other:?}"),
        }
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "file must be untouched"
        );
        assert!(!PathBuf::from(format!("{}-wal", path.display())).exists());
    }

    #[test]
    fn a_failed_migration_is_reported_with_its_name() {
        let (_dir, path) = temp_db();
        let broken = [
            Migration {
                version: 1,
                name: "0001_ok",
                sql: "CREATE TABLE a (x INTEGER);",
            },
            Migration {
                version: 2,
                name: "0002_broken",
                sql: "CREATE TABLE a (x INTEGER);",
            },
        ];
        let err = Store::open_with(&path, &broken).unwrap_err();
        match err {
            OpenError::MigrationFailed { version, name, .. } => {
                assert_eq!((version, name), (2, "0002_broken"));
            }
            other => panic!("expected MigrationFailed, got {other:?}"),
        }
    }

    /// Issue 11 item 6: a file another program holds with an exclusive lock is
    /// *locked*, not damaged (the app must not offer to move it aside), it is
    /// left as it is, and it opens once the other program lets go.
    #[test]
    fn a_file_held_exclusively_by_another_connection_is_locked_not_corrupt() {
        let (_dir, path) = temp_db();
        drop(Store::open(&path).unwrap());
        let holder = Connection::open(&path).unwrap();
        holder
            .execute_batch(
                "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; \
                 CREATE TABLE held (x); INSERT INTO held VALUES (1);",
            )
            .unwrap();
        let before = std::fs::read(&path).unwrap();
        let started = std::time::Instant::now();
        let err = Store::open_waiting(&path, MIGRATIONS, Duration::from_millis(200)).unwrap_err();
        assert!(matches!(err, OpenError::Locked { .. }), "{err:?}");
        assert!(
            started.elapsed() >= RETRY_PAUSE * (OPEN_ATTEMPTS - 1),
            "retried before giving up"
        );
        let message = err.to_string();
        assert!(message.contains("cita programma"), "{message}");
        assert!(message.contains("another program"), "{message}");
        assert_eq!(std::fs::read(&path).unwrap(), before, "file untouched");
        assert!(path.exists());

        holder.execute_batch("COMMIT").unwrap();
        drop(holder);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), LATEST_SCHEMA_VERSION);
    }

    #[test]
    fn moving_aside_keeps_the_old_file_and_allows_a_fresh_start() {
        let (dir, path) = temp_db();
        std::fs::write(&path, b"garbage garbage garbage").unwrap();
        std::fs::write(format!("{}-wal", path.display()), b"wal").unwrap();
        let moved = move_aside(&path).unwrap();
        assert!(!path.exists());
        assert_eq!(std::fs::read(&moved).unwrap(), b"garbage garbage garbage");
        assert!(PathBuf::from(format!("{}-wal", moved.display())).exists());
        assert!(moved.starts_with(dir.path()));
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), LATEST_SCHEMA_VERSION);
    }
}
