//! The HTTP client of the VRAA API: rustls with the OS certificate store (plus
//! the optional extra CA), the proxy from Settings, timeouts on every call,
//! and answers sorted into what the sync engine must do with them.

use std::path::PathBuf;
use std::time::Duration;

use desk_core::api::{
    ActionBody, Attachment, Blob, Catalog, ChangePage, Comment, ContractList, Me, NewAttachment,
    NewComment, NewRating, Problem, Request, IDEMPOTENCY_KEY_HEADER,
};
use desk_core::attachments::MAX_ATTACHMENT_BYTES;
use desk_core::settings::{ProxySetting, Settings};
use desk_store::{Ack, OutboxAction, OutboxEntry};
use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE, ETAG, IF_NONE_MATCH, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::credentials::ApiToken;
use crate::tls::{load_extra_ca, CaFileError};

/// Where and how to reach VRAA.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Base URL, e.g. `https://pieteikumi.vraa.gov.lv` (the `/v1/…` paths are appended).
    pub server_url: String,
    pub proxy: ProxySetting,
    pub ca_cert_path: Option<PathBuf>,
    /// Whole-call limit (also bounds a stalled body).
    pub timeout: Duration,
    pub connect_timeout: Duration,
}

impl ClientConfig {
    pub fn new(server_url: impl Into<String>) -> Self {
        ClientConfig {
            server_url: server_url.into(),
            proxy: ProxySetting::System,
            ca_cert_path: None,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
        }
    }

    /// From the user's settings; `None` when no server is set yet.
    pub fn from_settings(settings: &Settings) -> Option<Self> {
        let url = settings.server_url.clone()?;
        Some(ClientConfig {
            proxy: settings.proxy.clone(),
            ca_cert_path: settings.ca_cert_path.as_ref().map(PathBuf::from),
            ..ClientConfig::new(url)
        })
    }
}

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ClientBuildError {
    #[error(transparent)]
    CaFile(#[from] CaFileError),
    #[error(
        "starpniekserveris {url:?} nav derīgs: {detail} / proxy {url:?} is not valid: {detail}"
    )]
    Proxy { url: String, detail: String },
    #[error(
        "servera adrese {url:?} nav derīga: {detail} / server URL {url:?} is not valid: {detail}"
    )]
    ServerUrl { url: String, detail: String },
    #[error("HTTP klientu nevar izveidot: {0} / the HTTP client cannot be built: {0}")]
    Http(String),
}

/// The outcome of one failed call, sorted by what to do about it.
#[derive(Debug, Clone, thiserror::Error)]
pub enum CallError {
    /// The server could not be reached at all (DNS, refused, no route): offline.
    #[error("serveris nav sasniedzams: {0} / the server cannot be reached: {0}")]
    Unreachable(String),
    /// Sent, but the answer was lost (timeout, dropped connection): retry with the same key.
    #[error("atbilde netika saņemta: {0} / no answer was received: {0}")]
    Lost(String),
    /// 5xx or 429: retry later, after `retry_after` when given.
    #[error("serveris īslaicīgi nevar atbildēt ({status}) / the server cannot answer for now ({status})")]
    Transient {
        status: u16,
        retry_after: Option<Duration>,
        problem: Option<Box<Problem>>,
    },
    /// 401: the token expired or was revoked.
    #[error("API pilnvara ir beigusies vai atsaukta / the API token has expired or was revoked")]
    Unauthorized,
    /// VRAA refused the call (4xx with a problem document): for the user.
    #[error("VRAA atteica: {} / VRAA refused: {}", .0.detail_lv, .0.detail)]
    Rejected(Box<Problem>),
    /// The answer does not match the API contract.
    #[error("servera atbilde neatbilst API līgumam: {0} / the server's answer breaks the API contract: {0}")]
    Malformed(String),
    /// The mail server refused the sign-in (wrong or expired password,
    /// revoked consent): nothing can be sent until the user signs in again.
    #[error("pasta serveris atteica pieteikšanos: {0} / the mail server refused the sign-in: {0}")]
    SignInRefused(String),
    /// The Microsoft sign-in has ended (the refresh token was revoked or
    /// expired): only a new sign-in in the browser helps. Worded by the channel.
    #[error("{0}")]
    SignInExpired(String),
    /// The connection cannot be used as configured (an untrusted
    /// certificate, no STARTTLS where it is required): for the user to fix,
    /// no retry helps. Worded in both languages by the channel.
    #[error("{0}")]
    Unusable(String),
}

impl CallError {
    /// Whether the same call should be tried again later.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            CallError::Unreachable(_) | CallError::Lost(_) | CallError::Transient { .. }
        )
    }
}

/// A client for one server and token.
#[derive(Clone)]
pub struct ApiClient {
    http: reqwest::Client,
    base: String,
    token: ApiToken,
}

impl std::fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiClient")
            .field("base", &self.base)
            .finish()
    }
}

/// An HTTP client as every call of the app needs it: rustls with the
/// system's roots and the CA file from Settings, the proxy from Settings, the
/// app's user agent. Timeouts and redirects are the caller's.
pub fn http_builder(
    proxy: &ProxySetting,
    ca_cert_path: Option<&std::path::Path>,
) -> Result<reqwest::ClientBuilder, ClientBuildError> {
    let mut builder = reqwest::Client::builder()
        .use_rustls_tls()
        .user_agent(concat!("vraa-desk/", env!("CARGO_PKG_VERSION")));
    builder = match proxy {
        // The OS proxy settings and HTTP(S)_PROXY variables (feature `system-proxy`).
        ProxySetting::System => builder,
        ProxySetting::None => builder.no_proxy(),
        ProxySetting::Manual { url } => {
            let proxy = reqwest::Proxy::all(url).map_err(|e| ClientBuildError::Proxy {
                url: url.clone(),
                detail: e.to_string(),
            })?;
            builder.proxy(proxy)
        }
    };
    if let Some(path) = ca_cert_path {
        for cert in load_extra_ca(path)? {
            builder = builder.add_root_certificate(cert);
        }
    }
    Ok(builder)
}

impl ApiClient {
    pub fn new(config: &ClientConfig, token: ApiToken) -> Result<Self, ClientBuildError> {
        let parsed =
            url::Url::parse(config.server_url.trim()).map_err(|e| ClientBuildError::ServerUrl {
                url: config.server_url.clone(),
                detail: e.to_string(),
            })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(ClientBuildError::ServerUrl {
                url: config.server_url.clone(),
                detail: "http(s) only".into(),
            });
        }
        let builder = http_builder(&config.proxy, config.ca_cert_path.as_deref())?
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout);
        let http = builder
            .build()
            .map_err(|e| ClientBuildError::Http(e.to_string()))?;
        Ok(ApiClient {
            http,
            base: parsed.as_str().trim_end_matches('/').to_owned(),
            token,
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    pub async fn me(&self) -> Result<Me, CallError> {
        self.get_json("/v1/me").await
    }

    pub async fn contracts(&self) -> Result<ContractList, CallError> {
        self.get_json("/v1/contracts").await
    }

    /// The catalogue, or `None` when it has not changed since `etag`.
    pub async fn catalog(
        &self,
        etag: Option<&str>,
    ) -> Result<Option<(Catalog, Option<String>)>, CallError> {
        let mut req = self.request(Method::GET, "/v1/catalog");
        if let Some(tag) = etag {
            req = req.header(IF_NONE_MATCH, tag);
        }
        let resp = req.send().await.map_err(transport)?;
        if resp.status() == StatusCode::NOT_MODIFIED {
            return Ok(None);
        }
        let new_tag = resp
            .headers()
            .get(ETAG)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let catalog = read_json(resp).await?;
        Ok(Some((catalog, new_tag)))
    }

    /// One page of the change feed after `cursor` (empty = from the start).
    pub async fn changes(&self, cursor: &str, limit: u32) -> Result<ChangePage, CallError> {
        let resp = self
            .request(Method::GET, "/v1/changes")
            .query(&[("cursor", cursor), ("limit", &limit.to_string())])
            .send()
            .await
            .map_err(transport)?;
        read_json(resp).await
    }

    /// The bytes of an attachment.
    pub async fn attachment_content(
        &self,
        request_id: &str,
        attachment_id: &str,
    ) -> Result<Vec<u8>, CallError> {
        let resp = self
            .request(
                Method::GET,
                &format!("/v1/requests/{request_id}/attachments/{attachment_id}/content"),
            )
            .send()
            .await
            .map_err(transport)?;
        if resp.status().is_success() {
            return read_limited(resp, MAX_ATTACHMENT_BYTES).await;
        }
        read_json::<serde_json::Value>(resp).await.and_then(|_| {
            Err(CallError::Malformed(
                "an error status with a success body".into(),
            ))
        })
    }

    /// What VRAA answered when `entry` was sent before, looked up by its
    /// idempotency key without sending it again (`GET /v1/idempotency-keys/{key}`):
    /// `Some(ack)` when VRAA has the change, `None` when it has no call with
    /// that key (it never arrived, was refused, or the key expired).
    /// For a row whose answer was lost, before the user discards it.
    pub async fn past_answer(&self, entry: &OutboxEntry) -> Result<Option<Ack>, CallError> {
        let key = entry.idempotency_key.as_str();
        // Our keys are UUIDs; anything else would need escaping in the path.
        if key.is_empty()
            || !key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        {
            return Err(CallError::Malformed(format!(
                "idempotency key {key:?} cannot be looked up"
            )));
        }
        let resp = self
            .request(Method::GET, &format!("/v1/idempotency-keys/{key}"))
            .send()
            .await
            .map_err(transport)?;
        if resp.status() == StatusCode::NOT_FOUND {
            return Ok(None);
        }
        let ack = match &entry.action {
            OutboxAction::Comment { .. } => Ack::Comment(read_json(resp).await?),
            OutboxAction::Attach { .. } => Ack::Attachment(read_json(resp).await?),
            OutboxAction::CreateRequest { .. }
            | OutboxAction::Cancel { .. }
            | OutboxAction::ProvideInformation { .. }
            | OutboxAction::ConfirmResolution { .. }
            | OutboxAction::Reopen { .. }
            | OutboxAction::Rate { .. } => Ack::Request(read_json(resp).await?),
        };
        Ok(Some(ack))
    }

    /// Sends one outbox row with its idempotency key. `blob` reads attachment
    /// bytes from the local blob folder.
    pub async fn send(
        &self,
        entry: &OutboxEntry,
        blob: impl FnOnce(&desk_core::api::Sha256Hex) -> Result<Vec<u8>, String>,
    ) -> Result<Ack, CallError> {
        let id = &entry.request_key;
        let key = entry.idempotency_key.as_str();
        match &entry.action {
            OutboxAction::CreateRequest { request, .. } => self
                .post("/v1/requests".into(), key, request)
                .await
                .map(Ack::Request),
            OutboxAction::Comment { body } => self
                .post::<_, Comment>(
                    format!("/v1/requests/{id}/comments"),
                    key,
                    &NewComment { body: body.clone() },
                )
                .await
                .map(Ack::Comment),
            OutboxAction::Attach {
                sha256,
                file_name,
                content_type,
                ..
            } => {
                let bytes = blob(sha256).map_err(|e| {
                    CallError::Malformed(format!("local attachment {sha256} unreadable: {e}"))
                })?;
                // Step one under its own key: the upload is a different call
                // from the attach, and one key may name only one call.
                let resp = self
                    .request(Method::PUT, &format!("/v1/uploads/{sha256}"))
                    .header(IDEMPOTENCY_KEY_HEADER, format!("{key}.upload"))
                    .header(CONTENT_TYPE, content_type.as_str())
                    .body(bytes)
                    .send()
                    .await
                    .map_err(transport)?;
                let _: Blob = read_json(resp).await?;
                self.post::<_, Attachment>(
                    format!("/v1/requests/{id}/attachments"),
                    key,
                    &NewAttachment {
                        sha256: sha256.clone(),
                        file_name: file_name.clone(),
                    },
                )
                .await
                .map(Ack::Attachment)
            }
            OutboxAction::Cancel { comment } => self.action(id, "cancel", key, comment).await,
            OutboxAction::ProvideInformation { comment } => {
                self.action(id, "provide-information", key, &Some(comment.clone()))
                    .await
            }
            OutboxAction::ConfirmResolution { comment } => {
                self.action(id, "confirm-resolution", key, comment).await
            }
            OutboxAction::Reopen { comment } => {
                self.action(id, "reopen", key, &Some(comment.clone())).await
            }
            OutboxAction::Rate { score, comment } => self
                .post::<_, Request>(
                    format!("/v1/requests/{id}/rating"),
                    key,
                    &NewRating {
                        score: *score,
                        comment: comment.clone(),
                    },
                )
                .await
                .map(Ack::Request),
        }
    }

    async fn action(
        &self,
        id: &str,
        verb: &str,
        key: &str,
        comment: &Option<String>,
    ) -> Result<Ack, CallError> {
        self.post::<_, Request>(
            format!("/v1/requests/{id}/{verb}"),
            key,
            &ActionBody {
                comment: comment.clone(),
            },
        )
        .await
        .map(Ack::Request)
    }

    fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(self.token.expose())
    }

    async fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, CallError> {
        let resp = self
            .request(Method::GET, path)
            .send()
            .await
            .map_err(transport)?;
        read_json(resp).await
    }

    async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: String,
        key: &str,
        body: &B,
    ) -> Result<T, CallError> {
        let resp = self
            .request(Method::POST, &path)
            .header(IDEMPOTENCY_KEY_HEADER, key)
            .json(body)
            .send()
            .await
            .map_err(transport)?;
        read_json(resp).await
    }
}

fn transport(e: reqwest::Error) -> CallError {
    if e.is_connect() {
        CallError::Unreachable(error_chain(&e))
    } else {
        CallError::Lost(error_chain(&e))
    }
}

/// reqwest's own message is terse ("error sending request"); the cause says why.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(RETRY_AFTER)
        .and_then(|v: &HeaderValue| v.to_str().ok())
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
}

/// Reads a body chunk by chunk and stops as soon as it would exceed `limit`
/// (a declared `Content-Length` over the limit is refused before reading), so
/// a server that sends more than VRAA's attachment limit cannot make the app
/// hold more than the limit in memory.
async fn read_limited(mut resp: reqwest::Response, limit: usize) -> Result<Vec<u8>, CallError> {
    let too_large = |size: String| {
        CallError::Malformed(format!(
            "the attachment is larger than the {limit}-byte limit ({size}) / pielikums ir lielāks par {limit} baitu robežu ({size})"
        ))
    };
    if let Some(declared) = resp.content_length() {
        if declared > limit as u64 {
            return Err(too_large(format!("{declared} bytes declared")));
        }
    }
    let mut body = Vec::with_capacity(resp.content_length().unwrap_or(0) as usize);
    while let Some(chunk) = resp
        .chunk()
        .await
        .map_err(|e| CallError::Lost(error_chain(&e)))?
    {
        if body.len() + chunk.len() > limit {
            return Err(too_large(format!("more than {limit} bytes sent")));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

async fn read_json<T: DeserializeOwned>(resp: reqwest::Response) -> Result<T, CallError> {
    let status = resp.status();
    let after = retry_after(resp.headers());
    // A body that breaks off mid-way is a lost answer, not a malformed one.
    let bytes = resp
        .bytes()
        .await
        .map_err(|e| CallError::Lost(error_chain(&e)))?;
    if status.is_success() {
        return serde_json::from_slice(&bytes).map_err(|e| CallError::Malformed(e.to_string()));
    }
    let problem: Option<Problem> = serde_json::from_slice(&bytes).ok();
    if status == StatusCode::UNAUTHORIZED {
        return Err(CallError::Unauthorized);
    }
    if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
        return Err(CallError::Transient {
            status: status.as_u16(),
            retry_after: after,
            problem: problem.map(Box::new),
        });
    }
    match problem {
        Some(p) if p.code.is_transient() => Err(CallError::Transient {
            status: status.as_u16(),
            retry_after: after,
            problem: Some(Box::new(p)),
        }),
        Some(p) => Err(CallError::Rejected(Box::new(p))),
        None => Err(CallError::Malformed(format!(
            "HTTP {status} without a problem document"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token() -> ApiToken {
        ApiToken::new("t").unwrap()
    }

    #[test]
    fn a_bad_server_url_is_refused_in_both_languages() {
        for url in ["", "pieteikumi.vraa.gov.lv", "ftp://vraa.gov.lv"] {
            let err = ApiClient::new(&ClientConfig::new(url), token()).unwrap_err();
            assert!(
                matches!(err, ClientBuildError::ServerUrl { .. }),
                "{url}: {err}"
            );
            assert!(err.to_string().contains(" / server URL"), "{err}");
        }
    }

    #[test]
    fn proxy_and_ca_settings_are_applied_or_reported() {
        let mut config = ClientConfig::new("https://pieteikumi.vraa.gov.lv/");
        config.proxy = ProxySetting::Manual {
            url: "http://proxy.iestade.lv:3128".into(),
        };
        let client = ApiClient::new(&config, token()).unwrap();
        assert_eq!(client.base_url(), "https://pieteikumi.vraa.gov.lv");
        config.proxy = ProxySetting::Manual {
            url: "::not a url::".into(),
        };
        assert!(matches!(
            ApiClient::new(&config, token()),
            Err(ClientBuildError::Proxy { .. })
        ));
        config.proxy = ProxySetting::None;
        config.ca_cert_path = Some("/nonexistent/ca.pem".into());
        assert!(matches!(
            ApiClient::new(&config, token()),
            Err(ClientBuildError::CaFile(_))
        ));
        config.ca_cert_path =
            Some(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/test-ca.pem"));
        assert!(ApiClient::new(&config, token()).is_ok());
    }

    #[test]
    fn settings_without_a_server_give_no_config() {
        assert!(ClientConfig::from_settings(&Settings::default()).is_none());
        let settings = Settings {
            server_url: Some("https://x.lv".into()),
            ca_cert_path: Some("/etc/ca.pem".into()),
            ..Settings::default()
        };
        let config = ClientConfig::from_settings(&settings).unwrap();
        assert_eq!(config.ca_cert_path, Some(PathBuf::from("/etc/ca.pem")));
    }
}
