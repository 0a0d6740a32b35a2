//! Speed of the request list queries (issue 6) on 10,000 requests with
//! 3–6 status changes and 2 comments each (20,000 comments):
//!
//! - the whole list with every row's status history — target < 60 ms;
//! - a search-as-you-type prefix ("licen") — target < 20 ms;
//! - the same search narrowed to one service, sorted by status;
//! - the unread count and the status counts of the overview.
//!
//! Run: `cargo bench -p desk-store --bench list_queries`.
//!
//! Before criterion's wall-clock figures it prints each query's mean CPU
//! time of this thread (from `/proc/thread-self/schedstat`), which stays
//! meaningful when other builds share the machine's two cores.

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use desk_core::api::{
    Actor, ActorKind, Change, ChangeData, ChangePage, Comment, Request, RequestStatus, StatusChange,
};
use desk_store::{RequestQuery, RequestSort, Store};

const REQUESTS: usize = 10_000;

const WORDS: &[&str] = &[
    "pastkaste",
    "licence",
    "ķēde",
    "dokuments",
    "pieeja",
    "lietotājs",
    "kļūda",
    "serveris",
    "autentifikācija",
    "maksājums",
    "paziņojums",
    "arhīvs",
    "vēstule",
    "sertifikāts",
    "tīkls",
    "drukātājs",
    "kalendārs",
    "grupa",
    "tiesības",
    "parole",
    "žurnāls",
    "ģeotelpiskais",
    "dublikāts",
    "rēķins",
    "līgums",
    "pārsūtīšana",
    "filtrs",
    "surogātpasts",
    "kvota",
    "atjaunošana",
];

const SERVICES: &[&str] = &["email", "dvs", "shared", "consult"];

const PATH: [RequestStatus; 6] = [
    RequestStatus::Submitted,
    RequestStatus::Registered,
    RequestStatus::Assigned,
    RequestStatus::InProgress,
    RequestStatus::Resolved,
    RequestStatus::Closed,
];

fn actor(kind: ActorKind) -> Actor {
    Actor {
        kind,
        name: "Bench".into(),
    }
}

fn word(i: usize) -> &'static str {
    WORDS[i % WORDS.len()]
}

fn request(i: usize, start: DateTime<Utc>) -> Request {
    let created = start + chrono::Duration::minutes(i as i64 * 53);
    let steps = 3 + i % 4;
    let history: Vec<StatusChange> = (0..steps)
        .map(|s| StatusChange {
            from: s.checked_sub(1).map(|p| PATH[p]),
            to: PATH[s],
            at: created + chrono::Duration::hours(s as i64 * 7),
            by: actor(if s == 0 {
                ActorKind::Customer
            } else {
                ActorKind::Staff
            }),
        })
        .collect();
    let last = history[history.len() - 1].clone();
    let service = SERVICES[i % SERVICES.len()];
    Request {
        id: format!("req-{i:05}"),
        reference: format!("VRAA-2026-{i:06}"),
        request_type_id: format!("{service}.t{}", i % 3),
        service_id: service.into(),
        contract_id: None,
        subject: format!("{} un {} ({i})", word(i * 7), word(i * 11 + 3)),
        description: format!("Lūdzam pārbaudīt: {} {}", word(i * 13 + 5), word(i + 17)),
        fields: serde_json::json!({"display_name": format!("Nodaļa {}", i % 97)}),
        status: last.to,
        requester: actor(ActorKind::Customer),
        created_at: created,
        updated_at: last.at,
        version: steps as i64,
        status_history: history,
        rating: None,
    }
}

fn comments(i: usize, start: DateTime<Utc>) -> [Comment; 2] {
    let at = start + chrono::Duration::minutes(i as i64 * 53 + 30);
    [0, 1].map(|c| Comment {
        id: format!("c-{i:05}-{c}"),
        request_id: format!("req-{i:05}"),
        author: actor(if c == 0 {
            ActorKind::Staff
        } else {
            ActorKind::Customer
        }),
        body: format!(
            "Komentārs par {} un {}; paldies",
            word(i * 3 + c + 1),
            word(i * 5 + c * 7 + 2)
        ),
        created_at: at + chrono::Duration::hours(c as i64),
    })
}

fn seeded() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("bench.sqlite3")).expect("open");
    let start = Utc.with_ymd_and_hms(2025, 1, 1, 8, 0, 0).unwrap();
    let mut seq = 0;
    for chunk in (0..REQUESTS).collect::<Vec<_>>().chunks(500) {
        let mut changes = Vec::new();
        for &i in chunk {
            let mut data = vec![ChangeData::Request(request(i, start))];
            data.extend(comments(i, start).map(ChangeData::Comment));
            for d in data {
                seq += 1;
                changes.push(Change {
                    seq,
                    at: Utc::now(),
                    data: d,
                });
            }
        }
        store
            .apply_change_page(&ChangePage {
                changes,
                next_cursor: seq.to_string(),
                has_more: false,
            })
            .expect("seed page");
    }
    store.record_sync_result(None).expect("baseline");
    (dir, store)
}

/// Nanoseconds this thread has run on a CPU (Linux), if readable.
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Prints the mean CPU time of `runs` calls of `f`. The kernel updates a
/// thread's CPU time at scheduler ticks, so one call's figure is coarse; the
/// total over many calls is not.
fn report_cpu<T>(name: &str, target_ms: Option<f64>, runs: usize, mut f: impl FnMut() -> T) {
    let Some(before) = thread_cpu_ns() else {
        println!("{name}: no thread CPU clock on this system");
        return;
    };
    for _ in 0..runs {
        drop(std::hint::black_box(f()));
    }
    let Some(after) = thread_cpu_ns() else {
        return;
    };
    let mean = (after - before) as f64 / 1e6 / runs as f64;
    let verdict = match target_ms {
        Some(t) if mean < t => format!(" (target < {t} ms: ok)"),
        Some(t) => format!(" (target < {t} ms: MISSED)"),
        None => String::new(),
    };
    println!("cpu {name}: mean {mean:.1} ms over {runs} runs{verdict}");
}

fn list_queries(c: &mut Criterion) {
    let (_dir, store) = seeded();
    let all = RequestQuery {
        descending: true,
        ..Default::default()
    };
    let rows = store.list_request_rows(&all).expect("list");
    assert_eq!(rows.len(), REQUESTS);
    assert!(rows.iter().all(|r| r.history.len() >= 3));
    let licen = RequestQuery {
        search: Some("licen".into()),
        descending: true,
        ..Default::default()
    };
    let found = store.list_request_rows(&licen).expect("search").len();
    println!("(\"licen\" matches {found} of {REQUESTS} requests)");
    assert!(found > 0 && found < REQUESTS);
    let narrowed = RequestQuery {
        search: Some("licen".into()),
        service_ids: vec!["email".into()],
        sort: RequestSort::Status,
        ..Default::default()
    };

    report_cpu("all_rows_with_histories", Some(60.0), 40, || {
        store.list_request_rows(&all).expect("list")
    });
    report_cpu("search_prefix_licen", Some(20.0), 40, || {
        store.list_request_rows(&licen).expect("search")
    });
    report_cpu("search_licen_one_service_by_status", None, 40, || {
        store.list_request_rows(&narrowed).expect("search")
    });
    report_cpu("unread_count", None, 400, || {
        store.unread_count().expect("unread")
    });

    let mut group = c.benchmark_group("request_list_10k");
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(6));
    group.bench_function("all_rows_with_histories", |b| {
        b.iter(|| store.list_request_rows(&all).expect("list"))
    });
    group.bench_function("search_prefix_licen", |b| {
        b.iter(|| store.list_request_rows(&licen).expect("search"))
    });
    group.bench_function("search_licen_one_service_by_status", |b| {
        b.iter(|| store.list_request_rows(&narrowed).expect("search"))
    });
    group.bench_function("unread_count", |b| {
        b.iter(|| store.unread_count().expect("unread"))
    });
    group.bench_function("status_counts", |b| {
        b.iter(|| store.status_counts().expect("counts"))
    });
    group.finish();
}

criterion_group!(benches, list_queries);
criterion_main!(benches);
