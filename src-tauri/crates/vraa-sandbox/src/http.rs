//! Extractors and helpers shared by the handlers: authentication, the
//! idempotency protocol, bodies with size limits.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use desk_core::api::ProblemCode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::db::now;
use crate::error::{field_error, ApiError};
use crate::state::AppState;
use crate::store::{self, Caller, Principal};

/// The bearer token of a call, trimmed.
pub fn bearer_token(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// A contact person authenticated by their bearer token.
pub struct Customer(pub Caller);

impl FromRequestParts<AppState> for Customer {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match bearer_token(&parts.headers).and_then(|t| state.principal(t)) {
            Some(Principal::Customer(c)) => Ok(Customer(c.clone())),
            Some(Principal::Admin { .. }) => Err(ApiError::forbidden(
                "The admin token cannot act as a contact person.",
                "Administratora marķieris nevar darboties kontaktpersonas vārdā.",
            )),
            None => Err(ApiError::unauthorized()),
        }
    }
}

/// The sandbox administrator (acts as VRAA staff).
pub struct Admin;

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match bearer_token(&parts.headers).and_then(|t| state.principal(t)) {
            Some(Principal::Admin { .. }) => Ok(Admin),
            Some(Principal::Customer(_)) => Err(ApiError::forbidden(
                "This call needs the sandbox admin token.",
                "Šim izsaukumam vajadzīgs smilškastes administratora marķieris.",
            )),
            None => Err(ApiError::unauthorized()),
        }
    }
}

/// The `Idempotency-Key` header every mutating call must carry.
pub struct IdempotencyKey(pub String);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let key = parts
            .headers
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .unwrap_or_default();
        if key.is_empty() || key.len() > 255 {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                ProblemCode::IdempotencyKeyMissing,
                "Every change needs an Idempotency-Key header of 1–255 characters.",
                "Katrai izmaiņai vajadzīga Idempotency-Key galvene (1–255 rakstzīmes).",
            ));
        }
        Ok(IdempotencyKey(key.to_owned()))
    }
}

/// The raw body; answers 413 as problem JSON when it exceeds the limit.
pub struct RawBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Bytes::from_request(req, state).await {
            Ok(b) => Ok(RawBody(b)),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                ProblemCode::PayloadTooLarge,
                "The request body is larger than this call allows.",
                "Pieprasījuma saturs ir lielāks, nekā šis izsaukums atļauj.",
            )),
            Err(e) => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                ProblemCode::InvalidJson,
                format!("Cannot read the request body: {e}"),
                format!("Nevar nolasīt pieprasījuma saturu: {e}"),
            )),
        }
    }
}

/// The JSON body of a mutating call, parsed into `T`, with the call's
/// idempotency fingerprint (method, path and canonical body) — what every
/// JSON-bodied mutation needs before it can call [`crate::store`] through `mutate`.
pub struct JsonMutation<T> {
    pub input: T,
    pub fingerprint: String,
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonMutation<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let method = req.method().as_str().to_owned();
        let path = req.uri().path().to_owned();
        let RawBody(body) = RawBody::from_request(req, state).await?;
        let (input, canonical) = parse_json::<T>(&body)?;
        Ok(JsonMutation {
            input,
            fingerprint: fingerprint(&method, &path, &canonical),
        })
    }
}

/// Parses a JSON body into `T`, returning also its canonical bytes (sorted
/// keys) for the idempotency fingerprint.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<(T, Vec<u8>), ApiError> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ProblemCode::InvalidJson,
            format!("The body is not valid JSON: {e}"),
            format!("Saturs nav derīgs JSON: {e}"),
        )
    })?;
    let canonical = serde_json::to_vec(&value).map_err(|_| ApiError::internal("canonical json"))?;
    let parsed = serde_json::from_value(value).map_err(|e| {
        ApiError::validation(vec![field_error(
            "",
            "shape",
            format!("The body does not have the expected shape: {e}"),
            format!("Saturam nav gaidītās struktūras: {e}"),
        )])
    })?;
    Ok((parsed, canonical))
}

/// Fingerprint of a mutating call: method, path and canonical body.
pub fn fingerprint(method: &str, path: &str, body: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(method.as_bytes());
    h.update(b" ");
    h.update(path.as_bytes());
    h.update(b"\n");
    h.update(body);
    hex::encode(h.finalize())
}

/// The answer of a mutating call: status and JSON body.
pub struct Outcome {
    pub status: StatusCode,
    pub body: String,
    pub replayed: bool,
}

impl Outcome {
    pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Result<Outcome, ApiError> {
        Ok(Outcome {
            status,
            body: serde_json::to_string(value).map_err(|_| ApiError::internal("serialise"))?,
            replayed: false,
        })
    }
}

impl IntoResponse for Outcome {
    fn into_response(self) -> Response {
        let mut r = (self.status, self.body).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        if self.replayed {
            r.headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
        }
        r
    }
}

/// Runs a mutation under the idempotency protocol, in one transaction:
/// a stored result for `(scope, key)` with the same fingerprint is replayed,
/// with another fingerprint it is a 409; otherwise `apply` runs and its result
/// is stored with the change. Problems are not stored (the transaction rolls
/// back), so a corrected retry with the same key can still succeed.
pub async fn mutate<F>(
    state: &AppState,
    scope: String,
    key: String,
    fingerprint: String,
    apply: F,
) -> Result<Outcome, ApiError>
where
    F: FnOnce(
            &rusqlite::Transaction<'_>,
            chrono::DateTime<chrono::Utc>,
        ) -> Result<Outcome, ApiError>
        + Send
        + 'static,
{
    let lifetime = state.config.idempotency_key_lifetime;
    state
        .db
        .call(move |conn| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            if let Some((stored_fp, status, body)) =
                store::idempotent_result(&tx, &scope, &key, lifetime)?
            {
                if stored_fp != fingerprint {
                    return Err(ApiError::new(
                        StatusCode::CONFLICT,
                        ProblemCode::IdempotencyKeyReused,
                        "This Idempotency-Key was already used for a different call.",
                        "Šī Idempotency-Key jau izmantota citam izsaukumam.",
                    ));
                }
                return Ok(Outcome {
                    status: StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
                    body,
                    replayed: true,
                });
            }
            let at = now();
            let outcome = apply(&tx, at)?;
            store::store_idempotent_result(
                &tx,
                &scope,
                &key,
                &fingerprint,
                outcome.status.as_u16(),
                &outcome.body,
                at,
            )?;
            tx.commit()?;
            Ok(outcome)
        })
        .await
}
