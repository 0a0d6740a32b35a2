//! `vraa-sandbox`: a real, local implementation of the VRAA request API that
//! VRAA Desk speaks (contract: `docs/api/openapi.json`, design:
//! `docs/api/README.md`).
//!
//! It is an axum server over its own SQLite database. It authenticates one
//! bearer token per contact person, keeps institutions apart, runs every
//! mutation under the `Idempotency-Key` protocol in one transaction with its
//! change-feed entry, enforces the request life cycle, simulates VRAA staff
//! (optional), limits body sizes and call rates, and can inject faults.
//!
//! # Use as a library
//! ```no_run
//! # async fn demo() -> Result<(), vraa_sandbox::SandboxError> {
//! use vraa_sandbox::{start, SandboxConfig, Seed};
//! let mut config = SandboxConfig::default();           // demo seed, in memory
//! config.addr = "127.0.0.1:0".parse().expect("address"); // any free loopback port
//! let sandbox = start(config).await?;
//! let url = sandbox.base_url();                          // http://127.0.0.1:PORT
//! let token = &vraa_sandbox::demo_tokens()[0].token;     // a contact person's token
//! # let _ = (url, token, Seed::Empty);
//! sandbox.shutdown().await?;
//! # Ok(()) }
//! ```
//!
//! Public API:
//! - [`start`]`(SandboxConfig) -> RunningSandbox` with [`RunningSandbox::addr`],
//!   [`RunningSandbox::base_url`], [`RunningSandbox::shutdown`] and
//!   [`RunningSandbox::shutdown_when`] (e.g. on Ctrl+C);
//! - [`SandboxConfig`] (`default()` = demo seed in memory on 127.0.0.1:8787 with a
//!   rate limit; `for_tests()` = empty seed, port 0, no rate limit), [`Seed`]
//!   (`Empty`, `Demo`, `DemoWithHistory(n)` for small test seeds), [`RateLimit`],
//!   fault injection in `SandboxConfig::faults` and the simulated staff in
//!   `staff_speed`;
//! - [`demo_tokens`] (fixed, documented, sandbox only; [`ADMIN_TOKEN`] acts as staff),
//!   [`tokens_in`] and [`seed_database`] for scripts;
//! - [`catalog`]: the request-type catalogue with field schemas (also available
//!   without this crate as `desk_core::api::catalogue_data::standard_catalog`), for
//!   offline draft validation;
//! - `mail_face` (feature `mail-face`): VRAA's side of the e-mail channel,
//!   `MailFace::start(MailFaceConfig, &RunningSandbox)` reads VRAA's mailbox,
//!   files request mails through the API and answers by SMTP;
//! - [`openapi_json`] / [`ApiDoc`]: the contract; [`router`] and [`prepare`] to embed
//!   the routes elsewhere; [`simulate_staff_once`] to move requests deterministically.
//!
//! The wire types are `desk_core::api` (enable its `openapi` feature only here;
//! the sync client uses them without it).

mod app;
mod config;
mod db;
mod error;
mod http;
mod limits;
#[cfg(feature = "mail-face")]
pub mod mail_face;
#[cfg(feature = "openapi")]
mod openapi;
mod routes;
mod seed;
mod staff;
mod state;
mod store;
mod validation;

pub use app::{prepare, router, start, RunningSandbox};
pub use config::{RateLimit, SandboxConfig, Seed};
pub use db::Db;
pub use error::SandboxError;
#[cfg(feature = "openapi")]
pub use openapi::{openapi_json, ApiDoc};
pub use seed::{demo_tokens, DemoToken, ADMIN_TOKEN, DEMO_HISTORY_REQUESTS};

/// The request-type catalogue the sandbox serves (services, request types with
/// JSON Schemas of their fields, SLA policies).
pub fn catalog() -> desk_core::api::Catalog {
    desk_core::api::catalogue_data::standard_catalog()
}

/// Tokens stored in the database at `path` (for `vraa-sandbox tokens`).
pub fn tokens_in(path: &std::path::Path) -> Result<Vec<DemoToken>, SandboxError> {
    let db = Db::open(Some(path))?;
    db.with_blocking(|c| seed::stored_tokens(c))
}

/// Seeds the database at `path` without serving (for scripts).
pub fn seed_database(path: &std::path::Path, seed: Seed) -> Result<(), SandboxError> {
    let db = Db::open(Some(path))?;
    db.with_blocking(|c| seed::apply(c, seed, db::now()))
}

/// Runs one pass of the simulated staff at `speed` (tests use it to move
/// requests deterministically without waiting for the clock).
pub async fn simulate_staff_once(db: &Db, speed: f64) -> Result<usize, SandboxError> {
    db.call(move |c| staff::step(c, speed, db::now())).await
}
