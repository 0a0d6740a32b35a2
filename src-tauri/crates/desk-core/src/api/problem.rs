//! RFC 9457 problem details with a stable machine-readable `code`.

use serde::{Deserialize, Serialize};

/// Stable problem codes. Clients branch on these, never on texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    Unauthorized,
    Forbidden,
    NotFound,
    InvalidJson,
    ValidationFailed,
    UnknownRequestType,
    NoContract,
    InvalidTransition,
    AlreadyRated,
    IdempotencyKeyMissing,
    IdempotencyKeyReused,
    PayloadTooLarge,
    AttachmentTooLarge,
    UnsupportedMediaType,
    HashMismatch,
    /// A hash that is not 64 lower-case hexadecimal characters.
    InvalidHash,
    /// The content's bytes are not of the media type it was sent as.
    ContentMismatch,
    BlobNotFound,
    InvalidCursor,
    InvalidQuery,
    RateLimited,
    InternalError,
    ServiceUnavailable,
}

impl ProblemCode {
    /// Whether a client should retry the same call later (with the same
    /// idempotency key) rather than park it for the user.
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            ProblemCode::RateLimited | ProblemCode::InternalError | ProblemCode::ServiceUnavailable
        )
    }
}

/// One invalid field of a request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// JSON Pointer (RFC 6901) into the request body, e.g. `/fields/mailbox_name`.
    pub pointer: String,
    /// Stable code of the rule that failed, e.g. `required`, `max_length`.
    pub code: String,
    pub message_lv: String,
    pub message_en: String,
}

/// RFC 9457 problem details (`application/problem+json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// URI reference identifying the problem type.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// Short English summary.
    pub title: String,
    /// Short Latvian summary.
    pub title_lv: String,
    pub status: u16,
    /// English explanation of this occurrence.
    pub detail: String,
    /// Latvian explanation of this occurrence.
    pub detail_lv: String,
    pub code: ProblemCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({:?}): {}", self.status, self.code, self.detail)
    }
}
