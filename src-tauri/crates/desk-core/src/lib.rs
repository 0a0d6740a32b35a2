//! VRAA Desk domain: types, Latvian calendar, SLA engine, validation.
//!
//! Pure code: no file, network or database access happens here, so that the
//! desktop shell, the CLI, the sandbox and the tests all share one truth.

pub mod actions;
pub mod api;
pub mod attachments;
pub mod availability;
pub mod calendar;
pub mod forms;
pub mod mail;
pub mod policy;
pub mod settings;
pub mod sla;
pub mod time;
pub mod window;
