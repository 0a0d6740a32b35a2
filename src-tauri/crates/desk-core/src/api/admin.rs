//! Sandbox-only admin API: acts as VRAA staff, records outages, injects faults.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{LocalizedText, OutageKind, RequestStatus};

/// `POST /admin/v1/requests/{id}/transition`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AdminTransition {
    pub to: RequestStatus,
    /// Optional public comment written by the staff member.
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub staff_name: Option<String>,
}

/// `POST /admin/v1/requests/{id}/comments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AdminComment {
    pub body: String,
    #[serde(default)]
    pub staff_name: Option<String>,
}

/// `POST /admin/v1/outages`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewOutage {
    pub service_id: String,
    #[serde(default)]
    pub component_id: Option<String>,
    pub kind: OutageKind,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub description: LocalizedText,
}

/// Fault injection settings (`GET`/`PUT /admin/v1/faults`). Shares are
/// probabilities in 0.0–1.0, drawn independently per call.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields, default)]
pub struct Faults {
    /// Added to every `/v1` answer, in milliseconds.
    pub latency_ms: u64,
    /// Share of calls answered 500 before doing anything.
    pub error_500_share: f64,
    /// Share of calls answered 503 with `Retry-After` before doing anything.
    pub error_503_share: f64,
    /// Share of calls answered 429 with `Retry-After` before doing anything.
    pub rate_limit_share: f64,
    /// Share of calls whose connection is dropped *after* the call took
    /// effect, so the client never sees the answer (tests idempotent retry).
    pub drop_share: f64,
}
