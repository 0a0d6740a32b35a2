//! The sync engine running in the background of the desktop app: at the
//! interval from Settings, at once when an action is queued or when asked,
//! probing more often while offline, and stopping when the token is refused
//! until a new one is given.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use desk_store::{Store, StoreEvent};
use serde::Serialize;
use tokio::sync::{broadcast, watch, Notify};
use tokio::task::JoinHandle;

use crate::credentials::{ApiToken, CredentialError, TokenStore};
use crate::engine::{sync_once, SyncError, SyncOptions, SyncReport};
use crate::transport::{ApiConnector, Connector};

/// Where the engine gets the API token, read again before every run (the
/// user may have entered a new one).
pub trait TokenSource: Send + Sync + 'static {
    fn token(&self) -> Result<Option<ApiToken>, CredentialError>;
}

impl TokenSource for TokenStore {
    fn token(&self) -> Result<Option<ApiToken>, CredentialError> {
        self.load()
    }
}

impl TokenSource for ApiToken {
    fn token(&self) -> Result<Option<ApiToken>, CredentialError> {
        Ok(Some(self.clone()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Connectivity {
    /// No run has finished yet.
    Unknown,
    Online,
    Offline,
}

/// A failure as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncProblem {
    pub code: String,
    /// The whole message, `<Latvian> / <English>`.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    pub running: bool,
    pub connectivity: Connectivity,
    /// The token was refused (or is missing): sync waits for a new one.
    pub needs_token: bool,
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_error: Option<SyncProblem>,
    pub last_report: Option<SyncReport>,
}

impl Default for SyncStatus {
    fn default() -> Self {
        SyncStatus {
            running: false,
            connectivity: Connectivity::Unknown,
            needs_token: false,
            last_success_at: None,
            last_error: None,
            last_report: None,
        }
    }
}

/// Controls a running engine.
/// Asks the engine for a run; cheap to clone and to call often (runs
/// asked for while one is going are merged into one).
#[derive(Clone)]
pub struct SyncWaker(Arc<Notify>);

impl SyncWaker {
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

pub struct SyncHandle {
    wake: Arc<Notify>,
    status: watch::Receiver<SyncStatus>,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl SyncHandle {
    /// Sync now (e.g. the user pressed "Sync", or a new token was saved).
    pub fn trigger(&self) {
        self.wake.notify_one();
    }

    /// Something that asks for a run from elsewhere (an inbox watcher).
    pub fn waker(&self) -> SyncWaker {
        SyncWaker(Arc::clone(&self.wake))
    }

    /// Status updates, for the UI's online/offline indicator.
    pub fn status(&self) -> watch::Receiver<SyncStatus> {
        self.status.clone()
    }

    pub fn current(&self) -> SyncStatus {
        self.status.borrow().clone()
    }

    /// Stops the engine, cutting a run short if one is going (safe: rows not
    /// yet acknowledged stay queued and go again with the same key).
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

pub struct SyncEngine;

impl SyncEngine {
    /// Starts the background loop over the VRAA API on the current tokio
    /// runtime, with the token from `tokens`.
    pub fn spawn(
        store: Arc<Store>,
        tokens: Arc<dyn TokenSource>,
        options: SyncOptions,
    ) -> SyncHandle {
        Self::spawn_with(store, ApiConnector::new(tokens), options)
    }

    /// Starts the background loop over the transport `connector` builds. The
    /// connection settings and the interval are read from the store's
    /// settings before every run.
    pub fn spawn_with<C: Connector>(
        store: Arc<Store>,
        connector: C,
        options: SyncOptions,
    ) -> SyncHandle {
        let wake = Arc::new(Notify::new());
        let (status_tx, status) = watch::channel(SyncStatus::default());
        let (stop, stop_rx) = watch::channel(false);
        let task = tokio::spawn(run_loop(
            store,
            connector,
            options,
            Arc::clone(&wake),
            status_tx,
            stop_rx,
        ));
        SyncHandle {
            wake,
            status,
            stop,
            task,
        }
    }
}

/// Runs one sync with the stored settings over the transport `connector` builds.
pub async fn sync_with_settings(
    store: &Arc<Store>,
    connector: &impl Connector,
    options: &SyncOptions,
) -> Result<SyncReport, SyncError> {
    let settings = store.settings()?;
    let transport = connector.connect(&settings)?;
    sync_once(store, &transport, options).await
}

const OFFLINE_FIRST_PROBE: Duration = Duration::from_secs(5);

async fn run_loop(
    store: Arc<Store>,
    connector: impl Connector,
    options: SyncOptions,
    wake: Arc<Notify>,
    status: watch::Sender<SyncStatus>,
    mut stop: watch::Receiver<bool>,
) {
    let mut events = store.subscribe();
    let mut offline_probe = OFFLINE_FIRST_PROBE;
    loop {
        status.send_modify(|s| s.running = true);
        // Stopping may cut a run short: every write is its own transaction and
        // an unacknowledged row is simply sent again, with the same key, later.
        let outcome = tokio::select! {
            outcome = sync_with_settings(&store, &connector, &options) => outcome,
            _ = stop.changed() => return,
        };
        let interval = store
            .settings()
            .map(|s| Duration::from_secs(u64::from(s.sync_interval_minutes) * 60))
            .unwrap_or(Duration::from_secs(300));
        let mut wait = Some(interval);
        status.send_modify(|s| {
            s.running = false;
            match &outcome {
                Ok(report) => {
                    s.connectivity = Connectivity::Online;
                    s.needs_token = false;
                    s.last_success_at = Some(Utc::now());
                    s.last_error = None;
                    s.last_report = Some(report.clone());
                    offline_probe = OFFLINE_FIRST_PROBE;
                }
                Err(e) => {
                    s.last_error = Some(SyncProblem {
                        code: e.code().to_owned(),
                        message: e.to_string(),
                    });
                    match e {
                        SyncError::Offline(_) | SyncError::ServerUnavailable(_) => {
                            s.connectivity = Connectivity::Offline;
                            wait = Some(offline_probe.min(interval));
                            offline_probe = (offline_probe * 2).min(Duration::from_secs(120));
                        }
                        // A refused mail password is not tried again on its own:
                        // repeated failed sign-ins can lock the user's account.
                        SyncError::Unauthorized
                        | SyncError::SignInRefused(_)
                        | SyncError::SignInExpired(_)
                        | SyncError::NoToken
                        | SyncError::NoServer
                        | SyncError::OtherConnection { .. } => {
                            s.needs_token = !matches!(e, SyncError::NoServer);
                            // Nothing to do until the user acts (and triggers).
                            wait = None;
                        }
                        _ => s.connectivity = Connectivity::Online,
                    }
                }
            }
        });
        // Events caused by the run itself (acknowledgements) are not news.
        while let Ok(_) | Err(broadcast::error::TryRecvError::Lagged(_)) = events.try_recv() {}
        // Something queued while the run was finishing goes out at once.
        if outcome.is_ok() && store.outbox_ready().map(|r| !r.is_empty()).unwrap_or(false) {
            continue;
        }
        let sleep = async {
            match wait {
                Some(w) => tokio::time::sleep(w).await,
                None => std::future::pending().await,
            }
        };
        tokio::pin!(sleep);
        loop {
            tokio::select! {
                _ = &mut sleep => break,
                _ = wake.notified() => break,
                changed = stop.changed() => {
                    if changed.is_err() || *stop.borrow() {
                        return;
                    }
                }
                event = events.recv() => match event {
                    Ok(StoreEvent::OutboxChanged | StoreEvent::SettingsChanged)
                    | Err(broadcast::error::RecvError::Lagged(_)) => break,
                    Ok(_) => {}
                    Err(broadcast::error::RecvError::Closed) => return,
                },
            }
        }
        if *stop.borrow() {
            return;
        }
    }
}
