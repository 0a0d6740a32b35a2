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
    pub principals: Arc<HashMap<String, Principal>>,
    pub catalog: Arc<CatalogCache>,
    pub faults: Arc<RwLock<Faults>>,
    pub limiter: Arc<RateLimiter>,
}

impl AppState {
    pub fn faults(&self) -> Faults {
        self.faults.read().map(|f| f.clone()).unwrap_or_default()
    }
}
