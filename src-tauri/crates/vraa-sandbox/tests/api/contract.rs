//! The OpenAPI document: committed copy is current, served copy is the same.

use crate::common::*;

fn committed_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../docs/api/openapi.json")
}

#[test]
fn committed_openapi_document_is_current() {
    let generated = vraa_sandbox::openapi_json();
    let path = committed_path();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).expect("write docs/api/openapi.json");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/api/openapi.json is stale. Regenerate it with\n  UPDATE_OPENAPI=1 cargo test -p vraa-sandbox --test api contract::\n\
         or\n  cargo run -p vraa-sandbox -- openapi > docs/api/openapi.json"
    );
}

#[test]
fn document_is_openapi_3_1_with_every_resource() {
    let doc: serde_json::Value = serde_json::from_str(&vraa_sandbox::openapi_json()).expect("json");
    assert!(
        doc["openapi"]
            .as_str()
            .unwrap_or_default()
            .starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    for path in [
        "/v1/me",
        "/v1/catalog",
        "/v1/contracts",
        "/v1/requests",
        "/v1/requests/{id}",
        "/v1/requests/{id}/comments",
        "/v1/requests/{id}/attachments",
        "/v1/uploads/{sha256}",
        "/v1/requests/{id}/cancel",
        "/v1/requests/{id}/provide-information",
        "/v1/requests/{id}/confirm-resolution",
        "/v1/requests/{id}/reopen",
        "/v1/requests/{id}/rating",
        "/v1/availability",
        "/v1/changes",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} missing");
    }
    for schema in [
        "Problem",
        "ProblemCode",
        "Request",
        "RequestStatus",
        "ChangePage",
        "Catalog",
        "FieldError",
    ] {
        assert!(
            doc["components"]["schemas"].get(schema).is_some(),
            "{schema} missing"
        );
    }
}

#[tokio::test]
async fn served_document_equals_generated_one() {
    let api = Api::empty().await;
    let served = api
        .http
        .get(format!("{}/v1/openapi.json", api.base))
        .send()
        .await
        .expect("get");
    assert_eq!(served.status(), 200);
    assert_eq!(
        served.text().await.expect("text"),
        vraa_sandbox::openapi_json()
    );
    api.stop().await;
}

#[test]
fn the_contract_check_rejects_answers_that_break_the_document() {
    use reqwest::{Method, StatusCode};
    use serde_json::json;
    let contract = Contract::new();
    let wrong_shape = std::panic::catch_unwind(|| {
        contract.check(
            &Method::GET,
            "/v1/me",
            StatusCode::OK,
            "application/json",
            &json!({"person": 1}),
        )
    });
    assert!(wrong_shape.is_err(), "a body of the wrong shape must fail");
    let undocumented_status = std::panic::catch_unwind(|| {
        contract.check(
            &Method::GET,
            "/v1/me",
            StatusCode::IM_A_TEAPOT,
            "application/json",
            &json!({}),
        )
    });
    assert!(
        undocumented_status.is_err(),
        "an undocumented status must fail"
    );
    let bad_enum = std::panic::catch_unwind(|| {
        let problem = json!({"type": "x", "title": "x", "title_lv": "x", "status": 409, "detail": "x", "detail_lv": "x", "code": "no_such_code"});
        contract.check(
            &Method::POST,
            "/v1/requests/{id}/cancel",
            StatusCode::CONFLICT,
            "application/problem+json",
            &problem,
        )
    });
    assert!(bad_enum.is_err(), "an unknown problem code must fail");
}
