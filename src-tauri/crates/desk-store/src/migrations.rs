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
    Migration {
        version: 4,
        name: "0004_list_unread_saved_filters",
        sql: include_str!("../migrations/0004_list_unread_saved_filters.sql"),
    },
    Migration {
        version: 5,
        name: "0005_submitted_drafts_vraa_clock",
        sql: include_str!("../migrations/0005_submitted_drafts_vraa_clock.sql"),
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
    fn a_v3_database_with_data_is_migrated_to_unread_markers_and_file_drafts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v3.sqlite3");
        {
            let mut conn = Connection::open(&path).unwrap();
            run_pending(&mut conn, &MIGRATIONS[..3]).unwrap();
            assert_eq!(schema_version(&conn).unwrap(), 3);
            let customer = r#"{"kind":"customer","name":"Jānis"}"#;
            let staff = r#"{"kind":"staff","name":"VRAA"}"#;
            let system = r#"{"kind":"system","name":"VRAA sistēma"}"#;
            let insert_request = |id: &str| {
                conn.execute(
                    "INSERT INTO requests (id, reference, request_type_id, service_id, subject, description,
                        fields, status, requester, created_at, updated_at, version)
                     VALUES (?1, 'VRAA-' || ?1, 't', 's', 'Temats', '', '{}', 'registered', ?2,
                        '2026-01-01T08:00:00.000Z', '2026-01-05T08:00:00.000Z', 1)",
                    rusqlite::params![id, customer],
                )
                .unwrap();
            };
            for id in ["staff", "customer_only", "comment", "attachment"] {
                insert_request(id);
            }
            conn.execute_batch(&format!(
                "INSERT INTO status_history VALUES
                    ('staff', 0, NULL, 'submitted', '2026-01-01T08:00:00.000Z', '{customer}'),
                    ('staff', 1, 'submitted', 'registered', '2026-01-02T08:00:00.000Z', '{system}'),
                    ('customer_only', 0, NULL, 'submitted', '2026-01-01T08:00:00.000Z', '{customer}'),
                    ('comment', 0, NULL, 'submitted', '2026-01-01T08:00:00.000Z', '{customer}'),
                    ('comment', 1, 'submitted', 'registered', '2026-01-02T08:00:00.000Z', '{staff}');
                 INSERT INTO comments (id, request_id, author, body, created_at) VALUES
                    ('c1', 'comment', '{staff}', 'Atbilde', '2026-01-03T08:00:00.000Z'),
                    ('c2', 'comment', '{customer}', 'Paldies', '2026-01-09T08:00:00.000Z'),
                    ('c3', 'customer_only', '{customer}', 'Jautājums', '2026-01-04T08:00:00.000Z');
                 INSERT INTO attachments VALUES
                    ('a1', 'attachment', 'ff', 'atbilde.pdf', 3, 'application/pdf', '{staff}',
                     '2026-01-06T08:00:00.000Z');
                 INSERT INTO drafts VALUES ('d1', 't', 'Melnraksts', '', '{{}}',
                    '2026-01-01T08:00:00.000Z', '2026-01-01T08:00:00.000Z');
                 UPDATE sync_state SET last_success_at = '2026-01-04T00:00:00.000Z';"
            ))
            .unwrap();
        }
        let store = crate::Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), LATEST_SCHEMA_VERSION);
        let activity: Vec<(String, Option<String>)> = {
            let conn = store.conn();
            let mut stmt = conn
                .prepare("SELECT id, staff_activity_at FROM requests ORDER BY id")
                .unwrap();
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
            rows.collect::<Result<_, _>>().unwrap()
        };
        let at = |s: &str| Some(format!("2026-01-{s}T08:00:00.000Z"));
        assert_eq!(
            activity,
            [
                ("attachment".to_string(), at("06")),
                ("comment".to_string(), at("03")),
                ("customer_only".to_string(), None),
                ("staff".to_string(), at("02")),
            ]
        );
        // The earlier successful sync is the baseline: only what VRAA did
        // after it (the attachment of 6 January) is unread.
        assert_eq!(store.unread_count().unwrap(), 1);
        let unread: Vec<String> = store
            .list_request_rows(&crate::RequestQuery::default())
            .unwrap()
            .into_iter()
            .filter(|r| r.unread)
            .map(|r| r.id)
            .collect();
        assert_eq!(unread, ["attachment"]);
        // The old draft has no files; everything else is as it was.
        let draft = store.draft("d1").unwrap().unwrap();
        assert!(draft.attachments.is_empty());
        assert_eq!(draft.subject, "Melnraksts");
        assert_eq!(store.request_count().unwrap(), 4);
        assert!(store.saved_filters().unwrap().is_empty());
    }

    #[test]
    fn a_v3_database_that_never_synced_has_no_baseline_yet() {
        let mut conn = Connection::open_in_memory().unwrap();
        run_pending(&mut conn, &MIGRATIONS[..3]).unwrap();
        run_pending(&mut conn, MIGRATIONS).unwrap();
        let baseline: Option<String> = conn
            .query_row("SELECT unread_baseline FROM sync_state", [], |r| r.get(0))
            .unwrap();
        assert_eq!(baseline, None);
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
