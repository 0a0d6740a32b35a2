//! Speed of the SLA engine and the calendar (numbers in docs/performance.md).
//!
//! Target of issue 3: 1,000,000 deadline computations of 10 working days each
//! in under 1 s; calendar lookups O(1) per day once a year is built.

use std::hint::black_box;

use chrono::{DateTime, NaiveDate, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use desk_core::api::catalogue_data::standard_catalog;
use desk_core::api::{Actor, ActorKind, RequestStatus, StatusChange};
use desk_core::calendar::{Calendar, CalendarData};
use desk_core::sla::{self, RequestSla};

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

/// Synthetic requests over two years: (created_at, history, shared?). A third
/// is still open (some waiting for the customer), the rest resolved or closed
/// after a few hours to a few weeks, as the demo seed and a real institution's
/// history look.
fn requests(n: usize) -> Vec<(DateTime<Utc>, Vec<StatusChange>, bool)> {
    use RequestStatus::*;
    let base = 1_735_689_600i64; // 2025-01-01T00:00:00Z
    let span = 690 * 86_400i64;
    let by = Actor {
        kind: ActorKind::Staff,
        name: "VRAA".into(),
    };
    (0..n as i64)
        .map(|i| {
            let created = base + (i * 5_953) % span;
            let step = 600 + (i * 7_919) % (3 * 86_400);
            let path: &[RequestStatus] = match i % 6 {
                0 => &[Registered],
                1 => &[Registered, Assigned, InProgress, WaitingForCustomer],
                2 => &[Registered, Assigned, InProgress, Resolved],
                3 => &[
                    Registered,
                    Assigned,
                    InProgress,
                    WaitingForCustomer,
                    InProgress,
                    Resolved,
                    Closed,
                ],
                4 => &[Cancelled],
                _ => &[Registered, Assigned, InProgress, Resolved, Closed],
            };
            let at = |k: i64| DateTime::from_timestamp(created + k * step, 0).unwrap_or_default();
            let mut history = vec![StatusChange {
                from: None,
                to: Submitted,
                at: at(0),
                by: by.clone(),
            }];
            let mut from = Submitted;
            for (k, &to) in path.iter().enumerate() {
                history.push(StatusChange {
                    from: Some(from),
                    to,
                    at: at(k as i64 + 1),
                    by: by.clone(),
                });
                from = to;
            }
            (at(0), history, i % 2 == 0)
        })
        .collect()
}

fn request_clocks(c: &mut Criterion) {
    let cal = Calendar::embedded();
    let catalog = standard_catalog();
    let policies_of = |type_id: &str| {
        let rt = catalog.request_type(type_id).expect("request type");
        let ps: Vec<_> = catalog
            .sla_policies
            .iter()
            .filter(|p| rt.sla_policy_ids.contains(&p.id))
            .collect();
        RequestSla::new(&ps)
    };
    let shared = policies_of("shared.issue");
    let central = policies_of("email.licence_assign");
    let all = requests(10_000);
    let now = DateTime::parse_from_rfc3339("2026-11-23T10:00:00Z")
        .expect("instant")
        .with_timezone(&Utc);
    for y in 2024..=2028 {
        black_box(cal.is_working_day(NaiveDate::from_ymd_opt(y, 6, 1).expect("date")));
    }
    let mut g = c.benchmark_group("sla");
    g.sample_size(20);
    g.bench_function("worst state of 10,000 requests", |b| {
        b.iter(|| {
            let mut breached = 0u32;
            for (created, history, is_shared) in &all {
                let sla = if *is_shared { &shared } else { &central };
                if sla.worst(*created, history, &cal, now) == Some(sla::SlaState::Breached) {
                    breached += 1;
                }
            }
            black_box(breached)
        })
    });
    g.finish();
}

criterion_group!(benches, deadlines, calendar, request_clocks);
criterion_main!(benches);
