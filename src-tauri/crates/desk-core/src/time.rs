//! Europe/Riga time: the only place where local wall-clock times become UTC
//! instants and back. Everything else stores and compares `DateTime<Utc>`.

use chrono::{DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Riga;

/// The time zone every user-visible date of the app is in.
pub const TZ: chrono_tz::Tz = Riga;

/// Local Riga date of a UTC instant.
pub fn local_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&TZ).date_naive()
}

/// Local Riga wall-clock time of a UTC instant.
pub fn local_datetime(at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&TZ).naive_local()
}

/// The UTC instant of a Riga wall-clock time.
///
/// Wall-clock times that do not exist (the hour skipped when DST starts) map
/// to the first instant after the gap; ambiguous ones (the hour repeated when
/// DST ends) map to the earlier instant, so that a window never opens late.
pub fn to_utc(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let naive = date.and_time(time);
    match TZ.from_local_datetime(&naive) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => a.min(b).with_timezone(&Utc),
        LocalResult::None => {
            // In Riga the gap is one hour; step forward minute by minute so
            // that the result is the first existing wall-clock time.
            let mut probe = naive;
            for _ in 0..=180 {
                probe += chrono::Duration::minutes(1);
                if let Some(t) = TZ.from_local_datetime(&probe).earliest() {
                    return t.with_timezone(&Utc);
                }
            }
            // Unreachable for Europe/Riga; fall back to reading the wall time as UTC+2.
            Utc.from_utc_datetime(&(naive - chrono::Duration::hours(2)))
        }
    }
}

/// UTC offset (seconds east of UTC) in effect at a Riga wall-clock time.
pub fn offset_seconds(date: NaiveDate, time: NaiveTime) -> i32 {
    let utc = to_utc(date, time);
    let local = utc.with_timezone(&TZ).naive_local();
    (local - utc.naive_utc()).num_seconds() as i32
}

/// Formats an instant the way the UI shows it: `23.11.2026. 17:55`, Riga time.
pub fn format_local(at: DateTime<Utc>) -> String {
    let l = local_datetime(at);
    format!(
        "{:02}.{:02}.{}. {}",
        l.day(),
        l.month(),
        l.year(),
        l.format("%H:%M")
    )
}

/// Formats a date the way the UI shows it: `23.11.2026.`
pub fn format_date(d: NaiveDate) -> String {
    format!("{:02}.{:02}.{}.", d.day(), d.month(), d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }
    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("valid time")
    }

    #[test]
    fn winter_and_summer_offsets() {
        assert_eq!(offset_seconds(d(2026, 1, 15), t(12, 0)), 2 * 3600);
        assert_eq!(offset_seconds(d(2026, 7, 15), t(12, 0)), 3 * 3600);
    }

    #[test]
    fn dst_start_gap_maps_forward() {
        // 29 March 2026: 03:00 local jumps to 04:00.
        let utc = to_utc(d(2026, 3, 29), t(3, 30));
        assert_eq!(utc.to_rfc3339(), "2026-03-29T01:00:00+00:00");
    }

    #[test]
    fn dst_end_ambiguity_takes_earlier() {
        // 25 October 2026: 03:30 happens twice; the first is 00:30 UTC.
        let utc = to_utc(d(2026, 10, 25), t(3, 30));
        assert_eq!(utc.to_rfc3339(), "2026-10-25T00:30:00+00:00");
    }

    #[test]
    fn formats_like_the_ui() {
        let at = to_utc(d(2026, 11, 23), t(17, 55));
        assert_eq!(format_local(at), "23.11.2026. 17:55");
        assert_eq!(format_date(d(2026, 11, 3)), "03.11.2026.");
    }
}
