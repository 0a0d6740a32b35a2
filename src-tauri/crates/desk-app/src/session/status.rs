//! What the UI shows about sync: a view of desk-sync's `SyncStatus`.

use desk_sync::{Connectivity, SyncStatus};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
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
