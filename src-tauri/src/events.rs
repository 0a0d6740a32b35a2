//! The session's events as the window receives them: typed Tauri events (no
//! polling in the UI) and native notifications. What changed and when is
//! decided in `desk_app::session`; this only delivers it.

use desk_app::connection::ConnectionView;
use desk_app::notify::Notice;
use desk_app::session::{DataChange, SessionEvents, SyncStatusView};
use serde::Serialize;
use specta::Type;
use tauri::AppHandle;
use tauri_plugin_notification::NotificationExt;
use tauri_specta::Event;

/// What changed in the local data.
#[derive(Debug, Clone, Serialize, Type, Event)]
pub struct DataChanged(pub DataChange);

/// The connection (server, demo, institution) changed.
#[derive(Debug, Clone, Serialize, Type, Event)]
pub struct ConnectionChanged(pub ConnectionView);

/// Sent to the UI whenever the sync status changes.
#[derive(Debug, Clone, Serialize, Type, Event)]
pub struct SyncStatusChanged(pub SyncStatusView);

/// Delivers the session's events to the window.
pub struct WindowEvents(pub AppHandle);

impl SessionEvents for WindowEvents {
    fn data_changed(&self, change: DataChange) {
        if let Err(error) = DataChanged(change).emit(&self.0) {
            tracing::warn!(%error, "a data change could not be sent to the UI");
        }
    }

    fn connection_changed(&self, view: &ConnectionView) {
        if let Err(error) = ConnectionChanged(view.clone()).emit(&self.0) {
            tracing::warn!(%error, "connection change could not be sent to the UI");
        }
    }

    fn sync_status_changed(&self, status: &SyncStatusView) {
        if let Err(error) = SyncStatusChanged(status.clone()).emit(&self.0) {
            tracing::warn!(%error, "sync status could not be sent to the UI");
        }
    }

    fn show_notices(&self, notices: &[Notice]) {
        for notice in notices {
            let shown = self
                .0
                .notification()
                .builder()
                .title(&notice.title)
                .body(&notice.body)
                .show();
            match shown {
                Ok(()) => {
                    tracing::info!(title = %notice.title, request = ?notice.request_id, "notification shown")
                }
                Err(error) => {
                    tracing::warn!(%error, title = %notice.title, "notification could not be shown")
                }
            }
        }
    }
}
