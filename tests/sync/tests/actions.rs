//! Every customer action goes through the outbox and reaches VRAA:
//! provide information, reopen, confirm resolution, rating, cancel.

use desk_core::api::{Faults, RequestStatus};
use desk_store::OutboxAction;
use desk_sync::sync_once;
use sync_tests::*;
use vraa_sandbox::Seed;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_customer_action_is_sent_and_the_copy_follows() {
    let sandbox = sandbox(Seed::Empty, Faults::default()).await;
    let url = sandbox.base_url();
    let client = client(&url, VVD_TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    store.queue_new_request(&issue("Dzīves cikls")).unwrap();
    store.queue_new_request(&issue("Atcelsim")).unwrap();
    sync_once(&store, &client, &fast_options()).await.unwrap();
    let list = store.list_requests(&Default::default()).unwrap();
    let id = list
        .iter()
        .find(|r| r.subject == "Dzīves cikls")
        .unwrap()
        .id
        .clone();
    let other = list
        .iter()
        .find(|r| r.subject == "Atcelsim")
        .unwrap()
        .id
        .clone();
    let status = |store: &desk_store::Store, id: &str| {
        store.request_detail(id).unwrap().unwrap().request.status
    };

    for to in [
        "registered",
        "assigned",
        "in_progress",
        "waiting_for_customer",
    ] {
        staff_move(&url, &id, to, None).await;
    }
    store
        .queue_action(
            &id,
            &OutboxAction::ProvideInformation {
                comment: "Lūk, dati".into(),
            },
        )
        .unwrap();
    store
        .queue_action(&other, &OutboxAction::Cancel { comment: None })
        .unwrap();
    sync_once(&store, &client, &fast_options()).await.unwrap();
    assert_eq!(status(&store, &id), RequestStatus::InProgress);
    assert_eq!(status(&store, &other), RequestStatus::Cancelled);

    staff_move(&url, &id, "resolved", Some("Izdarīts")).await;
    store
        .queue_action(
            &id,
            &OutboxAction::Reopen {
                comment: "Vēl nedarbojas".into(),
            },
        )
        .unwrap();
    sync_once(&store, &client, &fast_options()).await.unwrap();
    assert_eq!(status(&store, &id), RequestStatus::Reopened);

    staff_move(&url, &id, "in_progress", None).await;
    staff_move(&url, &id, "resolved", None).await;
    store
        .queue_action(&id, &OutboxAction::ConfirmResolution { comment: None })
        .unwrap();
    store
        .queue_action(
            &id,
            &OutboxAction::Rate {
                score: 5,
                comment: Some("Paldies".into()),
            },
        )
        .unwrap();
    let report = sync_once(&store, &client, &fast_options()).await.unwrap();
    assert_eq!((report.pushed, report.parked), (2, 0));
    let detail = store.request_detail(&id).unwrap().unwrap();
    assert_eq!(detail.request.status, RequestStatus::Closed);
    assert_eq!(detail.request.rating.as_ref().map(|r| r.score), Some(5));
    let comments: Vec<&str> = detail.comments.iter().map(|c| c.body.as_str()).collect();
    assert!(
        comments.contains(&"Lūk, dati") && comments.contains(&"Vēl nedarbojas"),
        "{comments:?}"
    );
    // The history shows every step, the customer's included.
    let steps: Vec<RequestStatus> = detail.request.status_history.iter().map(|h| h.to).collect();
    assert_eq!(steps.last(), Some(&RequestStatus::Closed));
    assert!(steps.contains(&RequestStatus::Reopened));
    sandbox.shutdown().await.unwrap();
}
