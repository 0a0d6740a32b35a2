//! `sync`: push the outbox, pull VRAA's changes, once.

use clap::Args;
use desk_sync::{sync_once, SyncOptions};

use super::local::{runtime, store_error, sync_error, StoreArgs};
use crate::error::CliError;

#[derive(Debug, Args)]
pub struct SyncArgs {
    #[arg(long)]
    pub json: bool,
}

pub fn run(store_args: &StoreArgs, args: SyncArgs) -> Result<String, CliError> {
    let store = store_args.open()?;
    let client = store_args.client(&store)?;
    let report = runtime()?
        .block_on(sync_once(&store, &client, &SyncOptions::default()))
        .map_err(sync_error)?;
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
