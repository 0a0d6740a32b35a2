//! One module per subcommand. Each exposes its clap arguments and a `run`
//! that returns the text to print, so that `main` alone writes to the terminal.
//! Later subcommands (sync, requests, outbox, import) go next to these.

pub mod attach;
pub mod availability;
pub mod calendar;
pub mod comment;
pub mod fields;
pub mod import;
pub mod local;
pub mod login;
pub mod outbox;
pub mod policy;
pub mod requests;
pub mod sla;
pub mod sync;

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use desk_core::calendar::Calendar;

use crate::error::CliError;

/// The embedded calendar, overridden by a newer data file when one is given.
pub fn load_calendar(file: Option<&Path>) -> Result<Calendar, CliError> {
    let Some(path) = file else {
        return Ok(Calendar::embedded());
    };
    let text = std::fs::read_to_string(path).map_err(|e| {
        CliError::input(
            format!("nevar nolasīt kalendāra failu {}: {e}", path.display()),
            format!("cannot read calendar file {}: {e}", path.display()),
        )
    })?;
    Calendar::with_override(&text).map_err(|e| CliError::from_bilingual("", "", &e))
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<NaiveDate, CliError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
        CliError::input(
            format!("nederīgs datums {s:?}, gaidīts GGGG-MM-DD"),
            format!("invalid date {s:?}, expected YYYY-MM-DD"),
        )
    })
}

/// Parses an RFC 3339 instant (any offset) into UTC.
pub fn parse_instant(s: &str) -> Result<DateTime<Utc>, CliError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            CliError::input(
                format!("nederīgs laiks {s:?}, gaidīts RFC 3339, piem. 2026-11-20T17:55:00+02:00"),
                format!("invalid time {s:?}, expected RFC 3339, e.g. 2026-11-20T17:55:00+02:00"),
            )
        })
}

/// Serialises for `--json`.
pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(value)
        .map_err(|e| CliError::from_bilingual("JSON: ", "JSON: ", &e))
}
