//! The background sync engine inside the app: started once the database is
//! open, its status forwarded to the UI as an event. The engine itself
//! (desk-sync) reads the server, proxy and interval from Settings before every
//! run, so saving Settings or a token only needs a trigger.

use std::sync::Arc;

use desk_store::Store;
use desk_sync::credentials::{TokenStore, DEFAULT_ACCOUNT};
use desk_sync::{Connectivity, SyncEngine, SyncHandle, SyncOptions, SyncStatus, TokenSource};
use serde::Serialize;
use specta::Type;
use tauri::AppHandle;
use tauri_specta::Event;

/// What the UI shows about sync (a view of desk-sync's `SyncStatus`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatusView {
    pub running: bool,
    /// "unknown" until the first run ends, then "online" or "offline".
    pub connectivity: ConnectivityView,
    /// VRAA refused the token (or none is stored): sync waits for a new one.
    pub needs_token: bool,
    /// RFC 3339, UTC.
    pub last_success_at: Option<String>,
    pub last_error_code: Option<String>,
    /// `<Latvian> / <English>`, as the engine words it.
    pub last_error_message: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum ConnectivityView {
    Unknown,
    Online,
    Offline,
}

impl From<&SyncStatus> for SyncStatusView {
    fn from(status: &SyncStatus) -> Self {
        Self {
            running: status.running,
            connectivity: match status.connectivity {
                Connectivity::Unknown => ConnectivityView::Unknown,
                Connectivity::Online => ConnectivityView::Online,
                Connectivity::Offline => ConnectivityView::Offline,
            },
            needs_token: status.needs_token,
            last_success_at: status.last_success_at.map(|t| t.to_rfc3339()),
            last_error_code: status.last_error.as_ref().map(|e| e.code.clone()),
            last_error_message: status.last_error.as_ref().map(|e| e.message.clone()),
        }
    }
}

/// Sent to the UI whenever the sync status changes.
#[derive(Debug, Clone, Serialize, Type, Event)]
pub struct SyncStatusChanged(pub SyncStatusView);

/// The OS keyring entry of the user's own token.
pub fn keyring_tokens() -> Result<Arc<dyn TokenSource>, desk_sync::credentials::CredentialError> {
    Ok(Arc::new(TokenStore::new(DEFAULT_ACCOUNT)?))
}

/// A client for the server in use (demo or real), for on-demand calls such as
/// downloading an attachment; `None` without a server or token.
pub fn api_client(state: &crate::state::AppState) -> Option<desk_sync::ApiClient> {
    let store = state.database().ok()?;
    let settings = store.settings().ok()?;
    let config = desk_sync::ClientConfig::from_settings(&settings)?;
    let token = if state.demo_store().is_some() {
        desk_sync::credentials::ApiToken::new(desk_app::demo::DEMO_TOKEN).ok()?
    } else {
        keyring_tokens().ok()?.token().ok()??
    };
    desk_sync::ApiClient::new(&config, token).ok()
}

/// Starts the engine on Tauri's tokio runtime and forwards its status.
pub fn start(app: &AppHandle, store: Arc<Store>, tokens: Arc<dyn TokenSource>) -> SyncHandle {
    // Entering the runtime (instead of block_on) works from setup and from async commands alike.
    let runtime = tauri::async_runtime::handle();
    let _entered = runtime.inner().enter();
    let handle = SyncEngine::spawn(store, tokens, SyncOptions::default());
    // The UI shows the new engine's state at once (a switch to or from the demo).
    if let Err(error) = SyncStatusChanged(SyncStatusView::from(&handle.current())).emit(app) {
        tracing::warn!(%error, "sync status could not be sent to the UI");
    }
    let mut status = handle.status();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        while status.changed().await.is_ok() {
            let view = SyncStatusView::from(&*status.borrow_and_update());
            if let Err(error) = SyncStatusChanged(view).emit(&app) {
                tracing::warn!(%error, "sync status could not be sent to the UI");
            }
        }
    });
    tracing::info!("background sync started");
    handle
}

#[cfg(test)]
mod tests {
    use super::*;
    use desk_sync::SyncProblem;

    #[test]
    fn the_view_carries_what_the_ui_needs() {
        let status = SyncStatus {
            connectivity: Connectivity::Offline,
            needs_token: true,
            last_error: Some(SyncProblem {
                code: "offline".into(),
                message: "nav savienojuma / offline".into(),
            }),
            ..SyncStatus::default()
        };
        let view = SyncStatusView::from(&status);
        assert_eq!(view.connectivity, ConnectivityView::Offline);
        assert!(view.needs_token);
        assert_eq!(view.last_error_code.as_deref(), Some("offline"));
        assert_eq!(view.last_success_at, None);
        let json = serde_json::to_value(&view).unwrap();
        assert_eq!(json["connectivity"], "offline");
        assert_eq!(json["needsToken"], true);
    }
}
