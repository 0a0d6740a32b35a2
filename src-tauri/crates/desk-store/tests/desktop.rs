//! Store pieces of the desktop experience (issue 6): the request list with
//! filters and sorts, unread markers, local (unacknowledged) requests, drafts
//! with attachments, saved filters.

use chrono::{DateTime, Duration, TimeZone, Utc};
use desk_core::api::{
    Actor, ActorKind, Attachment, Change, ChangeData, ChangePage, Comment, NewRequest, Request,
    RequestStatus, StatusChange,
};
use desk_store::{
    Ack, DraftInput, OutboxAction, OutboxState, PreparedAttachment, RequestFilter, RequestQuery,
    RequestSort, Store, StoreError, StoreEvent,
};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db.sqlite3")).unwrap();
    (dir, store)
}

fn customer() -> Actor {
    Actor {
        kind: ActorKind::Customer,
        name: "Jānis Kļaviņš".into(),
    }
}

fn staff() -> Actor {
    Actor {
        kind: ActorKind::Staff,
        name: "VRAA atbalsts".into(),
    }
}

fn day(d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, d, 8, 0, 0).unwrap()
}

/// A request created on `created` by the customer, with one more status
/// change by staff per entry of `later`.
fn request(
    id: &str,
    service: &str,
    subject: &str,
    created: DateTime<Utc>,
    later: &[(RequestStatus, DateTime<Utc>)],
) -> Request {
    let mut history = vec![StatusChange {
        from: None,
        to: RequestStatus::Submitted,
        at: created,
        by: customer(),
    }];
    for (to, at) in later {
        history.push(StatusChange {
            from: Some(history[history.len() - 1].to),
            to: *to,
            at: *at,
            by: staff(),
        });
    }
    let last = history[history.len() - 1].clone();
    Request {
        id: id.into(),
        reference: format!("VRAA-2026-{id}"),
        request_type_id: format!("{service}.type"),
        service_id: service.into(),
        contract_id: None,
        subject: subject.into(),
        description: "Apraksts".into(),
        fields: serde_json::json!({}),
        status: last.to,
        requester: customer(),
        created_at: created,
        updated_at: last.at,
        version: history.len() as i64,
        status_history: history,
        rating: None,
    }
}

fn comment(id: &str, request_id: &str, by: Actor, at: DateTime<Utc>, body: &str) -> Comment {
    Comment {
        id: id.into(),
        request_id: request_id.into(),
        author: by,
        body: body.into(),
        created_at: at,
    }
}

fn apply(store: &Store, changes: Vec<ChangeData>) {
    store
        .apply_change_page(&ChangePage {
            changes: changes
                .into_iter()
                .enumerate()
                .map(|(i, data)| Change {
                    seq: i as i64 + 1,
                    at: Utc::now(),
                    data,
                })
                .collect(),
            next_cursor: "c".into(),
            has_more: false,
        })
        .unwrap();
}

fn ids(store: &Store, q: &RequestQuery) -> Vec<String> {
    store
        .list_request_rows(q)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect()
}

/// Four requests of two services, created on days 1–4 of October.
fn seeded() -> (tempfile::TempDir, Store) {
    let (dir, store) = store();
    apply(
        &store,
        vec![
            ChangeData::Request(request("r1", "email", "Licences piešķiršana", day(1), &[])),
            ChangeData::Request(request(
                "r2",
                "email",
                "Koplietošanas pastkaste",
                day(2),
                &[
                    (RequestStatus::Registered, day(2) + Duration::hours(1)),
                    (RequestStatus::InProgress, day(5)),
                ],
            )),
            ChangeData::Request(request(
                "r3",
                "dvs",
                "DVS lietotāja tiesības",
                day(3),
                &[(RequestStatus::Resolved, day(6))],
            )),
            ChangeData::Request(request(
                "r4",
                "dvs",
                "Dokumentu kopijas",
                day(4),
                &[(RequestStatus::Registered, day(4) + Duration::hours(2))],
            )),
            ChangeData::Comment(comment("c1", "r4", customer(), day(4), "Vajag arī licenci")),
        ],
    );
    (dir, store)
}

#[test]
fn the_list_filters_by_service_type_status_period_and_text() {
    let (_dir, store) = seeded();
    let by_reference = RequestQuery {
        sort: RequestSort::Reference,
        ..Default::default()
    };
    assert_eq!(ids(&store, &by_reference), ["r1", "r2", "r3", "r4"]);
    let q = |f: &dyn Fn(&mut RequestQuery)| {
        let mut q = by_reference.clone();
        f(&mut q);
        ids(&store, &q)
    };
    assert_eq!(q(&|q| q.service_ids = vec!["dvs".into()]), ["r3", "r4"]);
    assert_eq!(
        q(&|q| q.request_type_ids = vec!["email.type".into()]),
        ["r1", "r2"]
    );
    assert_eq!(
        q(&|q| q.statuses = vec![RequestStatus::Submitted, RequestStatus::Resolved]),
        ["r1", "r3"]
    );
    // created_from inclusive, created_to exclusive.
    assert_eq!(
        q(&|q| {
            q.created_from = Some(day(2));
            q.created_to = Some(day(4));
        }),
        ["r2", "r3"]
    );
    // Prefix search over subjects and comments ("licen" finds "Licences" and "licenci").
    assert_eq!(q(&|q| q.search = Some("licen".into())), ["r1", "r4"]);
    assert_eq!(
        q(&|q| {
            q.search = Some("licen".into());
            q.service_ids = vec!["email".into()];
        }),
        ["r1"]
    );
    assert!(q(&|q| q.search = Some("nekas tāds".into())).is_empty());
    // Text with no word matches everything, like no search.
    assert_eq!(q(&|q| q.search = Some(" \"* ".into())).len(), 4);
    assert_eq!(q(&|q| q.limit = Some(2)), ["r1", "r2"]);
}

#[test]
fn the_list_sorts_by_every_key_in_both_directions() {
    let (_dir, store) = seeded();
    let sorted = |sort, descending| {
        ids(
            &store,
            &RequestQuery {
                sort,
                descending,
                ..Default::default()
            },
        )
    };
    // updated: r1 day1, r4 day4, r2 day5, r3 day6.
    assert_eq!(
        sorted(RequestSort::UpdatedAt, true),
        ["r3", "r2", "r4", "r1"]
    );
    assert_eq!(
        sorted(RequestSort::UpdatedAt, false),
        ["r1", "r4", "r2", "r3"]
    );
    assert_eq!(
        sorted(RequestSort::CreatedAt, true),
        ["r4", "r3", "r2", "r1"]
    );
    assert_eq!(
        sorted(RequestSort::Reference, false),
        ["r1", "r2", "r3", "r4"]
    );
    // Life-cycle order: submitted < registered < in_progress < resolved.
    assert_eq!(sorted(RequestSort::Status, false), ["r1", "r4", "r2", "r3"]);
    assert_eq!(sorted(RequestSort::Status, true), ["r3", "r2", "r4", "r1"]);
}

#[test]
fn each_row_carries_its_status_history_and_queued_actions() {
    let (_dir, store) = seeded();
    store
        .queue_action(
            "r2",
            &OutboxAction::Comment {
                body: "Paldies".into(),
            },
        )
        .unwrap();
    store
        .queue_action("VRAA-2026-r2", &OutboxAction::Cancel { comment: None })
        .unwrap();
    // One query for all histories, and also when only a few rows match.
    for q in [
        RequestQuery::default(),
        RequestQuery {
            search: Some("pastkaste".into()),
            ..Default::default()
        },
    ] {
        let rows = store.list_request_rows(&q).unwrap();
        let r2 = rows.iter().find(|r| r.id == "r2").unwrap();
        assert_eq!(r2.pending, 2);
        let history: Vec<_> = r2.history.iter().map(|h| (h.to, h.at)).collect();
        assert_eq!(
            history,
            [
                (RequestStatus::Submitted, day(2)),
                (RequestStatus::Registered, day(2) + Duration::hours(1)),
                (RequestStatus::InProgress, day(5)),
            ]
        );
        assert_eq!(r2.reference, "VRAA-2026-r2");
        assert_eq!(r2.status, RequestStatus::InProgress);
        for other in rows.iter().filter(|r| r.id != "r2") {
            assert_eq!(other.pending, 0);
            assert_eq!(other.history[0].to, RequestStatus::Submitted);
        }
    }
    let rows = store
        .list_request_rows(&RequestQuery {
            service_ids: vec!["dvs".into()],
            ..Default::default()
        })
        .unwrap();
    let r3 = rows.iter().find(|r| r.id == "r3").unwrap();
    assert_eq!(r3.history.len(), 2);
    assert_eq!(r3.history[1].to, RequestStatus::Resolved);
}

#[test]
fn status_counts_follow_the_life_cycle() {
    let (_dir, store) = seeded();
    assert_eq!(
        store.status_counts().unwrap(),
        [
            (RequestStatus::Submitted, 1),
            (RequestStatus::Registered, 1),
            (RequestStatus::InProgress, 1),
            (RequestStatus::Resolved, 1),
        ]
    );
}

fn unread(store: &Store) -> Vec<String> {
    store
        .list_request_rows(&RequestQuery {
            sort: RequestSort::Reference,
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .filter(|r| r.unread)
        .map(|r| r.id)
        .collect()
}

#[test]
fn the_first_sync_marks_nothing_unread_and_later_staff_activity_does() {
    let (_dir, store) = seeded();
    // Before the first successful sync nothing is unread.
    assert!(unread(&store).is_empty());
    store
        .record_sync_result(Some("tīkls nav pieejams / no network"))
        .unwrap();
    assert!(unread(&store).is_empty());
    store.record_sync_result(None).unwrap();
    assert!(unread(&store).is_empty(), "old history is not news");
    assert_eq!(store.unread_count().unwrap(), 0);

    let soon = Utc::now() + Duration::minutes(1);
    apply(
        &store,
        vec![
            // VRAA moves r1 on, comments on r3, attaches to r4.
            ChangeData::Request(request(
                "r1",
                "email",
                "Licences piešķiršana",
                day(1),
                &[(RequestStatus::Registered, soon)],
            )),
            ChangeData::Comment(comment("c2", "r3", staff(), soon, "Lūdzu apstipriniet")),
            ChangeData::Attachment(Attachment {
                id: "a1".into(),
                request_id: "r4".into(),
                sha256: desk_core::api::Sha256Hex::parse(&"00".repeat(32)).unwrap(),
                file_name: "kopija.pdf".into(),
                size: 10,
                content_type: "application/pdf".into(),
                added_by: staff(),
                created_at: soon,
            }),
            // The customer's own comment is not news to the customer.
            ChangeData::Comment(comment("c3", "r2", customer(), soon, "Papildinu")),
        ],
    );
    assert_eq!(unread(&store), ["r1", "r3", "r4"]);
    assert_eq!(store.unread_count().unwrap(), 3);
    // A later successful sync does not move the baseline.
    store.record_sync_result(None).unwrap();
    assert_eq!(store.unread_count().unwrap(), 3);

    let mut events = store.subscribe();
    store.mark_seen("r3").unwrap();
    store.mark_seen("VRAA-2026-r4").unwrap();
    assert_eq!(
        events.try_recv().unwrap(),
        StoreEvent::RequestSeen { id: "r3".into() }
    );
    assert_eq!(
        events.try_recv().unwrap(),
        StoreEvent::RequestSeen { id: "r4".into() }
    );
    assert_eq!(unread(&store), ["r1"]);
    assert_eq!(store.unread_count().unwrap(), 1);

    // New activity after the user's look makes it unread again.
    let later = soon + Duration::hours(1);
    apply(
        &store,
        vec![ChangeData::Comment(comment(
            "c4",
            "r3",
            staff(),
            later,
            "Vēl viens jautājums",
        ))],
    );
    assert_eq!(unread(&store), ["r1", "r3"]);

    assert!(matches!(
        store.mark_seen("nav-tada"),
        Err(StoreError::UnknownRequest(_))
    ));
}

#[test]
fn staff_comments_that_arrive_before_their_request_still_count() {
    let (_dir, store) = store();
    store.record_sync_result(None).unwrap();
    let soon = Utc::now() + Duration::minutes(1);
    apply(
        &store,
        vec![
            ChangeData::Comment(comment("c1", "r9", staff(), soon, "Sveiki")),
            ChangeData::Request(request("r9", "email", "Vēlāk", day(1), &[])),
        ],
    );
    assert_eq!(unread(&store), ["r9"]);
}

fn new_request(subject: &str) -> NewRequest {
    NewRequest {
        request_type_id: "email.type".into(),
        subject: subject.into(),
        description: String::new(),
        fields: serde_json::json!({}),
        contract_id: None,
    }
}

#[test]
fn local_requests_show_until_acknowledged_and_their_rows_follow_them() {
    let (_dir, store) = store();
    let created = store
        .queue_new_request(&new_request("Jauna licence"))
        .unwrap();
    let local_id = created.request_key.clone();
    assert!(local_id.starts_with("local-"));
    store
        .queue_action(
            &local_id,
            &OutboxAction::Comment {
                body: "Steidzami".into(),
            },
        )
        .unwrap();
    let locals = store.local_requests().unwrap();
    assert_eq!(locals.len(), 1);
    assert_eq!(locals[0].local_id, local_id);
    assert_eq!(locals[0].request.subject, "Jauna licence");
    assert_eq!(locals[0].seq, created.seq);
    assert_eq!(locals[0].state, OutboxState::Pending);
    assert_eq!(locals[0].created_at, created.created_at);
    assert_eq!(store.outbox_for_request(&local_id).unwrap().len(), 2);
    // Nothing of VRAA's to mark on a request VRAA has not seen yet.
    let mut events = store.subscribe();
    store.mark_seen(&local_id).unwrap();
    assert!(events.try_recv().is_err());

    // VRAA acknowledges the creation: the request is VRAA's now.
    let mut acked = request("srv-1", "email", "Jauna licence", day(7), &[]);
    acked.reference = "VRAA-2026-000777".into();
    assert!(store.ack_outbox(created.seq, &Ack::Request(acked)).unwrap());
    assert!(store.local_requests().unwrap().is_empty());
    // Opening it by its local id now marks VRAA's request.
    store.mark_seen(&local_id).unwrap();
    let seen = std::iter::from_fn(|| events.try_recv().ok())
        .find(|e| matches!(e, StoreEvent::RequestSeen { .. }));
    assert_eq!(seen, Some(StoreEvent::RequestSeen { id: "srv-1".into() }));
    // The comment still waits, found by the local id, VRAA's id and the reference.
    for key in [local_id.as_str(), "srv-1", "VRAA-2026-000777"] {
        let rows = store.outbox_for_request(key).unwrap();
        assert_eq!(rows.len(), 1, "{key}");
        assert_eq!(rows[0].request_key, "srv-1");
    }
    let row = store
        .list_request_rows(&RequestQuery::default())
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!((row.id.as_str(), row.pending), ("srv-1", 1));
    assert!(store.outbox_for_request("nav-tada").unwrap().is_empty());
}

#[test]
fn a_parked_local_request_shows_vraas_problem() {
    let (_dir, store) = store();
    let created = store.queue_new_request(&new_request("Kļūdaina")).unwrap();
    let problem = desk_core::api::Problem {
        type_uri: "about:blank".into(),
        title: "Invalid".into(),
        title_lv: "Nederīgs".into(),
        status: 422,
        detail: "Field missing".into(),
        detail_lv: "Trūkst lauka".into(),
        code: desk_core::api::ProblemCode::ValidationFailed,
        instance: None,
        errors: vec![],
    };
    store.park_outbox(created.seq, &problem).unwrap();
    let locals = store.local_requests().unwrap();
    assert_eq!(locals[0].state, OutboxState::Parked);
    assert_eq!(locals[0].problem.as_ref(), Some(&problem));
}

fn draft_input(attachments: Vec<String>) -> DraftInput {
    DraftInput {
        id: None,
        request_type_id: "email.type".into(),
        subject: "Pastkaste ar pielikumiem".into(),
        description: "d".into(),
        fields: serde_json::json!({"display_name": "X"}),
        attachments,
    }
}

#[test]
fn drafts_remember_the_picked_files() {
    let (_dir, store) = store();
    let paths = vec![
        "C:\\Lietotāji\\jānis\\pilnvara.pdf".to_string(),
        "/home/j/saraksts.csv".to_string(),
    ];
    let draft = store.save_draft(&draft_input(paths.clone())).unwrap();
    assert_eq!(draft.attachments, paths);
    let edited = store
        .save_draft(&DraftInput {
            id: Some(draft.id.clone()),
            ..draft_input(vec![paths[1].clone()])
        })
        .unwrap();
    assert_eq!(edited.attachments, [paths[1].clone()]);
    assert_eq!(store.drafts().unwrap()[0].attachments, [paths[1].clone()]);
    // Old JSON without the field still deserialises.
    let input: DraftInput = serde_json::from_value(serde_json::json!({
        "id": null, "request_type_id": "t", "subject": "s", "description": "", "fields": {}
    }))
    .unwrap();
    assert!(input.attachments.is_empty());
}

fn prepared(store: &Store, name: &str, bytes: &[u8]) -> PreparedAttachment {
    PreparedAttachment {
        sha256: store.put_blob(bytes).unwrap(),
        file_name: name.into(),
        content_type: "application/pdf".into(),
        size: bytes.len() as u64,
    }
}

#[test]
fn a_draft_with_files_becomes_a_create_and_its_attaches_in_one_step() {
    let (_dir, store) = store();
    let draft = store.save_draft(&draft_input(vec![])).unwrap();
    let files = [
        prepared(&store, "pilnvara.pdf", b"%PDF-1 pilnvara"),
        prepared(&store, "saraksts.pdf", b"%PDF-1 saraksts"),
    ];
    let mut events = store.subscribe();
    let created = store
        .submit_draft_with_attachments(&draft.id, &files)
        .unwrap();
    assert!(store.draft(&draft.id).unwrap().is_none());
    assert_eq!(
        events.try_recv().unwrap(),
        StoreEvent::DraftDeleted {
            id: draft.id.clone()
        }
    );
    assert_eq!(events.try_recv().unwrap(), StoreEvent::OutboxChanged);

    let rows = store.outbox().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0], created);
    assert!(rows.iter().all(|r| r.request_key == created.request_key));
    for (row, file) in rows[1..].iter().zip(&files) {
        assert_eq!(
            row.action,
            OutboxAction::Attach {
                sha256: file.sha256.clone(),
                file_name: file.file_name.clone(),
                content_type: file.content_type.clone(),
                size: file.size,
            }
        );
    }
    // Only the creation may be sent first; the files wait for VRAA's id.
    let ready = store.outbox_ready().unwrap();
    assert_eq!(ready.len(), 1);
    assert_eq!(ready[0].seq, created.seq);
    assert_eq!(
        store.local_requests().unwrap()[0].local_id,
        created.request_key
    );

    let acked = request("srv-2", "email", "Pastkaste ar pielikumiem", day(8), &[]);
    store.ack_outbox(created.seq, &Ack::Request(acked)).unwrap();
    let ready = store.outbox_ready().unwrap();
    assert_eq!(ready.len(), 1, "still one at a time, in order");
    assert_eq!(ready[0].request_key, "srv-2");
    assert_eq!(ready[0].seq, rows[1].seq);
    assert_eq!(store.outbox_for_request("srv-2").unwrap().len(), 2);
}

#[test]
fn a_submission_with_a_missing_or_oversized_file_changes_nothing() {
    let (_dir, store) = store();
    let draft = store.save_draft(&draft_input(vec![])).unwrap();
    let good = prepared(&store, "ok.pdf", b"ok");
    let missing = PreparedAttachment {
        sha256: desk_core::api::Sha256Hex::parse(&"ab".repeat(32)).unwrap(),
        ..good.clone()
    };
    let huge = PreparedAttachment {
        size: 11 * 1024 * 1024,
        ..good.clone()
    };
    let unnamed = PreparedAttachment {
        file_name: "  ".into(),
        ..good.clone()
    };
    for bad in [missing, huge, unnamed] {
        let err = store
            .submit_draft_with_attachments(&draft.id, &[good.clone(), bad])
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid { .. }), "{err}");
    }
    // An invalid request (blank subject) rolls the whole submission back too.
    let blank = store
        .save_draft(&DraftInput {
            subject: " ".into(),
            ..draft_input(vec![])
        })
        .unwrap();
    assert!(store
        .submit_draft_with_attachments(&blank.id, std::slice::from_ref(&good))
        .is_err());
    assert!(store.draft(&blank.id).unwrap().is_some());
    assert!(store.draft(&draft.id).unwrap().is_some());
    assert!(store.outbox().unwrap().is_empty());
}

#[test]
fn saved_filters_are_named_replaced_by_name_and_deleted() {
    let (_dir, store) = store();
    let mut events = store.subscribe();
    let open = serde_json::json!({"statuses": ["submitted", "registered"]});
    let first = store.save_filter("  Atvērtie  ", &open).unwrap();
    assert_eq!(first.name, "Atvērtie");
    assert_eq!(events.try_recv().unwrap(), StoreEvent::SavedFiltersChanged);
    let dvs = store
        .save_filter("DVS", &serde_json::json!({"serviceIds": ["dvs"]}))
        .unwrap();
    let changed = serde_json::json!({"statuses": ["in_progress"]});
    let replaced = store.save_filter("Atvērtie", &changed).unwrap();
    assert_eq!(replaced.id, first.id, "same name replaces, keeps the id");
    assert_eq!(replaced.created_at, first.created_at);
    let all = store.saved_filters().unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].name, "Atvērtie");
    assert_eq!(all[0].query, changed);
    assert_eq!(all[1], dvs);

    for blank in ["", "   "] {
        let err = store.save_filter(blank, &open).unwrap_err();
        match err {
            StoreError::Invalid { lv, en } => {
                assert!(lv.contains("nosaukum"), "{lv}");
                assert!(en.contains("name"), "{en}");
            }
            other => panic!("expected Invalid, got {other:?}"),
        }
    }
    store.delete_saved_filter(&first.id).unwrap();
    assert_eq!(store.saved_filters().unwrap(), [dvs]);
    assert!(matches!(
        store.delete_saved_filter(&first.id),
        Err(StoreError::UnknownSavedFilter(_))
    ));
}

#[test]
fn a_few_rows_out_of_many_get_their_own_histories_only() {
    let (_dir, store) = seeded();
    // Enough other requests that a one-row result is looked up by id rather
    // than by scanning every history.
    apply(
        &store,
        (5..12)
            .map(|i| {
                ChangeData::Request(request(
                    &format!("r{i}"),
                    "email",
                    "Cits",
                    day(i),
                    &[(RequestStatus::Registered, day(i) + Duration::hours(1))],
                ))
            })
            .collect(),
    );
    let rows = store
        .list_request_rows(&RequestQuery {
            search: Some("pastkaste".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(rows.len(), 1);
    let to: Vec<_> = rows[0].history.iter().map(|h| h.to).collect();
    assert_eq!(
        to,
        [
            RequestStatus::Submitted,
            RequestStatus::Registered,
            RequestStatus::InProgress
        ]
    );
    let two = store
        .list_request_rows(&RequestQuery {
            service_ids: vec!["dvs".into()],
            sort: RequestSort::Reference,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(two.len(), 2);
    assert_eq!(two[0].history.len(), 2);
    assert_eq!(two[0].history[1].to, RequestStatus::Resolved);
    assert_eq!(two[1].history[1].at, day(4) + Duration::hours(2));
}

#[test]
fn the_plain_request_list_returns_every_row_without_a_silent_cap() {
    let (_dir, store) = store();
    let changes: Vec<ChangeData> = (0..1205)
        .map(|n| {
            ChangeData::Request(request(
                &format!("{n:06}"),
                "email",
                &format!("Pieteikums {n}"),
                day(1) + Duration::minutes(n),
                &[],
            ))
        })
        .collect();
    apply(&store, changes);
    let all = store.list_requests(&RequestFilter::default()).unwrap();
    assert_eq!(all.len(), 1205, "no limit asked, every row given");
    let some = store
        .list_requests(&RequestFilter {
            limit: Some(10),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(some.len(), 10, "a limit asked for is kept");
}

/// One page of the change feed, stamped by VRAA at `vraa_at` (VRAA's clock).
fn apply_at(store: &Store, vraa_at: DateTime<Utc>, changes: Vec<ChangeData>) {
    store
        .apply_change_page(&ChangePage {
            changes: changes
                .into_iter()
                .enumerate()
                .map(|(i, data)| Change {
                    seq: i as i64 + 1,
                    at: vraa_at,
                    data,
                })
                .collect(),
            next_cursor: "c".into(),
            has_more: false,
        })
        .unwrap();
}

/// Issue 11 item 16: unread markers compare VRAA's instants only. With the
/// PC's clock an hour ahead of VRAA's, VRAA's next comment must not be hidden;
/// with it an hour behind, the history of the first sync must not show as new.
#[test]
fn unread_markers_follow_vraas_clock_when_the_pcs_is_an_hour_off() {
    for pc_ahead_by in [Duration::hours(1), Duration::hours(-1)] {
        let (_dir, store) = store();
        // The PC's clock is Utc::now(); VRAA's is off from it by the offset.
        let vraa_now = Utc::now() - pc_ahead_by;
        let created = vraa_now - Duration::days(2);
        apply_at(
            &store,
            vraa_now,
            vec![
                ChangeData::Request(request(
                    "r1",
                    "email",
                    "Pastkaste",
                    created,
                    &[(RequestStatus::Registered, created + Duration::hours(1))],
                )),
                ChangeData::Comment(comment(
                    "c1",
                    "r1",
                    staff(),
                    vraa_now - Duration::minutes(10),
                    "Vēsture",
                )),
            ],
        );
        store.record_sync_result(None).unwrap();
        assert!(
            unread(&store).is_empty(),
            "the first sync's history is not news (PC ahead by {pc_ahead_by})"
        );

        let reply_at = vraa_now + Duration::minutes(5);
        apply_at(
            &store,
            reply_at,
            vec![ChangeData::Comment(comment(
                "c2",
                "r1",
                staff(),
                reply_at,
                "Jautājums",
            ))],
        );
        assert_eq!(
            unread(&store),
            ["r1"],
            "VRAA's new comment shows (PC ahead by {pc_ahead_by})"
        );
        assert_eq!(store.unread_count().unwrap(), 1);

        store.mark_seen("r1").unwrap();
        assert!(unread(&store).is_empty());

        let next_at = vraa_now + Duration::minutes(20);
        apply_at(
            &store,
            next_at,
            vec![ChangeData::Comment(comment(
                "c3",
                "r1",
                staff(),
                next_at,
                "Vēl viens",
            ))],
        );
        assert_eq!(
            unread(&store),
            ["r1"],
            "activity after the look shows again (PC ahead by {pc_ahead_by})"
        );
    }
}
