use std::path::PathBuf;

/// Why the database could not be opened. Each case gets its own explanation in
/// the app's error window.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The file is not an SQLite database or its pages are damaged.
    #[error("database {path} is damaged: {detail}")]
    Corrupt { path: PathBuf, detail: String },
    /// The file was written by a newer VRAA Desk; it is left untouched.
    #[error("database {path} has schema version {found}, this app knows up to {supported}")]
    NewerVersion {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// A migration failed; its transaction was rolled back.
    #[error("database {path}: migration {version} ({name}) failed: {detail}")]
    MigrationFailed {
        path: PathBuf,
        version: i64,
        name: &'static str,
        detail: String,
    },
    /// Another program holds the file locked (after waiting and retrying):
    /// the file is fine and must not be moved aside; closing the other
    /// program is the cure.
    #[error("datubāzi {path} tur aizņemtu cita programma: aizveriet VRAA Desk CLI (vraa-desk-cli) vai citu atvērtu VRAA Desk logu un palaidiet VRAA Desk vēlreiz / database {path} is held by another program: close VRAA Desk CLI (vraa-desk-cli) or another open VRAA Desk window and start VRAA Desk again ({detail})")]
    Locked { path: PathBuf, detail: String },
    /// The file or its folder cannot be read or written.
    #[error("database {path} cannot be opened: {detail}")]
    Io { path: PathBuf, detail: String },
}

impl OpenError {
    pub fn path(&self) -> &PathBuf {
        match self {
            OpenError::Corrupt { path, .. }
            | OpenError::NewerVersion { path, .. }
            | OpenError::MigrationFailed { path, .. }
            | OpenError::Locked { path, .. }
            | OpenError::Io { path, .. } => path,
        }
    }
}

/// An error of a query on an open database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database query failed while {context}: {source}")]
    Sqlite {
        context: &'static str,
        #[source]
        source: rusqlite::Error,
    },
    #[error("stored value of {key:?} is not valid: {detail}")]
    BadValue { key: String, detail: String },
    #[error("datubāzi nevar pārvietot malā, nekas netika pārvietots (iespējams, to tur atvērtu cita programma, piem. vraa-desk-cli) / the database cannot be moved aside, nothing was moved (another program, e.g. vraa-desk-cli, may hold it open): {0}")]
    MoveAside(#[source] std::io::Error),
    #[error("pieteikums {0} nav atrasts / request {0} not found")]
    UnknownRequest(String),
    #[error("melnraksts {0} nav atrasts / draft {0} not found")]
    UnknownDraft(String),
    /// A save or a second submission reached a draft that already became a
    /// request: refused, so that the draft is neither re-created nor sent twice.
    #[error("melnraksts {draft_id} jau ir iesniegts (pieteikums {local_id}); izmaiņas netika saglabātas / draft {draft_id} was already submitted (request {local_id}); the change was not saved")]
    DraftAlreadySubmitted { draft_id: String, local_id: String },
    #[error("izsūtnes ieraksts {0} nav atrasts / outbox row {0} not found")]
    UnknownOutboxRow(i64),
    #[error("saglabātais filtrs {0} nav atrasts / saved filter {0} not found")]
    UnknownSavedFilter(String),
    /// Input the user can correct, worded in both languages.
    #[error("{lv} / {en}")]
    Invalid { lv: String, en: String },
    #[error("pielikumu mapi {path} nevar izmantot: {detail} / attachment folder {path} cannot be used: {detail}")]
    Blob { path: String, detail: String },
    /// The cached file's bytes do not hash to its name: damaged or tampered.
    #[error("pielikuma fails {path} ir bojāts vai mainīts (saturs neatbilst SHA-256 {sha256}) / the attachment file {path} is damaged or was changed (its content does not match SHA-256 {sha256})")]
    BlobDamaged { sha256: String, path: String },
    #[error("saglabātie dati ({context}) ir bojāti: {detail} / stored data ({context}) is damaged: {detail}")]
    Json {
        context: &'static str,
        detail: String,
    },
}

impl StoreError {
    pub(crate) fn invalid(lv: impl Into<String>, en: impl Into<String>) -> Self {
        StoreError::Invalid {
            lv: lv.into(),
            en: en.into(),
        }
    }

    pub(crate) fn json(context: &'static str) -> impl FnOnce(serde_json::Error) -> StoreError {
        move |e| StoreError::Json {
            context,
            detail: e.to_string(),
        }
    }
}

pub(crate) trait SqlContext<T> {
    fn context(self, context: &'static str) -> Result<T, StoreError>;
}

impl<T> SqlContext<T> for Result<T, rusqlite::Error> {
    fn context(self, context: &'static str) -> Result<T, StoreError> {
        self.map_err(|source| StoreError::Sqlite { context, source })
    }
}
