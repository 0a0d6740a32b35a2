//! `login`: check a token against the server and keep it in the OS keyring
//! (the same slot the app uses), and remember the server in Settings.

use std::io::BufRead;

use clap::Args;
use desk_sync::credentials::{ApiToken, TokenStore, DEFAULT_ACCOUNT};
use desk_sync::{ApiClient, ClientConfig};

use super::local::{runtime, store_error, StoreArgs, TOKEN_ENV};
use crate::error::CliError;

#[derive(Debug, Args)]
pub struct LoginArgs {}

pub fn run(store_args: &StoreArgs, _args: LoginArgs) -> Result<String, CliError> {
    let store = store_args.open()?;
    let server = store_args.server_url(&store)?;
    let raw = match std::env::var(TOKEN_ENV) {
        Ok(t) => t,
        Err(_) => {
            eprintln!("API pilnvara / API token:");
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line).map_err(|e| {
                CliError::input(
                    format!("nevar nolasīt pilnvaru: {e}"),
                    format!("cannot read the token: {e}"),
                )
            })?;
            line
        }
    };
    let token = ApiToken::new(&raw)
        .map_err(|_| CliError::input("pilnvara ir tukša", "the token is empty"))?;
    let mut settings = store.settings().map_err(store_error)?;
    let mut config =
        ClientConfig::from_settings(&settings).unwrap_or_else(|| ClientConfig::new(server.clone()));
    config.server_url = server.clone();
    let client =
        ApiClient::new(&config, token.clone()).map_err(|e| CliError::from_bilingual("", "", &e))?;
    let me = runtime()?
        .block_on(client.me())
        .map_err(|e| CliError::from_bilingual("", "", &e))?;
    TokenStore::new(DEFAULT_ACCOUNT)
        .and_then(|slot| slot.save(&token))
        .map_err(|e| {
            CliError::failure(
                format!("pilnvaru nevar saglabāt OS paroļu glabātuvē: {e}"),
                format!("the token cannot be saved in the OS credential store: {e}"),
            )
        })?;
    settings.server_url = Some(server);
    store.save_settings(&settings).map_err(store_error)?;
    Ok(format!(
        "Pieteicies kā {} ({}) / Logged in as {} ({})",
        me.person.name, me.institution.short_name, me.person.name, me.institution.short_name
    ))
}
