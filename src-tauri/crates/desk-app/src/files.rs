//! Opening and saving attachments: VRAA's files are downloaded on demand into
//! the content-addressed blob folder; the user's own pending files are there
//! already.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use desk_store::{OutboxAction, Store};
use desk_sync::{download_attachment, ApiClient, CallError, RetryPolicy};

use crate::connection::call_error;
use desk_core::attachments::safe_file_name as safe_name;

use crate::{AppError, AppErrorCode};

/// The local file (in the blob folder) and the name the user knows it by.
pub async fn attachment_blob(
    store: &Arc<Store>,
    client: Option<&ApiClient>,
    request_id: &str,
    attachment_id: &str,
) -> Result<(PathBuf, String), AppError> {
    if let Some(sha) = attachment_id.strip_prefix("local:") {
        let name = store
            .outbox()?
            .into_iter()
            .find_map(|e| match e.action {
                OutboxAction::Attach {
                    sha256, file_name, ..
                } if sha256 == sha => Some(file_name),
                _ => None,
            })
            .ok_or_else(|| AppError::not_found("Pielikums", "Attachment", attachment_id))?;
        return Ok((store.blob_path(sha), name));
    }
    let detail = store
        .request_detail(request_id)?
        .ok_or_else(|| AppError::not_found("Pieteikums", "Request", request_id))?;
    let attachment = detail
        .attachments
        .iter()
        .find(|a| a.id == attachment_id)
        .ok_or_else(|| AppError::not_found("Pielikums", "Attachment", attachment_id))?;
    let cached = store.blob_path(&attachment.sha256);
    if cached.exists() {
        return Ok((cached, attachment.file_name.clone()));
    }
    let client = client.ok_or_else(|| {
        AppError::new(
            AppErrorCode::Unreachable,
            "Šis fails vēl nav lejupielādēts, un savienojuma ar VRAA nav",
            "This file has not been downloaded yet and VRAA cannot be reached",
        )
    })?;
    let path = download_attachment(store, client, attachment, &RetryPolicy::default())
        .await
        .map_err(|e| match e {
            desk_sync::SyncError::Offline(_) => call_error(&CallError::Unreachable(String::new())),
            desk_sync::SyncError::Unauthorized => call_error(&CallError::Unauthorized),
            other => AppError::new(
                AppErrorCode::ServerError,
                "Failu neizdevās lejupielādēt",
                "The file could not be downloaded",
            )
            .detail(other),
        })?;
    Ok((path, attachment.file_name.clone()))
}

/// A copy under its real name (so the OS picks the right program), in the
/// app's own folder for opened files.
pub fn copy_for_opening(
    open_dir: &Path,
    blob: &Path,
    attachment_id: &str,
    file_name: &str,
) -> Result<PathBuf, AppError> {
    let folder = open_dir.join(safe_name(attachment_id));
    std::fs::create_dir_all(&folder).map_err(|e| write_error(&folder, &e))?;
    let target = folder.join(safe_name(file_name));
    std::fs::copy(blob, &target).map_err(|e| write_error(&target, &e))?;
    Ok(target)
}

/// Saves a copy where the user chose.
pub fn save_copy(blob: &Path, target: &Path) -> Result<(), AppError> {
    std::fs::copy(blob, target)
        .map(|_| ())
        .map_err(|e| write_error(target, &e))
}

fn write_error(path: &Path, error: &std::io::Error) -> AppError {
    AppError::new(
        AppErrorCode::FileUnreadable,
        format!("Failu {} nevar ierakstīt", path.display()),
        format!("The file {} cannot be written", path.display()),
    )
    .detail(error)
}

#[cfg(test)]
mod tests {
    use desk_core::attachments::safe_file_name as safe_name;

    #[test]
    fn names_cannot_climb_out_of_the_folder() {
        assert_eq!(safe_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_name("līgums 2026.pdf"), "līgums 2026.pdf");
        assert_eq!(safe_name(".."), "pielikums");
        assert_eq!(safe_name("a:b?.txt"), "a_b_.txt");
    }
}
