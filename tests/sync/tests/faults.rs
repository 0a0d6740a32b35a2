//! Faults: latency, 500, 503, 429 and dropped connections (after the server
//! acted) injected by the sandbox; the end state must equal the server's and
//! nothing may exist twice on the server.

use desk_core::api::Faults;
use desk_store::{OutboxAction, RequestFilter};
use desk_sync::sync_once;
use sync_tests::*;
use vraa_sandbox::Seed;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_faults_everything_arrives_exactly_once_and_the_copy_converges() {
    let faults = Faults {
        latency_ms: 3,
        error_500_share: 0.08,
        error_503_share: 0.04,
        rate_limit_share: 0.03,
        drop_share: 0.15,
    };
    let sandbox = sandbox(Seed::Empty, faults).await;
    let url = sandbox.base_url();
    let client = client(&url, VVD_TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);

    for r in 0..25 {
        let entry = store
            .queue_new_request(&issue(&format!("Kļūmes {r:02}")))
            .unwrap();
        for c in 0..2 {
            store
                .queue_action(
                    &entry.request_key,
                    &OutboxAction::Comment {
                        body: format!("kļūmes {r:02} komentārs {c}"),
                    },
                )
                .unwrap();
        }
    }
    // Runs may stop on a streak of faults; the next run resumes. Nothing is
    // ever lost or repeated, whatever the interleaving.
    let mut runs = 0;
    loop {
        runs += 1;
        let result = sync_once(&store, &client, &fast_options()).await;
        if result.is_ok() && store.outbox().unwrap().is_empty() {
            break;
        }
        assert!(runs < 30, "did not converge: {result:?}");
    }
    let attempts_with_failures = runs;
    // Exactly once on the server.
    let subjects = server_subject_counts(&sandbox).await;
    assert_eq!(subjects.len(), 25);
    assert!(subjects.iter().all(|(_, n)| *n == 1), "{subjects:?}");
    let mut bodies = server_comment_bodies(&sandbox).await;
    assert_eq!(bodies.len(), 50, "no duplicate comments");
    bodies.dedup();
    assert_eq!(bodies.len(), 50);

    // The local copy equals the server's state.
    let server_requests: Vec<(String, String, i64)> = server_query(&sandbox, |c| {
        let mut s = c.prepare("SELECT id, status, (SELECT count(*) FROM comments m WHERE m.request_id = r.id) FROM requests r ORDER BY id")?;
        let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect()
    })
    .await;
    let mut local: Vec<(String, String, i64)> = store
        .list_requests(&RequestFilter::default())
        .unwrap()
        .into_iter()
        .map(|r| {
            let d = store.request_detail(&r.id).unwrap().unwrap();
            (r.id, r.status.as_str().to_owned(), d.comments.len() as i64)
        })
        .collect();
    local.sort();
    assert_eq!(local, server_requests);
    eprintln!("converged after {attempts_with_failures} run(s)");
    sandbox.shutdown().await.unwrap();
}
