//! Where the app keeps its database and logs.

use std::path::PathBuf;

use tauri::{AppHandle, Manager};

/// Overrides the data directory (tests, portable use). Logs then go to `<dir>/logs`.
pub const DATA_DIR_ENV: &str = "VRAA_DESK_DATA_DIR";

#[derive(Debug, Clone)]
pub struct AppPaths {
    pub data_dir: PathBuf,
    pub log_dir: PathBuf,
    pub database: PathBuf,
}

impl AppPaths {
    pub fn resolve(app: &AppHandle) -> Result<Self, tauri::Error> {
        let (data_dir, log_dir) = match std::env::var_os(DATA_DIR_ENV) {
            Some(dir) => {
                let dir = PathBuf::from(dir);
                (dir.clone(), dir.join("logs"))
            }
            None => (app.path().app_data_dir()?, app.path().app_log_dir()?),
        };
        let database = data_dir.join(desk_store::DATABASE_FILE_NAME);
        Ok(Self {
            data_dir,
            log_dir,
            database,
        })
    }
}
