//! Opening and saving attachments: the user's pending file from the blob
//! store, VRAA's files downloaded on demand (and only once), safe copies.

use std::sync::Arc;

use chrono::Utc;
use desk_app::detail::{attach_files, request_view};
use desk_app::files::{attachment_content, copy_for_opening, save_copy};
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
    let (bytes, name) = attachment_content(&store, None, &id, &pending[0].id)
        .await
        .unwrap();
    assert_eq!(name, "mans žurnāls.txt");
    assert_eq!(bytes, b"rinda 1\nrinda 2\n");

    // VRAA's file: downloaded when first opened, then read from the blob folder.
    staff_attach(&url, &id, "../atbilde:1.txt", b"VRAA atbilde".to_vec()).await;
    sync(&env.store, &client).await;
    let view = request_view(&env.ctx(Utc::now()), &id).unwrap();
    let theirs = view
        .attachments
        .iter()
        .find(|a| a.file_name == "_atbilde_1.txt")
        .expect("VRAA's file listed under its safe name");
    let offline = attachment_content(&store, None, &id, &theirs.id).await;
    assert_eq!(offline.unwrap_err().code, AppErrorCode::Unreachable);
    let (bytes, name) = attachment_content(&store, Some(&client), &id, &theirs.id)
        .await
        .unwrap();
    assert_eq!(bytes, b"VRAA atbilde");

    // A tampered cached copy is never served: downloaded again while VRAA can
    // be reached, an error while it cannot.
    let detail = store.request_detail(&id).unwrap().unwrap();
    let sha = &detail
        .attachments
        .iter()
        .find(|a| a.id == theirs.id)
        .unwrap()
        .sha256;
    std::fs::write(store.blob_path(sha), b"VRAA atbilde, bet mainita").unwrap();
    let (again, _) = attachment_content(&store, Some(&client), &id, &theirs.id)
        .await
        .unwrap();
    assert_eq!(again, b"VRAA atbilde");
    assert_eq!(
        store.blob(sha).unwrap(),
        b"VRAA atbilde",
        "the cache is repaired"
    );
    sandbox.shutdown().await.unwrap();
    // Cached: opens without VRAA.
    let (cached, _) = attachment_content(&store, None, &id, &theirs.id)
        .await
        .unwrap();
    assert_eq!(cached, bytes);
    std::fs::write(store.blob_path(sha), b"mainits").unwrap();
    let damaged = attachment_content(&store, None, &id, &theirs.id)
        .await
        .unwrap_err();
    assert_eq!(damaged.code, AppErrorCode::FileUnreadable);
    assert!(damaged.lv.contains("bojāta") && damaged.en.contains("damaged"));
    std::fs::write(store.blob_path(sha), b"VRAA atbilde").unwrap();

    // The copy to open keeps a safe name inside the app's folder.
    let open_dir = env.dir.path().join("atvērtie");
    let opened = copy_for_opening(&open_dir, &bytes, &name).unwrap();
    assert!(opened.starts_with(&open_dir));
    assert_eq!(opened.file_name().unwrap(), "_atbilde_1.txt");
    assert_eq!(std::fs::read(&opened).unwrap(), b"VRAA atbilde");
    let target = env.dir.path().join("saglabāts.txt");
    assert_eq!(save_copy(&bytes, &target).unwrap(), target);
    assert_eq!(std::fs::read(&target).unwrap(), b"VRAA atbilde");
    let nowhere = env.dir.path().join("nav").join("x.txt");
    assert_eq!(
        save_copy(&bytes, &nowhere).unwrap_err().code,
        AppErrorCode::FileUnreadable
    );
    let unknown = attachment_content(&store, None, &id, "nav-tāda").await;
    assert_eq!(unknown.unwrap_err().code, AppErrorCode::NotFound);
    let climbing = attachment_content(&store, None, &id, "local:../../x").await;
    assert_eq!(climbing.unwrap_err().code, AppErrorCode::NotFound);
}

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n";

/// Windows device names, saved and opened through the app's use cases into a
/// real folder, land on disk under a safe name (std paths only: this test
/// also runs as a Windows program).
#[test]
fn device_names_reach_the_disk_under_safe_names() {
    let dir = tempfile::tempdir().unwrap();
    let saved: Vec<String> = ["CON.pdf", "NUL", "aux.txt"]
        .iter()
        .map(|name| {
            let path = save_copy(PDF, &dir.path().join(name)).unwrap();
            assert_eq!(std::fs::read(&path).unwrap(), PDF);
            path.file_name().unwrap().to_string_lossy().into_owned()
        })
        .collect();
    assert_eq!(saved, ["_CON.pdf", "_NUL", "_aux.txt"]);
    let opened = copy_for_opening(&dir.path().join("atvērtie"), PDF, "CON.pdf").unwrap();
    assert_eq!(opened.file_name().unwrap(), "_CON.pdf");
    assert_eq!(std::fs::read(&opened).unwrap(), PDF);
    let mut on_disk: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "atvērtie")
        .collect();
    on_disk.sort();
    assert_eq!(on_disk, ["_CON.pdf", "_NUL", "_aux.txt"]);
}

/// Only the allow-listed types whose bytes are of that type are opened; the
/// rest can only be saved.
#[test]
fn programs_and_disguised_files_are_never_opened() {
    let dir = tempfile::tempdir().unwrap();
    let open_dir = dir.path().join("atvērtie");
    let exe: &[u8] = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF\0\0";
    for (name, bytes) in [
        ("rekins\u{202E}fdp.bat", PDF),
        ("rēķins.pdf.exe", exe),
        ("rēķins.pdf", exe),
        ("attēls.png", PDF),
        ("skripts.js", b"alert(1)".as_slice()),
        ("saīsne.lnk", b"L\0\0\0".as_slice()),
    ] {
        let refused = copy_for_opening(&open_dir, bytes, name).unwrap_err();
        assert_eq!(refused.code, AppErrorCode::OpenRefused, "{name}");
        assert!(refused.lv.contains("saglabāt"), "{}", refused.lv);
        assert!(refused.en.contains("save"), "{}", refused.en);
        // Saving is still possible, under a safe name.
        let saved = save_copy(bytes, &dir.path().join(name)).unwrap();
        assert!(!saved.to_string_lossy().contains('\u{202E}'));
    }
    let nothing_opened = std::fs::read_dir(&open_dir).map(|d| d.count()).unwrap_or(0);
    assert_eq!(nothing_opened, 0);
}

/// Each Open writes a new read-only copy, so what the user saved into an
/// earlier copy is never silently overwritten (issue 11 item 17).
#[test]
fn each_open_is_a_fresh_read_only_copy() {
    let dir = tempfile::tempdir().unwrap();
    let open_dir = dir.path().join("atvērtie");
    let first = copy_for_opening(&open_dir, b"versija 1", "piezimes.txt").unwrap();
    assert!(std::fs::metadata(&first).unwrap().permissions().readonly());
    let second = copy_for_opening(&open_dir, b"versija 1", "piezimes.txt").unwrap();
    assert_ne!(first, second);
    // The user clears read-only and saves an edit into the first copy.
    let mut permissions = std::fs::metadata(&first).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&first, permissions).unwrap();
    std::fs::write(&first, b"mani labojumi").unwrap();
    let third = copy_for_opening(&open_dir, b"versija 1", "piezimes.txt").unwrap();
    assert_eq!(std::fs::read(&first).unwrap(), b"mani labojumi");
    assert_eq!(std::fs::read(&third).unwrap(), b"versija 1");
    assert!(std::fs::metadata(&third).unwrap().permissions().readonly());
    assert_eq!(third.file_name().unwrap(), "piezimes.txt");
    assert!(third.starts_with(&open_dir));
}
