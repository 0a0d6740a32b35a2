//! Outage and maintenance records (`GET /v1/availability`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::LocalizedText;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OutageKind {
    /// Unplanned downtime; counts against availability.
    Outage,
    /// Planned maintenance announced in advance.
    Maintenance,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AvailabilityRecord {
    pub id: String,
    pub service_id: String,
    /// For shared components: which component, if only one was affected.
    pub component_id: Option<String>,
    pub kind: OutageKind,
    pub starts_at: DateTime<Utc>,
    /// `None` while the outage lasts.
    pub ends_at: Option<DateTime<Utc>>,
    pub description: LocalizedText,
}

/// `GET /v1/availability?service_id=…&month=YYYY-MM`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AvailabilityList {
    pub records: Vec<AvailabilityRecord>,
}
