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

/// A validator of the document's schema at `pointer` (refs resolved in the document).
fn schema_at(doc: &serde_json::Value, pointer: &str) -> jsonschema::Validator {
    assert!(doc.pointer(pointer).is_some(), "{pointer} in the document");
    let mut root = doc.clone();
    let fragment = pointer.replace('{', "%7B").replace('}', "%7D");
    root["$ref"] = serde_json::json!(format!("#{fragment}"));
    jsonschema::options()
        .should_validate_formats(true)
        .build(&root)
        .expect("schema compiles")
}

fn query_param(doc: &serde_json::Value, path: &str, name: &str) -> jsonschema::Validator {
    let escaped = path.replace('/', "~1");
    let params = doc
        .pointer(&format!("/paths/{escaped}/get/parameters"))
        .and_then(|p| p.as_array())
        .expect("parameters");
    let i = params
        .iter()
        .position(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("{path} has {name}"));
    schema_at(doc, &format!("/paths/{escaped}/get/parameters/{i}/schema"))
}

/// `POST /v1/requests` is documented per request type: the type's id and its
/// `fields_schema`, so a generated client cannot send fields of another type
/// or miss a field the type requires (which the server refuses with 422).
#[test]
fn a_new_request_is_documented_per_catalogue_type() {
    use serde_json::json;
    let doc: serde_json::Value = serde_json::from_str(&vraa_sandbox::openapi_json()).expect("json");
    let catalog = desk_core::api::catalogue_data::standard_catalog();
    let variants = doc["components"]["schemas"]["NewRequest"]["oneOf"]
        .as_array()
        .expect("oneOf");
    let ids: Vec<_> = variants
        .iter()
        .map(|v| v["properties"]["request_type_id"]["const"].clone())
        .collect();
    let expected: Vec<_> = catalog
        .request_types
        .iter()
        .map(|rt| json!(rt.id))
        .collect();
    assert_eq!(ids, expected);
    let new_request = schema_at(&doc, "/components/schemas/NewRequest");
    assert!(new_request.is_valid(&licence_body("Anna")));
    let mut missing = licence_body("Anna");
    missing["fields"]
        .as_object_mut()
        .expect("fields")
        .remove("user_email");
    assert!(
        !new_request.is_valid(&missing),
        "a required field is missing"
    );
    let mut no_fields = licence_body("Anna");
    no_fields.as_object_mut().expect("body").remove("fields");
    assert!(
        !new_request.is_valid(&no_fields),
        "the type requires fields"
    );
    let mut other_type = licence_body("Anna");
    other_type["request_type_id"] = json!("no.such.type");
    assert!(!new_request.is_valid(&other_type), "unknown request type");
    let consultation = json!({"request_type_id": "consultation", "subject": "Jautājums",
        "fields": {"topic_service_id": "email"}});
    assert!(new_request.is_valid(&consultation));
    let mut wrong_fields = consultation.clone();
    wrong_fields["fields"] = licence_body("Anna")["fields"].clone();
    assert!(
        !new_request.is_valid(&wrong_fields),
        "another type's fields"
    );
}

/// `provide-information` and `reopen` need a comment (the server answers 422
/// without one); the other actions take an empty body.
#[test]
fn actions_that_need_a_comment_document_it() {
    use serde_json::json;
    let doc: serde_json::Value = serde_json::from_str(&vraa_sandbox::openapi_json()).expect("json");
    for (action, comment_required) in [
        ("provide-information", true),
        ("reopen", true),
        ("cancel", false),
        ("confirm-resolution", false),
    ] {
        let body = schema_at(
            &doc,
            &format!(
                "/paths/~1v1~1requests~1{{id}}~1{action}/post/requestBody/content/application~1json/schema"
            ),
        );
        assert!(body.is_valid(&json!({"comment": "Lūdzu"})), "{action}");
        for without in [json!({}), json!({"comment": null})] {
            assert_eq!(
                body.is_valid(&without),
                !comment_required,
                "{action} {without}"
            );
        }
        assert!(
            !body.is_valid(&json!({"comment": " \t"})),
            "{action}: blank"
        );
    }
}

/// The cursors and the status list of the queries are documented in the
/// form the server parses; `GET /v1/requests`'s `status` names the statuses.
#[test]
fn query_formats_the_server_parses_are_documented() {
    use serde_json::json;
    let doc: serde_json::Value = serde_json::from_str(&vraa_sandbox::openapi_json()).expect("json");
    for (path, name) in [("/v1/changes", "cursor"), ("/v1/requests", "after")] {
        let position = query_param(&doc, path, name);
        for ok in ["", "0", "42", "000123", "999999999999999999"] {
            assert!(position.is_valid(&json!(ok)), "{path} {name}={ok}");
        }
        // Not a number, negative, or beyond what the server's i64 can hold.
        for bad in ["¿L", "-1", "1.5", "+3", "9999999999999999999", " 1"] {
            assert!(!position.is_valid(&json!(bad)), "{path} {name}={bad}");
        }
    }
    let status = query_param(&doc, "/v1/requests", "status");
    let all: Vec<&str> = desk_core::api::RequestStatus::ALL
        .iter()
        .map(|s| s.as_str())
        .collect();
    for s in &all {
        assert!(status.is_valid(&json!(s)), "{s}");
    }
    assert!(status.is_valid(&json!(all.join(","))));
    for bad in ["open", "in_progress,", "IN_PROGRESS", "resolved;closed"] {
        assert!(!status.is_valid(&json!(bad)), "{bad}");
    }
}

/// Uploads are documented with the media types the server accepts (not
/// `application/octet-stream`, which it refuses with 415), and the hash's form.
#[test]
fn uploads_document_the_accepted_media_types_and_the_hash() {
    use serde_json::json;
    let doc: serde_json::Value = serde_json::from_str(&vraa_sandbox::openapi_json()).expect("json");
    let op = &doc["paths"]["/v1/uploads/{sha256}"]["put"];
    let documented: Vec<&String> = op["requestBody"]["content"]
        .as_object()
        .expect("content")
        .keys()
        .collect();
    let mut accepted = vraa_sandbox::SandboxConfig::default().allowed_media_types;
    accepted.sort();
    let mut documented: Vec<String> = documented.into_iter().cloned().collect();
    documented.sort();
    assert_eq!(documented, accepted);
    assert!(!documented.iter().any(|m| m == "application/octet-stream"));
    let i = op["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .position(|p| p["name"] == "sha256")
        .expect("sha256");
    let sha = schema_at(
        &doc,
        &format!("/paths/~1v1~1uploads~1{{sha256}}/put/parameters/{i}/schema"),
    );
    assert!(sha.is_valid(&json!("ab".repeat(32))));
    for bad in ["0", &"AB".repeat(32), &"ab".repeat(33)] {
        assert!(!sha.is_valid(&json!(bad)), "{bad}");
    }
}

/// What the documented query formats allow, the live server accepts.
#[tokio::test]
async fn documented_query_values_are_accepted() {
    let api = Api::empty().await;
    let all: Vec<&str> = desk_core::api::RequestStatus::ALL
        .iter()
        .map(|s| s.as_str())
        .collect();
    for path in [
        format!("/v1/requests?status={}&after=000123", all.join(",")),
        "/v1/requests?after=999999999999999999".to_owned(),
        "/v1/changes?cursor=000000".to_owned(),
        "/v1/changes?cursor=999999999999999999".to_owned(),
    ] {
        let template = path.split('?').next().expect("path");
        let a = api.get(template, &path, VVD).await;
        assert_eq!(a.status, reqwest::StatusCode::OK, "{path}: {}", a.body);
    }
    api.stop().await;
}
