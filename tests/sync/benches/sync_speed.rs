//! Speed of the store and sync engine against a real sandbox on loopback:
//!
//! 1. first full sync of the demo seed (≥ 5,000 requests with comments) — target < 10 s;
//! 2. a sync with nothing new — target < 50 ms;
//! 3. full-text search over ≥ 100,000 comments — target p95 < 10 ms;
//! 4. pushing 1,000 queued actions — target < 15 s.
//!
//! Run: `cargo bench -p sync-tests --bench sync_speed`. Prints one line per
//! figure; exits non-zero when a target is missed.

use std::time::{Duration, Instant};

use chrono::Utc;
use desk_core::api::{Actor, ActorKind, Change, ChangeData, ChangePage, Comment, Faults};
use desk_store::{OutboxAction, RequestFilter};
use desk_sync::{sync_once, SyncOptions};
use sync_tests::*;
use vraa_sandbox::Seed;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn check(name: &str, value: Duration, target: Duration, failures: &mut Vec<String>) {
    let verdict = if value < target { "ok" } else { "MISSED" };
    println!(
        "{name}: {:.1} ms (target < {} ms) {verdict}",
        value.as_secs_f64() * 1000.0,
        target.as_millis()
    );
    if value >= target {
        failures.push(name.to_owned());
    }
}

/// Words used by the generated comments and searched for.
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

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mut failures = Vec::new();
    let options = SyncOptions::default();

    // 1. First full sync of the demo seed.
    let t = Instant::now();
    let demo = sandbox(Seed::Demo, Faults::default()).await;
    println!(
        "(sandbox demo seed prepared in {:.1} s)",
        t.elapsed().as_secs_f64()
    );
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    let client = client(&demo.base_url(), VVD_TOKEN);
    let t = Instant::now();
    let report = sync_once(&store, &client, &options).await.unwrap();
    let first = t.elapsed();
    let (requests, comments) = (
        store.request_count().unwrap(),
        store.comment_count().unwrap(),
    );
    println!(
        "first sync: {requests} requests, {comments} comments, {} changes in {} pages",
        report.changes, report.pages
    );
    assert!(requests >= 5000, "the demo seed must have ≥ 5,000 requests");
    check(
        "first full sync",
        first,
        Duration::from_secs(10),
        &mut failures,
    );

    // 2. No-op sync.
    let mut noop = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        let r = sync_once(&store, &client, &options).await.unwrap();
        noop.push(t.elapsed());
        assert_eq!((r.pushed, r.changes), (0, 0));
    }
    noop.sort();
    check(
        "no-op sync (median of 30)",
        percentile(&noop, 0.5),
        Duration::from_millis(50),
        &mut failures,
    );
    check(
        "no-op sync (p95 of 30)",
        percentile(&noop, 0.95),
        Duration::from_millis(50),
        &mut failures,
    );
    demo.shutdown().await.unwrap();

    // 3. Full-text search over ≥ 100,000 comments: top up the synced copy
    // with generated comments on its requests, in pages like the feed's.
    let ids: Vec<String> = store
        .list_requests(&RequestFilter {
            limit: Some(100_000),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    let missing = 100_000 - comments.min(100_000);
    let author = Actor {
        kind: ActorKind::Staff,
        name: "VRAA".into(),
    };
    let mut n = 0usize;
    let t = Instant::now();
    while (n as i64) < missing {
        let changes: Vec<Change> = (0..1000)
            .map(|i| {
                let k = n + i;
                let body = format!(
                    "{} {} {} pieteikums {k}",
                    WORDS[k % WORDS.len()],
                    WORDS[(k * 7 + 3) % WORDS.len()],
                    WORDS[(k * 13 + 5) % WORDS.len()]
                );
                Change {
                    seq: k as i64 + 1,
                    at: Utc::now(),
                    data: ChangeData::Comment(Comment {
                        id: format!("bench-{k}"),
                        request_id: ids[k % ids.len()].clone(),
                        author: author.clone(),
                        body,
                        created_at: Utc::now(),
                    }),
                }
            })
            .collect();
        n += changes.len();
        let cursor = store.sync_state().unwrap().cursor;
        store
            .apply_change_page(&ChangePage {
                changes,
                next_cursor: cursor,
                has_more: false,
            })
            .unwrap();
    }
    let total = store.comment_count().unwrap();
    println!(
        "(added {n} comments in {:.1} s; {total} comments in the copy)",
        t.elapsed().as_secs_f64()
    );
    assert!(total >= 100_000);
    let queries: Vec<String> = (0..WORDS.len() * 4)
        .map(|i| match i % 4 {
            // Typed without diacritics, as people often do.
            0 => fold(WORDS[i / 4]),
            1 => WORDS[i / 4].to_owned(),
            // Two words that occur together in generated comments.
            2 => format!("{} {}", WORDS[i / 4], WORDS[(i / 4 * 7 + 3) % WORDS.len()]),
            _ => WORDS[i / 4][..WORDS[i / 4]
                .char_indices()
                .nth(4)
                .map_or(WORDS[i / 4].len(), |(b, _)| b)]
                .to_owned(),
        })
        .collect();
    let mut times = Vec::new();
    for _ in 0..3 {
        for q in &queries {
            let t = Instant::now();
            let hits = store
                .list_requests(&RequestFilter {
                    search: Some(q.clone()),
                    limit: Some(200),
                    ..Default::default()
                })
                .unwrap();
            times.push(t.elapsed());
            assert!(!hits.is_empty(), "{q} finds something");
        }
    }
    times.sort();
    println!(
        "search over {total} comments: {} queries, median {:.2} ms",
        times.len(),
        percentile(&times, 0.5).as_secs_f64() * 1000.0
    );
    check(
        "full-text search p95",
        percentile(&times, 0.95),
        Duration::from_millis(10),
        &mut failures,
    );

    // 4. Pushing 1,000 queued actions (100 new requests with 9 comments each).
    let empty = sandbox(Seed::Empty, Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let store = sync_tests::store(&dir);
    for r in 0..100 {
        let entry = store
            .queue_new_request(&issue(&format!("Ātrums {r}")))
            .unwrap();
        for c in 0..9 {
            store
                .queue_action(
                    &entry.request_key,
                    &OutboxAction::Comment {
                        body: format!("{r}:{c}"),
                    },
                )
                .unwrap();
        }
    }
    let client = sync_tests::client(&empty.base_url(), VVD_TOKEN);
    let t = Instant::now();
    let report = sync_once(&store, &client, &options).await.unwrap();
    let push = t.elapsed();
    assert_eq!(report.pushed, 1000);
    check(
        "push 1,000 queued actions (and pull them back)",
        push,
        Duration::from_secs(15),
        &mut failures,
    );
    empty.shutdown().await.unwrap();

    if !failures.is_empty() {
        eprintln!("missed targets: {failures:?}");
        std::process::exit(1);
    }
}

fn fold(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'ā' => 'a',
            'č' => 'c',
            'ē' => 'e',
            'ģ' => 'g',
            'ī' => 'i',
            'ķ' => 'k',
            'ļ' => 'l',
            'ņ' => 'n',
            'š' => 's',
            'ū' => 'u',
            'ž' => 'z',
            other => other,
        })
        .collect()
}
