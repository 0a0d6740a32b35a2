//! The Idempotency-Key protocol.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn same_key_same_body_replays_and_different_body_conflicts() {
    let api = Api::empty().await;
    let key = new_key();
    let first = api
        .post(
            "/v1/requests",
            "/v1/requests",
            VVD,
            &key,
            licence_body("Anna"),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert!(first.headers.get("idempotent-replayed").is_none());
    let again = api
        .post(
            "/v1/requests",
            "/v1/requests",
            VVD,
            &key,
            licence_body("Anna"),
        )
        .await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.body, first.body, "the original result comes back");
    assert_eq!(
        again
            .headers
            .get("idempotent-replayed")
            .map(|v| v.as_bytes()),
        Some(&b"true"[..])
    );
    // Key order in the JSON does not matter (canonical fingerprint).
    let reordered = r#"{"fields":{"licence":"exchange_online_plan_1","user_email":"user@vvd.example.lv","user_name":"Anna"},"description":"Jauns darbinieks","subject":"Licence Anna","request_type_id":"email.licence_assign"}"#;
    let a = api
        .send(
            Method::POST,
            "/v1/requests",
            "/v1/requests",
            Some(VVD),
            Some(&key),
            Some((reordered.as_bytes().to_vec(), "application/json")),
        )
        .await;
    assert_eq!(a.body, first.body);
    let other = api
        .post(
            "/v1/requests",
            "/v1/requests",
            VVD,
            &key,
            licence_body("Pēteris"),
        )
        .await;
    assert_eq!(other.status, StatusCode::CONFLICT);
    assert_eq!(other.code(), "idempotency_key_reused");
    // The same key on another endpoint is another call, so a conflict too.
    let id = first.body["id"].as_str().expect("id");
    let c = api
        .post(
            "/v1/requests/{id}/comments",
            &format!("/v1/requests/{id}/comments"),
            VVD,
            &key,
            json!({"body": "x"}),
        )
        .await;
    assert_eq!(c.status, StatusCode::CONFLICT);
    let list = api.get("/v1/requests", "/v1/requests", VVD).await;
    assert_eq!(
        list.body["requests"].as_array().expect("list").len(),
        1,
        "exactly one request was created"
    );
    // A failed call is not stored: the corrected body with the same key succeeds.
    let key2 = new_key();
    let bad = api
        .post(
            "/v1/requests",
            "/v1/requests",
            VVD,
            &key2,
            json!({"request_type_id": "email.licence_assign", "subject": "", "fields": {}}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let good = api
        .post(
            "/v1/requests",
            "/v1/requests",
            VVD,
            &key2,
            licence_body("Inga"),
        )
        .await;
    assert_eq!(good.status, StatusCode::CREATED);
    api.stop().await;
}

#[tokio::test]
async fn mutating_calls_need_a_key() {
    let api = Api::empty().await;
    let body = serde_json::to_vec(&licence_body("A")).expect("json");
    let a = api
        .send(
            Method::POST,
            "/v1/requests",
            "/v1/requests",
            Some(VVD),
            None,
            Some((body, "application/json")),
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.code(), "idempotency_key_missing");
    api.stop().await;
}

#[tokio::test]
async fn concurrent_duplicates_create_one_request() {
    let api = Api::empty().await;
    let key = new_key();
    let mut tasks = Vec::new();
    for _ in 0..24 {
        let client = api.clone_client();
        let key = key.clone();
        tasks.push(tokio::spawn(async move {
            client
                .post(
                    "/v1/requests",
                    "/v1/requests",
                    VVD,
                    &key,
                    licence_body("Dup"),
                )
                .await
                .body
        }));
    }
    let mut ids = std::collections::HashSet::new();
    for t in tasks {
        let body = t.await.expect("task");
        ids.insert(body["id"].as_str().expect("id").to_owned());
    }
    assert_eq!(ids.len(), 1, "all duplicates got the same request");
    let list = api.get("/v1/requests", "/v1/requests", VVD).await;
    assert_eq!(list.body["requests"].as_array().expect("list").len(), 1);
    api.stop().await;
}
