//! The SLA clocks of one request, from the catalogue's policies and the
//! request's status history.
//!
//! The catalogue (`api::SlaPolicy`) says *when* a clock runs: it starts when
//! the request first enters `starts_at_status`, stops when it first enters
//! `stops_at_status` or a status further along the life cycle (or is
//! cancelled), and pauses in `paused_in`. The built-in engine policy of the
//! same id (`sla::policy`) says *how* time is counted: its unit and service
//! window with the Latvian calendar. A catalogue policy without a built-in
//! twin cannot be counted and gets no clock.
//!
//! For many requests (the list, the overview) build one [`RequestSla`] from the
//! catalogue and call [`RequestSla::clocks`] per request: the engine policies
//! are prepared once instead of per request.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{ClockInput, ClockSettings, ClockStatus, SlaPolicy as EnginePolicy, StateChange};
use crate::api::{self, RequestStatus, StatusChange};
use crate::calendar::Calendar;

/// What a clock means to the user right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum SlaState {
    /// Running, less than the at-risk share of the target used.
    OnTrack,
    /// Running, most of the target used (75 % by default).
    AtRisk,
    /// Running (or paused) past its target.
    Breached,
    /// Not running: the request waits in a pause state (e.g. for the
    /// institution's information).
    Paused,
    /// Stopped within the target.
    Met,
    /// Stopped after the target.
    Missed,
}

impl SlaState {
    /// How urgently the state needs the user's eye; higher is worse.
    ///
    /// Running problems come first because something can still be done about
    /// them: a breached clock, then one about to breach, then a paused one
    /// (often paused because VRAA waits for the user), then a clock on track.
    /// Stopped clocks are history: a missed target is worth seeing before a
    /// met one, but neither is more urgent than any running clock.
    pub fn urgency(self) -> u8 {
        match self {
            SlaState::Breached => 5,
            SlaState::AtRisk => 4,
            SlaState::Paused => 3,
            SlaState::OnTrack => 2,
            SlaState::Missed => 1,
            SlaState::Met => 0,
        }
    }

    /// The clock has stopped (its state will not change any more).
    pub fn is_stopped(self) -> bool {
        matches!(self, SlaState::Met | SlaState::Missed)
    }
}

/// One SLA clock of one request, read at a given instant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestClock {
    pub policy_id: String,
    pub started_at: DateTime<Utc>,
    pub stopped_at: Option<DateTime<Utc>>,
    /// The status whose entry stopped the clock (`cancelled` included), if it
    /// stopped.
    pub stopped_by: Option<RequestStatus>,
    pub state: SlaState,
    /// The engine's full reading (target, elapsed, remaining, due, breached at).
    pub status: ClockStatus,
}

/// The clocks of one request; see the module documentation for the rules.
/// Policies are read in the given order; a policy whose start status was never
/// reached (by `now`) has no clock yet and is left out.
pub fn request_clocks(
    policies: &[&api::SlaPolicy],
    created_at: DateTime<Utc>,
    history: &[StatusChange],
    cal: &Calendar,
    now: DateTime<Utc>,
) -> Vec<RequestClock> {
    RequestSla::new(policies).clocks(created_at, history, cal, now)
}

/// The most urgent state among a request's clocks (see [`SlaState::urgency`]);
/// `None` when it has no clock.
pub fn worst(clocks: &[RequestClock]) -> Option<SlaState> {
    clocks.iter().map(|c| c.state).max_by_key(|s| s.urgency())
}

/// The earliest instant a running clock of the request will breach if nothing
/// pauses it (the list's "SLA due" column); `None` when no clock is running
/// towards a deadline (all stopped, paused or already breached).
pub fn earliest_due(clocks: &[RequestClock]) -> Option<DateTime<Utc>> {
    clocks.iter().filter_map(|c| c.status.due_at).min()
}

/// A catalogue policy joined with the built-in policy that counts it.
#[derive(Debug, Clone)]
struct Prepared {
    engine: EnginePolicy,
    starts_at: RequestStatus,
    stops_at: RequestStatus,
}

/// The catalogue's SLA policies prepared for reading many requests' clocks.
#[derive(Debug, Clone)]
pub struct RequestSla {
    policies: Vec<Prepared>,
    settings: ClockSettings,
}

impl RequestSla {
    /// Prepares the policies that have a built-in twin (same id); others are
    /// left out, as their window is unknown.
    pub fn new(policies: &[&api::SlaPolicy]) -> Self {
        let builtin = super::builtin_policies();
        let policies = policies
            .iter()
            .filter_map(|p| {
                let mut engine = builtin.iter().find(|b| b.id == p.id)?.clone();
                // The catalogue VRAA sent is the authority on the target and
                // the pause states; the built-in twin only knows the window.
                engine.target = p.target;
                engine.pause_states = p.paused_in.iter().map(|s| s.as_str().to_owned()).collect();
                Some(Prepared {
                    engine,
                    starts_at: p.starts_at_status,
                    stops_at: p.stops_at_status,
                })
            })
            .collect();
        RequestSla {
            policies,
            settings: ClockSettings::default(),
        }
    }

    /// The policies of one request type (its `sla_policy_ids`, in that
    /// order) as the catalogue defines them.
    pub fn for_type(catalog: &api::Catalog, rt: &api::RequestType) -> Self {
        let policies: Vec<&api::SlaPolicy> = rt
            .sla_policy_ids
            .iter()
            .filter_map(|id| catalog.sla_policies.iter().find(|p| &p.id == id))
            .collect();
        Self::new(&policies)
    }

    /// Ids of the policies that can be counted, in order.
    pub fn policy_ids(&self) -> impl Iterator<Item = &str> {
        self.policies.iter().map(|p| p.engine.id.as_str())
    }

    /// The clocks of one request at `now`. Status changes after `now` are
    /// ignored (a reading never looks into its own future).
    pub fn clocks(
        &self,
        created_at: DateTime<Utc>,
        history: &[StatusChange],
        cal: &Calendar,
        now: DateTime<Utc>,
    ) -> Vec<RequestClock> {
        let mut ordered: Vec<&StatusChange> = history.iter().filter(|c| c.at <= now).collect();
        // Stable: changes at the same instant keep the server's order.
        ordered.sort_by_key(|c| c.at);
        self.policies
            .iter()
            .filter_map(|p| clock_of(p, &self.settings, created_at, &ordered, cal, now))
            .collect()
    }

    /// The most urgent state of one request's clocks at `now`.
    pub fn worst(
        &self,
        created_at: DateTime<Utc>,
        history: &[StatusChange],
        cal: &Calendar,
        now: DateTime<Utc>,
    ) -> Option<SlaState> {
        worst(&self.clocks(created_at, history, cal, now))
    }
}

/// Position in the forward life cycle; `None` for the side states
/// (`waiting_for_customer`, `reopened`, `cancelled`) that are not "further".
fn lifecycle_rank(status: RequestStatus) -> Option<u8> {
    use RequestStatus::*;
    match status {
        Submitted => Some(0),
        Registered => Some(1),
        Assigned => Some(2),
        InProgress => Some(3),
        Resolved => Some(4),
        Closed => Some(5),
        WaitingForCustomer | Reopened | Cancelled => None,
    }
}

/// Whether entering `entered` stops a clock that stops at `stops_at`.
fn stops(entered: RequestStatus, stops_at: RequestStatus) -> bool {
    if entered == stops_at || entered == RequestStatus::Cancelled {
        return true;
    }
    match (lifecycle_rank(entered), lifecycle_rank(stops_at)) {
        (Some(e), Some(s)) => e > s,
        _ => false,
    }
}

fn clock_of(
    p: &Prepared,
    settings: &ClockSettings,
    created_at: DateTime<Utc>,
    ordered: &[&StatusChange],
    cal: &Calendar,
    now: DateTime<Utc>,
) -> Option<RequestClock> {
    // Where the clock starts, and from which history entry on later entries
    // may stop or pause it.
    let (started_at, first_after) = if p.starts_at == RequestStatus::Submitted {
        (created_at, 0)
    } else {
        let i = ordered.iter().position(|c| c.to == p.starts_at)?;
        (ordered[i].at, i + 1)
    };
    if started_at > now {
        return None;
    }
    let later = &ordered[first_after..];
    let stop = later
        .iter()
        .find(|c| c.at >= started_at && stops(c.to, p.stops_at));
    let (stopped_at, stopped_by) = match stop {
        Some(c) => (Some(c.at), Some(c.to)),
        None => (None, None),
    };
    let input = ClockInput {
        started_at,
        history: later
            .iter()
            .filter(|c| c.at >= started_at)
            .map(|c| StateChange {
                at: c.at,
                state: c.to.as_str().to_owned(),
            })
            .collect(),
        stopped_at,
        now,
    };
    // The engine fails only on inputs ruled out above (end before start) or a
    // window that never opens; such a clock cannot be shown.
    let status = p.engine.clock(cal, &input, settings).ok()?;
    Some(RequestClock {
        policy_id: p.engine.id.clone(),
        started_at,
        stopped_at,
        stopped_by,
        state: state_of(&status),
        status,
    })
}

/// The user-facing state of an engine reading. A clock that breached while it
/// was paused stays `Breached`: the pause does not give the time back, and the
/// overview must list it with the other breaches.
fn state_of(s: &ClockStatus) -> SlaState {
    match (s.stopped, s.breached) {
        (true, false) => SlaState::Met,
        (true, true) => SlaState::Missed,
        (false, true) => SlaState::Breached,
        (false, false) if s.paused => SlaState::Paused,
        (false, false) if s.at_risk => SlaState::AtRisk,
        (false, false) => SlaState::OnTrack,
    }
}

/// How many clocks of one policy stopped in a period, and how many of them
/// within target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PolicyShare {
    pub policy_id: String,
    pub measured: u32,
    pub within_target: u32,
}

impl PolicyShare {
    /// `within_target / measured`, `None` when nothing was measured.
    pub fn share(&self) -> Option<f64> {
        (self.measured > 0).then(|| f64::from(self.within_target) / f64::from(self.measured))
    }
}

/// Per policy (in the catalogue's order, zero counts included): among the
/// clocks that stopped within `[from, to)`, how many stopped within target.
/// Clocks stopped by a cancellation are not measured: VRAA did not handle
/// those requests, so they say nothing about its speed.
pub fn policy_shares<'a>(
    policies: &[&api::SlaPolicy],
    clocks: impl IntoIterator<Item = &'a RequestClock>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<PolicyShare> {
    let mut out: Vec<PolicyShare> = policies
        .iter()
        .map(|p| PolicyShare {
            policy_id: p.id.clone(),
            measured: 0,
            within_target: 0,
        })
        .collect();
    for clock in clocks {
        let Some(stopped_at) = clock.stopped_at else {
            continue;
        };
        if stopped_at < from
            || stopped_at >= to
            || clock.stopped_by == Some(RequestStatus::Cancelled)
        {
            continue;
        }
        if let Some(share) = out.iter_mut().find(|s| s.policy_id == clock.policy_id) {
            share.measured += 1;
            if clock.state == SlaState::Met {
                share.within_target += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worst_prefers_running_problems_over_history() {
        use SlaState::*;
        let order = [Breached, AtRisk, Paused, OnTrack, Missed, Met];
        for (i, a) in order.iter().enumerate() {
            for b in &order[i + 1..] {
                assert!(a.urgency() > b.urgency(), "{a:?} before {b:?}");
            }
        }
        assert!(Met.is_stopped() && Missed.is_stopped() && !Paused.is_stopped());
    }

    #[test]
    fn states_serialise_in_camel_case_for_the_ui() {
        assert_eq!(
            serde_json::to_value(SlaState::AtRisk).expect("serialises"),
            "atRisk"
        );
        assert_eq!(
            serde_json::to_value(SlaState::OnTrack).expect("serialises"),
            "onTrack"
        );
    }

    #[test]
    fn side_states_are_not_further_along() {
        use RequestStatus::*;
        assert!(stops(Resolved, InProgress));
        assert!(stops(Closed, Resolved));
        assert!(stops(Cancelled, Registered));
        assert!(stops(Registered, Registered));
        assert!(!stops(WaitingForCustomer, Registered));
        assert!(!stops(Reopened, Registered));
        assert!(!stops(Assigned, InProgress));
    }
}
