//! First start and the connection: connect to a VRAA server (checked with
//! `/v1/me` before saving), try the demo, leave it.

use desk_app::connection::ConnectionView;
use desk_core::mail::MailSettings;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub fn get_connection(state: State<'_, AppState>) -> Result<ConnectionView, CommandError> {
    Ok(state.session.view()?)
}

/// Checks the address and token with VRAA, then saves both (token in the OS
/// keyring only) and syncs. Leaves the demo first if it runs. Switching to
/// another server or institution while rows are queued needs `switchConfirmed`.
#[tauri::command]
#[specta::specta]
pub async fn connect(
    state: State<'_, AppState>,
    server_url: String,
    token: String,
    switch_confirmed: bool,
) -> Result<ConnectionView, CommandError> {
    Ok(state
        .session
        .connect(&server_url, &token, switch_confirmed)
        .await?)
}

/// Checks the e-mail settings against both mail servers (IMAP and SMTP),
/// then saves them (the password in the OS keyring only) and syncs by mail.
#[tauri::command]
#[specta::specta]
pub async fn connect_mail(
    state: State<'_, AppState>,
    settings: MailSettings,
    password: String,
    switch_confirmed: bool,
) -> Result<ConnectionView, CommandError> {
    Ok(state
        .session
        .connect_mail(settings, &password, switch_confirmed)
        .await?)
}

#[tauri::command]
#[specta::specta]
pub async fn start_demo(state: State<'_, AppState>) -> Result<ConnectionView, CommandError> {
    Ok(state.session.enter_demo().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn leave_demo(state: State<'_, AppState>) -> Result<ConnectionView, CommandError> {
    Ok(state.session.leave_demo().await?)
}
