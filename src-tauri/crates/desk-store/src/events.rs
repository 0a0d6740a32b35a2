//! Change events: every committed write announces what changed, so that the
//! desktop UI (through the shell) and the sync engine can react without polling.

use serde::Serialize;

/// How many events a slow subscriber may lag behind before it is told so
/// (`RecvError::Lagged`) and should reload everything.
pub const EVENT_CAPACITY: usize = 256;

/// What a committed write changed. Sent only after the commit succeeded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum StoreEvent {
    /// A draft was created or edited.
    DraftSaved { id: String },
    /// A draft was deleted or submitted.
    DraftDeleted { id: String },
    /// Rows were queued, sent, parked or discarded.
    OutboxChanged,
    /// VRAA's data about these requests changed (pull or acknowledgement).
    RequestsChanged { ids: Vec<String> },
    /// Catalogue, contracts or availability records changed.
    ReferenceDataChanged,
    /// Cursor, last success or last error of the sync changed.
    SyncStateChanged,
    /// The user's settings changed (the sync engine re-reads them each run).
    SettingsChanged,
    /// The user opened a request: its unread marker is gone.
    RequestSeen { id: String },
    /// A saved filter of the request list was added, replaced or deleted.
    SavedFiltersChanged,
}

impl crate::Store {
    /// SQLite's `data_version`: it changes when another connection (another
    /// process, e.g. the CLI) commits to the database, and not for this
    /// store's own writes, which send their [`StoreEvent`]s instead. Compared
    /// between two reads, it tells whether someone else wrote in between.
    pub fn data_version(&self) -> Result<i64, crate::StoreError> {
        use crate::error::SqlContext;
        self.conn()
            .query_row("PRAGMA data_version", [], |row| row.get(0))
            .context("reading the data version")
    }
}
