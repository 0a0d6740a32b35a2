//! Limits (body size, attachment size, rate) and fault injection.

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::json;
use sha2::{Digest, Sha256};
use vraa_sandbox::{RateLimit, SandboxConfig};

use crate::common::*;

#[tokio::test]
async fn body_and_attachment_limits() {
    let api = Api::start(SandboxConfig {
        max_json_body: 4 * 1024,
        max_attachment: 1024,
        ..SandboxConfig::for_tests()
    })
    .await;
    let mut big = licence_body("Big");
    big["description"] = json!("x".repeat(8 * 1024));
    let a = api
        .post("/v1/requests", "/v1/requests", VVD, &new_key(), big)
        .await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(a.code(), "payload_too_large");
    let content = vec![7u8; 2048];
    let sha = hex::encode(Sha256::digest(&content));
    let a = api
        .send(
            Method::PUT,
            "/v1/uploads/{sha256}",
            &format!("/v1/uploads/{sha}"),
            Some(VVD),
            Some(&new_key()),
            Some((content, "application/pdf")),
        )
        .await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(a.code(), "attachment_too_large");
    let mut long = licence_body("Long");
    long["subject"] = json!("s".repeat(201));
    let a = api
        .post("/v1/requests", "/v1/requests", VVD, &new_key(), long)
        .await;
    assert_eq!(a.body["errors"][0]["code"], "max_length");
    api.stop().await;
}

#[tokio::test]
async fn rate_limit_per_token_answers_429_with_retry_after() {
    let api = Api::start(SandboxConfig {
        rate_limit: Some(RateLimit {
            per_second: 0.5,
            burst: 3.0,
        }),
        ..SandboxConfig::for_tests()
    })
    .await;
    for _ in 0..3 {
        assert_eq!(
            api.get("/v1/me", "/v1/me", VVD).await.status,
            StatusCode::OK
        );
    }
    let a = api.get("/v1/me", "/v1/me", VVD).await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(a.code(), "rate_limited");
    let retry: u64 = a
        .headers
        .get("retry-after")
        .expect("Retry-After")
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=2).contains(&retry), "{retry}");
    // Another token has its own bucket.
    assert_eq!(
        api.get("/v1/me", "/v1/me", VARAM).await.status,
        StatusCode::OK
    );
    api.stop().await;
}

async fn set_faults(api: &Api, faults: serde_json::Value) {
    let bytes = serde_json::to_vec(&faults).expect("json");
    let a = api
        .send(
            Method::PUT,
            "/admin/v1/faults",
            "/admin/v1/faults",
            Some(ADMIN),
            None,
            Some((bytes, "application/json")),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
}

#[tokio::test]
async fn injected_faults_and_recovery_by_idempotent_retry() {
    let api = Api::empty().await;
    set_faults(&api, json!({"error_500_share": 1.0})).await;
    let a = api.get("/v1/me", "/v1/me", VVD).await;
    assert_eq!(a.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(a.code(), "internal_error");
    set_faults(&api, json!({"error_503_share": 1.0})).await;
    let a = api.get("/v1/me", "/v1/me", VVD).await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(a.headers.get("retry-after").is_some());
    set_faults(&api, json!({"rate_limit_share": 1.0})).await;
    assert_eq!(
        api.get("/v1/me", "/v1/me", VVD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    set_faults(&api, json!({"latency_ms": 150})).await;
    let t = Instant::now();
    assert_eq!(
        api.get("/v1/me", "/v1/me", VVD).await.status,
        StatusCode::OK
    );
    assert!(t.elapsed() >= Duration::from_millis(150));
    // Half the calls fail: over many calls both outcomes occur.
    set_faults(&api, json!({"error_503_share": 0.5})).await;
    let mut statuses = std::collections::HashSet::new();
    for _ in 0..30 {
        statuses.insert(api.get("/v1/me", "/v1/me", VVD).await.status);
    }
    assert!(
        statuses.contains(&StatusCode::OK) && statuses.contains(&StatusCode::SERVICE_UNAVAILABLE)
    );
    // Dropped connection after the change took effect: the client sees an
    // error; the retry with the same key returns the original result once.
    set_faults(&api, json!({"drop_share": 1.0})).await;
    let key = new_key();
    let dropped = api
        .http
        .post(format!("{}/v1/requests", api.base))
        .bearer_auth(VVD)
        .header("Idempotency-Key", &key)
        .json(&licence_body("Drop"))
        .send()
        .await;
    let failed = match dropped {
        Err(_) => true,
        Ok(resp) => resp.bytes().await.is_err(),
    };
    assert!(failed, "the answer must be lost");
    set_faults(&api, json!({})).await;
    let retry = api
        .post(
            "/v1/requests",
            "/v1/requests",
            VVD,
            &key,
            licence_body("Drop"),
        )
        .await;
    assert_eq!(retry.status, StatusCode::CREATED);
    assert_eq!(
        retry
            .headers
            .get("idempotent-replayed")
            .map(|v| v.as_bytes()),
        Some(&b"true"[..])
    );
    let list = api.get("/v1/requests", "/v1/requests", VVD).await;
    assert_eq!(list.body["requests"].as_array().expect("list").len(), 1);
    // Shares outside 0–1 are refused.
    let bad = api
        .send(
            Method::PUT,
            "/admin/v1/faults",
            "/admin/v1/faults",
            Some(ADMIN),
            None,
            Some((br#"{"drop_share": 2}"#.to_vec(), "application/json")),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    api.stop().await;
}

/// Issue 11 item 15: the bucket belongs to the person, not to the header's
/// spelling: `Bearer tok` and `Bearer  tok ` are the same caller; made-up
/// tokens share one bucket instead of each getting a fresh one.
#[tokio::test]
async fn rate_limit_buckets_are_per_person_not_per_header_spelling() {
    let api = Api::start(SandboxConfig {
        rate_limit: Some(RateLimit {
            per_second: 0.1,
            burst: 2.0,
        }),
        ..SandboxConfig::for_tests()
    })
    .await;
    let me = |auth: String| {
        let http = api.http.clone();
        let url = format!("{}/v1/me", api.base);
        async move {
            http.get(url)
                .header("authorization", auth)
                .send()
                .await
                .expect("call")
                .status()
        }
    };
    assert_eq!(me(format!("Bearer {VVD}")).await, StatusCode::OK);
    assert_eq!(me(format!("Bearer  {VVD} ")).await, StatusCode::OK);
    assert_eq!(
        me(format!("Bearer {VVD}   ")).await,
        StatusCode::TOO_MANY_REQUESTS,
        "the same person, however the header is spaced"
    );
    for i in 0..2 {
        assert_eq!(
            me(format!("Bearer made-up-{i}")).await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        me("Bearer made-up-3".into()).await,
        StatusCode::TOO_MANY_REQUESTS,
        "unknown tokens share one bucket"
    );
    assert_eq!(me(format!("Bearer {VARAM}")).await, StatusCode::OK);
    api.stop().await;
}

/// Issue 11 item 15: tokens are stored as SHA-256 hashes, never in clear; they
/// still authenticate, and `tokens_in` still names the demo tokens.
#[tokio::test]
async fn tokens_are_stored_hashed() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("sandbox.sqlite3");
    let api = Api::start(SandboxConfig {
        db_path: Some(path.clone()),
        ..SandboxConfig::for_tests()
    })
    .await;
    assert_eq!(
        api.get("/v1/me", "/v1/me", VVD).await.status,
        StatusCode::OK
    );
    api.stop().await;
    let conn = rusqlite::Connection::open(&path).expect("open");
    let stored: Vec<String> = conn
        .prepare("SELECT token_sha256 FROM tokens")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert!(!stored.is_empty());
    for hash in &stored {
        assert_eq!(hash.len(), 64, "{hash}");
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()), "{hash}");
    }
    assert!(stored.contains(&hex::encode(Sha256::digest(VVD.as_bytes()))));
    drop(conn);
    let file = std::fs::read(&path).expect("read");
    for token in [VVD, VARAM, ADMIN] {
        assert!(
            !file.windows(token.len()).any(|w| w == token.as_bytes()),
            "{token} is in the file in clear"
        );
    }
    let listed = vraa_sandbox::tokens_in(&path).expect("tokens");
    assert!(listed.iter().any(|t| t.token == VVD));
}

/// Issue 11 items 7 and 15: a key's answer can be looked up without
/// repeating the call, only by its own person, and only for the key's
/// lifetime; after it the key is forgotten and a call with it is new.
#[tokio::test]
async fn idempotency_keys_can_be_looked_up_and_expire() {
    let api = Api::start(SandboxConfig {
        idempotency_key_lifetime: Duration::from_secs(1),
        ..SandboxConfig::for_tests()
    })
    .await;
    let key = new_key();
    let created = api.create_licence(VVD, &key, "Anna").await;
    let template = "/v1/idempotency-keys/{key}";
    let path = format!("/v1/idempotency-keys/{key}");
    let found = api.get(template, &path, VVD).await;
    assert_eq!(found.status, StatusCode::OK);
    assert_eq!(found.body["id"], created["id"]);
    assert_eq!(found.headers["idempotent-original-status"], "201");
    assert_eq!(found.headers["idempotent-replayed"], "true");
    let other = api.get(template, &path, VARAM).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND, "another person's key");
    let unknown = api
        .get(
            template,
            &format!("/v1/idempotency-keys/{}", new_key()),
            VVD,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    tokio::time::sleep(Duration::from_millis(1100)).await;
    let expired = api.get(template, &path, VVD).await;
    assert_eq!(expired.status, StatusCode::NOT_FOUND, "expired");
    let again = api.create_licence(VVD, &key, "Anna").await;
    assert_ne!(
        again["id"], created["id"],
        "an expired key starts a new call"
    );
    api.stop().await;
}
