//! The e-mail channel: VRAA Desk works with VRAA the way VRAA documents,
//! by mail to IT@vraa.gov.lv.
//!
//! It is the second implementation of the sync engine's [`Transport`]
//! (`desk_sync::Transport`), beside the HTTPS API, with the same drafts,
//! outbox, retry and parking rules. Pushing an outbox row sends one message
//! over SMTP submission; pulling reads the mailbox over IMAP (UIDVALIDITY +
//! UID per folder is the cursor) and turns VRAA's replies that thread to a
//! known request into request snapshots and comments. SMTP has no
//! idempotency key, so "sent once" is built here: every row has a fixed
//! Message-ID, and a row is sent again only when the Sent folder does not
//! hold it.

pub mod compose;
pub mod credentials;
pub mod error;
pub mod imap;
pub mod reply;
pub mod smtp;
mod text;
pub mod tls;

pub use credentials::MailCredentials;
pub use error::MailError;
pub mod transport;
pub use transport::{MailConnector, MailSecrets, MailTransport};
