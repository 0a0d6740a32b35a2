//! Contract tests of `vraa-sandbox` against a real server on 127.0.0.1.

mod common;
#[path = "../../../../../tests/support/wine_safe_start.rs"]
mod wine_safe_start;

mod auth_isolation;
mod changes;
mod contract;
mod idempotency;
mod lifecycle;
mod limits_faults;
mod resources;
mod seed_staff;
