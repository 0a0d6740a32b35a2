//! "Try the demo": the bundled VRAA sandbox runs inside the app on a free
//! loopback port, with the demo seed, and the app signs in with a published
//! demo token. The demo has its own local database beside the real one, so
//! trying it never touches the user's real data; leaving it switches back.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use desk_core::settings::Settings;
use desk_store::Store;
use desk_sync::credentials::ApiToken;
use vraa_sandbox::{RunningSandbox, SandboxConfig, Seed};

use crate::{AppError, AppErrorCode};

/// The demo institution with years of history (5,200 requests).
pub const DEMO_TOKEN: &str = "demo-vvd-contact-7f3a90";
/// Simulated VRAA staff work this many times faster than real time, so the
/// demo's requests move while the user watches.
const STAFF_SPEED: f64 = 60.0;

/// Folder of the demo inside the app's data folder.
pub fn demo_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("demo")
}

fn marker(data_dir: &Path) -> PathBuf {
    demo_dir(data_dir).join("active")
}

/// Whether the user was in the demo when the app last closed.
pub fn was_active(data_dir: &Path) -> bool {
    marker(data_dir).exists()
}

pub struct DemoSession {
    pub store: Arc<Store>,
    pub token: ApiToken,
    sandbox: RunningSandbox,
}

impl DemoSession {
    pub fn base_url(&self) -> String {
        self.sandbox.base_url()
    }

    /// Stops the sandbox; `forget` also clears the "resume the demo" marker.
    pub async fn stop(self, data_dir: &Path, forget: bool) {
        if forget {
            if let Err(error) = std::fs::remove_file(marker(data_dir)) {
                tracing::warn!(%error, "demo marker could not be removed");
            }
        }
        if let Err(error) = self.sandbox.shutdown().await {
            tracing::warn!(%error, "demo sandbox did not stop cleanly");
        }
    }
}

fn failed(lv: &str, en: &str, detail: impl ToString) -> AppError {
    AppError::new(AppErrorCode::DemoFailed, lv, en).detail(detail)
}

/// Starts (or resumes) the demo: sandbox + demo database + settings pointing at it.
/// Refused when the organisation's policy turns the demo off.
pub async fn start(data_dir: &Path) -> Result<DemoSession, AppError> {
    start_with_policy(data_dir, &crate::policy::load()).await
}

/// [`start`] under a given policy (tests give theirs instead of the machine's).
pub async fn start_with_policy(
    data_dir: &Path,
    policy: &crate::policy::LoadedPolicy,
) -> Result<DemoSession, AppError> {
    crate::policy::refuse_demo_if_forbidden(&policy.policy)?;
    let dir = demo_dir(data_dir);
    std::fs::create_dir_all(&dir).map_err(|e| {
        failed(
            "Demo mapi nevar izveidot",
            "The demo folder cannot be created",
            format!("{}: {e}", dir.display()),
        )
    })?;
    let config = SandboxConfig {
        addr: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        // Kept on disk so the demo's local copy and the sandbox stay in step across restarts.
        db_path: Some(dir.join("sandbox.sqlite3")),
        seed: Seed::Demo,
        staff_speed: Some(STAFF_SPEED),
        staff_tick: Duration::from_secs(2),
        ..SandboxConfig::default()
    };
    let sandbox = vraa_sandbox::start(config).await.map_err(|e| {
        failed(
            "Demo serveri neizdevās palaist",
            "The demo server could not be started",
            e,
        )
    })?;
    let store = match Store::open(&dir.join(desk_store::DATABASE_FILE_NAME)) {
        Ok(store) => Arc::new(store),
        Err(e) => {
            let _ = sandbox.shutdown().await;
            return Err(failed(
                "Demo datubāzi nevar atvērt",
                "The demo database cannot be opened",
                e,
            ));
        }
    };
    let settings = store.settings()?;
    store.save_settings(&Settings {
        server_url: Some(sandbox.base_url()),
        ..settings
    })?;
    // The organisation's interval and notifications hold in the demo too; its
    // server, proxy and CA do not (the demo's server is on loopback).
    crate::policy::enforce(&store, &policy.for_demo().policy)?;
    std::fs::write(marker(data_dir), b"the user is trying the demo\n").map_err(|e| {
        failed(
            "Demo stāvokli nevar saglabāt",
            "The demo state cannot be saved",
            e,
        )
    })?;
    let token = ApiToken::new(DEMO_TOKEN)
        .map_err(|e| failed("Demo pilnvara nav derīga", "The demo token is not valid", e))?;
    Ok(DemoSession {
        store,
        token,
        sandbox,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_token_is_one_the_sandbox_knows() {
        assert!(vraa_sandbox::demo_tokens()
            .iter()
            .any(|t| t.token == DEMO_TOKEN));
    }

    #[tokio::test]
    async fn a_policy_without_the_demo_refuses_to_start_it() {
        let dir = tempfile::tempdir().unwrap();
        let policy = crate::policy::LoadedPolicy {
            policy: desk_core::policy::Policy {
                demo_allowed: Some(false),
                ..Default::default()
            },
            ..Default::default()
        };
        let Err(err) = start_with_policy(dir.path(), &policy).await else {
            panic!("the demo started although the policy forbids it");
        };
        assert_eq!(err.code, AppErrorCode::DemoNotAllowed);
        assert!(
            !demo_dir(dir.path()).exists(),
            "nothing of the demo was created"
        );
        assert!(!was_active(dir.path()));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_demo_serves_its_own_database_and_can_be_left() {
        let dir = tempfile::tempdir().unwrap();
        let session = start(dir.path()).await.unwrap();
        assert!(was_active(dir.path()));
        let url = session.base_url();
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        assert_eq!(
            session.store.settings().unwrap().server_url,
            Some(url.clone())
        );
        // The real database is not created or touched by the demo.
        assert!(!dir.path().join(desk_store::DATABASE_FILE_NAME).exists());
        let me = crate::connection::check(&Settings::default(), &url, DEMO_TOKEN)
            .await
            .unwrap()
            .2;
        assert!(!me.institution.name.is_empty());
        session.stop(dir.path(), true).await;
        assert!(!was_active(dir.path()));
    }
}
