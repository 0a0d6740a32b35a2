//! The Requests screen and the Overview over 10,000 requests synced from a
//! real `vraa-sandbox` (demo institution VVD with 10,000 requests of history)
//! by the real sync engine, read at one fixed instant:
//!
//! - `list::list` with the default query (all rows, every row's SLA clocks);
//! - a search-as-you-type query ("licen", a prefix of the commonest word);
//! - the list sorted by SLA due time;
//! - `overview::overview`;
//! - for the breakdown, desk-store's `list_request_rows` alone (the rest of
//!   the list's time is desk-core's SLA clocks of every row).
//!
//! Targets (issue 6): the Requests screen interactive < 300 ms and search
//! results < 100 ms end to end, so the Rust part must stay well under.
//!
//! Run: `cargo bench -p desk-app --bench requests_view`.
//!
//! Besides criterion's wall-clock figures it prints each case's median CPU
//! time of this thread (from `/proc/thread-self/schedstat`), which stays
//! meaningful when other builds share the machine's two cores.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use criterion::{criterion_group, criterion_main, Criterion};
use desk_app::list::{list, RequestQuery, SortField};
use desk_app::overview::overview;
use desk_app::Context;
use desk_core::calendar::Calendar;
use desk_store::Store;
use desk_sync::credentials::ApiToken;
use desk_sync::{ApiClient, ClientConfig, SyncOptions};
use vraa_sandbox::{SandboxConfig, Seed};

const REQUESTS: u32 = 10_000;
const VVD_TOKEN: &str = "demo-vvd-contact-7f3a90";

/// A store filled the way the app fills it: a full sync from the sandbox.
fn synced() -> (tempfile::TempDir, Arc<Store>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Arc::new(Store::open(&dir.path().join("bench.sqlite3")).expect("store"));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let started = Instant::now();
        let sandbox = vraa_sandbox::start(SandboxConfig {
            seed: Seed::DemoWithHistory(REQUESTS),
            ..SandboxConfig::for_tests()
        })
        .await
        .expect("sandbox");
        let seeded = started.elapsed();
        let mut config = ClientConfig::new(sandbox.base_url());
        config.timeout = Duration::from_secs(60);
        let client =
            ApiClient::new(&config, ApiToken::new(VVD_TOKEN).expect("token")).expect("client");
        let started = Instant::now();
        desk_sync::sync_once(&store, &client, &SyncOptions::default())
            .await
            .expect("sync");
        eprintln!(
            "seeded {REQUESTS} requests in {seeded:.1?}, synced {} in {:.1?}",
            store.request_count().expect("count"),
            started.elapsed()
        );
        sandbox.shutdown().await.expect("shutdown");
    });
    (dir, store)
}

/// CPU time this thread has used so far (Linux), in nanoseconds.
fn thread_cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

fn median_cpu_ms(mut run: impl FnMut()) -> Option<f64> {
    let mut samples = Vec::new();
    for _ in 0..15 {
        let before = thread_cpu_ns()?;
        run();
        samples.push(thread_cpu_ns()? - before);
    }
    samples.sort_unstable();
    Some(samples[samples.len() / 2] as f64 / 1e6)
}

fn requests_view(c: &mut Criterion) {
    let (_dir, store) = synced();
    let calendar = Calendar::embedded();
    let ctx = Context {
        store: &store,
        calendar: &calendar,
        now: Utc::now(),
    };
    let all = RequestQuery::default();
    let search = RequestQuery {
        search: Some("licen".into()),
        ..RequestQuery::default()
    };
    let by_due = RequestQuery {
        sort: SortField::SlaDue,
        ..RequestQuery::default()
    };
    let total = list(&ctx, &all).expect("list").total;
    let found = list(&ctx, &search).expect("search").total;
    eprintln!("list: {total} rows; search “licen”: {found} rows");
    assert!(total >= REQUESTS, "every request is listed");

    // The store's share of the list (rows + status histories, no SLA clocks).
    let store_all = desk_store::RequestQuery {
        search: None,
        service_ids: Vec::new(),
        request_type_ids: Vec::new(),
        statuses: Vec::new(),
        created_from: None,
        created_to: None,
        sort: desk_store::RequestSort::UpdatedAt,
        descending: false,
        limit: None,
    };
    let cases: [(&str, &dyn Fn()); 5] = [
        (
            "store rows only (desk-store's share of the default list)",
            &|| {
                store.list_request_rows(&store_all).expect("rows");
            },
        ),
        ("list, default query", &|| {
            list(&ctx, &all).expect("list");
        }),
        ("list, search “licen”", &|| {
            list(&ctx, &search).expect("search");
        }),
        ("list, sorted by SLA due", &|| {
            list(&ctx, &by_due).expect("due");
        }),
        ("overview", &|| {
            overview(&ctx).expect("overview");
        }),
    ];
    for (name, run) in &cases {
        if let Some(ms) = median_cpu_ms(run) {
            eprintln!("{name}: median thread CPU {ms:.1} ms");
        }
    }
    let mut group = c.benchmark_group("requests_view");
    group.sample_size(15);
    group.measurement_time(Duration::from_secs(8));
    for (name, run) in &cases {
        group.bench_function(*name, |b| b.iter(run));
    }
    group.finish();
}

criterion_group!(benches, requests_view);
criterion_main!(benches);
