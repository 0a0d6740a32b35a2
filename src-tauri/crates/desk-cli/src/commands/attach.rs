//! `attach REF FILE`: copy the file into the content-addressed folder and
//! queue its upload (works offline).

use std::path::PathBuf;

use clap::Args;
use desk_store::OutboxAction;

use super::local::{app_error, store_error, StoreArgs};
use super::requests::queued_message;
use crate::error::CliError;

#[derive(Debug, Args)]
pub struct AttachArgs {
    /// Atsauce, id vai lokālais id / Reference, id or local id.
    pub reference: String,
    pub file: PathBuf,
}

pub fn run(store_args: &StoreArgs, args: AttachArgs) -> Result<String, CliError> {
    // The app's own check: the same allow-list, size limit and content sniffing.
    let path = args.file.display().to_string();
    let check = desk_app::detail::check_attachments(std::slice::from_ref(&path))
        .into_iter()
        .next()
        .ok_or_else(|| CliError::failure("fails nav pārbaudīts", "the file was not checked"))?;
    if let Some(problem) = &check.problem {
        return Err(CliError::input(
            format!("{path}: {}", problem.lv),
            format!("{path}: {}", problem.en),
        ));
    }
    let store = store_args.open()?;
    let prepared = desk_app::detail::prepare_attachment(&store, &check).map_err(app_error)?;
    let action = OutboxAction::Attach {
        sha256: prepared.sha256,
        file_name: prepared.file_name,
        content_type: prepared.content_type,
        size: prepared.size,
    };
    let entry = store
        .queue_action(&args.reference, &action)
        .map_err(store_error)?;
    Ok(queued_message(entry.seq, &entry.request_key, &entry.action))
}
