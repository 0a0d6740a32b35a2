//! Shared helpers of the sync suites: a real sandbox on 127.0.0.1 port 0, a
//! fresh store, fast retry settings, and direct looks into the sandbox's
//! database to count what VRAA really has.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use desk_core::api::{Faults, NewRequest};
use desk_store::Store;
use desk_sync::credentials::ApiToken;
use desk_sync::{ApiClient, ClientConfig, RetryPolicy, SyncOptions};
use vraa_sandbox::{RunningSandbox, SandboxConfig, SandboxError, Seed};

/// Jānis Kļaviņš, IT contact of Valsts vides dienests (demo data, not a secret).
pub const VVD_TOKEN: &str = "demo-vvd-contact-7f3a90";
pub const ADMIN_TOKEN: &str = vraa_sandbox::ADMIN_TOKEN;

pub async fn sandbox(seed: Seed, faults: Faults) -> RunningSandbox {
    let config = SandboxConfig {
        seed,
        faults,
        ..SandboxConfig::for_tests()
    };
    vraa_sandbox::start(config).await.expect("sandbox starts")
}

/// A sandbox on a given address (to come "online" where a client already points).
pub async fn sandbox_at(addr: SocketAddr) -> RunningSandbox {
    let config = SandboxConfig {
        addr,
        ..SandboxConfig::for_tests()
    };
    vraa_sandbox::start(config).await.expect("sandbox starts")
}

/// A loopback address nothing listens on (the port was free a moment ago).
pub fn unused_addr() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr")
}

pub fn store(dir: &tempfile::TempDir) -> Arc<Store> {
    Arc::new(Store::open(&dir.path().join("vraa-desk.sqlite3")).expect("store opens"))
}

pub fn client(base_url: &str, token: &str) -> ApiClient {
    let mut config = ClientConfig::new(base_url);
    config.timeout = Duration::from_secs(5);
    config.connect_timeout = Duration::from_secs(2);
    ApiClient::new(&config, ApiToken::new(token).expect("token")).expect("client")
}

/// Short delays so that fault suites finish quickly; same algorithm.
pub fn fast_options() -> SyncOptions {
    SyncOptions {
        retry: RetryPolicy {
            base: Duration::from_millis(10),
            cap: Duration::from_millis(200),
            max_retry_after: Duration::from_secs(2),
            max_attempts: 8,
        },
        ..SyncOptions::default()
    }
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

/// Runs a query on the sandbox's own database.
pub async fn server_query<T: Send + 'static>(
    sandbox: &RunningSandbox,
    f: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<T> + Send + 'static,
) -> T {
    sandbox
        .db()
        .call(move |c| f(c).map_err(|e| SandboxError::Task(e.to_string())))
        .await
        .expect("sandbox query")
}

/// Subjects of all requests on the server, with how often each occurs.
pub async fn server_subject_counts(sandbox: &RunningSandbox) -> Vec<(String, i64)> {
    server_query(sandbox, |c| {
        let mut s =
            c.prepare("SELECT subject, count(*) FROM requests GROUP BY subject ORDER BY subject")?;
        let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect()
    })
    .await
}

/// Comment bodies of the server in the order VRAA recorded them.
pub async fn server_comment_bodies(sandbox: &RunningSandbox) -> Vec<String> {
    server_query(sandbox, |c| {
        let mut s = c.prepare(
            "SELECT json_extract(data, '$.body') FROM changes WHERE entity = 'comment' ORDER BY seq",
        )?;
        let rows = s.query_map([], |r| r.get(0))?;
        rows.collect()
    })
    .await
}

static STAFF_CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Moves a request along as VRAA staff (sandbox admin API); every call is a new change.
pub async fn staff_move(base_url: &str, request_id: &str, to: &str, comment: Option<&str>) {
    let resp = reqwest::Client::new()
        .post(format!(
            "{base_url}/admin/v1/requests/{request_id}/transition"
        ))
        .bearer_auth(ADMIN_TOKEN)
        .header(
            "Idempotency-Key",
            format!(
                "staff-{request_id}-{to}-{}",
                STAFF_CALLS.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            ),
        )
        .json(&serde_json::json!({"to": to, "comment": comment}))
        .send()
        .await
        .expect("admin call");
    assert!(
        resp.status().is_success(),
        "admin transition to {to}: {}",
        resp.status()
    );
}
