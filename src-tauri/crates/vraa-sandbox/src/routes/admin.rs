//! The sandbox admin API (`/admin/v1`): acts as VRAA staff, deterministically.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::Json;
// Some of these types are named only in the OpenAPI annotations.
#[cfg_attr(not(feature = "openapi"), allow(unused_imports))]
use desk_core::api::{
    Actor, ActorKind, AdminComment, AdminTransition, Attachment, AvailabilityRecord, Comment,
    Faults, NewOutage, Problem, ProblemCode, Request,
};
use serde::Deserialize;
#[cfg(feature = "openapi")]
use utoipa::IntoParams;

use crate::error::{field_error, ApiError};
use crate::http::{
    fingerprint, mutate, parse_json, Admin, IdempotencyKey, JsonMutation, Outcome, RawBody,
};
use crate::routes::v1::{attachment_limit, check_upload};
use crate::routes::{call_id, media_type};
use crate::state::AppState;
use crate::store;
use crate::validation::check_text;

const ADMIN_SCOPE: &str = "admin";

fn staff(name: Option<String>) -> Actor {
    Actor {
        kind: ActorKind::Staff,
        name: name
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| "VRAA atbalsta dienests".into()),
    }
}

fn request_not_found() -> ApiError {
    ApiError::not_found("The request", "Pieprasījums")
}

/// Moves a request to another status as VRAA staff would.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/admin/v1/requests/{id}/transition", tag = "admin", security(("admin" = [])),
    params(("id" = String, Path, description = "Request id or reference"),
           ("Idempotency-Key" = String, Header, description = "Unique per intended change: 1–255 visible ASCII characters", min_length = 1, max_length = 255, pattern = r"^[!-~]+$")),
    request_body = AdminTransition,
    responses(
        (status = 200, body = Request),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )))]
pub async fn transition(
    State(state): State<AppState>,
    _admin: Admin,
    IdempotencyKey(key): IdempotencyKey,
    Path(id): Path<String>,
    JsonMutation {
        input,
        fingerprint: fp,
    }: JsonMutation<AdminTransition>,
) -> Result<Outcome, ApiError> {
    mutate(&state, ADMIN_SCOPE.into(), key, fp, move |tx, at| {
        let (inst, mut request) =
            store::find_request(tx, None, &id)?.ok_or_else(request_not_found)?;
        if !request.status.staff_may_move_to(input.to) {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                ProblemCode::InvalidTransition,
                format!(
                    "Staff cannot move a request from {} to {}.",
                    request.status.as_str(),
                    input.to.as_str()
                ),
                format!(
                    "Darbinieks nevar pārvietot pieprasījumu no {} uz {}.",
                    request.status.as_str(),
                    input.to.as_str()
                ),
            ));
        }
        let actor = staff(input.staff_name);
        store::transition_stored(tx, &inst, &mut request, input.to, actor, input.comment, at)?;
        Outcome::json(StatusCode::OK, &request)
    })
    .await
}

/// Writes a public comment as VRAA staff.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/admin/v1/requests/{id}/comments", tag = "admin", security(("admin" = [])),
    params(("id" = String, Path, description = "Request id or reference"),
           ("Idempotency-Key" = String, Header, description = "Unique per intended change: 1–255 visible ASCII characters", min_length = 1, max_length = 255, pattern = r"^[!-~]+$")),
    request_body = AdminComment,
    responses(
        (status = 201, body = Comment),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )))]
pub async fn comment(
    State(state): State<AppState>,
    _admin: Admin,
    IdempotencyKey(key): IdempotencyKey,
    Path(id): Path<String>,
    JsonMutation {
        input,
        fingerprint: fp,
    }: JsonMutation<AdminComment>,
) -> Result<Outcome, ApiError> {
    let mut errors = Vec::new();
    check_text(&mut errors, "/body", &input.body, 1, 20_000);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    mutate(&state, ADMIN_SCOPE.into(), key, fp, move |tx, at| {
        let (inst, request) = store::find_request(tx, None, &id)?.ok_or_else(request_not_found)?;
        let comment = Comment {
            id: uuid::Uuid::now_v7().to_string(),
            request_id: request.id,
            author: staff(input.staff_name),
            body: input.body,
            created_at: at,
        };
        store::insert_comment(tx, &inst, &comment)?;
        Outcome::json(StatusCode::CREATED, &comment)
    })
    .await
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams), into_params(parameter_in = Query))]
pub struct AdminAttachParams {
    pub file_name: String,
    pub staff_name: Option<String>,
}

/// Attaches a file as VRAA staff (upload and attach in one call).
#[cfg_attr(feature = "openapi", utoipa::path(put, path = "/admin/v1/requests/{id}/attachments", tag = "admin", security(("admin" = [])),
    params(("id" = String, Path, description = "Request id or reference"),
           ("Idempotency-Key" = String, Header, description = "Unique per intended change: 1–255 visible ASCII characters", min_length = 1, max_length = 255, pattern = r"^[!-~]+$"),
           AdminAttachParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The file with its real Content-Type"),
    responses(
        (status = 201, body = Attachment),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json"),
    )))]
#[allow(clippy::too_many_arguments)]
pub async fn attach(
    State(state): State<AppState>,
    _admin: Admin,
    IdempotencyKey(key): IdempotencyKey,
    Path(id): Path<String>,
    Query(params): Query<AdminAttachParams>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Result<RawBody, ApiError>,
) -> Result<Outcome, ApiError> {
    let RawBody(body) = body.map_err(|e| attachment_limit(&state, e))?;
    let content_type = media_type(&headers);
    let sha = {
        use sha2::Digest;
        desk_core::api::Sha256Hex::from_digest(sha2::Sha256::digest(&body).into())
    };
    let blob = check_upload(&state, sha.as_str(), &content_type, &body)?;
    let mut errors = Vec::new();
    check_text(&mut errors, "/file_name", &params.file_name, 1, 255);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let (m, p) = call_id(&method, &uri);
    let fp = fingerprint(
        &m,
        &format!("{p}?{} {content_type} {sha}", params.file_name),
        &[],
    );
    mutate(&state, ADMIN_SCOPE.into(), key, fp, move |tx, at| {
        let (inst, request) = store::find_request(tx, None, &id)?.ok_or_else(request_not_found)?;
        store::put_blob(tx, &inst, blob.sha256.as_str(), &blob.content_type, &body)?;
        let attachment = Attachment {
            id: uuid::Uuid::now_v7().to_string(),
            request_id: request.id,
            sha256: blob.sha256,
            file_name: params.file_name,
            size: blob.size,
            content_type: blob.content_type,
            added_by: staff(params.staff_name),
            created_at: at,
        };
        store::insert_attachment(tx, &inst, &attachment)?;
        Outcome::json(StatusCode::CREATED, &attachment)
    })
    .await
}

/// Records an outage or maintenance window of a service.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/admin/v1/outages", tag = "admin", security(("admin" = [])),
    params(("Idempotency-Key" = String, Header, description = "Unique per intended change: 1–255 visible ASCII characters", min_length = 1, max_length = 255, pattern = r"^[!-~]+$")),
    request_body = NewOutage,
    responses(
        (status = 201, body = AvailabilityRecord),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )))]
pub async fn outage(
    State(state): State<AppState>,
    _admin: Admin,
    IdempotencyKey(key): IdempotencyKey,
    JsonMutation {
        input,
        fingerprint: fp,
    }: JsonMutation<NewOutage>,
) -> Result<Outcome, ApiError> {
    let mut errors = Vec::new();
    if !state
        .catalog
        .catalog
        .services
        .iter()
        .any(|s| s.id == input.service_id)
    {
        errors.push(field_error(
            "/service_id",
            "unknown",
            "Unknown service.",
            "Nezināms pakalpojums.",
        ));
    }
    if input.ends_at.is_some_and(|e| e <= input.starts_at) {
        errors.push(field_error(
            "/ends_at",
            "range",
            "The end must be after the start.",
            "Beigām jābūt pēc sākuma.",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    mutate(&state, ADMIN_SCOPE.into(), key, fp, move |tx, at| {
        let record = AvailabilityRecord {
            id: uuid::Uuid::now_v7().to_string(),
            service_id: input.service_id,
            component_id: input.component_id,
            kind: input.kind,
            starts_at: input.starts_at,
            ends_at: input.ends_at,
            description: input.description,
        };
        store::insert_outage(tx, &record, at)?;
        Outcome::json(StatusCode::CREATED, &record)
    })
    .await
}

/// The current fault injection settings.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/admin/v1/faults", tag = "admin", security(("admin" = [])),
    responses(
        (status = 200, body = Faults),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    )))]
pub async fn get_faults(State(state): State<AppState>, _admin: Admin) -> Json<Faults> {
    Json(state.faults())
}

/// Replaces the fault injection settings (idempotent by nature: no key needed).
#[cfg_attr(feature = "openapi", utoipa::path(put, path = "/admin/v1/faults", tag = "admin", security(("admin" = [])),
    request_body = Faults,
    responses(
        (status = 200, body = Faults),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )))]
pub async fn put_faults(
    State(state): State<AppState>,
    _admin: Admin,
    RawBody(body): RawBody,
) -> Result<Json<Faults>, ApiError> {
    let (faults, _): (Faults, _) = parse_json(&body)?;
    let shares = [
        ("/error_500_share", faults.error_500_share),
        ("/error_503_share", faults.error_503_share),
        ("/rate_limit_share", faults.rate_limit_share),
        ("/drop_share", faults.drop_share),
    ];
    let errors: Vec<_> = shares
        .iter()
        .filter(|(_, v)| !(0.0..=1.0).contains(v))
        .map(|(p, _)| {
            field_error(
                *p,
                "range",
                "A share must be between 0 and 1.",
                "Daļai jābūt no 0 līdz 1.",
            )
        })
        .collect();
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    if let Ok(mut f) = state.faults.write() {
        *f = faults.clone();
    }
    tracing::info!(?faults, "fault injection changed");
    Ok(Json(faults))
}
