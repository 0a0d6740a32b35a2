//! SLA clocks of whole requests: the catalogue's start/stop/pause statuses over
//! real status histories, counted with the Latvian calendar (weekends, the
//! 18 November 2026 holiday and the shortened day before it).

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use desk_core::api::catalogue_data::standard_catalog;
use desk_core::api::{Actor, ActorKind, RequestStatus, SlaPolicy, StatusChange};
use desk_core::calendar::Calendar;
use desk_core::sla::{earliest_due, policy_shares, request_clocks, worst, RequestSla, SlaState};
use desk_core::time;
use proptest::prelude::*;

use RequestStatus::*;

/// A Riga wall-clock time as a UTC instant.
fn riga(date: &str, hm: &str) -> DateTime<Utc> {
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date");
    let t = NaiveTime::parse_from_str(hm, "%H:%M").expect("time");
    time::to_utc(d, t)
}

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("rfc3339")
        .with_timezone(&Utc)
}

/// A status history: the creation entry, then each change.
fn history(
    created: DateTime<Utc>,
    changes: &[(RequestStatus, DateTime<Utc>)],
) -> Vec<StatusChange> {
    let by = Actor {
        kind: ActorKind::Staff,
        name: "VRAA".into(),
    };
    let mut out = vec![StatusChange {
        from: None,
        to: Submitted,
        at: created,
        by: by.clone(),
    }];
    let mut from = Submitted;
    for &(to, at) in changes {
        out.push(StatusChange {
            from: Some(from),
            to,
            at,
            by: by.clone(),
        });
        from = to;
    }
    out
}

fn catalogue_policies() -> Vec<SlaPolicy> {
    standard_catalog().sla_policies
}

fn policies<'a>(all: &'a [SlaPolicy], ids: &[&str]) -> Vec<&'a SlaPolicy> {
    ids.iter()
        .map(|id| all.iter().find(|p| p.id == *id).expect("catalogue policy"))
        .collect()
}

const SHARED: [&str; 4] = [
    "shared.registration",
    "shared.expert_start",
    "shared.task_start",
    "shared.task_done",
];

#[test]
fn central_processing_runs_across_the_18_november_holiday() {
    // 1 working day of 08:00–18:00. Submitted Tuesday 17.11.2026 15:00: 3 h
    // that day, Wednesday 18.11 is Proklamēšanas diena, 7 h on Thursday.
    let all = catalogue_policies();
    let ps = policies(&all, &["central.processing"]);
    let cal = Calendar::embedded();
    let created = riga("2026-11-17", "15:00");
    let h = history(created, &[]);

    let on_holiday = request_clocks(&ps, created, &h, &cal, riga("2026-11-18", "12:00"));
    assert_eq!(on_holiday.len(), 1);
    let c = &on_holiday[0];
    assert_eq!(c.policy_id, "central.processing");
    assert_eq!(c.started_at, created);
    assert_eq!(c.stopped_at, None);
    assert_eq!(c.state, SlaState::OnTrack);
    assert_eq!(c.status.elapsed_seconds, 3 * 3600);
    assert_eq!(c.status.due_at, Some(riga("2026-11-19", "15:00")));
    assert_eq!(c.status.due_at, Some(utc("2026-11-19T13:00:00Z")));

    // Thursday 14:00: 3 h + 6 h of 10 h used → at risk (≥ 75 %).
    let thursday = request_clocks(&ps, created, &h, &cal, riga("2026-11-19", "14:00"));
    assert_eq!(thursday[0].state, SlaState::AtRisk);
    assert_eq!(thursday[0].status.remaining_seconds, 3600);

    // Thursday 16:00: past the deadline.
    let late = request_clocks(&ps, created, &h, &cal, riga("2026-11-19", "16:00"));
    assert_eq!(late[0].state, SlaState::Breached);
    assert_eq!(
        late[0].status.breached_at,
        Some(riga("2026-11-19", "15:00"))
    );
    assert_eq!(worst(&late), Some(SlaState::Breached));
}

#[test]
fn resolved_in_time_is_met_and_late_is_missed() {
    let all = catalogue_policies();
    let ps = policies(&all, &["central.processing"]);
    let cal = Calendar::embedded();
    let created = riga("2026-11-17", "15:00");
    let now = riga("2026-12-01", "10:00");

    let in_time = history(
        created,
        &[
            (Registered, riga("2026-11-17", "15:30")),
            (Assigned, riga("2026-11-17", "16:00")),
            (InProgress, riga("2026-11-19", "09:00")),
            (Resolved, riga("2026-11-19", "14:30")),
            (Closed, riga("2026-11-20", "09:00")),
        ],
    );
    let c = &request_clocks(&ps, created, &in_time, &cal, now)[0];
    assert_eq!(c.state, SlaState::Met);
    assert_eq!(c.stopped_at, Some(riga("2026-11-19", "14:30")));
    assert_eq!(c.stopped_by, Some(Resolved));

    let late = history(
        created,
        &[
            (Registered, riga("2026-11-17", "15:30")),
            (Assigned, riga("2026-11-19", "09:00")),
            (InProgress, riga("2026-11-19", "10:00")),
            (Resolved, riga("2026-11-20", "09:00")),
        ],
    );
    let c = &request_clocks(&ps, created, &late, &cal, now)[0];
    assert_eq!(c.state, SlaState::Missed);
    assert_eq!(c.status.breached_at, Some(riga("2026-11-19", "15:00")));
}

#[test]
fn a_weekend_does_not_count() {
    // Friday 20.11.2026 17:00: 1 h on Friday, none on the weekend, 9 h Monday.
    let all = catalogue_policies();
    let ps = policies(&all, &["central.processing"]);
    let cal = Calendar::embedded();
    let created = riga("2026-11-20", "17:00");
    let h = history(created, &[]);
    let c = &request_clocks(&ps, created, &h, &cal, riga("2026-11-22", "12:00"))[0];
    assert_eq!(c.state, SlaState::OnTrack);
    assert_eq!(c.status.elapsed_seconds, 3600);
    assert_eq!(c.status.due_at, Some(riga("2026-11-23", "17:00")));
}

#[test]
fn waiting_for_the_customer_pauses_the_clock() {
    // Monday 23.11.2026 08:00 submitted; waiting for the institution from
    // 12:00 (4 h used) until Tuesday 12:00; then 6 h left → due Tuesday 18:00.
    let all = catalogue_policies();
    let ps = policies(&all, &["central.processing"]);
    let cal = Calendar::embedded();
    let created = riga("2026-11-23", "08:00");
    let h = history(
        created,
        &[
            (Registered, riga("2026-11-23", "09:00")),
            (Assigned, riga("2026-11-23", "09:30")),
            (InProgress, riga("2026-11-23", "10:00")),
            (WaitingForCustomer, riga("2026-11-23", "12:00")),
            (InProgress, riga("2026-11-24", "12:00")),
        ],
    );
    let paused = &request_clocks(&ps, created, &h, &cal, riga("2026-11-24", "09:00"))[0];
    assert_eq!(paused.state, SlaState::Paused);
    assert_eq!(paused.status.elapsed_seconds, 4 * 3600);
    assert_eq!(paused.status.due_at, None);

    let resumed = &request_clocks(&ps, created, &h, &cal, riga("2026-11-24", "13:00"))[0];
    assert_eq!(resumed.state, SlaState::OnTrack);
    assert_eq!(resumed.status.elapsed_seconds, 5 * 3600);
    assert_eq!(resumed.status.due_at, Some(riga("2026-11-24", "18:00")));
}

#[test]
fn shared_clocks_start_and_stop_at_their_own_statuses() {
    // Shared component issue, submitted Monday 16.11.2026 10:00; registered
    // Tuesday 17.11 10:00 (pre-holiday day), work starts Thursday 19.11 09:00.
    let all = catalogue_policies();
    let ps = policies(&all, &SHARED);
    let cal = Calendar::embedded();
    let created = riga("2026-11-16", "10:00");
    let h = history(
        created,
        &[
            (Registered, riga("2026-11-17", "10:00")),
            (Assigned, riga("2026-11-17", "11:00")),
            (InProgress, riga("2026-11-19", "09:00")),
        ],
    );
    let clocks = request_clocks(&ps, created, &h, &cal, riga("2026-11-19", "12:00"));
    let ids: Vec<&str> = clocks.iter().map(|c| c.policy_id.as_str()).collect();
    assert_eq!(ids, SHARED);
    let by = |id: &str| clocks.iter().find(|c| c.policy_id == id).expect("clock");

    // Registration: 3 working days, stopped on Tuesday → met.
    let reg = by("shared.registration");
    assert_eq!(reg.stopped_at, Some(riga("2026-11-17", "10:00")));
    assert_eq!(reg.state, SlaState::Met);

    // Expert start: from registration (Tue 10:00) to in_progress (Thu 09:00):
    // Tue 10:00–17:00 is 7 h, Thu 08:30–09:00 0.5 h — within 1 day (8.5 h).
    let expert = by("shared.expert_start");
    assert_eq!(expert.started_at, riga("2026-11-17", "10:00"));
    assert_eq!(expert.stopped_by, Some(InProgress));
    assert_eq!(expert.status.elapsed_seconds, 7 * 3600 + 1800);
    assert_eq!(expert.state, SlaState::Met);

    // Task start: 2 working hours of the support desk from submission → due
    // Monday 12:00, stopped on Thursday → missed.
    let task_start = by("shared.task_start");
    assert_eq!(task_start.state, SlaState::Missed);
    assert_eq!(
        task_start.status.breached_at,
        Some(riga("2026-11-16", "12:00"))
    );

    // Task done: 10 working days, still running; the only deadline ahead.
    let done = by("shared.task_done");
    assert_eq!(done.state, SlaState::OnTrack);
    assert_eq!(worst(&clocks), Some(SlaState::OnTrack));
    assert_eq!(earliest_due(&clocks), done.status.due_at);
    assert!(done.status.due_at.is_some());
}

#[test]
fn the_shortened_day_before_the_holiday_counts_one_hour_less() {
    // shared.task_start uses the support desk, which closes 15:30 on Tuesday
    // 17.11.2026 (the day before a holiday): 1 h that day from 14:30, none on
    // the 18th, 1 h on Thursday from 08:30 → due 19.11 09:30.
    let all = catalogue_policies();
    let ps = policies(&all, &["shared.task_start"]);
    let cal = Calendar::embedded();
    let created = riga("2026-11-17", "14:30");
    let h = history(created, &[]);
    let c = &request_clocks(&ps, created, &h, &cal, riga("2026-11-18", "10:00"))[0];
    assert_eq!(c.status.elapsed_seconds, 3600);
    assert_eq!(c.status.due_at, Some(riga("2026-11-19", "09:30")));
    // Half of the target used: below the 75 % at-risk share.
    assert_eq!(c.state, SlaState::OnTrack);
}

#[test]
fn a_clock_whose_start_status_was_never_reached_does_not_exist() {
    let all = catalogue_policies();
    let ps = policies(&all, &SHARED);
    let cal = Calendar::embedded();
    let created = riga("2026-11-23", "09:00");
    let h = history(created, &[]);
    let clocks = request_clocks(&ps, created, &h, &cal, riga("2026-11-23", "09:30"));
    let ids: Vec<&str> = clocks.iter().map(|c| c.policy_id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "shared.registration",
            "shared.task_start",
            "shared.task_done"
        ]
    );
    // A registration in the future of the reading does not start it either.
    let h = history(created, &[(Registered, riga("2026-11-23", "11:00"))]);
    let clocks = request_clocks(&ps, created, &h, &cal, riga("2026-11-23", "10:00"));
    assert!(clocks.iter().all(|c| c.policy_id != "shared.expert_start"));
    assert!(clocks.iter().all(|c| c.stopped_at.is_none()));
}

#[test]
fn cancelling_stops_every_clock_and_further_statuses_stop_earlier_ones() {
    let all = catalogue_policies();
    let ps = policies(&all, &SHARED);
    let cal = Calendar::embedded();
    let created = riga("2026-11-23", "09:00");
    let cancelled_at = riga("2026-11-23", "10:00");
    let h = history(created, &[(Cancelled, cancelled_at)]);
    let clocks = request_clocks(&ps, created, &h, &cal, riga("2026-12-23", "10:00"));
    assert_eq!(clocks.len(), 3);
    for c in &clocks {
        assert_eq!(c.stopped_at, Some(cancelled_at), "{}", c.policy_id);
        assert_eq!(c.stopped_by, Some(Cancelled));
        assert_eq!(c.state, SlaState::Met);
    }

    // Registration stops at `registered`; a history that jumps straight to
    // `in_progress` (further along) stops it too.
    let h = history(created, &[(InProgress, riga("2026-11-23", "11:00"))]);
    let clocks = request_clocks(&ps, created, &h, &cal, riga("2026-11-24", "10:00"));
    let reg = clocks
        .iter()
        .find(|c| c.policy_id == "shared.registration")
        .expect("clock");
    assert_eq!(reg.stopped_by, Some(InProgress));
}

#[test]
fn reopening_does_not_restart_a_stopped_clock_nor_does_waiting_stop_one() {
    let all = catalogue_policies();
    let ps = policies(&all, &["central.processing"]);
    let cal = Calendar::embedded();
    let created = riga("2026-11-23", "08:00");
    let h = history(
        created,
        &[
            (Registered, riga("2026-11-23", "08:10")),
            (Assigned, riga("2026-11-23", "08:20")),
            (InProgress, riga("2026-11-23", "08:30")),
            (WaitingForCustomer, riga("2026-11-23", "09:00")),
        ],
    );
    let c = &request_clocks(&ps, created, &h, &cal, riga("2026-11-25", "09:00"))[0];
    assert_eq!(c.stopped_at, None);
    assert_eq!(c.state, SlaState::Paused);

    let mut h2 = h.clone();
    let more = history(
        created,
        &[
            (InProgress, riga("2026-11-23", "10:00")),
            (Resolved, riga("2026-11-23", "11:00")),
            (Reopened, riga("2026-11-24", "09:00")),
            (InProgress, riga("2026-11-24", "10:00")),
        ],
    );
    h2.extend(more.into_iter().skip(1));
    let c = &request_clocks(&ps, created, &h2, &cal, riga("2026-11-30", "09:00"))[0];
    assert_eq!(c.stopped_at, Some(riga("2026-11-23", "11:00")));
    assert_eq!(c.state, SlaState::Met);
}

#[test]
fn a_breach_during_a_pause_stays_a_breach() {
    let all = catalogue_policies();
    let ps = policies(&all, &["central.processing"]);
    let cal = Calendar::embedded();
    let created = riga("2026-11-23", "08:00");
    let h = history(
        created,
        &[
            (Registered, riga("2026-11-23", "09:00")),
            (Assigned, riga("2026-11-23", "10:00")),
            (InProgress, riga("2026-11-24", "08:00")),
            (WaitingForCustomer, riga("2026-11-24", "09:00")),
        ],
    );
    let c = &request_clocks(&ps, created, &h, &cal, riga("2026-11-25", "09:00"))[0];
    assert!(c.status.paused && c.status.breached);
    assert_eq!(c.state, SlaState::Breached);
}

#[test]
fn shares_count_clocks_stopped_in_the_period_except_cancellations() {
    let all = catalogue_policies();
    // The expert-start clock never starts here (no `registered`): measured 0.
    let ps = policies(
        &all,
        &[
            "central.processing",
            "shared.email_answer",
            "shared.expert_start",
        ],
    );
    let sla = RequestSla::new(&ps);
    let cal = Calendar::embedded();
    let now = riga("2026-12-15", "10:00");
    let mut clocks = Vec::new();
    // Met in November.
    let created = riga("2026-11-23", "08:00");
    clocks.extend(sla.clocks(
        created,
        &history(created, &[(Resolved, riga("2026-11-23", "12:00"))]),
        &cal,
        now,
    ));
    // Missed in November.
    let created = riga("2026-11-24", "08:00");
    clocks.extend(sla.clocks(
        created,
        &history(created, &[(Resolved, riga("2026-11-26", "12:00"))]),
        &cal,
        now,
    ));
    // Cancelled in November: not measured.
    let created = riga("2026-11-25", "08:00");
    clocks.extend(sla.clocks(
        created,
        &history(created, &[(Cancelled, riga("2026-11-25", "09:00"))]),
        &cal,
        now,
    ));
    // Met in December: outside the period.
    let created = riga("2026-12-01", "08:00");
    clocks.extend(sla.clocks(
        created,
        &history(created, &[(Resolved, riga("2026-12-01", "09:00"))]),
        &cal,
        now,
    ));
    // Still running: not measured.
    let created = riga("2026-11-30", "08:00");
    clocks.extend(sla.clocks(created, &history(created, &[]), &cal, now));

    let shares = policy_shares(
        &ps,
        &clocks,
        riga("2026-11-01", "00:00"),
        riga("2026-12-01", "00:00"),
    );
    assert_eq!(shares.len(), 3);
    assert_eq!(shares[0].policy_id, "central.processing");
    assert_eq!((shares[0].measured, shares[0].within_target), (2, 1));
    assert_eq!(shares[0].share(), Some(0.5));
    // 48 calendar hours: 4 h is within, 52 h (24.11 08:00 → 26.11 12:00) not.
    assert_eq!(shares[1].policy_id, "shared.email_answer");
    assert_eq!((shares[1].measured, shares[1].within_target), (2, 1));
    assert_eq!(shares[2].policy_id, "shared.expert_start");
    assert_eq!((shares[2].measured, shares[2].within_target), (0, 0));
    assert_eq!(shares[2].share(), None);
}

#[test]
fn a_catalogue_policy_without_a_builtin_twin_has_no_clock() {
    let mut all = catalogue_policies();
    all[0].id = "vraa.new_policy".into();
    let ps: Vec<&SlaPolicy> = all.iter().collect();
    let sla = RequestSla::new(&ps);
    assert!(sla.policy_ids().all(|id| id != "vraa.new_policy"));
    assert_eq!(sla.policy_ids().count(), all.len() - 1);
}

#[test]
fn the_catalogue_target_wins_over_the_builtin_one() {
    let mut all = catalogue_policies();
    let central = all
        .iter_mut()
        .find(|p| p.id == "central.processing")
        .expect("policy");
    central.target = 2;
    let ps = policies(&all, &["central.processing"]);
    let cal = Calendar::embedded();
    let created = riga("2026-11-23", "08:00");
    let c = &request_clocks(&ps, created, &history(created, &[]), &cal, created)[0];
    assert_eq!(c.status.target_seconds, 2 * 10 * 3600);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// Reading a request later never makes a clock look better: a breach
    /// stays a breach (or becomes a miss once stopped), a stopped clock keeps
    /// its verdict, and elapsed time never shrinks.
    #[test]
    fn later_readings_never_undo_a_verdict(
        start_min in 0i64..(60 * 24 * 60),
        gaps in proptest::collection::vec((1i64..(3 * 24 * 60), 0usize..4), 0..6),
        steps in proptest::collection::vec(1i64..(24 * 60), 1..10),
    ) {
        let all = catalogue_policies();
        let ps = policies(&all, &["central.processing", "shared.task_done", "shared.task_start"]);
        let sla = RequestSla::new(&ps);
        let cal = Calendar::embedded();
        let created = utc("2026-09-01T00:00:00Z") + Duration::minutes(start_min);
        let path = [InProgress, WaitingForCustomer, Resolved, Cancelled];
        let mut at = created;
        let mut changes = Vec::new();
        for (gap, which) in gaps {
            at += Duration::minutes(gap);
            changes.push((path[which], at));
        }
        let h = history(created, &changes);
        let mut now = created;
        let mut previous = sla.clocks(created, &h, &cal, now);
        for step in steps {
            now += Duration::minutes(step * 7);
            let current = sla.clocks(created, &h, &cal, now);
            prop_assert_eq!(current.len(), previous.len());
            for (before, after) in previous.iter().zip(&current) {
                prop_assert!(after.status.elapsed_seconds >= before.status.elapsed_seconds);
                match before.state {
                    SlaState::Met | SlaState::Missed => prop_assert_eq!(after.state, before.state),
                    SlaState::Breached => prop_assert!(matches!(after.state, SlaState::Breached | SlaState::Missed)),
                    _ => {}
                }
            }
            previous = current;
        }
    }
}

#[test]
fn a_request_types_policies_come_from_the_catalogue() {
    let catalog = standard_catalog();
    let shared = catalog.request_type("shared.issue").expect("type");
    let ids: Vec<String> = RequestSla::for_type(&catalog, shared)
        .policy_ids()
        .map(str::to_owned)
        .collect();
    assert_eq!(ids, SHARED);
    let consultation = catalog.request_type("consultation").expect("type");
    let ids: Vec<String> = RequestSla::for_type(&catalog, consultation)
        .policy_ids()
        .map(str::to_owned)
        .collect();
    assert_eq!(ids, ["shared.email_answer"]);
}
