//! Configuration of a sandbox instance.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use desk_core::api::Faults;

/// What to put into a fresh database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seed {
    /// Nothing but the demo institutions, people and tokens (for tests).
    Empty,
    /// Institutions, people, tokens and two years of history (≥ 5,000 requests).
    Demo,
    /// Like `Demo`, with `n` historic requests instead (small, fast test seeds).
    DemoWithHistory(u32),
}

/// How long the sandbox remembers an `Idempotency-Key` and its answer
/// (docs/api/README.md, "Idempotency"): a retry or a lookup within this time
/// gets the original answer; after it the key is forgotten and may be reused.
/// A week covers a laptop that was offline over a long weekend.
pub const IDEMPOTENCY_KEY_LIFETIME: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// Per-token rate limit: a bucket of `burst` calls refilled at `per_second`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    pub per_second: f64,
    pub burst: f64,
}

#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Address to listen on; port 0 picks a free port.
    pub addr: SocketAddr,
    /// Database file; `None` keeps everything in memory.
    pub db_path: Option<PathBuf>,
    /// Applied only when the database has no institutions yet.
    pub seed: Seed,
    /// Maximum size of a JSON body.
    pub max_json_body: usize,
    /// Maximum size of one upload.
    pub max_attachment: usize,
    /// Accepted upload media types.
    pub allowed_media_types: Vec<String>,
    /// `None` turns rate limiting off.
    pub rate_limit: Option<RateLimit>,
    /// Initial fault injection (changeable through the admin API).
    pub faults: Faults,
    /// Simulated staff: `None` = off; `Some(speed)` = simulated seconds per real second.
    pub staff_speed: Option<f64>,
    /// How often the simulated staff looks at open requests.
    pub staff_tick: Duration,
    /// Seed of the random draws (fault injection, simulated staff).
    pub rng_seed: u64,
    /// How long idempotency keys are kept ([`IDEMPOTENCY_KEY_LIFETIME`]).
    pub idempotency_key_lifetime: Duration,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            addr: SocketAddr::from(([127, 0, 0, 1], 8787)),
            db_path: None,
            seed: Seed::Demo,
            max_json_body: 256 * 1024,
            max_attachment: 10 * 1024 * 1024,
            allowed_media_types: [
                "application/pdf",
                "image/png",
                "image/jpeg",
                "text/plain",
                "text/csv",
                "application/zip",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "application/vnd.etsi.asic-e+zip",
                "message/rfc822",
            ]
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
            rate_limit: Some(RateLimit {
                per_second: 50.0,
                burst: 200.0,
            }),
            faults: Faults::default(),
            staff_speed: None,
            staff_tick: Duration::from_secs(1),
            rng_seed: 2026,
            idempotency_key_lifetime: IDEMPOTENCY_KEY_LIFETIME,
        }
    }
}

impl SandboxConfig {
    /// Loopback, port 0, in memory, empty seed, no rate limit: for tests.
    pub fn for_tests() -> Self {
        SandboxConfig {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            seed: Seed::Empty,
            rate_limit: None,
            ..SandboxConfig::default()
        }
    }
}
