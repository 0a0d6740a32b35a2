//! The command line as scripts use it: the built binary, its stdout, stderr
//! and exit codes.

use std::io::Write;
use std::process::{Command, Output};

#[path = "../../../../tests/support/wine_safe_start.rs"]
mod wine_safe_start;
use wine_safe_start::WineSafeStart;

fn cli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vraa-desk-cli"))
        .args(args)
        .wine_safe_output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8")
}

/// Bad input: exit 2, exactly one line on stderr in both languages, no stdout.
fn assert_bad_input(o: &Output, mentions: &str) {
    assert_eq!(o.status.code(), Some(2), "stderr: {}", stderr(o));
    assert!(
        o.stdout.is_empty(),
        "nothing on stdout, got {:?}",
        stdout(o)
    );
    let err = stderr(o);
    assert_eq!(err.lines().count(), 1, "one line: {err:?}");
    assert!(
        err.starts_with("kļūda: ") && err.contains(" / error: "),
        "{err:?}"
    );
    assert!(err.contains(mentions), "{err:?} mentions {mentions:?}");
}

#[test]
fn calendar_days_json_has_one_object_per_date() {
    let o = cli(&["calendar", "days", "2026-11-17", "2026-11-19", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let days = v.as_array().expect("array");
    assert_eq!(days.len(), 3);
    assert_eq!(days[0]["date"], "2026-11-17");
    assert_eq!(days[0]["working"], true);
    assert_eq!(days[0]["shortened"], true);
    assert_eq!(days[0]["holiday"], serde_json::Value::Null);
    assert_eq!(days[1]["date"], "2026-11-18");
    assert_eq!(days[1]["working"], false);
    assert_eq!(
        days[1]["holiday"]["lv"],
        "Latvijas Republikas Proklamēšanas diena"
    );
    assert_eq!(
        days[1]["holiday"]["en"],
        "Proclamation Day of the Republic of Latvia"
    );
    assert_eq!(days[2]["shortened"], false);
}

#[test]
fn moved_saturdays_are_working_in_json() {
    let o = cli(&["calendar", "days", "2026-01-02", "2026-01-17", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let days = v.as_array().expect("array");
    assert_eq!(days[0]["working"], false);
    assert_eq!(days[0]["kind"], "moved_day_off");
    let sat = days.last().expect("17 January");
    assert_eq!(sat["date"], "2026-01-17");
    assert_eq!(sat["working"], true);
    assert_eq!(sat["kind"], "moved_working_day");
}

#[test]
fn calendar_days_human_output_uses_latvian_dates() {
    let o = cli(&["calendar", "days", "2026-11-18", "2026-11-18"]);
    assert!(o.status.success());
    assert!(stdout(&o).starts_with("18.11.2026. T  Latvijas Republikas Proklamēšanas diena"));
}

#[test]
fn sla_deadline_json_and_text() {
    let o = cli(&[
        "sla",
        "deadline",
        "--policy",
        "shared.registration",
        "--start",
        "2026-11-20T17:55:00+02:00",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["deadline"], "2026-11-25T15:00:00Z");
    assert_eq!(v["deadline_local"], "25.11.2026. 17:00");
    assert_eq!(v["unit"], "working_days");
    assert_eq!(v["data_complete"], true);

    let o = cli(&[
        "sla",
        "deadline",
        "--policy",
        "central.processing",
        "--start",
        "2026-11-20T15:55:00Z",
    ]);
    assert!(o.status.success());
    assert!(
        stdout(&o).contains("Termiņš / Deadline: 23.11.2026. 17:55"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn sla_deadline_beyond_the_data_says_so() {
    let o = cli(&[
        "sla",
        "deadline",
        "--policy",
        "central.processing",
        "--start",
        "2031-03-03T10:00:00Z",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["data_complete"], false);
}

#[test]
fn availability_json() {
    let mut f = tempfile::NamedTempFile::new().expect("temp file");
    write!(
        f,
        r#"[{{"start":"2026-11-23T05:00:00Z","end":"2026-11-23T07:00:00Z","planned":false}},
            {{"start":"2026-11-24T08:00:00Z","end":"2026-11-24T09:00:00Z","planned":true}}]"#
    )
    .expect("write");
    let path = f.path().to_str().expect("utf-8 path");
    let o = cli(&[
        "availability",
        "--service",
        "dvs",
        "--month",
        "2026-11",
        "--outages",
        path,
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let w = &v["windows"][0];
    assert_eq!(w["planned_minutes"], 12000.0);
    // 07:00–09:00 Riga straddles the 08:00 opening: 60 minutes count.
    assert_eq!(w["downtime_minutes"], 60.0);
    assert_eq!(w["maintenance_minutes"], 60.0);
    assert_eq!(w["target_percent"], 99.5);
    // (11940 − 60) / 11940 = 99.497 %: just under the 99.5 % target.
    let pct = w["percent"].as_f64().expect("percent");
    assert!((pct - 100.0 * 11880.0 / 11940.0).abs() < 1e-9);
    assert_eq!(v["met"], false);
}

#[test]
fn bad_input_exits_2_with_one_bilingual_line() {
    assert_bad_input(
        &cli(&[
            "sla",
            "deadline",
            "--policy",
            "nope",
            "--start",
            "2026-11-20T10:00:00Z",
        ]),
        "nope",
    );
    assert_bad_input(
        &cli(&[
            "sla",
            "deadline",
            "--policy",
            "central.processing",
            "--start",
            "2026-11-20",
        ]),
        "RFC 3339",
    );
    assert_bad_input(
        &cli(&["calendar", "days", "2026-11-20", "2026-11-01"]),
        "before",
    );
    assert_bad_input(
        &cli(&["calendar", "days", "2026-02-30", "2026-03-01"]),
        "2026-02-30",
    );
    assert_bad_input(&cli(&["calendar", "days"]), "--help");
    assert_bad_input(
        &cli(&[
            "sla",
            "elapsed",
            "--policy",
            "central.processing",
            "--from",
            "2026-11-20T10:00:00Z",
            "--to",
            "2026-11-19T10:00:00Z",
        ]),
        "before",
    );
    assert_bad_input(&cli(&["frobnicate"]), "--help");

    let mut not_json = tempfile::NamedTempFile::new().expect("temp file");
    write!(not_json, "this is not json").expect("write");
    let path = not_json.path().to_str().expect("path");
    assert_bad_input(
        &cli(&[
            "availability",
            "--service",
            "dvs",
            "--month",
            "2026-11",
            "--outages",
            path,
        ]),
        "JSON",
    );
    assert_bad_input(
        &cli(&[
            "availability",
            "--service",
            "dvs",
            "--month",
            "2026-11",
            "--outages",
            "/nonexistent/x.json",
        ]),
        "x.json",
    );
    assert_bad_input(
        &cli(&[
            "availability",
            "--service",
            "nope",
            "--month",
            "2026-11",
            "--outages",
            path,
        ]),
        "nope",
    );
    assert_bad_input(
        &cli(&[
            "availability",
            "--service",
            "dvs",
            "--month",
            "11-2026",
            "--outages",
            path,
        ]),
        "YYYY-MM",
    );
}

#[test]
fn a_newer_calendar_file_overrides_the_embedded_one() {
    let mut f = tempfile::NamedTempFile::new().expect("temp file");
    write!(
        f,
        r#"schema = 1
version = 2099010101
[[year]]
year = 2027
complete = true
source = "test order"
[[moved]]
off = "2027-05-03"
work = "2027-05-08"
source = "test order"
"#
    )
    .expect("write");
    let path = f.path().to_str().expect("path");
    let o = cli(&[
        "--calendar-file",
        path,
        "calendar",
        "days",
        "2027-05-03",
        "2027-05-03",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v[0]["working"], false);
    assert_eq!(v[0]["kind"], "moved_day_off");
    assert_eq!(v[0]["data_complete"], true);

    let mut bad = tempfile::NamedTempFile::new().expect("temp file");
    write!(bad, "schema = 1\nversion = 1\n[[moved]]\noff = \"2027-05-03\"\nwork = \"2027-05-09\"\nsource = \"x\"\n").expect("write");
    let bad_path = bad.path().to_str().expect("path");
    assert_bad_input(
        &cli(&[
            "--calendar-file",
            bad_path,
            "calendar",
            "days",
            "2027-05-03",
            "2027-05-03",
        ]),
        "Saturday",
    );
}

/// A scratch data folder for the store commands.
fn data_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

#[test]
fn common_options_work_before_and_after_the_subcommand() {
    let dir = data_dir();
    let data = dir.path().to_str().unwrap();
    let before = cli(&["--data-dir", data, "requests", "drafts"]);
    assert_eq!(before.status.code(), Some(0), "{}", stderr(&before));
    assert!(
        dir.path().join("vraa-desk.sqlite3").exists(),
        "the folder given first is used"
    );
    let after = cli(&["requests", "drafts", "--data-dir", data]);
    assert_eq!(after.status.code(), Some(0), "{}", stderr(&after));
    assert_eq!(stdout(&before), stdout(&after));
}

#[test]
fn a_draft_submitted_from_the_cli_keeps_its_attachments() {
    let dir = data_dir();
    let data = dir.path().to_str().unwrap();
    let file = dir.path().join("ekrānuzņēmums.pdf");
    std::fs::write(&file, b"%PDF-1.7\nan error screen\n").unwrap();
    let saved = cli(&[
        "--data-dir",
        data,
        "requests",
        "new",
        "--type",
        "shared.issue",
        "--subject",
        "Autentifikācija neizdodas",
        "--field",
        "component_id=authentication",
        "--field",
        "environment=production",
        "--attach",
        file.to_str().unwrap(),
        "--draft",
    ]);
    assert_eq!(saved.status.code(), Some(0), "{}", stderr(&saved));
    let drafts: serde_json::Value = serde_json::from_str(&stdout(&cli(&[
        "--data-dir",
        data,
        "requests",
        "drafts",
        "--json",
    ])))
    .unwrap();
    let id = drafts[0]["id"].as_str().unwrap().to_owned();

    let submitted = cli(&["--data-dir", data, "requests", "submit", &id]);
    assert_eq!(submitted.status.code(), Some(0), "{}", stderr(&submitted));
    let outbox: serde_json::Value =
        serde_json::from_str(&stdout(&cli(&["--data-dir", data, "outbox", "--json"]))).unwrap();
    let rows = outbox.as_array().unwrap();
    let kinds: Vec<&str> = rows
        .iter()
        .map(|r| r["action"]["kind"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(rows.len(), 2, "the request and its file: {outbox}");
    assert!(kinds.contains(&"attach"), "{kinds:?}");
    assert!(outbox.to_string().contains("ekrānuzņēmums.pdf"), "{outbox}");
}

#[test]
fn a_file_the_app_would_refuse_is_refused_by_the_cli_too() {
    let dir = data_dir();
    let data = dir.path().to_str().unwrap();
    // Named as a PDF, but a Windows program inside.
    let file = dir.path().join("rekins.pdf");
    std::fs::write(&file, b"MZ\x90\x00\x03\x00\x00\x00this is a program").unwrap();
    let refused = cli(&[
        "--data-dir",
        data,
        "requests",
        "new",
        "--type",
        "shared.issue",
        "--subject",
        "X",
        "--field",
        "component_id=authentication",
        "--field",
        "environment=production",
        "--attach",
        file.to_str().unwrap(),
    ]);
    assert_bad_input(&refused, "rekins.pdf");
    let outbox = stdout(&cli(&["--data-dir", data, "outbox"]));
    assert!(
        outbox.contains("The outbox is empty"),
        "nothing queued: {outbox}"
    );
}
