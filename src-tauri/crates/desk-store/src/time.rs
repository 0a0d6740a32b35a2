//! Instants are stored as fixed-width RFC 3339 UTC text with milliseconds, so
//! that text order is time order.

use chrono::{DateTime, SecondsFormat, Utc};

use crate::error::StoreError;

pub(crate) fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(crate) fn parse_ts(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Json {
            context: "timestamp",
            detail: format!("{text:?}: {e}"),
        })
}
