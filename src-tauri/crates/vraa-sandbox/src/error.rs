//! Errors: [`SandboxError`] for starting and running the sandbox, [`ApiError`]
//! for answers to HTTP calls (RFC 9457 problem JSON with a stable code).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use desk_core::api::{FieldError, Problem, ProblemCode};

/// Failure to start, seed or run the sandbox.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("database error at {context}: {source}")]
    Database {
        context: &'static str,
        #[source]
        source: rusqlite::Error,
    },
    #[error("cannot bind {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("server failed: {0}")]
    Serve(#[source] std::io::Error),
    #[error("invalid request-type schema {type_id}: {message}")]
    Schema { type_id: String, message: String },
    #[error("database task failed: {0}")]
    Task(String),
    #[error("stored data is corrupt ({context}): {source}")]
    Corrupt {
        context: &'static str,
        #[source]
        source: serde_json::Error,
    },
}

impl SandboxError {
    pub(crate) fn db(context: &'static str) -> impl FnOnce(rusqlite::Error) -> SandboxError {
        move |source| SandboxError::Database { context, source }
    }
}

/// An HTTP problem answer.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub problem: Box<Problem>,
    /// Seconds for a `Retry-After` header (429, 503).
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(
        status: StatusCode,
        code: ProblemCode,
        en: impl Into<String>,
        lv: impl Into<String>,
    ) -> Self {
        let (title_en, title_lv) = titles(code);
        ApiError {
            problem: Box::new(Problem {
                type_uri: format!("https://vraa-desk.invalid/problems/{}", code_name(code)),
                title: title_en.to_owned(),
                title_lv: title_lv.to_owned(),
                status: status.as_u16(),
                detail: en.into(),
                detail_lv: lv.into(),
                code,
                instance: None,
                errors: Vec::new(),
            }),
            retry_after: None,
        }
    }

    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.problem.errors = errors;
        self
    }

    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            ProblemCode::Unauthorized,
            "A valid bearer token is required.",
            "Nepieciešams derīgs piekļuves marķieris.",
        )
    }

    pub fn forbidden(en: &str, lv: &str) -> Self {
        Self::new(StatusCode::FORBIDDEN, ProblemCode::Forbidden, en, lv)
    }

    pub fn not_found(what_en: &str, what_lv: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            ProblemCode::NotFound,
            format!("{what_en} was not found."),
            format!("{what_lv} netika atrasts."),
        )
    }

    pub fn validation(errors: Vec<FieldError>) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ProblemCode::ValidationFailed,
            "The request body has invalid fields.",
            "Pieprasījumā ir nederīgi lauki.",
        )
        .with_errors(errors)
    }

    pub fn internal(context: &str) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ProblemCode::InternalError,
            format!("Internal error ({context}); try again later."),
            format!("Iekšēja kļūda ({context}); mēģiniet vēlāk vēlreiz."),
        )
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

/// One field error with both languages.
pub fn field_error(
    pointer: impl Into<String>,
    code: &str,
    en: impl Into<String>,
    lv: impl Into<String>,
) -> FieldError {
    FieldError {
        pointer: pointer.into(),
        code: code.to_owned(),
        message_lv: lv.into(),
        message_en: en.into(),
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        tracing::error!(error = %e, "database error while answering a call");
        ApiError::internal("database")
    }
}

impl From<SandboxError> for ApiError {
    fn from(e: SandboxError) -> Self {
        tracing::error!(error = %e, "sandbox error while answering a call");
        ApiError::internal("storage")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = serde_json::to_vec(&*self.problem).unwrap_or_else(|_| b"{}".to_vec());
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

fn code_name(code: ProblemCode) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned())
}

fn titles(code: ProblemCode) -> (&'static str, &'static str) {
    use ProblemCode::*;
    match code {
        Unauthorized => ("Unauthorized", "Nav autentificēts"),
        Forbidden => ("Forbidden", "Aizliegts"),
        NotFound => ("Not found", "Nav atrasts"),
        InvalidJson => ("Invalid JSON", "Nederīgs JSON"),
        ValidationFailed => ("Validation failed", "Pārbaude neizdevās"),
        UnknownRequestType => ("Unknown request type", "Nezināms pieprasījuma veids"),
        NoContract => (
            "No contract for this service",
            "Nav līguma par šo pakalpojumu",
        ),
        InvalidTransition => (
            "Action not allowed in this status",
            "Darbība šajā statusā nav atļauta",
        ),
        AlreadyRated => ("Already rated", "Jau novērtēts"),
        IdempotencyKeyMissing => ("Idempotency-Key missing", "Trūkst Idempotency-Key"),
        IdempotencyKeyReused => (
            "Idempotency-Key reused with another body",
            "Idempotency-Key izmantota ar citu saturu",
        ),
        PayloadTooLarge => ("Payload too large", "Pārāk liels saturs"),
        AttachmentTooLarge => ("Attachment too large", "Pārāk liels pielikums"),
        UnsupportedMediaType => ("Unsupported media type", "Neatbalstīts faila tips"),
        HashMismatch => ("Content hash mismatch", "Satura kontrolsumma nesakrīt"),
        InvalidHash => ("Invalid SHA-256", "Nederīga SHA-256 kontrolsumma"),
        ContentMismatch => (
            "Content does not match its media type",
            "Saturs neatbilst faila tipam",
        ),
        BlobNotFound => ("Upload not found", "Augšupielāde nav atrasta"),
        InvalidCursor => ("Invalid cursor", "Nederīgs kursors"),
        InvalidQuery => ("Invalid query", "Nederīgi vaicājuma parametri"),
        RateLimited => ("Too many requests", "Pārāk daudz pieprasījumu"),
        InternalError => ("Internal error", "Iekšēja kļūda"),
        ServiceUnavailable => ("Service unavailable", "Pakalpojums nav pieejams"),
    }
}
