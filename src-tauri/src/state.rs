//! What the running app holds: paths, the session (database, connection,
//! sync; see `desk_app::session`), and the start-up clock.

use std::sync::Arc;
use std::time::{Instant, SystemTime};

use desk_app::session::Session;
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

pub struct AppState {
    pub paths: AppPaths,
    pub started: StartInstant,
    pub session: Arc<Session>,
    ui_ready_logged: std::sync::atomic::AtomicBool,
    _log_guard: Option<WorkerGuard>,
}

impl AppState {
    pub fn new(
        paths: AppPaths,
        started: StartInstant,
        session: Arc<Session>,
        log_guard: Option<WorkerGuard>,
    ) -> Self {
        Self {
            paths,
            started,
            session,
            ui_ready_logged: std::sync::atomic::AtomicBool::new(false),
            _log_guard: log_guard,
        }
    }

    /// True the first time only: the UI may report ready again after a reload.
    pub fn mark_ui_ready(&self) -> bool {
        !self
            .ui_ready_logged
            .swap(true, std::sync::atomic::Ordering::SeqCst)
    }
}
