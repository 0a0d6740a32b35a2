//! The one error type commands return to the UI: a stable code the UI
//! translates, the form field it belongs to, and technical detail for support.

use serde::Serialize;
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum ErrorCode {
    InvalidUrl,
    InsecureUrl,
    UnsupportedUrlScheme,
    InvalidProxyUrl,
    InvalidSyncInterval,
    CaFileUnreadable,
    CaFileInvalid,
    EmptyToken,
    KeyringUnavailable,
    DatabaseNewer,
    Database,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CommandError {
    pub code: ErrorCode,
    pub field: Option<String>,
    pub detail: Option<String>,
}

impl CommandError {
    fn new(code: ErrorCode, field: Option<&str>, detail: impl ToString) -> Self {
        Self {
            code,
            field: field.map(str::to_owned),
            detail: Some(detail.to_string()),
        }
    }
}

impl From<desk_core::settings::SettingsError> for CommandError {
    fn from(error: desk_core::settings::SettingsError) -> Self {
        use desk_core::settings::SettingsError as E;
        let code = match error {
            E::InvalidUrl { .. } => ErrorCode::InvalidUrl,
            E::InsecureUrl { .. } => ErrorCode::InsecureUrl,
            E::UnsupportedUrlScheme { .. } => ErrorCode::UnsupportedUrlScheme,
            E::InvalidProxyUrl { .. } => ErrorCode::InvalidProxyUrl,
            E::InvalidSyncInterval { .. } => ErrorCode::InvalidSyncInterval,
        };
        Self::new(code, Some(error.field()), &error)
    }
}

impl From<desk_sync::tls::CaFileError> for CommandError {
    fn from(error: desk_sync::tls::CaFileError) -> Self {
        let code = match error {
            desk_sync::tls::CaFileError::Unreadable { .. } => ErrorCode::CaFileUnreadable,
            desk_sync::tls::CaFileError::Invalid { .. } => ErrorCode::CaFileInvalid,
        };
        Self::new(code, Some("caCertPath"), &error)
    }
}

impl From<desk_sync::credentials::CredentialError> for CommandError {
    fn from(error: desk_sync::credentials::CredentialError) -> Self {
        let code = match error {
            desk_sync::credentials::CredentialError::EmptyToken => ErrorCode::EmptyToken,
            desk_sync::credentials::CredentialError::Unavailable(_) => {
                ErrorCode::KeyringUnavailable
            }
        };
        Self::new(code, Some("token"), &error)
    }
}

impl From<desk_store::StoreError> for CommandError {
    fn from(error: desk_store::StoreError) -> Self {
        tracing::error!(%error, "database error in a command");
        Self::new(ErrorCode::Database, None, &error)
    }
}

impl From<crate::state::DatabaseProblem> for CommandError {
    fn from(problem: crate::state::DatabaseProblem) -> Self {
        let code = match problem.kind {
            crate::state::DatabaseProblemKind::NewerVersion => ErrorCode::DatabaseNewer,
            _ => ErrorCode::Database,
        };
        Self::new(code, None, problem.detail)
    }
}
