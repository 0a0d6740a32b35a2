//! The local SQLite store of VRAA Desk.
//!
//! One database file in the app data directory holds everything the app knows
//! (settings now; requests, drafts and the outbox with the sync engine). It is
//! opened in WAL mode with foreign keys on, and brought up to date by ordered
//! migration files at start-up. Problems with the file are classified
//! ([`OpenError`]) so that the app can explain them and offer to move the file
//! aside — the file itself is never deleted.

mod database;
mod error;
mod migrations;
pub mod settings;

pub use database::{move_aside, Store, DATABASE_FILE_NAME};
pub use error::{OpenError, StoreError};
pub use migrations::LATEST_SCHEMA_VERSION;
