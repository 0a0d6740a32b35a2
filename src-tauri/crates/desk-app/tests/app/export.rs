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
