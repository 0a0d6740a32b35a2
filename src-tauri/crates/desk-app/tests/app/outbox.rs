//! A request VRAA refuses is parked with VRAA's message; the Outbox shows it
//! in both languages, refuses an invalid fix, resends a valid one, discards.

use chrono::Utc;
use desk_app::detail::{ActionKind, PendingState};
use desk_app::drafts::DraftInput;
use desk_app::list::{list, RequestQuery};
use desk_app::outbox;
use desk_app::AppErrorCode;
use desk_core::api::NewRequest;
use serde_json::json;
use vraa_sandbox::Seed;

use crate::common::*;

fn dvs_incident(subject: &str) -> NewRequest {
    NewRequest {
        request_type_id: "dvs.incident".into(),
        subject: subject.into(),
        description: "DVS neatver dokumentus".into(),
        fields: json!({"impact": "department"}),
        contract_id: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_without_a_contract_is_parked_fixed_or_discarded() {
    // Demo seed without history: DAP has only an e-mail contract.
    let sandbox = sandbox(Seed::DemoWithHistory(0)).await;
    let client = client(&sandbox.base_url(), DAP_TOKEN);
    let env = Env::new();
    env.store
        .queue_new_request(&dvs_incident("DVS nestrādā"))
        .unwrap();
    env.store
        .queue_new_request(&dvs_incident("DVS atkal"))
        .unwrap();
    sync(&env.store, &client).await;

    let items = outbox::list(&env.store).unwrap();
    assert_eq!(items.len(), 2);
    for item in &items {
        assert_eq!(item.state, PendingState::Parked);
        assert_eq!(item.kind, ActionKind::Create);
        assert_eq!(item.reference, None);
        let problem = item.problem.as_ref().expect("VRAA's message");
        assert_eq!(problem.status, 422);
        assert!(!problem.title.lv.is_empty() && !problem.title.en.is_empty());
        let detail = problem.detail.as_ref().expect("detail");
        assert!(detail.lv.contains("līguma"), "{detail:?}");
        assert!(detail.en.contains("contract"), "{detail:?}");
        assert_eq!(problem.field_errors.len(), 1);
        let field = &problem.field_errors[0];
        assert_eq!(field.field, "contract_id");
        assert_eq!(field.lv, "Nav spēkā esoša līguma.");
        assert_eq!(field.en, "No valid contract.");
        let draft = item.draft.as_ref().expect("the request as sent");
        assert_eq!(draft.request_type_id, "dvs.incident");
    }
    assert_eq!(env.store.outbox_counts().unwrap(), (0, 2));
    let (fix, drop) = (&items[0], &items[1]);
    assert_eq!(fix.subject.as_deref(), Some("DVS nestrādā"));

    // An invalid fix is refused and changes nothing.
    let invalid = DraftInput {
        subject: "   ".into(),
        ..fix.draft.clone().unwrap()
    };
    let error = outbox::fix_request(&env.store, fix.seq, &invalid).unwrap_err();
    assert_eq!(error.code, AppErrorCode::InvalidInput);
    assert_eq!(error.field.as_deref(), Some("subject"));
    assert_ne!(error.lv, error.en);
    let still = outbox::list(&env.store).unwrap();
    assert_eq!(still[0].state, PendingState::Parked);
    assert_eq!(still[0].subject.as_deref(), Some("DVS nestrādā"));

    // Discard drops it: gone from the Outbox and from the Requests list.
    outbox::discard(&env.store, drop.seq).unwrap();
    let left = outbox::list(&env.store).unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].seq, fix.seq);
    let rows = list(&env.ctx(Utc::now()), &RequestQuery::default()).unwrap();
    assert!(rows.rows.iter().all(|r| r.subject != "DVS atkal"));
    let gone = outbox::discard(&env.store, drop.seq).unwrap_err();
    assert_eq!(gone.code, AppErrorCode::NotFound);

    // A valid fix: a shared-component issue needs no contract; it is resent.
    let fixed = DraftInput {
        id: None,
        request_type_id: "shared.issue".into(),
        subject: "Dokumentu pakalpojums nestrādā".into(),
        description: "Kļūda atverot dokumentus".into(),
        fields: json!({"component_id": "e_address", "environment": "production"}),
        attachments: Vec::new(),
    };
    outbox::fix_request(&env.store, fix.seq, &fixed).unwrap();
    let resent = outbox::list(&env.store).unwrap();
    assert_eq!(resent.len(), 1);
    assert_eq!(resent[0].state, PendingState::Pending);
    assert!(resent[0].problem.is_none());
    sync(&env.store, &client).await;
    assert!(outbox::list(&env.store).unwrap().is_empty());
    let rows = list(&env.ctx(Utc::now()), &RequestQuery::default()).unwrap();
    assert_eq!(rows.total, 1);
    assert_eq!(rows.rows[0].subject, "Dokumentu pakalpojums nestrādā");
    assert!(rows.rows[0].reference.is_some());
    sandbox.shutdown().await.unwrap();
}
