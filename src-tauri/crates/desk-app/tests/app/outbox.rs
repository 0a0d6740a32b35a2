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
        // A conflict with DAP's contracts, not a malformed request (the
        // OpenAPI document allows the body): 409 `no_contract`.
        assert_eq!(problem.status, 409);
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

async fn set_drop_share(base_url: &str, drop_share: f64) {
    let response = reqwest::Client::new()
        .put(format!("{base_url}/admin/v1/faults"))
        .bearer_auth(vraa_sandbox::ADMIN_TOKEN)
        .json(
            &json!({"latency_ms": 0, "error_500_share": 0.0, "error_503_share": 0.0,
                      "rate_limit_share": 0.0, "drop_share": drop_share}),
        )
        .send()
        .await
        .expect("faults call");
    assert!(response.status().is_success(), "{}", response.status());
}

/// Issue 11 item 7: a row whose answer was lost (VRAA took it, the answer
/// never came back) is flagged; discarding it first asks VRAA by its
/// idempotency key, and since VRAA has it, stores VRAA's answer instead:
/// nothing lost, nothing sent twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discarding_a_row_whose_answer_was_lost_keeps_what_vraa_already_has() {
    let sandbox = sandbox(Seed::Empty).await;
    let base = sandbox.base_url();
    let client = client(&base, VVD_TOKEN);
    let env = Env::new();
    let entry = env
        .store
        .queue_new_request(&issue("Autentifikācija neizdodas"))
        .unwrap();

    // The call takes effect, then its connection is dropped; the engine
    // notes the failed attempt, as a sync run does before it gives up.
    set_drop_share(&base, 1.0).await;
    let lost = client
        .send(&entry, |_| Err("the row has no files".to_owned()))
        .await
        .expect_err("the answer never came");
    env.store
        .note_outbox_failure(entry.seq, &lost.to_string())
        .unwrap();
    set_drop_share(&base, 0.0).await;
    let items = outbox::list(&env.store).unwrap();
    assert_eq!(items.len(), 1, "still queued: no answer came");
    assert!(items[0].attempts > 0);
    assert!(items[0].answer_lost, "{:?}", items[0]);

    let outcome = outbox::discard_checked(&env.store, Some(&client), entry.seq)
        .await
        .unwrap();
    assert_eq!(outcome, outbox::DiscardOutcome::AlreadyAtVraa);
    assert!(env.store.outbox().unwrap().is_empty());
    let page = list(&env.ctx(Utc::now()), &RequestQuery::default()).unwrap();
    assert_eq!(page.rows.len(), 1, "kept, as VRAA has it");
    assert!(page.rows[0].reference.is_some(), "with VRAA's reference");

    // A full sync afterwards shows one request: nothing was sent twice.
    sync(&env.store, &client).await;
    let page = list(&env.ctx(Utc::now()), &RequestQuery::default()).unwrap();
    assert_eq!(page.rows.len(), 1);
    sandbox.shutdown().await.unwrap();
}

/// The other cases: a row that failed without reaching VRAA is discarded
/// after VRAA says it has no such call; without a connection nothing is
/// discarded and the message says VRAA may already have it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_row_vraa_never_got_is_discarded_and_offline_nothing_is() {
    let sandbox = sandbox(Seed::Empty).await;
    let client = client(&sandbox.base_url(), VVD_TOKEN);
    let env = Env::new();
    let entry = env.store.queue_new_request(&issue("Nenonāca")).unwrap();
    env.store
        .note_outbox_failure(entry.seq, "no answer was received: timed out")
        .unwrap();

    let offline = outbox::discard_checked(&env.store, None, entry.seq)
        .await
        .unwrap_err();
    assert_eq!(offline.code, AppErrorCode::Unreachable);
    assert!(offline.lv.contains("jau ir saņēmusi"), "{}", offline.lv);
    assert!(offline.en.contains("may already have"), "{}", offline.en);
    assert!(
        offline.en.contains("Nothing was discarded"),
        "{}",
        offline.en
    );
    assert_eq!(env.store.outbox().unwrap().len(), 1);

    let outcome = outbox::discard_checked(&env.store, Some(&client), entry.seq)
        .await
        .unwrap();
    assert_eq!(outcome, outbox::DiscardOutcome::Discarded);
    assert!(env.store.outbox().unwrap().is_empty());
    sync(&env.store, &client).await;
    let page = list(&env.ctx(Utc::now()), &RequestQuery::default()).unwrap();
    assert!(
        page.rows.is_empty(),
        "VRAA never had it, and was not sent it now"
    );
    sandbox.shutdown().await.unwrap();
}
