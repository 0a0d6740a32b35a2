//! Properties of the SLA engine over random starts (2018–2030) and targets.

use chrono::{DateTime, Utc};
use desk_core::calendar::Calendar;
use desk_core::sla::{self, engine, SlaPolicy};
use proptest::prelude::*;
use std::sync::OnceLock;

fn cal() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(Calendar::embedded)
}

fn policies() -> &'static [SlaPolicy] {
    static P: OnceLock<Vec<SlaPolicy>> = OnceLock::new();
    P.get_or_init(sla::builtin_policies)
}

fn instant(ts: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(ts, 0).expect("in range")
}

/// 2018-01-01 .. 2030-12-31 in whole seconds.
fn any_start() -> impl Strategy<Value = i64> {
    1_514_764_800i64..1_924_905_600i64
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn deadline_is_inside_the_window(start in any_start(), p in 0usize..6, secs in 1i64..(40 * 3600)) {
        let policy = &policies()[p];
        let end = engine::add_business_secs(cal(), &policy.window.spec, start, secs).expect("deadline");
        prop_assert!(engine::in_window(cal(), &policy.window.spec, end), "{} +{}s -> {}", instant(start), secs, instant(end));
        prop_assert!(end > start);
    }

    #[test]
    fn elapsed_from_start_to_deadline_is_the_target(start in any_start(), p in 0usize..6, target in 0u32..15) {
        let mut policy = policies()[p].clone();
        policy.target = target;
        let s = instant(start);
        let d = policy.deadline(cal(), s).expect("deadline");
        let e = policy.elapsed(cal(), s, d).expect("elapsed");
        prop_assert_eq!(e.seconds, policy.target_secs().expect("target"));
        prop_assert!((e.value - f64::from(target)).abs() < 1e-9);
        // And it is the earliest such instant: one second earlier is short.
        if target > 0 {
            let e1 = policy.elapsed(cal(), s, d - chrono::Duration::seconds(1)).expect("elapsed");
            prop_assert!(e1.seconds < e.seconds);
        }
    }

    #[test]
    fn adding_working_time_is_monotone(a in any_start(), delta in 0i64..(30 * 86400), p in 0usize..6, n in 0u32..12, m in 0u32..12) {
        let mut policy = policies()[p].clone();
        let (s1, s2) = (instant(a), instant(a + delta));
        policy.target = n.min(m);
        let small = policy.deadline(cal(), s1).expect("deadline");
        policy.target = n.max(m);
        let big = policy.deadline(cal(), s1).expect("deadline");
        prop_assert!(small <= big, "more time never ends earlier");
        let later = policy.deadline(cal(), s2).expect("deadline");
        prop_assert!(big <= later, "a later start never ends earlier");
    }

    #[test]
    fn elapsed_is_additive(a in any_start(), d1 in 0i64..(20 * 86400), d2 in 0i64..(20 * 86400), p in 0usize..6) {
        let w = &policies()[p].window.spec;
        let (x, y, z) = (a, a + d1, a + d1 + d2);
        prop_assert_eq!(
            engine::business_secs_between(cal(), w, x, z),
            engine::business_secs_between(cal(), w, x, y) + engine::business_secs_between(cal(), w, y, z)
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A clock without pauses reads exactly like `elapsed`, and its due date is
    /// the plain deadline; adding a pause never adds elapsed time and never
    /// brings the due date forward.
    #[test]
    fn pauses_only_ever_delay(start in any_start(), p in 0usize..6, pause_at in 0i64..(10 * 86400), pause_len in 0i64..(10 * 86400), read_after in 0i64..(25 * 86400)) {
        use desk_core::sla::{states, ClockInput, ClockSettings, StateChange};
        let policy = &policies()[p];
        let s = instant(start);
        let now = instant(start + read_after);
        let plain = ClockInput { started_at: s, history: vec![], stopped_at: None, now };
        let c0 = policy.clock(cal(), &plain, &ClockSettings::default()).expect("clock");
        prop_assert_eq!(c0.elapsed_seconds, policy.elapsed(cal(), s, now).expect("elapsed").seconds);
        if !c0.breached {
            prop_assert_eq!(c0.due_at, Some(policy.deadline(cal(), s).expect("deadline")));
        } else {
            prop_assert_eq!(c0.breached_at, Some(policy.deadline(cal(), s).expect("deadline")));
        }

        let paused = ClockInput {
            history: vec![
                StateChange { at: instant(start + pause_at), state: states::WAITING_FOR_CUSTOMER.into() },
                StateChange { at: instant(start + pause_at + pause_len), state: "in_progress".into() },
            ],
            ..plain
        };
        let c1 = policy.clock(cal(), &paused, &ClockSettings::default()).expect("clock");
        prop_assert!(c1.elapsed_seconds <= c0.elapsed_seconds);
        prop_assert_eq!(
            c1.elapsed_seconds,
            c0.elapsed_seconds - policy.elapsed(cal(), instant((start + pause_at).min(start + read_after)), instant((start + pause_at + pause_len).min(start + read_after))).expect("e").seconds
        );
        if let (Some(d0), Some(d1)) = (c0.due_at, c1.due_at) {
            prop_assert!(d1 >= d0);
        }
    }
}
