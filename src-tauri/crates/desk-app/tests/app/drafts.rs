//! New request drafts: saved as typed, validated in both languages, refused
//! while invalid, submitted with a file in one go and delivered by the sync.

use chrono::Utc;
use desk_app::detail::request_view;
use desk_app::drafts::{self, DraftInput};
use desk_app::AppErrorCode;
use desk_store::OutboxAction;
use serde_json::json;
use vraa_sandbox::Seed;

use crate::common::*;

fn licence(fields: serde_json::Value, attachments: Vec<String>) -> DraftInput {
    DraftInput {
        id: None,
        request_type_id: "email.licence_assign".into(),
        subject: "Licence jaunajai kolēģei".into(),
        description: "Sāk darbu pirmdien".into(),
        fields,
        attachments,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_is_validated_refused_while_invalid_then_submitted_with_its_file() {
    let sandbox = sandbox(Seed::Empty).await;
    let client = client(&sandbox.base_url(), VVD_TOKEN);
    let env = Env::new();

    // Incomplete and wrong: no user name, a bad e-mail. Saving is fine (a draft).
    let bad = licence(
        json!({"user_email": "nav-epasts", "licence": "exchange_online_plan_1"}),
        Vec::new(),
    );
    let saved = drafts::save(&env.store, bad.clone()).unwrap();
    assert_eq!(saved.service_id, "email");
    assert_eq!(saved.type_name.en, "Assign a licence");
    let problems = drafts::validate(&env.store, &bad).unwrap();
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert!(fields.contains(&"user_name"), "{problems:?}");
    assert!(fields.contains(&"user_email"), "{problems:?}");
    assert_eq!(problems.len(), 2, "{problems:?}");
    for p in &problems {
        assert!(
            !p.lv.is_empty() && !p.en.is_empty() && p.lv != p.en,
            "{p:?}"
        );
    }

    let refused = drafts::submit(&env.store, &saved.id).unwrap_err();
    assert_eq!(refused.code, AppErrorCode::InvalidInput);
    assert!(refused.field.is_some());
    assert!(refused.en.contains("1 more"), "{}", refused.en);
    assert!(env.store.outbox().unwrap().is_empty(), "nothing queued");
    assert_eq!(drafts::list(&env.store).unwrap().len(), 1, "draft kept");

    // Fixed in the same draft, with a file.
    let file = env.file("rīkojums.pdf", 2048);
    let good = DraftInput {
        id: Some(saved.id.clone()),
        ..licence(
            json!({
                "user_name": "Zane Ozoliņa",
                "user_email": "zane.ozolina@vvd.example.lv",
                "licence": "exchange_online_plan_1"
            }),
            vec![file.clone()],
        )
    };
    let resaved = drafts::save(&env.store, good.clone()).unwrap();
    assert_eq!(resaved.id, saved.id, "the same draft, updated");
    assert_eq!(
        drafts::get(&env.store, &saved.id).unwrap().attachments,
        [file]
    );
    assert!(drafts::validate(&env.store, &good).unwrap().is_empty());

    let submitted = drafts::submit(&env.store, &saved.id).unwrap();
    assert!(
        drafts::list(&env.store).unwrap().is_empty(),
        "draft removed"
    );
    let missing = drafts::get(&env.store, &saved.id).unwrap_err();
    assert_eq!(missing.code, AppErrorCode::NotFound);
    let outbox = env.store.outbox().unwrap();
    assert_eq!(outbox.len(), 2, "create + attach");
    assert!(matches!(
        &outbox[0].action,
        OutboxAction::CreateRequest { local_id, .. } if *local_id == submitted.local_id
    ));
    assert!(matches!(
        &outbox[1].action,
        OutboxAction::Attach { file_name, size: 2048, .. } if file_name == "rīkojums.pdf"
    ));
    let ctx = env.ctx(Utc::now());
    let local = request_view(&ctx, &submitted.local_id).unwrap();
    assert_eq!(local.reference, None);
    assert_eq!(local.pending.len(), 2);
    assert_eq!(local.attachments.len(), 1);
    assert!(local.attachments[0].pending);
    assert!(local
        .fields
        .iter()
        .any(|f| f.key == "user_name" && f.value.lv == "Zane Ozoliņa"));
    // A code shows by its label from the catalogue, in both languages.
    let plan = local.fields.iter().find(|f| f.key == "licence").unwrap();
    assert_eq!(plan.value.lv, "Exchange Online (1. plāns)");
    assert_eq!(plan.value.en, "Exchange Online (Plan 1)");

    sync(&env.store, &client).await;
    assert!(env.store.outbox().unwrap().is_empty());
    let view = request_view(&env.ctx(Utc::now()), &submitted.local_id).unwrap();
    assert!(view.reference.is_some());
    assert_eq!(view.subject, "Licence jaunajai kolēģei");
    assert_eq!(view.attachments.len(), 1);
    assert!(!view.attachments[0].pending);
    assert_eq!(view.attachments[0].file_name, "rīkojums.pdf");
    // As VRAA has it, with the labels of the catalogue the sandbox serves.
    let plan = view.fields.iter().find(|f| f.key == "licence").unwrap();
    assert_eq!(plan.value.en, "Exchange Online (Plan 1)");
    sandbox.shutdown().await.unwrap();
}

#[test]
fn a_missing_file_and_an_unknown_type_are_problems() {
    let env = Env::new();
    let input = licence(
        json!({
            "user_name": "Zane Ozoliņa",
            "user_email": "zane.ozolina@vvd.example.lv",
            "licence": "exchange_online_plan_1"
        }),
        vec![env.dir.path().join("nav.pdf").display().to_string()],
    );
    let problems = drafts::validate(&env.store, &input).unwrap();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].field, "attachments");
    let unknown = DraftInput {
        request_type_id: "nav.tāda".into(),
        ..input
    };
    let error = drafts::save(&env.store, unknown).unwrap_err();
    assert_eq!(error.code, AppErrorCode::InvalidInput);
    assert_eq!(error.field.as_deref(), Some("requestTypeId"));
}

/// Issue 11 item 5: an autosave that arrives after the submission (it was in
/// flight when Submit was pressed) is refused and does not bring the draft
/// back; submitting the same draft again queues nothing more.
#[test]
fn a_save_after_submit_is_refused_and_a_second_submit_queues_nothing() {
    let env = Env::new();
    let good = licence(
        json!({
            "user_name": "Zane Ozoliņa",
            "user_email": "zane.ozolina@vvd.example.lv",
            "licence": "exchange_online_plan_1"
        }),
        Vec::new(),
    );
    let saved = drafts::save(&env.store, good.clone()).unwrap();
    let submitted = drafts::submit(&env.store, &saved.id).unwrap();

    let late = DraftInput {
        id: Some(saved.id.clone()),
        subject: "Vēlāk ierakstīts".into(),
        ..good
    };
    let refused = drafts::save(&env.store, late).unwrap_err();
    assert_eq!(refused.code, AppErrorCode::DraftSubmitted);
    assert!(refused.lv.contains("jau ir iesniegts"), "{}", refused.lv);
    assert!(refused.en.contains("already submitted"), "{}", refused.en);
    assert!(
        drafts::list(&env.store).unwrap().is_empty(),
        "the draft is not re-created"
    );

    let again = drafts::submit(&env.store, &saved.id).unwrap_err();
    assert_eq!(again.code, AppErrorCode::DraftSubmitted);
    let outbox = env.store.outbox().unwrap();
    assert_eq!(outbox.len(), 1, "one request queued: {outbox:?}");
    assert!(matches!(
        &outbox[0].action,
        OutboxAction::CreateRequest { local_id, request }
            if *local_id == submitted.local_id && request.subject == "Licence jaunajai kolēģei"
    ));
}

/// Issue 11 item 13: a list of codes (DVS roles) shows its labels joined, in
/// each language; a code the schema does not know shows as it is.
#[test]
fn coded_values_show_with_their_labels() {
    let catalog = desk_core::api::catalogue_data::standard_catalog();
    let rights = catalog.request_type("dvs.user_rights");
    let fields = desk_app::detail::field_views(
        rights,
        &json!({"roles": ["reader", "approver", "future_role"]}),
    );
    let roles = fields.iter().find(|f| f.key == "roles").unwrap();
    assert_eq!(roles.value.lv, "Lasītājs, Saskaņotājs, future_role");
    assert_eq!(roles.value.en, "Reader, Approver, future_role");
}
