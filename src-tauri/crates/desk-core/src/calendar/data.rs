//! The calendar's one-off decisions as data: parsed from TOML text (the file
//! embedded at build time, or a newer one the app read from its data directory
//! or received from VRAA), validated, and merged year by year by version.
//!
//! No IO happens here: callers hand in the text.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// The calendar data embedded in every build.
pub const EMBEDDED_LV_TOML: &str = include_str!("../../calendar/lv.toml");

/// Data-file schema this code understands.
pub const SCHEMA: u32 = 1;

/// Why a calendar data file was refused.
#[derive(Debug, thiserror::Error)]
pub enum CalendarDataError {
    #[error("kalendāra dati nav derīgs TOML / calendar data is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("kalendāra datu shēma {found} nav atbalstīta (gaidīta {expected}) / calendar data schema {found} is not supported (expected {expected})")]
    Schema { found: u32, expected: u32 },
    #[error("pārceltās darba dienas {off} brīvdiena nav darbdiena P–Pk / moved day off {off} is not a Monday–Friday")]
    MovedOffNotWeekday { off: NaiveDate },
    #[error(
        "pārceltā darba diena {work} nav sestdiena / moved working day {work} is not a Saturday"
    )]
    MovedWorkNotSaturday { work: NaiveDate },
    #[error("darba dienu {off} var pārcelt tikai uz tā paša mēneša sestdienu, ne uz {work} (Darba likuma 133. panta ceturtā daļa) / working day {off} can only be moved to a Saturday of the same month, not {work} (Labour Law §133(4))")]
    MovedOtherMonth { off: NaiveDate, work: NaiveDate },
    #[error("ierakstam {date} trūkst avota / entry {date} has no source reference")]
    MissingSource { date: NaiveDate },
    #[error("ieraksts {date} attiecas uz gadu, kas nav norādīts [[year]] sarakstā / entry {date} is in a year the file does not list under [[year]]")]
    YearNotListed { date: NaiveDate },
}

/// A working day moved by a Cabinet order: `off` becomes a day off, the
/// Saturday `work` is worked instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovedDay {
    pub off: NaiveDate,
    pub work: NaiveDate,
    pub source: String,
    /// Data version that made this entry; defaults to the file's `version`.
    #[serde(default)]
    pub version: Option<u64>,
}

/// A one-off public holiday set by a special law.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OneOffHoliday {
    pub date: NaiveDate,
    pub lv: String,
    pub en: String,
    pub source: String,
    /// Data version that made this entry; defaults to the file's `version`.
    #[serde(default)]
    pub version: Option<u64>,
}

/// The closing day of the General Latvian Song and Dance Festival.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FestivalDay {
    pub date: NaiveDate,
    pub source: String,
    /// Data version that made this entry; defaults to the file's `version`.
    #[serde(default)]
    pub version: Option<u64>,
}

/// Which years a data set speaks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearCoverage {
    pub year: i32,
    /// `false` when the decisions of that year could not be confirmed.
    pub complete: bool,
    pub source: String,
}

#[derive(Debug, Deserialize)]
struct RawFile {
    schema: u32,
    version: u64,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    year: Vec<YearCoverage>,
    #[serde(default)]
    moved: Vec<MovedDay>,
    #[serde(default)]
    holiday: Vec<OneOffHoliday>,
    #[serde(default)]
    festival: Vec<FestivalDay>,
}

/// Everything the data says about one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearData {
    /// Version of the data set this year came from.
    pub version: u64,
    pub coverage: YearCoverage,
    pub moved: Vec<MovedDay>,
    pub holidays: Vec<OneOffHoliday>,
    pub festivals: Vec<FestivalDay>,
}

/// Calendar data, keyed by year. Build it with [`CalendarData::parse`], combine
/// sets with [`CalendarData::merge`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarData {
    /// Highest version among the merged sets.
    pub version: u64,
    pub published: Option<String>,
    pub years: BTreeMap<i32, YearData>,
}

impl CalendarData {
    /// The data embedded at build time. The embedded file is checked by a test,
    /// so failing here means the build itself is broken.
    pub fn embedded() -> Self {
        #[allow(clippy::expect_used)]
        Self::parse(EMBEDDED_LV_TOML)
            .expect("embedded calendar/lv.toml is valid (checked by tests)")
    }

    /// Parses and validates a data file.
    pub fn parse(text: &str) -> Result<Self, CalendarDataError> {
        let raw: RawFile = toml::from_str(text)?;
        if raw.schema != SCHEMA {
            return Err(CalendarDataError::Schema {
                found: raw.schema,
                expected: SCHEMA,
            });
        }
        let mut years: BTreeMap<i32, YearData> = raw
            .year
            .into_iter()
            .map(|c| {
                (
                    c.year,
                    YearData {
                        version: raw.version,
                        coverage: c,
                        moved: Vec::new(),
                        holidays: Vec::new(),
                        festivals: Vec::new(),
                    },
                )
            })
            .collect();

        let stamp = |v: &mut Option<u64>| {
            v.get_or_insert(raw.version);
        };
        for mut m in raw.moved {
            stamp(&mut m.version);
            if matches!(m.off.weekday(), Weekday::Sat | Weekday::Sun) {
                return Err(CalendarDataError::MovedOffNotWeekday { off: m.off });
            }
            if m.work.weekday() != Weekday::Sat {
                return Err(CalendarDataError::MovedWorkNotSaturday { work: m.work });
            }
            if (m.work.year(), m.work.month()) != (m.off.year(), m.off.month()) {
                return Err(CalendarDataError::MovedOtherMonth {
                    off: m.off,
                    work: m.work,
                });
            }
            require_source(&m.source, m.off)?;
            year_of(&mut years, m.off)?.moved.push(m);
        }
        for mut h in raw.holiday {
            stamp(&mut h.version);
            require_source(&h.source, h.date)?;
            year_of(&mut years, h.date)?.holidays.push(h);
        }
        for mut f in raw.festival {
            stamp(&mut f.version);
            require_source(&f.source, f.date)?;
            year_of(&mut years, f.date)?.festivals.push(f);
        }
        Ok(Self {
            version: raw.version,
            published: raw.published,
            years,
        })
    }

    /// Combines two data sets: for every year, the set with the higher version
    /// wins as a whole (so a newer file can also withdraw an entry); years only
    /// one set knows are kept.
    pub fn merge(mut self, other: CalendarData) -> CalendarData {
        for (year, data) in other.years {
            match self.years.get(&year) {
                Some(existing) if existing.version >= data.version => {}
                _ => {
                    self.years.insert(year, data);
                }
            }
        }
        if other.version > self.version {
            self.version = other.version;
            self.published = other.published;
        }
        self
    }

    /// Whether the data speaks for `year` and its decisions were confirmed.
    pub fn is_complete(&self, year: i32) -> bool {
        self.years.get(&year).is_some_and(|y| y.coverage.complete)
    }
}

fn require_source(source: &str, date: NaiveDate) -> Result<(), CalendarDataError> {
    if source.trim().is_empty() {
        Err(CalendarDataError::MissingSource { date })
    } else {
        Ok(())
    }
}

fn year_of(
    years: &mut BTreeMap<i32, YearData>,
    date: NaiveDate,
) -> Result<&mut YearData, CalendarDataError> {
    years
        .get_mut(&date.year())
        .ok_or(CalendarDataError::YearNotListed { date })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_parses_and_covers_2018_to_2027() {
        let data = CalendarData::parse(EMBEDDED_LV_TOML).expect("embedded data parses");
        for y in 2018..=2027 {
            assert!(data.years.contains_key(&y), "year {y} listed");
        }
        assert!(data.is_complete(2026));
        assert!(!data.is_complete(2027), "2027 could not be verified");
        assert!(!data.is_complete(2028));
    }

    #[test]
    fn rejects_a_moved_day_on_a_sunday() {
        let text = r#"
            schema = 1
            version = 1
            [[year]]
            year = 2030
            complete = true
            source = "test"
            [[moved]]
            off = "2030-05-03"
            work = "2030-05-12"
            source = "test"
        "#;
        let err = CalendarData::parse(text).expect_err("Sunday is refused");
        assert!(
            matches!(err, CalendarDataError::MovedWorkNotSaturday { .. }),
            "{err}"
        );
    }

    #[test]
    fn rejects_a_move_into_another_month() {
        let text = r#"
            schema = 1
            version = 1
            [[year]]
            year = 2030
            complete = true
            source = "test"
            [[moved]]
            off = "2030-05-31"
            work = "2030-06-01"
            source = "test"
        "#;
        assert!(matches!(
            CalendarData::parse(text),
            Err(CalendarDataError::MovedOtherMonth { .. })
        ));
    }

    #[test]
    fn rejects_entry_without_source_and_unlisted_year() {
        let no_source = r#"
            schema = 1
            version = 1
            [[year]]
            year = 2030
            complete = true
            source = "x"
            [[holiday]]
            date = "2030-02-01"
            lv = "a"
            en = "b"
            source = " "
        "#;
        assert!(matches!(
            CalendarData::parse(no_source),
            Err(CalendarDataError::MissingSource { .. })
        ));
        let unlisted = r#"
            schema = 1
            version = 1
            [[holiday]]
            date = "2031-02-01"
            lv = "a"
            en = "b"
            source = "x"
        "#;
        assert!(matches!(
            CalendarData::parse(unlisted),
            Err(CalendarDataError::YearNotListed { .. })
        ));
    }

    #[test]
    fn rejects_other_schema_and_bad_toml() {
        assert!(matches!(
            CalendarData::parse("schema = 2\nversion = 1\n"),
            Err(CalendarDataError::Schema { found: 2, .. })
        ));
        assert!(matches!(
            CalendarData::parse("schema = "),
            Err(CalendarDataError::Toml(_))
        ));
    }

    #[test]
    fn newer_version_replaces_a_year_and_adds_new_ones() {
        let base = CalendarData::embedded();
        let newer = CalendarData::parse(
            r#"
            schema = 1
            version = 2099010101
            [[year]]
            year = 2027
            complete = true
            source = "MK rīkojums (test)"
            [[moved]]
            off = "2027-05-03"
            work = "2027-05-08"
            source = "test"
            [[year]]
            year = 2028
            complete = true
            source = "test"
        "#,
        )
        .expect("parses");
        let merged = base.clone().merge(newer.clone());
        assert!(merged.is_complete(2027));
        assert_eq!(merged.years[&2027].moved.len(), 1);
        assert!(merged.is_complete(2028));
        assert_eq!(
            merged.years[&2026], base.years[&2026],
            "untouched years stay"
        );
        assert_eq!(merged.version, 2099010101);
        assert_eq!(
            merged.years[&2027].moved[0].version,
            Some(2099010101),
            "entries carry their version"
        );
        assert_eq!(merged.years[&2026].moved[0].version, Some(base.version));

        // Older data never overrides newer, whichever way round they are merged.
        let reversed = newer.merge(base);
        assert_eq!(reversed.years[&2027].moved.len(), 1);
    }
}
