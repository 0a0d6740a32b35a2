//! The seam between the sync engine and whatever carries requests to VRAA.
//!
//! The engine's rules (push before pull, one row per request at a time, an
//! outbox row deleted only with VRAA's acknowledgement, retries and parking)
//! are the same whatever the channel: the HTTPS API ([`ApiClient`]) today, the
//! e-mail channel next. A channel implements [`Transport`]; a [`Connector`]
//! builds one from the stored settings and its own credential source before
//! every run, so a new address or token takes effect on the next run.

use std::future::Future;
use std::sync::Arc;

use desk_core::api::{Catalog, ChangePage, ContractList, Me, Sha256Hex};
use desk_core::settings::Settings;
use desk_store::{Ack, OutboxEntry};

use crate::background::TokenSource;
use crate::client::{ApiClient, CallError, ClientConfig};
use crate::engine::SyncError;

/// Reads the bytes of a local attachment (from the blob folder) for a push.
pub type BlobReader = Box<dyn FnOnce(&Sha256Hex) -> Result<Vec<u8>, String> + Send>;

/// One connection to VRAA. Answers are sorted into [`CallError`]s the same
/// way on every channel, so the engine decides retry, parking and stopping
/// in one place.
pub trait Transport: Send + Sync {
    /// Where VRAA is reached (the API's base URL, or VRAA's e-mail address):
    /// with the institution, it names the connection a database belongs to.
    fn endpoint(&self) -> String;

    /// Who the credentials belong to; checks that the connection works.
    fn check(&self) -> impl Future<Output = Result<Me, CallError>> + Send;

    /// Sends one outbox row with its idempotency key (sent again with the
    /// same key after a lost answer, so VRAA applies it once).
    fn push(
        &self,
        entry: &OutboxEntry,
        blob: BlobReader,
    ) -> impl Future<Output = Result<Ack, CallError>> + Send;

    /// One page of changes after `cursor` (empty = from the start).
    fn pull(
        &self,
        cursor: &str,
        limit: u32,
    ) -> impl Future<Output = Result<ChangePage, CallError>> + Send;

    /// The catalogue, or `None` when it has not changed since `etag`.
    fn catalog(
        &self,
        etag: Option<&str>,
    ) -> impl Future<Output = Result<Option<(Catalog, Option<String>)>, CallError>> + Send;

    /// The institution's contracts.
    fn contracts(&self) -> impl Future<Output = Result<ContractList, CallError>> + Send;

    /// The bytes of one attachment of a request.
    fn attachment(
        &self,
        request_id: &str,
        attachment_id: &str,
    ) -> impl Future<Output = Result<Vec<u8>, CallError>> + Send;
}

impl Transport for ApiClient {
    fn endpoint(&self) -> String {
        self.base_url().to_owned()
    }

    async fn check(&self) -> Result<Me, CallError> {
        self.me().await
    }

    async fn push(&self, entry: &OutboxEntry, blob: BlobReader) -> Result<Ack, CallError> {
        self.send(entry, blob).await
    }

    async fn pull(&self, cursor: &str, limit: u32) -> Result<ChangePage, CallError> {
        self.changes(cursor, limit).await
    }

    async fn catalog(
        &self,
        etag: Option<&str>,
    ) -> Result<Option<(Catalog, Option<String>)>, CallError> {
        ApiClient::catalog(self, etag).await
    }

    async fn contracts(&self) -> Result<ContractList, CallError> {
        ApiClient::contracts(self).await
    }

    async fn attachment(
        &self,
        request_id: &str,
        attachment_id: &str,
    ) -> Result<Vec<u8>, CallError> {
        self.attachment_content(request_id, attachment_id).await
    }
}

/// Builds the transport for one run from the stored settings and the
/// connector's own credentials.
pub trait Connector: Send + Sync + 'static {
    type Transport: Transport + 'static;

    fn connect(&self, settings: &Settings) -> Result<Self::Transport, SyncError>;
}

/// The HTTPS API: the server address, proxy and CA file from Settings, the
/// token from a [`TokenSource`] (the OS keyring, or the demo's token).
#[derive(Clone)]
pub struct ApiConnector {
    tokens: Arc<dyn TokenSource>,
}

impl ApiConnector {
    pub fn new(tokens: Arc<dyn TokenSource>) -> Self {
        ApiConnector { tokens }
    }
}

impl Connector for ApiConnector {
    type Transport = ApiClient;

    fn connect(&self, settings: &Settings) -> Result<ApiClient, SyncError> {
        let config = ClientConfig::from_settings(settings).ok_or(SyncError::NoServer)?;
        let token = self.tokens.token()?.ok_or(SyncError::NoToken)?;
        Ok(ApiClient::new(&config, token)?)
    }
}
