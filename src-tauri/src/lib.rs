//! The Tauri shell of VRAA Desk: window, plugins, state and thin commands.
//! Everything with business meaning lives in the crates under `crates/`.

mod commands;
mod connect;
mod error;
mod events;
pub mod ipc;
mod logging;
mod paths;
mod state;
mod work;

use std::sync::Arc;

use tauri::Manager;

pub use state::StartInstant;

/// Label of the one main window.
const MAIN_WINDOW: &str = "main";

/// Builds and runs the app until the last window closes.
pub fn run(started: StartInstant) {
    let specta = ipc::builder();
    let result = tauri::Builder::default()
        // Must come first: a second launch hands over to the running app and exits.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            focus_main_window(app);
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            let paths = paths::AppPaths::resolve(app.handle())?;
            let log_guard = logging::init(&paths.log_dir)?;
            tracing::info!(version = env!("CARGO_PKG_VERSION"), data_dir = %paths.data_dir.display(), "VRAA Desk starting");
            specta.mount_events(app);
            let session = desk_app::session::Session::open(desk_app::session::SessionConfig {
                data_dir: paths.data_dir.clone(),
                database: paths.database.clone(),
                tokens: Arc::new(desk_app::session::KeyringVault::new(
                    desk_sync::credentials::DEFAULT_ACCOUNT,
                )),
                mail_password: Arc::new(desk_app::session::KeyringVault::new(
                    desk_app::session::MAIL_PASSWORD_ACCOUNT,
                )),
                mail_oauth: Arc::new(desk_app::session::KeyringVault::new(
                    desk_app::session::MAIL_OAUTH_ACCOUNT,
                )),
                demo: Some(Arc::new(desk_demo::SandboxDemo)),
                events: Arc::new(events::WindowEvents(app.handle().clone())),
                sync: desk_sync::SyncOptions::default(),
            });
            app.manage(state::AppState::new(paths, started, Arc::clone(&session), Some(log_guard)));
            // Resumes the demo or starts sync on the user's database; a
            // damaged file leaves the app showing the problem (sync starts
            // after the reset).
            tauri::async_runtime::block_on(session.start());
            Ok(())
        })
        .build(tauri::generate_context!())
        .map(|app| {
            app.run(|handle, event| {
                if let tauri::RunEvent::Exit = event {
                    // Stops the demo's server (the next start resumes the demo).
                    let state = handle.state::<state::AppState>();
                    tauri::async_runtime::block_on(state.session.shutdown());
                }
            })
        });
    if let Err(error) = result {
        // No window is left to show this in; stderr and the log are all we have.
        tracing::error!(%error, "VRAA Desk stopped with an error");
        eprintln!("VRAA Desk: {error}");
        std::process::exit(1);
    }
}

fn focus_main_window(app: &tauri::AppHandle) {
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        // Errors here only mean the window manager ignored us; nothing to recover.
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}
