//! `comment REF TEXT`: queue a public comment (works offline).

use clap::Args;
use desk_store::OutboxAction;

use super::local::{store_error, StoreArgs};
use super::requests::queued_message;
use crate::error::CliError;

#[derive(Debug, Args)]
pub struct CommentArgs {
    /// Atsauce, id vai lokālais id / Reference, id or local id.
    pub reference: String,
    pub text: String,
}

pub fn run(store_args: &StoreArgs, args: CommentArgs) -> Result<String, CliError> {
    let store = store_args.open()?;
    let action = OutboxAction::Comment { body: args.text };
    let entry = store
        .queue_action(&args.reference, &action)
        .map_err(store_error)?;
    Ok(queued_message(entry.seq, &entry.request_key, &entry.action))
}
