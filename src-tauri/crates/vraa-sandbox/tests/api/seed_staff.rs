//! Seeds, the simulated staff, the CLI.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{json, Value};
use vraa_sandbox::{SandboxConfig, Seed};

use crate::common::*;
use crate::wine_safe_start::WineSafeStart;

async fn all_changes(api: &Api, token: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = api
            .get(
                "/v1/changes",
                &format!("/v1/changes?cursor={cursor}&limit=1000"),
                token,
            )
            .await;
        out.extend(
            page.body["changes"]
                .as_array()
                .expect("changes")
                .iter()
                .cloned(),
        );
        cursor = page.body["next_cursor"]
            .as_str()
            .expect("cursor")
            .to_owned();
        if !page.body["has_more"].as_bool().expect("has_more") {
            return out;
        }
    }
}

/// Every step of a status history is one VRAA or the customer may take.
fn history_is_legal(request: &Value) -> bool {
    use desk_core::api::{CustomerAction, RequestStatus};
    let history: Vec<desk_core::api::StatusChange> =
        serde_json::from_value(request["status_history"].clone()).expect("history");
    history.windows(2).all(|w| {
        let (from, to) = (w[0].to, w[1].to);
        w[1].from == Some(from)
            && w[0].at <= w[1].at
            && (from.staff_may_move_to(to)
                || [
                    CustomerAction::Cancel,
                    CustomerAction::ProvideInformation,
                    CustomerAction::ConfirmResolution,
                    CustomerAction::Reopen,
                ]
                .into_iter()
                .any(|a| from.after_customer_action(a) == Some(to)))
    }) && history.first().map(|h| h.to) == Some(RequestStatus::Submitted)
}

#[tokio::test]
async fn demo_seed_has_two_years_of_valid_history() {
    let started = Instant::now();
    let api = Api::start(SandboxConfig {
        seed: Seed::Demo,
        ..SandboxConfig::for_tests()
    })
    .await;
    let seeded_in = started.elapsed();
    let changes = all_changes(&api, VVD).await;
    let mut requests: HashMap<String, Value> = HashMap::new();
    let mut comments = 0;
    let mut outages = 0;
    let mut attachments = 0;
    for c in &changes {
        match c["entity"].as_str() {
            Some("request") => {
                requests.insert(
                    c["data"]["id"].as_str().expect("id").to_owned(),
                    c["data"].clone(),
                );
            }
            Some("comment") => comments += 1,
            Some("availability") => outages += 1,
            Some("attachment") => attachments += 1,
            _ => {}
        }
    }
    assert!(requests.len() >= 5_000, "{} requests", requests.len());
    assert!(comments >= 5_000, "{comments} comments");
    assert!(outages >= 24 * 3, "{outages} outage records");
    assert!(attachments >= 100, "{attachments} attachments");
    let catalog = vraa_sandbox::catalog();
    let validators: HashMap<_, _> = catalog
        .request_types
        .iter()
        .map(|t| {
            (
                t.id.clone(),
                jsonschema::validator_for(&t.fields_schema).expect("schema"),
            )
        })
        .collect();
    let mut oldest = None::<String>;
    for r in requests.values() {
        assert!(
            validators[r["request_type_id"].as_str().expect("type")].is_valid(&r["fields"]),
            "seeded fields invalid: {r}"
        );
        assert!(
            history_is_legal(r),
            "illegal history: {}",
            r["status_history"]
        );
        let created = r["created_at"].as_str().expect("created").to_owned();
        if oldest.as_ref().is_none_or(|o| &created < o) {
            oldest = Some(created);
        }
    }
    let oldest: chrono::DateTime<chrono::Utc> = oldest.expect("some").parse().expect("time");
    assert!(
        chrono::Utc::now() - oldest > chrono::Duration::days(700),
        "two years of history"
    );
    let open = requests
        .values()
        .filter(|r| !matches!(r["status"].as_str(), Some("closed" | "cancelled")))
        .count();
    assert!((10..=60).contains(&open), "{open} open requests");
    // Other demo institutions start without history.
    assert!(all_changes(&api, VARAM)
        .await
        .iter()
        .all(|c| c["entity"] == "availability"));
    assert!(
        seeded_in < Duration::from_secs(20),
        "demo seed took {seeded_in:?}"
    );
    api.stop().await;
}

#[test]
fn history_is_deterministic() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut subjects = Vec::new();
    for n in 0..2 {
        let path = dir.path().join(format!("s{n}.db"));
        vraa_sandbox::seed_database(&path, Seed::DemoWithHistory(150)).expect("seed");
        let conn = rusqlite::Connection::open(&path).expect("open");
        let mut stmt = conn
            .prepare("SELECT reference || subject || status FROM requests ORDER BY num")
            .expect("prepare");
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .expect("query")
            .map(|r| r.expect("row"))
            .collect();
        assert_eq!(rows.len(), 150);
        subjects.push(rows);
    }
    assert_eq!(subjects[0], subjects[1]);
}

#[tokio::test]
async fn simulated_staff_moves_requests_along() {
    let api = Api::empty().await;
    let req = api.create_licence(VVD, &new_key(), "Staff").await;
    let id = req["id"].as_str().expect("id");
    let db = api.sandbox.as_ref().expect("sandbox").db().clone();
    // Speed 0: nobody moves anything.
    assert_eq!(
        vraa_sandbox::simulate_staff_once(&db, 0.0)
            .await
            .expect("step"),
        0
    );
    let mut seen = vec![];
    for _ in 0..6 {
        tokio::time::sleep(Duration::from_millis(5)).await;
        vraa_sandbox::simulate_staff_once(&db, 1e9)
            .await
            .expect("step");
        let r = api
            .get("/v1/requests/{id}", &format!("/v1/requests/{id}"), VVD)
            .await;
        seen.push(r.body["status"].as_str().expect("status").to_owned());
    }
    assert_eq!(&seen[..3], ["registered", "assigned", "in_progress"]);
    assert!(
        seen[3] == "resolved" || seen[3] == "waiting_for_customer",
        "{seen:?}"
    );
    api.stop().await;

    // With a running clock the staff work on their own.
    let api = Api::start(SandboxConfig {
        staff_speed: Some(1e7),
        staff_tick: Duration::from_millis(20),
        ..SandboxConfig::for_tests()
    })
    .await;
    let req = api.create_licence(VVD, &new_key(), "Clock").await;
    let id = req["id"].as_str().expect("id");
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let r = api
            .get("/v1/requests/{id}", &format!("/v1/requests/{id}"), VVD)
            .await;
        if matches!(
            r.body["status"].as_str(),
            Some("resolved" | "waiting_for_customer" | "closed")
        ) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "staff did not act: {}",
            r.body["status"]
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    api.stop().await;
}

#[tokio::test]
async fn tokens_subcommand_prints_the_demo_tokens() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("t.db");
    vraa_sandbox::seed_database(&path, Seed::Empty).expect("seed");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vraa-sandbox"))
        .args(["tokens", "--db"])
        .arg(&path)
        .wine_safe_output()
        .expect("run");
    assert!(out.status.success());
    let printed: Vec<Value> = serde_json::from_slice(&out.stdout).expect("json");
    let expected: Vec<Value> = vraa_sandbox::demo_tokens()
        .into_iter()
        .map(|t| serde_json::to_value(t).expect("json"))
        .collect();
    assert_eq!(printed, expected);
    assert_eq!(
        printed.iter().filter(|t| t["admin"] == json!(true)).count(),
        1
    );
    for t in &printed {
        let keys: Vec<_> = t.as_object().expect("object").keys().cloned().collect();
        assert_eq!(keys.len(), 4, "{t}");
    }
    // The tokens work against a server on that database.
    let api = Api::start(SandboxConfig {
        db_path: Some(path),
        ..SandboxConfig::for_tests()
    })
    .await;
    for t in &printed {
        let token = t["token"].as_str().expect("token");
        let path = if t["admin"] == json!(true) {
            "/admin/v1/faults"
        } else {
            "/v1/me"
        };
        let template = path;
        assert_eq!(
            api.get(template, path, token).await.status,
            StatusCode::OK,
            "{token}"
        );
    }
    api.stop().await;
}

// Unix only: it sends SIGINT with `kill -INT`. On Windows Ctrl+C reaches a program as a
// console control event of its own console, which a test cannot send to a child without
// sharing (and interrupting) its own; the Windows run under Wine lists it as not run.
#[cfg(unix)]
#[tokio::test]
async fn cli_serves_and_shuts_down_gracefully_on_ctrl_c() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("cli.db");
    let missing = std::process::Command::new(env!("CARGO_BIN_EXE_vraa-sandbox"))
        .args(["tokens", "--db"])
        .arg(&db)
        .wine_safe_output()
        .expect("run");
    assert!(
        !missing.status.success(),
        "tokens of a database that does not exist is an error"
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_vraa-sandbox"))
        .args([
            "--addr",
            "127.0.0.1:0",
            "--seed",
            "empty",
            "--fault-latency-ms",
            "120",
            "--db",
        ])
        .arg(&db)
        .stderr(std::process::Stdio::piped())
        .wine_safe_spawn()
        .expect("spawn");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if let Some(rest) = line.strip_prefix("VRAA sandbox on ") {
                let _ = tx.send(
                    rest.split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_owned(),
                );
            }
        }
    });
    let url = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("start line");
    let t = Instant::now();
    let me = reqwest::Client::new()
        .get(format!("{url}/v1/me"))
        .bearer_auth(VVD)
        .send()
        .await
        .expect("call");
    assert_eq!(me.status(), StatusCode::OK);
    assert!(
        t.elapsed() >= Duration::from_millis(120),
        "the fault flag adds latency"
    );
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(Instant::now() < deadline, "no exit after Ctrl+C");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "{status:?}");
    // The seeded database now has tokens to print.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vraa-sandbox"))
        .args(["tokens", "--db"])
        .arg(&db)
        .wine_safe_output()
        .expect("run");
    assert!(out.status.success());
}
