//! The Latvian working-day calendar: rules in code ([`rules`]), one-off
//! decisions in data ([`data`]), and per-year day tables that make every
//! lookup O(1) once a year has been built.

pub mod data;
pub mod rules;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

pub use data::{CalendarData, CalendarDataError, EMBEDDED_LV_TOML};
pub use rules::easter_sunday;

use crate::time;

/// A text in both languages of the app.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocalizedText {
    pub lv: String,
    pub en: String,
}

impl LocalizedText {
    pub fn new(lv: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            lv: lv.into(),
            en: en.into(),
        }
    }
}

/// What kind of day a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// An ordinary Monday–Friday working day.
    Working,
    /// Saturday or Sunday.
    Weekend,
    /// A public holiday (by rule or by a special law).
    Holiday,
    /// The next working day after 4 May, 18 November or the festival closing
    /// day fell on a weekend: a day off by the law.
    HolidayInLieu,
    /// A weekday made a day off by a Cabinet order.
    MovedDayOff,
    /// A Saturday worked by a Cabinet order.
    MovedWorkingDay,
}

impl DayKind {
    pub fn is_working(self) -> bool {
        matches!(self, DayKind::Working | DayKind::MovedWorkingDay)
    }
}

/// Compact per-day record of a built year.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DayEntry {
    pub(crate) kind: DayKind,
    pub(crate) shortened: bool,
    holiday: Option<u16>,
    /// The weekday whose opening hours apply (a moved Saturday works the hours
    /// of the weekday it replaces).
    pub(crate) hours_weekday: Weekday,
    /// The other end of a move: for a moved day off the Saturday worked, for a
    /// moved working day the weekday it replaces.
    moved_pair: Option<NaiveDate>,
    /// UTC timestamp (s) of local midnight at the start of the day.
    pub(crate) midnight_utc: i64,
    /// UTC offset (s) from 04:00 local to the end of the day (after any DST switch).
    pub(crate) offset_day: i32,
}

impl DayEntry {
    /// UTC timestamp of a local wall-clock time of this day, given as seconds
    /// after midnight (up to 24:00). Riga switches DST at 03:00/04:00 local:
    /// earlier times use the offset of midnight, later ones the offset of the
    /// rest of the day.
    #[inline]
    pub(crate) fn utc_at(&self, local_midnight_naive: i64, secs: u32) -> i64 {
        if secs < 3 * 3600 {
            self.midnight_utc + i64::from(secs)
        } else {
            local_midnight_naive + i64::from(secs) - i64::from(self.offset_day)
        }
    }
}

/// One built year.
#[derive(Debug, Clone)]
pub(crate) struct YearTable {
    days: Vec<DayEntry>,
    names: Vec<LocalizedText>,
    data_complete: bool,
}

/// A day as the outside world sees it (CLI, UI, API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Day {
    pub date: NaiveDate,
    pub working: bool,
    /// A working day one hour shorter because a holiday follows (Labour Law §135(2)).
    pub shortened: bool,
    pub holiday: Option<LocalizedText>,
    pub kind: DayKind,
    /// For a moved day off: the Saturday worked instead; for a moved working
    /// Saturday: the weekday it replaces.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved_pair: Option<NaiveDate>,
    /// `false` when the year is beyond the data (rules only) or unconfirmed.
    pub data_complete: bool,
}

/// Years kept in the O(1) cache; others are built on demand each time.
const CACHE_FIRST_YEAR: i32 = 1970;
const CACHE_LAST_YEAR: i32 = 2299;

/// The Latvian working-day calendar.
#[derive(Debug)]
pub struct Calendar {
    data: CalendarData,
    years: Box<[OnceLock<YearTable>]>,
}

impl Clone for Calendar {
    fn clone(&self) -> Self {
        Calendar::new(self.data.clone())
    }
}

impl Default for Calendar {
    fn default() -> Self {
        Self::embedded()
    }
}

impl Calendar {
    /// The calendar from the data embedded at build time.
    pub fn embedded() -> Self {
        Self::new(CalendarData::embedded())
    }

    /// A calendar over the given (possibly merged) data.
    pub fn new(data: CalendarData) -> Self {
        let n = (CACHE_LAST_YEAR - CACHE_FIRST_YEAR + 1) as usize;
        let years = (0..n)
            .map(|_| OnceLock::new())
            .collect::<Vec<_>>()
            .into_boxed_slice();
        Self { data, years }
    }

    /// The embedded data overridden, year by year, by a newer data file's text.
    pub fn with_override(text: &str) -> Result<Self, CalendarDataError> {
        let newer = CalendarData::parse(text)?;
        Ok(Self::new(CalendarData::embedded().merge(newer)))
    }

    pub fn data(&self) -> &CalendarData {
        &self.data
    }

    /// Whether the data confirms the one-off decisions of `year`.
    pub fn data_complete(&self, year: i32) -> bool {
        self.data.is_complete(year)
    }

    pub(crate) fn year(&self, year: i32) -> Cow<'_, YearTable> {
        if (CACHE_FIRST_YEAR..=CACHE_LAST_YEAR).contains(&year) {
            let slot = &self.years[(year - CACHE_FIRST_YEAR) as usize];
            Cow::Borrowed(slot.get_or_init(|| build_year(&self.data, year)))
        } else {
            Cow::Owned(build_year(&self.data, year))
        }
    }

    /// O(1) lookup of a day's record (after its year is built).
    #[inline]
    pub(crate) fn entry(&self, date: NaiveDate) -> DayEntry {
        let year = self.year(date.year());
        year.days[date.ordinal0() as usize]
    }

    /// Whether `date` is a working day.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.entry(date).kind.is_working()
    }

    /// Whether `date` is a working day shortened by one hour.
    pub fn is_shortened(&self, date: NaiveDate) -> bool {
        self.entry(date).shortened
    }

    /// Everything known about a date.
    pub fn day(&self, date: NaiveDate) -> Day {
        let year = self.year(date.year());
        let e = year.days[date.ordinal0() as usize];
        Day {
            date,
            working: e.kind.is_working(),
            shortened: e.shortened,
            holiday: e.holiday.map(|i| year.names[i as usize].clone()),
            kind: e.kind,
            moved_pair: e.moved_pair,
            data_complete: year.data_complete,
        }
    }

    /// Every day from `from` to `to`, both included.
    pub fn days(&self, from: NaiveDate, to: NaiveDate) -> Vec<Day> {
        from.iter_days()
            .take_while(|d| *d <= to)
            .map(|d| self.day(d))
            .collect()
    }

    /// The `n`-th working day after `date` (n = 0: `date` itself if working,
    /// else the next working day).
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut d = date;
        while !self.is_working_day(d) {
            d = d.succ_opt().unwrap_or(d);
        }
        let mut left = n;
        while left > 0 {
            d = d.succ_opt().unwrap_or(d);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// Local Riga date of a UTC timestamp (seconds), from the day tables.
    #[inline]
    pub(crate) fn local_date_of(&self, ts: i64) -> NaiveDate {
        // Riga is UTC+2 or UTC+3: adding 2 h lands on the right local date or
        // the one before it.
        let guess = DateTime::<Utc>::from_timestamp(ts + 7200, 0)
            .map(|t| t.date_naive())
            .unwrap_or_default();
        match guess.succ_opt() {
            Some(next) if self.entry(next).midnight_utc <= ts => next,
            _ => guess,
        }
    }
}

/// Naive (as-if-UTC) timestamp of a date's midnight.
#[inline]
pub(crate) fn naive_midnight(date: NaiveDate) -> i64 {
    date.and_time(NaiveTime::MIN).and_utc().timestamp()
}

fn build_year(data: &CalendarData, year: i32) -> YearTable {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
    let mut names: Vec<LocalizedText> = Vec::new();
    let mut name_index: HashMap<LocalizedText, u16> = HashMap::new();
    let mut intern = |t: LocalizedText| -> u16 {
        if let Some(i) = name_index.get(&t) {
            return *i;
        }
        let i = names.len() as u16;
        names.push(t.clone());
        name_index.insert(t, i);
        i
    };

    // Holidays of this year and the next (the day before 1 January is 31 December).
    let holidays_this = holidays_with_in_lieu(data, year);
    let holidays_next = holidays_with_in_lieu(data, year + 1);
    let is_holiday = |d: NaiveDate| -> bool {
        let set = if d.year() == year {
            &holidays_this
        } else {
            &holidays_next
        };
        set.holidays.contains_key(&d)
    };

    let mut moved_off: HashMap<NaiveDate, NaiveDate> = HashMap::new();
    let mut moved_work: HashMap<NaiveDate, NaiveDate> = HashMap::new();
    for y in [year - 1, year, year + 1] {
        if let Some(yd) = data.years.get(&y) {
            for m in &yd.moved {
                moved_off.insert(m.off, m.work);
                moved_work.insert(m.work, m.off);
            }
        }
    }

    let mut days = Vec::with_capacity(366);
    for date in first.iter_days().take_while(|d| d.year() == year) {
        let (kind, holiday, pair) = if let Some(name) = holidays_this.holidays.get(&date) {
            (DayKind::Holiday, Some(intern(name.clone())), None)
        } else if let Some(name) = holidays_this.in_lieu.get(&date) {
            (DayKind::HolidayInLieu, Some(intern(name.clone())), None)
        } else if let Some(work) = moved_off.get(&date) {
            (DayKind::MovedDayOff, None, Some(*work))
        } else if let Some(off) = moved_work.get(&date) {
            (DayKind::MovedWorkingDay, None, Some(*off))
        } else if rules::is_weekend(date) {
            (DayKind::Weekend, None, None)
        } else {
            (DayKind::Working, None, None)
        };
        // Labour Law §135: the working day before a holiday is one hour
        // shorter. A Saturday worked in place of a moved day is shortened when
        // the day it stands in for is such a day, and also when the day after
        // the Saturday itself is a holiday.
        let stands_for = if kind == DayKind::MovedWorkingDay {
            pair.unwrap_or(date)
        } else {
            date
        };
        let before_holiday = |d: NaiveDate| d.succ_opt().is_some_and(&is_holiday);
        let shortened = kind.is_working() && (before_holiday(stands_for) || before_holiday(date));
        let hours_weekday = stands_for.weekday();

        let midnight_utc = time::to_utc(date, NaiveTime::MIN).timestamp();
        let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN);
        let offset_day = time::offset_seconds(date, noon);
        days.push(DayEntry {
            kind,
            shortened,
            holiday,
            hours_weekday,
            moved_pair: pair,
            midnight_utc,
            offset_day,
        });
    }
    YearTable {
        days,
        names,
        data_complete: data.is_complete(year),
    }
}

struct YearHolidays {
    holidays: HashMap<NaiveDate, LocalizedText>,
    in_lieu: HashMap<NaiveDate, LocalizedText>,
}

/// Public holidays of a year (rules + data) and the days off in lieu that the
/// weekend rule adds.
fn holidays_with_in_lieu(data: &CalendarData, year: i32) -> YearHolidays {
    let mut holidays = HashMap::new();
    let mut movable: Vec<(NaiveDate, LocalizedText)> = Vec::new();
    for h in rules::rule_holidays(year) {
        if h.weekend_moves {
            movable.push((h.date, h.name.clone()));
        }
        holidays.insert(h.date, h.name);
    }
    if let Some(yd) = data.years.get(&year) {
        for h in &yd.holidays {
            holidays.insert(h.date, LocalizedText::new(h.lv.clone(), h.en.clone()));
        }
        if year >= rules::FESTIVAL_RULE_SINCE {
            for f in &yd.festivals {
                let name = LocalizedText::new(rules::FESTIVAL_LV, rules::FESTIVAL_EN);
                movable.push((f.date, name.clone()));
                holidays.insert(f.date, name);
            }
        }
    }
    let mut in_lieu: HashMap<NaiveDate, LocalizedText> = HashMap::new();
    let taken: HashSet<NaiveDate> = holidays.keys().copied().collect();
    movable.sort_by_key(|(d, _)| *d);
    for (date, name) in movable {
        if !rules::is_weekend(date) {
            continue;
        }
        // "nākamo darbdienu nosaka par brīvdienu": the next Monday–Friday that
        // is not already a holiday or another day in lieu.
        let mut next = date + Duration::days(1);
        while rules::is_weekend(next) || taken.contains(&next) || in_lieu.contains_key(&next) {
            next += Duration::days(1);
        }
        in_lieu.insert(
            next,
            LocalizedText::new(
                format!("{} (pārceltā brīvdiena)", name.lv),
                format!("{} (day off in lieu)", name.en),
            ),
        );
    }
    YearHolidays { holidays, in_lieu }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn local_date_of_handles_both_offsets() {
        let cal = Calendar::embedded();
        // 2026-07-14 21:30 UTC is 00:30 on 15 July in Riga (UTC+3).
        let summer = time::to_utc(
            d(2026, 7, 15),
            NaiveTime::from_hms_opt(0, 30, 0).expect("t"),
        );
        assert_eq!(cal.local_date_of(summer.timestamp()), d(2026, 7, 15));
        assert_eq!(cal.local_date_of(summer.timestamp() - 3600), d(2026, 7, 14));
        let winter = time::to_utc(d(2026, 1, 15), NaiveTime::from_hms_opt(0, 0, 0).expect("t"));
        assert_eq!(cal.local_date_of(winter.timestamp()), d(2026, 1, 15));
        assert_eq!(cal.local_date_of(winter.timestamp() - 1), d(2026, 1, 14));
    }

    #[test]
    fn add_working_days_skips_holidays() {
        let cal = Calendar::embedded();
        // Thu 17.11.2026 + 1 → Thu 19.11 (18.11 is a holiday).
        assert_eq!(cal.add_working_days(d(2026, 11, 17), 1), d(2026, 11, 19));
        // From a Saturday, n = 0 is the next Monday.
        assert_eq!(cal.add_working_days(d(2026, 11, 21), 0), d(2026, 11, 23));
    }

    #[test]
    fn years_outside_the_cache_still_work() {
        let cal = Calendar::embedded();
        let day = cal.day(d(2400, 12, 25));
        assert_eq!(day.kind, DayKind::Holiday);
        assert!(!day.data_complete);
    }
}
