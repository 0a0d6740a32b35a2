//! Speed of the SLA engine and the calendar (numbers in docs/performance.md).
//!
//! Target of issue 3: 1,000,000 deadline computations of 10 working days each
//! in under 1 s; calendar lookups O(1) per day once a year is built.

use std::hint::black_box;

use chrono::{DateTime, NaiveDate, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use desk_core::calendar::{Calendar, CalendarData};
use desk_core::sla;

/// Start instants spread over 2024–2027 (every 2 h 17 min, so starts fall
/// inside and outside the window, on weekends, holidays and shortened days).
fn starts(n: usize) -> Vec<DateTime<Utc>> {
    let base = 1_704_067_200i64; // 2024-01-01T00:00:00Z
    (0..n as i64)
        .map(|i| {
            DateTime::from_timestamp(base + (i * 8_220) % (4 * 365 * 86_400), 0).unwrap_or_default()
        })
        .collect()
}

fn deadlines(c: &mut Criterion) {
    let cal = Calendar::embedded();
    let policy = sla::policy("shared.task_done").expect("built-in policy");
    assert_eq!(policy.target, 10);
    let starts = starts(1_000_000);
    // Build the year tables once, as a running app would have.
    for y in 2024..=2028 {
        black_box(cal.is_working_day(NaiveDate::from_ymd_opt(y, 6, 1).expect("date")));
    }

    let mut g = c.benchmark_group("sla");
    g.sample_size(10);
    g.bench_function("1M deadlines of 10 working days", |b| {
        b.iter(|| {
            let mut acc = 0i64;
            for s in &starts {
                acc ^= policy
                    .deadline(&cal, *s)
                    .map(|d| d.timestamp())
                    .unwrap_or(0);
            }
            black_box(acc)
        })
    });
    g.finish();

    let central = sla::policy("central.processing").expect("built-in policy");
    c.bench_function("one deadline, central.processing (1 wd)", |b| {
        let s = starts[12_345];
        b.iter(|| central.deadline(&cal, black_box(s)))
    });
    let task_start = sla::policy("shared.task_start").expect("built-in policy");
    c.bench_function("one deadline, shared.task_start (2 working h)", |b| {
        let s = starts[54_321];
        b.iter(|| task_start.deadline(&cal, black_box(s)))
    });
}

fn calendar(c: &mut Criterion) {
    let cal = Calendar::embedded();
    let day = NaiveDate::from_ymd_opt(2026, 11, 17).expect("date");
    black_box(cal.is_working_day(day));
    c.bench_function("calendar lookup, year built", |b| {
        b.iter(|| cal.is_working_day(black_box(day)))
    });
    c.bench_function("calendar: build one year (first lookup)", |b| {
        b.iter_batched(
            || Calendar::new(CalendarData::embedded()),
            |fresh| fresh.is_working_day(black_box(day)),
            criterion::BatchSize::SmallInput,
        )
    });
}

criterion_group!(benches, deadlines, calendar);
criterion_main!(benches);
