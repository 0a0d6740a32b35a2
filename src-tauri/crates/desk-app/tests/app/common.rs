//! Shared set-up of the desk-app suites: a real store on a temporary file, a
//! real `vraa-sandbox` on loopback, the sync engine as the app runs it, and
//! the sandbox admin API acting as VRAA staff.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use desk_app::Context;
use desk_core::api::NewRequest;
use desk_core::calendar::Calendar;
use desk_store::Store;
use desk_sync::credentials::ApiToken;
use desk_sync::{ApiClient, ClientConfig, RetryPolicy, SyncOptions};
use vraa_sandbox::{RunningSandbox, SandboxConfig, Seed};

/// Jānis Kļaviņš, IT contact of Valsts vides dienests (demo data, not a secret).
pub const VVD_TOKEN: &str = "demo-vvd-contact-7f3a90";
/// Dace Krūmiņa, IT contact of Dabas aizsardzības pārvalde (only an e-mail contract).
pub const DAP_TOKEN: &str = "demo-dap-contact-1c8e54";

/// A store on a file in its own temporary folder, and the calendar the app uses.
pub struct Env {
    pub store: Arc<Store>,
    pub calendar: Calendar,
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Arc::new(Store::open(&dir.path().join("vraa-desk.sqlite3")).expect("store"));
        Env {
            store,
            calendar: Calendar::embedded(),
            dir,
        }
    }

    pub fn ctx(&self, now: DateTime<Utc>) -> Context<'_> {
        Context {
            store: &self.store,
            calendar: &self.calendar,
            now,
        }
    }

    /// A file of `size` bytes named `name` in the test's folder.
    pub fn file(&self, name: &str, size: usize) -> String {
        let path = self.dir.path().join(name);
        // Content of the named type: attachments are checked by their bytes.
        let mut bytes = if name.ends_with(".pdf") {
            b"%PDF-1.7\n".to_vec()
        } else {
            Vec::new()
        };
        bytes.resize(size.max(bytes.len()), b'x');
        std::fs::write(&path, bytes).expect("write file");
        path.display().to_string()
    }
}

/// A fixed instant: `y-m-d h:mi` UTC.
pub fn utc(y: i32, m: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, mi, 0)
        .single()
        .expect("valid instant")
}

pub async fn sandbox(seed: Seed) -> RunningSandbox {
    let config = SandboxConfig {
        seed,
        ..SandboxConfig::for_tests()
    };
    vraa_sandbox::start(config).await.expect("sandbox starts")
}

/// A sandbox on a given address (to come "online" where a client already
/// points), keeping VRAA's data in `db` across restarts.
pub async fn sandbox_at(addr: SocketAddr, db: &std::path::Path) -> RunningSandbox {
    let config = SandboxConfig {
        addr,
        db_path: Some(db.to_path_buf()),
        ..SandboxConfig::for_tests()
    };
    vraa_sandbox::start(config).await.expect("sandbox starts")
}

/// A loopback address nothing listens on (the port was free a moment ago).
pub fn unused_addr() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr")
}

pub fn client(base_url: &str, token: &str) -> ApiClient {
    let mut config = ClientConfig::new(base_url);
    config.timeout = Duration::from_secs(10);
    config.connect_timeout = Duration::from_secs(2);
    ApiClient::new(&config, ApiToken::new(token).expect("token")).expect("client")
}

/// The app's sync with short retry delays (same algorithm).
pub fn options() -> SyncOptions {
    SyncOptions {
        retry: RetryPolicy {
            base: Duration::from_millis(10),
            cap: Duration::from_millis(100),
            max_retry_after: Duration::from_secs(1),
            max_attempts: 3,
        },
        ..SyncOptions::default()
    }
}

pub async fn sync(store: &Arc<Store>, client: &ApiClient) {
    desk_sync::sync_once(store, client, &options())
        .await
        .expect("sync succeeds");
}

/// A valid shared-component issue (no contract needed).
pub fn issue(subject: &str) -> NewRequest {
    NewRequest {
        request_type_id: "shared.issue".into(),
        subject: subject.into(),
        description: "Autentifikācija neizdodas".into(),
        fields: serde_json::json!({"component_id": "authentication", "environment": "production"}),
        contract_id: None,
    }
}

static ADMIN_CALLS: AtomicU64 = AtomicU64::new(0);

async fn admin_post(base_url: &str, path: &str, body: serde_json::Value) {
    let key = format!("app-tests-{}", ADMIN_CALLS.fetch_add(1, Ordering::SeqCst));
    let response = reqwest::Client::new()
        .post(format!("{base_url}{path}"))
        .bearer_auth(vraa_sandbox::ADMIN_TOKEN)
        .header("Idempotency-Key", key)
        .json(&body)
        .send()
        .await
        .expect("admin call");
    assert!(
        response.status().is_success(),
        "admin {path}: {}",
        response.status()
    );
}

/// Moves a request as VRAA staff.
pub async fn staff_move(base_url: &str, id: &str, to: &str) {
    admin_post(
        base_url,
        &format!("/admin/v1/requests/{id}/transition"),
        serde_json::json!({"to": to, "comment": null}),
    )
    .await;
}

/// Moves a request along a path of statuses as VRAA staff.
pub async fn staff_path(base_url: &str, id: &str, path: &[&str]) {
    for to in path {
        staff_move(base_url, id, to).await;
    }
}

/// A public comment by VRAA staff.
pub async fn staff_comment(base_url: &str, id: &str, body: &str) {
    admin_post(
        base_url,
        &format!("/admin/v1/requests/{id}/comments"),
        serde_json::json!({"body": body}),
    )
    .await;
}

/// The synced request with this subject (VRAA's id).
pub fn id_of(store: &Store, subject: &str) -> String {
    store
        .list_requests(&Default::default())
        .expect("list")
        .into_iter()
        .find(|r| r.subject == subject)
        .unwrap_or_else(|| panic!("no request “{subject}”"))
        .id
}

/// A request as if a sync had brought it: created at `created`, then moved
/// through `path` (status, instant); `rating` when the user rated it.
pub fn stored_request(
    id: &str,
    request_type_id: &str,
    subject: &str,
    created: DateTime<Utc>,
    path: &[(desk_core::api::RequestStatus, DateTime<Utc>)],
    rating: Option<u8>,
) -> desk_core::api::Request {
    use desk_core::api::{Actor, ActorKind, Rating, Request, RequestStatus, StatusChange};
    let catalog = desk_core::api::catalogue_data::standard_catalog();
    let service_id = catalog
        .request_type(request_type_id)
        .map(|t| t.service_id.clone())
        .unwrap_or_else(|| panic!("no type {request_type_id}"));
    let actor = |kind| Actor {
        kind,
        name: "Tests".into(),
    };
    let mut history = vec![StatusChange {
        from: None,
        to: RequestStatus::Submitted,
        at: created,
        by: actor(ActorKind::Customer),
    }];
    for (to, at) in path {
        let from = history.last().map(|c| c.to);
        history.push(StatusChange {
            from,
            to: *to,
            at: *at,
            by: actor(ActorKind::Staff),
        });
    }
    let last = history.last().cloned().expect("submitted");
    Request {
        id: id.into(),
        reference: format!("VRAA-2026-{id}"),
        request_type_id: request_type_id.into(),
        service_id,
        contract_id: None,
        subject: subject.into(),
        description: "Apraksts".into(),
        fields: serde_json::json!({}),
        status: last.to,
        requester: actor(ActorKind::Customer),
        created_at: created,
        updated_at: last.at,
        version: history.len() as i64,
        status_history: history,
        rating: rating.map(|score| Rating {
            score,
            comment: None,
            at: last.at,
        }),
    }
}

/// A file attached by VRAA staff.
pub async fn staff_attach(base_url: &str, id: &str, file_name: &str, bytes: Vec<u8>) {
    let key = format!("app-tests-{}", ADMIN_CALLS.fetch_add(1, Ordering::SeqCst));
    let response = reqwest::Client::new()
        .put(format!("{base_url}/admin/v1/requests/{id}/attachments"))
        .query(&[("file_name", file_name)])
        .bearer_auth(vraa_sandbox::ADMIN_TOKEN)
        .header("Idempotency-Key", key)
        .header("Content-Type", "text/plain")
        .body(bytes)
        .send()
        .await
        .expect("admin attach");
    assert!(
        response.status().is_success(),
        "admin attach: {}",
        response.status()
    );
}
