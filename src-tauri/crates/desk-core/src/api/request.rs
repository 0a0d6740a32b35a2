//! Requests, their life cycle, comments, attachments and ratings.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Sha256Hex;

/// Life cycle of a request as VRAA handles it:
/// submitted → registered → assigned → in_progress ↔ waiting_for_customer →
/// resolved → closed; cancelled; resolved → reopened → assigned/in_progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Submitted,
    Registered,
    Assigned,
    InProgress,
    WaitingForCustomer,
    Resolved,
    Closed,
    Cancelled,
    Reopened,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 9] = [
        RequestStatus::Submitted,
        RequestStatus::Registered,
        RequestStatus::Assigned,
        RequestStatus::InProgress,
        RequestStatus::WaitingForCustomer,
        RequestStatus::Resolved,
        RequestStatus::Closed,
        RequestStatus::Cancelled,
        RequestStatus::Reopened,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Submitted => "submitted",
            RequestStatus::Registered => "registered",
            RequestStatus::Assigned => "assigned",
            RequestStatus::InProgress => "in_progress",
            RequestStatus::WaitingForCustomer => "waiting_for_customer",
            RequestStatus::Resolved => "resolved",
            RequestStatus::Closed => "closed",
            RequestStatus::Cancelled => "cancelled",
            RequestStatus::Reopened => "reopened",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// No further transitions happen from a terminal status.
    pub fn is_terminal(self) -> bool {
        matches!(self, RequestStatus::Closed | RequestStatus::Cancelled)
    }

    /// Whether VRAA staff (or the sandbox admin API) may move a request from
    /// `self` to `to`.
    pub fn staff_may_move_to(self, to: RequestStatus) -> bool {
        use RequestStatus::*;
        matches!(
            (self, to),
            (Submitted, Registered)
                | (Registered, Assigned)
                | (Assigned, InProgress)
                | (Reopened, Assigned)
                | (Reopened, InProgress)
                | (InProgress, WaitingForCustomer)
                | (WaitingForCustomer, InProgress)
                | (InProgress, Resolved)
                | (Resolved, Closed)
                | (
                    Submitted | Registered | Assigned | InProgress | WaitingForCustomer | Reopened,
                    Cancelled
                )
        )
    }

    /// The status a customer action leads to from `self`, or `None` when the
    /// action is not allowed in this status.
    pub fn after_customer_action(self, action: CustomerAction) -> Option<RequestStatus> {
        use RequestStatus::*;
        match (action, self) {
            (
                CustomerAction::Cancel,
                Submitted | Registered | Assigned | InProgress | WaitingForCustomer | Reopened,
            ) => Some(Cancelled),
            (CustomerAction::ProvideInformation, WaitingForCustomer) => Some(InProgress),
            (CustomerAction::ConfirmResolution, Resolved) => Some(Closed),
            (CustomerAction::Reopen, Resolved) => Some(Reopened),
            _ => None,
        }
    }
}

/// What a contact person may do to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CustomerAction {
    Cancel,
    ProvideInformation,
    ConfirmResolution,
    Reopen,
}

/// Who acted: the institution's person, VRAA staff, or the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    Customer,
    Staff,
    System,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Actor {
    pub kind: ActorKind,
    pub name: String,
}

/// One entry of a request's status history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusChange {
    /// `None` for the first entry (creation).
    pub from: Option<RequestStatus>,
    pub to: RequestStatus,
    pub at: DateTime<Utc>,
    pub by: Actor,
}

/// Satisfaction rating given after resolution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rating {
    /// 1 (very dissatisfied) … 5 (very satisfied).
    pub score: u8,
    pub comment: Option<String>,
    pub at: DateTime<Utc>,
}

/// A request as the institution sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Request {
    pub id: String,
    /// Human reference, e.g. `VRAA-2026-000123`.
    pub reference: String,
    pub request_type_id: String,
    pub service_id: String,
    /// The contract the request is handled under; `None` for shared
    /// components, which every institution may use without a contract.
    pub contract_id: Option<String>,
    pub subject: String,
    pub description: String,
    /// Values validated against the request type's `fields_schema`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub fields: serde_json::Value,
    pub status: RequestStatus,
    pub requester: Actor,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Grows by one on every change of the request; lets clients order snapshots.
    pub version: i64,
    pub status_history: Vec<StatusChange>,
    pub rating: Option<Rating>,
}

/// `POST /v1/requests`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewRequest {
    pub request_type_id: String,
    /// 1–200 characters, not blank. "Blank" is Unicode White_Space, what the
    /// server trims; the pattern spells that set out, since regex `\\s` differs
    /// between engines (JavaScript's lacks U+0085).
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = r"[^\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
        )
    )]
    pub subject: String,
    /// Up to 20,000 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 20000))]
    pub description: String,
    /// Must validate against the request type's `fields_schema`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    #[serde(default = "empty_object")]
    pub fields: serde_json::Value,
    /// Optional: the contract to charge; by default the institution's valid
    /// contract that covers the request type's service.
    #[serde(default)]
    pub contract_id: Option<String>,
}

fn empty_object() -> serde_json::Value {
    serde_json::Value::Object(serde_json::Map::new())
}

/// `GET /v1/requests`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestList {
    pub requests: Vec<Request>,
    /// Pass as `after` to get the next page; `None` on the last page.
    pub next_after: Option<String>,
}

/// Body of `cancel`, `provide-information`, `confirm-resolution`, `reopen`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ActionBody {
    /// Required for `provide-information` and `reopen`; becomes a public comment
    /// (1–20,000 characters, not blank).
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 20000,
            pattern = r"[^\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
        )
    )]
    pub comment: Option<String>,
}

/// `POST /v1/requests/{id}/rating`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewRating {
    /// 1–5.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub score: u8,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub comment: Option<String>,
}

/// A public comment on a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comment {
    pub id: String,
    pub request_id: String,
    pub author: Actor,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// `POST /v1/requests/{id}/comments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewComment {
    /// 1–20,000 characters, not blank.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 20000,
            pattern = r"[^\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
        )
    )]
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentList {
    pub comments: Vec<Comment>,
}

/// Uploaded content, addressed by its SHA-256 (step one of attaching).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Blob {
    /// Lower-case hex SHA-256 of the content.
    pub sha256: Sha256Hex,
    pub size: u64,
    pub content_type: String,
}

/// `POST /v1/requests/{id}/attachments` (step two of attaching).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewAttachment {
    pub sha256: Sha256Hex,
    /// 1–255 characters, not blank, no path separators. "Blank" is Unicode White_Space,
    /// spelt out as for the subject (regex `\\s` differs between engines: a tester took
    /// U+0085 alone for a name, which the server trims to nothing).
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 255,
            pattern = r"^[^/\\]*[^/\\\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000][^/\\]*$"
        )
    )]
    pub file_name: String,
}

/// A file attached to a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    pub id: String,
    pub request_id: String,
    pub sha256: Sha256Hex,
    pub file_name: String,
    pub size: u64,
    pub content_type: String,
    pub added_by: Actor,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentList {
    pub attachments: Vec<Attachment>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_round_trips_through_its_name() {
        for st in RequestStatus::ALL {
            assert_eq!(RequestStatus::parse(st.as_str()), Some(st));
            let json = serde_json::to_string(&st).expect("serialise");
            assert_eq!(json, format!("\"{}\"", st.as_str()));
        }
    }

    #[test]
    fn customer_actions_follow_the_life_cycle() {
        use RequestStatus::*;
        assert_eq!(
            WaitingForCustomer.after_customer_action(CustomerAction::ProvideInformation),
            Some(InProgress)
        );
        assert_eq!(
            InProgress.after_customer_action(CustomerAction::ProvideInformation),
            None
        );
        assert_eq!(
            Resolved.after_customer_action(CustomerAction::Reopen),
            Some(Reopened)
        );
        assert_eq!(Closed.after_customer_action(CustomerAction::Reopen), None);
        assert_eq!(Closed.after_customer_action(CustomerAction::Cancel), None);
        assert_eq!(Resolved.after_customer_action(CustomerAction::Cancel), None);
        assert_eq!(
            Submitted.after_customer_action(CustomerAction::Cancel),
            Some(Cancelled)
        );
        assert!(!Closed.staff_may_move_to(InProgress));
        assert!(Submitted.staff_may_move_to(Registered));
        assert!(!Submitted.staff_may_move_to(Resolved));
    }
}
