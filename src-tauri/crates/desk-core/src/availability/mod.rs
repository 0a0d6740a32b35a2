//! Availability of a service in a month: planned service time per window,
//! downtime (outages clipped to the window, overlaps merged), planned
//! maintenance reported separately, percent against the contract's target.
//!
//! Convention (docs/sla.md): planned maintenance is taken out of the planned
//! service time, and unplanned downtime that overlaps maintenance counts as
//! maintenance. Percent = (planned − maintenance − downtime) / (planned − maintenance).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, LocalizedText};
use crate::window::{builtin as windows, ServiceWindow};

/// An interruption of a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outage {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Announced maintenance rather than a failure.
    #[serde(default)]
    pub planned: bool,
}

/// A window of a service with its availability target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AvailabilityTarget {
    pub window: ServiceWindow,
    /// Target in percent, e.g. 99.5.
    pub target_percent: f64,
}

/// A service whose availability the contract promises.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceDefinition {
    pub id: String,
    pub name: LocalizedText,
    pub targets: Vec<AvailabilityTarget>,
}

/// Figures of one window in one month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WindowAvailability {
    pub window_id: String,
    pub window_name: LocalizedText,
    pub planned_minutes: f64,
    pub maintenance_minutes: f64,
    pub downtime_minutes: f64,
    /// `None` when the window has no planned time left in the month.
    pub percent: Option<f64>,
    pub target_percent: f64,
    pub met: bool,
}

/// Figures of a service in a month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AvailabilityReport {
    pub service_id: String,
    pub service_name: LocalizedText,
    /// `YYYY-MM`.
    pub month: String,
    pub windows: Vec<WindowAvailability>,
    /// Every window met its target.
    pub met: bool,
    /// The month lies in a year whose calendar data is complete.
    pub data_complete: bool,
}

/// Errors of the availability computation.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AvailabilityError {
    #[error("nezināms pakalpojums {0:?} / unknown service {0:?}")]
    UnknownService(String),
    #[error("nederīgs mēnesis {0:?}, gaidīts GGGG-MM / invalid month {0:?}, expected YYYY-MM")]
    InvalidMonth(String),
    #[error("pārtraukuma beigas {end} ir pirms sākuma {start} / outage end {end} is before its start {start}")]
    OutageEndBeforeStart {
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    },
}

/// The services of DOMAIN.md.
pub fn builtin_services() -> Vec<ServiceDefinition> {
    let target = |id: &str, pct: f64| {
        windows::by_id(id).map(|w| AvailabilityTarget {
            window: w,
            target_percent: pct,
        })
    };
    vec![
        ServiceDefinition {
            id: "shared_components".into(),
            name: LocalizedText::new("Koplietošanas komponentes", "Shared components"),
            targets: [
                target(windows::SHARED_WORKING_DAY, 99.0),
                target(windows::SHARED_OUTSIDE_WORKING_DAY, 97.0),
            ]
            .into_iter()
            .flatten()
            .collect(),
        },
        ServiceDefinition {
            id: "email".into(),
            name: LocalizedText::new(
                "E-pasta servispakalpojums (Exchange Online)",
                "E-mail service (Exchange Online)",
            ),
            // Microsoft's guarantee is for all time, not VRAA's service hours.
            targets: [target(windows::ALWAYS, 99.9)]
                .into_iter()
                .flatten()
                .collect(),
        },
        ServiceDefinition {
            id: "dvs".into(),
            name: LocalizedText::new(
                "Dokumentu vadības sistēma (DVS)",
                "Document management system (DVS)",
            ),
            targets: [target(windows::CENTRAL_SERVICE_HOURS, 99.5)]
                .into_iter()
                .flatten()
                .collect(),
        },
    ]
}

/// A built-in service by id (`shared` is accepted for `shared_components`).
pub fn service(id: &str) -> Result<ServiceDefinition, AvailabilityError> {
    let wanted = if id == "shared" {
        "shared_components"
    } else {
        id
    };
    builtin_services()
        .into_iter()
        .find(|s| s.id == wanted)
        .ok_or_else(|| AvailabilityError::UnknownService(id.to_string()))
}

/// Parses `YYYY-MM` to the first day of that month.
pub fn parse_month(text: &str) -> Result<NaiveDate, AvailabilityError> {
    let bad = || AvailabilityError::InvalidMonth(text.to_string());
    let (y, m) = text.split_once('-').ok_or_else(bad)?;
    if y.len() != 4 || m.len() != 2 {
        return Err(bad());
    }
    let (y, m): (i32, u32) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)
}

/// Sorted, merged `[start, end)` intervals.
fn merge(mut v: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
    v.retain(|(a, b)| b > a);
    v.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(v.len());
    for (a, b) in v {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Total length of the intersection of two sorted, merged interval lists.
fn overlap(a: &[(i64, i64)], b: &[(i64, i64)]) -> i64 {
    let (mut i, mut j, mut total) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let (s, e) = (a[i].0.max(b[j].0), a[i].1.min(b[j].1));
        if e > s {
            total += e - s;
        }
        if a[i].1 < b[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    total
}

/// Subtracts sorted, merged `b` from sorted, merged `a`.
fn subtract(a: &[(i64, i64)], b: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    for &(s, e) in a {
        let mut cur = s;
        for &(bs, be) in b {
            if be <= cur || bs >= e {
                continue;
            }
            if bs > cur {
                out.push((cur, bs));
            }
            cur = cur.max(be);
        }
        if cur < e {
            out.push((cur, e));
        }
    }
    out
}

/// Availability of `service` in the month starting at `month` (any day of the
/// month is accepted), months taken in Riga local time.
pub fn monthly_availability(
    cal: &Calendar,
    service: &ServiceDefinition,
    month: NaiveDate,
    outages: &[Outage],
) -> Result<AvailabilityReport, AvailabilityError> {
    for o in outages {
        if o.end < o.start {
            return Err(AvailabilityError::OutageEndBeforeStart {
                start: o.start,
                end: o.end,
            });
        }
    }
    let first = month.with_day(1).unwrap_or(month);
    let unplanned = merge(
        outages
            .iter()
            .filter(|o| !o.planned)
            .map(|o| (o.start.timestamp(), o.end.timestamp()))
            .collect(),
    );
    let maintenance = merge(
        outages
            .iter()
            .filter(|o| o.planned)
            .map(|o| (o.start.timestamp(), o.end.timestamp()))
            .collect(),
    );
    // Failures during announced maintenance count as maintenance.
    let unplanned = subtract(&unplanned, &maintenance);

    let mut windows_out = Vec::new();
    for t in &service.targets {
        let mut intervals = Vec::new();
        let mut buf = [(0i64, 0i64); 2];
        for date in first.iter_days().take_while(|d| d.month() == first.month()) {
            let n = t.window.spec.intervals(cal, date, &mut buf);
            intervals.extend_from_slice(&buf[..n]);
        }
        let intervals = merge(intervals);
        let planned: i64 = intervals.iter().map(|(a, b)| b - a).sum();
        let maint = overlap(&intervals, &maintenance);
        let down = overlap(&intervals, &unplanned);
        let base = planned - maint;
        let percent = (base > 0).then(|| 100.0 * (base - down) as f64 / base as f64);
        windows_out.push(WindowAvailability {
            window_id: t.window.id.clone(),
            window_name: t.window.name.clone(),
            planned_minutes: planned as f64 / 60.0,
            maintenance_minutes: maint as f64 / 60.0,
            downtime_minutes: down as f64 / 60.0,
            percent,
            target_percent: t.target_percent,
            met: percent.is_none_or(|p| p + 1e-9 >= t.target_percent),
        });
    }
    Ok(AvailabilityReport {
        service_id: service.id.clone(),
        service_name: service.name.clone(),
        month: format!("{:04}-{:02}", first.year(), first.month()),
        met: windows_out.iter().all(|w| w.met),
        windows: windows_out,
        data_complete: cal.data_complete(first.year()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_and_subtract() {
        assert_eq!(
            merge(vec![(5, 10), (0, 3), (2, 6), (20, 20)]),
            vec![(0, 10)]
        );
        assert_eq!(
            subtract(&[(0, 10)], &[(2, 3), (5, 12)]),
            vec![(0, 2), (3, 5)]
        );
        assert_eq!(overlap(&[(0, 10), (20, 30)], &[(5, 25)]), 10);
    }

    #[test]
    fn month_parsing() {
        assert_eq!(
            parse_month("2026-11"),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 1).expect("d"))
        );
        assert!(parse_month("2026-13").is_err());
        assert!(parse_month("2026-1").is_err());
        assert!(parse_month("november").is_err());
    }
}
