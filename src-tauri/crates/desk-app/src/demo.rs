//! "Try the demo": a VRAA server with demo data runs inside the app on a free
//! loopback port, and the app signs in with its published demo token. The
//! demo has its own local database beside the real one, so trying it never
//! touches the user's real data; leaving it switches back.
//!
//! The server itself is not part of this crate (the shipped use cases carry
//! no server code): the shell hands the session a [`DemoServer`] (the
//! `desk-demo` crate, which embeds the VRAA sandbox).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use desk_core::settings::Settings;
use desk_store::Store;
use desk_sync::credentials::ApiToken;
use futures_util::future::BoxFuture;

use crate::{AppError, AppErrorCode};

/// Starts the demo's VRAA server.
pub trait DemoServer: Send + Sync + 'static {
    /// Starts a server that keeps its own data in `dir` (so the demo's local
    /// copy and the server stay in step across restarts).
    fn start(&self, dir: PathBuf)
        -> BoxFuture<'static, Result<Box<dyn RunningDemoServer>, String>>;
}

/// A demo server that is running.
pub trait RunningDemoServer: Send + Sync {
    fn base_url(&self) -> String;
    /// The published token of the demo's contact person.
    fn token(&self) -> String;
    fn shutdown(self: Box<Self>) -> BoxFuture<'static, Result<(), String>>;
}

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
    server: Box<dyn RunningDemoServer>,
}

impl DemoSession {
    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    /// Stops the server; `forget` also clears the "resume the demo" marker.
    pub async fn stop(self, data_dir: &Path, forget: bool) {
        if forget {
            if let Err(error) = std::fs::remove_file(marker(data_dir)) {
                tracing::warn!(%error, "demo marker could not be removed");
            }
        }
        if let Err(error) = self.server.shutdown().await {
            tracing::warn!(%error, "demo server did not stop cleanly");
        }
    }
}

fn failed(lv: &str, en: &str, detail: impl ToString) -> AppError {
    AppError::new(AppErrorCode::DemoFailed, lv, en).detail(detail)
}

/// Starts (or resumes) the demo: server + demo database + settings pointing at it.
/// Refused when the organisation's policy turns the demo off.
pub async fn start(server: &dyn DemoServer, data_dir: &Path) -> Result<DemoSession, AppError> {
    start_with_policy(server, data_dir, &crate::policy::load()).await
}

/// [`start`] under a given policy (tests give theirs instead of the machine's).
pub async fn start_with_policy(
    server: &dyn DemoServer,
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
    let server = server.start(dir.clone()).await.map_err(|e| {
        failed(
            "Demo serveri neizdevās palaist",
            "The demo server could not be started",
            e,
        )
    })?;
    let store = match Store::open(&dir.join(desk_store::DATABASE_FILE_NAME)) {
        Ok(store) => Arc::new(store),
        Err(e) => {
            let _ = server.shutdown().await;
            return Err(failed(
                "Demo datubāzi nevar atvērt",
                "The demo database cannot be opened",
                e,
            ));
        }
    };
    let settings = store.settings()?;
    store.save_settings(&Settings {
        server_url: Some(server.base_url()),
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
    let token = ApiToken::new(&server.token())
        .map_err(|e| failed("Demo pilnvara nav derīga", "The demo token is not valid", e))?;
    Ok(DemoSession {
        store,
        token,
        server,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A demo server that must never be started.
    struct Unstartable;

    impl DemoServer for Unstartable {
        fn start(
            &self,
            _dir: PathBuf,
        ) -> BoxFuture<'static, Result<Box<dyn RunningDemoServer>, String>> {
            panic!("the demo's server was started although the policy forbids the demo")
        }
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
        let Err(err) = start_with_policy(&Unstartable, dir.path(), &policy).await else {
            panic!("the demo started although the policy forbids it");
        };
        assert_eq!(err.code, AppErrorCode::DemoNotAllowed);
        assert!(
            !demo_dir(dir.path()).exists(),
            "nothing of the demo was created"
        );
        assert!(!was_active(dir.path()));
    }
}
