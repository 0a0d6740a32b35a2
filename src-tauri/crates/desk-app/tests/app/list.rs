//! The Requests screen over a synced sandbox: every request, filters that
//! narrow exactly, every sort in both directions, full-text search with
//! Latvian diacritics, offline-created requests, unread markers.

use chrono::Utc;
use desk_app::detail::request_view;
use desk_app::list::{list, RequestQuery, RequestRow, SortField};
use desk_core::api::RequestStatus;
use desk_core::time::local_date;
use vraa_sandbox::Seed;

use crate::common::*;

fn ids(rows: &[RequestRow]) -> Vec<&str> {
    rows.iter().map(|r| r.id.as_str()).collect()
}

/// The rows of `all` that `keep` accepts, in the same order.
fn brute(all: &[RequestRow], keep: impl Fn(&RequestRow) -> bool) -> Vec<&str> {
    all.iter()
        .filter(|r| keep(r))
        .map(|r| r.id.as_str())
        .collect()
}

fn status_rank(s: RequestStatus) -> usize {
    RequestStatus::ALL
        .iter()
        .position(|x| *x == s)
        .expect("known status")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_synced_history_is_listed_filtered_and_sorted_exactly() {
    let sandbox = sandbox(Seed::DemoWithHistory(120)).await;
    let client = client(&sandbox.base_url(), VVD_TOKEN);
    let env = Env::new();
    // Fresh requests beside the history, so that some clocks run now.
    env.store.queue_new_request(&issue("Svaigs 1")).unwrap();
    env.store.queue_new_request(&issue("Svaigs 2")).unwrap();
    sync(&env.store, &client).await;
    // One reading time for the whole test: SLA states depend on it.
    let now = Utc::now();
    let ctx = env.ctx(now);

    let all = list(&ctx, &RequestQuery::default()).unwrap();
    let stored = env.store.request_count().unwrap();
    assert!(stored >= 120, "the seed's history arrived: {stored}");
    assert_eq!(all.total as i64, stored);
    assert_eq!(all.rows.len(), all.total as usize);
    assert!(all
        .rows
        .iter()
        .all(|r| r.reference.is_some() && r.pending == 0));
    // Nothing is unread right after the first sync (history is not news).
    assert!(all.rows.iter().all(|r| !r.unread));
    let rows = &all.rows;

    // Each filter gives exactly the rows that match it, and narrows.
    let service = rows[0].service_id.clone();
    let by_service = list(
        &ctx,
        &RequestQuery {
            service_ids: vec![service.clone()],
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        ids(&by_service.rows),
        brute(rows, |r| r.service_id == service)
    );
    assert!(by_service.rows.len() < rows.len(), "one service is not all");

    let kind = rows[rows.len() / 2].request_type_id.clone();
    let by_type = list(
        &ctx,
        &RequestQuery {
            request_type_ids: vec![kind.clone()],
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        ids(&by_type.rows),
        brute(rows, |r| r.request_type_id == kind)
    );
    assert!(!by_type.rows.is_empty());

    let statuses = vec![RequestStatus::Closed, RequestStatus::InProgress];
    let by_status = list(
        &ctx,
        &RequestQuery {
            statuses: statuses.clone(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        ids(&by_status.rows),
        brute(rows, |r| statuses.contains(&r.status))
    );
    assert!(!by_status.rows.is_empty() && by_status.rows.len() < rows.len());

    // A period of Riga days, both ends inclusive.
    let mut days: Vec<_> = rows.iter().map(|r| local_date(r.created_at)).collect();
    days.sort();
    let (from, to) = (days[days.len() / 4], days[days.len() * 3 / 4]);
    let by_period = list(
        &ctx,
        &RequestQuery {
            created_from: Some(from.format("%Y-%m-%d").to_string()),
            created_to: Some(to.format("%Y-%m-%d").to_string()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        ids(&by_period.rows),
        brute(rows, |r| {
            let day = local_date(r.created_at);
            day >= from && day <= to
        })
    );
    assert!(by_period.rows.len() < rows.len() && !by_period.rows.is_empty());

    // The SLA state of a request is that of its worst clock.
    let states: Vec<_> = rows.iter().filter_map(|r| r.sla).collect();
    assert!(!states.is_empty(), "the history has SLA clocks");
    let state = states[0];
    let by_sla = list(
        &ctx,
        &RequestQuery {
            sla_states: vec![state],
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(ids(&by_sla.rows), brute(rows, |r| r.sla == Some(state)));
    assert_eq!(by_sla.total as usize, by_sla.rows.len());

    // Filters combine (AND).
    let combined = list(
        &ctx,
        &RequestQuery {
            service_ids: vec![service.clone()],
            statuses: statuses.clone(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        ids(&combined.rows),
        brute(rows, |r| r.service_id == service
            && statuses.contains(&r.status))
    );

    // Every sort, both ways.
    for descending in [false, true] {
        let sorted = |sort| {
            list(
                &ctx,
                &RequestQuery {
                    sort,
                    descending,
                    ..Default::default()
                },
            )
            .unwrap()
            .rows
        };
        let ordered = |ok: bool, what: &str| assert!(ok, "{what} descending={descending}");
        let by_ref = sorted(SortField::Reference);
        assert_eq!(by_ref.len(), rows.len());
        ordered(
            by_ref.windows(2).all(|w| {
                let (a, b) = (&w[0].reference, &w[1].reference);
                if descending {
                    a >= b
                } else {
                    a <= b
                }
            }),
            "reference",
        );
        let by_created = sorted(SortField::CreatedAt);
        ordered(
            by_created.windows(2).all(|w| {
                let (a, b) = (w[0].created_at, w[1].created_at);
                if descending {
                    a >= b
                } else {
                    a <= b
                }
            }),
            "created",
        );
        let by_status = sorted(SortField::Status);
        ordered(
            by_status.windows(2).all(|w| {
                let (a, b) = (status_rank(w[0].status), status_rank(w[1].status));
                if descending {
                    a >= b
                } else {
                    a <= b
                }
            }),
            "status",
        );
        let by_updated = sorted(SortField::UpdatedAt);
        ordered(
            by_updated.windows(2).all(|w| {
                let (a, b) = (w[0].updated_at, w[1].updated_at);
                if descending {
                    a >= b
                } else {
                    a <= b
                }
            }),
            "updated",
        );
        let by_due = sorted(SortField::SlaDue);
        assert_eq!(by_due.len(), rows.len());
        if !descending {
            // Running clocks first, soonest due first, then breached, then the rest.
            let key = |r: &RequestRow| {
                (
                    r.sla_due_at.is_none(),
                    r.sla != Some(desk_core::sla::SlaState::Breached),
                    r.sla_due_at,
                )
            };
            ordered(by_due.windows(2).all(|w| key(&w[0]) <= key(&w[1])), "due");
            assert!(by_due[0].sla_due_at.is_some(), "some clock is running");
        } else {
            let dues: Vec<_> = by_due.iter().filter_map(|r| r.sla_due_at).collect();
            ordered(dues.windows(2).all(|w| w[0] >= w[1]), "due");
        }
    }
    sandbox.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_folds_latvian_diacritics_and_matches_prefixes() {
    let sandbox = sandbox(Seed::Empty).await;
    let client = client(&sandbox.base_url(), VVD_TOKEN);
    let env = Env::new();
    for subject in [
        "Exchange licences piešķiršana jaunam kolēģim",
        "Līgumā noteiktā pastkaste nedarbojas",
        "Drukātājs trešajā stāvā",
    ] {
        env.store.queue_new_request(&issue(subject)).unwrap();
    }
    sync(&env.store, &client).await;
    let ctx = env.ctx(Utc::now());
    let found = |text: &str| -> Vec<String> {
        let mut subjects: Vec<String> = list(
            &ctx,
            &RequestQuery {
                search: Some(text.into()),
                ..Default::default()
            },
        )
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.subject)
        .collect();
        subjects.sort();
        subjects
    };
    assert_eq!(
        found("licence"),
        ["Exchange licences piešķiršana jaunam kolēģim"]
    );
    assert_eq!(
        found("licen"),
        ["Exchange licences piešķiršana jaunam kolēģim"]
    );
    // As typed, with and without diacritics, a prefix of the word.
    assert_eq!(found("līgum"), ["Līgumā noteiktā pastkaste nedarbojas"]);
    assert_eq!(found("ligum"), ["Līgumā noteiktā pastkaste nedarbojas"]);
    assert_eq!(found("LĪGUMĀ"), ["Līgumā noteiktā pastkaste nedarbojas"]);
    assert_eq!(
        found("piesk"),
        ["Exchange licences piešķiršana jaunam kolēģim"]
    );
    // Words narrow (AND), in any order.
    assert_eq!(found("stāvā drukā"), ["Drukātājs trešajā stāvā"]);
    assert!(found("licence drukātājs").is_empty());
    // The description is searched too (all three share it).
    assert_eq!(found("autentifik").len(), 3);
    // Operators and quotes are text, not syntax.
    assert!(found("\"licence OR*").is_empty());
    // Blank search is no search.
    assert_eq!(found("   ").len(), 3);
    sandbox.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_created_offline_is_listed_first_as_pending_and_keeps_its_page_after_sync() {
    let addr = unused_addr();
    let url = format!("http://{addr}");
    let client = client(&url, VVD_TOKEN);
    let env = Env::new();
    // First a sync while VRAA is there, so that other requests exist.
    let vraa_db = env.dir.path().join("vraa.sqlite3");
    let first = sandbox_at(addr, &vraa_db).await;
    env.store
        .queue_new_request(&issue("Agrāks pieteikums"))
        .unwrap();
    sync(&env.store, &client).await;
    first.shutdown().await.unwrap();

    // Offline: the request is queued, the sync cannot reach VRAA.
    let entry = env
        .store
        .queue_new_request(&issue("Licenču līgums bezsaistē"))
        .unwrap();
    let local_id = match &entry.action {
        desk_store::OutboxAction::CreateRequest { local_id, .. } => local_id.clone(),
        other => panic!("not a create: {other:?}"),
    };
    assert!(desk_sync::sync_once(&env.store, &client, &options())
        .await
        .is_err());
    let ctx = env.ctx(Utc::now());
    let page = list(&ctx, &RequestQuery::default()).unwrap();
    assert_eq!(page.total, 2);
    let row = &page.rows[0];
    assert_eq!(row.id, local_id);
    assert_eq!(row.reference, None);
    assert_eq!(row.pending, 1);
    assert_eq!(row.status, RequestStatus::Submitted);
    assert_eq!(row.subject, "Licenču līgums bezsaistē");
    // Found by the search as typed, with or without diacritics, like synced ones.
    for text in ["līgum", "ligum", "licencu ligums", "bezsaiste"] {
        let found = list(
            &ctx,
            &RequestQuery {
                search: Some(text.into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(ids(&found.rows), [local_id.as_str()], "search “{text}”");
    }
    // A filter on another status hides it; on its service shows it.
    let hidden = list(
        &ctx,
        &RequestQuery {
            statuses: vec![RequestStatus::Closed],
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(hidden.total, 0);
    let shown = list(
        &ctx,
        &RequestQuery {
            service_ids: vec![desk_core::api::catalogue_data::SERVICE_SHARED.into()],
            ..Default::default()
        },
    )
    .unwrap();
    assert!(ids(&shown.rows).contains(&local_id.as_str()));
    let before = request_view(&ctx, &local_id).unwrap();
    assert_eq!(before.reference, None);
    assert_eq!(before.pending.len(), 1);

    // VRAA is back: the same page now shows VRAA's request.
    let back = sandbox_at(addr, &vraa_db).await;
    sync(&env.store, &client).await;
    let ctx = env.ctx(Utc::now());
    let after = request_view(&ctx, &local_id).unwrap();
    let reference = after.reference.clone().expect("VRAA's reference");
    assert!(reference.starts_with("VRAA-"), "{reference}");
    assert_ne!(after.id, local_id);
    assert!(after.pending.is_empty());
    assert_eq!(after.subject, "Licenču līgums bezsaistē");
    let page = list(&ctx, &RequestQuery::default()).unwrap();
    assert_eq!(page.total, 2, "listed once, not twice");
    assert!(page
        .rows
        .iter()
        .all(|r| r.pending == 0 && r.reference.is_some()));
    assert!(ids(&page.rows).contains(&after.id.as_str()));
    back.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_staff_comment_makes_the_row_unread_until_it_is_opened() {
    let sandbox = sandbox(Seed::Empty).await;
    let url = sandbox.base_url();
    let client = client(&url, VVD_TOKEN);
    let env = Env::new();
    env.store.queue_new_request(&issue("Komentēsim")).unwrap();
    env.store.queue_new_request(&issue("Klusais")).unwrap();
    sync(&env.store, &client).await;
    let id = id_of(&env.store, "Komentēsim");
    let unread = |env: &Env| -> Vec<String> {
        list(&env.ctx(Utc::now()), &RequestQuery::default())
            .unwrap()
            .rows
            .into_iter()
            .filter(|r| r.unread)
            .map(|r| r.subject)
            .collect()
    };
    assert!(unread(&env).is_empty());

    staff_comment(&url, &id, "Lūdzu, precizējiet lietotāju").await;
    assert!(unread(&env).is_empty(), "nothing before the next sync");
    sync(&env.store, &client).await;
    assert_eq!(unread(&env), ["Komentēsim"]);
    assert_eq!(env.store.unread_count().unwrap(), 1);

    env.store.mark_seen(&id).unwrap();
    assert!(unread(&env).is_empty());
    assert_eq!(env.store.unread_count().unwrap(), 0);
    // The user's own comment is not news to them.
    desk_app::detail::queue_action(
        &env.ctx(Utc::now()),
        &id,
        desk_app::detail::ActionInput::Comment {
            body: "Lietotājs ir Jānis".into(),
        },
    )
    .unwrap();
    sync(&env.store, &client).await;
    assert!(unread(&env).is_empty());
    sandbox.shutdown().await.unwrap();
}

#[test]
fn saved_filters_round_trip_and_the_same_name_replaces() {
    let env = Env::new();
    let query = RequestQuery {
        search: Some("licence".into()),
        statuses: vec![RequestStatus::InProgress],
        sort: SortField::SlaDue,
        ..Default::default()
    };
    let saved = desk_app::list::save_filter(&env.store, "  Licences  ", &query).unwrap();
    assert_eq!(saved.name, "Licences");
    let again = desk_app::list::save_filter(
        &env.store,
        "Licences",
        &RequestQuery {
            descending: true,
            ..query.clone()
        },
    )
    .unwrap();
    let all = desk_app::list::saved_filters(&env.store).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].id, again.id);
    assert!(all[0].query.descending);
    assert_eq!(all[0].query.search.as_deref(), Some("licence"));
    assert_eq!(all[0].query.sort, SortField::SlaDue);
}

#[test]
fn sla_states_and_due_order_at_a_fixed_instant() {
    use desk_core::sla::SlaState;
    use RequestStatus::*;
    let env = Env::new();
    // Monday 23.11.2026 14:00 Riga; licence requests: 1 working day, 08:00–18:00.
    let now = utc(2026, 11, 23, 12, 0);
    for request in [
        stored_request(
            "on-track",
            "email.licence_assign",
            "Šodien",
            utc(2026, 11, 23, 6, 0),
            &[],
            None,
        ),
        stored_request(
            "at-risk",
            "email.licence_assign",
            "Piektdien pēcpusdienā",
            utc(2026, 11, 20, 13, 0),
            &[],
            None,
        ),
        stored_request(
            "breached",
            "email.licence_assign",
            "Piektdien no rīta",
            utc(2026, 11, 20, 7, 0),
            &[(InProgress, utc(2026, 11, 20, 8, 0))],
            None,
        ),
        stored_request(
            "met",
            "email.licence_assign",
            "Atrisināts laikā",
            utc(2026, 11, 16, 7, 0),
            &[(Resolved, utc(2026, 11, 16, 9, 0))],
            None,
        ),
        stored_request(
            "paused",
            "email.licence_assign",
            "Gaida mūs",
            utc(2026, 11, 23, 6, 30),
            &[(WaitingForCustomer, utc(2026, 11, 23, 7, 0))],
            None,
        ),
    ] {
        env.store.save_request(&request).unwrap();
    }
    let ctx = env.ctx(now);
    let page = list(
        &ctx,
        &RequestQuery {
            sort: SortField::SlaDue,
            ..Default::default()
        },
    )
    .unwrap();
    let states: Vec<(&str, Option<SlaState>)> =
        page.rows.iter().map(|r| (r.id.as_str(), r.sla)).collect();
    let state = |id: &str| states.iter().find(|s| s.0 == id).unwrap().1;
    assert_eq!(state("on-track"), Some(SlaState::OnTrack));
    assert_eq!(state("at-risk"), Some(SlaState::AtRisk));
    assert_eq!(state("breached"), Some(SlaState::Breached));
    assert_eq!(state("met"), Some(SlaState::Met));
    assert_eq!(state("paused"), Some(SlaState::Paused));
    // Due soonest first: the one at risk, then today's; the rest have no due time.
    assert_eq!(ids(&page.rows)[..2], ["at-risk", "on-track"]);
    assert!(page.rows[0].sla_due_at.unwrap() < page.rows[1].sla_due_at.unwrap());
    assert!(page.rows[0].sla_due_at.unwrap() > now);
    assert!(page.rows[2..].iter().all(|r| r.sla_due_at.is_none()));
    // Then the breached one, before the rows without a running clock.
    assert_eq!(page.rows[2].id, "breached");
    // The state filter matches the worst clock.
    for (wanted, expected) in [
        (
            vec![SlaState::AtRisk, SlaState::Breached],
            vec!["at-risk", "breached"],
        ),
        (vec![SlaState::Met], vec!["met"]),
        (vec![SlaState::Paused], vec!["paused"]),
    ] {
        let mut found: Vec<String> = list(
            &ctx,
            &RequestQuery {
                sla_states: wanted,
                ..Default::default()
            },
        )
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.id)
        .collect();
        found.sort();
        assert_eq!(found, expected);
    }
    // A request queued here has no clock yet: an SLA filter hides it.
    env.store.queue_new_request(&issue("Vietējs")).unwrap();
    let at_risk = list(
        &ctx,
        &RequestQuery {
            sla_states: vec![SlaState::AtRisk],
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(ids(&at_risk.rows), ["at-risk"]);
}
