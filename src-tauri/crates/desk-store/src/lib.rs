//! The local SQLite store of VRAA Desk.
//!
//! One database file in the app data directory holds everything the app knows:
//! settings, VRAA's data (requests, comments, attachment metadata, status
//! history, catalogue, contracts, availability), the user's drafts, the
//! outbox of actions waiting for VRAA, and the sync state. It is opened in WAL
//! mode with foreign keys on, and brought up to date by ordered migration
//! files at start-up. Problems with the file are classified ([`OpenError`])
//! so that the app can explain them and offer to move the file aside — the
//! file itself is never deleted.
//!
//! Every committed write sends a [`StoreEvent`] to [`Store::subscribe`]rs.

mod blobs;
mod connection;
mod database;
mod drafts;
mod error;
mod events;
mod list;
mod local;
mod mail;
mod migrations;
mod outbox;
mod remote;
mod saved_filters;
mod search;
pub mod settings;
mod sync_state;
mod time;
mod unread;

pub use blobs::MAX_ATTACHMENT_BYTES;
pub use connection::{same_endpoint, ConnectionBinding};
pub use database::{move_aside, move_database, Store, DATABASE_FILE_NAME};
pub use drafts::{Draft, DraftInput, PreparedAttachment, Submission};
pub use error::{OpenError, StoreError};
pub use events::{StoreEvent, EVENT_CAPACITY};
pub use list::{RequestListItem, RequestQuery, RequestSort, StatusChangeLite};
pub use local::LocalRequest;
pub use mail::{MailDirection, MailThread};
pub use migrations::LATEST_SCHEMA_VERSION;
pub use outbox::{Ack, OutboxAction, OutboxEntry, OutboxState};
pub use remote::{RequestDetail, RequestFilter, RequestSummary};
pub use saved_filters::SavedFilter;
pub use sync_state::SyncState;
