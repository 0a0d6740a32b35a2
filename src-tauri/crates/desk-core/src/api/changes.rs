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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Actor, ActorKind};

    #[test]
    fn change_round_trips_with_entity_and_data_at_top_level() {
        let at = DateTime::from_timestamp(1_790_000_000, 0).expect("time");
        let change = Change {
            seq: 42,
            at,
            data: ChangeData::Comment(Comment {
                id: "c1".into(),
                request_id: "r1".into(),
                author: Actor {
                    kind: ActorKind::Staff,
                    name: "VRAA".into(),
                },
                body: "Labdien".into(),
                created_at: at,
            }),
        };
        let json = serde_json::to_value(&change).expect("serialise");
        assert_eq!(json["entity"], "comment");
        assert_eq!(json["data"]["body"], "Labdien");
        assert_eq!(json["seq"], 42);
        let back: Change = serde_json::from_value(json).expect("deserialise");
        assert_eq!(back, change);
    }
}

#[cfg(test)]
mod hash_tests {
    use super::*;

    fn page_with_hash(sha256: &str) -> serde_json::Value {
        serde_json::json!({
            "changes": [{
                "seq": 7,
                "at": "2026-11-23T10:00:00Z",
                "entity": "attachment",
                "data": {
                    "id": "a-1",
                    "request_id": "r-1",
                    "sha256": sha256,
                    "file_name": "atbilde.pdf",
                    "size": 10,
                    "content_type": "application/pdf",
                    "added_by": {"kind": "staff", "name": "VRAA"},
                    "created_at": "2026-11-23T10:00:00Z"
                }
            }],
            "next_cursor": "7",
            "has_more": false
        })
    }

    #[test]
    fn a_change_with_a_bad_hash_is_refused_whole() {
        let good = "0123456789abcdef".repeat(4);
        let page: ChangePage = serde_json::from_value(page_with_hash(&good)).expect("valid page");
        assert_eq!(page.changes.len(), 1);
        for bad in [
            "../../../../etc/passwd".to_owned(),
            good.to_uppercase(),
            good[..63].to_owned(),
            format!("{good}0"),
            format!("{}/x", &good[..62]),
            String::new(),
        ] {
            let error = serde_json::from_value::<ChangePage>(page_with_hash(&bad))
                .expect_err("a bad hash must not be accepted");
            assert!(error.to_string().contains("SHA-256"), "{error}");
        }
    }
}
