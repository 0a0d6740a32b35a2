//! SLA clocks of a request from the catalogue's policies (desk-core does the
//! counting; this only finds the policies of the request's type).

use chrono::{DateTime, Utc};
use desk_core::api::{Actor, ActorKind, Catalog, StatusChange};
use desk_core::calendar::Calendar;
use desk_core::sla::RequestClock;
use desk_store::StatusChangeLite;

/// When a request was created and how its status moved.
pub struct ClockHistory {
    pub created_at: DateTime<Utc>,
    pub changes: Vec<StatusChange>,
}

impl ClockHistory {
    pub fn from_lite(created_at: DateTime<Utc>, lite: &[StatusChangeLite]) -> Self {
        // The clock reads only the status and the instant; who moved it does not count.
        let nobody = Actor {
            kind: ActorKind::System,
            name: String::new(),
        };
        Self {
            created_at,
            changes: lite
                .iter()
                .map(|c| StatusChange {
                    from: None,
                    to: c.to,
                    at: c.at,
                    by: nobody.clone(),
                })
                .collect(),
        }
    }

    pub fn from_request(request: &desk_core::api::Request) -> Self {
        Self {
            created_at: request.created_at,
            changes: request.status_history.clone(),
        }
    }
}

/// The clocks of every policy of the request type that has started.
pub fn clocks_for(
    catalog: &Catalog,
    request_type_id: &str,
    history: &ClockHistory,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> Vec<RequestClock> {
    let Some(request_type) = catalog.request_type(request_type_id) else {
        return Vec::new();
    };
    let policies: Vec<&desk_core::api::SlaPolicy> = request_type
        .sla_policy_ids
        .iter()
        .filter_map(|id| catalog.sla_policies.iter().find(|p| &p.id == id))
        .collect();
    desk_core::sla::request_clocks(&policies, history.created_at, &history.changes, calendar, now)
}
