//! The background engine the desktop shell runs: syncs at once when an action
//! is queued, reports online/offline, attachments travel with their bytes.

use std::sync::Arc;
use std::time::Duration;

use desk_core::api::Faults;
use desk_core::settings::Settings;
use desk_store::OutboxAction;
use desk_sync::credentials::ApiToken;
use desk_sync::{Connectivity, SyncEngine, SyncStatus};
use sync_tests::*;
use tokio::sync::watch;
use vraa_sandbox::Seed;

async fn wait_for(
    rx: &mut watch::Receiver<SyncStatus>,
    what: &str,
    ok: impl Fn(&SyncStatus) -> bool,
) -> SyncStatus {
    let found = tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            {
                let s = rx.borrow_and_update();
                if ok(&s) {
                    return s.clone();
                }
            }
            rx.changed().await.expect("engine alive");
        }
    })
    .await;
    found.unwrap_or_else(|_| panic!("timed out waiting for {what}: {:?}", rx.borrow()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_engine_pushes_queued_actions_at_once_and_reports_connectivity() {
    let sandbox = sandbox(Seed::Empty, Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    store
        .save_settings(&Settings {
            server_url: Some(sandbox.base_url()),
            sync_interval_minutes: 60,
            ..Settings::default()
        })
        .unwrap();
    let token: Arc<dyn desk_sync::TokenSource> = Arc::new(ApiToken::new(VVD_TOKEN).unwrap());
    let handle = SyncEngine::spawn(store.clone(), token, fast_options());
    let mut status = handle.status();
    wait_for(&mut status, "first sync", |s| {
        s.connectivity == Connectivity::Online && !s.running
    })
    .await;

    // Queueing wakes the engine long before the 60-minute interval.
    let entry = store.queue_new_request(&issue("Fonā")).unwrap();
    let sha = store.put_blob(b"ekrana attels").unwrap();
    store
        .queue_action(
            &entry.request_key,
            &OutboxAction::Attach {
                sha256: sha.clone(),
                file_name: "kluda.txt".into(),
                content_type: "text/plain".into(),
                size: 13,
            },
        )
        .unwrap();
    wait_for(&mut status, "the queued actions to leave", |_| {
        store.outbox().unwrap().is_empty()
    })
    .await;
    let id = store.list_requests(&Default::default()).unwrap()[0]
        .id
        .clone();
    let detail = store.request_detail(&id).unwrap().unwrap();
    assert_eq!(detail.attachments.len(), 1);
    assert_eq!(detail.attachments[0].sha256, sha);
    assert_eq!(
        server_subject_counts(&sandbox).await,
        vec![("Fonā".to_string(), 1)]
    );

    // The server goes away: the next run reports offline.
    sandbox.shutdown().await.unwrap();
    store
        .queue_action(
            &id,
            &OutboxAction::Comment {
                body: "bez tīkla".into(),
            },
        )
        .unwrap();
    let s = wait_for(&mut status, "offline", |s| {
        s.connectivity == Connectivity::Offline
    })
    .await;
    assert_eq!(s.last_error.unwrap().code, "syncOffline");
    assert_eq!(store.outbox().unwrap().len(), 1);
    handle.stop().await;
}

/// A token the test can swap, like a user entering a new one.
struct SwappableToken(std::sync::Mutex<String>);

impl desk_sync::TokenSource for SwappableToken {
    fn token(&self) -> Result<Option<ApiToken>, desk_sync::credentials::CredentialError> {
        let raw = self.0.lock().unwrap().clone();
        ApiToken::new(&raw).map(Some)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_token_stops_the_engine_until_a_new_one_is_given() {
    let sandbox = sandbox(Seed::Empty, Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir);
    store
        .save_settings(&Settings {
            server_url: Some(sandbox.base_url()),
            sync_interval_minutes: 60,
            ..Settings::default()
        })
        .unwrap();
    store.queue_new_request(&issue("Pilnvara")).unwrap();
    let token = Arc::new(SwappableToken(std::sync::Mutex::new(
        "revoked-token".into(),
    )));
    let handle = SyncEngine::spawn(store.clone(), token.clone(), fast_options());
    let mut status = handle.status();
    let s = wait_for(&mut status, "the token to be refused", |s| s.needs_token).await;
    assert_eq!(s.last_error.unwrap().code, "tokenRejected");
    assert_eq!(store.outbox().unwrap().len(), 1);
    // The user enters a valid token; the shell triggers a sync.
    *token.0.lock().unwrap() = VVD_TOKEN.into();
    handle.trigger();
    wait_for(&mut status, "a successful sync", |s| {
        !s.needs_token && s.last_error.is_none() && s.last_report.is_some()
    })
    .await;
    assert!(store.outbox().unwrap().is_empty());
    assert_eq!(
        server_subject_counts(&sandbox).await,
        vec![("Pilnvara".to_string(), 1)]
    );
    handle.stop().await;
    sandbox.shutdown().await.unwrap();
}
