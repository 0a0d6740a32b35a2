//! The e-mail channel behind the sync engine's [`Transport`].
//!
//! Push: one outbox row is one message. Before sending, the Sent folder is
//! searched for the row's Message-ID (fixed when the row was queued): a row
//! whose earlier attempt went through (a crash or a dropped connection after
//! DATA) is acknowledged without sending it again. After the server accepts
//! a message, a copy goes to the Sent folder unless the server keeps one.
//!
//! Pull: the inbox and the folders the user names are read from the cursor
//! (UIDVALIDITY + last UID per folder). Headers first, and only a message
//! that threads to a request of this database (In-Reply-To/References, our
//! `[VD-…]` tag, or VRAA's reference already linked) is fetched whole and
//! becomes changes: the request's new snapshot and a comment with its files.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use desk_core::api::catalogue_data::standard_catalog;
use desk_core::api::{
    Actor, ActorKind, Attachment, Catalog, Change, ChangeData, ChangePage, Comment, ContractList,
    CustomerAction, Institution, Me, Person, ProblemCode, Rating, Request, RequestStatus,
    StatusChange,
};
use desk_core::mail::{find_local_tag, MailSettings, MailSignIn, ReferencePattern};
use desk_core::settings::Settings;
use desk_store::{
    Ack, MailDirection, MailThread, OutboxAction, OutboxEntry, Store, MAX_ATTACHMENT_BYTES,
};
use desk_sync::{BlobReader, CallError, Connector, SyncError, TokenSource, Transport};
use serde::{Deserialize, Serialize};

use crate::compose::{
    follow_up_message, message_id_for, new_request_message, request_id_for, OutgoingFile,
    ThreadContext,
};
use crate::credentials::MailCredentials;
use crate::error::{bounce_problem, worded_problem, MailError};
use crate::imap::Mailbox;
use crate::reply::{self, Incoming, IncomingKind};
use crate::smtp::Submission;
use crate::tls::TrustedRoots;
use desk_oauth::{AccessTokens, TokenKeeper};

/// Larger messages are not fetched: their text is noted on the request,
/// and they stay in the mailbox to be opened in the mail program.
pub const MAX_FETCH_BYTES: u32 = 40 * 1024 * 1024;

/// Builds a [`MailTransport`] for every sync run from the e-mail settings
/// of the database and the secrets in the OS keyring.
#[derive(Clone)]
pub struct MailConnector {
    store: Arc<Store>,
    secrets: MailSecrets,
}

/// Where the mailbox's secrets are kept: the password, or the tokens of a
/// Microsoft sign-in (the settings say which is used).
#[derive(Clone)]
pub struct MailSecrets {
    pub password: Arc<dyn TokenSource>,
    pub microsoft: Arc<dyn TokenKeeper>,
}

impl MailConnector {
    pub fn new(store: Arc<Store>, secrets: MailSecrets) -> Self {
        MailConnector { store, secrets }
    }
}

/// The HTTP client of the Microsoft sign-in: the proxy and CA file of the
/// Settings, as every other call of the app.
pub fn oauth_http(settings: &Settings) -> Result<reqwest::Client, String> {
    let builder = desk_sync::client::http_builder(
        &settings.proxy,
        settings.ca_cert_path.as_deref().map(std::path::Path::new),
    )
    .map_err(|e| e.to_string())?;
    desk_oauth::http_client(builder).map_err(|e| e.to_string())
}

impl Connector for MailConnector {
    type Transport = MailTransport;

    fn connect(&self, settings: &Settings) -> Result<MailTransport, SyncError> {
        let mail = self.store.mail_settings()?.ok_or(SyncError::NoServer)?;
        let credentials = match mail.sign_in {
            MailSignIn::Password => {
                let password =
                    self.secrets.password.token()?.ok_or_else(|| {
                        SyncError::SignInRefused(MailError::NoPassword.to_string())
                    })?;
                MailCredentials::Password(password.expose().to_owned())
            }
            MailSignIn::OAuth2 => {
                let http = oauth_http(settings).map_err(SyncError::ConnectionUnusable)?;
                MailCredentials::Microsoft(Arc::new(AccessTokens::new(
                    mail.oauth.clone(),
                    http,
                    Arc::clone(&self.secrets.microsoft),
                )))
            }
        };
        let roots = TrustedRoots::load(settings.ca_cert_path.as_deref().map(std::path::Path::new))
            .map_err(|e| SyncError::ConnectionUnusable(e.to_string()))?;
        MailTransport::new(Arc::clone(&self.store), mail, credentials, roots)
            .map_err(|e| SyncError::ConnectionUnusable(e.to_string()))
    }
}

/// How long one IDLE lasts before it is renewed (servers end IDLE after
/// 30 minutes, RFC 2177).
const IDLE_RENEW: std::time::Duration = std::time::Duration::from_secs(25 * 60);

impl MailConnector {
    /// Watches the inbox with IMAP IDLE and calls `wake` whenever new mail
    /// arrives, so that a reply shows within moments instead of at the next
    /// interval. Returns when the server has no IDLE (the interval then
    /// does it all); reconnects after errors. Runs until aborted.
    pub async fn watch_inbox(self, wake: impl Fn() + Send + 'static) {
        let mut pause = std::time::Duration::from_secs(5);
        loop {
            let outcome: Result<bool, MailError> = async {
                let settings = self
                    .store
                    .settings()
                    .map_err(|e| MailError::Compose(e.to_string()))?;
                let transport = self
                    .connect(&settings)
                    .map_err(|e| MailError::Compose(e.to_string()))?;
                let mut mailbox = transport.mailbox().await?;
                if !mailbox.has_idle() {
                    return Ok(false);
                }
                mailbox.examine("INBOX").await?;
                loop {
                    let (next, changed) = mailbox.wait_for_change(IDLE_RENEW).await?;
                    mailbox = next;
                    if changed {
                        wake();
                    }
                }
            }
            .await;
            match outcome {
                Ok(false) => {
                    tracing::info!(
                        "the mail server has no IDLE; new mail is read at the sync interval"
                    );
                    return;
                }
                Ok(true) => {}
                Err(error) => {
                    tracing::debug!(%error, "inbox watch interrupted; trying again later");
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(std::time::Duration::from_secs(300));
                }
            }
        }
    }
}

/// One run's connection to the user's mailbox.
pub struct MailTransport {
    store: Arc<Store>,
    settings: MailSettings,
    credentials: MailCredentials,
    roots: TrustedRoots,
    pattern: ReferencePattern,
    catalog: Catalog,
    /// Mail servers limit the connections of one user (Dovecot 10 per
    /// address, Exchange Online a few): rows are sent a few at a time.
    sending: tokio::sync::Semaphore,
}

/// Messages sent at the same time, whatever the engine's concurrency.
pub const PARALLEL_SENDS: usize = 3;

/// One row's message, ready to send.
struct Prepared {
    thread: MailThread,
    outgoing: crate::compose::Outgoing,
    /// The Message-IDs of the rows whose files travel in this message.
    included: Vec<String>,
}

/// How long a retry waits after an interrupted send before it trusts the
/// Sent folder: the server may still be handing the message on.
pub const SEND_SETTLE: std::time::Duration = std::time::Duration::from_secs(2);

/// Where reading stopped, per folder; the engine keeps it in SQLite.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct MailCursor {
    /// The last change number given (changes are numbered across folders).
    seq: i64,
    folders: BTreeMap<String, FolderCursor>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
struct FolderCursor {
    validity: u32,
    last_uid: u32,
}

impl MailCursor {
    fn parse(text: &str) -> Result<MailCursor, CallError> {
        if text.is_empty() {
            return Ok(MailCursor::default());
        }
        serde_json::from_str(text).map_err(|e| {
            CallError::Malformed(format!("the stored mail cursor cannot be read: {e}"))
        })
    }

    fn text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

fn call(e: MailError) -> CallError {
    e.into_call_error()
}

fn rejected(lv: &str, en: &str) -> CallError {
    CallError::Rejected(Box::new(worded_problem(
        lv,
        en,
        422,
        ProblemCode::ValidationFailed,
    )))
}

impl MailTransport {
    pub fn new(
        store: Arc<Store>,
        settings: MailSettings,
        credentials: MailCredentials,
        roots: TrustedRoots,
    ) -> Result<Self, desk_core::mail::MailSettingsError> {
        let pattern = ReferencePattern::new(&settings.reference_pattern)?;
        Ok(MailTransport {
            store,
            settings,
            credentials,
            roots,
            pattern,
            catalog: standard_catalog(),
            sending: tokio::sync::Semaphore::new(PARALLEL_SENDS),
        })
    }

    async fn mailbox(&self) -> Result<Mailbox, MailError> {
        self.credentials
            .signed_in(|secret| async move {
                Mailbox::open(
                    &self.settings.imap,
                    &self.roots,
                    &self.settings.user_name,
                    &secret,
                )
                .await
            })
            .await
    }

    async fn submission(&self) -> Result<Submission, MailError> {
        self.credentials
            .signed_in(|secret| async move {
                Submission::open(
                    &self.settings.smtp,
                    &self.roots,
                    self.settings.domain(),
                    &self.settings.user_name,
                    &secret,
                )
                .await
            })
            .await
    }

    async fn sent_folder(&self, mailbox: &mut Mailbox) -> Result<String, MailError> {
        if let Some(folder) = &self.settings.sent_folder {
            return Ok(folder.clone());
        }
        mailbox.sent_folder().await?.ok_or(MailError::NoFolder {
            folder: "Sent / Nosūtītie".into(),
        })
    }

    fn customer(&self) -> Actor {
        Actor {
            kind: ActorKind::Customer,
            name: self.settings.display_name.clone(),
        }
    }

    /// The thread and message of one outbox row, started in the store
    /// before anything is sent.
    fn prepare(
        &self,
        entry: &OutboxEntry,
        bytes: Option<Vec<u8>>,
        at: DateTime<Utc>,
    ) -> Result<Prepared, CallError> {
        let message_id = message_id_for(&entry.idempotency_key, self.settings.domain());
        let compose_error = |e: std::io::Error| call(MailError::Compose(e.to_string()));
        match &entry.action {
            OutboxAction::CreateRequest { local_id, request } => {
                let request_id = request_id_for(local_id);
                let thread = MailThread {
                    request_id: request_id.clone(),
                    local_id: local_id.clone(),
                    root_message_id: message_id.clone(),
                    vraa_reference: None,
                    status_by_user: false,
                };
                self.store.start_mail_thread(&thread).map_err(store_error)?;
                let thread = self
                    .store
                    .mail_thread(&request_id)
                    .map_err(store_error)?
                    .unwrap_or(thread);
                if thread.root_message_id != message_id {
                    // Sent again after a bounce: this message is now the request's.
                    self.store
                        .set_mail_root(&request_id, &message_id)
                        .map_err(store_error)?;
                }
                let request_type = self.catalog.request_type(&request.request_type_id);
                // The files queued with the request travel in its message (one
                // request, one mail); their own rows are then acknowledged
                // without a mail of their own.
                let mut files = Vec::new();
                let mut included = Vec::new();
                for row in self.store.outbox().map_err(store_error)? {
                    if row.request_key != *local_id || row.state != desk_store::OutboxState::Pending
                    {
                        continue;
                    }
                    if let OutboxAction::Attach {
                        sha256,
                        file_name,
                        content_type,
                        ..
                    } = &row.action
                    {
                        if let Ok(bytes) = self.store.blob(sha256) {
                            files.push(OutgoingFile {
                                file_name: file_name.clone(),
                                content_type: content_type.clone(),
                                bytes,
                            });
                            included
                                .push(message_id_for(&row.idempotency_key, self.settings.domain()));
                        }
                    }
                }
                let context = ThreadContext {
                    request_id,
                    type_name_lv: request_type
                        .map_or_else(|| request.request_type_id.clone(), |t| t.name.lv.clone()),
                    subject: request.subject.clone(),
                    vraa_reference: None,
                    references: Vec::new(),
                };
                let out = new_request_message(
                    &self.settings,
                    &message_id,
                    &context,
                    request,
                    request_type,
                    &files,
                    at,
                )
                .map_err(compose_error)?;
                Ok(Prepared {
                    thread,
                    outgoing: out,
                    included,
                })
            }
            action => {
                let thread = self
                    .store
                    .mail_thread(&entry.request_key)
                    .map_err(store_error)?
                    .ok_or_else(|| {
                        rejected(
                            "šis pieteikums nav nosūtīts pa e-pastu, tāpēc to nevar turpināt e-pastā",
                            "this request was not sent by e-mail, so it cannot be continued by e-mail",
                        )
                    })?;
                let request = self
                    .store
                    .request_detail(&thread.request_id)
                    .map_err(store_error)?
                    .map(|d| d.request);
                let (subject, type_name_lv) = request.as_ref().map_or_else(
                    || (thread.request_id.clone(), String::new()),
                    |r| {
                        (
                            r.subject.clone(),
                            self.catalog
                                .request_type(&r.request_type_id)
                                .map_or_else(String::new, |t| t.name.lv.clone()),
                        )
                    },
                );
                let mut references = self
                    .store
                    .mail_thread_messages(&thread.request_id)
                    .map_err(store_error)?;
                references.retain(|id| id != &message_id);
                let context = ThreadContext {
                    request_id: thread.request_id.clone(),
                    type_name_lv,
                    subject,
                    vraa_reference: thread.vraa_reference.clone(),
                    references,
                };
                let file = match (action, bytes) {
                    (
                        OutboxAction::Attach {
                            file_name,
                            content_type,
                            ..
                        },
                        Some(bytes),
                    ) => Some(OutgoingFile {
                        file_name: file_name.clone(),
                        content_type: content_type.clone(),
                        bytes,
                    }),
                    _ => None,
                };
                let out = follow_up_message(
                    &self.settings,
                    &message_id,
                    &context,
                    action,
                    file.as_ref(),
                    at,
                )
                .map_err(compose_error)?;
                Ok(Prepared {
                    thread,
                    outgoing: out,
                    included: Vec::new(),
                })
            }
        }
    }

    /// What VRAA's side now holds after the row's message was accepted.
    fn ack(
        &self,
        entry: &OutboxEntry,
        thread: &MailThread,
        message_id: &str,
        at: DateTime<Utc>,
    ) -> Result<Ack, CallError> {
        let me = self.customer();
        let current = || -> Result<Request, CallError> {
            self.store
                .request_detail(&thread.request_id)
                .map_err(store_error)?
                .map(|d| d.request)
                .ok_or_else(|| {
                    call(MailError::Compose(format!(
                        "request {} is not in this database",
                        thread.request_id
                    )))
                })
        };
        let moved = |action: CustomerAction| -> Result<Ack, CallError> {
            let mut request = current()?;
            let to = request
                .status
                .after_customer_action(action)
                .ok_or_else(|| {
                    rejected(
                        "pieteikuma pašreizējā statusā šo darbību nevar veikt",
                        "this action is not possible in the request's current status",
                    )
                })?;
            move_status(&mut request, to, &me, at);
            Ok(Ack::Request(request))
        };
        Ok(match &entry.action {
            OutboxAction::CreateRequest { request, .. } => {
                let request_type = self.catalog.request_type(&request.request_type_id);
                Ack::Request(Request {
                    id: thread.request_id.clone(),
                    // VRAA's reference replaces ours when its reply names one.
                    reference: thread
                        .vraa_reference
                        .clone()
                        .unwrap_or_else(|| thread.request_id.clone()),
                    request_type_id: request.request_type_id.clone(),
                    service_id: request_type.map_or_else(String::new, |t| t.service_id.clone()),
                    contract_id: request.contract_id.clone(),
                    subject: request.subject.clone(),
                    description: request.description.clone(),
                    fields: request.fields.clone(),
                    status: RequestStatus::Submitted,
                    requester: me.clone(),
                    // The SLA clock runs from the moment the submission server took it.
                    created_at: at,
                    updated_at: at,
                    version: 1,
                    status_history: vec![StatusChange {
                        from: None,
                        to: RequestStatus::Submitted,
                        at,
                        by: me,
                    }],
                    rating: None,
                })
            }
            OutboxAction::Comment { body } => Ack::Comment(Comment {
                id: message_id.to_owned(),
                request_id: thread.request_id.clone(),
                author: me,
                body: body.clone(),
                created_at: at,
            }),
            OutboxAction::Attach {
                sha256,
                file_name,
                content_type,
                size,
            } => Ack::Attachment(Attachment {
                id: format!("{message_id}/0"),
                request_id: thread.request_id.clone(),
                sha256: sha256.clone(),
                file_name: file_name.clone(),
                size: *size,
                content_type: content_type.clone(),
                added_by: me,
                created_at: at,
            }),
            OutboxAction::Cancel { .. } => moved(CustomerAction::Cancel)?,
            OutboxAction::ProvideInformation { .. } => moved(CustomerAction::ProvideInformation)?,
            OutboxAction::ConfirmResolution { .. } => moved(CustomerAction::ConfirmResolution)?,
            OutboxAction::Reopen { .. } => moved(CustomerAction::Reopen)?,
            OutboxAction::Rate { score, comment } => {
                let mut request = current()?;
                request.rating = Some(Rating {
                    score: *score,
                    comment: comment.clone(),
                    at,
                });
                request.version += 1;
                request.updated_at = at;
                Ack::Request(request)
            }
        })
    }

    /// Reads the new mail of one folder into `page`.
    async fn pull_folder(
        &self,
        mailbox: &mut Mailbox,
        folder: &str,
        cursor: &mut MailCursor,
        budget: &mut usize,
        page: &mut PageBuilder,
    ) -> Result<bool, CallError> {
        let state = match mailbox.examine(folder).await {
            Ok(state) => state,
            // A folder the user named but deleted since: the inbox still counts.
            Err(MailError::NoFolder { .. }) if folder != "INBOX" => {
                tracing::warn!(folder, "mail folder named in Settings does not exist");
                return Ok(false);
            }
            Err(e) => return Err(call(e)),
        };
        let mut position = cursor.folders.get(folder).copied().unwrap_or_default();
        if position.validity != state.uid_validity {
            // The server renumbered the folder: read it again. Comments are
            // keyed by Message-ID, so nothing is added twice.
            position = FolderCursor {
                validity: state.uid_validity,
                last_uid: 0,
            };
        }
        if state.uid_next.saturating_sub(1) <= position.last_uid {
            cursor.folders.insert(folder.to_owned(), position);
            return Ok(false);
        }
        let uids = mailbox.uids_after(position.last_uid).await.map_err(call)?;
        let mut more = false;
        for chunk in uids.chunks(500) {
            if *budget == 0 {
                more = true;
                break;
            }
            let summaries = mailbox.headers(chunk).await.map_err(call)?;
            for summary in summaries {
                if *budget == 0 {
                    more = true;
                    break;
                }
                if let Ok(head) = reply::parse(&summary.headers) {
                    if let Some(request_id) = self.thread_of(&head).map_err(store_error)? {
                        *budget -= 1;
                        let raw = if summary.size > MAX_FETCH_BYTES {
                            None
                        } else {
                            mailbox.message(summary.uid).await.map_err(call)?
                        };
                        self.take_in(&request_id, &head, raw.as_deref(), summary.size, page)?;
                    }
                }
                position.last_uid = summary.uid;
            }
            if more {
                break;
            }
        }
        if !more {
            position.last_uid = position.last_uid.max(state.uid_next.saturating_sub(1));
        }
        cursor.folders.insert(folder.to_owned(), position);
        Ok(more)
    }

    /// The request of this database a message threads to, if any.
    fn thread_of(&self, head: &Incoming) -> Result<Option<String>, desk_store::StoreError> {
        if let Some(id) = &head.message_id {
            if self.store.mail_sent_by_us(id)? {
                return Ok(None);
            }
        }
        if let Some(found) = self.store.mail_thread_of_messages(&head.thread_keys())? {
            return Ok(Some(found));
        }
        if let Some(tag) = find_local_tag(&head.subject) {
            if self.store.mail_thread(tag)?.is_some() {
                return Ok(Some(tag.to_owned()));
            }
        }
        if let Some(reference) = self.pattern.find(&head.subject) {
            return self.store.mail_thread_of_reference(reference);
        }
        Ok(None)
    }

    /// Turns one message of a known thread into changes.
    fn take_in(
        &self,
        request_id: &str,
        head: &Incoming,
        raw: Option<&[u8]>,
        size: u32,
        page: &mut PageBuilder,
    ) -> Result<(), CallError> {
        let message = match raw.map(reply::parse) {
            Some(Ok(message)) => message,
            // Unreadable or too big: the headers say enough for the timeline;
            // the mail itself stays in the mailbox.
            _ => Incoming {
                text: format!(
                    "[VRAA vēstuli ({} MB) lietotnē nevar parādīt; atveriet to pasta programmā / VRAA's message ({} MB) cannot be shown in the app; open it in the mail program]",
                    size / (1024 * 1024),
                    size / (1024 * 1024)
                ),
                files: Vec::new(),
                ..head.clone()
            },
        };
        let at = message.date.unwrap_or_else(Utc::now).min(Utc::now());
        let message_id = message
            .message_id
            .clone()
            .unwrap_or_else(|| format!("{request_id}.{}", at.timestamp_millis()));
        if let IncomingKind::Bounce {
            original_message_id,
            diagnostic,
        } = &message.kind
        {
            if let Some(original) = original_message_id {
                self.store
                    .requeue_bounced(original, &bounce_problem(diagnostic))
                    .map_err(store_error)?;
            }
            return Ok(());
        }
        if message.kind == IncomingKind::AutoReply {
            return Ok(());
        }
        let Some(thread) = self.store.mail_thread(request_id).map_err(store_error)? else {
            return Ok(());
        };
        let reference = self
            .pattern
            .find(&message.subject)
            .or_else(|| self.pattern.find(&message.text))
            .map(str::to_owned);
        if let Some(reference) = &reference {
            self.store
                .link_vraa_reference(request_id, reference)
                .map_err(store_error)?;
        }
        self.store
            .record_mail_message(&message_id, request_id, MailDirection::Received, at, None)
            .map_err(store_error)?;
        let thread = self
            .store
            .mail_thread(request_id)
            .map_err(store_error)?
            .unwrap_or(thread);
        let Some(mut request) = page.request(&self.store, request_id)? else {
            return Ok(());
        };
        if let Some(reference) = &thread.vraa_reference {
            request.reference = reference.clone();
        }
        let staff = Actor {
            kind: if message.kind == IncomingKind::Acknowledgement {
                ActorKind::System
            } else {
                ActorKind::Staff
            },
            name: message
                .from_name
                .clone()
                .or_else(|| message.from_address.clone())
                .unwrap_or_else(|| "VRAA".into()),
        };
        let next = match message.kind {
            IncomingKind::Acknowledgement => Some(RequestStatus::Registered),
            _ if message.asks_for_something() => Some(RequestStatus::WaitingForCustomer),
            _ => Some(RequestStatus::InProgress),
        };
        let before = request.clone();
        if let Some(to) = next.filter(|_| !thread.status_by_user) {
            if may_move(request.status, to) {
                move_status(&mut request, to, &staff, at);
            }
        }
        if request != before {
            if request.version == before.version {
                request.version += 1;
                request.updated_at = at;
            }
            page.push(at, ChangeData::Request(request.clone()));
        }
        if !message.text.trim().is_empty() {
            page.push(
                at,
                ChangeData::Comment(Comment {
                    id: message_id.clone(),
                    request_id: request_id.to_owned(),
                    author: staff.clone(),
                    body: message.text.trim().to_owned(),
                    created_at: at,
                }),
            );
        }
        for (index, file) in message.files.iter().enumerate() {
            if file.bytes.is_empty() || file.bytes.len() > MAX_ATTACHMENT_BYTES {
                continue;
            }
            let sha = self.store.put_blob(&file.bytes).map_err(store_error)?;
            page.push(
                at,
                ChangeData::Attachment(Attachment {
                    id: format!("{message_id}/{index}"),
                    request_id: request_id.to_owned(),
                    sha256: sha,
                    file_name: desk_core::attachments::safe_file_name(&file.file_name),
                    size: file.bytes.len() as u64,
                    content_type: file.content_type.clone(),
                    added_by: staff.clone(),
                    created_at: at,
                }),
            );
        }
        page.remember(request);
        Ok(())
    }
}

/// Whether VRAA's mail may move a request from `from` to `to`: forward
/// only, never out of a closed or cancelled request, never backwards to
/// "registered" once work started.
fn may_move(from: RequestStatus, to: RequestStatus) -> bool {
    use RequestStatus::*;
    if from == to || from.is_terminal() {
        return false;
    }
    match to {
        Registered => from == Submitted,
        InProgress => matches!(
            from,
            Submitted | Registered | Assigned | WaitingForCustomer | Reopened
        ),
        WaitingForCustomer => matches!(
            from,
            Submitted | Registered | Assigned | InProgress | Reopened
        ),
        _ => false,
    }
}

fn move_status(request: &mut Request, to: RequestStatus, by: &Actor, at: DateTime<Utc>) {
    request.status_history.push(StatusChange {
        from: Some(request.status),
        to,
        at,
        by: by.clone(),
    });
    request.status = to;
    request.version += 1;
    request.updated_at = at;
}

fn store_error(e: desk_store::StoreError) -> CallError {
    CallError::Malformed(e.to_string())
}

/// The changes of one pull, numbered, with the latest snapshot of each
/// request it touched (several replies in one run build on each other).
struct PageBuilder {
    seq: i64,
    changes: Vec<Change>,
    requests: HashMap<String, Request>,
}

impl PageBuilder {
    fn push(&mut self, at: DateTime<Utc>, data: ChangeData) {
        self.seq += 1;
        self.changes.push(Change {
            seq: self.seq,
            at,
            data,
        });
    }

    fn request(&self, store: &Store, id: &str) -> Result<Option<Request>, CallError> {
        if let Some(r) = self.requests.get(id) {
            return Ok(Some(r.clone()));
        }
        Ok(store
            .request_detail(id)
            .map_err(store_error)?
            .map(|d| d.request))
    }

    fn remember(&mut self, request: Request) {
        self.requests.insert(request.id.clone(), request);
    }
}

impl Transport for MailTransport {
    fn endpoint(&self) -> String {
        self.settings.endpoint()
    }

    async fn check(&self) -> Result<Me, CallError> {
        // Both servers, so that a wrong SMTP setting shows before anything waits.
        let mailbox = self.mailbox().await.map_err(call)?;
        mailbox.close().await;
        let submission = self.submission().await.map_err(call)?;
        submission.close().await;
        Ok(Me {
            person: Person {
                id: self.settings.address.to_lowercase(),
                name: self.settings.display_name.clone(),
                email: self.settings.address.clone(),
                roles: Vec::new(),
            },
            institution: Institution {
                id: self.settings.domain().to_lowercase(),
                name: self.settings.institution_name.clone(),
                short_name: self.settings.institution_name.clone(),
                registration_number: String::new(),
                sector: String::new(),
            },
        })
    }

    async fn push(&self, entry: &OutboxEntry, blob: BlobReader) -> Result<Ack, CallError> {
        let _turn = self
            .sending
            .acquire()
            .await
            .map_err(|e| CallError::Lost(e.to_string()))?;
        let bytes = match &entry.action {
            OutboxAction::Attach { sha256, .. } => Some(blob(sha256).map_err(|e| {
                rejected(
                    &format!("nosūtāmo failu nevar nolasīt: {e}"),
                    &format!("the file to send cannot be read: {e}"),
                )
            })?),
            _ => None,
        };
        let at = Utc::now();
        let Prepared {
            thread,
            outgoing,
            included,
        } = self.prepare(entry, bytes, at)?;
        let included_before = self
            .store
            .mail_included(&outgoing.message_id)
            .map_err(store_error)?;
        if included_before
            || self
                .store
                .mail_sent_by_us(&outgoing.message_id)
                .map_err(store_error)?
        {
            // A file that already went with its request's message, or a row
            // sent and recorded just before a crash took its acknowledgement.
            return self.ack(entry, &thread, &outgoing.message_id, at);
        }
        if let Some(since) = self
            .store
            .mail_sending_since(&outgoing.message_id)
            .map_err(store_error)?
        {
            let settled = since + chrono::Duration::from_std(SEND_SETTLE).unwrap_or_default();
            if let Ok(wait) = (settled - Utc::now()).to_std() {
                tokio::time::sleep(wait.min(SEND_SETTLE)).await;
            }
        }
        let mut mailbox = self.mailbox().await.map_err(call)?;
        let sent_folder = self.sent_folder(&mut mailbox).await.map_err(call)?;
        mailbox.examine(&sent_folder).await.map_err(call)?;
        let already_sent = mailbox
            .holds_message_id(&outgoing.message_id)
            .await
            .map_err(call)?;
        if already_sent {
            tracing::info!(seq = entry.seq, "found in the Sent folder; not sent again");
        } else {
            let mut submission = self.submission().await.map_err(call)?;
            self.store
                .mark_mail_sending(&outgoing.message_id, Utc::now())
                .map_err(store_error)?;
            submission
                .send(
                    &self.settings.address,
                    &self.settings.vraa_address,
                    &outgoing.bytes,
                )
                .await
                .map_err(call)?;
            submission.close().await;
            // Servers such as Exchange keep their own copy; others need ours,
            // or a later retry would not know this one went out.
            mailbox.examine(&sent_folder).await.map_err(call)?;
            if !mailbox
                .holds_message_id(&outgoing.message_id)
                .await
                .map_err(call)?
            {
                mailbox
                    .append(&sent_folder, &outgoing.bytes)
                    .await
                    .map_err(call)?;
            }
        }
        mailbox.close().await;
        self.store
            .record_mail_message(
                &outgoing.message_id,
                &thread.request_id,
                MailDirection::Sent,
                at,
                Some(&entry.action),
            )
            .map_err(store_error)?;
        for message_id in &included {
            self.store
                .record_mail_included(message_id, &thread.request_id, at)
                .map_err(store_error)?;
        }
        self.store
            .clear_mail_sending(&outgoing.message_id)
            .map_err(store_error)?;
        self.ack(entry, &thread, &outgoing.message_id, at)
    }

    async fn pull(&self, cursor: &str, limit: u32) -> Result<ChangePage, CallError> {
        let mut position = MailCursor::parse(cursor)?;
        let mut mailbox = self.mailbox().await.map_err(call)?;
        let mut page = PageBuilder {
            seq: position.seq,
            changes: Vec::new(),
            requests: HashMap::new(),
        };
        let mut budget = limit.max(1) as usize;
        let mut has_more = false;
        let mut folders = vec!["INBOX".to_owned()];
        folders.extend(self.settings.extra_folders.iter().cloned());
        for folder in &folders {
            if self
                .pull_folder(&mut mailbox, folder, &mut position, &mut budget, &mut page)
                .await?
            {
                has_more = true;
                break;
            }
        }
        mailbox.close().await;
        position.seq = page.seq;
        Ok(ChangePage {
            changes: page.changes,
            next_cursor: position.text(),
            has_more,
        })
    }

    async fn catalog(
        &self,
        etag: Option<&str>,
    ) -> Result<Option<(Catalog, Option<String>)>, CallError> {
        // E-mail carries no catalogue: the built-in one, updated with the app.
        let tag = format!("builtin-{}", env!("CARGO_PKG_VERSION"));
        if etag == Some(tag.as_str()) {
            return Ok(None);
        }
        Ok(Some((self.catalog.clone(), Some(tag))))
    }

    async fn contracts(&self) -> Result<ContractList, CallError> {
        // Contracts do not come by e-mail: those the user entered stay.
        Ok(ContractList {
            contracts: self.store.contracts().map_err(store_error)?,
        })
    }

    async fn attachment(
        &self,
        request_id: &str,
        attachment_id: &str,
    ) -> Result<Vec<u8>, CallError> {
        // A file taken in from VRAA's mail: read it again from that mail.
        let (message_id, index) = attachment_id
            .rsplit_once('/')
            .and_then(|(id, n)| Some((id, n.parse::<usize>().ok()?)))
            .ok_or_else(|| rejected("pielikums nav atrasts", "attachment not found"))?;
        let mut mailbox = self.mailbox().await.map_err(call)?;
        let mut folders = vec!["INBOX".to_owned()];
        folders.extend(self.settings.extra_folders.iter().cloned());
        if let Ok(sent) = self.sent_folder(&mut mailbox).await {
            folders.push(sent);
        }
        for folder in folders {
            if mailbox.examine(&folder).await.is_err() {
                continue;
            }
            for uid in mailbox
                .uids_with_message_id(message_id)
                .await
                .map_err(call)?
            {
                if let Some(raw) = mailbox.message(uid).await.map_err(call)? {
                    if let Ok(message) = reply::parse(&raw) {
                        if let Some(file) = message.files.into_iter().nth(index) {
                            mailbox.close().await;
                            return Ok(file.bytes);
                        }
                    }
                }
            }
        }
        mailbox.close().await;
        Err(rejected(
            &format!("pieteikuma {request_id} pielikuma vēstule vairs nav pastkastē"),
            &format!(
                "the mail with this attachment of request {request_id} is no longer in the mailbox"
            ),
        ))
    }
}
