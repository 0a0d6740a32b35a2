//! The rules of the law "Par svētku, atceres un atzīmējamām dienām" §1, in code.
//!
//! Everything here follows from the date alone; one-off decisions (moved
//! working days, special-law holidays, festival dates) come from data.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::LocalizedText;

/// How a rule-based holiday is fixed in the year.
#[derive(Debug, Clone, Copy)]
enum When {
    Fixed {
        month: u32,
        day: u32,
    },
    /// Days after Western Easter Sunday (negative = before).
    Easter(i64),
    /// The second Sunday of May.
    SecondSundayOfMay,
}

/// One holiday of the law with the first year it applies.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HolidayRule {
    when: When,
    /// First year the day is a holiday. Years before 2018 matter only for
    /// old requests; where the amendment year could not be verified it says so.
    since: i32,
    /// When it falls on a Saturday or Sunday, the next working day is off.
    pub(crate) weekend_moves_to_next_working_day: bool,
    pub(crate) lv: &'static str,
    pub(crate) en: &'static str,
}

/// The weekend-to-next-working-day rule for 4 May and 18 November entered into
/// force on 26.06.2007 (amendment of 24.05.2007); the first day it produced was
/// Monday 19.11.2007.
pub(crate) const WEEKEND_RULE_SINCE: i32 = 2007;

/// The closing day of the Song and Dance Festival is a holiday, with the weekend
/// rule, by the amendment of 02.10.2014 (in force 22.10.2014).
pub(crate) const FESTIVAL_RULE_SINCE: i32 = 2014;

pub(crate) const FESTIVAL_LV: &str = "Vispārējo latviešu Dziesmu un deju svētku noslēguma diena";
pub(crate) const FESTIVAL_EN: &str = "Closing day of the General Latvian Song and Dance Festival";

pub(crate) const RULES: &[HolidayRule] = &[
    HolidayRule {
        when: When::Fixed { month: 1, day: 1 },
        since: 1990,
        weekend_moves_to_next_working_day: false,
        lv: "Jaungada diena",
        en: "New Year's Day",
    },
    HolidayRule {
        when: When::Easter(-2),
        since: 1990,
        weekend_moves_to_next_working_day: false,
        lv: "Lielā Piektdiena",
        en: "Good Friday",
    },
    HolidayRule {
        when: When::Easter(0),
        since: 1990,
        weekend_moves_to_next_working_day: false,
        lv: "Pirmās Lieldienas",
        en: "Easter Sunday",
    },
    HolidayRule {
        when: When::Easter(1),
        // Not in the 1990 text; added by one of the amendments of 1995/1996
        // (exact year not verified).
        since: 1996,
        weekend_moves_to_next_working_day: false,
        lv: "Otrās Lieldienas",
        en: "Easter Monday",
    },
    HolidayRule {
        when: When::Fixed { month: 5, day: 1 },
        since: 1990,
        weekend_moves_to_next_working_day: false,
        lv: "Darba svētki, Latvijas Republikas Satversmes sapulces sasaukšanas diena",
        en: "Labour Day, Convocation of the Constituent Assembly of the Republic of Latvia",
    },
    HolidayRule {
        when: When::Fixed { month: 5, day: 4 },
        // A holiday by the amendment of 21.03.2002.
        since: 2002,
        weekend_moves_to_next_working_day: true,
        lv: "Latvijas Republikas Neatkarības atjaunošanas diena",
        en: "Restoration of Independence Day of the Republic of Latvia",
    },
    HolidayRule {
        when: When::SecondSundayOfMay,
        since: 1990,
        weekend_moves_to_next_working_day: false,
        lv: "Mātes diena",
        en: "Mother's Day",
    },
    HolidayRule {
        when: When::Easter(49),
        // Not in the 1990 text; added by the amendments of the 1990s
        // (exact year not verified).
        since: 1996,
        weekend_moves_to_next_working_day: false,
        lv: "Vasarsvētki",
        en: "Pentecost",
    },
    HolidayRule {
        when: When::Fixed { month: 6, day: 23 },
        since: 1990,
        weekend_moves_to_next_working_day: false,
        lv: "Līgo diena",
        en: "Midsummer Eve (Līgo Day)",
    },
    HolidayRule {
        when: When::Fixed { month: 6, day: 24 },
        since: 1990,
        weekend_moves_to_next_working_day: false,
        lv: "Jāņu diena",
        en: "Midsummer Day (Jāņi)",
    },
    HolidayRule {
        when: When::Fixed { month: 11, day: 18 },
        since: 1990,
        weekend_moves_to_next_working_day: true,
        lv: "Latvijas Republikas Proklamēšanas diena",
        en: "Proclamation Day of the Republic of Latvia",
    },
    HolidayRule {
        when: When::Fixed { month: 12, day: 24 },
        // Amendment of 24.05.2007 (in force 26.06.2007).
        since: 2007,
        weekend_moves_to_next_working_day: false,
        lv: "Ziemassvētku vakars",
        en: "Christmas Eve",
    },
    HolidayRule {
        when: When::Fixed { month: 12, day: 25 },
        since: 1990,
        weekend_moves_to_next_working_day: false,
        lv: "Pirmie Ziemassvētki",
        en: "Christmas Day",
    },
    HolidayRule {
        when: When::Fixed { month: 12, day: 26 },
        since: 1990,
        weekend_moves_to_next_working_day: false,
        lv: "Otrie Ziemassvētki",
        en: "Second Day of Christmas",
    },
    HolidayRule {
        when: When::Fixed { month: 12, day: 31 },
        since: 1990,
        weekend_moves_to_next_working_day: false,
        lv: "Vecgada diena",
        en: "New Year's Eve",
    },
];

/// A holiday found for a year, before the weekend rule is applied.
#[derive(Debug, Clone)]
pub(crate) struct RuleHoliday {
    pub(crate) date: NaiveDate,
    pub(crate) name: LocalizedText,
    pub(crate) weekend_moves: bool,
}

/// Western (Gregorian) Easter Sunday: the anonymous Gregorian algorithm
/// (Meeus/Jones/Butcher), valid for every Gregorian year.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

fn second_sunday_of_may(year: i32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, 5, 1)?;
    let to_sunday = (7 - first.weekday().num_days_from_sunday()) % 7;
    Some(first + Duration::days(i64::from(to_sunday) + 7))
}

/// All rule-based holidays of a year, in law order.
pub(crate) fn rule_holidays(year: i32) -> Vec<RuleHoliday> {
    let easter = easter_sunday(year);
    RULES
        .iter()
        .filter(|r| year >= r.since)
        .filter_map(|r| {
            let date = match r.when {
                When::Fixed { month, day } => NaiveDate::from_ymd_opt(year, month, day),
                When::Easter(offset) => easter.map(|e| e + Duration::days(offset)),
                When::SecondSundayOfMay => second_sunday_of_may(year),
            }?;
            Some(RuleHoliday {
                date,
                name: LocalizedText::new(r.lv, r.en),
                weekend_moves: r.weekend_moves_to_next_working_day && year >= WEEKEND_RULE_SINCE,
            })
        })
        .collect()
}

pub(crate) fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_dates_match_published_tables() {
        let known = [
            (2018, 4, 1),
            (2019, 4, 21),
            (2020, 4, 12),
            (2021, 4, 4),
            (2022, 4, 17),
            (2023, 4, 9),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2028, 4, 16),
            (2038, 4, 25),
        ];
        for (y, m, d) in known {
            assert_eq!(easter_sunday(y), NaiveDate::from_ymd_opt(y, m, d), "{y}");
        }
    }

    #[test]
    fn mothers_day_is_second_sunday() {
        assert_eq!(
            second_sunday_of_may(2026),
            NaiveDate::from_ymd_opt(2026, 5, 10)
        );
        assert_eq!(
            second_sunday_of_may(2022),
            NaiveDate::from_ymd_opt(2022, 5, 8)
        );
    }

    #[test]
    fn christmas_eve_only_from_2007() {
        let has_eve = |y| {
            rule_holidays(y)
                .iter()
                .any(|h| h.date.month() == 12 && h.date.day() == 24)
        };
        assert!(!has_eve(2006));
        assert!(has_eve(2007));
    }
}
