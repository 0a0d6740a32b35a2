//! What the session tells the window: every committed write in the store in
//! use becomes a [`DataChange`] (no polling in the UI), including writes by
//! another process on the same database (the CLI), and VRAA's changes become
//! [`Notice`]s when the user wants notifications.

use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use desk_core::calendar::Calendar;
use desk_store::{Store, StoreEvent};
use serde::Serialize;
use tokio::sync::broadcast::error::RecvError;
use tokio::task::JoinHandle;

use crate::connection::ConnectionView;
use crate::notify::{Notice, Watcher};
use crate::session::status::SyncStatusView;

/// At most this many changed requests are read for notifications per event
/// (a first sync sends pages of a thousand; those are not news).
const MAX_NOTIFY_READS: usize = 50;
/// How often the SLA clocks are checked for "about to breach".
const SLA_CHECK_EVERY: Duration = Duration::from_secs(120);
/// How often the database is asked whether another process committed to it.
/// SQLite has no cross-process notification; `PRAGMA data_version` is one
/// cheap read, so a CLI write shows in the window within this time.
const OTHER_PROCESS_CHECK_EVERY: Duration = Duration::from_millis(750);

/// What changed in the local data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum DataChange {
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
    /// Anything may have changed (a switch to or from the demo, a write by
    /// another program, or missed events).
    All,
}

/// The window's side of the session: the shell sends these on as typed
/// events and native notifications; tests record them.
pub trait SessionEvents: Send + Sync + 'static {
    fn data_changed(&self, change: DataChange);
    fn connection_changed(&self, view: &ConnectionView);
    fn sync_status_changed(&self, status: &SyncStatusView);
    /// Only called when the user has notifications on.
    fn show_notices(&self, notices: &[Notice]);
}

/// What the forwarding task needs besides the store.
pub(crate) struct Forwarding {
    pub events: Arc<dyn SessionEvents>,
    pub watcher: Arc<Mutex<Watcher>>,
    pub calendar: Arc<Calendar>,
}

/// Forwards the store's events until the task is aborted (a switch to or
/// from the demo) or the store is gone.
pub(crate) fn forward(forwarding: Forwarding, store: &Arc<Store>) -> JoinHandle<()> {
    let mut receiver = store.subscribe();
    let weak = Arc::downgrade(store);
    remember_current(&forwarding.watcher, store);
    let mut seen_version = store.data_version().ok();
    forwarding.events.data_changed(DataChange::All);
    tokio::spawn(async move {
        let mut sla_check = tokio::time::interval(SLA_CHECK_EVERY);
        let mut other_process = tokio::time::interval(OTHER_PROCESS_CHECK_EVERY);
        loop {
            tokio::select! {
                received = receiver.recv() => match received {
                    Ok(event) => on_store_event(&forwarding, &weak, event).await,
                    Err(RecvError::Lagged(missed)) => {
                        tracing::debug!(missed, "UI event forwarding lagged");
                        forwarding.events.data_changed(DataChange::All);
                    }
                    Err(RecvError::Closed) => return,
                },
                _ = other_process.tick() => {
                    let Some(store) = weak.upgrade() else { return };
                    let version = tokio::task::spawn_blocking(move || store.data_version().ok())
                        .await
                        .ok()
                        .flatten();
                    if version.is_some() && version != seen_version {
                        if seen_version.is_some() {
                            tracing::debug!("another program wrote to the database");
                            forwarding.events.data_changed(DataChange::All);
                        }
                        seen_version = version;
                    }
                }
                _ = sla_check.tick() => {
                    let Some(store) = weak.upgrade() else { return };
                    check_sla(&forwarding, store).await;
                }
            }
        }
    })
}

async fn on_store_event(forwarding: &Forwarding, store: &Weak<Store>, event: StoreEvent) {
    let changed = match event {
        StoreEvent::DraftSaved { .. } | StoreEvent::DraftDeleted { .. } => DataChange::Drafts,
        StoreEvent::OutboxChanged => DataChange::Outbox,
        StoreEvent::RequestsChanged { ids } => {
            if let Some(store) = store.upgrade() {
                notify_changes(forwarding, store, ids.clone()).await;
            }
            DataChange::Requests { ids }
        }
        StoreEvent::ReferenceDataChanged => DataChange::ReferenceData,
        StoreEvent::SettingsChanged => DataChange::Settings,
        StoreEvent::SavedFiltersChanged => DataChange::SavedFilters,
        // The sync status has its own event; marks read change no list.
        _ => return,
    };
    forwarding.events.data_changed(changed);
}

/// Remembers every request as it is now, so only later changes are news.
fn remember_current(watcher: &Mutex<Watcher>, store: &Store) {
    let query = desk_store::RequestQuery::default();
    match store.list_request_rows(&query) {
        Ok(rows) => watcher
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remember(rows.iter().map(|r| (r.id.as_str(), r.updated_at))),
        Err(error) => tracing::warn!(%error, "requests could not be read for notifications"),
    }
}

pub(crate) fn notifications_on(store: &Store) -> Option<desk_core::settings::Language> {
    let settings = store.settings().ok()?;
    settings.notifications_enabled.then_some(settings.language)
}

async fn notify_changes(forwarding: &Forwarding, store: Arc<Store>, ids: Vec<String>) {
    let watcher = Arc::clone(&forwarding.watcher);
    let work = tokio::task::spawn_blocking(move || {
        let mut details = Vec::new();
        for id in ids.iter().take(MAX_NOTIFY_READS) {
            if let Ok(Some(detail)) = store.request_detail(id) {
                details.push(detail);
            }
        }
        let mut watcher = watcher.lock().unwrap_or_else(|p| p.into_inner());
        if ids.len() > MAX_NOTIFY_READS {
            // A bulk pull (first sync, a long time offline): taken in silently,
            // comments included, so none of it is news later.
            let _ = watcher.changed(&details, desk_core::settings::Language::default());
            return None;
        }
        let language = notifications_on(&store);
        let notices = watcher.changed(&details, language.unwrap_or_default());
        language.map(|_| notices)
    });
    if let Ok(Some(notices)) = work.await {
        if !notices.is_empty() {
            forwarding.events.show_notices(&notices);
        }
    }
}

async fn check_sla(forwarding: &Forwarding, store: Arc<Store>) {
    let watcher = Arc::clone(&forwarding.watcher);
    let calendar = Arc::clone(&forwarding.calendar);
    let work = tokio::task::spawn_blocking(move || {
        let ctx = crate::Context {
            store: &store,
            calendar: &calendar,
            now: chrono::Utc::now(),
        };
        let rows = crate::list::open_rows(&ctx).ok()?;
        let language = notifications_on(&store);
        let notices = watcher
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .at_risk(&rows, language.unwrap_or_default());
        language.map(|_| notices)
    });
    if let Ok(Some(notices)) = work.await {
        if !notices.is_empty() {
            forwarding.events.show_notices(&notices);
        }
    }
}
