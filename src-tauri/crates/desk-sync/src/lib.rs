//! VRAA Desk's connection to VRAA: the API token in the OS credential store,
//! TLS trust settings, the API client and the sync engine.
//!
//! For the desktop shell: [`SyncEngine::spawn`] → [`SyncHandle`] (`trigger`,
//! `status` watch with online/offline and "needs token", `stop`). For the
//! command line and tests: [`sync_once`] with an [`ApiClient`].
//!
//! ```no_run
//! # async fn wire(store: std::sync::Arc<desk_store::Store>) -> Result<(), desk_sync::credentials::CredentialError> {
//! use std::sync::Arc;
//! use desk_sync::credentials::{TokenStore, DEFAULT_ACCOUNT};
//! use desk_sync::{SyncEngine, SyncOptions};
//! let tokens = Arc::new(TokenStore::new(DEFAULT_ACCOUNT)?);
//! let handle = SyncEngine::spawn(store.clone(), tokens, SyncOptions::default());
//! let mut status = handle.status();      // forward to the UI on every change
//! let mut events = store.subscribe();    // StoreEvent after every commit
//! handle.trigger();                      // "Sync now", or after a new token was saved
//! # let _ = (status.changed().await, events.recv().await);
//! handle.stop().await;
//! # Ok(()) }
//! ```
//!
//! Store calls are short blocking SQLite calls; from async code run larger
//! ones (e.g. a search on every key press) with `spawn_blocking`.

mod background;
pub mod client;
pub mod credentials;
mod engine;
mod retry;
pub mod tls;
mod transport;

pub use background::{
    sync_with_settings, Connectivity, SyncEngine, SyncHandle, SyncProblem, SyncStatus, SyncWaker,
    TokenSource,
};
pub use client::{ApiClient, CallError, ClientBuildError, ClientConfig};
pub use engine::{download_attachment, sync_once, SyncError, SyncOptions, SyncReport};
pub use retry::RetryPolicy;
pub use transport::{ApiConnector, BlobReader, Connector, Transport};
