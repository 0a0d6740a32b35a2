//! SLA policies of DOMAIN.md and the operations on them: deadline, business
//! time elapsed, and the live clock (remaining, at risk, breached) over a
//! history of state changes with pauses. The counting convention is written
//! down in `docs/sla.md`; the tests follow it.

pub mod clock;
pub mod engine;
pub mod request;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, LocalizedText};
use crate::window::{builtin as windows, ServiceWindow};

pub use clock::{ClockInput, ClockSettings, ClockStatus, StateChange};
pub use request::{
    earliest_due, policy_shares, request_clocks, worst, PolicyShare, RequestClock, RequestSla,
    SlaState,
};

/// What an SLA target is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaUnit {
    /// Working days: each one is a full day of the policy's window, which must
    /// have the same hours on every working day.
    WorkingDays,
    /// Hours inside the policy's window.
    WorkingHours,
    /// Wall-clock hours, every day, 24 h.
    CalendarHours,
}

/// Errors of the SLA engine.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SlaError {
    #[error("nezināma SLA politika {0:?} / unknown SLA policy {0:?}")]
    UnknownPolicy(String),
    #[error("beigu laiks {end} ir pirms sākuma {start} / end {end} is before start {start}")]
    EndBeforeStart {
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    },
    #[error("politikas {0} logam nav vienāda garuma darbdienu, tāpēc tajā nevar skaitīt darbdienas / the window of policy {0} has no uniform working day, so working days cannot be counted in it")]
    WindowNotUniform(String),
    #[error("politikas {0} logs desmit gadu laikā neatveras / the window of policy {0} does not open within ten years")]
    NoServiceTime(String),
    #[error("riska slieksnim jābūt starp 0 un 1, bet ir {0} / the at-risk share must be between 0 and 1, got {0}")]
    InvalidAtRiskShare(f64),
    #[error("stāvokļu vēsturē ir laiks pirms pulksteņa sākuma / the state history has a change before the clock started")]
    HistoryBeforeStart,
}

/// A request state that pauses a clock.
pub mod states {
    /// VRAA asked the institution for information and waits for it.
    pub const WAITING_FOR_CUSTOMER: &str = "waiting_for_customer";
    /// A later date was agreed with the institution ("atlikts pēc vienošanās").
    pub const DEFERRED_BY_AGREEMENT: &str = "deferred_by_agreement";
    /// Extra licences must be bought or rented first (central.processing).
    pub const AWAITING_LICENCES: &str = "awaiting_licences";
}

/// A named SLA target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlaPolicy {
    /// Stable id, e.g. `shared.registration`.
    pub id: String,
    pub name: LocalizedText,
    /// Services the policy applies to (ids as in the API catalogue:
    /// `shared_components`, `email`, `dvs`).
    pub services: Vec<String>,
    pub target: u32,
    pub unit: SlaUnit,
    pub window: ServiceWindow,
    /// Request states in which the clock does not run.
    pub pause_states: Vec<String>,
}

/// Business time measured for a policy.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BusinessDuration {
    pub seconds: i64,
    pub unit: SlaUnit,
    /// `seconds` expressed in the policy's unit (days or hours).
    pub value: f64,
}

impl SlaPolicy {
    /// Seconds of window time one unit of the target is worth.
    pub fn unit_secs(&self) -> Result<i64, SlaError> {
        match self.unit {
            SlaUnit::CalendarHours | SlaUnit::WorkingHours => Ok(3600),
            SlaUnit::WorkingDays => self
                .window
                .spec
                .uniform_day_secs()
                .ok_or_else(|| SlaError::WindowNotUniform(self.id.clone())),
        }
    }

    /// The target in seconds of window time.
    pub fn target_secs(&self) -> Result<i64, SlaError> {
        Ok(self.unit_secs()? * i64::from(self.target))
    }

    /// The deadline of a clock started at `start` that never pauses.
    pub fn deadline(
        &self,
        cal: &Calendar,
        start: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, SlaError> {
        self.add(cal, start, self.target_secs()?)
    }

    /// `start` plus `secs` seconds of window time.
    pub fn add(
        &self,
        cal: &Calendar,
        start: DateTime<Utc>,
        secs: i64,
    ) -> Result<DateTime<Utc>, SlaError> {
        engine::add_business_secs(cal, &self.window.spec, start.timestamp(), secs)
            .and_then(|ts| DateTime::from_timestamp(ts, start.timestamp_subsec_nanos()))
            .ok_or_else(|| SlaError::NoServiceTime(self.id.clone()))
    }

    /// Business time between two instants (`to` must not be before `from`).
    pub fn elapsed(
        &self,
        cal: &Calendar,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<BusinessDuration, SlaError> {
        if to < from {
            return Err(SlaError::EndBeforeStart {
                start: from,
                end: to,
            });
        }
        let seconds =
            engine::business_secs_between(cal, &self.window.spec, from.timestamp(), to.timestamp());
        self.duration(seconds)
    }

    /// Wraps seconds of window time as a duration in this policy's unit.
    pub fn duration(&self, seconds: i64) -> Result<BusinessDuration, SlaError> {
        let unit = self.unit_secs()?;
        Ok(BusinessDuration {
            seconds,
            unit: self.unit,
            value: seconds as f64 / unit as f64,
        })
    }

    /// Whether a request state pauses this clock.
    pub fn pauses_in(&self, state: &str) -> bool {
        self.pause_states.iter().any(|s| s == state)
    }
}

/// The policies of DOMAIN.md.
pub fn builtin_policies() -> Vec<SlaPolicy> {
    let window = |id: &str| windows::by_id(id);
    let mut out = Vec::new();
    let mut push = |id: &str,
                    lv: &str,
                    en: &str,
                    service: &str,
                    target,
                    unit,
                    window_id: &str,
                    pause: &[&str]| {
        if let Some(w) = window(window_id) {
            out.push(SlaPolicy {
                id: id.into(),
                name: LocalizedText::new(lv, en),
                services: service.split(',').map(str::to_string).collect(),
                target,
                unit,
                window: w,
                pause_states: pause.iter().map(|s| s.to_string()).collect(),
            });
        }
    };
    push(
        "shared.registration",
        "Pieprasījuma reģistrēšana lietvedībā",
        "Registering the request in records management",
        "shared_components",
        3,
        SlaUnit::WorkingDays,
        windows::SHARED_WORKING_DAY,
        &[states::WAITING_FOR_CUSTOMER],
    );
    push(
        "shared.expert_start",
        "Eksperts sāk izskatīt pēc reģistrēšanas",
        "Expert starts processing after registration",
        "shared_components",
        1,
        SlaUnit::WorkingDays,
        windows::SHARED_WORKING_DAY,
        &[states::WAITING_FOR_CUSTOMER],
    );
    push(
        "shared.task_start",
        "Atbalsta sistēmas uzdevuma izpildes sākums",
        "Support-system task started",
        "shared_components",
        2,
        SlaUnit::WorkingHours,
        windows::SHARED_SUPPORT_DESK,
        &[states::WAITING_FOR_CUSTOMER],
    );
    push(
        "shared.task_done",
        "Atbalsta sistēmas uzdevums izpildīts",
        "Support-system task done",
        "shared_components",
        10,
        SlaUnit::WorkingDays,
        windows::SHARED_WORKING_DAY,
        &[states::WAITING_FOR_CUSTOMER, states::DEFERRED_BY_AGREEMENT],
    );
    push(
        "shared.email_answer",
        "Atbilde uz e-pasta konsultāciju",
        "Answer to an e-mail consultation",
        "shared_components",
        48,
        SlaUnit::CalendarHours,
        windows::ALWAYS,
        &[states::WAITING_FOR_CUSTOMER],
    );
    push(
        "central.processing",
        "E-pasta vai DVS pieprasījuma izpilde",
        "E-mail or DVS request processed",
        "email,dvs",
        1,
        SlaUnit::WorkingDays,
        windows::CENTRAL_SERVICE_HOURS,
        &[states::WAITING_FOR_CUSTOMER, states::AWAITING_LICENCES],
    );
    out
}

/// A built-in policy by its stable id.
pub fn policy(id: &str) -> Result<SlaPolicy, SlaError> {
    builtin_policies()
        .into_iter()
        .find(|p| p.id == id)
        .ok_or_else(|| SlaError::UnknownPolicy(id.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_six_policies_exist_with_stable_ids() {
        let ids: Vec<String> = builtin_policies().into_iter().map(|p| p.id).collect();
        assert_eq!(
            ids,
            [
                "shared.registration",
                "shared.expert_start",
                "shared.task_start",
                "shared.task_done",
                "shared.email_answer",
                "central.processing"
            ]
        );
    }

    #[test]
    fn unknown_policy_is_an_error() {
        assert_eq!(policy("nope"), Err(SlaError::UnknownPolicy("nope".into())));
    }

    #[test]
    fn policies_serialise_for_the_ui() {
        let p = policy("shared.task_start").expect("exists");
        let json = serde_json::to_value(&p).expect("serialises");
        assert_eq!(json["unit"], "working_hours");
        assert_eq!(json["window"]["spec"]["kind"], "working_days");
        assert_eq!(json["window"]["spec"]["hours"]["fri"]["close"], "16:00");
        let back: SlaPolicy = serde_json::from_value(json).expect("deserialises");
        assert_eq!(back, p);
    }

    #[test]
    fn working_day_targets_need_a_uniform_window() {
        let mut p = policy("shared.task_start").expect("exists");
        p.unit = SlaUnit::WorkingDays;
        assert_eq!(
            p.target_secs(),
            Err(SlaError::WindowNotUniform(p.id.clone()))
        );
    }
}
