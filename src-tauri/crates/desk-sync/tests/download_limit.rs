//! An attachment download is read chunk by chunk and stops at VRAA's
//! attachment limit (issue 11 item 15): a server that declares or sends more
//! cannot make the app hold more than the limit, and one that never stops
//! sending does not keep the app reading forever.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use desk_core::attachments::MAX_ATTACHMENT_BYTES;
use desk_sync::credentials::ApiToken;
use desk_sync::{ApiClient, CallError, ClientConfig};

const CHUNK: usize = 64 * 1024;

/// Serves `/v1/requests/r/attachments/{case}/content`, counting the bytes
/// it managed to hand to the connection.
async fn content(State(sent): State<Arc<AtomicUsize>>, Path(case): Path<String>) -> Response {
    let chunks = move |count: Option<usize>| {
        let sent = Arc::clone(&sent);
        futures_util::stream::iter((0..count.unwrap_or(usize::MAX)).map(move |_| {
            sent.fetch_add(CHUNK, Ordering::SeqCst);
            Ok::<_, std::io::Error>(Bytes::from(vec![b'x'; CHUNK]))
        }))
    };
    match case.as_str() {
        // Exactly the limit: accepted.
        "at-limit" => Body::from(vec![b'x'; MAX_ATTACHMENT_BYTES]).into_response(),
        // Declares more than the limit.
        "declared" => Body::from(vec![b'x'; MAX_ATTACHMENT_BYTES + 1]).into_response(),
        // No length, one chunk over the limit.
        "chunked" => {
            Body::from_stream(chunks(Some(MAX_ATTACHMENT_BYTES / CHUNK + 1))).into_response()
        }
        // No length and no end.
        _ => (
            [(header::CONTENT_TYPE, "application/octet-stream")],
            Body::from_stream(chunks(None)),
        )
            .into_response(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_download_stops_at_the_attachment_limit() {
    let sent = Arc::new(AtomicUsize::new(0));
    let app = axum::Router::new()
        .route(
            "/v1/requests/r/attachments/{case}/content",
            axum::routing::get(content),
        )
        .with_state(Arc::clone(&sent));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });

    let mut config = ClientConfig::new(format!("http://{addr}"));
    config.timeout = Duration::from_secs(60);
    let client = ApiClient::new(&config, ApiToken::new("t").unwrap()).unwrap();

    let whole = client.attachment_content("r", "at-limit").await.unwrap();
    assert_eq!(whole.len(), MAX_ATTACHMENT_BYTES);

    for case in ["declared", "chunked", "endless"] {
        sent.store(0, Ordering::SeqCst);
        let error = client.attachment_content("r", case).await.unwrap_err();
        assert!(
            matches!(&error, CallError::Malformed(m) if m.contains("limit")),
            "{case}: {error:?}"
        );
    }
    // The endless body was abandoned near the limit, not read on and on.
    assert!(
        sent.load(Ordering::SeqCst) < 4 * MAX_ATTACHMENT_BYTES,
        "{} bytes sent",
        sent.load(Ordering::SeqCst)
    );
}
