//! The change feed: ordered, complete, no repeats, while writers run.

use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn paging_while_writers_run_skips_and_repeats_nothing() {
    let api = Api::empty().await;
    let writers = 4;
    let per_writer = 40;
    let mut tasks = Vec::new();
    for w in 0..writers {
        let client = api.clone_client();
        tasks.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for i in 0..per_writer {
                let token = if w % 2 == 0 { VVD } else { VVD_EXPERT };
                let r = client
                    .create_licence(token, &new_key(), &format!("W{w} {i}"))
                    .await;
                let id = r["id"].as_str().expect("id").to_owned();
                if i % 3 == 0 {
                    let c = client
                        .post(
                            "/v1/requests/{id}/comments",
                            &format!("/v1/requests/{id}/comments"),
                            token,
                            &new_key(),
                            json!({"body": format!("c{w}-{i}")}),
                        )
                        .await;
                    assert_eq!(c.status, StatusCode::CREATED);
                }
                ids.push(id);
            }
            ids
        }));
    }
    // Another institution writes at the same time; none of it may show up.
    let noise = {
        let client = api.clone_client();
        tokio::spawn(async move {
            for i in 0..30 {
                client
                    .create_licence(VARAM, &new_key(), &format!("noise {i}"))
                    .await;
            }
        })
    };
    let mut cursor = String::new();
    let mut seen_seqs = Vec::new();
    let mut seen_requests = HashSet::new();
    let mut comments = 0;
    let mut writers_done = false;
    loop {
        let page = api
            .get(
                "/v1/changes",
                &format!("/v1/changes?cursor={cursor}&limit=7"),
                VVD,
            )
            .await;
        assert_eq!(page.status, StatusCode::OK);
        for ch in page.body["changes"].as_array().expect("changes") {
            seen_seqs.push(ch["seq"].as_i64().expect("seq"));
            match ch["entity"].as_str() {
                Some("request") => {
                    assert!(!ch["data"]["subject"]
                        .as_str()
                        .unwrap_or_default()
                        .starts_with("Licence noise"));
                    seen_requests.insert(ch["data"]["id"].as_str().expect("id").to_owned());
                }
                Some("comment") => comments += 1,
                other => panic!("unexpected entity {other:?}"),
            }
        }
        cursor = page.body["next_cursor"]
            .as_str()
            .expect("cursor")
            .to_owned();
        if !page.body["has_more"].as_bool().expect("has_more") {
            if writers_done {
                break;
            }
            if tasks.iter().all(|t| t.is_finished()) {
                // One more full pass after the last write.
                writers_done = true;
            }
        }
    }
    let mut created = HashSet::new();
    for t in tasks {
        created.extend(t.await.expect("writer"));
    }
    noise.await.expect("noise");
    assert!(
        seen_seqs.windows(2).all(|w| w[0] < w[1]),
        "sequence strictly increasing, no repeats"
    );
    assert_eq!(
        seen_requests, created,
        "every created request appeared in the feed"
    );
    assert_eq!(seen_seqs.len(), writers * per_writer + comments);
    assert_eq!(comments, writers * per_writer.div_ceil(3));
    // A cursor at the end gives an empty page and the same cursor back.
    let last = api
        .get("/v1/changes", &format!("/v1/changes?cursor={cursor}"), VVD)
        .await;
    assert_eq!(last.body["changes"].as_array().expect("changes").len(), 0);
    assert_eq!(last.body["next_cursor"], cursor.as_str());
    let bad = api.get("/v1/changes", "/v1/changes?cursor=abc", VVD).await;
    assert_eq!(bad.code(), "invalid_cursor");
    let bad = api.get("/v1/changes", "/v1/changes?limit=5000", VVD).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    api.stop().await;
}
