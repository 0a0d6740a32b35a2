//! Builds the router and runs the server.

use std::net::SocketAddr;
use std::sync::{Arc, RwLock};

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
#[cfg(feature = "openapi")]
use axum::{
    http::{header, HeaderValue},
    response::IntoResponse,
};
use axum::{middleware, Router};
use desk_core::api::catalogue_data::standard_catalog;
use desk_core::api::ProblemCode;
use sha2::{Digest, Sha256};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::config::SandboxConfig;
use crate::db::{now, Db};
use crate::error::{ApiError, SandboxError};
use crate::limits::{inject_faults, rate_limit, RateLimiter};
#[cfg(feature = "openapi")]
use crate::openapi;
use crate::routes::{admin, v1};
use crate::state::{AppState, CatalogCache};
use crate::validation::FieldValidators;
use crate::{seed, staff, store};

/// Opens and seeds the database and prepares the shared state.
pub fn prepare(config: SandboxConfig) -> Result<AppState, SandboxError> {
    let db = Db::open(config.db_path.as_deref())?;
    db.with_blocking(|c| seed::apply(c, config.seed, now()))?;
    let principals = db.with_blocking(|c| store::load_principals(c))?;
    let catalog = standard_catalog();
    let json = serde_json::to_vec(&catalog).map_err(|source| SandboxError::Corrupt {
        context: "catalogue",
        source,
    })?;
    let etag = format!("\"{}\"", &hex::encode(Sha256::digest(&json))[..16]);
    let validators = FieldValidators::compile(&catalog)?;
    Ok(AppState {
        db,
        principals: Arc::new(principals),
        catalog: Arc::new(CatalogCache {
            catalog,
            json,
            etag,
            validators,
        }),
        faults: Arc::new(RwLock::new(config.faults.clone())),
        limiter: Arc::new(RateLimiter::new(config.rate_limit, config.rng_seed)),
        config: Arc::new(config),
    })
}

#[cfg(feature = "openapi")]
async fn openapi_document() -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        openapi::openapi_json(),
    )
}

async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ProblemCode::NotFound,
        "There is no such endpoint.",
        "Šāda galapunkta nav.",
    )
}

/// The complete router of the sandbox.
pub fn router(state: AppState) -> Router {
    let json_limit = DefaultBodyLimit::max(state.config.max_json_body);
    // Uploads may exceed the JSON limit; the handler enforces the attachment
    // limit itself so that it can answer with its own problem code.
    let upload_limit = DefaultBodyLimit::max(state.config.max_attachment + 1);
    let v1 = Router::new()
        .route("/v1/me", get(v1::me))
        .route("/v1/catalog", get(v1::catalog))
        .route("/v1/contracts", get(v1::contracts))
        .route(
            "/v1/requests",
            get(v1::list_requests).post(v1::create_request),
        )
        .route("/v1/requests/{id}", get(v1::get_request))
        .route(
            "/v1/requests/{id}/comments",
            get(v1::list_comments).post(v1::add_comment),
        )
        .route(
            "/v1/requests/{id}/attachments",
            get(v1::list_attachments).post(v1::attach),
        )
        .route(
            "/v1/requests/{id}/attachments/{attachment_id}/content",
            get(v1::attachment_content),
        )
        .route("/v1/requests/{id}/cancel", post(v1::cancel))
        .route(
            "/v1/requests/{id}/provide-information",
            post(v1::provide_information),
        )
        .route(
            "/v1/requests/{id}/confirm-resolution",
            post(v1::confirm_resolution),
        )
        .route("/v1/requests/{id}/reopen", post(v1::reopen))
        .route("/v1/requests/{id}/rating", post(v1::rate))
        .route("/v1/availability", get(v1::availability))
        .route("/v1/changes", get(v1::changes))
        .route("/v1/idempotency-keys/{key}", get(v1::idempotency_result))
        .layer(json_limit)
        .merge(
            Router::new()
                .route("/v1/uploads/{sha256}", put(v1::upload))
                .layer(upload_limit),
        )
        .layer(middleware::from_fn_with_state(state.clone(), rate_limit))
        .layer(middleware::from_fn_with_state(state.clone(), inject_faults));
    let admin = Router::new()
        .route(
            "/admin/v1/requests/{id}/transition",
            post(admin::transition),
        )
        .route("/admin/v1/requests/{id}/comments", post(admin::comment))
        .route("/admin/v1/outages", post(admin::outage))
        .route(
            "/admin/v1/faults",
            get(admin::get_faults).put(admin::put_faults),
        )
        .layer(json_limit)
        .merge(
            Router::new()
                .route("/admin/v1/requests/{id}/attachments", put(admin::attach))
                .layer(upload_limit),
        );
    let router = Router::new();
    // The contract is served by the sandbox's own binary; the app's embedded
    // demo server leaves the OpenAPI generator out.
    #[cfg(feature = "openapi")]
    let router = router.route("/v1/openapi.json", get(openapi_document));
    router
        .merge(v1)
        .merge(admin)
        .fallback(not_found)
        .layer(
            // One info line per call: method, path, status, latency. Headers
            // (and so bearer tokens) are never logged.
            tower_http::trace::TraceLayer::new_for_http()
                .make_span_with(
                    tower_http::trace::DefaultMakeSpan::new().level(tracing::Level::INFO),
                )
                .on_response(
                    tower_http::trace::DefaultOnResponse::new().level(tracing::Level::INFO),
                ),
        )
        .with_state(state)
}

/// A sandbox serving on a socket; see [`crate::start`].
pub struct RunningSandbox {
    addr: SocketAddr,
    state: AppState,
    stop: watch::Sender<bool>,
    server: JoinHandle<Result<(), SandboxError>>,
    staff: Option<JoinHandle<()>>,
}

impl RunningSandbox {
    /// The bound address (with the real port when the config asked for 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The database handle (tests and benches inspect it).
    pub fn db(&self) -> &Db {
        &self.state.db
    }

    /// The shared state (the e-mail face calls the same routes in process).
    #[cfg_attr(not(feature = "mail-face"), allow(dead_code))]
    pub(crate) fn state(&self) -> &AppState {
        &self.state
    }

    /// Stops accepting, lets running calls finish, stops the simulated staff.
    pub async fn shutdown(self) -> Result<(), SandboxError> {
        let _ = self.stop.send(true);
        if let Some(staff) = self.staff {
            let _ = staff.await;
        }
        self.server
            .await
            .map_err(|e| SandboxError::Task(e.to_string()))?
    }

    /// Serves until `signal` completes (e.g. `tokio::signal::ctrl_c()`), then
    /// shuts down gracefully.
    pub async fn shutdown_when(
        self,
        signal: impl std::future::Future<Output = ()>,
    ) -> Result<(), SandboxError> {
        signal.await;
        self.shutdown().await
    }
}

/// Binds, seeds if needed and serves in the background.
pub async fn start(config: SandboxConfig) -> Result<RunningSandbox, SandboxError> {
    let addr = config.addr;
    let staff_speed = config.staff_speed;
    let staff_tick = config.staff_tick;
    let state = tokio::task::spawn_blocking(move || prepare(config))
        .await
        .map_err(|e| SandboxError::Task(e.to_string()))??;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| SandboxError::Bind { addr, source })?;
    let addr = listener
        .local_addr()
        .map_err(|source| SandboxError::Bind { addr, source })?;
    let (stop, stop_rx) = watch::channel(false);
    let app = router(state.clone());
    let mut server_stop = stop_rx.clone();
    let server = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = server_stop.changed().await;
            })
            .await
            .map_err(SandboxError::Serve)
    });
    let staff = staff_speed
        .map(|speed| tokio::spawn(staff::run(state.db.clone(), speed, staff_tick, stop_rx)));
    tracing::info!(%addr, "VRAA sandbox listening");
    Ok(RunningSandbox {
        addr,
        state,
        stop,
        server,
        staff,
    })
}
