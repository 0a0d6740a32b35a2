//! The live SLA clock of one request: runs from `started_at`, pauses while the
//! request is in one of the policy's pause states, stops when the measured
//! event happened (`stopped_at`), and is read at `now`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{engine, SlaError, SlaPolicy, SlaUnit};
use crate::calendar::Calendar;

/// A request entered `state` at `at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateChange {
    pub at: DateTime<Utc>,
    pub state: String,
}

/// What the clock is computed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockInput {
    pub started_at: DateTime<Utc>,
    /// State changes in any order; the state before the first change is a
    /// running one.
    #[serde(default)]
    pub history: Vec<StateChange>,
    /// When the measured event happened (registered, started, done, answered).
    #[serde(default)]
    pub stopped_at: Option<DateTime<Utc>>,
    pub now: DateTime<Utc>,
}

/// Tunables of the clock.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ClockSettings {
    /// Share of the target used from which a running clock is "at risk".
    pub at_risk_share: f64,
}

impl Default for ClockSettings {
    fn default() -> Self {
        Self {
            at_risk_share: 0.75,
        }
    }
}

/// The clock's reading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClockStatus {
    pub policy_id: String,
    pub unit: SlaUnit,
    pub target: u32,
    pub target_seconds: i64,
    pub elapsed_seconds: i64,
    /// Target minus elapsed; negative once breached.
    pub remaining_seconds: i64,
    /// Elapsed and remaining in the policy's unit (days or hours).
    pub elapsed: f64,
    pub remaining: f64,
    /// Elapsed / target.
    pub used_share: f64,
    pub at_risk: bool,
    /// The reading is later than the instant the target was used up.
    pub breached: bool,
    /// The request is in a pause state at `now` (and the clock not stopped).
    pub paused: bool,
    /// The measured event has happened.
    pub stopped: bool,
    /// When the target will be reached if nothing pauses the clock from now
    /// on; `None` when paused, stopped or already breached.
    pub due_at: Option<DateTime<Utc>>,
    /// When the target was exceeded, if it was.
    pub breached_at: Option<DateTime<Utc>>,
}

impl SlaPolicy {
    /// Reads the clock.
    pub fn clock(
        &self,
        cal: &Calendar,
        input: &ClockInput,
        settings: &ClockSettings,
    ) -> Result<ClockStatus, SlaError> {
        let share = settings.at_risk_share;
        if !(share > 0.0 && share <= 1.0) {
            return Err(SlaError::InvalidAtRiskShare(share));
        }
        let end = input.stopped_at.map_or(input.now, |s| s.min(input.now));
        if end < input.started_at {
            return Err(SlaError::EndBeforeStart {
                start: input.started_at,
                end,
            });
        }
        let mut history = input.history.clone();
        history.sort_by_key(|c| c.at);
        if history.first().is_some_and(|c| c.at < input.started_at) {
            return Err(SlaError::HistoryBeforeStart);
        }

        let target_seconds = self.target_secs()?;
        let spec = &self.window.spec;
        let (start_ts, end_ts) = (input.started_at.timestamp(), end.timestamp());

        // Running intervals between start and end.
        let mut running: Vec<(i64, i64)> = Vec::new();
        let mut seg_start = start_ts;
        let mut is_running = true;
        // Changes after the end (a later reading's future) do not count.
        for change in history.iter().filter(|c| c.at <= end) {
            let at = change.at.timestamp();
            let runs_after = !self.pauses_in(&change.state);
            if is_running && !runs_after {
                running.push((seg_start, at));
            } else if !is_running && runs_after {
                seg_start = at;
            }
            is_running = runs_after;
        }
        if is_running {
            running.push((seg_start, end_ts));
        }

        // Walk the running intervals; note when the target was used up.
        let mut elapsed_seconds = 0i64;
        let mut reached_at: Option<i64> = None;
        for &(a, b) in &running {
            let part = engine::business_secs_between(cal, spec, a, b);
            if reached_at.is_none() && elapsed_seconds + part >= target_seconds {
                reached_at =
                    engine::add_business_secs(cal, spec, a, target_seconds - elapsed_seconds);
            }
            elapsed_seconds += part;
        }

        let stopped = input.stopped_at.is_some_and(|s| s <= input.now);
        let paused = !stopped && !is_running;
        let remaining_seconds = target_seconds - elapsed_seconds;
        // Breached once the end of the reading lies after the instant the
        // target was used up: outside the window no more time accrues, but the
        // deadline has still passed.
        let breached = reached_at.is_some_and(|r| end_ts > r);
        let breached_at = if breached {
            reached_at.and_then(|r| DateTime::from_timestamp(r, 0))
        } else {
            None
        };
        let used_share = if target_seconds > 0 {
            elapsed_seconds as f64 / target_seconds as f64
        } else {
            1.0
        };
        let due_at = if stopped || paused || breached {
            None
        } else if let Some(r) = reached_at {
            DateTime::from_timestamp(r, 0)
        } else {
            Some(self.add(cal, end, remaining_seconds)?)
        };
        let unit = self.unit_secs()? as f64;
        Ok(ClockStatus {
            policy_id: self.id.clone(),
            unit: self.unit,
            target: self.target,
            target_seconds,
            elapsed_seconds,
            remaining_seconds,
            elapsed: elapsed_seconds as f64 / unit,
            remaining: remaining_seconds as f64 / unit,
            used_share,
            at_risk: !breached && !stopped && used_share >= share,
            breached,
            paused,
            stopped,
            due_at,
            breached_at,
        })
    }
}
