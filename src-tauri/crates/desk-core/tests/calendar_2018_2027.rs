//! Every holiday, day off in lieu, moved day and shortened day of 2018–2027,
//! against the official decisions listed in `calendar/lv.toml` (sources there).
//! The expected tables were written out from the law and the Cabinet orders,
//! not produced by this crate.

use chrono::{Datelike, NaiveDate, Weekday};
use desk_core::calendar::{Calendar, CalendarData, DayKind};

struct Year {
    year: i32,
    /// Monday–Friday dates that are not working days (holidays, days in lieu, moved days off).
    off_weekdays: &'static [&'static str],
    /// Saturdays worked by Cabinet order.
    working_saturdays: &'static [&'static str],
    /// Working days one hour shorter.
    shortened: &'static [&'static str],
}

const YEARS: &[Year] = &[
    Year {
        year: 2018,
        off_weekdays: &[
            "01-01", "03-30", "04-02", "04-30", "05-01", "05-04", "07-09", "09-24", "11-19",
            "12-24", "12-25", "12-26", "12-31",
        ],
        working_saturdays: &["04-21"],
        shortened: &["03-29", "04-21", "05-03", "06-22"],
    },
    Year {
        year: 2019,
        off_weekdays: &[
            "01-01", "04-19", "04-22", "05-01", "05-06", "06-24", "11-18", "12-24", "12-25",
            "12-26", "12-31",
        ],
        working_saturdays: &[],
        shortened: &["04-18", "04-30", "05-03", "12-23", "12-30"],
    },
    Year {
        year: 2020,
        off_weekdays: &[
            "01-01", "04-10", "04-13", "05-01", "05-04", "06-22", "06-23", "06-24", "11-18",
            "12-24", "12-25", "12-31",
        ],
        working_saturdays: &["06-13"],
        shortened: &["04-09", "04-30", "06-13", "11-17", "12-23", "12-30"],
    },
    Year {
        year: 2021,
        off_weekdays: &[
            "01-01", "04-02", "04-05", "05-03", "05-04", "06-23", "06-24", "06-25", "11-18",
            "11-19", "12-24", "12-31",
        ],
        working_saturdays: &["05-08", "06-19", "11-13"],
        shortened: &[
            "04-01", "04-30", "05-08", "06-22", "11-17", "12-23", "12-30",
        ],
    },
    Year {
        year: 2022,
        off_weekdays: &[
            "04-15", "04-18", "05-04", "06-23", "06-24", "11-18", "12-26",
        ],
        working_saturdays: &[],
        shortened: &["04-14", "05-03", "06-22", "11-17", "12-23", "12-30"],
    },
    Year {
        year: 2023,
        off_weekdays: &[
            "04-07", "04-10", "05-01", "05-04", "05-05", "05-29", "06-23", "07-10", "11-20",
            "12-25", "12-26",
        ],
        working_saturdays: &["05-20"],
        shortened: &["04-06", "05-03", "06-22", "11-17"],
    },
    Year {
        year: 2024,
        off_weekdays: &[
            "01-01", "03-29", "04-01", "05-01", "05-06", "06-24", "11-18", "12-23", "12-24",
            "12-25", "12-26", "12-30", "12-31",
        ],
        working_saturdays: &["12-14", "12-28"],
        shortened: &["03-28", "04-30", "05-03", "12-14", "12-28"],
    },
    Year {
        year: 2025,
        off_weekdays: &[
            "01-01", "04-18", "04-21", "05-01", "05-02", "05-05", "06-23", "06-24", "11-17",
            "11-18", "12-24", "12-25", "12-26", "12-31",
        ],
        working_saturdays: &["05-10", "11-08"],
        // 10.05 (the Saturday worked for 2.05) is before Sunday 11.05, Mātes diena,
        // a holiday of §1 of the law on holidays: shortened by Darba likums 135. pants
        // (derived from that rule; no page read states it for 2025).
        shortened: &["04-17", "04-30", "05-10", "11-08", "12-23", "12-30"],
    },
    Year {
        year: 2026,
        off_weekdays: &[
            "01-01", "01-02", "04-03", "04-06", "05-01", "05-04", "06-22", "06-23", "06-24",
            "11-18", "12-24", "12-25", "12-31",
        ],
        working_saturdays: &["01-17", "06-27"],
        shortened: &["04-02", "04-30", "06-27", "11-17", "12-23", "12-30"],
    },
    Year {
        year: 2027,
        off_weekdays: &[
            "01-01", "03-26", "03-29", "05-04", "06-23", "06-24", "11-18", "12-24", "12-31",
        ],
        working_saturdays: &[],
        shortened: &[
            "03-25", "04-30", "05-03", "06-22", "11-17", "12-23", "12-30",
        ],
    },
];

fn date(year: i32, md: &str) -> NaiveDate {
    NaiveDate::parse_from_str(&format!("{year}-{md}"), "%Y-%m-%d").expect("valid table date")
}

fn set(year: i32, mds: &[&str]) -> Vec<NaiveDate> {
    let mut v: Vec<NaiveDate> = mds.iter().map(|md| date(year, md)).collect();
    v.sort();
    v
}

#[test]
fn every_day_of_2018_to_2027_matches_the_official_calendar() {
    let cal = Calendar::embedded();
    for y in YEARS {
        let days = cal.days(date(y.year, "01-01"), date(y.year, "12-31"));
        let is_weekend = |d: NaiveDate| matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        let off: Vec<NaiveDate> = days
            .iter()
            .filter(|d| !d.working && !is_weekend(d.date))
            .map(|d| d.date)
            .collect();
        let sat: Vec<NaiveDate> = days
            .iter()
            .filter(|d| d.working && is_weekend(d.date))
            .map(|d| d.date)
            .collect();
        let short: Vec<NaiveDate> = days
            .iter()
            .filter(|d| d.shortened)
            .map(|d| d.date)
            .collect();
        assert_eq!(
            off,
            set(y.year, y.off_weekdays),
            "days off on weekdays in {}",
            y.year
        );
        assert_eq!(
            sat,
            set(y.year, y.working_saturdays),
            "working Saturdays in {}",
            y.year
        );
        assert_eq!(
            short,
            set(y.year, y.shortened),
            "shortened days in {}",
            y.year
        );
        assert!(
            days.iter().filter(|d| d.shortened).all(|d| d.working),
            "only working days are shortened"
        );
    }
}

#[test]
fn working_day_counts_per_year() {
    // Totals published by workingdays.info for 2024–2027 (251, 249, 250, 252);
    // a Cabinet move swaps a weekday for a Saturday and keeps the total.
    let cal = Calendar::embedded();
    let count = |y: i32| {
        cal.days(date(y, "01-01"), date(y, "12-31"))
            .iter()
            .filter(|d| d.working)
            .count()
    };
    assert_eq!(count(2024), 251);
    assert_eq!(count(2025), 249);
    assert_eq!(count(2026), 250);
    assert_eq!(count(2027), 252);
}

#[test]
fn kinds_and_names_of_special_days() {
    let cal = Calendar::embedded();
    let day = |s: &str| cal.day(NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date"));

    let proclamation = day("2026-11-18");
    assert_eq!(proclamation.kind, DayKind::Holiday);
    let name = proclamation.holiday.expect("named");
    assert_eq!(name.lv, "Latvijas Republikas Proklamēšanas diena");
    assert_eq!(name.en, "Proclamation Day of the Republic of Latvia");

    let in_lieu = day("2023-11-20");
    assert_eq!(in_lieu.kind, DayKind::HolidayInLieu);
    assert!(in_lieu
        .holiday
        .expect("named")
        .en
        .contains("day off in lieu"));

    let festival = day("2023-07-10");
    assert_eq!(festival.kind, DayKind::HolidayInLieu);
    assert!(festival
        .holiday
        .expect("named")
        .lv
        .contains("Dziesmu un deju svētku"));
    assert_eq!(day("2023-07-09").kind, DayKind::Holiday);

    let pope = day("2018-09-24");
    assert_eq!(pope.kind, DayKind::Holiday);
    assert!(pope.holiday.expect("named").en.contains("Pope Francis"));

    let bridge = day("2026-01-02");
    assert_eq!(bridge.kind, DayKind::MovedDayOff);
    assert_eq!(bridge.holiday, None);
    assert_eq!(bridge.moved_pair, Some(date(2026, "01-17")));

    let saturday = day("2026-01-17");
    assert_eq!(saturday.kind, DayKind::MovedWorkingDay);
    assert!(saturday.working);
    assert_eq!(saturday.moved_pair, Some(date(2026, "01-02")));

    // Sunday holidays exist but change nothing about working.
    assert_eq!(
        day("2026-05-10").holiday.expect("Mother's Day").lv,
        "Mātes diena"
    );
    assert_eq!(
        day("2026-05-24").holiday.expect("Pentecost").en,
        "Pentecost"
    );
}

#[test]
fn years_beyond_the_data_use_rules_only_and_say_so() {
    let cal = Calendar::embedded();
    let d = cal.day(date(2028, "11-20"));
    // 18.11.2028 is a Saturday: the weekend rule makes Monday 20 November a day off.
    assert_eq!(d.kind, DayKind::HolidayInLieu);
    assert!(!d.data_complete);
    // The 2028 festival date is not in the data, so 10 July 2028 stays a working day.
    assert!(cal.day(date(2028, "07-10")).working);
    assert!(cal.day(date(2026, "07-10")).data_complete);
    assert!(
        !cal.day(date(2027, "07-10")).data_complete,
        "2027 is marked unverified"
    );
}

#[test]
fn a_newer_data_file_overrides_at_runtime() {
    let newer = r#"
        schema = 1
        version = 2027070101
        [[year]]
        year = 2028
        complete = true
        source = "test: a future Cabinet order and festival date"
        [[moved]]
        off = "2028-06-22"
        work = "2028-06-17"
        source = "test"
        [[festival]]
        date = "2028-07-09"
        source = "test"
    "#;
    let cal = Calendar::with_override(newer).expect("valid override");
    assert_eq!(cal.day(date(2028, "06-22")).kind, DayKind::MovedDayOff);
    assert!(cal.day(date(2028, "06-17")).working);
    assert_eq!(cal.day(date(2028, "07-10")).kind, DayKind::HolidayInLieu);
    assert!(cal.day(date(2028, "07-10")).data_complete);
    // The embedded years are still there.
    assert_eq!(cal.day(date(2026, "01-02")).kind, DayKind::MovedDayOff);

    let merged = CalendarData::embedded().merge(CalendarData::parse(newer).expect("parses"));
    assert!(merged.is_complete(2028));
}

/// Darba likums 135. pants: a Saturday worked in place of a moved day is
/// shortened when the day it stands in for is a pre-holiday day, and also
/// when the day after the Saturday itself is a holiday.
#[test]
fn a_worked_saturday_before_a_holiday_is_shortened() {
    // 24.12.2028 (Christmas Eve, a holiday) is a Sunday; a test order moves
    // Friday 29.12.2028 to Saturday 23.12.2028. 30.12 is no holiday, so only
    // the day after the Saturday makes it shorter.
    let order = r#"
        schema = 1
        version = 2027070101
        [[year]]
        year = 2028
        complete = true
        source = "test"
        [[moved]]
        off = "2028-12-29"
        work = "2028-12-23"
        source = "test"
        [[moved]]
        off = "2028-12-27"
        work = "2028-12-16"
        source = "test"
    "#;
    let cal = Calendar::with_override(order).expect("valid override");
    let saturday = cal.day(date(2028, "12-23"));
    assert!(saturday.working);
    assert!(saturday.shortened, "Sunday 24.12 is a holiday");
    // Standing in for a day that is not before a holiday, with a Sunday after
    // it that is not one either: a full day.
    let other = cal.day(date(2028, "12-16"));
    assert!(other.working);
    assert!(!other.shortened);
    // The standing-in rule still holds (2024: 23.12 moved to Saturday 14.12).
    assert!(Calendar::embedded().day(date(2024, "12-14")).shortened);
}

#[test]
fn lookups_are_consistent_across_the_cached_range() {
    let cal = Calendar::embedded();
    // Every day of a century answers, and Christmas is never working.
    for y in [1990, 2000, 2050, 2099, 2150] {
        assert!(!cal.is_working_day(date(y, "12-25")), "{y}");
    }
}

/// One Cabinet order "Par darba dienas/dienu pārcelšanu … gadā": the weekday
/// made a day off, the Saturday worked instead, and whether that Saturday is
/// one hour shorter (Darba likums 135. pants), as the orders were reported
/// (pages read on 2026-12-01, named beside each year). Written by hand from
/// those pages, not from `calendar/lv.toml`.
struct Order {
    year: i32,
    /// (day off, Saturday worked, the Saturday is shortened)
    moves: &'static [(&'static str, &'static str, bool)],
}

const ORDERS: &[Order] = &[
    // MK rīkojums Nr. 211 (ifinanses.lv; jauns.lv 2017-12; vdi.gov.lv 16.04.2018:
    // 21 April is a pre-holiday day because 30 April was).
    Order {
        year: 2018,
        moves: &[("04-30", "04-21", true)],
    },
    // No order for 2019 (apollo.lv: no order was issued the year before).
    Order {
        year: 2019,
        moves: &[],
    },
    // la.lv "Šodien visā Latvijā ir oficiāla darba diena" (13.06.2020).
    Order {
        year: 2020,
        moves: &[("06-22", "06-13", true)],
    },
    // ziemellatvija.lv 2020-05: 3 May → 8 May, 25 June → 19 June, 19 Nov → 13 Nov.
    Order {
        year: 2021,
        moves: &[
            ("05-03", "05-08", true),
            ("06-25", "06-19", false),
            ("11-19", "11-13", false),
        ],
    },
    Order {
        year: 2022,
        moves: &[],
    },
    // tvnet.lv / jauns.lv 2022-06: Friday 5 May → Saturday 20 May.
    Order {
        year: 2023,
        moves: &[("05-05", "05-20", false)],
    },
    // delfi.lv / diena.lv 2023-06; ventasbalss.lv: both Saturdays are pre-holiday days.
    Order {
        year: 2024,
        moves: &[("12-23", "12-14", true), ("12-30", "12-28", true)],
    },
    // 10 May: Sunday 11 May 2025 is Mātes diena, a holiday; 8 Nov stands for 17 Nov.
    Order {
        year: 2025,
        moves: &[("05-02", "05-10", true), ("11-17", "11-08", true)],
    },
    // jauns.lv 17.01.2026 (2 January → 17 January); 22 June → 27 June.
    Order {
        year: 2026,
        moves: &[("01-02", "01-17", false), ("06-22", "06-27", true)],
    },
];

#[test]
fn moved_days_match_the_cabinet_orders_as_published() {
    let cal = Calendar::embedded();
    for order in ORDERS {
        let days = cal.days(date(order.year, "01-01"), date(order.year, "12-31"));
        let moved: Vec<(NaiveDate, NaiveDate, bool)> = days
            .iter()
            .filter(|d| d.kind == DayKind::MovedWorkingDay)
            .map(|d| (d.moved_pair.expect("paired"), d.date, d.shortened))
            .collect();
        let expected: Vec<(NaiveDate, NaiveDate, bool)> = order
            .moves
            .iter()
            .map(|(off, work, short)| (date(order.year, off), date(order.year, work), *short))
            .collect();
        assert_eq!(moved, expected, "Cabinet order for {}", order.year);
        for (off, work, _) in &expected {
            assert_eq!(cal.day(*off).kind, DayKind::MovedDayOff, "{off}");
            assert_eq!(cal.day(*off).moved_pair, Some(*work));
            assert_eq!(work.weekday(), Weekday::Sat, "{work}");
        }
        assert!(cal.data_complete(order.year), "{}", order.year);
    }
    // 2027: no published order was found, so the year is rules only.
    assert!(!cal.data_complete(2027));
}
