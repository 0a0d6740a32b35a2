//! VRAA Desk Tauri shell.
