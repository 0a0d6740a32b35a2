//! Which database and server the app works with: the user's own (with the
//! token from the OS keyring) or the demo (in-process sandbox, demo token, its
//! own database). A switch stops the sync engine, swaps the store, and starts
//! the engine and the change forwarding for the new one.

use std::sync::Arc;

use desk_app::connection::{describe, ConnectionMode, ConnectionView};
use desk_store::Store;
use desk_sync::TokenSource;
use tauri::{AppHandle, Manager};
use tauri_specta::Event;

use crate::events::{self, ConnectionChanged};
use crate::state::AppState;

/// Starts sync and change forwarding for the store now in use.
pub fn start_for(
    app: &AppHandle,
    state: &AppState,
    store: Arc<Store>,
    tokens: Arc<dyn TokenSource>,
) {
    events::forward(app, Arc::clone(&store));
    state.set_sync(crate::sync::start(app, store, tokens));
}

/// At start-up: resume the demo if the user was in it, else the real database.
pub fn start(app: &AppHandle, state: &AppState) {
    if desk_app::demo::was_active(&state.paths.data_dir) {
        let resumed = tauri::async_runtime::block_on(enter_demo(app, state));
        match resumed {
            Ok(_) => return,
            Err(error) => {
                tracing::error!(error = %error.en, detail = ?error.detail, "the demo could not be resumed")
            }
        }
    }
    start_real(app, state);
}

fn start_real(app: &AppHandle, state: &AppState) {
    let Ok(store) = state.real_database() else {
        return;
    };
    match crate::sync::keyring_tokens() {
        Ok(tokens) => start_for(app, state, store, tokens),
        // The app stays usable offline; Settings shows the keyring error when used.
        Err(error) => tracing::error!(%error, "background sync not started"),
    }
}

async fn stop_sync(state: &AppState) {
    if let Some(handle) = state.take_sync() {
        handle.stop().await;
    }
}

/// Starts the bundled sandbox and switches the app to the demo.
pub async fn enter_demo(
    app: &AppHandle,
    state: &AppState,
) -> Result<ConnectionView, desk_app::AppError> {
    let mut demo = state.demo.lock().await;
    if demo.is_none() {
        let session = desk_app::demo::start(&state.paths.data_dir).await?;
        stop_sync(state).await;
        state.set_demo_store(Some(Arc::clone(&session.store)));
        start_for(
            app,
            state,
            Arc::clone(&session.store),
            Arc::new(session.token.clone()),
        );
        tracing::info!(url = %session.base_url(), "demo started");
        *demo = Some(session);
    }
    drop(demo);
    announce(app, state)
}

/// Stops the demo and goes back to the user's own database.
pub async fn leave_demo(
    app: &AppHandle,
    state: &AppState,
) -> Result<ConnectionView, desk_app::AppError> {
    let session = state.demo.lock().await.take();
    if let Some(session) = session {
        stop_sync(state).await;
        state.set_demo_store(None);
        session.stop(&state.paths.data_dir, true).await;
        *state.me.lock().unwrap_or_else(|p| p.into_inner()) = None;
        start_real(app, state);
        tracing::info!("demo left");
    }
    announce(app, state)
}

/// The connection as the UI shows it.
pub fn view(state: &AppState) -> Result<ConnectionView, desk_app::AppError> {
    let store = state.database().map_err(|p| {
        desk_app::AppError::new(
            desk_app::AppErrorCode::Database,
            "Datubāze nav atvērta",
            "The database is not open",
        )
        .detail(p.detail)
    })?;
    let settings = store.settings()?;
    let in_demo = state.demo_store().is_some();
    let token_stored = in_demo
        || crate::sync::keyring_tokens()
            .and_then(|t| t.token())
            .is_ok_and(|t| t.is_some());
    let mode = if in_demo {
        ConnectionMode::Demo
    } else if settings.server_url.is_some() && token_stored {
        ConnectionMode::Server
    } else {
        ConnectionMode::NotConfigured
    };
    let me = state.me.lock().unwrap_or_else(|p| p.into_inner()).clone();
    Ok(describe(mode, &settings, token_stored, me.as_ref()))
}

/// Tells the UI the connection changed and returns what it now is.
pub fn announce(app: &AppHandle, state: &AppState) -> Result<ConnectionView, desk_app::AppError> {
    let view = view(state)?;
    if let Err(error) = ConnectionChanged(view.clone()).emit(app) {
        tracing::warn!(%error, "connection change could not be sent to the UI");
    }
    Ok(view)
}

/// Stops the demo's sandbox when the app exits (the marker stays: the next
/// start resumes the demo).
pub fn on_exit(app: &AppHandle) {
    if let Some(state) = app.try_state::<AppState>() {
        if let Some(session) = tauri::async_runtime::block_on(state.demo.lock()).take() {
            tauri::async_runtime::block_on(session.stop(&state.paths.data_dir, false));
        }
    }
}
