//! Attachment bytes in a content-addressed folder beside the database:
//! `blobs/<first two hex digits>/<sha256>`. Writing the same content twice is
//! harmless, and a file is complete or absent (written to a temporary name,
//! then renamed). Only a [`Sha256Hex`] names a file here, and every read
//! checks the bytes against it: a damaged or tampered file is an error
//! ([`StoreError::BlobDamaged`]), never served.

use std::io::Write;
use std::path::PathBuf;

use sha2::{Digest, Sha256};

use desk_core::api::Sha256Hex;

use crate::error::StoreError;
use crate::Store;

/// VRAA's limit for one file (one rule, in desk-core, shared with the sandbox).
pub use desk_core::attachments::MAX_ATTACHMENT_BYTES;

impl Store {
    /// Stores bytes and returns their lower-case hex SHA-256.
    pub fn put_blob(&self, bytes: &[u8]) -> Result<Sha256Hex, StoreError> {
        if bytes.len() > MAX_ATTACHMENT_BYTES {
            return Err(StoreError::invalid(
                "pielikums ir lielāks par 10 MiB",
                "the attachment is larger than 10 MiB",
            ));
        }
        let sha = digest(bytes);
        let path = self.blob_path(&sha);
        if path.exists() && self.blob(&sha).is_ok() {
            return Ok(sha);
        }
        let fail = |e: std::io::Error| StoreError::Blob {
            path: path.display().to_string(),
            detail: e.to_string(),
        };
        let dir = path.parent().map(PathBuf::from).unwrap_or_default();
        std::fs::create_dir_all(&dir).map_err(fail)?;
        let tmp = dir.join(format!("{sha}.{}.tmp", uuid::Uuid::new_v4()));
        let mut file = std::fs::File::create(&tmp).map_err(fail)?;
        file.write_all(bytes).map_err(fail)?;
        file.sync_all().map_err(fail)?;
        std::fs::rename(&tmp, &path).map_err(fail)?;
        Ok(sha)
    }

    /// The bytes stored under `sha256`, checked against it.
    pub fn blob(&self, sha256: &Sha256Hex) -> Result<Vec<u8>, StoreError> {
        let path = self.blob_path(sha256);
        let bytes = std::fs::read(&path).map_err(|e| StoreError::Blob {
            path: path.display().to_string(),
            detail: e.to_string(),
        })?;
        if digest(&bytes) != *sha256 {
            return Err(StoreError::BlobDamaged {
                sha256: sha256.to_string(),
                path: path.display().to_string(),
            });
        }
        Ok(bytes)
    }

    /// Whether the blob folder has a file for `sha256` (not checked: read it
    /// with [`Store::blob`]).
    pub fn has_blob(&self, sha256: &Sha256Hex) -> bool {
        self.blob_path(sha256).is_file()
    }

    /// Removes the file stored under `sha256`, e.g. a damaged one before it is
    /// downloaded again.
    pub fn remove_blob(&self, sha256: &Sha256Hex) -> Result<(), StoreError> {
        let path = self.blob_path(sha256);
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(StoreError::Blob {
                path: path.display().to_string(),
                detail: e.to_string(),
            }),
        }
    }

    /// `blobs/<first two hex digits>/<sha256>`: a valid hash has no path
    /// separator or dot, so this stays inside the blob folder.
    pub fn blob_path(&self, sha256: &Sha256Hex) -> PathBuf {
        let hex = sha256.as_str();
        self.data_dir().join("blobs").join(&hex[..2]).join(hex)
    }
}

fn digest(bytes: &[u8]) -> Sha256Hex {
    Sha256Hex::from_digest(Sha256::digest(bytes).into())
}
