//! Service windows: the hours in which a service is promised (availability) or
//! in which an SLA clock runs. A window turns a local date into at most two
//! UTC intervals, using the calendar's day tables, so it costs O(1) per day.

use chrono::{NaiveDate, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::calendar::{naive_midnight, Calendar, LocalizedText};

/// A local wall-clock time of day, minutes after midnight; `24:00` allowed.
/// Serialised as `"HH:MM"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ClockTime(u16);

impl ClockTime {
    pub const fn hm(h: u16, m: u16) -> Self {
        Self(h * 60 + m)
    }
    pub fn minutes(self) -> u16 {
        self.0
    }
    fn secs(self) -> u32 {
        u32::from(self.0) * 60
    }
    /// Parses `HH:MM` (00:00–24:00).
    pub fn parse(s: &str) -> Option<Self> {
        let (h, m) = s.split_once(':')?;
        let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
        (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(Self(h * 60 + m))
    }
}

impl std::fmt::Display for ClockTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        ClockTime::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("invalid time {s:?}, expected HH:MM")))
    }
}

/// Opening hours of one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayHours {
    pub open: ClockTime,
    pub close: ClockTime,
}

impl DayHours {
    pub const fn new(open: ClockTime, close: ClockTime) -> Self {
        Self { open, close }
    }
}

/// Opening hours on working days: Monday–Thursday and Friday may differ.
/// A Saturday worked by a Cabinet order keeps the hours of the day it replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekHours {
    pub mon_thu: DayHours,
    pub fri: DayHours,
}

impl WeekHours {
    pub const fn uniform(h: DayHours) -> Self {
        Self { mon_thu: h, fri: h }
    }
    fn for_weekday(&self, w: Weekday) -> DayHours {
        if w == Weekday::Fri {
            self.fri
        } else {
            self.mon_thu
        }
    }
}

/// How a window is laid over the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WindowSpec {
    /// Every day, 24 hours (calendar time).
    Always,
    /// Working days of the Latvian calendar, within the given hours.
    WorkingDays {
        hours: WeekHours,
        /// Close one hour earlier on pre-holiday (shortened) days.
        shortened_before_holidays: bool,
    },
    /// All time outside a `WorkingDays` window (24/7 minus those hours).
    OutsideWorkingDays { hours: WeekHours },
}

/// A named service window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceWindow {
    pub id: String,
    pub name: LocalizedText,
    pub spec: WindowSpec,
}

/// One hour, the shortening of a pre-holiday day.
const SHORTENING_SECS: u32 = 3600;

impl WindowSpec {
    /// UTC intervals `[start, end)` (timestamps in seconds) of this window on a
    /// local date; returns how many of `out` were filled (0–2).
    #[inline]
    pub(crate) fn intervals(
        &self,
        cal: &Calendar,
        date: NaiveDate,
        out: &mut [(i64, i64); 2],
    ) -> usize {
        let e = cal.entry(date);
        let base = naive_midnight(date);
        let day_end = e.utc_at(base, 24 * 3600);
        match self {
            WindowSpec::Always => {
                out[0] = (e.midnight_utc, day_end);
                1
            }
            WindowSpec::WorkingDays {
                hours,
                shortened_before_holidays,
            } => {
                if !e.kind.is_working() {
                    return 0;
                }
                let h = hours.for_weekday(e.hours_weekday);
                let mut close = h.close.secs();
                if *shortened_before_holidays && e.shortened {
                    close = close.saturating_sub(SHORTENING_SECS).max(h.open.secs());
                }
                if close <= h.open.secs() {
                    return 0;
                }
                out[0] = (e.utc_at(base, h.open.secs()), e.utc_at(base, close));
                1
            }
            WindowSpec::OutsideWorkingDays { hours } => {
                if !e.kind.is_working() {
                    out[0] = (e.midnight_utc, day_end);
                    return 1;
                }
                let h = hours.for_weekday(e.hours_weekday);
                let (open, close) = (
                    e.utc_at(base, h.open.secs()),
                    e.utc_at(base, h.close.secs()),
                );
                let mut n = 0;
                if open > e.midnight_utc {
                    out[n] = (e.midnight_utc, open);
                    n += 1;
                }
                if close < day_end {
                    out[n] = (close, day_end);
                    n += 1;
                }
                n
            }
        }
    }

    /// Length in seconds of a regular (not shortened) working day of this
    /// window, when all working days have the same length; `None` otherwise.
    /// Counting in working days needs such a window.
    pub fn uniform_day_secs(&self) -> Option<i64> {
        match self {
            WindowSpec::WorkingDays { hours, .. } if hours.mon_thu == hours.fri => {
                Some(i64::from(hours.fri.close.secs()) - i64::from(hours.fri.open.secs()))
            }
            _ => None,
        }
    }
}

/// The windows of DOMAIN.md.
pub mod builtin {
    use super::*;

    pub const ALWAYS: &str = "always";
    pub const CENTRAL_SERVICE_HOURS: &str = "central.service_hours";
    pub const CENTRAL_SUPPORT_DESK: &str = "central.support_desk";
    pub const SHARED_WORKING_DAY: &str = "shared.working_day";
    pub const SHARED_OUTSIDE_WORKING_DAY: &str = "shared.outside_working_day";
    pub const SHARED_SUPPORT_DESK: &str = "shared.support_desk";

    const SHARED_DAY: DayHours = DayHours::new(ClockTime::hm(8, 30), ClockTime::hm(17, 0));

    /// Every built-in window.
    pub fn all() -> Vec<ServiceWindow> {
        vec![
            ServiceWindow {
                id: ALWAYS.into(),
                name: LocalizedText::new("Visu diennakti (24/7)", "Around the clock (24/7)"),
                spec: WindowSpec::Always,
            },
            ServiceWindow {
                id: CENTRAL_SERVICE_HOURS.into(),
                name: LocalizedText::new(
                    "E-pasta un DVS servisa laiks: darbdienās 08:00–18:00",
                    "E-mail and DVS service hours: working days 08:00–18:00",
                ),
                spec: WindowSpec::WorkingDays {
                    hours: WeekHours::uniform(DayHours::new(ClockTime::hm(8, 0), ClockTime::hm(18, 0))),
                    // The contract promises these hours; Labour Law shortening
                    // applies to staff, and is modelled on the support desk.
                    shortened_before_holidays: false,
                },
            },
            ServiceWindow {
                id: CENTRAL_SUPPORT_DESK.into(),
                name: LocalizedText::new(
                    "E-pasta un DVS atbalsts: P–C 08:00–18:00, Pk 08:00–17:00, pirmssvētku dienās par stundu īsāk",
                    "E-mail and DVS support: Mon–Thu 08:00–18:00, Fri 08:00–17:00, one hour shorter before holidays",
                ),
                spec: WindowSpec::WorkingDays {
                    hours: WeekHours {
                        mon_thu: DayHours::new(ClockTime::hm(8, 0), ClockTime::hm(18, 0)),
                        fri: DayHours::new(ClockTime::hm(8, 0), ClockTime::hm(17, 0)),
                    },
                    shortened_before_holidays: true,
                },
            },
            ServiceWindow {
                id: SHARED_WORKING_DAY.into(),
                name: LocalizedText::new(
                    "Koplietošanas komponentes: darbdienās 08:30–17:00",
                    "Shared components: working days 08:30–17:00",
                ),
                spec: WindowSpec::WorkingDays { hours: WeekHours::uniform(SHARED_DAY), shortened_before_holidays: false },
            },
            ServiceWindow {
                id: SHARED_OUTSIDE_WORKING_DAY.into(),
                name: LocalizedText::new(
                    "Koplietošanas komponentes: pārējais laiks",
                    "Shared components: all other time",
                ),
                spec: WindowSpec::OutsideWorkingDays { hours: WeekHours::uniform(SHARED_DAY) },
            },
            ServiceWindow {
                id: SHARED_SUPPORT_DESK.into(),
                name: LocalizedText::new(
                    "Koplietošanas komponenšu atbalsts: P–C 08:30–16:30, Pk 08:30–16:00, pirmssvētku dienās par stundu īsāk",
                    "Shared components support: Mon–Thu 08:30–16:30, Fri 08:30–16:00, one hour shorter before holidays",
                ),
                spec: WindowSpec::WorkingDays {
                    hours: WeekHours {
                        mon_thu: DayHours::new(ClockTime::hm(8, 30), ClockTime::hm(16, 30)),
                        fri: DayHours::new(ClockTime::hm(8, 30), ClockTime::hm(16, 0)),
                    },
                    shortened_before_holidays: true,
                },
            },
        ]
    }

    /// A built-in window by id.
    pub fn by_id(id: &str) -> Option<ServiceWindow> {
        all().into_iter().find(|w| w.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time;
    use chrono::NaiveTime;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }
    fn at(date: NaiveDate, h: u32, m: u32) -> i64 {
        time::to_utc(date, NaiveTime::from_hms_opt(h, m, 0).expect("t")).timestamp()
    }
    fn spec(id: &str) -> WindowSpec {
        builtin::by_id(id).expect("builtin").spec
    }

    #[test]
    fn clock_time_round_trips() {
        assert_eq!(ClockTime::parse("08:30"), Some(ClockTime::hm(8, 30)));
        assert_eq!(ClockTime::parse("24:00"), Some(ClockTime::hm(24, 0)));
        assert_eq!(ClockTime::parse("24:01"), None);
        assert_eq!(ClockTime::parse("8"), None);
        assert_eq!(ClockTime::hm(8, 5).to_string(), "08:05");
    }

    #[test]
    fn support_desk_friday_and_shortened_day() {
        let cal = Calendar::embedded();
        let mut out = [(0, 0); 2];
        let w = spec(builtin::SHARED_SUPPORT_DESK);
        // Friday 20.11.2026: 08:30–16:00.
        assert_eq!(w.intervals(&cal, d(2026, 11, 20), &mut out), 1);
        assert_eq!(
            out[0],
            (at(d(2026, 11, 20), 8, 30), at(d(2026, 11, 20), 16, 0))
        );
        // Tuesday 17.11.2026 is before 18 November: 08:30–15:30.
        assert_eq!(w.intervals(&cal, d(2026, 11, 17), &mut out), 1);
        assert_eq!(out[0].1, at(d(2026, 11, 17), 15, 30));
        // The holiday itself: closed.
        assert_eq!(w.intervals(&cal, d(2026, 11, 18), &mut out), 0);
    }

    #[test]
    fn always_window_is_23_and_25_hours_on_dst_days() {
        let cal = Calendar::embedded();
        let mut out = [(0, 0); 2];
        WindowSpec::Always.intervals(&cal, d(2026, 3, 29), &mut out);
        assert_eq!(out[0].1 - out[0].0, 23 * 3600);
        WindowSpec::Always.intervals(&cal, d(2026, 10, 25), &mut out);
        assert_eq!(out[0].1 - out[0].0, 25 * 3600);
    }

    #[test]
    fn outside_window_complements_working_window() {
        let cal = Calendar::embedded();
        let mut a = [(0, 0); 2];
        let mut b = [(0, 0); 2];
        for date in [
            d(2026, 11, 23),
            d(2026, 11, 22),
            d(2026, 3, 30),
            d(2026, 10, 26),
        ] {
            let n1 = spec(builtin::SHARED_WORKING_DAY).intervals(&cal, date, &mut a);
            let n2 = spec(builtin::SHARED_OUTSIDE_WORKING_DAY).intervals(&cal, date, &mut b);
            let total: i64 = a[..n1].iter().chain(&b[..n2]).map(|(s, e)| e - s).sum();
            let mut all = [(0, 0); 2];
            WindowSpec::Always.intervals(&cal, date, &mut all);
            assert_eq!(total, all[0].1 - all[0].0, "{date}");
        }
    }
}
