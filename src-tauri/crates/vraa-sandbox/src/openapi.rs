//! The OpenAPI 3.1 document, generated from the handlers and wire types.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use desk_core::api::RequestStatus;
use serde_json::{json, Value};

use crate::config::SandboxConfig;
use crate::routes::{admin, v1};

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("Token of one contact person of one institution"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "admin",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("Sandbox-only admin token (acts as VRAA staff)"))
                    .build(),
            ),
        );
        add_common_problems(openapi);
    }
}

/// Answers any call may get, whatever the endpoint: authentication, the
/// rate limit, and (injected or real) server trouble.
fn add_common_problems(openapi: &mut utoipa::openapi::OpenApi) {
    let common = [
        ("401", "No valid bearer token"),
        ("403", "The token may not make this call"),
        ("429", "Rate limited; see Retry-After"),
        (
            "500",
            "Internal error; retry later with the same Idempotency-Key",
        ),
        ("503", "Temporarily unavailable; see Retry-After"),
    ];
    for item in openapi.paths.paths.values_mut() {
        for op in [&mut item.get, &mut item.put, &mut item.post]
            .into_iter()
            .flatten()
        {
            for (status, description) in common {
                op.responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| {
                        ResponseBuilder::new()
                            .description(description)
                            .content(
                                "application/problem+json",
                                ContentBuilder::new()
                                    .schema(Some(Ref::from_schema_name("Problem")))
                                    .build(),
                            )
                            .build()
                            .into()
                    });
            }
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "VRAA request API",
        version = "1.0.0",
        description = "The API VRAA Desk speaks to VRAA's request processing system, implemented by `vraa-sandbox`. \
            Design notes: docs/api/README.md. Every mutating call needs an `Idempotency-Key` header; \
            problems are RFC 9457 JSON with a stable `code`."
    ),
    paths(
        v1::me,
        v1::catalog,
        v1::contracts,
        v1::list_requests,
        v1::create_request,
        v1::get_request,
        v1::list_comments,
        v1::add_comment,
        v1::upload,
        v1::list_attachments,
        v1::attach,
        v1::attachment_content,
        v1::cancel,
        v1::provide_information,
        v1::confirm_resolution,
        v1::reopen,
        v1::rate,
        v1::availability,
        v1::changes,
        v1::idempotency_result,
        admin::transition,
        admin::comment,
        admin::attach,
        admin::outage,
        admin::get_faults,
        admin::put_faults,
    ),
    modifiers(&SecuritySchemes),
    tags(
        (name = "me", description = "The caller"),
        (name = "catalog", description = "Services, request types, SLA policies"),
        (name = "contracts", description = "The institution's contracts"),
        (name = "requests", description = "Requests"),
        (name = "comments", description = "Public comments"),
        (name = "attachments", description = "Two-step attachments: upload by hash, then attach"),
        (name = "actions", description = "Customer actions on a request"),
        (name = "availability", description = "Outages and maintenance"),
        (name = "changes", description = "The change feed"),
        (name = "idempotency", description = "Answers of past calls, by their Idempotency-Key"),
        (name = "admin", description = "Sandbox only: act as VRAA staff, inject faults"),
    )
)]
pub struct ApiDoc;

/// The OpenAPI document as pretty JSON (what `docs/api/openapi.json` holds):
/// [`ApiDoc`] with the rules [`refine`] adds.
pub fn openapi_json() -> String {
    let mut doc = match serde_json::to_value(ApiDoc::openapi()) {
        Ok(doc) => doc,
        Err(e) => return format!("{{\"error\": \"{e}\"}}\n"),
    };
    refine(&mut doc);
    let mut text =
        serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

/// A cursor or page position the server gives out: a sequence number (at
/// most 18 digits, so it always fits the server's 64-bit integer), or empty.
pub const POSITION_PATTERN: &str = "^[0-9]{0,18}$";

/// `status` of `GET /v1/requests`: one or more statuses, comma-separated.
pub fn status_list_pattern() -> String {
    let one = RequestStatus::ALL
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join("|");
    format!("^({one})(,({one}))*$")
}

/// The rules the derives cannot state, added to the generated document, so
/// that everything the server refuses with 400/415/422 is refused by the
/// document too (checked by `tests/contract/run.sh`):
/// - the query values whose format the server parses (cursors, status lists);
/// - `POST /v1/requests`: one body per request type of the catalogue, with its
///   `fields` schema (the schema the server validates `fields` against);
/// - `provide-information` and `reopen` require a comment;
/// - `PUT /v1/uploads/{sha256}`: the hash's pattern and the media types accepted.
fn refine(doc: &mut Value) {
    set_param_pattern(doc, "/v1/changes", "get", "cursor", POSITION_PATTERN);
    set_param_pattern(doc, "/v1/requests", "get", "after", POSITION_PATTERN);
    set_param_pattern(doc, "/v1/requests", "get", "status", &status_list_pattern());
    set_param_pattern(doc, "/v1/uploads/{sha256}", "put", "sha256", SHA256_PATTERN);

    let schemas = &mut doc["components"]["schemas"];
    if let Some(new_request) = schemas.get("NewRequest").cloned() {
        schemas["NewRequest"] = new_request_per_type(&new_request);
    }
    if let Some(action) = schemas.get("ActionBody").cloned() {
        let mut commented = action;
        commented["description"] = json!(
            "Body of `provide-information` and `reopen`: the comment is required \
             and becomes a public comment (1–20,000 characters, not blank)."
        );
        commented["required"] = json!(["comment"]);
        // The same length and "not blank" rules, but neither absent nor null.
        commented["properties"]["comment"]["type"] = json!("string");
        schemas["CommentedActionBody"] = commented;
    }
    for path in [
        "/v1/requests/{id}/provide-information",
        "/v1/requests/{id}/reopen",
    ] {
        if let Some(schema) = doc.pointer_mut(&format!(
            "/paths/{}/post/requestBody/content/application~1json/schema",
            path.replace('~', "~0").replace('/', "~1")
        )) {
            *schema = json!({"$ref": "#/components/schemas/CommentedActionBody"});
        }
    }

    if let Some(body) = doc.pointer_mut("/paths/~1v1~1uploads~1{sha256}/put/requestBody") {
        let content: serde_json::Map<String, Value> = SandboxConfig::default()
            .allowed_media_types
            .into_iter()
            .map(|media_type| {
                (
                    media_type,
                    json!({"schema": {"type": "string", "format": "binary"}}),
                )
            })
            .collect();
        body["content"] = Value::Object(content);
    }
}

/// A SHA-256 wherever it appears: 64 lower-case hex characters.
const SHA256_PATTERN: &str = "^[0-9a-f]{64}$";

fn set_param_pattern(doc: &mut Value, path: &str, method: &str, name: &str, pattern: &str) {
    let pointer = format!(
        "/paths/{}/{method}/parameters",
        path.replace('~', "~0").replace('/', "~1")
    );
    let Some(Value::Array(params)) = doc.pointer_mut(&pointer) else {
        return;
    };
    for p in params.iter_mut().filter(|p| p["name"] == name) {
        p["schema"]["pattern"] = json!(pattern);
    }
}

/// `NewRequest` as `oneOf` one body per request type: `request_type_id` is
/// the type's id and `fields` its `fields_schema` (required when the schema
/// requires anything, since an absent `fields` is `{}`).
fn new_request_per_type(generic: &Value) -> Value {
    let catalog = desk_core::api::catalogue_data::standard_catalog();
    let variants: Vec<Value> = catalog
        .request_types
        .iter()
        .map(|rt| {
            let mut variant = generic.clone();
            if let Some(o) = variant.as_object_mut() {
                o.remove("description");
            }
            variant["title"] = json!(rt.id);
            variant["properties"]["request_type_id"] = json!({"type": "string", "const": rt.id});
            let mut fields = rt.fields_schema.clone();
            if let Some(o) = fields.as_object_mut() {
                // A subschema has no `$schema` of its own: the document's dialect applies.
                o.remove("$schema");
            }
            let requires_fields = fields["required"].as_array().is_some_and(|r| !r.is_empty());
            variant["properties"]["fields"] = fields;
            if requires_fields {
                if let Some(Value::Array(required)) = variant.get_mut("required") {
                    required.push(json!("fields"));
                }
            }
            variant
        })
        .collect();
    json!({
        "description": generic["description"].as_str().map_or_else(
            || "`POST /v1/requests`: one body per request type of the catalogue.".to_owned(),
            |d| format!("{d} One body per request type of the catalogue (`GET /v1/catalog`): \
                `request_type_id` names the type, `fields` follows its `fields_schema`.")),
        "oneOf": variants,
    })
}
