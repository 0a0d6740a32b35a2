//! Structured logs to a daily-rotating file in the app's log directory.
//! The API token never reaches a log: only `desk_sync::credentials` sees it,
//! and its types print as redacted.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::{fmt, prelude::*, EnvFilter};

/// How many daily log files are kept before the oldest is removed.
const KEEP_LOG_FILES: usize = 14;

pub fn init(log_dir: &Path) -> Result<WorkerGuard, Box<dyn std::error::Error>> {
    std::fs::create_dir_all(log_dir)?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("vraa-desk")
        .filename_suffix("log")
        .max_log_files(KEEP_LOG_FILES)
        .build(log_dir)?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    // The demo's in-process sandbox traces every HTTP call; only its warnings
    // belong in the app's log (VRAA_DESK_LOG overrides, e.g. `debug`).
    let filter = EnvFilter::try_from_env("VRAA_DESK_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,tower_http=warn,vraa_sandbox=warn"));
    let file_layer = fmt::layer().json().with_writer(writer);
    let stderr_layer = fmt::layer().with_writer(std::io::stderr).with_target(false);
    // A second init (tests) is harmless: the first subscriber stays.
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(file_layer)
        .with(stderr_layer)
        .try_init();
    Ok(guard)
}
