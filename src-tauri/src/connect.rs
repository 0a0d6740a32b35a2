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

/// Starts "Sign in with Microsoft" for the e-mail form as it is and opens
/// the sign-in page in the system browser (never inside the app). With
/// `deviceCode`, gives a code to type on another device instead.
#[tauri::command]
#[specta::specta]
pub async fn start_microsoft_sign_in(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    settings: MailSettings,
    device_code: bool,
) -> Result<desk_app::session::SignInStarted, CommandError> {
    use tauri_plugin_opener::OpenerExt;
    let started = state
        .session
        .start_microsoft_sign_in(settings, device_code)
        .await?;
    if let Some(url) = started.page() {
        // A browser that does not open is not fatal: the UI shows the link.
        if let Err(error) = app.opener().open_url(url, None::<&str>) {
            tracing::warn!(%error, "the system browser could not be opened for the sign-in");
        }
    }
    Ok(started)
}

/// Waits for the sign-in started last, checks both mail servers with it,
/// then saves (tokens in the OS keyring only) and syncs by mail.
#[tauri::command]
#[specta::specta]
pub async fn finish_microsoft_sign_in(
    state: State<'_, AppState>,
    switch_confirmed: bool,
) -> Result<ConnectionView, CommandError> {
    Ok(state
        .session
        .finish_microsoft_sign_in(switch_confirmed)
        .await?)
}

/// Opens the page of the sign-in that waits in the system browser again (the
/// waiting panel's link: the webview itself never navigates to it).
#[tauri::command]
#[specta::specta]
pub fn open_sign_in_page(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<(), CommandError> {
    use tauri_plugin_opener::OpenerExt;
    let page = state.session.sign_in_page()?;
    app.opener()
        .open_url(page, None::<&str>)
        .map_err(|e| CommandError::internal(&e))
}

/// Stops the sign-in in progress.
#[tauri::command]
#[specta::specta]
pub fn cancel_microsoft_sign_in(state: State<'_, AppState>) {
    state.session.cancel_microsoft_sign_in();
}
