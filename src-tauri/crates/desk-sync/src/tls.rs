//! Extra trust for the VRAA server: an optional CA certificate file chosen in
//! Settings (agencies behind a TLS-inspecting proxy need their own CA).

use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum CaFileError {
    #[error("CA certificate file {path} cannot be read: {detail}")]
    Unreadable { path: String, detail: String },
    #[error("CA certificate file {path} holds no PEM certificate: {detail}")]
    Invalid { path: String, detail: String },
}

impl CaFileError {
    /// Stable code shared with the UI's dictionary.
    pub fn code(&self) -> &'static str {
        match self {
            CaFileError::Unreadable { .. } => "caFileUnreadable",
            CaFileError::Invalid { .. } => "caFileInvalid",
        }
    }
}

/// Reads a PEM file with one or more CA certificates.
pub fn load_extra_ca(path: &Path) -> Result<Vec<reqwest::Certificate>, CaFileError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| CaFileError::Unreadable {
        path: shown.clone(),
        detail: e.to_string(),
    })?;
    let invalid = |detail: String| CaFileError::Invalid {
        path: shown.clone(),
        detail,
    };
    // reqwest accepts text without any certificate block as an empty bundle,
    // so the marker is checked first to give the user a real answer.
    if !String::from_utf8_lossy(&bytes).contains("-----BEGIN CERTIFICATE-----") {
        return Err(invalid("no BEGIN CERTIFICATE block".into()));
    }
    let certs =
        reqwest::Certificate::from_pem_bundle(&bytes).map_err(|e| invalid(e.to_string()))?;
    if certs.is_empty() {
        return Err(invalid("no certificate".into()));
    }
    Ok(certs)
}

#[cfg(test)]
mod tests {
    use super::*;

    // A real self-signed CA certificate (CN=VRAA Desk Test CA), generated for tests only.
    const TEST_CA: &str = include_str!("../tests/data/test-ca.pem");

    #[test]
    fn a_pem_ca_file_is_loaded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ca.pem");
        std::fs::write(&path, TEST_CA).unwrap();
        assert_eq!(load_extra_ca(&path).unwrap().len(), 1);
    }

    #[test]
    fn a_missing_file_is_unreadable() {
        let err = load_extra_ca(Path::new("/nonexistent/ca.pem")).unwrap_err();
        assert_eq!(err.code(), "caFileUnreadable");
    }

    #[test]
    fn a_file_without_certificates_is_invalid() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.txt");
        std::fs::write(&path, "šis nav sertifikāts").unwrap();
        assert_eq!(load_extra_ca(&path).unwrap_err().code(), "caFileInvalid");
        let broken = dir.path().join("broken.pem");
        std::fs::write(
            &broken,
            "-----BEGIN CERTIFICATE-----\n!!!notbase64!!!\n-----END CERTIFICATE-----\n",
        )
        .unwrap();
        assert_eq!(load_extra_ca(&broken).unwrap_err().code(), "caFileInvalid");
    }
}
