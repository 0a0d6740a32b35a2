//! Why the user's database is not open, as the start-up error screen shows it.

use desk_store::OpenError;
use serde::Serialize;

/// Kind of database problem shown in the error window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum DatabaseProblemKind {
    Corrupt,
    MigrationFailed,
    NewerVersion,
    /// Another program holds the file; it is not damaged and is never moved aside.
    Locked,
    Io,
}

impl DatabaseProblemKind {
    /// Moving the file aside is offered only for a file that is really
    /// unusable as it is, never for one that is locked or cannot be read.
    pub fn offers_reset(self) -> bool {
        matches!(
            self,
            Self::Corrupt | Self::MigrationFailed | Self::NewerVersion
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DatabaseProblem {
    pub kind: DatabaseProblemKind,
    pub path: String,
    pub detail: String,
}

impl From<&OpenError> for DatabaseProblem {
    fn from(error: &OpenError) -> Self {
        let kind = match error {
            OpenError::Corrupt { .. } => DatabaseProblemKind::Corrupt,
            OpenError::MigrationFailed { .. } => DatabaseProblemKind::MigrationFailed,
            OpenError::NewerVersion { .. } => DatabaseProblemKind::NewerVersion,
            OpenError::Locked { .. } => DatabaseProblemKind::Locked,
            OpenError::Io { .. } => DatabaseProblemKind::Io,
        };
        Self {
            kind,
            path: error.path().display().to_string(),
            detail: error.to_string(),
        }
    }
}

impl From<DatabaseProblem> for crate::AppError {
    fn from(problem: DatabaseProblem) -> Self {
        crate::AppError::new(
            crate::AppErrorCode::Database,
            "Datubāze nav atvērta",
            "The database is not open",
        )
        .detail(problem.detail)
    }
}
