//! Catalogue, contracts, listing, attachments, availability.

use reqwest::{Method, StatusCode};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::common::*;

#[tokio::test]
async fn catalog_has_every_action_and_supports_etags() {
    let api = Api::empty().await;
    let a = api.get("/v1/catalog", "/v1/catalog", VVD).await;
    assert_eq!(a.status, StatusCode::OK);
    let types: Vec<_> = a.body["request_types"]
        .as_array()
        .expect("types")
        .iter()
        .map(|t| t["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    for id in [
        "email.licence_assign",
        "email.licence_revoke",
        "email.mailbox_create",
        "email.shared_mailbox_change",
        "email.spam_filter_change",
        "email.account_report",
        "email.nonstandard_info",
        "dvs.customisation",
        "dvs.incident",
        "dvs.user_rights",
        "dvs.document_copies",
        "shared.issue",
        "shared.integration_question",
        "consultation",
    ] {
        assert!(types.contains(&id.to_owned()), "{id}");
    }
    assert_eq!(
        a.body,
        serde_json::to_value(vraa_sandbox::catalog()).expect("json"),
        "library catalogue = served one"
    );
    let etag = a
        .headers
        .get("etag")
        .expect("etag")
        .to_str()
        .expect("ascii")
        .to_owned();
    let resp = api
        .http
        .get(format!("{}/v1/catalog", api.base))
        .bearer_auth(VVD)
        .header("If-None-Match", &etag)
        .send()
        .await
        .expect("get");
    assert_eq!(resp.status(), StatusCode::NOT_MODIFIED);
    api.stop().await;
}

#[tokio::test]
async fn list_filters_and_pages() {
    let api = Api::empty().await;
    let mut ids = Vec::new();
    for i in 0..7 {
        ids.push(
            api.create_licence(VVD, &new_key(), &format!("User{i}"))
                .await["id"]
                .as_str()
                .expect("id")
                .to_owned(),
        );
    }
    api.admin_move(&ids[0], "registered").await;
    // Distinct change times for the `updated_since` check below.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    api.admin_move(&ids[1], "registered").await;
    let a = api
        .get("/v1/requests", "/v1/requests?status=registered", VVD)
        .await;
    assert_eq!(a.body["requests"].as_array().expect("list").len(), 2);
    let a = api.get("/v1/requests", "/v1/requests?q=User3", VVD).await;
    assert_eq!(a.body["requests"][0]["id"], ids[3].as_str());
    let moved_at = api
        .get(
            "/v1/requests/{id}",
            &format!("/v1/requests/{}", ids[1]),
            VVD,
        )
        .await
        .body["updated_at"]
        .as_str()
        .expect("updated_at")
        .to_owned();
    let since = api
        .get(
            "/v1/requests",
            &format!(
                "/v1/requests?updated_since={}",
                moved_at.replace('+', "%2B")
            ),
            VVD,
        )
        .await;
    let recent: Vec<_> = since.body["requests"]
        .as_array()
        .expect("list")
        .iter()
        .map(|r| r["id"].clone())
        .collect();
    assert!(
        recent.contains(&serde_json::json!(ids[1])) && !recent.contains(&serde_json::json!(ids[0])),
        "{recent:?}"
    );
    let typed = api
        .get(
            "/v1/requests",
            "/v1/requests?request_type_id=dvs.incident",
            VVD,
        )
        .await;
    assert_eq!(typed.body["requests"].as_array().expect("list").len(), 0);
    let a = api
        .get("/v1/requests", "/v1/requests?status=bogus", VVD)
        .await;
    assert_eq!(a.code(), "invalid_query");
    // Paging newest first, three at a time.
    let mut seen = Vec::new();
    let mut after = String::new();
    loop {
        let page = api
            .get(
                "/v1/requests",
                &format!("/v1/requests?limit=3&after={after}"),
                VVD,
            )
            .await;
        for r in page.body["requests"].as_array().expect("list") {
            seen.push(r["id"].as_str().expect("id").to_owned());
        }
        match page.body["next_after"].as_str() {
            Some(n) => after = n.to_owned(),
            None => break,
        }
    }
    ids.reverse();
    assert_eq!(seen, ids);
    let by_id = api
        .get(
            "/v1/requests/{id}",
            &format!("/v1/requests/{}", ids[0]),
            VVD,
        )
        .await;
    let reference = by_id.body["reference"].as_str().expect("reference");
    let by_ref = api
        .get(
            "/v1/requests/{id}",
            &format!("/v1/requests/{reference}"),
            VVD,
        )
        .await;
    assert_eq!(by_ref.body, by_id.body);
    api.stop().await;
}

#[tokio::test]
async fn two_step_attachments() {
    let api = Api::empty().await;
    let req = api.create_licence(VVD, &new_key(), "Att").await;
    let id = req["id"].as_str().expect("id");
    let content = b"%PDF-1.4 sandbox".to_vec();
    let sha = hex::encode(Sha256::digest(&content));
    // Attaching before uploading fails.
    let a = api
        .post(
            "/v1/requests/{id}/attachments",
            &format!("/v1/requests/{id}/attachments"),
            VVD,
            &new_key(),
            json!({"sha256": sha, "file_name": "līgums.pdf"}),
        )
        .await;
    // Nothing is wrong with the body, the content is not on the server yet: 409.
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert_eq!(a.code(), "blob_not_found");
    let up = |key: String| {
        let content = content.clone();
        let sha = sha.clone();
        let api = &api;
        async move {
            api.send(
                Method::PUT,
                "/v1/uploads/{sha256}",
                &format!("/v1/uploads/{sha}"),
                Some(VVD),
                Some(&key),
                Some((content, "application/pdf")),
            )
            .await
        }
    };
    assert_eq!(up(new_key()).await.status, StatusCode::CREATED);
    assert_eq!(
        up(new_key()).await.status,
        StatusCode::OK,
        "same content again: already stored"
    );
    let wrong = api
        .send(
            Method::PUT,
            "/v1/uploads/{sha256}",
            &format!("/v1/uploads/{}", "a".repeat(64)),
            Some(VVD),
            Some(&new_key()),
            Some((content.clone(), "application/pdf")),
        )
        .await;
    assert_eq!(wrong.code(), "hash_mismatch");
    let exe = api
        .send(
            Method::PUT,
            "/v1/uploads/{sha256}",
            &format!("/v1/uploads/{sha}"),
            Some(VVD),
            Some(&new_key()),
            Some((content.clone(), "application/x-msdownload")),
        )
        .await;
    assert_eq!(exe.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // The bytes are sniffed, not the Content-Type trusted: a program sent as a
    // PDF (or a PNG as a PDF) is refused with a clear problem.
    for (bytes, claimed) in [
        (
            b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF\0\0 not a pdf".to_vec(),
            "application/pdf",
        ),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), "application/pdf"),
        (b"%PDF-1.7 this is a pdf".to_vec(), "image/png"),
        (b"MZ\x90\0\x03\0\0\0 program".to_vec(), "text/plain"),
    ] {
        let sha = hex::encode(Sha256::digest(&bytes));
        let lie = api
            .send(
                Method::PUT,
                "/v1/uploads/{sha256}",
                &format!("/v1/uploads/{sha}"),
                Some(VVD),
                Some(&new_key()),
                Some((bytes, claimed)),
            )
            .await;
        assert_eq!(lie.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", lie.body);
        assert_eq!(lie.code(), "content_mismatch");
        assert!(lie.body["detail"].as_str().unwrap().contains(claimed));
        assert!(lie.body["detail_lv"].as_str().unwrap().contains(claimed));
    }
    // Only 64 lower-case hex characters are a hash.
    for bad in [sha.to_uppercase(), "ab".repeat(31)] {
        let r = api
            .send(
                Method::PUT,
                "/v1/uploads/{sha256}",
                &format!("/v1/uploads/{bad}"),
                Some(VVD),
                Some(&new_key()),
                Some((content.clone(), "application/pdf")),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}: {}", r.body);
        assert_eq!(r.code(), "invalid_hash");
    }
    let r = api
        .post(
            "/v1/requests/{id}/attachments",
            &format!("/v1/requests/{id}/attachments"),
            VVD,
            &new_key(),
            json!({"sha256": "../../etc/passwd", "file_name": "līgums.pdf"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.code(), "validation_failed");
    assert!(r.body.to_string().contains("SHA-256"));
    let a = api
        .post(
            "/v1/requests/{id}/attachments",
            &format!("/v1/requests/{id}/attachments"),
            VVD,
            &new_key(),
            json!({"sha256": sha, "file_name": "līgums.pdf"}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(a.body["size"], content.len());
    let att_id = a.body["id"].as_str().expect("id");
    let list = api
        .get(
            "/v1/requests/{id}/attachments",
            &format!("/v1/requests/{id}/attachments"),
            VVD,
        )
        .await;
    assert_eq!(list.body["attachments"].as_array().expect("list").len(), 1);
    let got = api
        .get(
            "/v1/requests/{id}/attachments/{attachment_id}/content",
            &format!("/v1/requests/{id}/attachments/{att_id}/content"),
            VVD,
        )
        .await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.bytes, content);
    assert_eq!(
        got.headers.get("content-type").expect("ct"),
        "application/pdf"
    );
    // Staff attach a file in one call.
    let staff = api
        .send(
            Method::PUT,
            "/admin/v1/requests/{id}/attachments",
            &format!("/admin/v1/requests/{id}/attachments?file_name=atbilde.txt"),
            Some(ADMIN),
            Some(&new_key()),
            Some((b"Atbilde".to_vec(), "text/plain")),
        )
        .await;
    assert_eq!(staff.status, StatusCode::CREATED, "{}", staff.body);
    assert_eq!(staff.body["added_by"]["kind"], "staff");
    api.stop().await;
}

#[tokio::test]
async fn outages_are_recorded_and_listed_per_month() {
    let api = Api::empty().await;
    let a = api
        .post(
            "/admin/v1/outages",
            "/admin/v1/outages",
            ADMIN,
            &new_key(),
            json!({"service_id": "dvs", "kind": "outage", "starts_at": "2026-03-10T08:00:00Z", "ends_at": "2026-03-10T09:30:00Z",
                   "description": {"lv": "DVS nebija pieejama", "en": "DVS was down"}}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let bad = api
        .post("/admin/v1/outages", "/admin/v1/outages", ADMIN, &new_key(),
              json!({"service_id": "nope", "kind": "outage", "starts_at": "2026-03-10T08:00:00Z", "ends_at": "2026-03-10T07:00:00Z", "description": {"lv": "x", "en": "x"}}))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.body["errors"].as_array().expect("errors").len(), 2);
    let march = api
        .get(
            "/v1/availability",
            "/v1/availability?service_id=dvs&month=2026-03",
            VARAM,
        )
        .await;
    assert_eq!(march.body["records"].as_array().expect("records").len(), 1);
    let april = api
        .get(
            "/v1/availability",
            "/v1/availability?service_id=dvs&month=2026-04",
            VARAM,
        )
        .await;
    assert_eq!(april.body["records"].as_array().expect("records").len(), 0);
    let bad = api
        .get("/v1/availability", "/v1/availability?month=2026-13", VARAM)
        .await;
    assert_eq!(bad.code(), "invalid_query");
    // Outages are service-wide: every institution's feed carries them.
    for token in [VVD, DAP] {
        let feed = api.get("/v1/changes", "/v1/changes", token).await;
        assert!(feed.body["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .any(|c| c["entity"] == "availability"));
    }
    api.stop().await;
}
