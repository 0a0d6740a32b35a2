//! What the store-and-sync subcommands share: where the database is, which
//! server and token to use, and how their errors read on the terminal.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use clap::Args;
use desk_store::{OpenError, Store, StoreError, DATABASE_FILE_NAME};
use desk_sync::credentials::{ApiToken, TokenStore, DEFAULT_ACCOUNT};
use desk_sync::{ApiClient, ClientConfig, SyncError};

use crate::error::CliError;

/// The app's identifier; the CLI uses the same data folder as the app.
const APP_IDENTIFIER: &str = "lv.vraa.desk";
/// Environment variable that overrides the data folder (the app honours it too).
pub const DATA_DIR_ENV: &str = "VRAA_DESK_DATA_DIR";
/// Environment variable that overrides the keyring (for scripts and CI).
pub const TOKEN_ENV: &str = "VRAA_DESK_TOKEN";

#[derive(Debug, Clone, Args)]
pub struct StoreArgs {
    /// Datu mape (noklusējums: lietotnes mape) / Data folder (default: the app's folder).
    // Global: accepted before or after the subcommand, as with other clap tools.
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// VRAA servera adrese (noklusējums: no iestatījumiem) / VRAA server URL (default: from Settings).
    #[arg(long, global = true, value_name = "URL")]
    pub server: Option<String>,
}

impl StoreArgs {
    pub fn data_dir(&self) -> Result<PathBuf, CliError> {
        // Same order as the app: the option, the app's override variable, the app's folder.
        let from_env = std::env::var_os(DATA_DIR_ENV).map(PathBuf::from);
        match self.data_dir.clone().or(from_env) {
            Some(d) => Ok(d),
            None => dirs::data_dir()
                .map(|d| d.join(APP_IDENTIFIER))
                .ok_or_else(|| {
                    CliError::input(
                        "lietotnes datu mape nav zināma; norādiet --data-dir",
                        "the app's data folder is unknown; give --data-dir",
                    )
                }),
        }
    }

    /// Opens the user's database with the organisation's policy written into its
    /// settings, as the app does, so the CLI syncs with the same server and proxy.
    pub fn open(&self) -> Result<Arc<Store>, CliError> {
        let path = self.data_dir()?.join(DATABASE_FILE_NAME);
        let store = Store::open(&path).map(Arc::new).map_err(open_error)?;
        desk_app::policy::enforce_at_open(&store);
        Ok(store)
    }

    /// The server from `--server`, else from the stored settings. A server set by
    /// the organisation's policy cannot be replaced with `--server`.
    pub fn server_url(&self, store: &Store) -> Result<String, CliError> {
        if let Some(url) = &self.server {
            let policy = desk_app::policy::load().policy;
            if let Some(locked) = policy.server_url {
                let asked =
                    desk_core::settings::validate_server_url(url).unwrap_or_else(|_| url.clone());
                if asked != locked {
                    return Err(CliError::input(
                        format!("VRAA servera adresi ({locked}) ir iestatījis jūsu iestādes IT; --server to nevar mainīt"),
                        format!("the VRAA server address ({locked}) is set by your organisation; --server cannot change it"),
                    ));
                }
            }
            return Ok(url.clone());
        }
        store
            .settings()
            .map_err(store_error)?
            .server_url
            .ok_or_else(|| {
                CliError::input(
                    "nav VRAA servera adreses; norādiet --server vai iestatiet to lietotnē",
                    "no VRAA server address; give --server or set it in the app",
                )
            })
    }

    /// A client with the token from `VRAA_DESK_TOKEN` or the OS keyring.
    pub fn client(&self, store: &Store) -> Result<ApiClient, CliError> {
        let mut config = store
            .settings()
            .ok()
            .and_then(|s| ClientConfig::from_settings(&s))
            .unwrap_or_else(|| ClientConfig::new(String::new()));
        config.server_url = self.server_url(store)?;
        ApiClient::new(&config, token()?).map_err(|e| CliError::from_bilingual("", "", &e))
    }
}

pub fn token() -> Result<ApiToken, CliError> {
    if let Ok(raw) = std::env::var(TOKEN_ENV) {
        return ApiToken::new(&raw).map_err(|_| {
            CliError::input(
                format!("{TOKEN_ENV} ir tukšs"),
                format!("{TOKEN_ENV} is empty"),
            )
        });
    }
    let slot = TokenStore::new(DEFAULT_ACCOUNT).map_err(keyring_error)?;
    slot.load().map_err(keyring_error)?.ok_or_else(|| {
        CliError::input(
            format!("nav API pilnvaras; izpildiet `login` vai iestatiet {TOKEN_ENV}"),
            format!("no API token; run `login` or set {TOKEN_ENV}"),
        )
    })
}

fn keyring_error(e: desk_sync::credentials::CredentialError) -> CliError {
    CliError::failure(
        format!("OS paroļu glabātuve nav pieejama: {e}"),
        format!("the OS credential store is unavailable: {e}"),
    )
}

pub fn open_error(e: OpenError) -> CliError {
    CliError::failure(
        format!("datubāzi nevar atvērt: {e}"),
        format!("the database cannot be opened: {e}"),
    )
}

/// Store errors worded `<lv> / <en>` are the user's to fix; others are failures.
pub fn store_error(e: StoreError) -> CliError {
    match e {
        StoreError::Invalid { lv, en } => CliError::input(lv, en),
        e @ (StoreError::UnknownRequest(_)
        | StoreError::UnknownDraft(_)
        | StoreError::UnknownOutboxRow(_)) => CliError::from_bilingual("", "", &e),
        e => {
            let text = e.to_string();
            match text.split_once(" / ") {
                Some((lv, en)) => CliError::failure(lv, en),
                None => CliError::failure(
                    format!("datubāzes kļūda: {text}"),
                    format!("database error: {text}"),
                ),
            }
        }
    }
}

pub fn sync_error(e: SyncError) -> CliError {
    let text = e.to_string();
    match text.split_once(" / ") {
        Some((lv, en)) => CliError::failure(lv, en),
        None => CliError::failure(text.clone(), text),
    }
}

/// A runtime for the one async call of a command.
pub fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            CliError::failure(
                format!("nevar palaist izpildvidi: {e}"),
                format!("cannot start the runtime: {e}"),
            )
        })
}

/// `23.11.2026. 14:05` in Riga time.
pub fn riga(at: DateTime<Utc>) -> String {
    at.with_timezone(&chrono_tz::Europe::Riga)
        .format("%d.%m.%Y. %H:%M")
        .to_string()
}

/// A use case's error on the terminal: what the user can fix is bad input
/// (exit 2), the rest is a failure (exit 1).
pub fn app_error(e: desk_app::AppError) -> CliError {
    use desk_app::AppErrorCode as Code;
    match e.code {
        Code::ServerError
        | Code::Unreachable
        | Code::DemoFailed
        | Code::KeyringUnavailable
        | Code::Database => CliError::failure(e.lv, e.en),
        _ => CliError::input(e.lv, e.en),
    }
}
