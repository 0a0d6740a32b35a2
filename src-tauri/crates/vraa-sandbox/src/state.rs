//! Shared state of the running server.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use desk_core::api::{Catalog, Faults};

use crate::config::SandboxConfig;
use crate::db::Db;
use crate::limits::RateLimiter;
use crate::store::Principal;
use crate::validation::FieldValidators;

/// The catalogue with its pre-computed JSON and ETag.
pub struct CatalogCache {
    pub catalog: Catalog,
    pub json: Vec<u8>,
    pub etag: String,
    pub validators: FieldValidators,
}

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<SandboxConfig>,
    /// Who each token belongs to, keyed by the token's SHA-256 (see [`Self::principal`]).
    pub principals: Arc<HashMap<String, Principal>>,
    pub catalog: Arc<CatalogCache>,
    pub faults: Arc<RwLock<Faults>>,
    pub limiter: Arc<RateLimiter>,
}

impl AppState {
    /// Who a bearer token belongs to (looked up by its hash: tokens are
    /// stored hashed).
    pub fn principal(&self, token: &str) -> Option<&Principal> {
        self.principals.get(&crate::db::token_hash(token))
    }

    pub fn faults(&self) -> Faults {
        self.faults.read().map(|f| f.clone()).unwrap_or_default()
    }
}
