//! SLA clocks of requests from the catalogue's policies (desk-core does the
//! counting; this finds the policies of each request type, once per call).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use desk_core::api::{Actor, ActorKind, Catalog, StatusChange};
use desk_core::calendar::Calendar;
use desk_core::sla::{RequestClock, RequestSla};
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

/// The SLA policies of every request type of a catalogue, prepared once.
pub struct SlaBook {
    by_type: HashMap<String, RequestSla>,
}

impl SlaBook {
    pub fn new(catalog: &Catalog) -> Self {
        let by_type = catalog
            .request_types
            .iter()
            .map(|t| (t.id.clone(), RequestSla::for_type(catalog, t)))
            .collect();
        Self { by_type }
    }

    /// The clocks of every policy of the request's type that has started.
    pub fn clocks(
        &self,
        request_type_id: &str,
        history: &ClockHistory,
        calendar: &Calendar,
        now: DateTime<Utc>,
    ) -> Vec<RequestClock> {
        match self.by_type.get(request_type_id) {
            Some(sla) => sla.clocks(history.created_at, &history.changes, calendar, now),
            None => Vec::new(),
        }
    }
}
