//! What the user sets by hand on an e-mail connection: the status (VRAA's
//! mail then no longer moves it) and the contract its SLA targets come from.

use chrono::{NaiveDate, TimeZone, Utc};
use desk_app::mail::{delete_contract, save_contract, set_status_by_hand, ContractInput};
use desk_app::AppErrorCode;
use desk_core::api::{Actor, ActorKind, Request, RequestStatus, StatusChange};
use desk_core::mail::MailSettings;

use crate::common::Env;

fn mail_env() -> Env {
    let env = Env::new();
    let settings = MailSettings {
        display_name: "Jānis Bērziņš".into(),
        institution_name: "Iestāde".into(),
        ..MailSettings::for_address("janis@iestade.gov.lv", "mail.iestade.gov.lv")
    }
    .validated()
    .unwrap();
    env.store.save_mail_settings(Some(&settings)).unwrap();
    env
}

fn sent_request(env: &Env) -> Request {
    let at = Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap();
    let me = Actor {
        kind: ActorKind::Customer,
        name: "Jānis Bērziņš".into(),
    };
    let request = Request {
        id: "VD-ABCDEF1234".into(),
        reference: "VRAA-2026-000123".into(),
        request_type_id: "email.licence_assign".into(),
        service_id: "email".into(),
        contract_id: None,
        subject: "Licence".into(),
        description: String::new(),
        fields: serde_json::json!({}),
        status: RequestStatus::InProgress,
        requester: me.clone(),
        created_at: at,
        updated_at: at,
        version: 3,
        status_history: vec![StatusChange {
            from: None,
            to: RequestStatus::Submitted,
            at,
            by: me,
        }],
        rating: None,
    };
    env.store.save_request(&request).unwrap();
    request
}

#[test]
fn the_user_sets_resolved_by_hand_and_it_is_kept() {
    let env = mail_env();
    let request = sent_request(&env);
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    set_status_by_hand(&env.ctx(now), &request.id, RequestStatus::Resolved).unwrap();
    let stored = env
        .store
        .request_detail(&request.id)
        .unwrap()
        .unwrap()
        .request;
    assert_eq!(stored.status, RequestStatus::Resolved);
    assert_eq!(stored.version, 4, "a newer snapshot than VRAA's last");
    let last = stored.status_history.last().unwrap();
    assert_eq!(
        (last.from, last.to, last.at),
        (
            Some(RequestStatus::InProgress),
            RequestStatus::Resolved,
            now
        )
    );
    assert_eq!(last.by.kind, ActorKind::Customer);
    let refused =
        set_status_by_hand(&env.ctx(now), &request.id, RequestStatus::Cancelled).unwrap_err();
    assert_eq!(refused.code, AppErrorCode::InvalidInput);
    assert!(
        refused.lv.contains("ar roku") || refused.lv.contains("Ar roku"),
        "{}",
        refused.lv
    );
}

#[test]
fn on_the_api_connection_vraa_owns_status_and_contracts() {
    let env = Env::new();
    let request = sent_request(&env);
    let now = Utc::now();
    let err = set_status_by_hand(&env.ctx(now), &request.id, RequestStatus::Closed).unwrap_err();
    assert_eq!(err.code, AppErrorCode::InvalidInput);
    assert!(err.en.contains("e-mail"), "{}", err.en);
    let input = ContractInput {
        number: "L-1".into(),
        valid_from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        valid_to: None,
        service_ids: vec!["email".into()],
    };
    assert!(save_contract(&env.ctx(now), input).is_err());
}

#[test]
fn a_contract_entered_by_hand_carries_the_catalogues_sla_targets() {
    let env = mail_env();
    let now = Utc::now();
    let input = |number: &str, to: Option<NaiveDate>, services: &[&str]| ContractInput {
        number: number.into(),
        valid_from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        valid_to: to,
        service_ids: services.iter().map(|s| s.to_string()).collect(),
    };
    let contract = save_contract(&env.ctx(now), input(" L-2026/17 ", None, &["email"])).unwrap();
    assert_eq!(contract.number, "L-2026/17");
    assert!(
        !contract.sla_targets.is_empty(),
        "the e-mail service's SLA policies apply"
    );
    assert_eq!(env.store.contracts().unwrap(), vec![contract.clone()]);
    // Saved again under the same number: replaced, not doubled.
    save_contract(&env.ctx(now), input("L-2026/17", None, &["email", "dvs"])).unwrap();
    assert_eq!(env.store.contracts().unwrap().len(), 1);
    for (bad, field) in [
        (input("", None, &["email"]), "number"),
        (
            input("L-3", NaiveDate::from_ymd_opt(2025, 12, 31), &["email"]),
            "validTo",
        ),
        (input("L-4", None, &[]), "serviceIds"),
        (input("L-5", None, &["kafija"]), "serviceIds"),
    ] {
        let err = save_contract(&env.ctx(now), bad).unwrap_err();
        assert_eq!(err.field.as_deref(), Some(field), "{err:?}");
        assert!(!err.lv.is_empty() && !err.en.is_empty());
    }
    delete_contract(&env.ctx(now), &contract.id).unwrap();
    assert!(env.store.contracts().unwrap().is_empty());
}
