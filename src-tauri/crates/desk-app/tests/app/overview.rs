//! The Overview: open requests by status, SLA alerts (breached before at
//! risk), what waits for the user, outbox and unread counts.

use chrono::Duration;
use desk_app::overview::{overview, WaitingReason};
use desk_core::api::RequestStatus;
use desk_core::sla::SlaState;

use crate::common::*;

#[test]
fn waiting_items_and_alerts_are_ordered_for_the_morning() {
    use RequestStatus::*;
    let env = Env::new();
    // Monday 23.11.2026 14:00 Riga (12:00 UTC).
    let now = utc(2026, 11, 23, 12, 0);
    let ago = |hours: i64| now - Duration::hours(hours);
    let requests = [
        // Licence request (1 working day, 08–18): submitted last Monday, still in progress.
        stored_request(
            "breached-old",
            "email.licence_assign",
            "Sen nokavēts",
            ago(24 * 7),
            &[(InProgress, ago(24 * 7 - 1))],
            None,
        ),
        // Submitted Friday morning: breached since Friday's end of day... or Monday morning.
        stored_request(
            "breached-new",
            "email.licence_assign",
            "Nesen nokavēts",
            utc(2026, 11, 20, 7, 0),
            &[],
            None,
        ),
        // Submitted this morning 08:00 Riga: 6 of 10 working hours used.
        stored_request(
            "on-track",
            "email.licence_assign",
            "Laikā",
            utc(2026, 11, 23, 6, 0),
            &[],
            None,
        ),
        // Submitted Friday 15:00 Riga: 3 h Friday + 6 h today = 9 of 10 hours: at risk.
        stored_request(
            "at-risk",
            "email.licence_assign",
            "Apdraudēts",
            utc(2026, 11, 20, 13, 0),
            &[],
            None,
        ),
        stored_request(
            "info",
            "shared.issue",
            "Gaida informāciju",
            ago(30),
            &[(Registered, ago(29)), (WaitingForCustomer, ago(2))],
            None,
        ),
        stored_request(
            "confirm",
            "shared.issue",
            "Apstipriniet",
            ago(50),
            &[(Registered, ago(49)), (Resolved, ago(3))],
            None,
        ),
        stored_request(
            "rate",
            "shared.issue",
            "Novērtējiet",
            ago(80),
            &[(Resolved, ago(60)), (Closed, ago(5))],
            None,
        ),
        stored_request(
            "rated",
            "shared.issue",
            "Novērtēts",
            ago(80),
            &[(Resolved, ago(60)), (Closed, ago(6))],
            Some(4),
        ),
        stored_request(
            "long-ago",
            "shared.issue",
            "Sen slēgts",
            ago(24 * 60),
            &[(Resolved, ago(24 * 50)), (Closed, ago(24 * 40))],
            None,
        ),
        stored_request(
            "cancelled",
            "shared.issue",
            "Atcelts",
            ago(10),
            &[(Cancelled, ago(9))],
            None,
        ),
    ];
    for request in &requests {
        env.store.save_request(request).unwrap();
    }
    let view = overview(&env.ctx(now)).unwrap();

    assert_eq!(view.open_total, 6);
    let count = |s: RequestStatus| {
        view.open_by_status
            .iter()
            .find(|c| c.status == s)
            .map(|c| c.count)
            .unwrap_or(0)
    };
    assert_eq!(count(Submitted), 3);
    assert_eq!(count(InProgress), 1);
    assert_eq!(count(WaitingForCustomer), 1);
    assert_eq!(count(Resolved), 1);
    assert_eq!(count(Closed), 0, "closed is not open");

    let alerts: Vec<(&str, Option<SlaState>)> = view
        .sla_alerts
        .iter()
        .map(|r| (r.id.as_str(), r.sla))
        .collect();
    let states: Vec<Option<SlaState>> = alerts.iter().map(|a| a.1).collect();
    let breached = states
        .iter()
        .take_while(|s| **s == Some(SlaState::Breached))
        .count();
    assert!(breached >= 2, "{alerts:?}");
    assert!(
        states[breached..]
            .iter()
            .all(|s| *s == Some(SlaState::AtRisk)),
        "breached first, then at risk: {alerts:?}"
    );
    assert!(alerts.iter().any(|a| a.0 == "at-risk"), "{alerts:?}");
    assert!(alerts.iter().all(|a| a.0 != "on-track"), "{alerts:?}");
    let ids: Vec<&str> = alerts.iter().map(|a| a.0).collect();
    assert!(ids.contains(&"breached-old") && ids.contains(&"breached-new"));

    let mut waiting: Vec<(WaitingReason, &str)> = view
        .waiting
        .iter()
        .map(|w| (w.reason, w.request.id.as_str()))
        .collect();
    waiting.sort_by_key(|w| w.1);
    assert_eq!(
        waiting,
        [
            (WaitingReason::ConfirmResolution, "confirm"),
            (WaitingReason::InformationRequested, "info"),
            (WaitingReason::Rate, "rate"),
        ]
    );
    assert_eq!((view.outbox.pending, view.outbox.parked), (0, 0));
    assert_eq!(view.unread, 0);
    assert!(view.contract.is_none());

    // A rating in the outbox takes the request off the list; a queued request counts.
    desk_app::detail::queue_action(
        &env.ctx(now),
        "rate",
        desk_app::detail::ActionInput::Rate {
            score: 5,
            comment: None,
        },
    )
    .unwrap();
    env.store.queue_new_request(&issue("Jauns")).unwrap();
    let view = overview(&env.ctx(now)).unwrap();
    assert!(view.waiting.iter().all(|w| w.request.id != "rate"));
    assert_eq!(view.outbox.pending, 2);
    assert_eq!(view.open_total, 7, "the local request is open too");
}

#[test]
fn every_recently_closed_unrated_request_waits_for_a_rating_however_many() {
    use RequestStatus::*;
    let env = Env::new();
    let now = utc(2026, 11, 23, 12, 0);
    // More than one page of the newest closed requests, then older ones.
    for i in 0..450_i64 {
        let closed = now - Duration::minutes(60 * 24 * 29 * i / 450 + 1);
        let request = stored_request(
            &format!("n{i:03}"),
            "shared.issue",
            "Nesen slēgts",
            closed - Duration::hours(30),
            &[(Resolved, closed - Duration::hours(1)), (Closed, closed)],
            None,
        );
        env.store.save_request(&request).unwrap();
    }
    for i in 0..30_i64 {
        let closed = now - Duration::days(31 + i);
        let request = stored_request(
            &format!("o{i:03}"),
            "shared.issue",
            "Sen slēgts",
            closed - Duration::hours(30),
            &[(Closed, closed)],
            None,
        );
        env.store.save_request(&request).unwrap();
    }
    let view = overview(&env.ctx(now)).unwrap();
    let to_rate: Vec<&str> = view
        .waiting
        .iter()
        .filter(|w| w.reason == WaitingReason::Rate)
        .map(|w| w.request.id.as_str())
        .collect();
    assert_eq!(to_rate.len(), 450);
    assert!(to_rate.iter().all(|id| id.starts_with('n')));
    assert_eq!(view.open_total, 0);
}
