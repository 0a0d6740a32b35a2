//! Offline → online: actions queued without a server all arrive once, in order.

use desk_store::{OutboxAction, RequestFilter};
use desk_sync::{sync_once, SyncError};
use sync_tests::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn actions_queued_offline_arrive_once_and_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    let addr = unused_addr();
    let url = format!("http://{addr}");
    let client = client(&url, VVD_TOKEN);

    // Offline: three new requests, each with three comments queued on its local id.
    for r in 0..3 {
        let entry = store
            .queue_new_request(&issue(&format!("Bezsaistē {r}")))
            .unwrap();
        for c in 0..3 {
            store
                .queue_action(
                    &entry.request_key,
                    &OutboxAction::Comment {
                        body: format!("pieprasījums {r} komentārs {c}"),
                    },
                )
                .unwrap();
        }
    }
    let err = sync_once(&store, &client, &fast_options())
        .await
        .unwrap_err();
    assert!(matches!(err, SyncError::Offline(_)), "{err}");
    assert_eq!(
        store.outbox().unwrap().len(),
        12,
        "nothing leaves while offline"
    );
    assert!(store
        .sync_state()
        .unwrap()
        .last_error
        .unwrap()
        .contains("no connection"));

    // Online: the server appears where the client points.
    let sandbox = sandbox_at(addr).await;
    let report = sync_once(&store, &client, &fast_options()).await.unwrap();
    assert_eq!(report.pushed, 12);
    assert_eq!(report.parked, 0);
    assert!(store.outbox().unwrap().is_empty());

    let subjects = server_subject_counts(&sandbox).await;
    assert_eq!(
        subjects,
        (0..3)
            .map(|r| (format!("Bezsaistē {r}"), 1))
            .collect::<Vec<_>>()
    );
    // In order per request (requests may interleave with each other).
    let bodies = server_comment_bodies(&sandbox).await;
    assert_eq!(bodies.len(), 9);
    for r in 0..3 {
        let mine: Vec<&String> = bodies
            .iter()
            .filter(|b| b.starts_with(&format!("pieprasījums {r} ")))
            .collect();
        let expected: Vec<String> = (0..3)
            .map(|c| format!("pieprasījums {r} komentārs {c}"))
            .collect();
        assert_eq!(mine, expected.iter().collect::<Vec<_>>());
    }
    // The local copy holds VRAA's state: three requests, nine comments.
    assert_eq!(store.request_count().unwrap(), 3);
    assert_eq!(store.comment_count().unwrap(), 9);
    assert!(store.sync_state().unwrap().last_error.is_none());

    // A second sync sends nothing again.
    let again = sync_once(&store, &client, &fast_options()).await.unwrap();
    assert_eq!((again.pushed, again.changes), (0, 0));
    assert_eq!(server_comment_bodies(&sandbox).await.len(), 9);
    let list = store.list_requests(&RequestFilter::default()).unwrap();
    assert!(list.iter().all(|r| r.reference.starts_with("VRAA-")));
    sandbox.shutdown().await.unwrap();
}
