//! Opening and saving attachments. VRAA's files are downloaded on demand into
//! the content-addressed blob folder; the user's own pending files are there
//! already. Every read is checked against the file's SHA-256 (a damaged or
//! tampered cached file is downloaded again where VRAA can be reached, never
//! served), every name that reaches the disk goes through
//! [`safe_file_name`], and only the attachment types of the allow-list whose
//! bytes are what their extension says are opened — anything else can only be
//! saved.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use desk_core::api::Sha256Hex;
use desk_core::attachments::{check_content, safe_file_name};
use desk_store::{OutboxAction, Store, StoreError};
use desk_sync::{download_attachment, ApiClient, CallError, RetryPolicy};

use crate::connection::call_error;
use crate::{AppError, AppErrorCode};

/// The bytes of an attachment (checked against its SHA-256) and the name the
/// user knows it by.
pub async fn attachment_content(
    store: &Arc<Store>,
    client: Option<&ApiClient>,
    request_id: &str,
    attachment_id: &str,
) -> Result<(Vec<u8>, String), AppError> {
    let not_found = || AppError::not_found("Pielikums", "Attachment", attachment_id);
    if let Some(sha) = attachment_id.strip_prefix("local:") {
        let sha = Sha256Hex::parse(sha).map_err(|_| not_found())?;
        let name = store
            .outbox()?
            .into_iter()
            .find_map(|e| match e.action {
                OutboxAction::Attach {
                    sha256, file_name, ..
                } if sha256 == sha => Some(file_name),
                _ => None,
            })
            .ok_or_else(not_found)?;
        let bytes = store.blob(&sha).map_err(blob_error)?;
        return Ok((bytes, name));
    }
    let detail = store
        .request_detail(request_id)?
        .ok_or_else(|| AppError::not_found("Pieteikums", "Request", request_id))?;
    let attachment = detail
        .attachments
        .iter()
        .find(|a| a.id == attachment_id)
        .ok_or_else(not_found)?;
    let Some(client) = client else {
        if !store.has_blob(&attachment.sha256) {
            return Err(AppError::new(
                AppErrorCode::Unreachable,
                "Šis fails vēl nav lejupielādēts, un savienojuma ar VRAA nav",
                "This file has not been downloaded yet and VRAA cannot be reached",
            ));
        }
        let bytes = store.blob(&attachment.sha256).map_err(blob_error)?;
        return Ok((bytes, attachment.file_name.clone()));
    };
    let bytes = download_attachment(store, client, attachment, &RetryPolicy::default())
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
    Ok((bytes, attachment.file_name.clone()))
}

/// A cached file that fails its hash is refused in words; other store errors
/// as usual.
fn blob_error(error: StoreError) -> AppError {
    match error {
        StoreError::BlobDamaged { .. } => AppError::new(
            AppErrorCode::FileUnreadable,
            "Šī pielikuma saglabātā kopija šajā datorā ir bojāta vai mainīta, tāpēc tā netiek rādīta; kad būs savienojums ar VRAA, to lejupielādēs no jauna",
            "The copy of this attachment on this computer is damaged or was changed, so it is not used; it is downloaded again when VRAA can be reached",
        )
        .detail(error),
        other => other.into(),
    }
}

/// Writes a fresh read-only copy to open, under its safe name, in a new
/// folder of its own inside the app's folder for opened files — so a second
/// Open never overwrites what the user may have saved into the first copy.
/// Refused ([`AppErrorCode::OpenRefused`]) unless the type is on the
/// attachment allow-list and the bytes are of that type.
pub fn copy_for_opening(
    open_dir: &Path,
    bytes: &[u8],
    file_name: &str,
) -> Result<PathBuf, AppError> {
    let name = safe_file_name(file_name);
    check_content(&name, bytes).map_err(|problem| {
        AppError::new(AppErrorCode::OpenRefused, problem.lv(), problem.en()).detail(&problem)
    })?;
    let folder = fresh_folder(open_dir)?;
    let target = folder.join(&name);
    write_new(&target, bytes)?;
    let mut permissions = std::fs::metadata(&target)
        .map_err(|e| write_error(&target, &e))?
        .permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&target, permissions).map_err(|e| write_error(&target, &e))?;
    Ok(target)
}

/// A new, empty folder under `open_dir`, named by the time and a random part.
fn fresh_folder(open_dir: &Path) -> Result<PathBuf, AppError> {
    std::fs::create_dir_all(open_dir).map_err(|e| write_error(open_dir, &e))?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
    for _ in 0..8 {
        let random = uuid::Uuid::new_v4().simple().to_string();
        let folder = open_dir.join(format!("{stamp}-{}", &random[..8]));
        match std::fs::create_dir(&folder) {
            Ok(()) => return Ok(folder),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(write_error(&folder, &e)),
        }
    }
    Err(write_error(
        open_dir,
        &std::io::Error::new(std::io::ErrorKind::AlreadyExists, "no free folder name"),
    ))
}

fn write_new(target: &Path, bytes: &[u8]) -> Result<(), AppError> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(target)
        .map_err(|e| write_error(target, &e))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| write_error(target, &e))
}

/// Saves a copy where the user chose; the name part is made safe too (it may
/// be the server's name, suggested by the save dialog). Gives the path written.
pub fn save_copy(bytes: &[u8], target: &Path) -> Result<PathBuf, AppError> {
    let name = target
        .file_name()
        .map(|n| safe_file_name(&n.to_string_lossy()))
        .unwrap_or_else(|| safe_file_name(""));
    let target = match target.parent() {
        Some(parent) => parent.join(name),
        None => PathBuf::from(name),
    };
    std::fs::write(&target, bytes).map_err(|e| write_error(&target, &e))?;
    Ok(target)
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
    use super::*;

    #[test]
    fn names_cannot_climb_out_of_the_folder() {
        assert_eq!(safe_file_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_file_name("līgums 2026.pdf"), "līgums 2026.pdf");
        assert_eq!(safe_file_name(".."), "pielikums");
        assert_eq!(safe_file_name("a:b?.txt"), "a_b_.txt");
    }
}
