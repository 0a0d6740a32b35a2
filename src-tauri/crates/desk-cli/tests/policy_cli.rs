//! `vraa-desk-cli policy …` with a policy file (VRAA_DESK_POLICY_FILE, which the
//! app and the CLI read on every platform, so these run under Wine too).

use std::path::Path;
use std::process::{Command, Output};

#[path = "../../../../tests/support/wine_safe_start.rs"]
mod wine_safe_start;
use wine_safe_start::WineSafeStart;

fn cli(data: &Path, policy: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vraa-desk-cli"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env("VRAA_DESK_POLICY_FILE", policy)
        .wine_safe_output()
        .expect("the binary runs")
}

fn stdout_of(o: Output) -> String {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "stderr: {err}");
    String::from_utf8(o.stdout).expect("utf-8")
}

#[test]
fn a_policy_value_is_applied_and_shown_locked() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.json");
    std::fs::write(
        &policy,
        r#"{"ServerUrl": "https://vraa.example.lv/", "DemoAllowed": 0}"#,
    )
    .unwrap();
    let data = dir.path().join("data");
    let out = stdout_of(cli(&data, &policy, &["policy", "show"]));
    assert!(
        out.contains(
            "serverUrl = https://vraa.example.lv  [Iestatījis jūsu iestādes IT / Set by your organisation]"
        ),
        "{out}"
    );
    assert!(out.contains("Demo: izslēgts / turned off"), "{out}");
    assert!(
        out.contains("syncIntervalMinutes = 5\n"),
        "not locked: {out}"
    );

    let json: serde_json::Value = serde_json::from_str(&stdout_of(cli(
        &data,
        &policy,
        &["policy", "show", "--json"],
    )))
    .unwrap();
    assert_eq!(json["lockedFields"], serde_json::json!(["serverUrl"]));
    assert_eq!(json["settings"]["serverUrl"], "https://vraa.example.lv");
    assert_eq!(json["demoAllowed"], false);

    // The value went into the stored settings: it holds after the policy is gone,
    // until the user changes it, and sync reads it from there.
    let none = dir.path().join("absent.json");
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(cli(&data, &none, &["policy", "show", "--json"]))).unwrap();
    assert_eq!(json["settings"]["serverUrl"], "https://vraa.example.lv");
    assert_eq!(json["lockedFields"], serde_json::json!([]));
}

#[test]
fn a_locked_server_cannot_be_replaced_with_the_server_option() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.json");
    std::fs::write(&policy, r#"{"ServerUrl": "https://vraa.example.lv"}"#).unwrap();
    let o = cli(
        &dir.path().join("data"),
        &policy,
        &["outbox", "--server", "https://other.example.lv"],
    );
    // `outbox` reads only the local store, so it does not consult --server; `login`
    // does, and must refuse before it asks for a token.
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = Command::new(env!("CARGO_BIN_EXE_vraa-desk-cli"))
        .args([
            "login",
            "--server",
            "https://other.example.lv",
            "--data-dir",
        ])
        .arg(dir.path().join("data"))
        .env("VRAA_DESK_POLICY_FILE", &policy)
        .env("VRAA_DESK_TOKEN", "any")
        .wine_safe_output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("is set by your organisation"), "{err}");
}

#[test]
fn an_invalid_value_is_a_warning_and_the_cli_keeps_working() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.json");
    std::fs::write(
        &policy,
        r#"{"ServerUrl": "http://vraa.example.lv", "SyncIntervalMinutes": 30}"#,
    )
    .unwrap();
    let out = stdout_of(cli(&dir.path().join("data"), &policy, &["policy", "show"]));
    assert!(
        out.contains("Warning: Iestādes IT politikas vērtība ServerUrl netiek ņemta vērā"),
        "{out}"
    );
    assert!(
        out.contains("The organisation policy value ServerUrl is ignored"),
        "{out}"
    );
    assert!(out.contains("serverUrl = -\n"), "{out}");
    assert!(
        out.contains("syncIntervalMinutes = 30  [Iestatījis"),
        "the valid value still applies: {out}"
    );

    std::fs::write(&policy, "{ not json").unwrap();
    let out = stdout_of(cli(&dir.path().join("data"), &policy, &["policy", "show"]));
    assert!(out.contains("is not valid JSON"), "{out}");
    assert!(
        out.contains("syncIntervalMinutes = 30\n"),
        "kept, no longer locked: {out}"
    );
}

#[test]
fn names_lists_every_policy_value() {
    let o = Command::new(env!("CARGO_BIN_EXE_vraa-desk-cli"))
        .args(["policy", "names"])
        .wine_safe_output()
        .unwrap();
    let out = stdout_of(o);
    let names: Vec<&str> = out.lines().collect();
    assert_eq!(names, desk_core::policy::POLICY_VALUE_NAMES);
}
