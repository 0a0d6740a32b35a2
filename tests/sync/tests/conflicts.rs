//! Conflicts: an action on a request VRAA closed meanwhile, a validation
//! error, and a token revoked in the middle of a sync.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::IntoResponse;
use desk_core::api::{Faults, ProblemCode, RequestStatus};
use desk_store::{OutboxAction, OutboxState};
use desk_sync::{sync_once, SyncError};
use sync_tests::*;
use vraa_sandbox::{SandboxConfig, Seed};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comment_on_a_request_vraa_closed_meanwhile_is_parked_with_vraas_message() {
    let sandbox = sandbox(Seed::Empty, Faults::default()).await;
    let url = sandbox.base_url();
    let client = client(&url, VVD_TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    store.queue_new_request(&issue("Slēgsies")).unwrap();
    store.queue_new_request(&issue("Paliks atvērts")).unwrap();
    sync_once(&store, &client, &fast_options()).await.unwrap();
    let list = store.list_requests(&Default::default()).unwrap();
    let closing = list
        .iter()
        .find(|r| r.subject == "Slēgsies")
        .unwrap()
        .id
        .clone();
    let open = list
        .iter()
        .find(|r| r.subject == "Paliks atvērts")
        .unwrap()
        .id
        .clone();

    // VRAA resolves and closes it while we are offline and comment on it.
    for to in [
        "registered",
        "assigned",
        "in_progress",
        "resolved",
        "closed",
    ] {
        staff_move(&url, &closing, to, None).await;
    }
    let parked = store
        .queue_action(
            &closing,
            &OutboxAction::Comment {
                body: "Vēl viens jautājums".into(),
            },
        )
        .unwrap();
    store
        .queue_action(
            &open,
            &OutboxAction::Comment {
                body: "Šis aiziet".into(),
            },
        )
        .unwrap();
    let report = sync_once(&store, &client, &fast_options()).await.unwrap();
    assert_eq!((report.pushed, report.parked), (1, 1));
    let outbox = store.outbox().unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].seq, parked.seq);
    assert_eq!(outbox[0].state, OutboxState::Parked);
    let problem = outbox[0].problem.as_ref().unwrap();
    assert_eq!(problem.code, ProblemCode::InvalidTransition);
    assert!(!problem.detail.is_empty() && !problem.detail_lv.is_empty());
    assert_ne!(problem.detail, problem.detail_lv, "both languages kept");
    // Server wins: the copy shows it closed.
    assert_eq!(
        store
            .request_detail(&closing)
            .unwrap()
            .unwrap()
            .request
            .status,
        RequestStatus::Closed
    );
    // A parked row is not resent by later syncs.
    let again = sync_once(&store, &client, &fast_options()).await.unwrap();
    assert_eq!((again.pushed, again.parked), (0, 0));
    assert_eq!(
        server_comment_bodies(&sandbox).await,
        vec!["Šis aiziet".to_string()]
    );
    sandbox.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_validation_error_parks_the_row_with_field_messages_and_a_fix_goes_through() {
    let sandbox = sandbox(Seed::Empty, Faults::default()).await;
    let client = client(&sandbox.base_url(), VVD_TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    let mut bad = issue("Bez vides");
    bad.fields = serde_json::json!({"component_id": "authentication"});
    let entry = store.queue_new_request(&bad).unwrap();
    let report = sync_once(&store, &client, &fast_options()).await.unwrap();
    assert_eq!(report.parked, 1);
    let row = &store.outbox().unwrap()[0];
    let problem = row.problem.as_ref().unwrap();
    assert_eq!(problem.code, ProblemCode::ValidationFailed);
    assert_eq!(problem.errors[0].pointer, "/fields/environment");
    assert!(!problem.errors[0].message_lv.is_empty());
    assert!(!problem.errors[0].message_en.is_empty());
    assert!(server_subject_counts(&sandbox).await.is_empty());

    // The user fixes it; the same row (same key) now goes through once.
    store
        .fix_outbox_request(entry.seq, &issue("Bez vides"))
        .unwrap();
    let report = sync_once(&store, &client, &fast_options()).await.unwrap();
    assert_eq!(report.pushed, 1);
    assert_eq!(
        server_subject_counts(&sandbox).await,
        vec![("Bez vides".to_string(), 1)]
    );
    sandbox.shutdown().await.unwrap();
}

/// The real sandbox behind a switch that revokes every token after a number
/// of successful mutations (the sandbox itself cannot revoke tokens).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_revoked_mid_sync_stops_the_sync_and_keeps_the_rest_queued() {
    let state = vraa_sandbox::prepare(SandboxConfig {
        seed: Seed::Empty,
        ..SandboxConfig::for_tests()
    })
    .unwrap();
    // Revoked once this many mutations succeeded.
    let limit = Arc::new(AtomicUsize::new(3));
    let posts = Arc::new(AtomicUsize::new(0));
    let revoked = Arc::new(AtomicBool::new(false));
    let (p, rv, lim) = (posts.clone(), revoked.clone(), limit.clone());
    let app = vraa_sandbox::router(state).layer(axum::middleware::from_fn(
        move |req: axum::extract::Request, next: axum::middleware::Next| {
            let (p, rv, lim) = (p.clone(), rv.clone(), lim.clone());
            async move {
                if rv.load(Ordering::SeqCst) {
                    return (StatusCode::UNAUTHORIZED, axum::Json(serde_json::json!({
                        "type": "https://vraa-desk.invalid/problems/unauthorized", "title": "Unauthorized",
                        "title_lv": "Nav autorizēts", "status": 401, "detail": "Token revoked.",
                        "detail_lv": "Pilnvara atsaukta.", "code": "unauthorized"})))
                        .into_response();
                }
                let is_post = req.method() == axum::http::Method::POST;
                let resp = next.run(req).await;
                if is_post && resp.status().is_success() && p.fetch_add(1, Ordering::SeqCst) + 1 >= lim.load(Ordering::SeqCst) {
                    rv.store(true, Ordering::SeqCst);
                }
                resp
            }
        },
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });

    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    for i in 0..6 {
        store
            .queue_new_request(&issue(&format!("Pilnvara {i}")))
            .unwrap();
    }
    let mut options = fast_options();
    options.push_concurrency = 1;
    let err = sync_once(&store, &client(&url, VVD_TOKEN), &options)
        .await
        .unwrap_err();
    assert!(matches!(err, SyncError::Unauthorized), "{err}");
    assert_eq!(err.code(), "tokenRejected");
    assert!(err.to_string().contains("expired or was revoked"));
    assert_eq!(
        store.outbox().unwrap().len(),
        3,
        "the unsent rows stay queued"
    );
    assert!(store
        .outbox()
        .unwrap()
        .iter()
        .all(|r| r.state == OutboxState::Pending));
    assert!(store
        .sync_state()
        .unwrap()
        .last_error
        .unwrap()
        .contains("revoked"));
    // A new token (here: the switch reset) lets the rest go, none twice.
    revoked.store(false, Ordering::SeqCst);
    limit.store(usize::MAX, Ordering::SeqCst);
    sync_once(&store, &client(&url, VVD_TOKEN), &options)
        .await
        .unwrap();
    assert!(store.outbox().unwrap().is_empty());
    assert_eq!(store.request_count().unwrap(), 6);
}
