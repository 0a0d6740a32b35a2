//! Malformed server JSON and a page that breaks the feed's contract: the sync
//! stops with a clear error and the local data stays as it was.

use axum::routing::get;
use axum::Router;
use desk_core::api::{Faults, RequestStatus};
use desk_sync::{sync_once, SyncError};
use sync_tests::*;
use vraa_sandbox::Seed;

/// A fake VRAA in place of the real one (same address, same `/v1/me`, so it
/// is the connection the store belongs to): real catalogue and contracts, and
/// `changes` answering `body`.
async fn fake_server(changes_body: &'static str, vraa: &Vraa) -> String {
    let catalog = serde_json::to_string(&vraa_sandbox::catalog()).unwrap();
    let me = vraa.me.clone();
    let app = Router::new()
        .route(
            "/v1/me",
            get(move || async move { ([("content-type", "application/json")], me) }),
        )
        .route(
            "/v1/catalog",
            get(move || async move { ([("content-type", "application/json")], catalog) }),
        )
        .route(
            "/v1/contracts",
            get(|| async {
                (
                    [("content-type", "application/json")],
                    r#"{"contracts":[]}"#,
                )
            }),
        )
        .route(
            "/v1/changes",
            get(move || async move { ([("content-type", "application/json")], changes_body) }),
        );
    let listener = tokio::net::TcpListener::bind(vraa.addr).await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

/// Where the real sandbox was, and who it said the token belongs to.
struct Vraa {
    addr: std::net::SocketAddr,
    me: String,
}

/// A store that already holds real data from a real sandbox (now stopped).
async fn filled_store(dir: &tempfile::TempDir) -> (std::sync::Arc<desk_store::Store>, Vraa) {
    let sandbox = sandbox(Seed::Empty, Faults::default()).await;
    let store = store(dir);
    store.queue_new_request(&issue("Esošie dati")).unwrap();
    let client = client(&sandbox.base_url(), VVD_TOKEN);
    sync_once(&store, &client, &fast_options()).await.unwrap();
    let me = serde_json::to_string(&client.me().await.unwrap()).unwrap();
    let vraa = Vraa {
        addr: sandbox.addr(),
        me,
    };
    sandbox.shutdown().await.unwrap();
    (store, vraa)
}

fn snapshot(store: &desk_store::Store) -> (String, i64, Vec<RequestStatus>) {
    let list = store.list_requests(&Default::default()).unwrap();
    (
        store.sync_state().unwrap().cursor,
        store.request_count().unwrap(),
        list.iter().map(|r| r.status).collect(),
    )
}

async fn assert_rejected(body: &'static str, expect: &str) {
    let dir = tempfile::tempdir().unwrap();
    let (store, vraa) = filled_store(&dir).await;
    let before = snapshot(&store);
    let url = fake_server(body, &vraa).await;
    let err = sync_once(&store, &client(&url, VVD_TOKEN), &fast_options())
        .await
        .unwrap_err();
    assert!(matches!(err, SyncError::Malformed(_)), "{err}");
    assert_eq!(err.code(), "syncMalformed");
    let text = err.to_string();
    assert!(
        text.contains("breaks the API contract") && text.contains("neatbilst API līgumam"),
        "{text}"
    );
    assert!(text.contains(expect), "{text}");
    assert_eq!(snapshot(&store), before, "local data untouched");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_json_stops_the_sync_and_changes_nothing() {
    assert_rejected(r#"{"changes": [{"seq": 1, "#, "EOF").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_shape_stops_the_sync_and_changes_nothing() {
    assert_rejected(
        r#"{"changes": [{"seq": 1, "at": "2026-11-20T08:00:00Z", "entity": "request", "data": {"id": 5}}], "next_cursor": "9", "has_more": false}"#,
        "invalid type",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_that_breaks_the_feed_contract_changes_nothing() {
    // Sequence numbers going backwards.
    assert_rejected(
        r#"{"changes": [
            {"seq": 7, "at": "2026-11-20T08:00:00Z", "entity": "availability", "data": {"id": "a1", "service_id": "email", "component_id": null, "kind": "outage", "starts_at": "2026-11-20T08:00:00Z", "ends_at": null, "description": {"lv": "x", "en": "x"}}},
            {"seq": 3, "at": "2026-11-20T08:00:00Z", "entity": "availability", "data": {"id": "a2", "service_id": "email", "component_id": null, "kind": "outage", "starts_at": "2026-11-20T08:00:00Z", "ends_at": null, "description": {"lv": "x", "en": "x"}}}
        ], "next_cursor": "9", "has_more": false}"#,
        "not strictly increasing",
    )
    .await;
    // A feed that says "more" but never gives any.
    assert_rejected(
        r#"{"changes": [], "next_cursor": "9", "has_more": true}"#,
        "has_more without any change",
    )
    .await;
}
