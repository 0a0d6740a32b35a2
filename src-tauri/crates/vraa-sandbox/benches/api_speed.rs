//! Speed of the sandbox on loopback (issue 4):
//! - `GET /v1/changes` in pages of 500 over the demo seed's history (target ≥ 20,000 changes/s);
//! - 1,000 creates from 50 concurrent clients × 20 (target p99 < 50 ms, none lost or doubled).
//!
//! Run: `cargo bench -p vraa-sandbox --bench api_speed`. Prints a table; the numbers
//! are recorded in docs/performance.md.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use desk_core::api::{ChangePage, Request};
use serde_json::json;
use vraa_sandbox::{SandboxConfig, Seed};

const TOKEN: &str = "demo-vvd-contact-7f3a90";
const EXPERT: &str = "demo-vvd-expert-2e6b45";

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

async fn feed_pass(http: &reqwest::Client, base: &str) -> anyhow::Result<usize> {
    let mut cursor = String::new();
    let mut total = 0;
    loop {
        let page: ChangePage = http
            .get(format!("{base}/v1/changes?cursor={cursor}&limit=500"))
            .bearer_auth(TOKEN)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        total += page.changes.len();
        cursor = page.next_cursor;
        if !page.has_more {
            return Ok(total);
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let started = Instant::now();
    let sandbox = vraa_sandbox::start(SandboxConfig {
        seed: Seed::Demo,
        ..SandboxConfig::for_tests()
    })
    .await?;
    let seed_time = started.elapsed();
    let base = sandbox.base_url();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()?;

    // Change feed: a warm-up pass, then timed passes.
    let changes = feed_pass(&http, &base).await?;
    let passes = 5;
    let t = Instant::now();
    for _ in 0..passes {
        let n = feed_pass(&http, &base).await?;
        assert_eq!(n, changes, "the feed is stable between passes");
    }
    let feed_time = t.elapsed();
    let feed_rate = (changes * passes) as f64 / feed_time.as_secs_f64();

    // Concurrent creates.
    let clients = 50;
    let per_client = 20;
    let t = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let http = http.clone();
        let base = base.clone();
        tasks.push(tokio::spawn(async move {
            let mut out = Vec::with_capacity(per_client);
            for i in 0..per_client {
                let body = json!({
                    "request_type_id": "email.licence_assign",
                    "subject": format!("Bench {c}-{i}"),
                    "fields": {"user_name": format!("User {c}-{i}"), "user_email": "bench@vvd.example.lv", "licence": "exchange_online_plan_1"}
                });
                let token = if c % 2 == 0 { TOKEN } else { EXPERT };
                let begin = Instant::now();
                let resp = http
                    .post(format!("{base}/v1/requests"))
                    .bearer_auth(token)
                    .header("Idempotency-Key", format!("bench-{c}-{i}"))
                    .json(&body)
                    .send()
                    .await?;
                let status = resp.status();
                let request: Request = resp.json().await?;
                anyhow::ensure!(status == 201, "create answered {status}");
                out.push((begin.elapsed(), request.id));
            }
            Ok::<_, anyhow::Error>(out)
        }));
    }
    let mut latencies = Vec::new();
    let mut ids = HashSet::new();
    for task in tasks {
        for (latency, id) in task.await?? {
            latencies.push(latency);
            ids.insert(id);
        }
    }
    let create_time = t.elapsed();
    latencies.sort();
    let stored: i64 = sandbox
        .db()
        .call(|c| {
            c.query_row(
                "SELECT COUNT(*) FROM requests WHERE subject LIKE 'Bench %'",
                [],
                |r| r.get(0),
            )
            .map_err(|e| vraa_sandbox::SandboxError::Task(e.to_string()))
        })
        .await?;

    println!(
        "seed demo (in memory)          : {:.2} s",
        seed_time.as_secs_f64()
    );
    println!("change feed, pages of 500       : {changes} changes × {passes} passes in {:.2} s = {:.0} changes/s", feed_time.as_secs_f64(), feed_rate);
    println!(
        "creates, {clients} clients × {per_client}       : {} in {:.2} s = {:.0}/s; p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        latencies.len(),
        create_time.as_secs_f64(),
        latencies.len() as f64 / create_time.as_secs_f64(),
        percentile(&latencies, 0.5).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
    );
    println!(
        "distinct ids returned / stored  : {} / {stored} (expected {})",
        ids.len(),
        clients * per_client
    );
    anyhow::ensure!(
        ids.len() == clients * per_client && stored == (clients * per_client) as i64,
        "lost or doubled creates"
    );
    sandbox.shutdown().await?;
    Ok(())
}
