//! TLS for IMAP (tokio-rustls) and SMTP (lettre's rustls): the system's
//! trusted roots plus the CA file from Settings (agencies with their own CA).

use std::path::Path;
use std::sync::Arc;

use tokio_rustls::rustls::pki_types::CertificateDer;
use tokio_rustls::rustls::{ClientConfig, RootCertStore};

use crate::error::MailError;

/// The CA file from Settings, read once per run, for both protocols.
#[derive(Debug, Clone, Default)]
pub struct TrustedRoots {
    pub(crate) path: String,
    pub(crate) pem: Option<Vec<u8>>,
    der: Vec<CertificateDer<'static>>,
}

impl TrustedRoots {
    /// The system's roots, plus the PEM certificates of `path` when given.
    pub fn load(path: Option<&Path>) -> Result<Self, MailError> {
        let Some(path) = path else {
            return Ok(TrustedRoots::default());
        };
        let shown = path.display().to_string();
        let ca_error = |detail: String| MailError::CaFile {
            path: shown.clone(),
            detail,
        };
        let bytes = std::fs::read(path).map_err(|e| ca_error(e.to_string()))?;
        let der: Vec<CertificateDer<'static>> = rustls_pemfile::certs(&mut bytes.as_slice())
            .collect::<Result<_, _>>()
            .map_err(|e| ca_error(e.to_string()))?;
        if der.is_empty() {
            return Err(ca_error("no PEM certificate in the file".into()));
        }
        Ok(TrustedRoots {
            path: shown,
            pem: Some(bytes),
            der,
        })
    }

    /// A rustls client configuration trusting the system's roots and these.
    pub fn client_config(&self) -> Result<Arc<ClientConfig>, MailError> {
        let mut roots = RootCertStore::empty();
        roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
        for cert in &self.der {
            roots.add(cert.clone()).map_err(|e| MailError::CaFile {
                path: self.path.clone(),
                detail: e.to_string(),
            })?;
        }
        let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
        let config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| MailError::Tls {
                server: String::new(),
                detail: e.to_string(),
            })?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(Arc::new(config))
    }
}
