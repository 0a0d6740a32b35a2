//! What the running app holds: paths, the database (or why it could not be
//! opened), and the start-up clock.

use std::sync::{Arc, RwLock};
use std::time::{Instant, SystemTime};

use desk_store::{OpenError, Store};
use serde::Serialize;
use specta::Type;
use tracing_appender::non_blocking::WorkerGuard;

use crate::paths::AppPaths;

/// When the process started, for the start-to-ready measurement.
#[derive(Debug, Clone, Copy)]
pub struct StartInstant {
    pub instant: Instant,
    pub wall: SystemTime,
}

impl StartInstant {
    pub fn now() -> Self {
        Self {
            instant: Instant::now(),
            wall: SystemTime::now(),
        }
    }
}

/// Kind of database problem shown in the error window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum DatabaseProblemKind {
    Corrupt,
    MigrationFailed,
    NewerVersion,
    /// Another program holds the file; it is not damaged and is never moved aside.
    Locked,
    Io,
}

impl DatabaseProblemKind {
    /// Moving the file aside is offered only for a file that is really
    /// unusable as it is, never for one that is locked or cannot be read.
    pub fn offers_reset(self) -> bool {
        matches!(
            self,
            Self::Corrupt | Self::MigrationFailed | Self::NewerVersion
        )
    }
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseProblem {
    pub kind: DatabaseProblemKind,
    pub path: String,
    pub detail: String,
}

impl From<&OpenError> for DatabaseProblem {
    fn from(error: &OpenError) -> Self {
        let kind = match error {
            OpenError::Corrupt { .. } => DatabaseProblemKind::Corrupt,
            OpenError::MigrationFailed { .. } => DatabaseProblemKind::MigrationFailed,
            OpenError::NewerVersion { .. } => DatabaseProblemKind::NewerVersion,
            OpenError::Locked { .. } => DatabaseProblemKind::Locked,
            OpenError::Io { .. } => DatabaseProblemKind::Io,
        };
        Self {
            kind,
            path: error.path().display().to_string(),
            detail: error.to_string(),
        }
    }
}

pub struct AppState {
    pub paths: AppPaths,
    pub started: StartInstant,
    /// The Latvian calendar the SLA clocks and availability figures count with.
    pub calendar: desk_core::calendar::Calendar,
    /// The user's real database (or why it could not be opened).
    database: RwLock<Result<Arc<Store>, DatabaseProblem>>,
    /// The demo's own database while the user tries the demo.
    demo_store: RwLock<Option<Arc<Store>>>,
    /// The in-process sandbox of the demo; a tokio mutex because starting and
    /// stopping it awaits.
    pub demo: tokio::sync::Mutex<Option<desk_app::demo::DemoSession>>,
    /// Who VRAA says the token belongs to, once asked.
    pub me: std::sync::Mutex<Option<desk_core::api::Me>>,
    /// What the notifications compare against.
    pub watcher: std::sync::Mutex<desk_app::notify::Watcher>,
    /// The background sync engine, running while the database is open.
    sync: std::sync::Mutex<Option<desk_sync::SyncHandle>>,
    ui_ready_logged: std::sync::atomic::AtomicBool,
    _log_guard: Option<WorkerGuard>,
}

impl AppState {
    pub fn new(paths: AppPaths, started: StartInstant, log_guard: Option<WorkerGuard>) -> Self {
        let database = open_database(&paths);
        Self {
            paths,
            started,
            calendar: desk_core::calendar::Calendar::embedded(),
            database: RwLock::new(database),
            demo_store: RwLock::new(None),
            demo: tokio::sync::Mutex::new(None),
            me: std::sync::Mutex::new(None),
            watcher: std::sync::Mutex::new(desk_app::notify::Watcher::default()),
            sync: std::sync::Mutex::new(None),
            ui_ready_logged: std::sync::atomic::AtomicBool::new(false),
            _log_guard: log_guard,
        }
    }

    /// The store the app works with: the demo's while the demo runs, else the
    /// user's own (or the problem that keeps it closed).
    pub fn database(&self) -> Result<Arc<Store>, DatabaseProblem> {
        if let Some(demo) = self.demo_store() {
            return Ok(demo);
        }
        self.real_database()
    }

    /// The user's own database, whatever mode the app is in.
    pub fn real_database(&self) -> Result<Arc<Store>, DatabaseProblem> {
        self.database
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    pub fn demo_store(&self) -> Option<Arc<Store>> {
        self.demo_store
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    pub fn set_demo_store(&self, store: Option<Arc<Store>>) {
        *self
            .demo_store
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = store;
    }

    /// Takes the running sync engine out (to stop it before a switch).
    pub fn take_sync(&self) -> Option<desk_sync::SyncHandle> {
        self.sync.lock().unwrap_or_else(|p| p.into_inner()).take()
    }

    /// Moves the current (damaged) file aside and opens a fresh database.
    /// Returns where the old file now is.
    pub fn reset_database(&self) -> Result<std::path::PathBuf, desk_store::StoreError> {
        let mut slot = self
            .database
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // Close our handle first so that the rename also works on Windows.
        *slot = Err(DatabaseProblem {
            kind: DatabaseProblemKind::Io,
            path: self.paths.database.display().to_string(),
            detail: "reset in progress".into(),
        });
        let moved_to = desk_store::move_aside(&self.paths.database)?;
        *slot = open_database(&self.paths);
        Ok(moved_to)
    }

    /// Keeps the running sync engine.
    pub fn set_sync(&self, handle: desk_sync::SyncHandle) {
        *self.sync.lock().unwrap_or_else(|p| p.into_inner()) = Some(handle);
    }

    /// The current sync status, if the engine runs.
    pub fn sync_status(&self) -> Option<desk_sync::SyncStatus> {
        self.sync
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map(|h| h.current())
    }

    /// Asks the engine for a run now; false when it does not run.
    pub fn trigger_sync(&self) -> bool {
        match self.sync.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
            Some(handle) => {
                handle.trigger();
                true
            }
            None => false,
        }
    }

    /// True the first time only: the UI may report ready again after a reload.
    pub fn mark_ui_ready(&self) -> bool {
        !self
            .ui_ready_logged
            .swap(true, std::sync::atomic::Ordering::SeqCst)
    }
}

fn open_database(paths: &AppPaths) -> Result<Arc<Store>, DatabaseProblem> {
    Store::open(&paths.database).map(Arc::new).map_err(|error| {
        tracing::error!(%error, "database could not be opened");
        DatabaseProblem::from(&error)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(dir: &std::path::Path) -> AppPaths {
        AppPaths {
            data_dir: dir.to_owned(),
            log_dir: dir.join("logs"),
            database: dir.join(desk_store::DATABASE_FILE_NAME),
        }
    }

    #[test]
    fn a_damaged_database_is_reported_then_reset_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let paths = paths(dir.path());
        std::fs::write(&paths.database, b"not a database at all, sorry").unwrap();
        let state = AppState::new(paths.clone(), StartInstant::now(), None);
        let problem = state.database().unwrap_err();
        assert_eq!(problem.kind, DatabaseProblemKind::Corrupt);
        assert_eq!(problem.path, paths.database.display().to_string());

        let moved_to = state.reset_database().unwrap();
        assert!(
            state.database().is_ok(),
            "a fresh database is open after the reset"
        );
        assert_eq!(
            std::fs::read(&moved_to).unwrap(),
            b"not a database at all, sorry",
            "the damaged file is kept, not deleted"
        );
    }

    #[test]
    fn ui_ready_is_logged_once() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(paths(dir.path()), StartInstant::now(), None);
        assert!(state.mark_ui_ready());
        assert!(!state.mark_ui_ready());
    }
}
