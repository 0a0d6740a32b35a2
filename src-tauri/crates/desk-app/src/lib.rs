//! The use cases of VRAA Desk's desktop UI, without Tauri.
//!
//! Each module builds what one screen shows (a *view*, serialised camelCase for
//! the UI) or carries out what the user asked (an *action*), from the local
//! store (desk-store), the domain rules (desk-core: SLA clocks, validation,
//! attachment limits) and the VRAA client (desk-sync). The Tauri shell only
//! forwards: every command there is a few lines calling a function here, so the
//! logic is tested with `cargo test` and no webview.

pub mod bulk;
pub mod catalogue;
pub mod connection;
pub mod contract;
pub mod demo;
pub mod detail;
pub mod drafts;
pub mod error;
pub mod export;
pub mod files;
pub mod list;
pub mod mail;
pub mod notify;
pub mod outbox;
pub mod overview;
pub mod policy;
pub mod session;
mod sla;
pub mod types;

pub use error::{AppError, AppErrorCode};
pub use types::Localized;

/// Everything a view needs besides the store: the Latvian calendar (SLA
/// clocks, availability) and the reading time.
pub struct Context<'a> {
    pub store: &'a desk_store::Store,
    pub calendar: &'a desk_core::calendar::Calendar,
    pub now: chrono::DateTime<chrono::Utc>,
}
