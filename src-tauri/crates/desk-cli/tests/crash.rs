//! Crash safety: `vraa-desk-cli sync` is killed with SIGKILL (TerminateProcess
//! on Windows) while it pushes a full outbox — at a random moment, or right
//! after a random number of its actions reached VRAA — then started again. Every action
//! must be on the server exactly once (in order per request), and nothing may
//! be lost locally. Each run prints its seed; `CRASH_SEED=<n>` repeats a run
//! sequence, `CRASH_RUNS=<n>` changes the number of runs (default 50).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "../../../../tests/support/wine_safe_start.rs"]
mod wine_safe_start;
use wine_safe_start::WineSafeStart;

use desk_core::api::{Faults, NewRequest};
use desk_store::{OutboxAction, Store, DATABASE_FILE_NAME};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use vraa_sandbox::{RunningSandbox, SandboxConfig, SandboxError, Seed};

const TOKEN: &str = "demo-vvd-contact-7f3a90";
const REQUESTS: usize = 6;
const COMMENTS: usize = 3;

fn sync_command(data: &Path, url: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vraa-desk-cli"));
    cmd.args(["sync", "--server", url, "--data-dir"])
        .arg(data)
        .env("VRAA_DESK_TOKEN", TOKEN)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

fn fill_outbox(data: &Path) {
    let store = Store::open(&data.join(DATABASE_FILE_NAME)).unwrap();
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

/// (subject, count) of requests and comment bodies in VRAA's recorded order.
async fn server_state(sandbox: &RunningSandbox) -> (Vec<(String, i64)>, Vec<String>) {
    sandbox
        .db()
        .call(|c| {
            let q = |e: rusqlite::Error| SandboxError::Task(e.to_string());
            let mut s = c
                .prepare("SELECT subject, count(*) FROM requests GROUP BY subject ORDER BY subject")
                .map_err(q)?;
            let subjects = s
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(q)?
                .collect::<Result<Vec<_>, _>>()
                .map_err(q)?;
            let mut s = c
                .prepare("SELECT json_extract(data, '$.body') FROM changes WHERE entity = 'comment' ORDER BY seq")
                .map_err(q)?;
            let bodies = s
                .query_map([], |r| r.get(0))
                .map_err(q)?
                .collect::<Result<Vec<String>, _>>()
                .map_err(q)?;
            Ok::<_, SandboxError>((subjects, bodies))
        })
        .await
        .unwrap()
}

/// How many of the outbox's actions (requests and comments) VRAA has recorded.
fn arrived(rt: &tokio::runtime::Runtime, sandbox: &RunningSandbox) -> usize {
    let (subjects, bodies) = rt.block_on(server_state(sandbox));
    subjects.len() + bodies.len()
}

async fn start_sandbox() -> RunningSandbox {
    // A little latency so that a sync takes long enough to be cut anywhere.
    vraa_sandbox::start(SandboxConfig {
        seed: Seed::Empty,
        faults: Faults {
            latency_ms: 8,
            ..Faults::default()
        },
        ..SandboxConfig::for_tests()
    })
    .await
    .unwrap()
}

#[test]
fn killing_the_cli_during_sync_never_loses_or_duplicates_an_action() {
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
    let rt = tokio::runtime::Runtime::new().unwrap();
    let started = Instant::now();
    // How long an uninterrupted sync of the full outbox takes here: half of
    // the kills are spread over that span, so that they land before, during
    // and after the push on any machine. Process start-up is most of the span
    // under Wine or on a loaded machine, so the other half wait until a
    // random number of the actions has reached VRAA and kill at once: the
    // moment an answer is most likely lost after the server committed.
    let total = REQUESTS * (1 + COMMENTS);
    let span = {
        let sandbox = rt.block_on(start_sandbox());
        let dir = tempfile::tempdir().unwrap();
        fill_outbox(dir.path());
        let t = Instant::now();
        assert!(sync_command(dir.path(), &sandbox.base_url())
            .wine_safe_status()
            .unwrap()
            .success());
        let span = t.elapsed().max(Duration::from_millis(20));
        rt.block_on(sandbox.shutdown()).unwrap();
        span
    };
    println!("an uninterrupted sync takes {span:?}");
    let mut killed_mid_push = 0;
    for run in 0..runs {
        let seed = base_seed + run;
        println!("crash run {run}: seed {seed}");
        let mut rng = StdRng::seed_from_u64(seed);
        let sandbox = rt.block_on(start_sandbox());
        let url = sandbox.base_url();
        let dir = tempfile::tempdir().unwrap();
        fill_outbox(dir.path());

        // One or two kills at random moments.
        for _ in 0..rng.gen_range(1..=2) {
            let mut child = sync_command(dir.path(), &url).wine_safe_spawn().unwrap();
            let before = arrived(&rt, &sandbox);
            if rng.gen_bool(0.5) && before + 1 < total {
                let target = rng.gen_range(before + 1..total);
                while arrived(&rt, &sandbox) < target && child.try_wait().unwrap().is_none() {
                    std::thread::sleep(Duration::from_millis(1));
                }
            } else {
                std::thread::sleep(span.mul_f64(rng.gen_range(0.0..1.0)));
            }
            // SIGKILL on Unix, TerminateProcess on Windows. The sync may
            // have finished on its own just before: Wine then answers
            // ERROR_INTERNAL_ERROR (1359) instead of success, so a failed
            // kill only counts when the child is still running.
            if let Err(error) = child.kill() {
                let exited = child.try_wait().unwrap();
                assert!(exited.is_some(), "seed {seed}: kill failed: {error}");
            }
            child.wait().unwrap();
        }
        let after_kills = arrived(&rt, &sandbox);
        if after_kills > 0 && after_kills < total {
            killed_mid_push += 1;
        }

        // Restart and finish.
        let status = sync_command(dir.path(), &url).wine_safe_status().unwrap();
        assert!(
            status.success(),
            "seed {seed}: the sync after the crash failed"
        );

        let (subjects, bodies) = rt.block_on(server_state(&sandbox));
        let expected: Vec<(String, i64)> =
            (0..REQUESTS).map(|r| (format!("Avārija {r}"), 1)).collect();
        assert_eq!(subjects, expected, "seed {seed}: requests exactly once");
        assert_eq!(
            bodies.len(),
            REQUESTS * COMMENTS,
            "seed {seed}: comments exactly once: {bodies:?}"
        );
        for r in 0..REQUESTS {
            let mine: Vec<&String> = bodies
                .iter()
                .filter(|b| b.starts_with(&format!("{r}:")))
                .collect();
            let want: Vec<String> = (0..COMMENTS).map(|c| format!("{r}:{c}")).collect();
            assert_eq!(
                mine,
                want.iter().collect::<Vec<_>>(),
                "seed {seed}: order of request {r}"
            );
        }
        // Nothing lost locally: the outbox is empty and the copy has it all.
        let store = Store::open(&dir.path().join(DATABASE_FILE_NAME)).unwrap();
        assert!(store.outbox().unwrap().is_empty(), "seed {seed}");
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
        drop(store);
        rt.block_on(sandbox.shutdown()).unwrap();
    }
    println!(
        "{runs} crash runs in {:.1} s; {killed_mid_push} killed in the middle of a push",
        started.elapsed().as_secs_f64()
    );
    assert!(
        killed_mid_push >= runs / 10,
        "too few kills landed mid-push ({killed_mid_push}/{runs}); the test would prove little"
    );
}
