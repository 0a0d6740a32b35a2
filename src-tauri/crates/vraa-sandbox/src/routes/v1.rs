//! The customer API (`/v1`).

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
// Some of these types are named only in the OpenAPI annotations.
#[cfg_attr(not(feature = "openapi"), allow(unused_imports))]
use desk_core::api::{
    ActionBody, Attachment, AttachmentList, AvailabilityList, Blob, Catalog, ChangePage, Comment,
    CommentList, ContractList, CustomerAction, Me, NewAttachment, NewComment, NewRating,
    NewRequest, Problem, ProblemCode, Rating, Request, RequestList, RequestStatus, Role, Sha256Hex,
    StatusChange, Submitters,
};
use serde::Deserialize;
use sha2::{Digest, Sha256};
#[cfg(feature = "openapi")]
use utoipa::IntoParams;

use crate::error::{field_error, ApiError};
use crate::http::{
    fingerprint, mutate, parse_json, Customer, IdempotencyKey, JsonMutation, Outcome, RawBody,
};
use crate::routes::{call_id, media_type};
use crate::state::AppState;
use crate::store::{self, person_actor, RequestFilter};
use crate::validation::check_text;

fn scope(caller: &store::Caller) -> String {
    format!("person:{}", caller.person_id)
}

fn request_not_found() -> ApiError {
    ApiError::not_found("The request", "Pieprasījums")
}

/// The calling contact person and their institution.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/v1/me", tag = "me", security(("bearer" = [])),
    responses(
        (status = 200, body = Me),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    )))]
pub async fn me(
    State(state): State<AppState>,
    Customer(caller): Customer,
) -> Result<Json<Me>, ApiError> {
    Ok(Json(state.db.call(move |c| store::me(c, &caller)).await?))
}

/// The service catalogue. Supports `If-None-Match` with the `ETag` it returns.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/v1/catalog", tag = "catalog", security(("bearer" = [])),
    params(("If-None-Match" = Option<String>, Header, description = "ETag of a cached catalogue")),
    responses(
        (status = 200, body = Catalog, headers(("ETag" = String, description = "Version of the catalogue"))),
        (status = 304, description = "The cached catalogue is current"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )))]
pub async fn catalog(
    State(state): State<AppState>,
    _caller: Customer,
    headers: HeaderMap,
) -> Response {
    let cache = &state.catalog;
    let etag = HeaderValue::from_str(&cache.etag).unwrap_or(HeaderValue::from_static("\"0\""));
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim() == cache.etag || t.trim() == "*")
        });
    if matches {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    (
        StatusCode::OK,
        [
            (header::ETAG, etag),
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
        ],
        cache.json.clone(),
    )
        .into_response()
}

/// Contracts of the caller's institution.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/v1/contracts", tag = "contracts", security(("bearer" = [])),
    responses(
        (status = 200, body = ContractList),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )))]
pub async fn contracts(
    State(state): State<AppState>,
    Customer(caller): Customer,
) -> Result<Json<ContractList>, ApiError> {
    let contracts = state
        .db
        .call(move |c| store::contracts(c, &caller.institution_id))
        .await?;
    Ok(Json(ContractList { contracts }))
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams), into_params(parameter_in = Query))]
pub struct ListParams {
    /// Comma-separated statuses, e.g. `in_progress,waiting_for_customer`.
    pub status: Option<String>,
    pub request_type_id: Option<String>,
    pub service_id: Option<String>,
    /// RFC 3339; requests created at or after.
    pub created_from: Option<DateTime<Utc>>,
    /// RFC 3339; requests created before.
    pub created_to: Option<DateTime<Utc>>,
    /// RFC 3339; requests changed at or after.
    pub updated_since: Option<DateTime<Utc>>,
    /// Text in the subject or reference.
    pub q: Option<String>,
    /// `next_after` of the previous page.
    pub after: Option<String>,
    /// 1–200, default 50.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}

fn invalid_query(en: &str, lv: &str) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, ProblemCode::InvalidQuery, en, lv)
}

/// The institution's requests, newest first.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/v1/requests", tag = "requests", security(("bearer" = [])), params(ListParams),
    responses(
        (status = 200, body = RequestList),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )))]
pub async fn list_requests(
    State(state): State<AppState>,
    Customer(caller): Customer,
    params: Result<Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<RequestList>, ApiError> {
    let Query(p) = params.map_err(|e| {
        invalid_query(
            &format!("Invalid query: {e}"),
            &format!("Nederīgi parametri: {e}"),
        )
    })?;
    let mut statuses = Vec::new();
    for s in p
        .status
        .iter()
        .flat_map(|s| s.split(','))
        .filter(|s| !s.is_empty())
    {
        statuses.push(RequestStatus::parse(s.trim()).ok_or_else(|| {
            invalid_query(
                &format!("Unknown status {s}."),
                &format!("Nezināms statuss {s}."),
            )
        })?);
    }
    let before_num = match p.after.as_deref() {
        None | Some("") => None,
        Some(a) => Some(
            a.parse::<i64>()
                .map_err(|_| invalid_query("Invalid `after`.", "Nederīgs `after`."))?,
        ),
    };
    let limit = p.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(invalid_query(
            "`limit` must be 1–200.",
            "`limit` jābūt 1–200.",
        ));
    }
    let filter = RequestFilter {
        statuses,
        request_type_id: p.request_type_id,
        service_id: p.service_id,
        created_from: p.created_from,
        created_to: p.created_to,
        updated_since: p.updated_since,
        text: p.q.filter(|q| !q.trim().is_empty()),
        before_num,
        limit,
    };
    let (requests, next) = state
        .db
        .call(move |c| store::list_requests(c, &caller.institution_id, &filter))
        .await?;
    Ok(Json(RequestList {
        requests,
        next_after: next.map(|n| n.to_string()),
    }))
}

/// Submits a new request.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/v1/requests", tag = "requests", security(("bearer" = [])),
    params(("Idempotency-Key" = String, Header, description = "Unique per intended change: 1–255 visible ASCII characters (the app uses a UUID)", min_length = 1, max_length = 255, pattern = r"^[!-~]+$")),
    request_body = NewRequest,
    responses(
        (status = 201, body = Request),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )))]
pub async fn create_request(
    State(state): State<AppState>,
    Customer(caller): Customer,
    IdempotencyKey(key): IdempotencyKey,
    JsonMutation {
        input: new,
        fingerprint: fp,
    }: JsonMutation<NewRequest>,
) -> Result<Outcome, ApiError> {
    let catalog = state.catalog.clone();
    let Some(rt) = catalog.catalog.request_type(&new.request_type_id).cloned() else {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ProblemCode::UnknownRequestType,
            format!("There is no request type {}.", new.request_type_id),
            format!("Nav pieprasījuma veida {}.", new.request_type_id),
        )
        .with_errors(vec![field_error(
            "/request_type_id",
            "unknown",
            "Unknown request type.",
            "Nezināms pieprasījuma veids.",
        )]));
    };
    if rt.submitters == Submitters::ContactPersons
        && !caller
            .roles
            .iter()
            .any(|r| matches!(r, Role::ItContact | Role::ItExpertGroup))
    {
        return Err(ApiError::forbidden(
            "Only the IT contact person or an IT-expert-group member may request this action.",
            "Šo darbību drīkst pieprasīt tikai IT kontaktpersona vai IT ekspertu darba grupas pārstāvis.",
        ));
    }
    let mut errors = Vec::new();
    check_text(&mut errors, "/subject", &new.subject, 1, 200);
    check_text(&mut errors, "/description", &new.description, 0, 20_000);
    errors.extend(
        catalog
            .validators
            .check(&rt.id, &new.fields)
            .unwrap_or_default(),
    );
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    mutate(&state, scope(&caller), key, fp, move |tx, at| {
        let contract_id = if rt.service_id == desk_core::api::catalogue_data::SERVICE_SHARED
            && new.contract_id.is_none()
        {
            None
        } else {
            let today = at.date_naive();
            let contracts = store::contracts(tx, &caller.institution_id)?;
            let found = contracts.iter().find(|c| {
                new.contract_id.as_ref().is_none_or(|id| &c.id == id)
                    && c.service_ids.contains(&rt.service_id)
                    && c.valid_from <= today
                    && c.valid_to.is_none_or(|to| today <= to)
            });
            match found {
                Some(c) => Some(c.id.clone()),
                // A conflict with the institution's contracts as they stand
                // today (they start, end and change), not a malformed body:
                // the same body is accepted while such a contract is valid.
                None => {
                    return Err(ApiError::new(
                        StatusCode::CONFLICT,
                        ProblemCode::NoContract,
                        "The institution has no valid contract with VRAA for this service.",
                        "Iestādei nav spēkā esoša līguma ar VRAA par šo pakalpojumu.",
                    )
                    .with_errors(vec![field_error(
                        "/contract_id",
                        "no_contract",
                        "No valid contract.",
                        "Nav spēkā esoša līguma.",
                    )]))
                }
            }
        };
        let requester = person_actor(&caller);
        let request = Request {
            id: uuid::Uuid::now_v7().to_string(),
            reference: store::next_reference(tx, at)?,
            request_type_id: rt.id.clone(),
            service_id: rt.service_id.clone(),
            contract_id,
            subject: new.subject.trim().to_owned(),
            description: new.description,
            fields: new.fields,
            status: RequestStatus::Submitted,
            requester: requester.clone(),
            created_at: at,
            updated_at: at,
            version: 1,
            status_history: vec![StatusChange {
                from: None,
                to: RequestStatus::Submitted,
                at,
                by: requester,
            }],
            rating: None,
        };
        store::insert_request(tx, &caller.institution_id, &request)?;
        Outcome::json(StatusCode::CREATED, &request)
    })
    .await
}

/// One request with its status history.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/v1/requests/{id}", tag = "requests", security(("bearer" = [])),
    params(("id" = String, Path, description = "Request id or reference (VRAA-2026-000123)")),
    responses(
        (status = 200, body = Request),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )))]
pub async fn get_request(
    State(state): State<AppState>,
    Customer(caller): Customer,
    Path(id): Path<String>,
) -> Result<Json<Request>, ApiError> {
    let found = state
        .db
        .call(move |c| store::find_request(c, Some(&caller.institution_id), &id))
        .await?;
    found.map(|(_, r)| Json(r)).ok_or_else(request_not_found)
}

/// Public comments of a request, oldest first.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/v1/requests/{id}/comments", tag = "comments", security(("bearer" = [])),
    params(("id" = String, Path, description = "Request id or reference")),
    responses(
        (status = 200, body = CommentList),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )))]
pub async fn list_comments(
    State(state): State<AppState>,
    Customer(caller): Customer,
    Path(id): Path<String>,
) -> Result<Json<CommentList>, ApiError> {
    state
        .db
        .call(move |c| {
            let (_, request) = store::find_request(c, Some(&caller.institution_id), &id)?
                .ok_or_else(request_not_found)?;
            Ok(Json(CommentList {
                comments: store::list_comments(c, &request.id)?,
            }))
        })
        .await
}

/// Adds a public comment.
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/v1/requests/{id}/comments", tag = "comments", security(("bearer" = [])),
    params(("id" = String, Path, description = "Request id or reference"),
           ("Idempotency-Key" = String, Header, description = "Unique per intended change: 1–255 visible ASCII characters (the app uses a UUID)", min_length = 1, max_length = 255, pattern = r"^[!-~]+$")),
    request_body = NewComment,
    responses(
        (status = 201, body = Comment),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )))]
pub async fn add_comment(
    State(state): State<AppState>,
    Customer(caller): Customer,
    IdempotencyKey(key): IdempotencyKey,
    Path(id): Path<String>,
    JsonMutation {
        input: new,
        fingerprint: fp,
    }: JsonMutation<NewComment>,
) -> Result<Outcome, ApiError> {
    let mut errors = Vec::new();
    check_text(&mut errors, "/body", &new.body, 1, 20_000);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    mutate(&state, scope(&caller), key, fp, move |tx, at| {
        let (_, request) = store::find_request(tx, Some(&caller.institution_id), &id)?
            .ok_or_else(request_not_found)?;
        if request.status.is_terminal() {
            return Err(closed_request(request.status));
        }
        let comment = Comment {
            id: uuid::Uuid::now_v7().to_string(),
            request_id: request.id.clone(),
            author: person_actor(&caller),
            body: new.body,
            created_at: at,
        };
        store::insert_comment(tx, &caller.institution_id, &comment)?;
        Outcome::json(StatusCode::CREATED, &comment)
    })
    .await
}

fn closed_request(status: RequestStatus) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        ProblemCode::InvalidTransition,
        format!(
            "The request is {}; it cannot be changed any more.",
            status.as_str()
        ),
        format!(
            "Pieprasījums ir statusā {}; to vairs nevar mainīt.",
            status.as_str()
        ),
    )
}

/// Uploads content addressed by its SHA-256 (step one of attaching a file).
#[allow(clippy::too_many_arguments)] // one extractor per concern, as axum handlers are
#[cfg_attr(feature = "openapi", utoipa::path(put, path = "/v1/uploads/{sha256}", tag = "attachments", security(("bearer" = [])),
    params(("sha256" = String, Path, description = "SHA-256 of the body: exactly 64 lower-case hex characters (else `invalid_hash`)"),
           ("Idempotency-Key" = String, Header, description = "Unique per intended change: 1–255 visible ASCII characters (the app uses a UUID)", min_length = 1, max_length = 255, pattern = r"^[!-~]+$")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
        description = "The file; send its real media type as Content-Type (PDF, PNG, JPEG, text, CSV, ZIP, DOCX, XLSX, EDOC, EML). The bytes are checked against it (magic numbers): a mismatch is refused with `content_mismatch`"),
    responses(
        (status = 201, body = Blob, description = "Stored"),
        (status = 200, body = Blob, description = "Already stored"),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )))]
pub async fn upload(
    State(state): State<AppState>,
    Customer(caller): Customer,
    IdempotencyKey(key): IdempotencyKey,
    Path(sha256): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Result<RawBody, ApiError>,
) -> Result<Outcome, ApiError> {
    let RawBody(body) = body.map_err(|e| attachment_limit(&state, e))?;
    let content_type = media_type(&headers);
    let blob = check_upload(&state, &sha256, &content_type, &body)?;
    let (m, p) = call_id(&method, &uri);
    let fp = fingerprint(&m, &format!("{p} {content_type}"), &[]);
    mutate(&state, scope(&caller), key, fp, move |tx, _at| {
        let new = store::put_blob(
            tx,
            &caller.institution_id,
            blob.sha256.as_str(),
            &blob.content_type,
            &body,
        )?;
        Outcome::json(
            if new {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            },
            &blob,
        )
    })
    .await
}

/// An upload over the body limit is reported as an attachment problem.
pub fn attachment_limit(state: &AppState, e: ApiError) -> ApiError {
    if e.problem.code == ProblemCode::PayloadTooLarge {
        too_large(state)
    } else {
        e
    }
}

fn too_large(state: &AppState) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        ProblemCode::AttachmentTooLarge,
        format!(
            "An attachment may be at most {} bytes.",
            state.config.max_attachment
        ),
        format!(
            "Pielikums drīkst būt ne lielāks par {} baitiem.",
            state.config.max_attachment
        ),
    )
}

/// Checks size, media type (by the bytes), and hash of an upload.
pub fn check_upload(
    state: &AppState,
    sha256: &str,
    content_type: &str,
    body: &[u8],
) -> Result<Blob, ApiError> {
    if body.len() > state.config.max_attachment {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ProblemCode::AttachmentTooLarge,
            format!(
                "An attachment may be at most {} bytes.",
                state.config.max_attachment
            ),
            format!(
                "Pielikums drīkst būt ne lielāks par {} baitiem.",
                state.config.max_attachment
            ),
        ));
    }
    if !state
        .config
        .allowed_media_types
        .iter()
        .any(|t| t == content_type)
    {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ProblemCode::UnsupportedMediaType,
            format!("Files of type {content_type} are not accepted."),
            format!("Faili ar tipu {content_type} netiek pieņemti."),
        ));
    }
    // The bytes decide, not the Content-Type the client claims (one rule,
    // shared with the app, which refuses to open what fails it).
    if !desk_core::attachments::content_matches(content_type, body) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ProblemCode::ContentMismatch,
            format!("The content is not a {content_type} file; send the file's real type."),
            format!("Saturs nav {content_type} fails; norādiet faila īsto tipu."),
        ));
    }
    let sha256 = Sha256Hex::parse(sha256).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ProblemCode::InvalidHash,
            format!(
                "{}: a SHA-256 is exactly 64 lower-case hex characters.",
                e.shown
            ),
            format!(
                "{}: SHA-256 ir tieši 64 mazie heksadecimālie simboli.",
                e.shown
            ),
        )
    })?;
    let actual = Sha256Hex::from_digest(Sha256::digest(body).into());
    if actual != sha256 {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ProblemCode::HashMismatch,
            format!("The content's SHA-256 is {actual}, not {sha256}."),
            format!("Satura SHA-256 ir {actual}, nevis {sha256}."),
        ));
    }
    Ok(Blob {
        sha256: actual,
        size: body.len() as u64,
        content_type: content_type.to_owned(),
    })
}

/// Attachments of a request.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/v1/requests/{id}/attachments", tag = "attachments", security(("bearer" = [])),
    params(("id" = String, Path, description = "Request id or reference")),
    responses(
        (status = 200, body = AttachmentList),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )))]
pub async fn list_attachments(
    State(state): State<AppState>,
    Customer(caller): Customer,
    Path(id): Path<String>,
) -> Result<Json<AttachmentList>, ApiError> {
    state
        .db
        .call(move |c| {
            let (_, request) = store::find_request(c, Some(&caller.institution_id), &id)?
                .ok_or_else(request_not_found)?;
            Ok(Json(AttachmentList {
                attachments: store::list_attachments(c, &request.id)?,
            }))
        })
        .await
}

/// Attaches uploaded content to a request (step two).
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/v1/requests/{id}/attachments", tag = "attachments", security(("bearer" = [])),
    params(("id" = String, Path, description = "Request id or reference"),
           ("Idempotency-Key" = String, Header, description = "Unique per intended change: 1–255 visible ASCII characters (the app uses a UUID)", min_length = 1, max_length = 255, pattern = r"^[!-~]+$")),
    request_body = NewAttachment,
    responses(
        (status = 201, body = Attachment),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )))]
pub async fn attach(
    State(state): State<AppState>,
    Customer(caller): Customer,
    IdempotencyKey(key): IdempotencyKey,
    Path(id): Path<String>,
    JsonMutation {
        input: new,
        fingerprint: fp,
    }: JsonMutation<NewAttachment>,
) -> Result<Outcome, ApiError> {
    let mut errors = Vec::new();
    check_text(&mut errors, "/file_name", &new.file_name, 1, 255);
    if new.file_name.contains(['/', '\\']) {
        errors.push(field_error(
            "/file_name",
            "format",
            "A file name must not contain / or \\.",
            "Faila nosaukumā nedrīkst būt / vai \\.",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    mutate(&state, scope(&caller), key, fp, move |tx, at| {
        let (_, request) = store::find_request(tx, Some(&caller.institution_id), &id)?
            .ok_or_else(request_not_found)?;
        if request.status.is_terminal() {
            return Err(closed_request(request.status));
        }
        let sha = new.sha256;
        let (content_type, size) = store::blob_meta(tx, &caller.institution_id, sha.as_str())?
            .ok_or_else(|| {
                // What the server holds, not the body's shape, is wrong: the
                // same body is accepted once the content is uploaded.
                ApiError::new(
                    StatusCode::CONFLICT,
                    ProblemCode::BlobNotFound,
                    "Upload the content with PUT /v1/uploads/{sha256} first.",
                    "Vispirms augšupielādējiet saturu ar PUT /v1/uploads/{sha256}.",
                )
            })?;
        let attachment = Attachment {
            id: uuid::Uuid::now_v7().to_string(),
            request_id: request.id.clone(),
            sha256: sha,
            file_name: new.file_name.trim().to_owned(),
            size,
            content_type,
            added_by: person_actor(&caller),
            created_at: at,
        };
        store::insert_attachment(tx, &caller.institution_id, &attachment)?;
        Outcome::json(StatusCode::CREATED, &attachment)
    })
    .await
}

/// The content of an attachment.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/v1/requests/{id}/attachments/{attachment_id}/content", tag = "attachments",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Request id or reference"),
           ("attachment_id" = String, Path, description = "Attachment id")),
    responses(
        (status = 200, content_type = "application/octet-stream", body = Vec<u8>, description = "The file, with its media type"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )))]
pub async fn attachment_content(
    State(state): State<AppState>,
    Customer(caller): Customer,
    Path((id, attachment_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (content_type, bytes, file_name) = state
        .db
        .call(move |c| {
            let (_, request) = store::find_request(c, Some(&caller.institution_id), &id)?
                .ok_or_else(request_not_found)?;
            let attachment =
                store::find_attachment(c, &caller.institution_id, &request.id, &attachment_id)?
                    .ok_or_else(|| ApiError::not_found("The attachment", "Pielikums"))?;
            let (ct, bytes) =
                store::blob_content(c, &caller.institution_id, attachment.sha256.as_str())?
                    .ok_or_else(|| ApiError::not_found("The attachment", "Pielikums"))?;
            Ok::<_, ApiError>((ct, bytes, attachment.file_name))
        })
        .await?;
    let disposition = format!(
        "attachment; filename*=UTF-8''{}",
        percent_encode(&file_name)
    );
    Ok((
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_str(&content_type)
                    .unwrap_or(HeaderValue::from_static("application/octet-stream")),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        bytes,
    )
        .into_response())
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Runs a customer action on a request.
async fn action(
    state: AppState,
    caller: store::Caller,
    key: String,
    (m, p): (String, String),
    id: String,
    body: &[u8],
    action: CustomerAction,
) -> Result<Outcome, ApiError> {
    let (input, canonical): (ActionBody, _) = if body.is_empty() {
        (ActionBody { comment: None }, b"{}".to_vec())
    } else {
        parse_json(body)?
    };
    let fp = fingerprint(&m, &p, &canonical);
    let comment_required = matches!(
        action,
        CustomerAction::ProvideInformation | CustomerAction::Reopen
    );
    let mut errors = Vec::new();
    match &input.comment {
        Some(c) => check_text(
            &mut errors,
            "/comment",
            c,
            usize::from(comment_required),
            20_000,
        ),
        None if comment_required => check_text(&mut errors, "/comment", "", 1, 20_000),
        None => {}
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    mutate(&state, scope(&caller), key, fp, move |tx, at| {
        let (inst, mut request) = store::find_request(tx, Some(&caller.institution_id), &id)?
            .ok_or_else(request_not_found)?;
        let Some(to) = request.status.after_customer_action(action) else {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                ProblemCode::InvalidTransition,
                format!(
                    "This action is not allowed while the request is {}.",
                    request.status.as_str()
                ),
                format!(
                    "Šī darbība nav atļauta, kamēr pieprasījums ir statusā {}.",
                    request.status.as_str()
                ),
            ));
        };
        let actor = person_actor(&caller);
        store::transition_stored(tx, &inst, &mut request, to, actor, input.comment, at)?;
        Outcome::json(StatusCode::OK, &request)
    })
    .await
}

macro_rules! action_handler {
    ($name:ident, $path:literal, $action:expr, $doc:literal) => {
        #[doc = $doc]
        #[cfg_attr(feature = "openapi", utoipa::path(post, path = $path, tag = "actions", security(("bearer" = [])),
            params(("id" = String, Path, description = "Request id or reference"),
                   ("Idempotency-Key" = String, Header, description = "Unique per intended change: 1–255 visible ASCII characters (the app uses a UUID)", min_length = 1, max_length = 255, pattern = r"^[!-~]+$")),
            request_body = ActionBody,
            responses(
                (status = 200, body = Request),
                (status = 400, body = Problem, content_type = "application/problem+json"),
                (status = 401, body = Problem, content_type = "application/problem+json"),
                (status = 404, body = Problem, content_type = "application/problem+json"),
                (status = 409, body = Problem, content_type = "application/problem+json"),
                (status = 422, body = Problem, content_type = "application/problem+json"),
            )))]
        pub async fn $name(
            State(state): State<AppState>,
            Customer(caller): Customer,
            IdempotencyKey(key): IdempotencyKey,
            Path(id): Path<String>,
            method: Method,
            uri: Uri,
            RawBody(body): RawBody,
        ) -> Result<Outcome, ApiError> {
            action(state, caller, key, call_id(&method, &uri), id, &body, $action).await
        }
    };
}

action_handler!(
    cancel,
    "/v1/requests/{id}/cancel",
    CustomerAction::Cancel,
    "Cancels an open request (not after resolution)."
);
action_handler!(
    provide_information,
    "/v1/requests/{id}/provide-information",
    CustomerAction::ProvideInformation,
    "Answers VRAA's question (`waiting_for_customer` → `in_progress`); `comment` required."
);
action_handler!(
    confirm_resolution,
    "/v1/requests/{id}/confirm-resolution",
    CustomerAction::ConfirmResolution,
    "Confirms the resolution (`resolved` → `closed`)."
);
action_handler!(
    reopen,
    "/v1/requests/{id}/reopen",
    CustomerAction::Reopen,
    "Reopens a resolved request (`resolved` → `reopened`); `comment` required."
);

/// The body of `rate` as it arrives: [`NewRating`] (the documented schema),
/// but with the score as any JSON number, since JSON Schema's `integer` is a
/// mathematical one: `5.0` is the integer 5 and a client may send it so.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingBody {
    pub score: serde_json::Number,
    #[serde(default)]
    pub comment: Option<String>,
}

/// The score 1–5 a JSON number stands for (`4` or `4.0`); `None` for
/// anything else (`4.5`, `0`, `6`).
pub fn rating_score(n: &serde_json::Number) -> Option<u8> {
    let whole = match n.as_u64() {
        Some(u) => u,
        None => {
            let f = n.as_f64()?;
            if f.fract() != 0.0 || !(1.0..=5.0).contains(&f) {
                return None;
            }
            f as u64
        }
    };
    u8::try_from(whole).ok().filter(|s| (1..=5).contains(s))
}

/// Rates the handling of a resolved or closed request (once).
#[cfg_attr(feature = "openapi", utoipa::path(post, path = "/v1/requests/{id}/rating", tag = "actions", security(("bearer" = [])),
    params(("id" = String, Path, description = "Request id or reference"),
           ("Idempotency-Key" = String, Header, description = "Unique per intended change: 1–255 visible ASCII characters (the app uses a UUID)", min_length = 1, max_length = 255, pattern = r"^[!-~]+$")),
    request_body = NewRating,
    responses(
        (status = 200, body = Request),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )))]
pub async fn rate(
    State(state): State<AppState>,
    Customer(caller): Customer,
    IdempotencyKey(key): IdempotencyKey,
    Path(id): Path<String>,
    JsonMutation {
        input,
        fingerprint: fp,
    }: JsonMutation<RatingBody>,
) -> Result<Outcome, ApiError> {
    let mut errors = Vec::new();
    let score = rating_score(&input.score);
    if score.is_none() {
        errors.push(field_error(
            "/score",
            "range",
            "The score must be a whole number 1–5.",
            "Vērtējumam jābūt veselam skaitlim 1–5.",
        ));
    }
    if let Some(c) = &input.comment {
        check_text(&mut errors, "/comment", c, 0, 2_000);
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    mutate(&state, scope(&caller), key, fp, move |tx, at| {
        let (inst, mut request) = store::find_request(tx, Some(&caller.institution_id), &id)?
            .ok_or_else(request_not_found)?;
        if !matches!(
            request.status,
            RequestStatus::Resolved | RequestStatus::Closed
        ) {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                ProblemCode::InvalidTransition,
                "Only resolved or closed requests can be rated.",
                "Novērtēt var tikai atrisinātus vai slēgtus pieprasījumus.",
            ));
        }
        if request.rating.is_some() {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                ProblemCode::AlreadyRated,
                "This request has already been rated.",
                "Šis pieprasījums jau ir novērtēts.",
            ));
        }
        request.rating = Some(Rating {
            score: score.unwrap_or_default(),
            comment: input.comment.filter(|c| !c.trim().is_empty()),
            at,
        });
        store::touch(&mut request, at);
        store::update_request(tx, &inst, &request)?;
        Outcome::json(StatusCode::OK, &request)
    })
    .await
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams), into_params(parameter_in = Query))]
pub struct AvailabilityParams {
    /// `email`, `dvs` or `shared_components`; all services when absent.
    pub service_id: Option<String>,
    /// `YYYY-MM` (UTC month).
    #[cfg_attr(feature = "openapi", param(pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub month: String,
}

/// Outage and maintenance records of a month.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/v1/availability", tag = "availability", security(("bearer" = [])),
    params(AvailabilityParams),
    responses(
        (status = 200, body = AvailabilityList),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )))]
pub async fn availability(
    State(state): State<AppState>,
    _caller: Customer,
    params: Result<Query<AvailabilityParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<AvailabilityList>, ApiError> {
    let Query(p) = params.map_err(|e| {
        invalid_query(
            &format!("Invalid query: {e}"),
            &format!("Nederīgi parametri: {e}"),
        )
    })?;
    let bad_month = || invalid_query("`month` must be YYYY-MM.", "`month` jābūt formātā GGGG-MM.");
    let first = NaiveDate::parse_from_str(&format!("{}-01", p.month), "%Y-%m-%d")
        .map_err(|_| bad_month())?;
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .ok_or_else(bad_month)?;
    let from = first.and_hms_opt(0, 0, 0).ok_or_else(bad_month)?.and_utc();
    let to = next.and_hms_opt(0, 0, 0).ok_or_else(bad_month)?.and_utc();
    let records = state
        .db
        .call(move |c| store::list_outages(c, p.service_id.as_deref(), from, to))
        .await?;
    Ok(Json(AvailabilityList { records }))
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams), into_params(parameter_in = Query))]
pub struct ChangesParams {
    /// `next_cursor` of the previous page; absent or empty for the beginning.
    pub cursor: Option<String>,
    /// 1–1000, default 500.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1000))]
    pub limit: Option<u32>,
}

/// Every change the caller may see after `cursor`, in order.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/v1/changes", tag = "changes", security(("bearer" = [])),
    params(ChangesParams),
    responses(
        (status = 200, body = ChangePage),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )))]
pub async fn changes(
    State(state): State<AppState>,
    Customer(caller): Customer,
    params: Result<Query<ChangesParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(p) = params.map_err(|e| {
        invalid_query(
            &format!("Invalid query: {e}"),
            &format!("Nederīgi parametri: {e}"),
        )
    })?;
    let after = match p.cursor.as_deref() {
        None | Some("") => 0,
        Some(c) => c.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                ProblemCode::InvalidCursor,
                "The cursor is not one this server gave out.",
                "Šo kursoru serveris nav izsniedzis.",
            )
        })?,
    };
    let limit = p.limit.unwrap_or(500);
    if !(1..=1000).contains(&limit) {
        return Err(invalid_query(
            "`limit` must be 1–1000.",
            "`limit` jābūt 1–1000.",
        ));
    }
    let page = state
        .db
        .call(move |c| {
            // One more than asked tells whether more are waiting.
            let mut changes = store::changes_after(c, &caller.institution_id, after, limit + 1)?;
            let has_more = changes.len() > limit as usize;
            changes.truncate(limit as usize);
            let next = changes.last().map_or(after, |ch| ch.seq);
            Ok::<_, ApiError>(ChangePage {
                changes,
                next_cursor: next.to_string(),
                has_more,
            })
        })
        .await?;
    let body = serde_json::to_vec(&page).map_err(|_| ApiError::internal("serialise"))?;
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response())
}

/// The answer a past mutating call got, looked up by its `Idempotency-Key`
/// without repeating the call: for a client whose answer was lost (sent, no
/// reply) to learn whether VRAA has its change before giving up on it.
/// Keys are the caller's own (another person's keys are not visible) and are
/// kept for the documented lifetime (see docs/api/README.md); a refused call
/// stores nothing, so it is not found either.
#[cfg_attr(feature = "openapi", utoipa::path(get, path = "/v1/idempotency-keys/{key}", tag = "idempotency", security(("bearer" = [])),
    params(("key" = String, Path, description = "The Idempotency-Key the call carried (1–255 characters)", min_length = 1, max_length = 255)),
    responses(
        (status = 200, description = "The call's original JSON answer, unchanged; `Idempotent-Replayed: true` and `Idempotent-Original-Status` (e.g. 201) say so", content_type = "application/json", body = serde_json::Value),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No call with this key is known: it never arrived, it was refused, or it expired", body = Problem, content_type = "application/problem+json"),
    )))]
pub async fn idempotency_result(
    State(state): State<AppState>,
    Customer(caller): Customer,
    Path(key): Path<String>,
) -> Result<Response, ApiError> {
    let scope = scope(&caller);
    let lifetime = state.config.idempotency_key_lifetime;
    let found = state
        .db
        .call(move |c| store::idempotent_result(c, &scope, &key, lifetime))
        .await?;
    let Some((_, status, body)) = found else {
        return Err(ApiError::not_found(
            "A call with this Idempotency-Key",
            "Izsaukums ar šo Idempotency-Key",
        ));
    };
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
    headers.insert("idempotent-original-status", HeaderValue::from(status));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_score_is_a_whole_number_1_to_5_however_it_is_spelt() {
        let n = |text: &str| serde_json::from_str::<serde_json::Number>(text).expect("number");
        for (text, score) in [("1", 1), ("5", 5), ("4.0", 4), ("1e0", 1), ("5.00", 5)] {
            assert_eq!(rating_score(&n(text)), Some(score), "{text}");
        }
        for text in ["0", "6", "4.5", "-1", "0.0", "256", "1e300", "-0.0"] {
            assert_eq!(rating_score(&n(text)), None, "{text}");
        }
    }
}
