//! Ordered schema migrations, embedded from `migrations/*.sql`.
//!
//! The schema version is SQLite's `user_version`. Each migration runs in its own
//! transaction together with the version bump, so a failure leaves the file at
//! the last good version.

use rusqlite::Connection;

pub(crate) struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

/// All migrations, in order. Append only: never edit a released one.
pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_settings",
        sql: include_str!("../migrations/0001_settings.sql"),
    },
    Migration {
        version: 2,
        name: "0002_sync",
        sql: include_str!("../migrations/0002_sync.sql"),
    },
    Migration {
        version: 3,
        name: "0003_comment_search_by_request",
        sql: include_str!("../migrations/0003_comment_search_by_request.sql"),
    },
];

/// The schema version this build creates and understands.
pub const LATEST_SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].version;

pub(crate) fn schema_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
}

/// Runs every migration above the file's current version.
/// Returns the failing migration and the SQLite error on failure.
pub(crate) fn run_pending(
    conn: &mut Connection,
    migrations: &[Migration],
) -> Result<(), (&'static str, i64, rusqlite::Error)> {
    let current = schema_version(conn).map_err(|e| ("user_version", 0, e))?;
    for migration in migrations.iter().filter(|m| m.version > current) {
        let fail = |e| (migration.name, migration.version, e);
        let tx = conn.transaction().map_err(fail)?;
        tx.execute_batch(migration.sql).map_err(fail)?;
        // PRAGMA takes no bound parameters; the version is our own integer.
        tx.execute_batch(&format!("PRAGMA user_version = {}", migration.version))
            .map_err(fail)?;
        tx.commit().map_err(fail)?;
        tracing::info!(
            version = migration.version,
            name = migration.name,
            "migration applied"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_strictly_increasing() {
        for pair in MIGRATIONS.windows(2) {
            assert!(pair[0].version < pair[1].version);
        }
        assert_eq!(MIGRATIONS[0].version, 1);
    }

    #[test]
    fn comments_indexed_before_0003_stay_searchable_after_it() {
        let mut conn = Connection::open_in_memory().unwrap();
        run_pending(&mut conn, &MIGRATIONS[..2]).unwrap();
        conn.execute_batch(
            "INSERT INTO requests (id, reference, request_type_id, service_id, subject, description,
                fields, status, requester, created_at, updated_at, version)
             VALUES ('r1', 'VRAA-2026-000001', 't', 's', 'Temats', '', '{}', 'submitted', '{}', 'x', 'x', 1);
             INSERT INTO comments (id, request_id, author, body, created_at)
             VALUES ('c1', 'r1', '{}', 'Ķemeru žurnāls', 'x');",
        )
        .unwrap();
        run_pending(&mut conn, MIGRATIONS).unwrap();
        let request_rowid: i64 = conn
            .query_row("SELECT rowid FROM requests WHERE id = 'r1'", [], |r| {
                r.get(0)
            })
            .unwrap();
        let found: i64 = conn
            .query_row(
                "SELECT rowid >> 32 FROM comments_fts WHERE comments_fts MATCH 'kemeru'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(found, request_rowid);
    }

    #[test]
    fn a_failing_migration_rolls_back_and_keeps_the_old_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        let broken = [
            Migration {
                version: 1,
                name: "ok",
                sql: "CREATE TABLE a (x INTEGER);",
            },
            Migration {
                version: 2,
                name: "broken",
                sql: "CREATE TABLE b (y INTEGER); SELEC nonsense;",
            },
        ];
        let (name, version, _) = run_pending(&mut conn, &broken).unwrap_err();
        assert_eq!((name, version), ("broken", 2));
        assert_eq!(schema_version(&conn).unwrap(), 1);
        let b_exists: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'b'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            b_exists, 0,
            "the failed migration's table must be rolled back"
        );
    }
}
