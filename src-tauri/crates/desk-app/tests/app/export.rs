//! Export of the Requests list for Excel: UTF-8 BOM, `;`, Latvian headers,
//! Riga times, values with `;` and quotes quoted so they read back intact.

use desk_app::export::{csv_bytes, export};
use desk_app::list::{list, RequestQuery, SortField};
use desk_core::api::RequestStatus;

use crate::common::*;

#[test]
fn the_csv_opens_in_excel_and_reads_back_intact() {
    let env = Env::new();
    let tricky = "Pastkaste; \"Lietvedība\" un ķēdes, vēstules\notrā rindā";
    // 23.11.2026 15:55 UTC is 17:55 in Riga (winter time, UTC+2).
    let created = utc(2026, 11, 23, 15, 55);
    env.store
        .save_request(&stored_request(
            "r1",
            "email.mailbox_create",
            tricky,
            created,
            &[(RequestStatus::Registered, utc(2026, 11, 23, 16, 5))],
            None,
        ))
        .unwrap();
    // Summer time: 10.07.2026 06:30 UTC is 09:30 in Riga (UTC+3).
    env.store
        .save_request(&stored_request(
            "r2",
            "shared.issue",
            "Vienkāršs",
            utc(2026, 7, 10, 6, 30),
            &[(RequestStatus::Closed, utc(2026, 7, 11, 6, 30))],
            None,
        ))
        .unwrap();
    let ctx = env.ctx(utc(2026, 11, 24, 10, 0));
    let query = RequestQuery {
        sort: SortField::CreatedAt,
        descending: true,
        ..Default::default()
    };
    let path = env.dir.path().join("pieteikumi.csv");
    let outcome = export(&ctx, &query, &path).unwrap();
    assert_eq!(outcome.rows, 2);
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM first");
    assert_eq!(
        bytes,
        csv_bytes(&ctx, &list(&ctx, &query).unwrap().rows).unwrap(),
        "the file is the list"
    );

    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[3..]);
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        headers,
        [
            "Numurs",
            "Temats",
            "Pakalpojums",
            "Pieteikuma veids",
            "Statuss",
            "SLA stāvoklis",
            "SLA termiņš",
            "Izveidots",
            "Atjaunināts",
            "Nelasīts"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 2);
    let first = &records[0];
    assert_eq!(&first[0], "VRAA-2026-r1");
    assert_eq!(&first[1], tricky, "quoted and read back intact");
    assert_eq!(&first[3], "Izveidot personīgo vai tehnisko pastkasti");
    assert_eq!(&first[4], "Reģistrēts");
    assert_eq!(&first[7], "23.11.2026. 17:55");
    assert_eq!(&first[8], "23.11.2026. 18:05");
    let second = &records[1];
    assert_eq!(&second[4], "Slēgts");
    assert_eq!(&second[7], "10.07.2026. 09:30");
    assert!(["Izpildīts laikā", "Izpildīts ar kavējumu"].contains(&&second[5]));
    // Raw text: `;` between values, the tricky subject in quotes with doubled quotes.
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("Numurs;Temats;Pakalpojums;"));
    assert!(text.contains("\"Pastkaste; \"\"Lietvedība\"\" un ķēdes, vēstules\notrā rindā\""));
}

#[test]
fn an_unwritable_path_is_a_bilingual_error() {
    let env = Env::new();
    let ctx = env.ctx(utc(2026, 11, 23, 12, 0));
    let path = env.dir.path().join("nav-mapes").join("x.csv");
    let error = export(&ctx, &RequestQuery::default(), &path).unwrap_err();
    assert_eq!(error.code, desk_app::AppErrorCode::FileUnreadable);
    assert_ne!(error.lv, error.en);
}

/// OWASP's CSV injection rule: a cell that Excel or LibreOffice would read as
/// a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return)
/// is written with a leading `'`, so it shows as the text it is.
#[test]
fn cells_that_look_like_formulas_are_neutralised() {
    let env = Env::new();
    let subjects = [
        "=HYPERLINK(\"http://x\",\"y\")",
        "+1",
        "-2+3",
        "@SUM(A1)",
        "\t=1+1",
        "\r=1+1",
        "=cmd|' /C calc'!A0",
    ];
    for (i, subject) in subjects.iter().enumerate() {
        env.store
            .save_request(&stored_request(
                &format!("f{i}"),
                "shared.issue",
                subject,
                utc(2026, 11, 23, 10, i as u32),
                &[(RequestStatus::Registered, utc(2026, 11, 23, 11, 0))],
                None,
            ))
            .unwrap();
    }
    env.store
        .save_request(&stored_request(
            "plain",
            "shared.issue",
            "Parasts temats - ar domuzīmi = un @",
            utc(2026, 11, 23, 9, 0),
            &[(RequestStatus::Registered, utc(2026, 11, 23, 11, 0))],
            None,
        ))
        .unwrap();
    let ctx = env.ctx(utc(2026, 11, 24, 10, 0));
    let query = RequestQuery {
        sort: SortField::CreatedAt,
        descending: false,
        ..Default::default()
    };
    let bytes = csv_bytes(&ctx, &list(&ctx, &query).unwrap().rows).unwrap();
    // `tests/csv-excel/run.sh` opens this very file in LibreOffice.
    if let Some(path) = std::env::var_os("VRAA_DESK_CSV_EXPORT") {
        export(&ctx, &query, std::path::Path::new(&path)).unwrap();
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[3..]);
    let subjects_read: Vec<String> = reader.records().map(|r| r.unwrap()[1].to_owned()).collect();
    let mut expected = vec!["Parasts temats - ar domuzīmi = un @".to_owned()];
    expected.extend(subjects.iter().map(|s| format!("'{s}")));
    assert_eq!(subjects_read, expected);
    // No cell of the file starts with a formula character.
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(&bytes[3..]);
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
        }
    }
}
