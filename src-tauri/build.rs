// Declaring the app's commands makes Tauri generate one permission per
// command, so that capabilities/main-window.json can grant exactly these.
const COMMANDS: &[&str] = &[
    "get_startup_state",
    "reset_database",
    "quit_app",
    "get_settings",
    "save_settings",
    "set_language",
    "set_theme",
    "save_token",
    "delete_token",
    "get_token_status",
    "get_app_info",
    "ui_ready",
    "get_sync_status",
    "sync_now",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run the Tauri build script");
}
