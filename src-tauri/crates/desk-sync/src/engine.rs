//! One sync run: push the outbox, then pull the change feed, over any
//! [`Transport`] (the API or the e-mail channel).
//!
//! Push sends the oldest row of every request (rows of different requests in
//! parallel, rows of one request strictly in order) with the row's
//! idempotency key, and deletes a row only in the transaction that stores
//! VRAA's acknowledgement. Pull asks for the change feed from the stored
//! cursor and applies each page together with its cursor in one transaction.
//! Pushing first means that a pull never sees a state older than our own
//! acknowledged actions.

use std::future::Future;
use std::sync::Arc;

use desk_core::api::{ChangePage, Problem, ProblemCode};
use desk_store::{OutboxAction, OutboxEntry, Store, StoreError};
use futures_util::stream::{self, StreamExt};
use serde::Serialize;

use crate::client::CallError;
use crate::retry::RetryPolicy;
use crate::transport::Transport;

#[derive(Debug, Clone)]
pub struct SyncOptions {
    pub retry: RetryPolicy,
    /// Changes asked for per page (the API allows 1–1000).
    pub page_limit: u32,
    /// Rows of different requests sent at the same time.
    pub push_concurrency: usize,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            retry: RetryPolicy::default(),
            page_limit: 1000,
            push_concurrency: 8,
        }
    }
}

/// What one run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    /// Rows VRAA acknowledged.
    pub pushed: usize,
    /// Rows VRAA refused, now waiting for the user.
    pub parked: usize,
    /// Changes applied from the feed.
    pub changes: usize,
    pub pages: usize,
}

/// Why a run stopped. Rows not yet acknowledged stay in the outbox.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("nav savienojuma ar VRAA serveri: {0} / no connection to the VRAA server: {0}")]
    Offline(String),
    #[error("VRAA serveris pašlaik nevar atbildēt: {0} / the VRAA server cannot answer now: {0}")]
    ServerUnavailable(String),
    #[error("API pilnvara ir beigusies vai atsaukta; ievadiet jaunu / the API token has expired or was revoked; enter a new one")]
    Unauthorized,
    #[error("VRAA serveris atteica: {} / the VRAA server refused: {}", .0.detail_lv, .0.detail)]
    Rejected(Box<Problem>),
    #[error("servera atbilde neatbilst API līgumam, sinhronizācija apturēta, lokālie dati nav mainīti: {0} / the server's answer breaks the API contract; sync stopped, local data untouched: {0}")]
    Malformed(String),
    #[error("šī datora dati pieder savienojumam {expected}, bet pilnvara un adrese ved uz {found}; nekas netika nosūtīts vai saņemts. Savienojieties vēlreiz sākuma ekrānā / this computer's data belongs to the connection {expected}, but the token and address lead to {found}; nothing was sent or received. Connect again from the start screen")]
    OtherConnection { expected: String, found: String },
    #[error("pasta serveris atteica pieteikšanos; pārbaudiet paroli iestatījumos. Rindā gaidošais netiek zaudēts: {0} / the mail server refused the sign-in; check the password in Settings. Nothing queued is lost: {0}")]
    SignInRefused(String),
    /// Worded by the channel (the Microsoft sign-in has ended).
    #[error("{0}")]
    SignInExpired(String),
    #[error("savienojumu nevar izmantot: {0} / the connection cannot be used: {0}")]
    ConnectionUnusable(String),
    #[error("nav iestatīta VRAA servera adrese / no VRAA server address is set")]
    NoServer,
    #[error("nav API pilnvaras; ievadiet to / there is no API token; enter one")]
    NoToken,
    #[error(transparent)]
    Client(#[from] crate::client::ClientBuildError),
    #[error(transparent)]
    Credentials(#[from] crate::credentials::CredentialError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SyncError {
    /// Whether no other call of this run can succeed either (no network, VRAA
    /// down, the token refused), as opposed to a problem with one row.
    fn stops_the_run(&self) -> bool {
        !matches!(self, SyncError::Malformed(_) | SyncError::Rejected(_))
    }

    /// Stable code for the UI's dictionary.
    pub fn code(&self) -> &'static str {
        match self {
            SyncError::Offline(_) => "syncOffline",
            SyncError::ServerUnavailable(_) => "syncServerUnavailable",
            SyncError::Unauthorized => "tokenRejected",
            SyncError::Rejected(_) => "syncRejected",
            SyncError::Malformed(_) => "syncMalformed",
            SyncError::OtherConnection { .. } => "otherConnection",
            SyncError::SignInRefused(_) => "mailSignInRefused",
            SyncError::SignInExpired(_) => "mailSignInExpired",
            SyncError::ConnectionUnusable(_) => "connectionUnusable",
            SyncError::NoServer => "noServer",
            SyncError::NoToken => "noToken",
            SyncError::Client(_) => "clientConfig",
            SyncError::Credentials(e) => e.code(),
            SyncError::Store(_) => "storeError",
        }
    }
}

/// Runs one push and pull, and records the outcome in the store.
pub async fn sync_once(
    store: &Arc<Store>,
    client: &impl Transport,
    options: &SyncOptions,
) -> Result<SyncReport, SyncError> {
    let mut report = SyncReport::default();
    let result = async {
        // A row whose answer could not be understood stays queued (sent again
        // with its key later), but it does not keep VRAA's changes from
        // arriving: only a stop that affects every call ends the run here.
        verify_connection(store, client, &options.retry).await?;
        let pushed = push(store, client, options, &mut report).await;
        match pushed {
            Err(e) if e.stops_the_run() => return Err(e),
            _ => {}
        }
        pull(store, client, options, &mut report).await?;
        pushed
    }
    .await;
    let message = result.as_ref().err().map(|e| e.to_string());
    store.record_sync_result(message.as_deref())?;
    match result {
        Ok(()) => {
            tracing::info!(?report, "sync finished");
            Ok(report)
        }
        Err(e) => {
            tracing::warn!(error = %e, ?report, "sync stopped");
            Err(e)
        }
    }
}

/// Makes sure the transport reaches the connection (server + institution)
/// this database belongs to before anything is sent or received; the first
/// contact records it. A row is never sent to another institution, and
/// another institution's changes never land in this copy.
async fn verify_connection(
    store: &Arc<Store>,
    client: &impl Transport,
    retry: &RetryPolicy,
) -> Result<(), SyncError> {
    let me = retrying(retry, || client.check()).await?;
    let endpoint = client.endpoint();
    match store.connection_binding()? {
        None => {
            store.bind_connection(&endpoint, &me.institution.id, &me.institution.name)?;
            Ok(())
        }
        Some(binding) if binding.is(&endpoint, &me.institution.id) => Ok(()),
        Some(binding) => Err(SyncError::OtherConnection {
            expected: format!("{} ({})", binding.institution_name, binding.endpoint),
            found: format!("{} ({endpoint})", me.institution.name),
        }),
    }
}

enum RowOutcome {
    Pushed,
    Parked,
}

async fn push(
    store: &Arc<Store>,
    client: &impl Transport,
    options: &SyncOptions,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    loop {
        let ready = store.outbox_ready()?;
        if ready.is_empty() {
            return Ok(());
        }
        let results: Vec<Result<RowOutcome, SyncError>> = stream::iter(ready)
            .map(|entry| push_row(store, client, &options.retry, entry))
            .buffer_unordered(options.push_concurrency.max(1))
            .collect()
            .await;
        let mut first_error = None;
        for result in results {
            match result {
                Ok(RowOutcome::Pushed) => report.pushed += 1,
                Ok(RowOutcome::Parked) => report.parked += 1,
                // An expired token matters more than anything else that failed.
                Err(e @ SyncError::Unauthorized) => first_error = Some(e),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        if let Some(e) = first_error {
            return Err(e);
        }
    }
}

async fn push_row(
    store: &Arc<Store>,
    client: &impl Transport,
    retry: &RetryPolicy,
    entry: OutboxEntry,
) -> Result<RowOutcome, SyncError> {
    // The file of an Attach row is read before anything is sent: a file gone
    // from this computer parks the row (the user re-attaches or discards it)
    // instead of stopping the sync on every run.
    let bytes = match &entry.action {
        OutboxAction::Attach {
            sha256, file_name, ..
        } => match store.blob(sha256) {
            Ok(bytes) => Some(bytes),
            Err(e) => {
                tracing::warn!(seq = entry.seq, error = %e, "queued file unreadable; row parked");
                store.park_outbox(entry.seq, &local_file_problem(file_name, &e))?;
                return Ok(RowOutcome::Parked);
            }
        },
        _ => None,
    };
    let mut attempt = 0;
    loop {
        attempt += 1;
        let bytes = bytes.clone();
        let result = client
            .push(
                &entry,
                Box::new(move |sha| bytes.ok_or_else(|| format!("no file was read for {sha}"))),
            )
            .await;
        match result {
            Ok(ack) => {
                store.ack_outbox(entry.seq, &ack)?;
                return Ok(RowOutcome::Pushed);
            }
            Err(CallError::Rejected(problem)) => {
                tracing::info!(seq = entry.seq, code = ?problem.code, "outbox row parked");
                store.park_outbox(entry.seq, &problem)?;
                return Ok(RowOutcome::Parked);
            }
            Err(e) => {
                store.note_outbox_failure(entry.seq, &e.to_string())?;
                if let Some(stop) = give_up(&e, attempt, retry) {
                    return Err(stop);
                }
                tokio::time::sleep(retry.delay(attempt, retry_after(&e))).await;
            }
        }
    }
}

/// Why a queued file cannot be sent, worded like VRAA's problems so the
/// Outbox shows it the same way (fix by attaching again, or discard).
fn local_file_problem(file_name: &str, error: &StoreError) -> Problem {
    Problem {
        type_uri: "about:blank".into(),
        title: "The file to send is missing on this computer".into(),
        title_lv: "Nosūtāmais fails šajā datorā vairs nav atrodams".into(),
        status: 404,
        detail: format!(
            "{file_name} cannot be read from the app's folder ({error}). Attach it again, or discard this row."
        ),
        detail_lv: format!(
            "{file_name} nevar nolasīt no lietotnes mapes ({error}). Pievienojiet to vēlreiz vai atmetiet šo rindu."
        ),
        code: ProblemCode::BlobNotFound,
        instance: None,
        errors: Vec::new(),
    }
}

/// `Some(error)` when the run must stop here; `None` to retry.
fn give_up(e: &CallError, attempt: u32, retry: &RetryPolicy) -> Option<SyncError> {
    // Nothing listening at all: offline. One quick second try only, then let
    // the background loop probe at its own pace.
    let limit = match e {
        CallError::Unreachable(_) => retry.max_attempts.min(2),
        _ => retry.max_attempts,
    };
    match e {
        CallError::Unauthorized => Some(SyncError::Unauthorized),
        CallError::SignInRefused(d) => Some(SyncError::SignInRefused(d.clone())),
        CallError::SignInExpired(d) => Some(SyncError::SignInExpired(d.clone())),
        CallError::Unusable(d) => Some(SyncError::ConnectionUnusable(d.clone())),
        CallError::Malformed(d) => Some(SyncError::Malformed(d.clone())),
        CallError::Rejected(p) => Some(SyncError::Rejected(p.clone())),
        _ if attempt < limit => None,
        CallError::Unreachable(d) => Some(SyncError::Offline(d.clone())),
        CallError::Lost(d) => Some(SyncError::ServerUnavailable(d.clone())),
        CallError::Transient {
            status, problem, ..
        } => Some(SyncError::ServerUnavailable(
            problem
                .as_ref()
                .map_or_else(|| format!("HTTP {status}"), |p| p.to_string()),
        )),
    }
}

fn retry_after(e: &CallError) -> Option<std::time::Duration> {
    match e {
        CallError::Transient { retry_after, .. } => *retry_after,
        _ => None,
    }
}

/// Calls `f` until it succeeds, the error is not worth retrying, or the
/// attempts are used up.
async fn retrying<T, F, Fut>(retry: &RetryPolicy, mut f: F) -> Result<T, SyncError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, CallError>>,
{
    let mut attempt = 0;
    loop {
        attempt += 1;
        match f().await {
            Ok(v) => return Ok(v),
            Err(e) => {
                if let Some(stop) = give_up(&e, attempt, retry) {
                    return Err(stop);
                }
                tokio::time::sleep(retry.delay(attempt, retry_after(&e))).await;
            }
        }
    }
}

async fn pull(
    store: &Arc<Store>,
    client: &impl Transport,
    options: &SyncOptions,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let etag = store.catalog()?.and_then(|(_, tag)| tag);
    if let Some((catalog, tag)) =
        retrying(&options.retry, || client.catalog(etag.as_deref())).await?
    {
        store.save_catalog(&catalog, tag.as_deref())?;
    }
    let contracts = retrying(&options.retry, || client.contracts()).await?;
    if store.contracts()? != contracts.contracts {
        store.save_contracts(&contracts.contracts)?;
    }
    let mut restarted = false;
    loop {
        let cursor = store.sync_state()?.cursor;
        let asked = retrying(&options.retry, || client.pull(&cursor, options.page_limit)).await;
        let page = match asked {
            // VRAA no longer knows our cursor (its feed was rebuilt): read the
            // feed from the start, once per run. Changes are upserts, so the
            // replay only refreshes the copy; drafts and the outbox stay.
            Err(SyncError::Rejected(problem))
                if problem.code == ProblemCode::InvalidCursor
                    && !restarted
                    && !cursor.is_empty() =>
            {
                tracing::warn!("VRAA refused the change cursor; reading the feed from the start");
                store.restart_change_feed()?;
                restarted = true;
                continue;
            }
            other => other?,
        };
        check_page(&page, &cursor)?;
        let count = page.changes.len();
        let has_more = page.has_more;
        let writer = Arc::clone(store);
        tokio::task::spawn_blocking(move || writer.apply_change_page(&page))
            .await
            .map_err(|e| SyncError::Malformed(format!("page writer stopped: {e}")))??;
        report.changes += count;
        report.pages += 1;
        if !has_more {
            return Ok(());
        }
    }
}

/// The bytes of an attachment: from the content-addressed folder when they
/// are there and still hash to the attachment's SHA-256, else downloaded
/// (VRAA's files are fetched on demand, not by every sync). A damaged or
/// tampered cached file is removed and downloaded again, never served; the
/// download must hash to the attachment's SHA-256 too.
pub async fn download_attachment(
    store: &Arc<Store>,
    client: &impl Transport,
    attachment: &desk_core::api::Attachment,
    retry: &RetryPolicy,
) -> Result<Vec<u8>, SyncError> {
    if store.has_blob(&attachment.sha256) {
        match store.blob(&attachment.sha256) {
            Ok(bytes) => return Ok(bytes),
            Err(StoreError::BlobDamaged { path, .. }) => {
                tracing::warn!(%path, "cached attachment damaged; downloading it again");
                store.remove_blob(&attachment.sha256)?;
            }
            Err(other) => return Err(other.into()),
        }
    }
    let bytes = retrying(retry, || {
        client.attachment(&attachment.request_id, &attachment.id)
    })
    .await?;
    // Stored under the hash of what came: a wrong file never takes the name
    // of the one asked for.
    let sha = store.put_blob(&bytes)?;
    if sha != attachment.sha256 {
        return Err(SyncError::Malformed(format!(
            "attachment {} has SHA-256 {sha}, expected {}",
            attachment.id, attachment.sha256
        )));
    }
    Ok(bytes)
}

/// Rejects a page that breaks the feed's promises before anything of it is
/// stored: a bad page must not move the cursor or half-update the copy.
fn check_page(page: &ChangePage, cursor: &str) -> Result<(), SyncError> {
    if page.next_cursor.is_empty() && !page.changes.is_empty() {
        return Err(SyncError::Malformed(
            "empty next_cursor after changes".into(),
        ));
    }
    if page.has_more && page.changes.is_empty() {
        return Err(SyncError::Malformed(
            "has_more without any change (the feed would never end)".into(),
        ));
    }
    if !page.changes.is_empty() && page.next_cursor == cursor {
        return Err(SyncError::Malformed(
            "the cursor did not move although changes came".into(),
        ));
    }
    if page.changes.windows(2).any(|w| w[0].seq >= w[1].seq) {
        return Err(SyncError::Malformed(
            "change sequence numbers are not strictly increasing".into(),
        ));
    }
    Ok(())
}
