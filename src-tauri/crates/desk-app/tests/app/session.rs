//! The session as the window uses it: first start with nothing configured,
//! the demo entered and left, connecting to a real VRAA (sandbox) with the
//! token kept in a vault, writes by another program reaching the window, and
//! the reset of a damaged database; every event the window would get is
//! recorded and checked.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use desk_app::connection::{ConnectionMode, ConnectionView};
use desk_app::demo::{DemoServer, RunningDemoServer};
use desk_app::notify::Notice;
use desk_app::session::{
    DataChange, DatabaseProblemKind, Session, SessionConfig, SessionEvents, SyncStatusView,
    TokenVault,
};
use desk_store::Store;
use desk_sync::credentials::{ApiToken, CredentialError};
use desk_sync::TokenSource;
use futures_util::future::BoxFuture;
use vraa_sandbox::{RunningSandbox, SandboxConfig, Seed};

use crate::common::{issue, options, sandbox, VVD_TOKEN};

/// What the window was told, in order.
#[derive(Default)]
struct Recorder {
    data: Mutex<Vec<DataChange>>,
    connections: Mutex<Vec<ConnectionView>>,
    statuses: Mutex<Vec<SyncStatusView>>,
    /// Read by the sign-in tests, which run on Linux only.
    #[cfg_attr(not(unix), allow(dead_code))]
    notices: Mutex<Vec<Notice>>,
}

impl SessionEvents for Recorder {
    fn data_changed(&self, change: DataChange) {
        self.data.lock().unwrap().push(change);
    }
    fn connection_changed(&self, view: &ConnectionView) {
        self.connections.lock().unwrap().push(view.clone());
    }
    fn sync_status_changed(&self, status: &SyncStatusView) {
        self.statuses.lock().unwrap().push(status.clone());
    }
    fn show_notices(&self, notices: &[Notice]) {
        self.notices.lock().unwrap().extend_from_slice(notices);
    }
}

impl Recorder {
    fn saw_data(&self, change: &DataChange) -> bool {
        self.data.lock().unwrap().contains(change)
    }
    fn forget(&self) {
        self.data.lock().unwrap().clear();
        self.statuses.lock().unwrap().clear();
    }
    fn synced_ok(&self) -> bool {
        self.statuses
            .lock()
            .unwrap()
            .iter()
            .any(|s| s.last_success_at.is_some() && !s.running)
    }
}

/// The token slot, in memory (the OS keyring itself is tested in desk-sync).
#[derive(Default)]
struct MemoryVault(Mutex<Option<ApiToken>>);

impl TokenSource for MemoryVault {
    fn token(&self) -> Result<Option<ApiToken>, CredentialError> {
        Ok(self.0.lock().unwrap().clone())
    }
}

impl TokenVault for MemoryVault {
    fn save(&self, token: &ApiToken) -> Result<(), CredentialError> {
        *self.0.lock().unwrap() = Some(token.clone());
        Ok(())
    }
    fn delete(&self) -> Result<(), CredentialError> {
        *self.0.lock().unwrap() = None;
        Ok(())
    }
}

/// A real sandbox with a small demo history as the demo's server.
struct SmallDemo;

struct RunningSmallDemo(RunningSandbox);

impl DemoServer for SmallDemo {
    fn start(
        &self,
        dir: PathBuf,
    ) -> BoxFuture<'static, Result<Box<dyn RunningDemoServer>, String>> {
        Box::pin(async move {
            let config = SandboxConfig {
                db_path: Some(dir.join("sandbox.sqlite3")),
                seed: Seed::DemoWithHistory(12),
                ..SandboxConfig::for_tests()
            };
            let sandbox = vraa_sandbox::start(config)
                .await
                .map_err(|e| e.to_string())?;
            Ok(Box::new(RunningSmallDemo(sandbox)) as Box<dyn RunningDemoServer>)
        })
    }
}

impl RunningDemoServer for RunningSmallDemo {
    fn base_url(&self) -> String {
        self.0.base_url()
    }
    fn token(&self) -> String {
        VVD_TOKEN.to_owned()
    }
    fn shutdown(self: Box<Self>) -> BoxFuture<'static, Result<(), String>> {
        Box::pin(async move { self.0.shutdown().await.map_err(|e| e.to_string()) })
    }
}

struct Fixture {
    session: Arc<Session>,
    events: Arc<Recorder>,
    vault: Arc<MemoryVault>,
    /// Read by the e-mail test, which runs on Linux only.
    #[cfg_attr(not(unix), allow(dead_code))]
    mail_vault: Arc<MemoryVault>,
    /// The Microsoft sign-in's tokens (read by the sign-in tests, Linux only).
    #[cfg_attr(not(unix), allow(dead_code))]
    oauth_vault: Arc<MemoryVault>,
    dir: tempfile::TempDir,
}

fn fixture_in(dir: tempfile::TempDir) -> Fixture {
    let events = Arc::new(Recorder::default());
    let vault = Arc::new(MemoryVault::default());
    let mail_vault = Arc::new(MemoryVault::default());
    let oauth_vault = Arc::new(MemoryVault::default());
    let session = Session::open(SessionConfig {
        data_dir: dir.path().to_owned(),
        database: dir.path().join(desk_store::DATABASE_FILE_NAME),
        tokens: vault.clone(),
        mail_password: mail_vault.clone(),
        mail_oauth: oauth_vault.clone(),
        demo: Some(Arc::new(SmallDemo)),
        events: events.clone(),
        sync: options(),
    });
    Fixture {
        session,
        events,
        vault,
        mail_vault,
        oauth_vault,
        dir,
    }
}

fn fixture() -> Fixture {
    fixture_in(tempfile::tempdir().unwrap())
}

/// Waits (up to 20 s) until `done` holds.
async fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..200 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for: {what}");
}

fn request_count(store: &Store) -> usize {
    store
        .list_request_rows(&desk_store::RequestQuery::default())
        .unwrap()
        .len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_start_is_not_configured_and_sync_waits_for_a_server() {
    let f = fixture();
    f.session.start().await;
    let view = f.session.view().unwrap();
    assert_eq!(view.mode, ConnectionMode::NotConfigured);
    assert!(!view.token_stored);
    assert!(
        f.events.saw_data(&DataChange::All),
        "the window loads everything once"
    );
    eventually("the engine reports that no server is set", || {
        f.session
            .sync_status()
            .and_then(|s| s.last_error)
            .is_some_and(|e| e.code == "noServer")
    })
    .await;
    f.session.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_is_entered_synced_and_left_without_touching_the_real_database() {
    let f = fixture();
    f.session.start().await;
    let real = f.session.real_store().unwrap();
    real.save_draft(&desk_store::DraftInput {
        id: None,
        request_type_id: "shared.issue".into(),
        subject: "my own draft".into(),
        description: String::new(),
        fields: serde_json::json!({}),
        attachments: vec![],
    })
    .unwrap();

    let view = f.session.enter_demo().await.unwrap();
    assert_eq!(view.mode, ConnectionMode::Demo);
    assert!(f.session.in_demo());
    assert_eq!(
        f.events.connections.lock().unwrap().last().map(|v| v.mode),
        Some(ConnectionMode::Demo)
    );
    let demo_store = f.session.store().unwrap();
    assert_ne!(
        demo_store.path(),
        real.path(),
        "the demo has its own database"
    );
    eventually("the demo's requests arrive", || {
        request_count(&demo_store) >= 12
    })
    .await;
    assert!(
        f.session.api_client().is_some(),
        "downloads use the demo's token"
    );
    assert!(
        f.vault.token().unwrap().is_none(),
        "the demo's token is not kept"
    );

    let view = f.session.leave_demo().await.unwrap();
    assert_eq!(view.mode, ConnectionMode::NotConfigured);
    assert!(!desk_app::demo::was_active(f.dir.path()));
    let store = f.session.store().unwrap();
    assert_eq!(store.path(), real.path());
    assert_eq!(
        request_count(&store),
        0,
        "no demo request leaks into the real database"
    );
    assert_eq!(
        store.drafts().unwrap().len(),
        1,
        "the user's draft is still there"
    );
    f.session.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_is_resumed_at_the_next_start() {
    let f = fixture();
    f.session.start().await;
    f.session.enter_demo().await.unwrap();
    f.session.shutdown().await;
    assert!(
        desk_app::demo::was_active(f.dir.path()),
        "closing the app keeps the demo on"
    );

    let Fixture { session, dir, .. } = f;
    drop(session);
    let again = fixture_in(dir);
    again.session.start().await;
    assert!(again.session.in_demo());
    assert_eq!(again.session.view().unwrap().mode, ConnectionMode::Demo);
    again.session.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connecting_checks_with_vraa_keeps_the_token_in_the_vault_and_syncs() {
    let vraa = sandbox(Seed::DemoWithHistory(5)).await;
    let f = fixture();
    f.session.start().await;

    let refused = f
        .session
        .connect(&vraa.base_url(), "not-a-token", false)
        .await;
    assert_eq!(
        refused.unwrap_err().code,
        desk_app::AppErrorCode::Unauthorized
    );
    assert!(
        f.vault.token().unwrap().is_none(),
        "a refused token is not kept"
    );
    assert_eq!(
        f.session.store().unwrap().settings().unwrap().server_url,
        None
    );

    let view = f
        .session
        .connect(&vraa.base_url(), VVD_TOKEN, false)
        .await
        .unwrap();
    assert_eq!(view.mode, ConnectionMode::Server);
    assert_eq!(view.institution.as_deref(), Some("Valsts vides dienests"));
    assert_eq!(f.vault.token().unwrap().unwrap().expose(), VVD_TOKEN);
    let store = f.session.store().unwrap();
    eventually("the requests are pulled", || request_count(&store) >= 5).await;
    eventually("the window saw a successful run", || f.events.synced_ok()).await;

    // Something queued is sent by the running engine, and the window hears of it.
    f.events.forget();
    store
        .queue_new_request(&issue("Sent by the session"))
        .unwrap();
    assert!(f.session.trigger_sync());
    eventually("the queued request is sent", || {
        store.outbox().map(|rows| rows.is_empty()).unwrap_or(false)
    })
    .await;
    assert!(f.events.saw_data(&DataChange::Outbox));
    f.session.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_by_another_program_reaches_the_window() {
    let f = fixture();
    f.session.start().await;
    f.events.forget();
    // Another connection to the same file, as the CLI would open it.
    let other = Store::open(f.session.database_path()).unwrap();
    other
        .queue_new_request(&issue("Queued from the CLI"))
        .unwrap();
    eventually("the window is told to reload", || {
        f.events.saw_data(&DataChange::All)
    })
    .await;
    assert_eq!(f.session.store().unwrap().outbox().unwrap().len(), 1);

    // The app's own writes are sent as what they are, not as "another program".
    f.events.forget();
    f.session
        .store()
        .unwrap()
        .queue_new_request(&issue("Queued in the app"))
        .unwrap();
    eventually("the window hears of the app's own write", || {
        f.events.saw_data(&DataChange::Outbox)
    })
    .await;
    tokio::time::sleep(Duration::from_millis(1600)).await;
    assert!(
        !f.events.saw_data(&DataChange::All),
        "an own write is not mistaken for another program's"
    );
    f.session.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_database_is_reported_then_reset_keeps_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join(desk_store::DATABASE_FILE_NAME);
    std::fs::write(&database, b"not a database at all, sorry").unwrap();
    let f = fixture_in(dir);
    f.session.start().await;
    let problem = f.session.store().unwrap_err();
    assert_eq!(problem.kind, DatabaseProblemKind::Corrupt);
    assert_eq!(problem.path, database.display().to_string());
    assert!(
        f.session.sync_status().is_none(),
        "no sync on a damaged file"
    );

    let moved_to = f.session.reset_database().await.unwrap();
    assert!(
        f.session.store().is_ok(),
        "a fresh database is open after the reset"
    );
    assert_eq!(
        std::fs::read(&moved_to).unwrap(),
        b"not a database at all, sorry",
        "the damaged file is kept, not deleted"
    );
    assert!(
        f.session.sync_status().is_some(),
        "sync starts after the reset"
    );
    f.session.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_institution_gets_its_own_database_and_queued_rows_need_a_yes() {
    let vraa = sandbox(Seed::DemoWithHistory(5)).await;
    let f = fixture();
    f.session.start().await;
    f.session
        .connect(&vraa.base_url(), VVD_TOKEN, false)
        .await
        .unwrap();
    let vvd = f.session.store().unwrap();
    eventually("VVD's requests are pulled", || request_count(&vvd) >= 5).await;
    let vvd_requests = request_count(&vvd);
    f.session.shutdown().await;
    // Queued while offline (the engine is stopped), for VVD.
    vvd.queue_new_request(&issue("Tikai VVD")).unwrap();
    drop(vvd);
    // The app closed: its session (and with it the database handle) is gone,
    // as it must be before Windows lets a file move.
    let Fixture { session, dir, .. } = f;
    drop(session);
    let f = fixture_in(dir);
    f.session.start().await;

    // Another institution's token: refused while VVD's row waits, nothing changed.
    let asked = f
        .session
        .connect(&vraa.base_url(), crate::common::DAP_TOKEN, false)
        .await
        .unwrap_err();
    assert_eq!(asked.code, desk_app::AppErrorCode::QueuedForOtherConnection);
    assert!(
        asked.en.contains("Valsts vides dienests") && asked.lv.contains("gaida nosūtīšanu"),
        "{asked:?}"
    );
    assert_eq!(f.session.store().unwrap().outbox().unwrap().len(), 1);

    // Yes: DAP's own database; VVD's is kept with its queued row.
    let view = f
        .session
        .connect(&vraa.base_url(), crate::common::DAP_TOKEN, true)
        .await
        .unwrap();
    assert_eq!(
        view.institution.as_deref(),
        Some("Dabas aizsardzības pārvalde")
    );
    let dap = f.session.store().unwrap();
    assert!(dap.outbox().unwrap().is_empty(), "VVD's row is not DAP's");
    eventually("DAP's data arrives", || {
        f.session
            .sync_status()
            .is_some_and(|s| s.last_success_at.is_some())
    })
    .await;
    assert!(
        !dap.list_requests(&Default::default())
            .unwrap()
            .iter()
            .any(|r| r.subject == "Tikai VVD"),
        "VVD's request was never sent as DAP"
    );
    let kept = desk_app::session::connection_folder(
        f.dir.path(),
        &vraa.base_url(),
        &kept_institution_id(&f).await,
    );
    assert!(
        kept.join(desk_store::DATABASE_FILE_NAME).exists(),
        "{kept:?}"
    );
    drop(dap);

    // Back to VVD: its database comes back with the row, which is then sent.
    f.session
        .connect(&vraa.base_url(), VVD_TOKEN, true)
        .await
        .unwrap();
    let vvd = f.session.store().unwrap();
    assert!(request_count(&vvd) >= vvd_requests, "VVD's copy is back");
    eventually("VVD's queued row is sent to VVD", || {
        vvd.outbox().map(|rows| rows.is_empty()).unwrap_or(false)
    })
    .await;
    f.session.shutdown().await;
}

/// The institution of the one database kept in `connections/`.
async fn kept_institution_id(f: &Fixture) -> String {
    let store = Store::open(
        &f.dir
            .path()
            .join("connections")
            .read_dir()
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path()
            .join(desk_store::DATABASE_FILE_NAME),
    )
    .unwrap();
    store.connection_binding().unwrap().unwrap().institution_id
}

/// The e-mail connection through the session, against real loopback mail
/// servers (Linux only: they are Dovecot started by shell scripts).
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connecting_by_e_mail_checks_both_servers_keeps_the_password_in_the_vault_and_syncs() {
    use desk_core::mail::{MailServer, MailSettings, MailTls};
    let servers = mail_servers::MailServers::start().expect("mail servers (scripts/mail/setup.sh)");
    let f = fixture();
    f.session.start().await;
    let settings = MailSettings {
        display_name: "Jānis Bērziņš".into(),
        institution_name: "Iestāde".into(),
        imap: MailServer {
            host: "127.0.0.1".into(),
            port: servers.imap_port(),
            tls: MailTls::Plain,
        },
        smtp: MailServer {
            host: "127.0.0.1".into(),
            port: servers.submission_port(),
            tls: MailTls::Plain,
        },
        vraa_address: "it@vraa.gov.lv".into(),
        ..MailSettings::for_address(mail_servers::JANIS.0, "127.0.0.1")
    };
    let refused = f
        .session
        .connect_mail(settings.clone(), "nepareiza", false)
        .await
        .unwrap_err();
    assert_eq!(refused.code, desk_app::AppErrorCode::MailSignInRefused);
    assert_eq!(refused.field.as_deref(), Some("password"));
    assert!(
        f.mail_vault.token().unwrap().is_none(),
        "a refused password is not kept"
    );
    assert!(
        f.session
            .store()
            .unwrap()
            .mail_settings()
            .unwrap()
            .is_none(),
        "nothing saved"
    );

    let view = f
        .session
        .connect_mail(settings, "Parole-1", false)
        .await
        .unwrap();
    assert_eq!(view.mode, ConnectionMode::Mail);
    assert_eq!(
        view.mail.as_ref().map(|m| m.address.as_str()),
        Some(mail_servers::JANIS.0)
    );
    assert_eq!(f.mail_vault.token().unwrap().unwrap().expose(), "Parole-1");
    assert!(f.vault.token().unwrap().is_none(), "no API token involved");

    // The running engine now sends by mail.
    let store = f.session.store().unwrap();
    store.queue_new_request(&issue("Pa e-pastu")).unwrap();
    assert!(f.session.trigger_sync());
    eventually("the request is sent by mail", || {
        store.outbox().map(|rows| rows.is_empty()).unwrap_or(false)
    })
    .await;
    eventually("it is in VRAA's mailbox", || {
        servers
            .messages("it@vraa.gov.lv", "INBOX")
            .map(|m| m.len() == 1)
            .unwrap_or(false)
    })
    .await;
    f.session.shutdown().await;
}

#[cfg(unix)]
mod microsoft;
