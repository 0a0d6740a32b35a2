//! Attachment bytes in a content-addressed folder beside the database:
//! `blobs/<first two hex digits>/<sha256>`. Writing the same content twice is
//! harmless, and a file is complete or absent (written to a temporary name,
//! then renamed).

use std::io::Write;
use std::path::PathBuf;

use sha2::{Digest, Sha256};

use crate::error::StoreError;
use crate::Store;

/// VRAA's limit for one file (one rule, in desk-core, shared with the sandbox).
pub use desk_core::attachments::MAX_ATTACHMENT_BYTES;

impl Store {
    /// Stores bytes and returns their lower-case hex SHA-256.
    pub fn put_blob(&self, bytes: &[u8]) -> Result<String, StoreError> {
        if bytes.len() > MAX_ATTACHMENT_BYTES {
            return Err(StoreError::invalid(
                "pielikums ir lielāks par 10 MiB",
                "the attachment is larger than 10 MiB",
            ));
        }
        let sha = hex::encode(Sha256::digest(bytes));
        let path = self.blob_path(&sha);
        if path.exists() {
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

    /// The bytes stored under `sha256`.
    pub fn blob(&self, sha256: &str) -> Result<Vec<u8>, StoreError> {
        let path = self.blob_path(sha256);
        std::fs::read(&path).map_err(|e| StoreError::Blob {
            path: path.display().to_string(),
            detail: e.to_string(),
        })
    }

    pub fn blob_path(&self, sha256: &str) -> PathBuf {
        let prefix: String = sha256.chars().take(2).collect();
        self.data_dir().join("blobs").join(prefix).join(sha256)
    }
}
