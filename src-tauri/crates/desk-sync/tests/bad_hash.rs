//! A change whose attachment hash is not 64 lower-case hex characters is
//! refused whole with a clear error, and nothing of its page is written (the
//! hash would otherwise become a path in the blob folder). A real sandbox
//! answers everything but the change feed, which a loopback stand-in serves.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use desk_store::Store;
use desk_sync::credentials::ApiToken;
use desk_sync::{ApiClient, ClientConfig, RetryPolicy, SyncError, SyncOptions};
use vraa_sandbox::{SandboxConfig, Seed};

const VVD_TOKEN: &str = "demo-vvd-contact-7f3a90";

#[derive(Clone)]
struct Stand {
    upstream: String,
    sha256: String,
    http: reqwest::Client,
}

async fn serve(State(stand): State<Stand>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    if path == "/v1/changes" {
        let page = serde_json::json!({
            "changes": [{
                "seq": 7,
                "at": "2026-11-23T10:00:00Z",
                "entity": "attachment",
                "data": {
                    "id": "a-1",
                    "request_id": "r-1",
                    "sha256": stand.sha256,
                    "file_name": "atbilde.pdf",
                    "size": 10,
                    "content_type": "application/pdf",
                    "added_by": {"kind": "staff", "name": "VRAA"},
                    "created_at": "2026-11-23T10:00:00Z"
                }
            }],
            "next_cursor": "7",
            "has_more": false
        });
        return axum::Json(page).into_response();
    }
    let url = format!(
        "{}{}",
        stand.upstream,
        request
            .uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/")
    );
    let mut call = stand.http.get(url);
    if let Some(auth) = request.headers().get("authorization") {
        call = call.header("authorization", auth.clone());
    }
    let answer = call.send().await.expect("sandbox answers");
    let status = axum::http::StatusCode::from_u16(answer.status().as_u16()).expect("status");
    let content_type = answer
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/json")
        .to_owned();
    let body = answer.bytes().await.expect("body");
    (status, [("content-type", content_type)], body).into_response()
}

async fn sync_with_hash(sha256: &str) -> (tempfile::TempDir, Arc<Store>, Result<(), SyncError>) {
    let sandbox = vraa_sandbox::start(SandboxConfig {
        seed: Seed::Empty,
        ..SandboxConfig::for_tests()
    })
    .await
    .expect("sandbox starts");
    let stand = Stand {
        upstream: sandbox.base_url(),
        sha256: sha256.to_owned(),
        http: reqwest::Client::new(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = axum::Router::new().fallback(serve).with_state(stand);
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    let dir = tempfile::tempdir().expect("dir");
    let store = Arc::new(Store::open(&dir.path().join("db.sqlite3")).expect("store"));
    let mut config = ClientConfig::new(format!("http://{addr}"));
    config.timeout = Duration::from_secs(10);
    let client = ApiClient::new(&config, ApiToken::new(VVD_TOKEN).expect("token")).expect("client");
    let options = SyncOptions {
        retry: RetryPolicy {
            base: Duration::from_millis(10),
            cap: Duration::from_millis(50),
            max_retry_after: Duration::from_secs(1),
            ..RetryPolicy::default()
        },
        ..SyncOptions::default()
    };
    let result = desk_sync::sync_once(&store, &client, &options)
        .await
        .map(|_| ());
    server.abort();
    sandbox.shutdown().await.expect("sandbox stops");
    (dir, store, result)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_valid_hash_is_applied() {
    let (_dir, store, result) = sync_with_hash(&"0123456789abcdef".repeat(4)).await;
    result.expect("a valid page is applied");
    assert_eq!(store.sync_state().unwrap().cursor, "7");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_with_a_path_for_a_hash_is_refused_and_nothing_written() {
    for bad in ["../../../../etc/passwd", &"0123456789ABCDEF".repeat(4)] {
        let (_dir, store, result) = sync_with_hash(bad).await;
        let error = result.expect_err("refused");
        assert!(matches!(error, SyncError::Malformed(_)), "{error:?}");
        let text = error.to_string();
        assert!(text.contains("SHA-256"), "{text}");
        assert!(text.contains("neatbilst API līgumam"), "{text}");
        assert_eq!(
            store.sync_state().unwrap().cursor,
            "",
            "the cursor did not move"
        );
    }
}
