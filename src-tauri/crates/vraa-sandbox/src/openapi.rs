//! The OpenAPI 3.1 document, generated from the handlers and wire types.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
use utoipa::{Modify, OpenApi};

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

/// The OpenAPI document as pretty JSON (what `docs/api/openapi.json` holds).
pub fn openapi_json() -> String {
    let mut text = ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
