//! Behaviour of the local store: drafts, outbox, change pages, search, events.

use chrono::{TimeZone, Utc};
use desk_core::api::{
    Actor, ActorKind, Change, ChangeData, ChangePage, Comment, NewRequest, Problem, ProblemCode,
    Request, RequestStatus, StatusChange,
};
use desk_store::{Ack, DraftInput, OutboxAction, OutboxState, RequestFilter, Store, StoreEvent};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db.sqlite3")).unwrap();
    (dir, store)
}

fn actor() -> Actor {
    Actor {
        kind: ActorKind::Customer,
        name: "Jānis Kļaviņš".into(),
    }
}

fn request(id: &str, subject: &str, version: i64, status: RequestStatus) -> Request {
    let at =
        Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap() + chrono::Duration::minutes(version);
    Request {
        id: id.into(),
        reference: format!("VRAA-2026-{id}"),
        request_type_id: "email.mailbox_create".into(),
        service_id: "email".into(),
        contract_id: None,
        subject: subject.into(),
        description: "Apraksts".into(),
        fields: serde_json::json!({"display_name": "Ķemeru nodaļa", "quota_gb": 5}),
        status,
        requester: actor(),
        created_at: at,
        updated_at: at,
        version,
        status_history: vec![StatusChange {
            from: None,
            to: RequestStatus::Submitted,
            at,
            by: actor(),
        }],
        rating: None,
    }
}

fn comment(id: &str, request_id: &str, body: &str) -> Comment {
    Comment {
        id: id.into(),
        request_id: request_id.into(),
        author: actor(),
        body: body.into(),
        created_at: Utc.with_ymd_and_hms(2026, 11, 21, 9, 0, 0).unwrap(),
    }
}

fn page(changes: Vec<ChangeData>, cursor: &str) -> ChangePage {
    ChangePage {
        changes: changes
            .into_iter()
            .enumerate()
            .map(|(i, data)| Change {
                seq: i as i64 + 1,
                at: Utc::now(),
                data,
            })
            .collect(),
        next_cursor: cursor.into(),
        has_more: false,
    }
}

fn new_request(subject: &str) -> NewRequest {
    NewRequest {
        request_type_id: "email.mailbox_create".into(),
        subject: subject.into(),
        description: String::new(),
        fields: serde_json::json!({}),
        contract_id: None,
    }
}

fn search(store: &Store, text: &str) -> Vec<String> {
    store
        .list_requests(&RequestFilter {
            search: Some(text.into()),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect()
}

#[test]
fn search_folds_latvian_diacritics_both_ways() {
    let (_dir, store) = store();
    store
        .apply_change_page(&page(
            vec![
                ChangeData::Request(request("r1", "Ķēdes pārbaude", 1, RequestStatus::Submitted)),
                ChangeData::Request(request("r2", "Kede parbaude", 1, RequestStatus::Submitted)),
                ChangeData::Request(request("r3", "Cits temats", 1, RequestStatus::Submitted)),
                ChangeData::Comment(comment("c1", "r3", "Lūdzu pārbaudīt ģeogrāfisko žurnālu")),
            ],
            "4",
        ))
        .unwrap();
    // ķ finds k and back, in the subject.
    assert_eq!(search(&store, "ķēde").len(), 2);
    assert_eq!(search(&store, "kede").len(), 2);
    // Every Latvian letter with a diacritic, in a comment.
    assert_eq!(
        search(&store, "geografisko zurnalu"),
        vec!["r3".to_string()]
    );
    assert_eq!(search(&store, "ĢEOGRĀFISKO"), vec!["r3".to_string()]);
    assert_eq!(search(&store, "ludzu parbaudit"), vec!["r3".to_string()]);
    // Field values are searchable, folded too.
    assert_eq!(search(&store, "kemeru").len(), 3);
    // Text with FTS syntax characters is not an error.
    assert!(search(&store, "\"NOT* (").is_empty());
    assert!(search(&store, "nav tāda vārda").is_empty());
    for (with, without) in [
        ("ā", "a"),
        ("č", "c"),
        ("ē", "e"),
        ("ģ", "g"),
        ("ī", "i"),
        ("ķ", "k"),
        ("ļ", "l"),
        ("ņ", "n"),
        ("š", "s"),
        ("ū", "u"),
        ("ž", "z"),
    ] {
        let id = format!("x{with}");
        store
            .apply_change_page(&page(
                vec![ChangeData::Comment(comment(
                    &id,
                    "r1",
                    &format!("zz{with}zz"),
                ))],
                "5",
            ))
            .unwrap();
        assert_eq!(
            search(&store, &format!("zz{without}zz")),
            vec!["r1".to_string()],
            "{with}"
        );
    }
}

#[test]
fn a_change_page_is_applied_with_its_cursor_and_older_versions_never_win() {
    let (_dir, store) = store();
    store
        .save_draft(&DraftInput {
            id: Some("d1".into()),
            request_type_id: "email.mailbox_create".into(),
            subject: "Mans melnraksts".into(),
            description: String::new(),
            fields: serde_json::json!({"a": 1}),
            attachments: vec![],
        })
        .unwrap();
    store
        .apply_change_page(&page(
            vec![ChangeData::Request(request(
                "r1",
                "A",
                3,
                RequestStatus::InProgress,
            ))],
            "10",
        ))
        .unwrap();
    assert_eq!(store.sync_state().unwrap().cursor, "10");
    // An older snapshot arriving later does not overwrite the newer one.
    store
        .apply_change_page(&page(
            vec![ChangeData::Request(request(
                "r1",
                "A old",
                2,
                RequestStatus::Submitted,
            ))],
            "11",
        ))
        .unwrap();
    let detail = store.request_detail("r1").unwrap().unwrap();
    assert_eq!(detail.request.status, RequestStatus::InProgress);
    assert_eq!(detail.request.subject, "A");
    assert_eq!(
        detail.request,
        request("r1", "A", 3, RequestStatus::InProgress)
    );
    // By reference too.
    let reference = detail.request.reference.clone();
    assert_eq!(
        store
            .request_detail(&reference)
            .unwrap()
            .unwrap()
            .request
            .id,
        "r1"
    );
    assert_eq!(store.sync_state().unwrap().cursor, "11");
    // Drafts are never touched by a pull.
    assert_eq!(store.drafts().unwrap().len(), 1);
    assert_eq!(
        store.draft("d1").unwrap().unwrap().subject,
        "Mans melnraksts"
    );
}

#[test]
fn submitting_a_draft_turns_it_into_one_outbox_row_and_emits_events() {
    let (_dir, store) = store();
    let mut events = store.subscribe();
    let draft = store
        .save_draft(&DraftInput {
            id: None,
            request_type_id: "email.mailbox_create".into(),
            subject: "Jauna pastkaste".into(),
            description: "d".into(),
            fields: serde_json::json!({"display_name": "X"}),
            attachments: vec![],
        })
        .unwrap();
    assert_eq!(
        events.try_recv().unwrap(),
        StoreEvent::DraftSaved {
            id: draft.id.clone()
        }
    );
    let entry = store.submit_draft(&draft.id).unwrap();
    assert!(store.draft(&draft.id).unwrap().is_none());
    assert_eq!(
        events.try_recv().unwrap(),
        StoreEvent::DraftDeleted {
            id: draft.id.clone()
        }
    );
    assert_eq!(events.try_recv().unwrap(), StoreEvent::OutboxChanged);
    let outbox = store.outbox().unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0], entry);
    assert_eq!(outbox[0].idempotency_key.len(), 36);
    match &outbox[0].action {
        OutboxAction::CreateRequest { request, .. } => {
            assert_eq!(request.subject, "Jauna pastkaste");
            assert_eq!(request.fields, serde_json::json!({"display_name": "X"}));
        }
        other => panic!("unexpected {other:?}"),
    }
    // Submitting twice cannot create a second row.
    assert!(store.submit_draft(&draft.id).is_err());
    assert_eq!(store.outbox().unwrap().len(), 1);
}

#[test]
fn the_outbox_sends_in_order_per_request_and_rekeys_after_creation() {
    let (_dir, store) = store();
    store
        .apply_change_page(&page(
            vec![ChangeData::Request(request(
                "r9",
                "Esošs",
                1,
                RequestStatus::InProgress,
            ))],
            "1",
        ))
        .unwrap();
    let create = store.queue_new_request(&new_request("Jauns")).unwrap();
    let local = create.request_key.clone();
    let c1 = store
        .queue_action(
            &local,
            &OutboxAction::Comment {
                body: "pirmais".into(),
            },
        )
        .unwrap();
    let other = store
        .queue_action(
            "r9",
            &OutboxAction::Comment {
                body: "citam".into(),
            },
        )
        .unwrap();
    let c2 = store
        .queue_action(
            &local,
            &OutboxAction::Comment {
                body: "otrais".into(),
            },
        )
        .unwrap();
    // Heads only: the create and the other request's comment.
    let ready: Vec<i64> = store
        .outbox_ready()
        .unwrap()
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(ready, vec![create.seq, other.seq]);
    // VRAA acknowledges the create: later rows move to VRAA's id, still in order.
    assert!(store
        .ack_outbox(
            create.seq,
            &Ack::Request(request("srv-1", "Jauns", 1, RequestStatus::Submitted))
        )
        .unwrap());
    // A second acknowledgement of the same row changes nothing.
    assert!(!store
        .ack_outbox(
            create.seq,
            &Ack::Request(request("srv-1", "Jauns", 1, RequestStatus::Submitted))
        )
        .unwrap());
    let ready = store.outbox_ready().unwrap();
    assert_eq!(
        ready.iter().map(|e| e.seq).collect::<Vec<_>>(),
        vec![c1.seq, other.seq]
    );
    assert_eq!(ready[0].request_key, "srv-1");
    // An action queued now by the local id goes to VRAA's id.
    let c3 = store
        .queue_action(
            &local,
            &OutboxAction::Comment {
                body: "trešais".into(),
            },
        )
        .unwrap();
    assert_eq!(c3.request_key, "srv-1");
    store
        .ack_outbox(c1.seq, &Ack::Comment(comment("k1", "srv-1", "pirmais")))
        .unwrap();
    let ready: Vec<i64> = store
        .outbox_ready()
        .unwrap()
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(ready, vec![other.seq, c2.seq]);
    assert_eq!(
        store
            .request_detail("srv-1")
            .unwrap()
            .unwrap()
            .comments
            .len(),
        1
    );
}

#[test]
fn a_parked_row_keeps_vraas_message_and_holds_back_its_request() {
    let (_dir, store) = store();
    store
        .apply_change_page(&page(
            vec![ChangeData::Request(request(
                "r1",
                "A",
                1,
                RequestStatus::Closed,
            ))],
            "1",
        ))
        .unwrap();
    let first = store
        .queue_action(
            "r1",
            &OutboxAction::Comment {
                body: "vēl viens".into(),
            },
        )
        .unwrap();
    let second = store
        .queue_action(
            "r1",
            &OutboxAction::Rate {
                score: 5,
                comment: None,
            },
        )
        .unwrap();
    let problem = Problem {
        type_uri: "https://vraa-desk.invalid/problems/invalid_transition".into(),
        title: "Invalid transition".into(),
        title_lv: "Nederīga pāreja".into(),
        status: 409,
        detail: "The request is closed.".into(),
        detail_lv: "Pieteikums ir slēgts.".into(),
        code: ProblemCode::InvalidTransition,
        instance: None,
        errors: vec![],
    };
    store.park_outbox(first.seq, &problem).unwrap();
    let rows = store.outbox().unwrap();
    assert_eq!(rows[0].state, OutboxState::Parked);
    assert_eq!(
        rows[0].problem.as_ref().unwrap().detail_lv,
        "Pieteikums ir slēgts."
    );
    assert_eq!(
        rows[0].problem.as_ref().unwrap().detail,
        "The request is closed."
    );
    assert!(store.outbox_ready().unwrap().is_empty());
    assert_eq!(store.outbox_counts().unwrap(), (1, 1));
    assert_eq!(store.discard_outbox(first.seq).unwrap(), 1);
    assert_eq!(store.outbox_ready().unwrap()[0].seq, second.seq);
}

#[test]
fn bad_actions_are_refused_before_queueing() {
    let (_dir, store) = store();
    assert!(store
        .queue_action("nope", &OutboxAction::Comment { body: "x".into() })
        .is_err());
    let create = store.queue_new_request(&new_request("A")).unwrap();
    let err = store
        .queue_action(
            &create.request_key,
            &OutboxAction::Comment { body: "  ".into() },
        )
        .unwrap_err();
    assert!(err.to_string().contains("the comment is empty"), "{err}");
    assert!(store.queue_new_request(&new_request("")).is_err());
    // Discarding a new request discards what was queued on it.
    store
        .queue_action(
            &create.request_key,
            &OutboxAction::Comment { body: "x".into() },
        )
        .unwrap();
    assert_eq!(store.discard_outbox(create.seq).unwrap(), 2);
    assert!(store.outbox().unwrap().is_empty());
}

#[test]
fn import_queues_all_or_nothing() {
    let (_dir, store) = store();
    let good: Vec<NewRequest> = (0..40)
        .map(|i| new_request(&format!("Licence {i}")))
        .collect();
    assert_eq!(store.queue_new_requests(&good).unwrap().len(), 40);
    let mut bad = good.clone();
    bad[17].subject = String::new();
    assert!(store.queue_new_requests(&bad).is_err());
    assert_eq!(store.outbox().unwrap().len(), 40);
}

#[test]
fn blobs_are_content_addressed() {
    let (dir, store) = store();
    let sha = store.put_blob(b"hello").unwrap();
    assert_eq!(
        sha,
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    );
    assert_eq!(store.put_blob(b"hello").unwrap(), sha);
    assert_eq!(store.blob(&sha).unwrap(), b"hello");
    assert!(store.blob_path(&sha).starts_with(dir.path()));
}

#[test]
fn a_tampered_cached_blob_is_an_error_never_served() {
    let (_dir, store) = store();
    let sha = store.put_blob(b"original").unwrap();
    std::fs::write(store.blob_path(&sha), b"tampered").unwrap();
    let error = store.blob(&sha).expect_err("tampered bytes are not served");
    assert!(
        matches!(error, desk_store::StoreError::BlobDamaged { .. }),
        "{error:?}"
    );
    // Storing the right bytes again repairs the cache.
    assert_eq!(store.put_blob(b"original").unwrap(), sha);
    assert_eq!(store.blob(&sha).unwrap(), b"original");
}

#[test]
fn comments_arriving_before_their_request_become_searchable_with_it() {
    let (_dir, store) = store();
    store
        .apply_change_page(&page(
            vec![ChangeData::Comment(comment(
                "c1",
                "late",
                "Ģirts pārbaudīja žurnālu",
            ))],
            "1",
        ))
        .unwrap();
    assert!(search(&store, "girts").is_empty(), "no request yet");
    store
        .apply_change_page(&page(
            vec![ChangeData::Request(request(
                "late",
                "Vēlais",
                1,
                RequestStatus::Submitted,
            ))],
            "2",
        ))
        .unwrap();
    assert_eq!(search(&store, "girts"), vec!["late".to_string()]);
    // An edited comment is found by its new text only.
    let mut edited = comment("c1", "late", "Ilze apstiprināja");
    edited.created_at = Utc::now();
    store
        .apply_change_page(&page(vec![ChangeData::Comment(edited)], "3"))
        .unwrap();
    assert!(search(&store, "girts").is_empty());
    assert_eq!(search(&store, "apstiprinaja"), vec!["late".to_string()]);
}

#[test]
fn a_page_that_fails_half_way_leaves_nothing_behind() {
    let (_dir, store) = store();
    store
        .apply_change_page(&page(
            vec![ChangeData::Request(request(
                "r1",
                "A",
                1,
                RequestStatus::Submitted,
            ))],
            "1",
        ))
        .unwrap();
    let mut clash = request("r3", "C", 1, RequestStatus::Submitted);
    clash.reference = request("r1", "A", 1, RequestStatus::Submitted).reference;
    let err = store
        .apply_change_page(&page(
            vec![
                ChangeData::Request(request("r2", "B", 1, RequestStatus::Submitted)),
                ChangeData::Comment(comment("c1", "r1", "jauns")),
                ChangeData::Request(clash),
            ],
            "4",
        ))
        .unwrap_err();
    assert!(err.to_string().contains("UNIQUE"), "{err}");
    assert_eq!(store.request_count().unwrap(), 1);
    assert_eq!(store.comment_count().unwrap(), 0);
    assert_eq!(store.sync_state().unwrap().cursor, "1");
    assert!(
        search(&store, "jauns").is_empty(),
        "the index rolled back too"
    );
}

/// Issue 11 item 5: a save that arrives WHILE the submission runs (between
/// its read of the draft and its commit) waits for it and is then refused; it
/// neither re-creates the draft nor changes what was queued.
#[test]
fn a_save_racing_a_submission_is_refused_and_the_read_content_is_queued() {
    use desk_store::{StoreError, Submission};
    use std::sync::{mpsc, Arc};

    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(&dir.path().join("db.sqlite3")).unwrap());
    let input = DraftInput {
        id: None,
        request_type_id: "email.mailbox_create".into(),
        subject: "Jauna pastkaste".into(),
        description: "d".into(),
        fields: serde_json::json!({"display_name": "X"}),
        attachments: vec![],
    };
    let draft = store.save_draft(&input).unwrap();
    let (started, save_started) = mpsc::channel();
    let mut racing_save = None;
    let entry = store
        .submit_draft_checked(&draft.id, |read| {
            let store = Arc::clone(&store);
            let late = DraftInput {
                id: Some(read.id.clone()),
                subject: "Autosave in flight".into(),
                ..input.clone()
            };
            racing_save = Some(std::thread::spawn(move || {
                started.send(()).unwrap();
                store.save_draft(&late)
            }));
            save_started.recv().unwrap();
            // Give the save every chance to slip in before the commit.
            std::thread::sleep(std::time::Duration::from_millis(100));
            Ok::<_, StoreError>(Submission {
                request: NewRequest {
                    request_type_id: read.request_type_id.clone(),
                    subject: read.subject.clone(),
                    description: read.description.clone(),
                    fields: read.fields.clone(),
                    contract_id: None,
                },
                attachments: vec![],
            })
        })
        .unwrap();
    let save = racing_save.unwrap().join().unwrap();
    match save {
        Err(StoreError::DraftAlreadySubmitted { draft_id, local_id }) => {
            assert_eq!(draft_id, draft.id);
            assert!(matches!(&entry.action,
                OutboxAction::CreateRequest { local_id: queued, .. } if *queued == local_id));
        }
        other => panic!("the late save must be refused, got {other:?}"),
    }
    assert!(store.drafts().unwrap().is_empty(), "draft not resurrected");
    let outbox = store.outbox().unwrap();
    assert_eq!(outbox.len(), 1);
    assert!(matches!(&outbox[0].action,
        OutboxAction::CreateRequest { request, .. } if request.subject == "Jauna pastkaste"));
    // A second submission of the same draft queues nothing and says why.
    assert!(matches!(
        store.submit_draft(&draft.id),
        Err(StoreError::DraftAlreadySubmitted { .. })
    ));
    assert_eq!(store.outbox().unwrap().len(), 1);
    assert!(store.draft_submitted_as(&draft.id).unwrap().is_some());
}
