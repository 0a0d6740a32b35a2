//! One bad outbox row does not stop the sync (issue 11, item 4): a queued
//! file gone from this computer parks its row with a clear reason while the
//! other rows go and VRAA's changes still arrive; and a cursor VRAA no longer
//! knows makes the app read the feed again from the start, keeping drafts and
//! the outbox.

use desk_core::api::{ChangePage, Faults, ProblemCode};
use desk_store::{DraftInput, OutboxAction, OutboxState};
use desk_sync::sync_once;
use sync_tests::*;
use vraa_sandbox::Seed;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queued_file_gone_from_disk_parks_its_row_and_the_rest_syncs() {
    let sandbox = sandbox(Seed::DemoWithHistory(4), Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    let client = client(&sandbox.base_url(), VVD_TOKEN);
    let first = store.queue_new_request(&issue("Ar pielikumu")).unwrap();
    sync_once(&store, &client, &fast_options()).await.unwrap();
    let request_id = store
        .list_requests(&Default::default())
        .unwrap()
        .into_iter()
        .find(|r| r.subject == "Ar pielikumu")
        .expect("acknowledged")
        .id;
    assert_ne!(request_id, first.request_key, "VRAA gave its own id");

    let sha = store.put_blob(b"%PDF-1.7\nscreen\n").unwrap();
    store
        .queue_action(
            &request_id,
            &OutboxAction::Attach {
                sha256: sha.clone(),
                file_name: "ekrāns.pdf".into(),
                content_type: "application/pdf".into(),
                size: 16,
            },
        )
        .unwrap();
    std::fs::remove_file(store.blob_path(&sha)).unwrap();
    store.queue_new_request(&issue("Otrs pieteikums")).unwrap();
    staff_move(
        &sandbox.base_url(),
        &request_id,
        "registered",
        Some("Reģistrēts"),
    )
    .await;

    let report = sync_once(&store, &client, &fast_options())
        .await
        .expect("the sync goes on past the bad row");
    assert_eq!(report.parked, 1, "{report:?}");
    assert_eq!(report.pushed, 1, "the other request was sent: {report:?}");
    assert!(
        report.changes > 0,
        "VRAA's changes still arrived: {report:?}"
    );
    let rows = store.outbox().unwrap();
    assert_eq!(rows.len(), 1, "only the bad row waits");
    let parked = &rows[0];
    assert_eq!(parked.state, OutboxState::Parked);
    let problem = parked.problem.as_ref().expect("a reason");
    assert_eq!(problem.code, ProblemCode::BlobNotFound);
    assert!(problem.detail.contains("ekrāns.pdf"), "{}", problem.detail);
    assert!(
        problem.detail_lv.contains("Pievienojiet"),
        "{}",
        problem.detail_lv
    );
    assert_eq!(
        server_subject_counts(&sandbox)
            .await
            .into_iter()
            .filter(|(s, _)| s == "Otrs pieteikums")
            .map(|(_, n)| n)
            .sum::<i64>(),
        1
    );

    // The next run does not trip over it again.
    sync_once(&store, &client, &fast_options()).await.unwrap();
    sandbox.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cursor_vraa_no_longer_knows_reads_the_feed_again_and_keeps_local_work() {
    let sandbox = sandbox(Seed::DemoWithHistory(6), Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    let client = client(&sandbox.base_url(), VVD_TOKEN);
    sync_once(&store, &client, &fast_options()).await.unwrap();
    let count = store.request_count().unwrap();
    assert!(count >= 6);

    // The stored cursor becomes one VRAA does not know (its feed was rebuilt).
    store
        .apply_change_page(&ChangePage {
            changes: vec![],
            next_cursor: "a-cursor-from-before-the-rebuild".into(),
            has_more: false,
        })
        .unwrap();
    let draft = store
        .save_draft(&DraftInput {
            id: None,
            request_type_id: "shared.issue".into(),
            subject: "Melnraksts".into(),
            description: String::new(),
            fields: serde_json::json!({}),
            attachments: vec![],
        })
        .unwrap();
    store
        .queue_new_request(&issue("Rindā pirms atkārtošanas"))
        .unwrap();

    let report = sync_once(&store, &client, &fast_options())
        .await
        .expect("the feed is read again instead of failing");
    assert_eq!(report.pushed, 1);
    assert!(
        report.changes as i64 >= count,
        "the whole feed came again: {report:?}"
    );
    assert_eq!(
        store.request_count().unwrap(),
        count + 1,
        "no duplicates, the new one added"
    );
    assert_ne!(
        store.sync_state().unwrap().cursor,
        "a-cursor-from-before-the-rebuild"
    );
    assert!(
        store.draft(&draft.id).unwrap().is_some(),
        "the draft is kept"
    );
    assert!(store.outbox().unwrap().is_empty());
    sandbox.shutdown().await.unwrap();
}

/// Dace Krūmiņa, IT contact of Dabas aizsardzības pārvalde (demo data).
const DAP_TOKEN: &str = "demo-dap-contact-1c8e54";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_never_syncs_with_another_institution_or_server() {
    let vraa = sandbox(Seed::DemoWithHistory(4), Faults::default()).await;
    let other_vraa = sandbox(Seed::DemoWithHistory(4), Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    sync_once(
        &store,
        &client(&vraa.base_url(), VVD_TOKEN),
        &fast_options(),
    )
    .await
    .unwrap();
    let binding = store
        .connection_binding()
        .unwrap()
        .expect("bound at first contact");
    assert_eq!(binding.institution_name, "Valsts vides dienests");
    let ours = store.request_count().unwrap();
    store.queue_new_request(&issue("Tikai VVD")).unwrap();

    for (url, token) in [
        (vraa.base_url(), DAP_TOKEN),
        (other_vraa.base_url(), VVD_TOKEN),
    ] {
        let err = sync_once(&store, &client(&url, token), &fast_options())
            .await
            .unwrap_err();
        assert_eq!(err.code(), "otherConnection", "{err}");
        let text = err.to_string();
        assert!(
            text.contains("Valsts vides dienests") && text.contains("nothing was sent"),
            "{text}"
        );
        assert!(text.contains("nekas netika nosūtīts"), "{text}");
    }
    assert_eq!(
        store.outbox().unwrap().len(),
        1,
        "the row waits for its own connection"
    );
    assert_eq!(
        store.request_count().unwrap(),
        ours,
        "no other institution's data came in"
    );
    for server in [&vraa, &other_vraa] {
        assert!(
            !server_subject_counts(server)
                .await
                .iter()
                .any(|(s, _)| s == "Tikai VVD"),
            "not sent anywhere"
        );
    }
    // Its own connection still works.
    sync_once(
        &store,
        &client(&vraa.base_url(), VVD_TOKEN),
        &fast_options(),
    )
    .await
    .unwrap();
    assert!(store.outbox().unwrap().is_empty());
    vraa.shutdown().await.unwrap();
    other_vraa.shutdown().await.unwrap();
}
