//! Contract & SLA: expiry warnings at the 60-day edge, twelve months of
//! availability with a recorded outage, per-policy shares of the last year.

use chrono::{Days, NaiveDate};
use desk_app::contract::report;
use desk_core::api::{
    AvailabilityRecord, AvailabilityTarget, Change, ChangeData, ChangePage, Contract,
    LocalizedText, OutageKind, RequestStatus,
};
use desk_core::time::local_date;

use crate::common::*;

fn contract(id: &str, valid_to: Option<NaiveDate>) -> Contract {
    Contract {
        id: id.into(),
        number: format!("VRAA/2026/{id}"),
        valid_from: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        valid_to,
        service_ids: vec!["email".into()],
        sla_targets: Vec::new(),
        availability_targets: vec![AvailabilityTarget {
            service_id: "email".into(),
            window: "all_time".into(),
            percent: 99.9,
        }],
    }
}

#[test]
fn expiry_is_flagged_from_sixty_days_before_and_expired_after_the_last_day() {
    let env = Env::new();
    // 23.11.2026 23:30 UTC is already 24.11 in Riga: days count from Riga's today.
    let now = utc(2026, 11, 23, 23, 30);
    let today = local_date(now);
    assert_eq!(today, NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
    let plus = |d: u64| today.checked_add_days(Days::new(d)).unwrap();
    env.store
        .save_contracts(&[
            contract("c61", Some(plus(61))),
            contract("c60", Some(plus(60))),
            contract("c0", Some(today)),
            contract("cm1", Some(today.checked_sub_days(Days::new(1)).unwrap())),
            contract("open", None),
        ])
        .unwrap();
    let contracts = report(&env.ctx(now)).unwrap().contracts;
    let flags: Vec<(&str, Option<i64>, bool, bool)> = contracts
        .iter()
        .map(|c| (c.id.as_str(), c.days_left, c.expiring_soon, c.expired))
        .collect();
    let find = |id: &str| *flags.iter().find(|f| f.0 == id).expect(id);
    assert_eq!(find("c61"), ("c61", Some(61), false, false));
    assert_eq!(find("c60"), ("c60", Some(60), true, false));
    assert_eq!(find("c0"), ("c0", Some(0), true, false));
    assert_eq!(find("cm1"), ("cm1", Some(-1), false, true));
    assert_eq!(find("open"), ("open", None, false, false));
    let email = &contracts[0].services[0];
    assert_eq!(email.id, "email");
    assert_ne!(email.name.lv, "email", "named from the catalogue");

    // The Overview watches the contract that ends first and has not expired.
    let overview = desk_app::overview::overview(&env.ctx(now)).unwrap();
    let summary = overview.contract.expect("a contract");
    assert_eq!(summary.number, "VRAA/2026/c0");
    assert!(summary.expiring_soon);
}

#[test]
fn availability_has_twelve_months_oldest_first_and_an_outage_misses_the_target() {
    let env = Env::new();
    env.store.save_contracts(&[contract("c1", None)]).unwrap();
    // Two hours down in June 2026: 99.7 % of the month, under 99.9 %.
    let outage = AvailabilityRecord {
        id: "o1".into(),
        service_id: "email".into(),
        component_id: None,
        kind: OutageKind::Outage,
        starts_at: utc(2026, 6, 10, 8, 0),
        ends_at: Some(utc(2026, 6, 10, 10, 0)),
        description: LocalizedText {
            lv: "Pasta serveris nepieejams".into(),
            en: "Mail server unavailable".into(),
        },
    };
    // An outage more than a year ago is not listed.
    let old = AvailabilityRecord {
        id: "o0".into(),
        starts_at: utc(2025, 3, 1, 8, 0),
        ends_at: Some(utc(2025, 3, 1, 9, 0)),
        ..outage.clone()
    };
    env.store
        .apply_change_page(&ChangePage {
            changes: vec![
                Change {
                    seq: 1,
                    at: utc(2025, 3, 1, 9, 0),
                    data: ChangeData::Availability(old),
                },
                Change {
                    seq: 2,
                    at: utc(2026, 6, 10, 10, 0),
                    data: ChangeData::Availability(outage),
                },
            ],
            next_cursor: "2".into(),
            has_more: false,
        })
        .unwrap();
    let now = utc(2026, 11, 23, 12, 0);
    let report = report(&env.ctx(now)).unwrap();
    assert_eq!(report.availability.len(), 1);
    let email = &report.availability[0];
    assert_eq!(email.service_id, "email");
    let months: Vec<&str> = email.months.iter().map(|m| m.month.as_str()).collect();
    assert_eq!(months.len(), 12);
    assert_eq!(months[0], "2025-12");
    assert_eq!(months[11], "2026-11", "this month last");
    assert!(months.windows(2).all(|w| w[0] < w[1]));
    for month in &email.months {
        let window = &month.windows[0];
        assert_eq!(window.target_percent, 99.9);
        if month.month == "2026-06" {
            assert!(!month.met);
            assert!(!window.met);
            let percent = window.percent.expect("planned time");
            assert!(percent < 99.9 && percent > 99.5, "{percent}");
            assert!((window.downtime_minutes - 120.0).abs() < 1e-6);
        } else {
            assert!(month.met, "{}", month.month);
            assert_eq!(window.downtime_minutes, 0.0);
        }
    }
    assert_eq!(report.outages.len(), 1);
    let listed = &report.outages[0];
    assert_eq!(listed.id, "o1");
    assert_eq!(listed.duration_minutes, Some(120));
    assert_eq!(listed.description.en, "Mail server unavailable");
}

#[test]
fn policy_shares_count_only_clocks_that_stopped_in_the_last_twelve_months() {
    use RequestStatus::*;
    let env = Env::new();
    let now = utc(2026, 11, 23, 12, 0);
    let requests = [
        // Resolved within the working day: met.
        stored_request(
            "met",
            "email.licence_assign",
            "Laikā",
            utc(2026, 9, 7, 6, 0),
            &[
                (Resolved, utc(2026, 9, 7, 9, 0)),
                (Closed, utc(2026, 9, 8, 9, 0)),
            ],
            None,
        ),
        // Resolved a week later: missed.
        stored_request(
            "late",
            "email.licence_assign",
            "Nokavēts",
            utc(2026, 9, 8, 6, 0),
            &[(Resolved, utc(2026, 9, 15, 9, 0))],
            None,
        ),
        // Stopped a year and a bit ago: not in the period.
        stored_request(
            "old",
            "email.licence_assign",
            "Sen",
            utc(2025, 11, 3, 6, 0),
            &[(Resolved, utc(2025, 11, 3, 9, 0))],
            None,
        ),
        // Cancelled: VRAA did not handle it, not measured.
        stored_request(
            "cancelled",
            "email.licence_assign",
            "Atcelts",
            utc(2026, 10, 5, 6, 0),
            &[(Cancelled, utc(2026, 10, 8, 9, 0))],
            None,
        ),
        // Still running: not measured.
        stored_request(
            "open",
            "email.licence_assign",
            "Atvērts",
            utc(2026, 11, 20, 6, 0),
            &[(InProgress, utc(2026, 11, 20, 9, 0))],
            None,
        ),
    ];
    for request in &requests {
        env.store.save_request(request).unwrap();
    }
    let shares = report(&env.ctx(now)).unwrap().policy_shares;
    let catalog = desk_core::api::catalogue_data::standard_catalog();
    assert_eq!(
        shares.len(),
        catalog.sla_policies.len(),
        "every policy listed"
    );
    let central = shares
        .iter()
        .find(|s| s.policy_id == "central.processing")
        .expect("central policy");
    assert_eq!((central.measured, central.within_target), (2, 1));
    assert_eq!(central.share, Some(0.5));
    assert_eq!(central.policy_name.en, "Request processing");
    for other in shares
        .iter()
        .filter(|s| s.policy_id != "central.processing")
    {
        assert_eq!(other.measured, 0, "{}", other.policy_id);
        assert_eq!(other.share, None);
    }
}
