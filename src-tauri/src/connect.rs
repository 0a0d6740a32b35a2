//! First start and the connection: connect to a VRAA server (checked with
//! `/v1/me` before saving), try the demo, leave it.

use desk_app::connection::ConnectionView;
use tauri::{AppHandle, State};

use crate::error::CommandError;
use crate::session;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub fn get_connection(state: State<'_, AppState>) -> Result<ConnectionView, CommandError> {
    Ok(session::view(&state)?)
}

/// Checks the address and token with VRAA, then saves both (token in the OS
/// keyring only) and syncs. Leaves the demo first if it runs.
#[tauri::command]
#[specta::specta]
pub async fn connect(
    app: AppHandle,
    state: State<'_, AppState>,
    server_url: String,
    token: String,
) -> Result<ConnectionView, CommandError> {
    if state.demo_store().is_some() {
        session::leave_demo(&app, &state).await?;
    }
    let store = state.real_database()?;
    let tokens = desk_sync::credentials::TokenStore::new(desk_sync::credentials::DEFAULT_ACCOUNT)?;
    let me = desk_app::connection::connect(&store, &tokens, &server_url, &token).await?;
    tracing::info!(server = %server_url, institution = %me.institution.name, "connected to VRAA");
    *state.me.lock().unwrap_or_else(|p| p.into_inner()) = Some(me);
    state.trigger_sync();
    Ok(session::announce(&app, &state)?)
}

#[tauri::command]
#[specta::specta]
pub async fn start_demo(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<ConnectionView, CommandError> {
    Ok(session::enter_demo(&app, &state).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn leave_demo(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<ConnectionView, CommandError> {
    Ok(session::leave_demo(&app, &state).await?)
}
