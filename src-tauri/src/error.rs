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
    NotFound,
    InvalidInput,
    Unauthorized,
    Unreachable,
    ServerError,
    CsvInvalid,
    FileUnreadable,
    /// The attachment is not opened (a type that can run a program, or bytes
    /// that are not what the type says); it can only be saved.
    OpenRefused,
    DemoFailed,
    // The draft already became a request (a late autosave, a second submit).
    DraftSubmitted,
    /// Something that should not happen (a panicked worker, the OS refusing to open a file).
    Internal,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CommandError {
    pub code: ErrorCode,
    pub field: Option<String>,
    pub detail: Option<String>,
    /// What to tell the user, in both languages, when the Rust side has the words.
    pub message: Option<desk_app::Localized>,
}

impl CommandError {
    pub fn internal(error: &dyn std::fmt::Display) -> Self {
        tracing::error!(%error, "internal error in a command");
        Self::new(ErrorCode::Internal, None, error)
    }

    fn new(code: ErrorCode, field: Option<&str>, detail: impl ToString) -> Self {
        Self {
            code,
            field: field.map(str::to_owned),
            detail: Some(detail.to_string()),
            message: None,
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
        // Input the user can correct keeps its bilingual words; the rest is a database error.
        desk_app::AppError::from(error).into()
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

impl From<desk_app::AppError> for CommandError {
    fn from(error: desk_app::AppError) -> Self {
        use desk_app::AppErrorCode as A;
        let code = match error.code {
            A::NotFound => ErrorCode::NotFound,
            A::InvalidInput => ErrorCode::InvalidInput,
            A::Unauthorized => ErrorCode::Unauthorized,
            A::Unreachable => ErrorCode::Unreachable,
            A::ServerError => ErrorCode::ServerError,
            A::CsvInvalid => ErrorCode::CsvInvalid,
            A::FileUnreadable => ErrorCode::FileUnreadable,
            A::OpenRefused => ErrorCode::OpenRefused,
            A::DemoFailed => ErrorCode::DemoFailed,
            A::InvalidUrl => ErrorCode::InvalidUrl,
            A::InsecureUrl => ErrorCode::InsecureUrl,
            A::UnsupportedUrlScheme => ErrorCode::UnsupportedUrlScheme,
            A::EmptyToken => ErrorCode::EmptyToken,
            A::KeyringUnavailable => ErrorCode::KeyringUnavailable,
            A::Database => ErrorCode::Database,
            A::DraftSubmitted => ErrorCode::DraftSubmitted,
        };
        if matches!(code, ErrorCode::Database | ErrorCode::ServerError) {
            tracing::error!(error = %error.en, detail = ?error.detail, "command failed");
        }
        Self {
            code,
            field: error.field,
            detail: error.detail,
            message: Some(desk_app::Localized::new(error.lv, error.en)),
        }
    }
}
