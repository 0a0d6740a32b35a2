//! Crash safety of the e-mail channel: `vraa-desk-cli sync` of a database
//! connected by e-mail is killed with SIGKILL at a random moment while it
//! sends a full outbox to real mail servers on loopback, then started again.
//! Every action must arrive in VRAA's mailbox exactly once (by Message-ID),
//! and nothing may be lost locally. SMTP has no idempotency key: what makes
//! this hold is the Message-ID fixed per outbox row and the Sent folder
//! looked at before any re-send. Each run prints its seed; `CRASH_SEED=<n>`
//! repeats a sequence, `CRASH_RUNS=<n>` changes the number of runs (default 50).
//!
//! Linux only: the mail servers are Debian's Dovecot started by shell
//! scripts, which a Windows test program under Wine cannot start.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "../../../../tests/support/wine_safe_start.rs"]
mod wine_safe_start;
use wine_safe_start::WineSafeStart;

use desk_core::api::NewRequest;
use desk_core::mail::{MailServer, MailSettings, MailTls};
use desk_store::{OutboxAction, Store, DATABASE_FILE_NAME};
use mail_parser::MessageParser;
use mail_servers::MailServers;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const USER: &str = "janis@iestade.gov.lv";
const PASSWORD: &str = "Parole-1";
const REQUESTS: usize = 4;
const COMMENTS: usize = 1;

fn sync_command(data: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vraa-desk-cli"));
    cmd.args(["sync", "--data-dir"])
        .arg(data)
        .env("VRAA_DESK_MAIL_PASSWORD", PASSWORD)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

fn fill_outbox(data: &Path, servers: &MailServers, vraa: &str) {
    let store = Store::open(&data.join(DATABASE_FILE_NAME)).unwrap();
    let settings = MailSettings {
        display_name: "Jānis Bērziņš".into(),
        institution_name: "Iestāde".into(),
        imap: MailServer {
            host: "127.0.0.1".into(),
            port: servers.imap_port(),
            tls: MailTls::Plain,
        },
        smtp: MailServer {
            host: "127.0.0.1".into(),
            port: servers.submission_port(),
            tls: MailTls::Plain,
        },
        vraa_address: vraa.into(),
        ..MailSettings::for_address(USER, "127.0.0.1")
    }
    .validated()
    .unwrap();
    store.save_mail_settings(Some(&settings)).unwrap();
    for r in 0..REQUESTS {
        let entry = store
            .queue_new_request(&NewRequest {
                request_type_id: "shared.issue".into(),
                subject: format!("Avārija {r}"),
                description: String::new(),
                fields: serde_json::json!({"component_id": "payments", "environment": "test"}),
                contract_id: None,
            })
            .unwrap();
        for c in 0..COMMENTS {
            store
                .queue_action(
                    &entry.request_key,
                    &OutboxAction::Comment {
                        body: format!("{r}:{c}"),
                    },
                )
                .unwrap();
        }
    }
}

/// The mail servers' warnings and errors, for a failure's message.
fn server_log(servers: &MailServers) -> String {
    let Ok(entries) = std::fs::read_dir(servers.dir().join("logs")) else {
        return String::new();
    };
    let mut out = String::new();
    for entry in entries.flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        for line in text.lines().filter(|l| {
            let l = l.to_lowercase();
            l.contains(" 421 ")
                || l.contains("421 4")
                || l.contains("error")
                || l.contains("fatal")
                || l.contains("warning")
                || l.contains("too many")
                || l.contains("limit")
        }) {
            out.push_str(line);
            out.push('\n');
        }
    }
    let connections = Command::new("ss")
        .args(["-tn", "state", "established"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let to_submission = connections
        .lines()
        .filter(|l| l.contains(&format!(":{} ", servers.submission_port())))
        .count();
    format!(
        "{}\nopen connections to submission: {to_submission}",
        out.lines().rev().take(40).collect::<Vec<_>>().join("\n")
    )
}

/// Message-ID → how many times it is in VRAA's inbox.
fn arrived(servers: &MailServers, vraa: &str) -> BTreeMap<String, usize> {
    let mut count = BTreeMap::new();
    for raw in servers.messages(vraa, "INBOX").unwrap_or_default() {
        let id = MessageParser::default()
            .parse(&raw)
            .and_then(|m| m.message_id().map(str::to_owned))
            .unwrap_or_default();
        *count.entry(id).or_insert(0) += 1;
    }
    count
}

#[test]
fn killing_the_cli_during_a_mail_sync_never_loses_or_duplicates_a_message() {
    let runs: u64 = std::env::var("CRASH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);
    let base_seed: u64 = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(1)
        });
    let servers = MailServers::start().expect("mail servers (scripts/mail/setup.sh)");
    // The relay takes a moment per message, as a real one does, so that kills
    // land between the final dot and the server's answer too.
    servers.set_relay_delay(Duration::from_millis(15));
    let total = REQUESTS * (1 + COMMENTS);
    let started = Instant::now();
    let span = {
        let vraa = "it-span@vraa.gov.lv";
        servers.add_user(vraa, "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        fill_outbox(dir.path(), &servers, vraa);
        let t = Instant::now();
        assert!(sync_command(dir.path())
            .wine_safe_status()
            .unwrap()
            .success());
        t.elapsed().max(Duration::from_millis(20))
    };
    println!("an uninterrupted mail sync takes {span:?}");
    let mut killed_mid_send = 0;
    for run in 0..runs {
        let seed = base_seed + run;
        println!("mail crash run {run}: seed {seed}");
        let mut rng = StdRng::seed_from_u64(seed);
        // A fresh VRAA mailbox per run, so each run counts only its own mail.
        let vraa = format!("it-{run}@vraa.gov.lv");
        servers.add_user(&vraa, "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        fill_outbox(dir.path(), &servers, &vraa);

        for _ in 0..rng.gen_range(1..=2) {
            let mut child = sync_command(dir.path()).wine_safe_spawn().unwrap();
            std::thread::sleep(span.mul_f64(rng.gen_range(0.0..1.0)));
            if let Err(error) = child.kill() {
                let exited = child.try_wait().unwrap();
                assert!(exited.is_some(), "seed {seed}: kill failed: {error}");
            }
            child.wait().unwrap();
        }
        let so_far: usize = arrived(&servers, &vraa).values().sum();
        if so_far > 0 && so_far < total {
            killed_mid_send += 1;
        }

        let output = sync_command(dir.path())
            .stderr(Stdio::piped())
            .wine_safe_output()
            .unwrap();
        assert!(
            output.status.success(),
            "seed {seed}: the sync after the crash failed: {}\nmail server log:\n{}",
            String::from_utf8_lossy(&output.stderr),
            server_log(&servers)
        );

        // A relay still handing on a message the killed run sent finishes
        // within moments; wait for it before counting.
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut count = arrived(&servers, &vraa);
        while count.len() < total && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
            count = arrived(&servers, &vraa);
        }
        assert_eq!(
            count.len(),
            total,
            "seed {seed}: every row arrived: {count:?}"
        );
        for (id, n) in &count {
            assert_eq!(*n, 1, "seed {seed}: {id} arrived {n} times");
        }
        let store = Store::open(&dir.path().join(DATABASE_FILE_NAME)).unwrap();
        assert!(
            store.outbox().unwrap().is_empty(),
            "seed {seed}: outbox empty"
        );
        assert_eq!(
            store.request_count().unwrap(),
            REQUESTS as i64,
            "seed {seed}"
        );
        assert_eq!(
            store.comment_count().unwrap(),
            (REQUESTS * COMMENTS) as i64,
            "seed {seed}"
        );
    }
    println!(
        "{runs} mail crash runs in {:.1} s; {killed_mid_send} killed in the middle of sending",
        started.elapsed().as_secs_f64()
    );
    assert!(
        killed_mid_send >= runs / 10,
        "too few kills landed mid-send ({killed_mid_send}/{runs}); the test would prove little"
    );
}
