// Declaring the app's commands makes Tauri generate one permission per
// command, so that capabilities/main-window.json can grant exactly these.
const COMMANDS: &[&str] = &[
    "get_startup_state",
    "reset_database",
    "quit_app",
    "get_settings",
    "save_settings",
    "get_policy",
    "set_language",
    "set_theme",
    "save_token",
    "delete_token",
    "get_token_status",
    "get_app_info",
    "ui_ready",
    "get_sync_status",
    "sync_now",
    "get_connection",
    "connect",
    "start_demo",
    "leave_demo",
    "get_catalogue",
    "list_requests",
    "export_requests_csv",
    "list_saved_filters",
    "save_filter",
    "delete_saved_filter",
    "get_request",
    "mark_request_read",
    "queue_action",
    "attach_files",
    "check_attachments",
    "open_attachment",
    "save_attachment",
    "save_draft",
    "list_drafts",
    "get_draft",
    "delete_draft",
    "validate_request",
    "submit_draft",
    "list_outbox",
    "retry_outbox",
    "discard_outbox",
    "fix_outbox_request",
    "preview_licence_csv",
    "queue_licence_csv",
    "get_overview",
    "get_contract_report",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run the Tauri build script");
}
