//! VRAA Desk's connection to VRAA: the API token in the OS credential store,
//! TLS trust settings, the API client and the sync engine.
//!
//! For the desktop shell: [`SyncEngine::spawn`] → [`SyncHandle`] (`trigger`,
//! `status` watch with online/offline and "needs token", `stop`). For the
//! command line and tests: [`sync_once`] with an [`ApiClient`].

mod background;
pub mod client;
pub mod credentials;
mod engine;
mod retry;
pub mod tls;

pub use background::{
    sync_with_settings, Connectivity, SyncEngine, SyncHandle, SyncProblem, SyncStatus, TokenSource,
};
pub use client::{ApiClient, CallError, ClientBuildError, ClientConfig};
pub use engine::{download_attachment, sync_once, SyncError, SyncOptions, SyncReport};
pub use retry::RetryPolicy;
