//! Monthly availability: planned time per window, outages clipped to the
//! window, overlaps merged, maintenance apart, DST months.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use desk_core::availability::{self, monthly_availability, AvailabilityError, Outage};
use desk_core::calendar::Calendar;
use desk_core::time;

fn riga(date: &str, hm: &str) -> DateTime<Utc> {
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date");
    time::to_utc(d, NaiveTime::parse_from_str(hm, "%H:%M").expect("time"))
}

fn outage(a: (&str, &str), b: (&str, &str), planned: bool) -> Outage {
    Outage {
        start: riga(a.0, a.1),
        end: riga(b.0, b.1),
        planned,
    }
}

fn month(s: &str) -> NaiveDate {
    availability::parse_month(s).expect("month")
}

#[test]
fn planned_minutes_per_window_november_2026() {
    let cal = Calendar::embedded();
    let shared = availability::service("shared_components").expect("service");
    assert_eq!(availability::service("shared").expect("alias"), shared);
    let r = monthly_availability(&cal, &shared, month("2026-11"), &[]).expect("report");
    // November 2026: 21 weekdays, 18.11 is a holiday → 20 working days of 8.5 h.
    let working = &r.windows[0];
    assert_eq!(working.window_id, "shared.working_day");
    assert_eq!(working.planned_minutes, 20.0 * 510.0);
    assert_eq!(working.percent, Some(100.0));
    // The rest: 30 days × 24 h minus the working window.
    let rest = &r.windows[1];
    assert_eq!(rest.planned_minutes, 30.0 * 1440.0 - 20.0 * 510.0);
    assert!(r.met && r.data_complete);
}

#[test]
fn overlapping_and_straddling_outages_are_clipped_and_merged() {
    let cal = Calendar::embedded();
    let dvs = availability::service("dvs").expect("service");
    let outages = [
        // 07:00–09:00 straddles the 08:00 opening: 60 min count.
        outage(("2026-11-23", "07:00"), ("2026-11-23", "09:00"), false),
        // Overlaps the first: merged, adds 08:30–09:30 → 30 more minutes.
        outage(("2026-11-23", "08:30"), ("2026-11-23", "09:30"), false),
        // Straddles the 18:00 close into the night and the next morning:
        // 17:00–18:00 and 08:00–08:15 count = 75 min.
        outage(("2026-11-23", "17:00"), ("2026-11-24", "08:15"), false),
        // On the holiday 18.11: outside the window, counts nothing.
        outage(("2026-11-18", "10:00"), ("2026-11-18", "12:00"), false),
        // A duplicate of the first one changes nothing.
        outage(("2026-11-23", "07:00"), ("2026-11-23", "09:00"), false),
    ];
    let r = monthly_availability(&cal, &dvs, month("2026-11"), &outages).expect("report");
    let w = &r.windows[0];
    assert_eq!(w.planned_minutes, 20.0 * 600.0);
    assert_eq!(w.downtime_minutes, 165.0);
    assert_eq!(w.maintenance_minutes, 0.0);
    let pct = w.percent.expect("percent");
    assert!((pct - 100.0 * (12000.0 - 165.0) / 12000.0).abs() < 1e-9);
    assert!(
        pct < 99.5 && !w.met && !r.met,
        "98.6 % misses the 99.5 % target"
    );
}

#[test]
fn planned_maintenance_is_reported_apart_and_not_counted_as_downtime() {
    let cal = Calendar::embedded();
    let dvs = availability::service("dvs").expect("service");
    let outages = [
        outage(("2026-11-24", "10:00"), ("2026-11-24", "12:00"), true),
        // A failure inside the maintenance counts as maintenance; 12:00–12:30 is downtime.
        outage(("2026-11-24", "11:00"), ("2026-11-24", "12:30"), false),
    ];
    let r = monthly_availability(&cal, &dvs, month("2026-11"), &outages).expect("report");
    let w = &r.windows[0];
    assert_eq!(w.maintenance_minutes, 120.0);
    assert_eq!(w.downtime_minutes, 30.0);
    let base = 12000.0 - 120.0;
    assert!((w.percent.expect("pct") - 100.0 * (base - 30.0) / base).abs() < 1e-9);
    assert!(w.met, "99.75 % meets 99.5 %");
}

#[test]
fn outages_outside_the_month_do_not_count_and_dst_month_has_real_length() {
    let cal = Calendar::embedded();
    let email = availability::service("email").expect("service");
    let outages = [
        // Straddles the month start (local midnight 1.3.2026): only 00:00–01:00 counts.
        outage(("2026-02-28", "23:00"), ("2026-03-01", "01:00"), false),
    ];
    let r = monthly_availability(&cal, &email, month("2026-03"), &outages).expect("report");
    let w = &r.windows[0];
    // March 2026 in Riga has 31 × 24 − 1 hours (DST starts 29.3).
    assert_eq!(w.planned_minutes, (31.0 * 24.0 - 1.0) * 60.0);
    assert_eq!(w.downtime_minutes, 60.0);
    assert_eq!(w.target_percent, 99.9);
}

#[test]
fn bad_input_is_refused() {
    let cal = Calendar::embedded();
    assert_eq!(
        availability::service("nope"),
        Err(AvailabilityError::UnknownService("nope".into()))
    );
    assert!(matches!(
        availability::parse_month("2026/11"),
        Err(AvailabilityError::InvalidMonth(_))
    ));
    let dvs = availability::service("dvs").expect("service");
    let backwards = [outage(
        ("2026-11-24", "12:00"),
        ("2026-11-24", "10:00"),
        false,
    )];
    assert!(matches!(
        monthly_availability(&cal, &dvs, month("2026-11"), &backwards),
        Err(AvailabilityError::OutageEndBeforeStart { .. })
    ));
}
