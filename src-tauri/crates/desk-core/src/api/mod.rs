//! Wire types of the VRAA API (shared by the sandbox and the sync client).
//!
//! Every type here is a plain serde type: the sandbox serves exactly these
//! shapes and derives its OpenAPI document from them (feature `openapi`), and
//! the sync client deserialises the same types, so the two sides cannot drift.
//! The contract's design is described in `docs/api/README.md`.

pub mod admin;
pub mod availability;
pub mod catalog;
pub mod catalogue_data;
pub mod changes;
pub mod hash;
pub mod me;
pub mod problem;
pub mod request;

pub use admin::*;
pub use availability::*;
pub use catalog::*;
pub use changes::*;
pub use hash::{InvalidSha256, Sha256Hex};
pub use me::*;
pub use problem::*;
pub use request::*;

/// Header every mutating call must carry (see `docs/api/README.md`).
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";
/// Prefix of human request references, e.g. `VRAA-2026-000123`.
pub const REFERENCE_PREFIX: &str = "VRAA";

/// Formats a human reference such as `VRAA-2026-000123`.
pub fn format_reference(year: i32, number: u32) -> String {
    format!("{REFERENCE_PREFIX}-{year}-{number:06}")
}

/// Text in both languages of the product (Latvian first).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocalizedText {
    pub lv: String,
    pub en: String,
}

impl LocalizedText {
    pub fn new(lv: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            lv: lv.into(),
            en: en.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_is_zero_padded() {
        assert_eq!(format_reference(2026, 123), "VRAA-2026-000123");
        assert_eq!(format_reference(2025, 1_234_567), "VRAA-2025-1234567");
    }
}
