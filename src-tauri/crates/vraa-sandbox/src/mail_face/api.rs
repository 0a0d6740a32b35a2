//! Calls of the sandbox's own API routes, in process: a request that came by
//! mail is filed by the very handler `POST /v1/requests` runs (validation,
//! contracts, idempotency, change feed, staff simulation), as the person who
//! sent the mail.

use axum::body::Body;
use axum::http::{header, Method, Request as HttpRequest, StatusCode};
use axum::Router;
use sha2::{Digest, Sha256};
use tower::ServiceExt;

use super::MailFaceError;

/// Answers up to this size are read (a request with its history is far smaller).
const MAX_ANSWER: usize = 4 * 1024 * 1024;

/// The outcome of one call.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn ok(&self) -> bool {
        self.status.is_success()
    }

    /// A refusal that will not change on a retry (validation, conflict, …).
    pub fn refused(&self) -> bool {
        self.status.is_client_error() && self.status != StatusCode::TOO_MANY_REQUESTS
    }

    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, MailFaceError> {
        serde_json::from_slice(&self.body).map_err(|e| MailFaceError::Api {
            status: self.status.as_u16(),
            detail: format!("unreadable answer: {e}"),
        })
    }

    /// The answer as an error (for the log).
    pub fn error(&self) -> MailFaceError {
        MailFaceError::Api {
            status: self.status.as_u16(),
            detail: String::from_utf8_lossy(&self.body)
                .chars()
                .take(500)
                .collect(),
        }
    }
}

/// An `Idempotency-Key` made from a Message-ID (and what the call does with
/// it): the key itself when the API takes it (1–255 visible ASCII
/// characters), else its SHA-256.
pub fn idempotency_key(message_key: &str, step: &str) -> String {
    let key = format!("mail:{message_key}{step}");
    if key.len() <= 255 && key.bytes().all(|b| (b'!'..=b'~').contains(&b)) {
        key
    } else {
        format!(
            "mail-sha256:{}{step}",
            hex::encode(Sha256::digest(message_key.as_bytes()))
        )
        .chars()
        .take(255)
        .collect()
    }
}

/// One call of the router as `token`, with `key` as its Idempotency-Key.
pub async fn call(
    router: &Router,
    method: Method,
    path: &str,
    token: &str,
    key: Option<&str>,
    content_type: &str,
    body: Vec<u8>,
) -> Result<Answer, MailFaceError> {
    let mut request = HttpRequest::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, content_type);
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    let request = request
        .body(Body::from(body))
        .map_err(|e| MailFaceError::Api {
            status: 0,
            detail: e.to_string(),
        })?;
    let response = router
        .clone()
        .oneshot(request)
        .await
        .map_err(|e| MailFaceError::Api {
            status: 0,
            detail: e.to_string(),
        })?;
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), MAX_ANSWER)
        .await
        .map_err(|e| MailFaceError::Api {
            status: status.as_u16(),
            detail: e.to_string(),
        })?;
    Ok(Answer {
        status,
        body: body.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_become_idempotency_keys() {
        assert_eq!(
            idempotency_key("vraa-desk.k1@iestade.gov.lv", ""),
            "mail:vraa-desk.k1@iestade.gov.lv"
        );
        let odd = idempotency_key("ziņa ar atstarpēm", ".comment");
        assert!(odd.starts_with("mail-sha256:") && odd.ends_with(".comment"));
        assert!(odd.is_ascii());
    }
}
