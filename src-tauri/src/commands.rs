//! Thin commands: each checks input with desk-core, then calls desk-store or
//! desk-sync. No business rules here.

use desk_app::policy::PolicyView;
use desk_app::session::{DatabaseProblem, SyncStatusView};
use desk_core::settings::{Language, Settings, Theme};
use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, State};

use crate::error::CommandError;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, Type)]
#[serde(tag = "status", rename_all = "camelCase")]
pub enum StartupState {
    Ready,
    DatabaseProblem { problem: DatabaseProblem },
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ResetOutcome {
    pub moved_to: String,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TokenStatus {
    pub stored: bool,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub log_dir: String,
    pub database_path: String,
}

/// Whether the database opened; the UI asks this before anything else.
#[tauri::command]
#[specta::specta]
pub fn get_startup_state(state: State<'_, AppState>) -> StartupState {
    match state.session.store() {
        Ok(_) => StartupState::Ready,
        Err(problem) => StartupState::DatabaseProblem { problem },
    }
}

/// Moves a damaged database aside (never deletes it) and starts fresh.
#[tauri::command]
#[specta::specta]
pub async fn reset_database(state: State<'_, AppState>) -> Result<ResetOutcome, CommandError> {
    let moved_to = state.session.reset_database().await?;
    state.session.store()?;
    Ok(ResetOutcome {
        moved_to: moved_to.display().to_string(),
    })
}

#[tauri::command]
#[specta::specta]
pub fn quit_app(app: AppHandle) {
    tracing::info!("quit requested from the UI");
    app.exit(0);
}

/// The organisation's policy for the store in use (the demo keeps its own server).
fn policy_in_use(state: &AppState) -> desk_app::policy::LoadedPolicy {
    let loaded = desk_app::policy::load();
    if state.session.in_demo() {
        loaded.for_demo()
    } else {
        loaded
    }
}

/// The settings in force: the stored ones with the organisation's locked values.
#[tauri::command]
#[specta::specta]
pub fn get_settings(state: State<'_, AppState>) -> Result<Settings, CommandError> {
    let policy = policy_in_use(&state);
    let store = state.session.store()?;
    Ok(desk_app::policy::effective_settings(
        &store,
        &policy.policy,
    )?)
}

/// What the organisation's policy sets (locked in Settings), and what of it was ignored.
#[tauri::command]
#[specta::specta]
pub fn get_policy(state: State<'_, AppState>) -> PolicyView {
    policy_in_use(&state).view()
}

/// Refuses changes to values set by policy, validates every field (and reads
/// the CA file), then saves.
#[tauri::command]
#[specta::specta]
pub fn save_settings(
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<Settings, CommandError> {
    let policy = policy_in_use(&state);
    let store = state.session.store()?;
    let settings = desk_app::policy::save_settings(&store, &policy.policy, settings)?;
    tracing::info!(server = ?settings.server_url, "settings saved");
    Ok(settings)
}

#[tauri::command]
#[specta::specta]
pub fn set_language(state: State<'_, AppState>, language: Language) -> Result<(), CommandError> {
    Ok(state.session.store()?.set_language(language)?)
}

#[tauri::command]
#[specta::specta]
pub fn set_theme(state: State<'_, AppState>, theme: Theme) -> Result<(), CommandError> {
    Ok(state.session.store()?.set_theme(theme)?)
}

/// Stores the API token in the OS credential store, and only there.
#[tauri::command]
#[specta::specta]
pub fn save_token(state: State<'_, AppState>, token: String) -> Result<TokenStatus, CommandError> {
    // A new token may end a "token refused" pause: the session syncs at once.
    state.session.save_token(&token)?;
    Ok(TokenStatus { stored: true })
}

#[tauri::command]
#[specta::specta]
pub fn delete_token(state: State<'_, AppState>) -> Result<TokenStatus, CommandError> {
    state.session.delete_token()?;
    Ok(TokenStatus { stored: false })
}

#[tauri::command]
#[specta::specta]
pub fn get_token_status(state: State<'_, AppState>) -> Result<TokenStatus, CommandError> {
    let stored = state.session.token_stored()?;
    Ok(TokenStatus { stored })
}

#[tauri::command]
#[specta::specta]
pub fn get_app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: state.paths.data_dir.display().to_string(),
        log_dir: state.paths.log_dir.display().to_string(),
        database_path: state.paths.database.display().to_string(),
    }
}

/// The background sync status; `null` while sync does not run (damaged database).
#[tauri::command]
#[specta::specta]
pub fn get_sync_status(state: State<'_, AppState>) -> Option<SyncStatusView> {
    state
        .session
        .sync_status()
        .as_ref()
        .map(SyncStatusView::from)
}

/// "Sync now": returns false when sync does not run.
#[tauri::command]
#[specta::specta]
pub fn sync_now(state: State<'_, AppState>) -> bool {
    state.session.trigger_sync()
}

/// The UI calls this once its first screen is drawn: logs start-to-ready time.
#[tauri::command]
#[specta::specta]
pub fn ui_ready(state: State<'_, AppState>) {
    if state.mark_ui_ready() {
        let elapsed = state.started.instant.elapsed();
        let started_ms = state
            .started
            .wall
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or_default();
        tracing::info!(
            process_start_unix_ms = started_ms as u64,
            start_to_ready_ms = elapsed.as_millis() as u64,
            "UI ready"
        );
    }
}
