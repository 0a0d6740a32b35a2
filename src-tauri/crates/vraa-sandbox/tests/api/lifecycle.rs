//! The request life cycle, customer actions, validation and ratings.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::*;

async fn act(api: &Api, id: &str, action: &str, body: Value) -> Answer {
    api.post(
        &format!("/v1/requests/{{id}}/{action}"),
        &format!("/v1/requests/{id}/{action}"),
        VVD,
        &new_key(),
        body,
    )
    .await
}

#[tokio::test]
async fn full_life_cycle_with_enforced_transitions() {
    let api = Api::empty().await;
    let req = api.create_licence(VVD, &new_key(), "Anna").await;
    let id = req["id"].as_str().expect("id").to_owned();
    assert_eq!(req["status"], "submitted");
    assert!(req["reference"]
        .as_str()
        .expect("ref")
        .starts_with("VRAA-20"));
    assert_eq!(req["contract_id"], "contract-vvd-2023");

    // Customer actions not allowed yet.
    for action in ["confirm-resolution", "reopen"] {
        let a = act(&api, &id, action, json!({"comment": "x"})).await;
        assert_eq!(a.status, StatusCode::CONFLICT, "{action}");
        assert_eq!(a.code(), "invalid_transition");
    }
    let a = act(&api, &id, "provide-information", json!({"comment": "x"})).await;
    assert_eq!(a.code(), "invalid_transition");
    // Staff may not skip steps.
    let a = api.admin_move(&id, "resolved").await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    for to in [
        "registered",
        "assigned",
        "in_progress",
        "waiting_for_customer",
    ] {
        let a = api.admin_move(&id, to).await;
        assert_eq!(a.status, StatusCode::OK, "{to}: {}", a.body);
        assert_eq!(a.body["status"], to);
    }
    // Providing information needs a comment.
    let a = act(&api, &id, "provide-information", json!({})).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.body["errors"][0]["pointer"], "/comment");
    let a = act(
        &api,
        &id,
        "provide-information",
        json!({"comment": "Lietotājs sāks 1. decembrī"}),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.body["status"], "in_progress");
    // Rating before resolution is refused.
    let a = api
        .post(
            "/v1/requests/{id}/rating",
            &format!("/v1/requests/{id}/rating"),
            VVD,
            &new_key(),
            json!({"score": 5}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert_eq!(api.admin_move(&id, "resolved").await.status, StatusCode::OK);
    // Cannot cancel after resolution; can reopen.
    assert_eq!(
        act(&api, &id, "cancel", json!({})).await.code(),
        "invalid_transition"
    );
    let a = act(
        &api,
        &id,
        "reopen",
        json!({"comment": "Licence joprojām nav redzama"}),
    )
    .await;
    assert_eq!(a.body["status"], "reopened");
    assert_eq!(
        api.admin_move(&id, "closed").await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        api.admin_move(&id, "in_progress").await.status,
        StatusCode::OK
    );
    assert_eq!(api.admin_move(&id, "resolved").await.status, StatusCode::OK);
    let a = act(&api, &id, "confirm-resolution", json!({})).await;
    assert_eq!(a.body["status"], "closed");
    let history: Vec<_> = a.body["status_history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|h| h["to"].clone())
        .collect();
    assert_eq!(
        history,
        [
            "submitted",
            "registered",
            "assigned",
            "in_progress",
            "waiting_for_customer",
            "in_progress",
            "resolved",
            "reopened",
            "in_progress",
            "resolved",
            "closed"
        ]
        .map(|s| json!(s))
    );
    // Rating once.
    let r = api
        .post(
            "/v1/requests/{id}/rating",
            &format!("/v1/requests/{id}/rating"),
            VVD,
            &new_key(),
            json!({"score": 6}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Not a whole number: refused like the document's `integer` refuses it.
    let r = api
        .post(
            "/v1/requests/{id}/rating",
            &format!("/v1/requests/{id}/rating"),
            VVD,
            &new_key(),
            json!({"score": 4.5}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["errors"][0]["pointer"], "/score", "{}", r.body);
    // `4.0` is the integer 4 in JSON Schema, so the document allows it: accepted.
    let r = api
        .post(
            "/v1/requests/{id}/rating",
            &format!("/v1/requests/{id}/rating"),
            VVD,
            &new_key(),
            json!({"score": 4.0, "comment": "Paldies"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["rating"]["score"], 4);
    let r = api
        .post(
            "/v1/requests/{id}/rating",
            &format!("/v1/requests/{id}/rating"),
            VVD,
            &new_key(),
            json!({"score": 5}),
        )
        .await;
    assert_eq!(r.code(), "already_rated");
    // Closed requests take no more comments.
    let c = api
        .post(
            "/v1/requests/{id}/comments",
            &format!("/v1/requests/{id}/comments"),
            VVD,
            &new_key(),
            json!({"body": "x"}),
        )
        .await;
    assert_eq!(c.status, StatusCode::CONFLICT);
    // Comments written along the way: staff comments and the customer's.
    let comments = api
        .get(
            "/v1/requests/{id}/comments",
            &format!("/v1/requests/{id}/comments"),
            VVD,
        )
        .await;
    let bodies: Vec<_> = comments.body["comments"]
        .as_array()
        .expect("comments")
        .iter()
        .map(|c| c["body"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(bodies.contains(&"Lietotājs sāks 1. decembrī".to_owned()));
    assert!(bodies.contains(&"Statuss: resolved".to_owned()));
    // Cancel from an open status works once.
    let other = api.create_licence(VVD, &new_key(), "Toms").await;
    let oid = other["id"].as_str().expect("id");
    assert_eq!(
        act(
            &api,
            oid,
            "cancel",
            json!({"comment": "Vairs nav vajadzīgs"})
        )
        .await
        .body["status"],
        "cancelled"
    );
    assert_eq!(
        act(&api, oid, "cancel", json!({})).await.code(),
        "invalid_transition"
    );
    api.stop().await;
}

#[tokio::test]
async fn bodies_are_validated_against_the_type_schema() {
    let api = Api::empty().await;
    let a = api
        .post(
            "/v1/requests",
            "/v1/requests",
            VVD,
            &new_key(),
            json!({"request_type_id": "email.mailbox_create", "subject": "Pastkaste", "fields": {"mailbox_kind": "shared", "address": "nav-epasts", "extra": 1}}),
        )
        .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.code(), "validation_failed");
    let errors = a.body["errors"].as_array().expect("errors");
    let pointers: Vec<_> = errors
        .iter()
        .map(|e| e["pointer"].as_str().unwrap_or_default())
        .collect();
    for p in [
        "/fields/display_name",
        "/fields/mailbox_kind",
        "/fields/address",
        "/fields",
    ] {
        assert!(pointers.contains(&p), "{p} missing in {pointers:?}");
    }
    assert!(errors
        .iter()
        .all(|e| !e["message_lv"].as_str().unwrap_or_default().is_empty()));
    let a = api
        .post(
            "/v1/requests",
            "/v1/requests",
            VVD,
            &new_key(),
            json!({"request_type_id": "no.such", "subject": "x"}),
        )
        .await;
    assert_eq!(a.code(), "unknown_request_type");
    let a = api
        .send(
            reqwest::Method::POST,
            "/v1/requests",
            "/v1/requests",
            Some(VVD),
            Some(&new_key()),
            Some((b"{not json".to_vec(), "application/json")),
        )
        .await;
    assert_eq!(a.code(), "invalid_json");
    // An employee may ask for a consultation, not for an action.
    let a = api
        .post(
            "/v1/requests",
            "/v1/requests",
            VVD_EMPLOYEE,
            &new_key(),
            licence_body("X"),
        )
        .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = api
        .post("/v1/requests", "/v1/requests", VVD_EMPLOYEE, &new_key(), json!({"request_type_id": "consultation", "subject": "Kā pārsūtīt e-pastu?", "fields": {"topic_service_id": "email"}}))
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(a.body["contract_id"], serde_json::Value::Null);
    // DAP has no DVS contract.
    let a = api
        .post("/v1/requests", "/v1/requests", DAP, &new_key(), json!({"request_type_id": "dvs.incident", "subject": "DVS nestrādā", "fields": {"impact": "department"}}))
        .await;
    // A conflict with the institution's contracts, not a malformed body: 409.
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert_eq!(a.code(), "no_contract");
    // The IT expert group member may request actions.
    let a = api
        .post(
            "/v1/requests",
            "/v1/requests",
            VVD_EXPERT,
            &new_key(),
            licence_body("E"),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED);
    api.stop().await;
}
