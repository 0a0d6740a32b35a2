//! The worked examples of docs/sla.md, one test each, plus the hard cases the
//! issue names: DST change days, a start on a holiday, on a shortened day and
//! on a moved Saturday, and clocks that pause.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use desk_core::calendar::Calendar;
use desk_core::sla::{self, states, ClockInput, ClockSettings, SlaError, StateChange};
use desk_core::time;

/// A Riga wall-clock time as a UTC instant.
fn riga(date: &str, hm: &str) -> DateTime<Utc> {
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date");
    let t = NaiveTime::parse_from_str(hm, "%H:%M").expect("time");
    time::to_utc(d, t)
}

fn deadline(policy: &str, start: DateTime<Utc>) -> DateTime<Utc> {
    let cal = Calendar::embedded();
    sla::policy(policy)
        .expect("policy")
        .deadline(&cal, start)
        .expect("deadline")
}

#[test]
fn example_1_friday_1755_plus_one_working_day_is_monday_1755() {
    // central.processing: 1 working day in the 08:00–18:00 window.
    assert_eq!(
        deadline("central.processing", riga("2026-11-20", "17:55")),
        riga("2026-11-23", "17:55")
    );
}

#[test]
fn example_2_three_working_days_from_friday_1755_end_wednesday_at_close() {
    // shared.registration: 3 working days in the 08:30–17:00 window. Friday
    // 17:55 is after the close, so counting starts Monday 08:30.
    let d = deadline("shared.registration", riga("2026-11-20", "17:55"));
    assert_eq!(d, riga("2026-11-25", "17:00"));
    assert_eq!(d.to_rfc3339(), "2026-11-25T15:00:00+00:00");
}

#[test]
fn example_3_start_on_a_holiday_counts_from_the_next_working_day() {
    // 18 November is a holiday: counting starts Thursday 19.11 08:00.
    assert_eq!(
        deadline("central.processing", riga("2026-11-18", "10:00")),
        riga("2026-11-19", "18:00")
    );
}

#[test]
fn example_4_start_on_a_shortened_day() {
    // shared.task_start: 2 working hours of the support desk. Tuesday 17.11.2026
    // is before a holiday, so the desk closes 15:30 instead of 16:30: 30 min
    // that day, none on the 18th, 1 h 30 min on Thursday from 08:30.
    assert_eq!(
        deadline("shared.task_start", riga("2026-11-17", "15:00")),
        riga("2026-11-19", "10:00")
    );
    // Working-day policies count a shortened day as a full working day: their
    // windows are the contract's hours, which the Labour Law does not shorten.
    assert_eq!(
        deadline("shared.expert_start", riga("2026-11-17", "10:00")),
        riga("2026-11-19", "10:00")
    );
    // On a normal Tuesday the same start ends the same day.
    assert_eq!(
        deadline("shared.task_start", riga("2026-11-10", "14:00")),
        riga("2026-11-10", "16:00")
    );
}

#[test]
fn example_5_start_on_a_moved_saturday() {
    // Saturday 17.01.2026 is worked in place of Friday 2.1, with Friday's desk
    // hours (08:30–16:00): 1 h that Saturday, 1 h on Monday.
    assert_eq!(
        deadline("shared.task_start", riga("2026-01-17", "15:00")),
        riga("2026-01-19", "09:30")
    );
    assert_eq!(
        deadline("central.processing", riga("2026-01-17", "10:00")),
        riga("2026-01-19", "10:00")
    );
    // Friday 2.1.2026 itself is a moved day off: counting starts Monday 5.1.
    assert_eq!(
        deadline("central.processing", riga("2026-01-02", "09:00")),
        riga("2026-01-05", "18:00")
    );
}

#[test]
fn example_6_dst_start_working_days_keep_wall_clock_calendar_hours_keep_real_time() {
    // Friday 27.03.2026 12:00 EET (10:00Z) + 1 wd = Monday 30.03 12:00 EEST (09:00Z).
    let d = deadline("central.processing", riga("2026-03-27", "12:00"));
    assert_eq!(d.to_rfc3339(), "2026-03-30T09:00:00+00:00");
    // 48 calendar hours from Saturday 28.03 12:00 are 48 real hours: the
    // skipped hour makes the local end 13:00 on Monday.
    let d = deadline("shared.email_answer", riga("2026-03-28", "12:00"));
    assert_eq!(d, riga("2026-03-30", "13:00"));
    assert_eq!((d - riga("2026-03-28", "12:00")).num_hours(), 48);
}

#[test]
fn example_7_dst_end_calendar_hours() {
    let d = deadline("shared.email_answer", riga("2026-10-24", "12:00"));
    assert_eq!(d, riga("2026-10-26", "11:00"));
}

#[test]
fn example_8_dst_days_inside_the_window_have_normal_length() {
    // The switch happens at night, so a working day's window keeps its hours.
    let cal = Calendar::embedded();
    let p = sla::policy("central.processing").expect("policy");
    let e = p
        .elapsed(
            &cal,
            riga("2026-03-27", "08:00"),
            riga("2026-03-30", "18:00"),
        )
        .expect("elapsed");
    assert_eq!(e.seconds, 2 * 10 * 3600);
    assert!((e.value - 2.0).abs() < 1e-12);
}

#[test]
fn example_9_clock_with_a_pause_is_at_risk_then_due() {
    // shared.task_done: 10 working days from Monday 02.11.2026 08:30; waiting
    // for the institution from Wednesday 04.11 08:30 to Monday 09.11 08:30
    // (3 working days paused).
    let cal = Calendar::embedded();
    let p = sla::policy("shared.task_done").expect("policy");
    let input = ClockInput {
        started_at: riga("2026-11-02", "08:30"),
        history: vec![
            StateChange {
                at: riga("2026-11-04", "08:30"),
                state: states::WAITING_FOR_CUSTOMER.into(),
            },
            StateChange {
                at: riga("2026-11-09", "08:30"),
                state: "in_progress".into(),
            },
        ],
        stopped_at: None,
        now: riga("2026-11-16", "17:00"),
    };
    let s = p
        .clock(&cal, &input, &ClockSettings::default())
        .expect("clock");
    // Running: 2.11, 3.11, then 9.–13.11 and 16.11 = 8 working days.
    assert_eq!(s.elapsed_seconds, 8 * 8 * 3600 + 8 * 1800);
    assert!((s.elapsed - 8.0).abs() < 1e-12);
    assert!((s.remaining - 2.0).abs() < 1e-12);
    assert!(s.at_risk, "80 % used ≥ 75 %");
    assert!(!s.breached);
    assert!(!s.paused);
    // Two more days: 17.11, then 19.11 (18.11 is a holiday).
    assert_eq!(s.due_at, Some(riga("2026-11-19", "17:00")));

    // With a higher threshold it is not at risk yet.
    let relaxed = p
        .clock(&cal, &input, &ClockSettings { at_risk_share: 0.9 })
        .expect("clock");
    assert!(!relaxed.at_risk);

    // Read while paused: no due date, paused flag set.
    let paused = ClockInput {
        now: riga("2026-11-05", "12:00"),
        ..input.clone()
    };
    let s = p
        .clock(&cal, &paused, &ClockSettings::default())
        .expect("clock");
    assert!(s.paused);
    assert_eq!(s.due_at, None);
    assert!((s.elapsed - 2.0).abs() < 1e-12);

    // Read later without an answer: breached on the due instant.
    let late = ClockInput {
        now: riga("2026-11-23", "12:00"),
        ..input.clone()
    };
    let s = p
        .clock(&cal, &late, &ClockSettings::default())
        .expect("clock");
    assert!(s.breached);
    assert!(!s.at_risk);
    assert!(s.remaining_seconds < 0);
    assert_eq!(s.breached_at, Some(riga("2026-11-19", "17:00")));

    // Done in time: stopped, not breached, not at risk, however late `now` is.
    let done = ClockInput {
        stopped_at: Some(riga("2026-11-17", "10:00")),
        now: riga("2026-12-01", "12:00"),
        ..input
    };
    let s = p
        .clock(&cal, &done, &ClockSettings::default())
        .expect("clock");
    assert!(s.stopped && !s.breached && !s.at_risk);
}

#[test]
fn a_deadline_passed_outside_the_window_is_breached() {
    // Due Friday 20.11.2026 18:00; read on Saturday: no window time accrued
    // after 18:00, but the deadline has passed.
    let cal = Calendar::embedded();
    let p = sla::policy("central.processing").expect("policy");
    let input = ClockInput {
        started_at: riga("2026-11-19", "18:00"),
        history: vec![],
        stopped_at: None,
        now: riga("2026-11-21", "12:00"),
    };
    let s = p
        .clock(&cal, &input, &ClockSettings::default())
        .expect("clock");
    assert_eq!(s.remaining_seconds, 0);
    assert!(s.breached);
    assert_eq!(s.breached_at, Some(riga("2026-11-20", "18:00")));
    // Read exactly at the deadline: used up, not yet breached, due now.
    let at_deadline = ClockInput {
        now: riga("2026-11-20", "18:00"),
        ..input
    };
    let s = p
        .clock(&cal, &at_deadline, &ClockSettings::default())
        .expect("clock");
    assert!(!s.breached && s.at_risk);
    assert_eq!(s.due_at, Some(riga("2026-11-20", "18:00")));
}

#[test]
fn clock_refuses_bad_input() {
    let cal = Calendar::embedded();
    let p = sla::policy("central.processing").expect("policy");
    let start = riga("2026-11-23", "10:00");
    let before = ClockInput {
        started_at: start,
        history: vec![],
        stopped_at: None,
        now: riga("2026-11-23", "09:00"),
    };
    assert!(matches!(
        p.clock(&cal, &before, &ClockSettings::default()),
        Err(SlaError::EndBeforeStart { .. })
    ));
    let ok = ClockInput {
        now: riga("2026-11-23", "11:00"),
        ..before
    };
    assert_eq!(
        p.clock(&cal, &ok, &ClockSettings { at_risk_share: 1.5 }),
        Err(SlaError::InvalidAtRiskShare(1.5))
    );
    let early = ClockInput {
        history: vec![StateChange {
            at: riga("2026-11-22", "10:00"),
            state: "x".into(),
        }],
        ..ok
    };
    assert_eq!(
        p.clock(&cal, &early, &ClockSettings::default()),
        Err(SlaError::HistoryBeforeStart)
    );
    assert!(matches!(
        p.elapsed(
            &cal,
            riga("2026-11-23", "10:00"),
            riga("2026-11-23", "09:00")
        ),
        Err(SlaError::EndBeforeStart { .. })
    ));
}

#[test]
fn clock_status_serialises_for_the_ui() {
    let cal = Calendar::embedded();
    let p = sla::policy("central.processing").expect("policy");
    let input = ClockInput {
        started_at: riga("2026-11-23", "10:00"),
        history: vec![],
        stopped_at: None,
        now: riga("2026-11-23", "12:00"),
    };
    let s = p
        .clock(&cal, &input, &ClockSettings::default())
        .expect("clock");
    let json = serde_json::to_value(&s).expect("json");
    assert_eq!(json["policy_id"], "central.processing");
    assert_eq!(json["unit"], "working_days");
    assert_eq!(json["elapsed_seconds"], 7200);
    assert_eq!(json["due_at"], "2026-11-24T08:00:00Z");
}
