//! The request detail: timeline, allowed actions, queued actions refused or
//! delivered, the confirm-and-rate flow, attachments checked before queueing.

use chrono::Utc;
use desk_app::detail::{
    attach_files, queue_action, request_view, ActionInput, ActionKind, PendingState, TimelineItem,
};
use desk_app::AppErrorCode;
use desk_core::api::{ActorKind, RequestStatus};
use desk_store::OutboxAction;
use vraa_sandbox::Seed;

use crate::common::*;

fn bilingual(lv: &str, en: &str) {
    assert!(
        !lv.is_empty() && !en.is_empty(),
        "both languages: {lv} / {en}"
    );
    assert_ne!(lv, en, "Latvian and English differ");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_timeline_is_oldest_first_with_statuses_comments_and_files() {
    let sandbox = sandbox(Seed::Empty).await;
    let url = sandbox.base_url();
    let client = client(&url, VVD_TOKEN);
    let env = Env::new();
    env.store.queue_new_request(&issue("Laika līnija")).unwrap();
    sync(&env.store, &client).await;
    let id = id_of(&env.store, "Laika līnija");
    staff_path(&url, &id, &["registered", "assigned"]).await;
    staff_comment(&url, &id, "Skatāmies").await;
    staff_move(&url, &id, "in_progress").await;
    let ctx = env.ctx(Utc::now());
    queue_action(
        &ctx,
        &id,
        ActionInput::Comment {
            body: "Paldies".into(),
        },
    )
    .unwrap();
    let file = env.file("žurnāls.txt", 100);
    attach_files(&ctx, &id, &[file]).unwrap();
    sync(&env.store, &client).await;

    let view = request_view(&env.ctx(Utc::now()), &id).unwrap();
    assert_eq!(view.status, RequestStatus::InProgress);
    assert!(view
        .timeline
        .windows(2)
        .all(|w| timeline_at(&w[0]) <= timeline_at(&w[1])));
    let shape: Vec<String> = view
        .timeline
        .iter()
        .map(|t| match t {
            TimelineItem::Status { to, .. } => format!("status:{}", to.as_str()),
            TimelineItem::Comment { body, author, .. } => {
                format!("comment:{body}:{:?}", author.kind)
            }
            TimelineItem::Attachment { file_name, .. } => format!("file:{file_name}"),
        })
        .collect();
    assert_eq!(
        shape,
        [
            "status:submitted",
            "status:registered",
            "status:assigned",
            "comment:Skatāmies:Staff",
            "status:in_progress",
            "comment:Paldies:Customer",
            "file:žurnāls.txt",
        ]
    );
    match &view.timeline[2] {
        TimelineItem::Status { from, by, .. } => {
            assert_eq!(*from, Some(RequestStatus::Registered));
            assert_eq!(by.kind, ActorKind::Staff);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(view.attachments.len(), 1);
    assert!(!view.attachments[0].pending);
    assert!(view.pending.is_empty());
    // The standard catalogue gives shared-component issues SLA clocks.
    assert!(!view.clocks.is_empty());
    assert!(view.fields.iter().any(|f| f.key == "component_id"));
    sandbox.shutdown().await.unwrap();
}

fn timeline_at(item: &TimelineItem) -> chrono::DateTime<Utc> {
    match item {
        TimelineItem::Status { at, .. }
        | TimelineItem::Comment { at, .. }
        | TimelineItem::Attachment { at, .. } => *at,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn actions_follow_the_status_and_confirm_and_rate_reach_vraa() {
    let sandbox = sandbox(Seed::Empty).await;
    let url = sandbox.base_url();
    let client = client(&url, VVD_TOKEN);
    let env = Env::new();
    env.store.queue_new_request(&issue("Atrisināsim")).unwrap();
    sync(&env.store, &client).await;
    let id = id_of(&env.store, "Atrisināsim");
    staff_path(&url, &id, &["registered", "assigned", "in_progress"]).await;
    sync(&env.store, &client).await;

    let ctx = env.ctx(Utc::now());
    let view = request_view(&ctx, &id).unwrap();
    assert_eq!(
        view.allowed_actions,
        [ActionKind::Comment, ActionKind::Attach, ActionKind::Cancel]
    );
    // Not allowed in progress: refused at once, in both languages, nothing queued.
    for action in [
        ActionInput::ConfirmResolution { comment: None },
        ActionInput::Rate {
            score: 5,
            comment: None,
        },
        ActionInput::ProvideInformation {
            comment: "Dati".into(),
        },
    ] {
        let error = queue_action(&ctx, &id, action).unwrap_err();
        assert_eq!(error.code, AppErrorCode::InvalidInput);
        bilingual(&error.lv, &error.en);
    }
    assert!(env.store.outbox().unwrap().is_empty());

    staff_move(&url, &id, "resolved").await;
    sync(&env.store, &client).await;
    let ctx = env.ctx(Utc::now());
    let view = request_view(&ctx, &id).unwrap();
    assert_eq!(view.status, RequestStatus::Resolved);
    for kind in [
        ActionKind::ConfirmResolution,
        ActionKind::Reopen,
        ActionKind::Rate,
    ] {
        assert!(view.allowed_actions.contains(&kind), "{kind:?}");
    }
    let confirm = queue_action(
        &ctx,
        &id,
        ActionInput::ConfirmResolution {
            comment: Some("  ".into()),
        },
    )
    .unwrap();
    assert_eq!(confirm.kind, ActionKind::ConfirmResolution);
    assert_eq!(confirm.state, PendingState::Pending);
    let rate = queue_action(
        &ctx,
        &id,
        ActionInput::Rate {
            score: 5,
            comment: Some("Ātri un labi".into()),
        },
    )
    .unwrap();
    assert_eq!(rate.summary, "5/5 — Ātri un labi");
    // Shown as pending; a second rating is not offered nor accepted.
    let view = request_view(&ctx, &id).unwrap();
    assert_eq!(view.pending.len(), 2);
    assert!(!view.allowed_actions.contains(&ActionKind::Rate));
    let twice = queue_action(
        &ctx,
        &id,
        ActionInput::Rate {
            score: 1,
            comment: None,
        },
    )
    .unwrap_err();
    assert_eq!(twice.code, AppErrorCode::InvalidInput);
    // The blank comment was dropped before it was queued.
    assert!(env
        .store
        .outbox()
        .unwrap()
        .iter()
        .any(|e| matches!(&e.action, OutboxAction::ConfirmResolution { comment: None })));

    sync(&env.store, &client).await;
    let view = request_view(&env.ctx(Utc::now()), &id).unwrap();
    assert_eq!(view.status, RequestStatus::Closed);
    let rating = view.rating.expect("rating stored");
    assert_eq!(rating.score, 5);
    assert_eq!(rating.comment.as_deref(), Some("Ātri un labi"));
    assert!(view.pending.is_empty());
    assert!(env.store.outbox().unwrap().is_empty());
    // Closed and rated: nothing is left to do.
    assert!(
        view.allowed_actions.is_empty(),
        "{:?}",
        view.allowed_actions
    );
    let closed = queue_action(
        &env.ctx(Utc::now()),
        &id,
        ActionInput::Comment {
            body: "Vēl".into()
        },
    )
    .unwrap_err();
    assert_eq!(closed.code, AppErrorCode::InvalidInput);
    sandbox.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attach_files_refuses_big_and_unknown_files_and_queues_the_good_one() {
    let sandbox = sandbox(Seed::Empty).await;
    let url = sandbox.base_url();
    let client = client(&url, VVD_TOKEN);
    let env = Env::new();
    env.store.queue_new_request(&issue("Pielikumi")).unwrap();
    sync(&env.store, &client).await;
    let id = id_of(&env.store, "Pielikumi");
    let big = env.file(
        "liels.pdf",
        desk_core::attachments::MAX_ATTACHMENT_BYTES + 1,
    );
    let unknown = env.file("programma.exe", 10);
    let good = env.file("ekrānuzņēmums.txt", 1234);
    let missing = env.dir.path().join("nav.pdf").display().to_string();
    // A program named as a PDF: its bytes give it away before VRAA sees it.
    let disguised = env.dir.path().join("rēķins.pdf");
    std::fs::write(&disguised, b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF\0\0").unwrap();
    let disguised = disguised.display().to_string();
    let ctx = env.ctx(Utc::now());
    let checks = attach_files(&ctx, &id, &[big, unknown, good, missing, disguised]).unwrap();
    assert_eq!(checks.len(), 5);
    assert!(checks[4]
        .problem
        .as_ref()
        .unwrap()
        .en
        .contains("does not match its type"));
    for check in [&checks[0], &checks[1], &checks[3], &checks[4]] {
        let problem = check.problem.as_ref().expect("a problem");
        assert_eq!(problem.field, "attachments");
        bilingual(&problem.lv, &problem.en);
    }
    assert!(checks[0].problem.as_ref().unwrap().en.contains("liels.pdf"));
    assert_eq!(
        checks[0].size as usize,
        desk_core::attachments::MAX_ATTACHMENT_BYTES + 1
    );
    assert!(checks[2].is_ok());
    assert_eq!(checks[2].content_type.as_deref(), Some("text/plain"));
    assert_eq!(checks[2].size, 1234);

    let outbox = env.store.outbox().unwrap();
    assert_eq!(outbox.len(), 1, "only the good file is queued");
    assert!(matches!(
        &outbox[0].action,
        OutboxAction::Attach { file_name, size: 1234, .. } if file_name == "ekrānuzņēmums.txt"
    ));
    let view = request_view(&ctx, &id).unwrap();
    assert_eq!(view.attachments.len(), 1);
    assert!(view.attachments[0].pending);
    assert!(view.attachments[0].id.starts_with("local:"));
    assert_eq!(view.pending[0].kind, ActionKind::Attach);

    sync(&env.store, &client).await;
    let view = request_view(&env.ctx(Utc::now()), &id).unwrap();
    assert_eq!(view.attachments.len(), 1);
    assert!(!view.attachments[0].pending);
    assert_eq!(view.attachments[0].file_name, "ekrānuzņēmums.txt");
    assert_eq!(view.attachments[0].size, 1234);

    // Nothing can be attached to a cancelled request.
    queue_action(
        &env.ctx(Utc::now()),
        &id,
        ActionInput::Cancel { comment: None },
    )
    .unwrap();
    sync(&env.store, &client).await;
    let file = env.file("vēlāk.txt", 5);
    let refused = attach_files(&env.ctx(Utc::now()), &id, &[file]).unwrap_err();
    assert_eq!(refused.code, AppErrorCode::InvalidInput);
    bilingual(&refused.lv, &refused.en);
    assert!(env.store.outbox().unwrap().is_empty());
    sandbox.shutdown().await.unwrap();
}

#[test]
fn an_unknown_request_is_not_found() {
    let env = Env::new();
    let error = request_view(&env.ctx(utc(2026, 11, 23, 12, 0)), "nav-tāda").unwrap_err();
    assert_eq!(error.code, AppErrorCode::NotFound);
    bilingual(&error.lv, &error.en);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn actions_on_a_request_created_offline_wait_and_follow_it_to_vraa() {
    let addr = unused_addr();
    let client = client(&format!("http://{addr}"), VVD_TOKEN);
    let env = Env::new();
    let entry = env
        .store
        .queue_new_request(&issue("Bezsaistē ar komentāru"))
        .unwrap();
    let local_id = match &entry.action {
        OutboxAction::CreateRequest { local_id, .. } => local_id.clone(),
        other => panic!("{other:?}"),
    };
    let ctx = env.ctx(Utc::now());
    let view = request_view(&ctx, &local_id).unwrap();
    assert_eq!(view.reference, None);
    assert_eq!(view.status, RequestStatus::Submitted);
    assert_eq!(
        view.allowed_actions,
        [ActionKind::Comment, ActionKind::Attach, ActionKind::Cancel]
    );
    let refused = queue_action(
        &ctx,
        &local_id,
        ActionInput::Rate {
            score: 3,
            comment: None,
        },
    )
    .unwrap_err();
    assert_eq!(refused.code, AppErrorCode::InvalidInput);
    queue_action(
        &ctx,
        &local_id,
        ActionInput::Comment {
            body: "Papildu informācija".into(),
        },
    )
    .unwrap();
    let file = env.file("kļūda.txt", 64);
    attach_files(&ctx, &local_id, &[file]).unwrap();
    let view = request_view(&ctx, &local_id).unwrap();
    let kinds: Vec<ActionKind> = view.pending.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [ActionKind::Create, ActionKind::Comment, ActionKind::Attach]
    );
    assert_eq!(view.attachments.len(), 1);
    assert!(view.attachments[0].pending);
    // The Outbox names the request by its subject before VRAA knows it.
    let items = desk_app::outbox::list(&env.store).unwrap();
    assert_eq!(items.len(), 3);
    assert!(items
        .iter()
        .all(|i| i.subject.as_deref() == Some("Bezsaistē ar komentāru") && i.reference.is_none()));
    assert!(desk_sync::sync_once(&env.store, &client, &options())
        .await
        .is_err());

    let sandbox = sandbox_at(addr, &env.dir.path().join("vraa.sqlite3")).await;
    sync(&env.store, &client).await;
    let view = request_view(&env.ctx(Utc::now()), &local_id).unwrap();
    assert!(view.reference.is_some());
    assert!(view.pending.is_empty());
    assert!(view.timeline.iter().any(|t| matches!(
        t,
        TimelineItem::Comment { body, .. } if body == "Papildu informācija"
    )));
    assert_eq!(view.attachments.len(), 1);
    assert!(!view.attachments[0].pending);
    assert_eq!(view.attachments[0].file_name, "kļūda.txt");
    sandbox.shutdown().await.unwrap();
}
