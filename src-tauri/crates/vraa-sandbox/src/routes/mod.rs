//! HTTP handlers: `/v1` for contact persons, `/admin/v1` for the sandbox admin.

pub mod admin;
pub mod v1;

use axum::http::{HeaderMap, Method, Uri};

/// `(method, path)` of a call, used in idempotency fingerprints.
pub fn call_id(method: &Method, uri: &Uri) -> (String, String) {
    (method.as_str().to_owned(), uri.path().to_owned())
}

/// The `Content-Type` of an upload without parameters, lower-cased.
pub fn media_type(headers: &HeaderMap) -> String {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/octet-stream")
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}
