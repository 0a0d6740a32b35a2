//! The demo's VRAA server for the desktop app: the VRAA sandbox on a free
//! loopback port with the demo seed and simulated VRAA staff, so the demo's
//! requests move while the user watches.
//!
//! The shell hands [`SandboxDemo`] to the session (`desk_app::session`); the
//! use cases themselves carry no server code.

use std::path::PathBuf;
use std::time::Duration;

use desk_app::demo::{DemoServer, RunningDemoServer};
use futures_util::future::BoxFuture;
use vraa_sandbox::{RunningSandbox, SandboxConfig, Seed};

/// The demo institution with years of history (5,200 requests).
pub const DEMO_TOKEN: &str = "demo-vvd-contact-7f3a90";
/// Simulated VRAA staff work this many times faster than real time.
const STAFF_SPEED: f64 = 60.0;

/// Starts the sandbox with the demo seed.
#[derive(Debug, Clone, Copy, Default)]
pub struct SandboxDemo;

impl DemoServer for SandboxDemo {
    fn start(
        &self,
        dir: PathBuf,
    ) -> BoxFuture<'static, Result<Box<dyn RunningDemoServer>, String>> {
        Box::pin(async move {
            let config = SandboxConfig {
                addr: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
                // Kept on disk so the demo's local copy and the sandbox stay in step across restarts.
                db_path: Some(dir.join("sandbox.sqlite3")),
                seed: Seed::Demo,
                staff_speed: Some(STAFF_SPEED),
                staff_tick: Duration::from_secs(2),
                ..SandboxConfig::default()
            };
            let sandbox = vraa_sandbox::start(config)
                .await
                .map_err(|e| e.to_string())?;
            Ok(Box::new(RunningDemo(sandbox)) as Box<dyn RunningDemoServer>)
        })
    }
}

struct RunningDemo(RunningSandbox);

impl RunningDemoServer for RunningDemo {
    fn base_url(&self) -> String {
        self.0.base_url()
    }

    fn token(&self) -> String {
        DEMO_TOKEN.to_owned()
    }

    fn shutdown(self: Box<Self>) -> BoxFuture<'static, Result<(), String>> {
        Box::pin(async move { self.0.shutdown().await.map_err(|e| e.to_string()) })
    }
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

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_demo_serves_its_own_database_and_can_be_left() {
        let dir = tempfile::tempdir().unwrap();
        let session = desk_app::demo::start(&SandboxDemo, dir.path())
            .await
            .unwrap();
        assert!(desk_app::demo::was_active(dir.path()));
        let url = session.base_url();
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        assert_eq!(
            session.store.settings().unwrap().server_url,
            Some(url.clone())
        );
        // The real database is not created or touched by the demo.
        assert!(!dir.path().join(desk_store::DATABASE_FILE_NAME).exists());
        let me = desk_app::connection::check(
            &desk_core::settings::Settings::default(),
            &url,
            DEMO_TOKEN,
        )
        .await
        .unwrap()
        .2;
        assert!(!me.institution.name.is_empty());
        session.stop(dir.path(), true).await;
        assert!(!desk_app::demo::was_active(dir.path()));
    }
}
