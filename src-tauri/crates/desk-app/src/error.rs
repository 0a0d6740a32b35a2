//! The one error type of the use cases: a stable code the UI can act on, the
//! form field it belongs to, and a message in both languages a person
//! understands.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum AppErrorCode {
    // This is the one code list that crosses IPC (generated into TypeScript
    // as `ErrorCode`); the shell adds no codes of its own.
    NotFound,
    InvalidInput,
    Unauthorized,
    Unreachable,
    ServerError,
    CsvInvalid,
    FileUnreadable,
    /// The attachment is not opened (its type could run a program, or its
    /// bytes are not what its type says); it can only be saved.
    OpenRefused,
    DemoFailed,
    InvalidUrl,
    InsecureUrl,
    UnsupportedUrlScheme,
    EmptyToken,
    KeyringUnavailable,
    Database,
    /// Rows written for the connection in use are still waiting to be sent;
    /// switching to another server or institution needs the user's yes.
    QueuedForOtherConnection,
    InvalidProxyUrl,
    InvalidSyncInterval,
    CaFileUnreadable,
    CaFileInvalid,
    /// The database was written by a newer VRAA Desk.
    DatabaseNewer,
    /// Something that should not happen (a panicked worker, the OS refusing to open a file).
    Internal,
    /// The value is set by the institution's machine policy and cannot be changed.
    SetByPolicy,
    /// The machine policy turns the demo off (`DemoAllowed = 0`).
    DemoNotAllowed,
    /// The draft already became a request (a late autosave or a second
    /// submit): the form closes instead of re-creating the draft.
    DraftSubmitted,
    /// An e-mail setting is not valid (the field names which).
    MailSettingsInvalid,
    /// The mail server refused the address and password.
    MailSignInRefused,
    /// The mail connection cannot be used as set (TLS, CA file, no folder).
    ConnectionUnusable,
    /// The Microsoft sign-in was cancelled (in the browser or in the app):
    /// nothing changed, and nothing to report as a failure.
    SignInCancelled,
    /// The Microsoft sign-in did not succeed (refused, timed out, no mail
    /// permissions); the words say why.
    SignInFailed,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{en}")]
pub struct AppError {
    pub code: AppErrorCode,
    pub field: Option<String>,
    pub lv: String,
    pub en: String,
    /// Technical detail for support (logs, the "details" fold in the UI).
    pub detail: Option<String>,
}

impl AppError {
    pub fn new(code: AppErrorCode, lv: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            code,
            field: None,
            lv: lv.into(),
            en: en.into(),
            detail: None,
        }
    }

    /// An error from a library's message worded `<Latvian> / <English>`
    /// (the crates below word their errors so); a message without the
    /// separator is shown as it is in both languages.
    pub fn worded(code: AppErrorCode, text: &str) -> Self {
        let (lv, en) = text.split_once(" / ").unwrap_or((text, text));
        Self::new(code, lv, en)
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn detail(mut self, detail: impl ToString) -> Self {
        self.detail = Some(detail.to_string());
        self
    }

    pub fn not_found(what_lv: &str, what_en: &str, id: &str) -> Self {
        Self::new(
            AppErrorCode::NotFound,
            format!("{what_lv} “{id}” šajā datorā nav atrasts"),
            format!("{what_en} “{id}” was not found on this computer"),
        )
    }

    pub fn invalid(lv: impl Into<String>, en: impl Into<String>) -> Self {
        Self::new(AppErrorCode::InvalidInput, lv, en)
    }

    pub fn unreadable_file(path: &std::path::Path, error: &std::io::Error) -> Self {
        Self::new(
            AppErrorCode::FileUnreadable,
            format!("Failu {} nevar nolasīt", path.display()),
            format!("The file {} cannot be read", path.display()),
        )
        .detail(error)
    }
}

impl From<desk_store::StoreError> for AppError {
    fn from(error: desk_store::StoreError) -> Self {
        use desk_store::StoreError as E;
        match error {
            E::Invalid { lv, en } => AppError::new(AppErrorCode::InvalidInput, lv, en),
            E::UnknownRequest(id) => AppError::not_found("Pieteikums", "Request", &id),
            E::UnknownDraft(id) => AppError::not_found("Melnraksts", "Draft", &id),
            E::DraftAlreadySubmitted { draft_id, local_id } => AppError::new(
                AppErrorCode::DraftSubmitted,
                "Šis melnraksts jau ir iesniegts; vēlākās izmaiņas netika saglabātas. Pieteikums ir izsūtnē — atveriet to, lai to papildinātu ar komentāru",
                "This draft was already submitted; later changes were not saved. The request is in the outbox — open it to add a comment",
            )
            .detail(format!("draft {draft_id} became request {local_id}")),
            E::UnknownOutboxRow(seq) => {
                AppError::not_found("Izsūtnes ieraksts", "Outbox item", &seq.to_string())
            }
            other => AppError::new(
                AppErrorCode::Database,
                "Vietējās datubāzes kļūda; dati nav mainīti",
                "Local database error; nothing was changed",
            )
            .detail(other),
        }
    }
}
