//! The one change feed (`GET /v1/changes`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Attachment, AvailabilityRecord, Comment, Request};

/// The new state of one entity. A request appears again whenever it changes
/// (status, rating…); clients keep the snapshot with the highest `version`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "entity", content = "data", rename_all = "snake_case")]
pub enum ChangeData {
    Request(Request),
    Comment(Comment),
    Attachment(Attachment),
    Availability(AvailabilityRecord),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    /// Position in the feed; strictly increasing.
    pub seq: i64,
    pub at: DateTime<Utc>,
    #[serde(flatten)]
    pub data: ChangeData,
}

/// `GET /v1/changes?cursor=…&limit=…`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePage {
    pub changes: Vec<Change>,
    /// Opaque; pass as `cursor` next time. Equal to the given cursor when
    /// nothing new happened.
    pub next_cursor: String,
    /// More changes are waiting: ask again at once.
    pub has_more: bool,
}
