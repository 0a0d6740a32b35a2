//! `sync`: push the outbox, pull VRAA's changes, once.

use clap::Args;
use std::sync::Arc;

use desk_mail::MailConnector;
use desk_sync::credentials::ApiToken;
use desk_sync::{sync_once, Connector, SyncOptions, TokenSource};

use super::local::{runtime, store_error, sync_error, StoreArgs};
use crate::error::CliError;

#[derive(Debug, Args)]
pub struct SyncArgs {
    #[arg(long)]
    pub json: bool,
}

/// The mailbox password of an e-mail connection, for scripts.
pub const MAIL_PASSWORD_ENV: &str = "VRAA_DESK_MAIL_PASSWORD";

pub fn run(store_args: &StoreArgs, args: SyncArgs) -> Result<String, CliError> {
    let store = store_args.open()?;
    // A database of an e-mail connection syncs through the mailbox, as the app does.
    let by_mail = store.mail_settings().map_err(store_error)?.is_some();
    let report = if by_mail {
        let password: Arc<dyn TokenSource> = match std::env::var(MAIL_PASSWORD_ENV) {
            Ok(raw) => Arc::new(ApiToken::new(&raw).map_err(|_| {
                CliError::input(
                    format!("{MAIL_PASSWORD_ENV} ir tukšs"),
                    format!("{MAIL_PASSWORD_ENV} is empty"),
                )
            })?),
            Err(_) => Arc::new(desk_app::session::KeyringVault::new(
                desk_app::session::MAIL_PASSWORD_ACCOUNT,
            )),
        };
        let settings = store.settings().map_err(store_error)?;
        // A Microsoft sign-in is the app's (it needs the browser); the CLI
        // uses and renews the tokens the app keeps.
        let secrets = desk_mail::MailSecrets {
            password,
            microsoft: Arc::new(desk_app::session::VaultKeeper(Arc::new(
                desk_app::session::KeyringVault::new(desk_app::session::MAIL_OAUTH_ACCOUNT),
            ))),
        };
        let transport = MailConnector::new(Arc::clone(&store), secrets)
            .connect(&settings)
            .map_err(sync_error)?;
        runtime()?
            .block_on(sync_once(&store, &transport, &SyncOptions::default()))
            .map_err(sync_error)?
    } else {
        let client = store_args.client(&store)?;
        runtime()?
            .block_on(sync_once(&store, &client, &SyncOptions::default()))
            .map_err(sync_error)?
    };
    if args.json {
        return super::to_json(&report);
    }
    let (pending, parked) = store.outbox_counts().map_err(store_error)?;
    Ok(format!(
        "Nosūtīti {}, atlikti {}, saņemtas {} izmaiņas; izsūtnē vēl {pending}, gaida lietotāju {parked} / \
         Sent {}, parked {}, received {} changes; still queued {pending}, waiting for the user {parked}",
        report.pushed, report.parked, report.changes, report.pushed, report.parked, report.changes
    ))
}
