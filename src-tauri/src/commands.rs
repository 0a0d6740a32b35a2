//! Thin commands: each checks input with desk-core, then calls desk-store or
//! desk-sync. No business rules here.

use std::path::Path;

use desk_core::settings::{Language, Settings, Theme};
use desk_sync::credentials::{ApiToken, TokenStore, DEFAULT_ACCOUNT};
use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, State};

use crate::error::CommandError;
use crate::state::{AppState, DatabaseProblem};
use crate::sync::SyncStatusView;

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
    match state.database() {
        Ok(_) => StartupState::Ready,
        Err(problem) => StartupState::DatabaseProblem { problem },
    }
}

/// Moves a damaged database aside (never deletes it) and starts fresh.
#[tauri::command]
#[specta::specta]
pub fn reset_database(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<ResetOutcome, CommandError> {
    if let Err(problem) = state.real_database() {
        if !problem.kind.offers_reset() {
            // A locked or unreadable file is not damaged: moving it aside would
            // hide the user's data behind a fresh, empty database.
            return Err(CommandError {
                code: crate::error::ErrorCode::Database,
                field: None,
                message: Some(desk_app::Localized::new(
                    "Datubāzes fails nav bojāts, tāpēc tas netiek pārvietots malā: aizveriet programmu, kas to tur, un palaidiet VRAA Desk vēlreiz",
                    "The database file is not damaged, so it is not moved aside: close the program that holds it and start VRAA Desk again",
                )),
                detail: Some(problem.detail),
            });
        }
    }
    let moved_to = state.reset_database()?;
    state.database()?;
    crate::start_sync(&app);
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

#[tauri::command]
#[specta::specta]
pub fn get_settings(state: State<'_, AppState>) -> Result<Settings, CommandError> {
    Ok(state.database()?.settings()?)
}

/// Validates every field (and reads the CA file) before saving anything.
#[tauri::command]
#[specta::specta]
pub fn save_settings(
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<Settings, CommandError> {
    let settings = settings.validated()?;
    if let Some(path) = &settings.ca_cert_path {
        desk_sync::tls::load_extra_ca(Path::new(path))?;
    }
    let store = state.database()?;
    store.save_settings(&settings)?;
    tracing::info!(server = ?settings.server_url, "settings saved");
    Ok(settings)
}

#[tauri::command]
#[specta::specta]
pub fn set_language(state: State<'_, AppState>, language: Language) -> Result<(), CommandError> {
    Ok(state.database()?.set_language(language)?)
}

#[tauri::command]
#[specta::specta]
pub fn set_theme(state: State<'_, AppState>, theme: Theme) -> Result<(), CommandError> {
    Ok(state.database()?.set_theme(theme)?)
}

/// Stores the API token in the OS credential store, and only there.
#[tauri::command]
#[specta::specta]
pub fn save_token(state: State<'_, AppState>, token: String) -> Result<TokenStatus, CommandError> {
    let token = ApiToken::new(&token)?;
    TokenStore::new(DEFAULT_ACCOUNT)?.save(&token)?;
    // A new token may end a "token refused" pause: sync at once.
    state.trigger_sync();
    Ok(TokenStatus { stored: true })
}

#[tauri::command]
#[specta::specta]
pub fn delete_token() -> Result<TokenStatus, CommandError> {
    TokenStore::new(DEFAULT_ACCOUNT)?.delete()?;
    Ok(TokenStatus { stored: false })
}

#[tauri::command]
#[specta::specta]
pub fn get_token_status() -> Result<TokenStatus, CommandError> {
    let stored = TokenStore::new(DEFAULT_ACCOUNT)?.load()?.is_some();
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
    state.sync_status().as_ref().map(SyncStatusView::from)
}

/// "Sync now": returns false when sync does not run.
#[tauri::command]
#[specta::specta]
pub fn sync_now(state: State<'_, AppState>) -> bool {
    state.trigger_sync()
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
