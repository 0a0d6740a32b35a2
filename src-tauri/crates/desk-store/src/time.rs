//! Instants are stored as fixed-width RFC 3339 UTC text with milliseconds, so
//! that text order is time order.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

use crate::error::StoreError;

pub(crate) fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(crate) fn parse_ts(text: &str) -> Result<DateTime<Utc>, StoreError> {
    if let Some(at) = parse_stored(text) {
        return Ok(at);
    }
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Json {
            context: "timestamp",
            detail: format!("{text:?}: {e}"),
        })
}

/// The exact shape [`ts`] writes (`2026-11-23T15:02:00.000Z`), parsed without
/// the general RFC 3339 parser: the request list reads tens of thousands of
/// instants per call and this is several times faster. Anything else (older
/// rows written with another precision) returns `None` for the general path.
fn parse_stored(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if b.len() != 24
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'.'
        || b[23] != b'Z'
    {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let date = NaiveDate::from_ymd_opt(num(0, 4)? as i32, num(5, 7)?, num(8, 10)?)?;
    let time = date.and_hms_milli_opt(num(11, 13)?, num(14, 16)?, num(17, 19)?, num(20, 23)?)?;
    Some(time.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_instants_round_trip_through_the_fast_path_and_others_still_parse() {
        let at = DateTime::parse_from_rfc3339("2026-11-23T15:02:07.045Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(parse_stored(&ts(at)), Some(at));
        assert_eq!(parse_ts(&ts(at)).unwrap(), at);
        // Other precisions and offsets take the general path.
        assert_eq!(parse_stored("2026-11-23T17:02:07.045+02:00"), None);
        assert_eq!(parse_ts("2026-11-23T17:02:07.045+02:00").unwrap(), at);
        assert_eq!(
            parse_ts("2026-11-23T15:02:07Z").unwrap(),
            at - chrono::Duration::milliseconds(45)
        );
        // Not a date at all, or an impossible one, is an error.
        assert!(parse_ts("2026-02-30T15:02:07.045Z").is_err());
        assert!(parse_ts("2026-1x-23T15:02:07.045Z").is_err());
        assert!(parse_ts("").is_err());
    }
}
