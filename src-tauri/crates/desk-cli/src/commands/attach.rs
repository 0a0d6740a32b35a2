//! `attach REF FILE`: copy the file into the content-addressed folder and
//! queue its upload (works offline).

use std::path::PathBuf;

use clap::Args;
use desk_store::{OutboxAction, MAX_ATTACHMENT_BYTES};

use super::local::{store_error, StoreArgs};
use super::requests::queued_message;
use crate::error::CliError;

#[derive(Debug, Args)]
pub struct AttachArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// Atsauce, id vai lokālais id / Reference, id or local id.
    pub reference: String,
    pub file: PathBuf,
}

/// The media types VRAA accepts, by file extension.
fn media_type(file: &std::path::Path) -> Option<&'static str> {
    let ext = file.extension()?.to_str()?.to_lowercase();
    Some(match ext.as_str() {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "txt" | "log" => "text/plain",
        "csv" => "text/csv",
        "zip" => "application/zip",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "edoc" | "asice" => "application/vnd.etsi.asic-e+zip",
        "eml" => "message/rfc822",
        _ => return None,
    })
}

pub fn run(args: AttachArgs) -> Result<String, CliError> {
    let shown = args.file.display().to_string();
    let content_type = media_type(&args.file).ok_or_else(|| {
        CliError::input(
            format!("{shown}: VRAA pieņem PDF, PNG, JPEG, TXT, CSV, ZIP, DOCX, XLSX, EDOC, EML"),
            format!("{shown}: VRAA accepts PDF, PNG, JPEG, TXT, CSV, ZIP, DOCX, XLSX, EDOC, EML"),
        )
    })?;
    let bytes = std::fs::read(&args.file).map_err(|e| {
        CliError::input(
            format!("nevar nolasīt {shown}: {e}"),
            format!("cannot read {shown}: {e}"),
        )
    })?;
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(CliError::input(
            format!("{shown} ir lielāks par 10 MiB"),
            format!("{shown} is larger than 10 MiB"),
        ));
    }
    let file_name = args
        .file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("pielikums")
        .to_owned();
    let store = args.store.open()?;
    let sha256 = store.put_blob(&bytes).map_err(store_error)?;
    let action = OutboxAction::Attach {
        sha256,
        file_name,
        content_type: content_type.to_owned(),
        size: bytes.len() as u64,
    };
    let entry = store
        .queue_action(&args.reference, &action)
        .map_err(store_error)?;
    Ok(queued_message(entry.seq, &entry.request_key, &entry.action))
}
