//! Bulk licence requests from CSV: every row's problems before anything is
//! queued; all or nothing; unusable files refused.

use desk_app::{bulk, AppErrorCode};
use desk_store::OutboxAction;

use crate::common::*;

const TYPE: &str = "email.licence_assign";

fn csv_file(env: &Env, name: &str, text: &str) -> std::path::PathBuf {
    let path = env.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_file_with_a_bad_row_is_previewed_and_not_queued() {
    let env = Env::new();
    let path = csv_file(
        &env,
        "licences.csv",
        "\u{feff}user_name;user_email;licence\n\
         Anna Bērziņa;anna.berzina@vvd.example.lv;exchange_online_plan_1\n\
         Pēteris Kalns;nav e-pasts;exchange_online_plan_1\n\
         Ilze Liepa;ilze.liepa@vvd.example.lv;microsoft_365_e3\n\
         Jānis Ozols;janis.ozols@vvd.example.lv;exchange_online_plan_2\n",
    );
    let preview = bulk::preview(&env.store, TYPE, &path).unwrap();
    assert_eq!(preview.rows.len(), 4);
    assert_eq!((preview.valid, preview.invalid), (3, 1));
    assert_eq!(preview.columns.len(), 3);
    let bad = &preview.rows[1];
    assert_eq!(bad.line, 3, "header is line 1");
    assert_eq!(bad.problems.len(), 1);
    assert_eq!(bad.problems[0].field, "user_email");
    assert!(!bad.problems[0].lv.is_empty() && bad.problems[0].lv != bad.problems[0].en);
    for (row, name) in
        preview
            .rows
            .iter()
            .zip(["Anna Bērziņa", "Pēteris Kalns", "Ilze Liepa", "Jānis Ozols"])
    {
        assert_eq!(row.fields["user_name"], name);
        assert!(!row.subject.is_empty());
    }
    assert!(preview
        .rows
        .iter()
        .enumerate()
        .all(|(i, r)| (i == 1) != r.problems.is_empty()));

    let refused = bulk::queue(&env.store, TYPE, &path).unwrap_err();
    assert_eq!(refused.code, AppErrorCode::InvalidInput);
    assert!(refused.en.contains("nothing was queued"), "{}", refused.en);
    assert!(env.store.outbox().unwrap().is_empty());
}

#[test]
fn an_all_good_file_queues_one_request_per_row() {
    let env = Env::new();
    let path = csv_file(
        &env,
        "labi.csv",
        "user_name,user_email,licence\n\
         Anna Bērziņa,anna.berzina@vvd.example.lv,exchange_online_plan_1\n\
         Ilze Liepa,ilze.liepa@vvd.example.lv,microsoft_365_e3\n\
         Jānis Ozols,janis.ozols@vvd.example.lv,exchange_online_plan_2\n",
    );
    let queued = bulk::queue(&env.store, TYPE, &path).unwrap();
    assert_eq!(queued.queued, 3);
    let outbox = env.store.outbox().unwrap();
    assert_eq!(outbox.len(), 3);
    let emails: Vec<String> = outbox
        .iter()
        .map(|e| match &e.action {
            OutboxAction::CreateRequest { request, .. } => {
                assert_eq!(request.request_type_id, TYPE);
                request.fields["user_email"].as_str().unwrap().to_owned()
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        emails,
        [
            "anna.berzina@vvd.example.lv",
            "ilze.liepa@vvd.example.lv",
            "janis.ozols@vvd.example.lv"
        ]
    );
    assert_eq!(env.store.local_requests().unwrap().len(), 3);
}

#[test]
fn files_that_are_not_a_licence_list_are_csv_invalid() {
    let env = Env::new();
    // Not text at all (a PNG header and invalid UTF-8).
    let binary = env.dir.path().join("attēls.csv");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\xff\xfe\x00\x00garbage").unwrap();
    let error = bulk::preview(&env.store, TYPE, &binary).unwrap_err();
    assert_eq!(error.code, AppErrorCode::CsvInvalid);
    assert!(!error.lv.is_empty() && error.lv != error.en);
    // Larger than 5 MB.
    let big = env.dir.path().join("liels.csv");
    let mut text = String::from("user_name;user_email;licence\n");
    while text.len() <= 5 * 1024 * 1024 {
        text.push_str("Anna Bērziņa;anna.berzina@vvd.example.lv;exchange_online_plan_1\n");
    }
    std::fs::write(&big, text).unwrap();
    assert_eq!(
        bulk::queue(&env.store, TYPE, &big).unwrap_err().code,
        AppErrorCode::CsvInvalid
    );
    // Columns of another request type.
    let wrong = csv_file(&env, "cits.csv", "krāsa;izmērs\nzila;liels\n");
    assert_eq!(
        bulk::preview(&env.store, TYPE, &wrong).unwrap_err().code,
        AppErrorCode::CsvInvalid
    );
    // Only a header.
    let empty = csv_file(&env, "tukšs.csv", "user_name;user_email;licence\n");
    assert_eq!(
        bulk::queue(&env.store, TYPE, &empty).unwrap_err().code,
        AppErrorCode::CsvInvalid
    );
    // A file that does not exist.
    let missing = env.dir.path().join("nav.csv");
    assert_eq!(
        bulk::preview(&env.store, TYPE, &missing).unwrap_err().code,
        AppErrorCode::FileUnreadable
    );
    assert!(env.store.outbox().unwrap().is_empty());
}

/// What Latvian Excel writes by default ("CSV (Comma delimited)": Windows-1257,
/// `;`, CRLF), with a description column: every row is queued with its
/// description (issue 11 item 8) and its Latvian letters intact.
#[test]
fn a_windows_1257_file_is_queued_with_each_rows_description() {
    let env = Env::new();
    let path = env.dir.path().join("excel.csv");
    // "Lietotāja vārds, uzvārds;Lietotāja e-pasts;Licence;Apraksts" etc. in
    // Windows-1257 (ā = E2, ē = E7, ģ = EC, ī = EE, ķ = ED, ļ = EF, ņ = F2,
    // š = F0, ū = FB, ž = FE, č = E8; Ģ = CC, Ķ = CD).
    let bytes: &[u8] = b"Lietot\xe2ja v\xe2rds, uzv\xe2rds;Lietot\xe2ja e-pasts;Licence;Apraksts\r\n\
        \xccirts K\xe2rkli\xf2\xf0;girts.karklins@vvd.example.lv;exchange_online_plan_1;No 1. decembra: \xe8\xe7\xec\xee\xed\xef\xf2\xf0\xfb\xfe\r\n\
        \xcdirsis;kirsis@vvd.example.lv;exchange_online_plan_2;Otrs apraksts\r\n";
    std::fs::write(&path, bytes).unwrap();
    let preview = bulk::preview(&env.store, TYPE, &path).unwrap();
    assert_eq!(
        (preview.valid, preview.invalid),
        (2, 0),
        "{:?}",
        preview.rows
    );
    assert_eq!(preview.rows[0].fields["user_name"], "Ģirts Kārkliņš");
    assert_eq!(preview.rows[0].description, "No 1. decembra: čēģīķļņšūž");
    assert_eq!(bulk::queue(&env.store, TYPE, &path).unwrap().queued, 2);
    let descriptions: Vec<String> = env
        .store
        .outbox()
        .unwrap()
        .iter()
        .map(|e| match &e.action {
            OutboxAction::CreateRequest { request, .. } => request.description.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        descriptions,
        ["No 1. decembra: čēģīķļņšūž", "Otrs apraksts"]
    );
}
