//! Which VRAA connection (server + institution) this database belongs to.

use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::error::{SqlContext, StoreError};
use crate::time::{parse_ts, ts};
use crate::Store;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionBinding {
    /// Where VRAA was reached: the API's base URL (or the e-mail address).
    pub endpoint: String,
    pub institution_id: String,
    pub institution_name: String,
    pub bound_at: DateTime<Utc>,
}

impl ConnectionBinding {
    /// Whether `endpoint` and `institution_id` name this same connection
    /// (a trailing slash in the address does not make another server).
    pub fn is(&self, endpoint: &str, institution_id: &str) -> bool {
        same_endpoint(&self.endpoint, endpoint) && self.institution_id == institution_id
    }
}

pub fn same_endpoint(a: &str, b: &str) -> bool {
    a.trim_end_matches('/')
        .eq_ignore_ascii_case(b.trim_end_matches('/'))
}

impl Store {
    /// The connection this database holds the data of; `None` before the first contact.
    pub fn connection_binding(&self) -> Result<Option<ConnectionBinding>, StoreError> {
        let row: Option<(String, String, String, String)> = self
            .conn()
            .query_row(
                "SELECT endpoint, institution_id, institution_name, bound_at FROM connection_binding WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .context("reading the connection")?;
        row.map(|(endpoint, institution_id, institution_name, at)| {
            Ok(ConnectionBinding {
                endpoint,
                institution_id,
                institution_name,
                bound_at: parse_ts(&at)?,
            })
        })
        .transpose()
    }

    /// Records the connection this database belongs to (first contact only:
    /// an existing binding is never replaced, a database is never re-used
    /// for another institution).
    pub fn bind_connection(
        &self,
        endpoint: &str,
        institution_id: &str,
        institution_name: &str,
    ) -> Result<ConnectionBinding, StoreError> {
        self.conn()
            .execute(
                "INSERT INTO connection_binding (id, endpoint, institution_id, institution_name, bound_at)
                 VALUES (1, ?1, ?2, ?3, ?4) ON CONFLICT (id) DO NOTHING",
                [endpoint, institution_id, institution_name, &ts(Utc::now())],
            )
            .context("recording the connection")?;
        self.connection_binding()?
            .ok_or_else(|| StoreError::Invalid {
                lv: "savienojumu nevarēja saglabāt".into(),
                en: "the connection could not be recorded".into(),
            })
    }
}
