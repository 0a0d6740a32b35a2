//! Attachments both ways: ours are uploaded from the blob folder, VRAA's
//! arrive as metadata with the feed and their bytes are fetched on demand.

use desk_core::api::Faults;
use desk_store::OutboxAction;
use desk_sync::{download_attachment, sync_once};
use sync_tests::*;
use vraa_sandbox::Seed;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_attachments_are_downloaded_and_checked_by_hash() {
    let sandbox = sandbox(Seed::Empty, Faults::default()).await;
    let url = sandbox.base_url();
    let client = client(&url, VVD_TOKEN);
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    let entry = store.queue_new_request(&issue("Ar pielikumiem")).unwrap();
    let ours = store.put_blob(b"musu zurnals").unwrap();
    store
        .queue_action(
            &entry.request_key,
            &OutboxAction::Attach {
                sha256: ours.clone(),
                file_name: "zurnals.txt".into(),
                content_type: "text/plain".into(),
                size: 12,
            },
        )
        .unwrap();
    sync_once(&store, &client, &fast_options()).await.unwrap();
    let id = store.list_requests(&Default::default()).unwrap()[0]
        .id
        .clone();

    // VRAA staff attach a file.
    let staff_file = "VRAA atbilde: pārbaudīts".as_bytes().to_vec();
    let resp = reqwest::Client::new()
        .put(format!(
            "{url}/admin/v1/requests/{id}/attachments?file_name=atbilde.txt"
        ))
        .bearer_auth(ADMIN_TOKEN)
        .header("Idempotency-Key", "staff-attach-1")
        .header("Content-Type", "text/plain")
        .body(staff_file.clone())
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success(), "{}", resp.status());
    sync_once(&store, &client, &fast_options()).await.unwrap();
    let detail = store.request_detail(&id).unwrap().unwrap();
    assert_eq!(detail.attachments.len(), 2);
    let theirs = detail
        .attachments
        .iter()
        .find(|a| a.file_name == "atbilde.txt")
        .unwrap();
    assert!(
        !store.blob_path(&theirs.sha256).exists(),
        "fetched on demand only"
    );
    let bytes = download_attachment(&store, &client, theirs, &fast_options().retry)
        .await
        .unwrap();
    assert_eq!(bytes, staff_file);
    // Our own file is already local: no download needed.
    let mine = detail
        .attachments
        .iter()
        .find(|a| a.file_name == "zurnals.txt")
        .unwrap();
    assert_eq!(mine.sha256, ours);
    let bytes = download_attachment(&store, &client, mine, &fast_options().retry)
        .await
        .unwrap();
    assert_eq!(bytes, b"musu zurnals");
    sandbox.shutdown().await.unwrap();
}
