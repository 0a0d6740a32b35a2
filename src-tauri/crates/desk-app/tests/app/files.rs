//! Opening and saving attachments: the user's pending file from the blob
//! store, VRAA's files downloaded on demand (and only once), safe copies.

use std::sync::Arc;

use chrono::Utc;
use desk_app::detail::{attach_files, request_view};
use desk_app::files::{attachment_blob, copy_for_opening, save_copy};
use desk_app::AppErrorCode;
use vraa_sandbox::Seed;

use crate::common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pending_and_vraa_files_open_and_save_with_their_names() {
    let sandbox = sandbox(Seed::Empty).await;
    let url = sandbox.base_url();
    let client = client(&url, VVD_TOKEN);
    let env = Env::new();
    env.store.queue_new_request(&issue("Faili")).unwrap();
    sync(&env.store, &client).await;
    let id = id_of(&env.store, "Faili");
    let store: Arc<desk_store::Store> = env.store.clone();

    // The user's own file, still in the outbox.
    let mine = env.dir.path().join("mans žurnāls.txt");
    std::fs::write(&mine, "rinda 1\nrinda 2\n").unwrap();
    attach_files(&env.ctx(Utc::now()), &id, &[mine.display().to_string()]).unwrap();
    let pending = request_view(&env.ctx(Utc::now()), &id).unwrap().attachments;
    let (blob, name) = attachment_blob(&store, None, &id, &pending[0].id)
        .await
        .unwrap();
    assert_eq!(name, "mans žurnāls.txt");
    assert_eq!(std::fs::read(&blob).unwrap(), b"rinda 1\nrinda 2\n");

    // VRAA's file: downloaded when first opened, then read from the blob folder.
    staff_attach(&url, &id, "../atbilde:1.txt", b"VRAA atbilde".to_vec()).await;
    sync(&env.store, &client).await;
    let view = request_view(&env.ctx(Utc::now()), &id).unwrap();
    let theirs = view
        .attachments
        .iter()
        .find(|a| a.file_name == "../atbilde:1.txt")
        .expect("VRAA's file listed");
    let offline = attachment_blob(&store, None, &id, &theirs.id).await;
    assert_eq!(offline.unwrap_err().code, AppErrorCode::Unreachable);
    let (blob, name) = attachment_blob(&store, Some(&client), &id, &theirs.id)
        .await
        .unwrap();
    assert_eq!(std::fs::read(&blob).unwrap(), b"VRAA atbilde");
    sandbox.shutdown().await.unwrap();
    // Cached: opens without VRAA.
    let (cached, _) = attachment_blob(&store, None, &id, &theirs.id)
        .await
        .unwrap();
    assert_eq!(cached, blob);

    // The copy to open keeps a safe name inside the app's folder.
    let open_dir = env.dir.path().join("atvērtie");
    let opened = copy_for_opening(&open_dir, &blob, &theirs.id, &name).unwrap();
    assert!(opened.starts_with(&open_dir));
    assert_eq!(opened.file_name().unwrap(), "_atbilde_1.txt");
    assert_eq!(std::fs::read(&opened).unwrap(), b"VRAA atbilde");
    let target = env.dir.path().join("saglabāts.txt");
    save_copy(&blob, &target).unwrap();
    assert_eq!(std::fs::read(&target).unwrap(), b"VRAA atbilde");
    let nowhere = env.dir.path().join("nav").join("x.txt");
    assert_eq!(
        save_copy(&blob, &nowhere).unwrap_err().code,
        AppErrorCode::FileUnreadable
    );
    let unknown = attachment_blob(&store, None, &id, "nav-tāda").await;
    assert_eq!(unknown.unwrap_err().code, AppErrorCode::NotFound);
}
