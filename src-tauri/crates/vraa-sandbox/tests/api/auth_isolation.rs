//! Authentication on every endpoint, and institutions never seeing each other.

use reqwest::{Method, StatusCode};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::common::*;

#[tokio::test]
async fn every_documented_endpoint_requires_a_valid_token() {
    let api = Api::empty().await;
    let doc = api.contract.doc().clone();
    let mut checked = 0;
    for (template, ops) in doc["paths"].as_object().expect("paths") {
        for method in ops.as_object().expect("ops").keys() {
            let method: Method = method.to_uppercase().parse().expect("method");
            let path = template
                .replace("{id}", "VRAA-2026-000001")
                .replace("{attachment_id}", "x")
                .replace("{sha256}", &"0".repeat(64));
            let path = if template == "/v1/availability" {
                format!("{path}?month=2026-01")
            } else {
                path
            };
            for token in [None, Some("not-a-token")] {
                let a = api
                    .send(
                        method.clone(),
                        template,
                        &path,
                        token,
                        Some(&new_key()),
                        None,
                    )
                    .await;
                assert_eq!(
                    a.status,
                    StatusCode::UNAUTHORIZED,
                    "{method} {template} with {token:?}"
                );
                assert_eq!(a.code(), "unauthorized");
            }
            // The other kind of token is refused too.
            let other = if template.starts_with("/admin") {
                VVD
            } else {
                ADMIN
            };
            let a = api
                .send(
                    method.clone(),
                    template,
                    &path,
                    Some(other),
                    Some(&new_key()),
                    None,
                )
                .await;
            assert_eq!(
                a.status,
                StatusCode::FORBIDDEN,
                "{method} {template} with the wrong kind of token"
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} endpoints checked");
    api.stop().await;
}

#[tokio::test]
async fn institutions_never_see_each_other() {
    let api = Api::empty().await;
    // VVD: a request with a comment and an attachment.
    let req = api.create_licence(VVD, &new_key(), "Anna").await;
    let id = req["id"].as_str().expect("id").to_owned();
    let reference = req["reference"].as_str().expect("reference").to_owned();
    let c = api
        .post(
            "/v1/requests/{id}/comments",
            &format!("/v1/requests/{id}/comments"),
            VVD,
            &new_key(),
            json!({"body": "Slepeni"}),
        )
        .await;
    assert_eq!(c.status, StatusCode::CREATED);
    let content = b"VVD secret".to_vec();
    let sha = hex::encode(Sha256::digest(&content));
    let up = api
        .send(
            Method::PUT,
            "/v1/uploads/{sha256}",
            &format!("/v1/uploads/{sha}"),
            Some(VVD),
            Some(&new_key()),
            Some((content.clone(), "text/plain")),
        )
        .await;
    assert_eq!(up.status, StatusCode::CREATED);
    let att = api
        .post(
            "/v1/requests/{id}/attachments",
            &format!("/v1/requests/{id}/attachments"),
            VVD,
            &new_key(),
            json!({"sha256": sha, "file_name": "a.txt"}),
        )
        .await;
    assert_eq!(att.status, StatusCode::CREATED);
    let att_id = att.body["id"].as_str().expect("att id").to_owned();

    // VARAM sees none of it, by id or by reference, on every endpoint.
    for handle in [&id, &reference] {
        for (template, path) in [
            ("/v1/requests/{id}", format!("/v1/requests/{handle}")),
            (
                "/v1/requests/{id}/comments",
                format!("/v1/requests/{handle}/comments"),
            ),
            (
                "/v1/requests/{id}/attachments",
                format!("/v1/requests/{handle}/attachments"),
            ),
            (
                "/v1/requests/{id}/attachments/{attachment_id}/content",
                format!("/v1/requests/{handle}/attachments/{att_id}/content"),
            ),
        ] {
            let a = api.get(template, &path, VARAM).await;
            assert_eq!(a.status, StatusCode::NOT_FOUND, "{path}");
        }
        for action in [
            "cancel",
            "provide-information",
            "confirm-resolution",
            "reopen",
        ] {
            let template = format!("/v1/requests/{{id}}/{action}");
            let a = api
                .post(
                    &template,
                    &format!("/v1/requests/{handle}/{action}"),
                    VARAM,
                    &new_key(),
                    json!({"comment": "x"}),
                )
                .await;
            assert_eq!(a.status, StatusCode::NOT_FOUND, "{action}");
        }
        let a = api
            .post(
                "/v1/requests/{id}/rating",
                &format!("/v1/requests/{handle}/rating"),
                VARAM,
                &new_key(),
                json!({"score": 1}),
            )
            .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        let a = api
            .post(
                "/v1/requests/{id}/comments",
                &format!("/v1/requests/{handle}/comments"),
                VARAM,
                &new_key(),
                json!({"body": "x"}),
            )
            .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        let a = api
            .post(
                "/v1/requests/{id}/attachments",
                &format!("/v1/requests/{handle}/attachments"),
                VARAM,
                &new_key(),
                json!({"sha256": sha, "file_name": "b.txt"}),
            )
            .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
    }
    // VARAM cannot attach VVD's upload to its own request by knowing the hash.
    let own = api.create_licence(VARAM, &new_key(), "Ilze").await;
    let own_id = own["id"].as_str().expect("id");
    let a = api
        .post(
            "/v1/requests/{id}/attachments",
            &format!("/v1/requests/{own_id}/attachments"),
            VARAM,
            &new_key(),
            json!({"sha256": sha, "file_name": "stolen.txt"}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert_eq!(a.code(), "blob_not_found");

    // Uploads are per institution: the same content is new for VARAM (no
    // hint that another institution has it), and VARAM can then attach its own.
    let up = api
        .send(
            Method::PUT,
            "/v1/uploads/{sha256}",
            &format!("/v1/uploads/{sha}"),
            Some(VARAM),
            Some(&new_key()),
            Some((content, "text/plain")),
        )
        .await;
    assert_eq!(up.status, StatusCode::CREATED);

    // Lists and the change feed.
    let list = api.get("/v1/requests", "/v1/requests", VARAM).await;
    let ids: Vec<_> = list.body["requests"]
        .as_array()
        .expect("list")
        .iter()
        .map(|r| r["id"].clone())
        .collect();
    assert_eq!(ids, vec![own["id"].clone()]);
    let feed = api.get("/v1/changes", "/v1/changes", VARAM).await;
    let text = feed.body.to_string();
    assert!(
        !text.contains(&id) && !text.contains("Slepeni") && !text.contains(&att_id),
        "VARAM's feed leaks VVD data"
    );
    assert!(text.contains(own_id));
    // The VVD feed has all of its own.
    let feed = api
        .get("/v1/changes", "/v1/changes", VVD)
        .await
        .body
        .to_string();
    assert!(feed.contains(&id) && feed.contains("Slepeni") && feed.contains(&att_id));
    // Me and contracts are per institution.
    let me = api.get("/v1/me", "/v1/me", VARAM).await;
    assert_eq!(me.body["institution"]["short_name"], "VARAM");
    let contracts = api.get("/v1/contracts", "/v1/contracts", DAP).await;
    let numbers: Vec<_> = contracts.body["contracts"]
        .as_array()
        .expect("contracts")
        .iter()
        .map(|c| c["number"].clone())
        .collect();
    assert_eq!(numbers, vec![json!("VRAA-L-2025/07")]);
    // Idempotency keys are per person: the same key elsewhere is a new call.
    let key = new_key();
    let a = api.create_licence(VVD, &key, "Same key").await;
    let b = api.create_licence(VARAM, &key, "Same key").await;
    assert_ne!(a["id"], b["id"]);
    api.stop().await;
}
