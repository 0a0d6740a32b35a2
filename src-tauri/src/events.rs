//! Change events to the UI: every committed write in the store becomes a
//! typed event (no polling in the UI), and VRAA's changes become native
//! notifications when the user wants them.

use std::sync::Arc;
use std::time::Duration;

use desk_app::connection::ConnectionView;
use desk_store::{Store, StoreEvent};
use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;
use tauri_specta::Event;
use tokio::sync::broadcast::error::RecvError;

use crate::state::AppState;

/// At most this many changed requests are read for notifications per event
/// (a first sync sends pages of a thousand; those are not news).
const MAX_NOTIFY_READS: usize = 50;
/// How often the SLA clocks are checked for "about to breach".
const SLA_CHECK_EVERY: Duration = Duration::from_secs(120);

/// What changed in the local data.
#[derive(Debug, Clone, Serialize, Type, Event)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum DataChanged {
    /// VRAA's data about these requests changed (pull or acknowledgement).
    Requests {
        ids: Vec<String>,
    },
    Outbox,
    Drafts,
    SavedFilters,
    /// Catalogue, contracts or availability.
    ReferenceData,
    Settings,
    /// Anything may have changed (a switch to or from the demo, or missed events).
    All,
}

/// The connection (server, demo, institution) changed.
#[derive(Debug, Clone, Serialize, Type, Event)]
pub struct ConnectionChanged(pub ConnectionView);

fn emit(app: &AppHandle, event: DataChanged) {
    if let Err(error) = event.emit(app) {
        tracing::warn!(%error, "a data change could not be sent to the UI");
    }
}

/// Forwards the store's events to the UI (and to the notifications) until the
/// store is dropped (a switch to or from the demo).
pub fn forward(app: &AppHandle, store: Arc<Store>) {
    let mut receiver = store.subscribe();
    let app = app.clone();
    let weak = Arc::downgrade(&store);
    remember_current(&app, &store);
    drop(store);
    emit(&app, DataChanged::All);
    tauri::async_runtime::spawn(async move {
        let mut sla_check = tokio::time::interval(SLA_CHECK_EVERY);
        loop {
            tokio::select! {
                received = receiver.recv() => match received {
                    Ok(event) => on_store_event(&app, &weak, event).await,
                    Err(RecvError::Lagged(missed)) => {
                        tracing::debug!(missed, "UI event forwarding lagged");
                        emit(&app, DataChanged::All);
                    }
                    Err(RecvError::Closed) => return,
                },
                _ = sla_check.tick() => {
                    let Some(store) = weak.upgrade() else { return };
                    check_sla(&app, store).await;
                }
            }
        }
    });
}

async fn on_store_event(app: &AppHandle, store: &std::sync::Weak<Store>, event: StoreEvent) {
    let changed = match event {
        StoreEvent::DraftSaved { .. } | StoreEvent::DraftDeleted { .. } => DataChanged::Drafts,
        StoreEvent::OutboxChanged => DataChanged::Outbox,
        StoreEvent::RequestsChanged { ids } => {
            if let Some(store) = store.upgrade() {
                notify_changes(app, store, ids.clone()).await;
            }
            DataChanged::Requests { ids }
        }
        StoreEvent::ReferenceDataChanged => DataChanged::ReferenceData,
        StoreEvent::SettingsChanged => DataChanged::Settings,
        StoreEvent::SavedFiltersChanged => DataChanged::SavedFilters,
        // The sync status has its own event; marks read change no list.
        _ => return,
    };
    emit(app, changed);
}

/// Remembers every request as it is now, so only later changes are news.
fn remember_current(app: &AppHandle, store: &Store) {
    let Some(state) = app.try_state::<AppState>() else {
        return;
    };
    let query = desk_store::RequestQuery::default();
    match store.list_request_rows(&query) {
        Ok(rows) => state
            .watcher
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remember(rows.iter().map(|r| (r.id.as_str(), r.updated_at))),
        Err(error) => tracing::warn!(%error, "requests could not be read for notifications"),
    }
}

fn notifications_on(store: &Store) -> Option<desk_core::settings::Language> {
    let settings = store.settings().ok()?;
    settings.notifications_enabled.then_some(settings.language)
}

async fn notify_changes(app: &AppHandle, store: Arc<Store>, ids: Vec<String>) {
    let app = app.clone();
    let work = tauri::async_runtime::spawn_blocking(move || {
        let state = app.try_state::<AppState>()?;
        let mut details = Vec::new();
        for id in ids.iter().take(MAX_NOTIFY_READS) {
            if let Ok(Some(detail)) = store.request_detail(id) {
                details.push(detail);
            }
        }
        let mut watcher = state.watcher.lock().unwrap_or_else(|p| p.into_inner());
        if ids.len() > MAX_NOTIFY_READS {
            // A bulk pull (first sync, a long time offline): taken in silently,
            // comments included, so none of it is news later.
            let _ = watcher.changed(&details, desk_core::settings::Language::default());
            return None;
        }
        let language = notifications_on(&store);
        let notices = watcher.changed(&details, language.unwrap_or_default());
        language.map(|_| (app.clone(), notices))
    });
    if let Ok(Some((app, notices))) = work.await {
        show(&app, &notices);
    }
}

async fn check_sla(app: &AppHandle, store: Arc<Store>) {
    let app = app.clone();
    let work = tauri::async_runtime::spawn_blocking(move || {
        let state = app.try_state::<AppState>()?;
        let ctx = desk_app::Context {
            store: &store,
            calendar: &state.calendar,
            now: chrono::Utc::now(),
        };
        let rows = desk_app::list::open_rows(&ctx).ok()?;
        let language = notifications_on(&store);
        let notices = state
            .watcher
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .at_risk(&rows, language.unwrap_or_default());
        language.map(|_| (app.clone(), notices))
    });
    if let Ok(Some((app, notices))) = work.await {
        show(&app, &notices);
    }
}

fn show(app: &AppHandle, notices: &[desk_app::notify::Notice]) {
    for notice in notices {
        let shown = app
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
