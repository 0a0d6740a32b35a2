//! The sandbox's e-mail face: VRAA's side of the app's e-mail channel
//! (`docs/architecture.md`, "The e-mail channel"), for the tests and for a
//! developer's demo (`scripts/mail-demo.sh`).
//!
//! It reads VRAA's mailbox (IMAP, e.g. `it@vraa.gov.lv` on the loopback
//! Dovecot of `scripts/mail`), files each request mail through the API's own
//! `POST /v1/requests` (so the same validation, simulated staff, SLA clocks
//! and demo history apply), and answers by SMTP submission as VRAA:
//!
//! - a new request (a mail with the `pieteikums.json` part, from a known
//!   person) gets an automatic acknowledgement with its reference;
//! - a reply in a request's thread (In-Reply-To/References, the app's
//!   `[VD-…]` tag, or VRAA's reference in the subject) becomes a comment or
//!   one of the customer actions, from the same institution only;
//! - when the staff (the simulation or the admin API) move a request or
//!   comment on it, the user gets a staff reply in the thread.
//!
//! Automatic mail (`Auto-Submitted` other than `no`, out-of-office, delivery
//! reports, lists) and mail that threads to nothing are never answered, so no
//! two systems answer each other forever. Each message is handled once: its
//! Message-ID is the idempotency key of the API call and is kept in the
//! sandbox's database with the thread, so a restart reading the mailbox again
//! files nothing twice.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use vraa_sandbox::mail_face::{MailFace, MailFaceConfig};
//! let sandbox = vraa_sandbox::start(vraa_sandbox::SandboxConfig::for_tests()).await?;
//! let config = MailFaceConfig::loopback(1143, 1587, "it@vraa.gov.lv", "Vraa-1");
//! let face = MailFace::start(config, &sandbox).await?;
//! // … mail flows …
//! face.shutdown().await?;
//! sandbox.shutdown().await?;
//! # Ok(()) }
//! ```

mod api;
mod compose;
mod net;
mod read;
mod store;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Duration;

use axum::http::Method;
use axum::Router;
use desk_core::api::{ActorKind, ChangeData, Comment, CustomerAction, Request, RequestStatus};
use sha2::{Digest, Sha256};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::db::{now, Db};
use crate::error::SandboxError;
use crate::RunningSandbox;

pub use compose::DESK_NAME;

use compose::StaffNews;
use net::{Mailbox, Submission};
use read::{FollowUp, Incoming};
use store::Thread;

/// Addresses the demo and the tests send from, and the seeded person each
/// one acts as: Jānis of the app's e-mail demo is Valsts vides dienests'
/// IT contact person, so his requests land in that institution's records
/// (with its contracts and two years of history).
pub const DEMO_SENDERS: [(&str, &str); 1] = [("janis@iestade.gov.lv", "person-vvd-1")];

/// Where the face reads and sends, and as whom.
#[derive(Debug, Clone)]
pub struct MailFaceConfig {
    /// IMAP server of VRAA's mailbox (plain text: loopback only).
    pub imap: SocketAddr,
    /// SMTP submission server (plain text, AUTH: loopback only).
    pub smtp: SocketAddr,
    /// The mailbox account, e.g. `it@vraa.gov.lv`.
    pub user: String,
    pub password: String,
    /// VRAA's address in the answers' From (default: `user`).
    pub address: String,
    /// The folder requests arrive in.
    pub folder: String,
    /// How often the mailbox and the change feed are looked at.
    pub poll: Duration,
    /// Extra sender addresses and the seeded person (id) each acts as; the
    /// seeded persons' own addresses always work.
    pub senders: Vec<(String, String)>,
}

impl MailFaceConfig {
    /// Plain-text IMAP and submission on 127.0.0.1, polling every half
    /// second, with [`DEMO_SENDERS`].
    pub fn loopback(imap_port: u16, smtp_port: u16, user: &str, password: &str) -> Self {
        MailFaceConfig {
            imap: SocketAddr::from(([127, 0, 0, 1], imap_port)),
            smtp: SocketAddr::from(([127, 0, 0, 1], smtp_port)),
            user: user.to_owned(),
            password: password.to_owned(),
            address: user.to_owned(),
            folder: "INBOX".to_owned(),
            poll: Duration::from_millis(500),
            senders: DEMO_SENDERS
                .iter()
                .map(|(a, p)| ((*a).to_owned(), (*p).to_owned()))
                .collect(),
        }
    }
}

/// What can go wrong in the face. Failures of one pass are logged and the
/// pass is tried again; only [`MailFace::start`] returns them.
#[derive(Debug, thiserror::Error)]
pub enum MailFaceError {
    #[error("the e-mail face uses plain text, so only to this computer: {addr} is not a loopback address")]
    NotLoopback { addr: SocketAddr },
    #[error("sender {address}: there is no seeded person {person}")]
    UnknownPerson { address: String, person: String },
    #[error("IMAP {server}: {detail}")]
    Imap { server: String, detail: String },
    #[error("SMTP {server}: {detail}")]
    Smtp { server: String, detail: String },
    #[error("cannot build a message: {0}")]
    Compose(String),
    #[error("the sandbox's API answered {status}: {detail}")]
    Api { status: u16, detail: String },
    #[error(transparent)]
    Sandbox(#[from] SandboxError),
    #[error("background task failed: {0}")]
    Task(String),
}

/// A person mail may come from: their token is what the API call carries.
#[derive(Debug, Clone)]
struct Sender {
    token: String,
    institution_id: String,
}

/// The e-mail face of a running sandbox; see the module documentation.
pub struct MailFace {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl MailFace {
    /// Checks the config, prepares the face's tables in the sandbox's
    /// database and starts reading and answering in the background. The mail
    /// servers need not be up yet: each pass connects again.
    pub async fn start(
        config: MailFaceConfig,
        sandbox: &RunningSandbox,
    ) -> Result<MailFace, MailFaceError> {
        for addr in [config.imap, config.smtp] {
            if !addr.ip().is_loopback() {
                return Err(MailFaceError::NotLoopback { addr });
            }
        }
        let state = sandbox.state().clone();
        let db = state.db.clone();
        let extra = config.senders.clone();
        let senders = db
            .call(move |c| {
                store::init(c)?;
                if store::get_state(c, "changes_seq")?.is_none() {
                    let last = store::last_change(c)?;
                    store::set_state(c, "changes_seq", &last.to_string())?;
                }
                senders(c, &extra)
            })
            .await?;
        let face = Face {
            router: crate::router(state),
            db,
            config,
            senders,
            mailbox: None,
        };
        let (stop, stop_rx) = watch::channel(false);
        let task = tokio::spawn(face.run(stop_rx));
        tracing::info!("VRAA sandbox e-mail face started");
        Ok(MailFace { stop, task })
    }

    /// Stops after the pass in progress.
    pub async fn shutdown(self) -> Result<(), MailFaceError> {
        let _ = self.stop.send(true);
        self.task
            .await
            .map_err(|e| MailFaceError::Task(e.to_string()))
    }
}

/// Every address mail may come from: the seeded persons' own (their tokens
/// are the fixed demo tokens) and the configured extra ones.
fn senders(
    conn: &rusqlite::Connection,
    extra: &[(String, String)],
) -> Result<HashMap<String, Sender>, MailFaceError> {
    let tokens: HashMap<String, String> = crate::demo_tokens()
        .into_iter()
        .map(|t| (crate::db::token_hash(&t.token), t.token))
        .collect();
    let mut by_person = HashMap::new();
    let mut out = HashMap::new();
    for (hash, person_id, institution_id, email) in store::persons(conn)? {
        let Some(token) = tokens.get(&hash) else {
            continue;
        };
        let sender = Sender {
            token: token.clone(),
            institution_id,
        };
        out.insert(email.to_lowercase(), sender.clone());
        by_person.insert(person_id, sender);
    }
    for (address, person) in extra {
        let sender = by_person
            .get(person)
            .ok_or_else(|| MailFaceError::UnknownPerson {
                address: address.clone(),
                person: person.clone(),
            })?;
        out.insert(address.trim().to_lowercase(), sender.clone());
    }
    Ok(out)
}

/// What became of one message.
enum Handled {
    /// Done (filed, commented, or deliberately left alone).
    Done,
    /// Try again in the next pass (the sandbox refused for now).
    Later(MailFaceError),
}

struct Face {
    router: Router,
    db: Db,
    config: MailFaceConfig,
    senders: HashMap<String, Sender>,
    mailbox: Option<Mailbox>,
}

impl Face {
    async fn run(mut self, mut stop: watch::Receiver<bool>) {
        let mut interval = tokio::time::interval(self.config.poll);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = interval.tick() => {}
                _ = stop.changed() => break,
            }
            if let Err(e) = self.read_mailbox().await {
                // A broken session is opened again in the next pass.
                tracing::warn!(error = %e, "e-mail face: reading VRAA's mailbox failed");
            }
            if let Err(e) = self.staff_news().await {
                tracing::warn!(error = %e, "e-mail face: reading the change feed failed");
            }
            if let Err(e) = self.send_outbox().await {
                tracing::warn!(error = %e, "e-mail face: sending failed");
            }
        }
        if let Some(mailbox) = self.mailbox.take() {
            mailbox.logout().await;
        }
    }

    async fn db<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut rusqlite::Connection) -> Result<T, SandboxError> + Send + 'static,
    ) -> Result<T, MailFaceError> {
        Ok(self.db.call(f).await?)
    }

    /// Reads the mail that arrived since the last pass, oldest first. The
    /// session is kept for the next pass only when this one went well.
    async fn read_mailbox(&mut self) -> Result<(), MailFaceError> {
        let mut mailbox = match self.mailbox.take() {
            Some(mailbox) => mailbox,
            None => {
                Mailbox::open(self.config.imap, &self.config.user, &self.config.password).await?
            }
        };
        self.read_new(&mut mailbox).await?;
        self.mailbox = Some(mailbox);
        Ok(())
    }

    async fn read_new(&self, mailbox: &mut Mailbox) -> Result<(), MailFaceError> {
        let folder = self.config.folder.clone();
        let state = mailbox.examine(&folder).await?;
        let cursor_key = format!("imap:{folder}");
        let key = cursor_key.clone();
        let cursor = self.db(move |c| store::get_state(c, &key)).await?;
        let (validity, mut last_uid) = cursor
            .and_then(|c| {
                let (v, u) = c.split_once(':')?;
                Some((v.parse::<u32>().ok()?, u.parse::<u32>().ok()?))
            })
            .unwrap_or((state.uid_validity, 0));
        // A new UIDVALIDITY numbers the folder afresh: read it all again
        // (the Message-IDs kept tell what was handled already).
        if validity != state.uid_validity {
            last_uid = 0;
        }
        for uid in mailbox.uids_after(last_uid).await? {
            if let Some(raw) = mailbox.message(uid).await? {
                if let Handled::Later(e) = self.handle(&raw).await? {
                    tracing::warn!(uid, error = %e, "e-mail face: message left for the next pass");
                    break;
                }
            }
            let key = cursor_key.clone();
            let value = format!("{}:{uid}", state.uid_validity);
            self.db(move |c| store::set_state(c, &key, &value)).await?;
        }
        Ok(())
    }

    /// One message: a new request, a follow-up, or nothing for VRAA.
    async fn handle(&self, raw: &[u8]) -> Result<Handled, MailFaceError> {
        let Some(mail) = read::parse(raw) else {
            tracing::info!("e-mail face: a message that is not mail, left alone");
            return Ok(Handled::Done);
        };
        let key = mail.key.clone();
        if self.db(move |c| store::known_message(c, &key)).await? {
            return Ok(Handled::Done);
        }
        if mail.automatic {
            tracing::info!(subject = %mail.subject, "e-mail face: automatic mail, not answered");
            return self.leave_alone(&mail).await;
        }
        let Some(from) = mail.from_address.clone() else {
            return self.leave_alone(&mail).await;
        };
        if from.eq_ignore_ascii_case(&self.config.address)
            || from.eq_ignore_ascii_case(&self.config.user)
        {
            return self.leave_alone(&mail).await;
        }
        let Some(sender) = self.senders.get(&from).cloned() else {
            tracing::info!(%from, "e-mail face: mail from an unknown address, not answered");
            return self.leave_alone(&mail).await;
        };
        let keys = mail.thread_keys();
        let local_id = desk_core::mail::find_local_tag(&mail.subject).map(str::to_owned);
        let reference = read::find_reference(&mail.subject).map(str::to_owned);
        let (k, l, r) = (keys.clone(), local_id.clone(), reference.clone());
        let thread = self
            .db(move |c| store::find_thread(c, &k, l.as_deref(), r.as_deref()))
            .await?;
        match thread {
            Some(thread) if thread.institution_id == sender.institution_id => {
                self.follow_up(&mail, &sender, thread).await
            }
            Some(_) => {
                tracing::info!(%from, "e-mail face: a reply about another institution's request, ignored");
                self.leave_alone(&mail).await
            }
            None if mail.payload.is_some() => {
                self.new_request(&mail, &from, &sender, local_id).await
            }
            None => {
                tracing::info!(subject = %mail.subject, "e-mail face: mail that threads to no request, not answered");
                self.leave_alone(&mail).await
            }
        }
    }

    async fn leave_alone(&self, mail: &Incoming) -> Result<Handled, MailFaceError> {
        let key = mail.key.clone();
        self.db(move |c| store::record_message(c, &key, None, "ignored"))
            .await?;
        Ok(Handled::Done)
    }

    /// Files a request mail through `POST /v1/requests` and queues its
    /// acknowledgement.
    async fn new_request(
        &self,
        mail: &Incoming,
        from: &str,
        sender: &Sender,
        local_id: Option<String>,
    ) -> Result<Handled, MailFaceError> {
        let payload = mail.payload.clone().unwrap_or_default();
        let answer = api::call(
            &self.router,
            Method::POST,
            "/v1/requests",
            &sender.token,
            Some(&api::idempotency_key(&mail.key, "")),
            "application/json",
            payload,
        )
        .await?;
        if answer.refused() {
            // Not VRAA's to guess what was meant: the request stays unfiled,
            // and unanswered (an answer could start a loop with a robot).
            tracing::warn!(error = %answer.error(), subject = %mail.subject, "e-mail face: request mail refused by the API");
            return self.leave_alone(mail).await;
        }
        if !answer.ok() {
            return Ok(Handled::Later(answer.error()));
        }
        let request: Request = answer.json()?;
        if let Some(later) = self.attach_files(mail, sender, &request.id).await? {
            return Ok(Handled::Later(later));
        }
        let type_name = crate::catalog()
            .request_type(&request.request_type_id)
            .map(|t| t.name.lv.clone())
            .unwrap_or_else(|| request.request_type_id.clone());
        let mut thread = Thread {
            request_id: request.id.clone(),
            institution_id: sender.institution_id.clone(),
            reference: request.reference.clone(),
            local_id,
            subject: if mail.subject.is_empty() {
                request.subject.clone()
            } else {
                mail.subject.clone()
            },
            address: from.to_owned(),
            last_status: request.status,
            chain: if mail.has_message_id {
                vec![mail.key.clone()]
            } else {
                Vec::new()
            },
        };
        let ack = compose::acknowledgement(&self.config.address, &thread, &type_name, now())
            .map_err(|e| MailFaceError::Compose(e.to_string()))?;
        thread.chain.push(ack.message_id.clone());
        let key = mail.key.clone();
        tracing::info!(reference = %request.reference, "e-mail face: request filed from mail");
        self.db(move |c| {
            let tx = c
                .transaction()
                .map_err(SandboxError::db("mail face request"))?;
            store::save_thread(&tx, &thread)?;
            store::record_message(&tx, &key, Some(&thread.request_id), "in")?;
            store::record_message(&tx, &ack.message_id, Some(&thread.request_id), "out")?;
            store::queue(&tx, &ack.message_id, &thread.address, &ack.bytes)?;
            tx.commit().map_err(SandboxError::db("mail face request"))
        })
        .await?;
        Ok(Handled::Done)
    }

    /// Uploads and attaches the mail's files; `Some` when the sandbox asked
    /// to try again later. A file the API refuses (type, size) is skipped.
    async fn attach_files(
        &self,
        mail: &Incoming,
        sender: &Sender,
        request_id: &str,
    ) -> Result<Option<MailFaceError>, MailFaceError> {
        for (index, file) in mail.files.iter().enumerate() {
            let sha = hex::encode(Sha256::digest(&file.bytes));
            let upload = api::call(
                &self.router,
                Method::PUT,
                &format!("/v1/uploads/{sha}"),
                &sender.token,
                Some(&api::idempotency_key(
                    &mail.key,
                    &format!(".upload.{index}"),
                )),
                &file.content_type,
                file.bytes.clone(),
            )
            .await?;
            if upload.refused() {
                tracing::warn!(file = %file.file_name, error = %upload.error(), "e-mail face: file refused");
                continue;
            }
            if !upload.ok() {
                return Ok(Some(upload.error()));
            }
            let body = serde_json::json!({"sha256": sha, "file_name": file.file_name});
            let attach = api::call(
                &self.router,
                Method::POST,
                &format!("/v1/requests/{request_id}/attachments"),
                &sender.token,
                Some(&api::idempotency_key(
                    &mail.key,
                    &format!(".attach.{index}"),
                )),
                "application/json",
                body.to_string().into_bytes(),
            )
            .await?;
            if attach.refused() {
                tracing::warn!(file = %file.file_name, error = %attach.error(), "e-mail face: file refused");
            } else if !attach.ok() {
                return Ok(Some(attach.error()));
            }
        }
        Ok(None)
    }

    /// A reply in a request's thread: a comment, files, or an action.
    async fn follow_up(
        &self,
        mail: &Incoming,
        sender: &Sender,
        mut thread: Thread,
    ) -> Result<Handled, MailFaceError> {
        let id = thread.request_id.clone();
        let mut what = read::follow_up(&mail.text, !mail.files.is_empty());
        // A person answering VRAA's question by hand writes a plain reply;
        // it is the information asked for (the app says so itself).
        let current = self
            .db({
                let id = id.clone();
                move |c| crate::store::find_request(c, None, &id)
            })
            .await?;
        if let (Some((_, request)), FollowUp::Comment(text)) = (&current, &what) {
            if request.status == RequestStatus::WaitingForCustomer && !text.trim().is_empty() {
                what = FollowUp::Action(CustomerAction::ProvideInformation, Some(text.clone()));
            }
        }
        let key = api::idempotency_key(&mail.key, "");
        let (path, body) = match &what {
            FollowUp::Comment(text) if text.trim().is_empty() => (None, serde_json::Value::Null),
            FollowUp::Comment(text) => (
                Some(format!("/v1/requests/{id}/comments")),
                serde_json::json!({ "body": text }),
            ),
            FollowUp::Action(action, comment) => {
                let step = match action {
                    CustomerAction::Cancel => "cancel",
                    CustomerAction::ProvideInformation => "provide-information",
                    CustomerAction::ConfirmResolution => "confirm-resolution",
                    CustomerAction::Reopen => "reopen",
                };
                let comment = comment.clone().filter(|c| !c.trim().is_empty());
                (
                    Some(format!("/v1/requests/{id}/{step}")),
                    serde_json::json!({ "comment": comment }),
                )
            }
            FollowUp::Rate(score, comment) => (
                Some(format!("/v1/requests/{id}/rating")),
                serde_json::json!({ "score": score, "comment": comment }),
            ),
            FollowUp::FilesOnly => (None, serde_json::Value::Null),
        };
        if let Some(path) = path {
            let answer = api::call(
                &self.router,
                Method::POST,
                &path,
                &sender.token,
                Some(&key),
                "application/json",
                body.to_string().into_bytes(),
            )
            .await?;
            if answer.refused() {
                tracing::warn!(error = %answer.error(), reference = %thread.reference, "e-mail face: follow-up refused by the API");
            } else if !answer.ok() {
                return Ok(Handled::Later(answer.error()));
            }
        }
        if let Some(later) = self.attach_files(mail, sender, &id).await? {
            return Ok(Handled::Later(later));
        }
        if mail.has_message_id && !thread.chain.contains(&mail.key) {
            thread.chain.push(mail.key.clone());
        }
        let message_key = mail.key.clone();
        tracing::info!(reference = %thread.reference, "e-mail face: follow-up filed from mail");
        self.db(move |c| {
            // The status the customer's own action set is not the staff's
            // news: remember it so the change feed does not answer it.
            if let Some((_, request)) = crate::store::find_request(c, None, &thread.request_id)? {
                thread.last_status = request.status;
            }
            store::save_thread(c, &thread)?;
            store::record_message(c, &message_key, Some(&thread.request_id), "in")
        })
        .await?;
        Ok(Handled::Done)
    }

    /// Turns what the staff did since the last pass into replies.
    async fn staff_news(&self) -> Result<(), MailFaceError> {
        let address = self.config.address.clone();
        self.db(move |c| {
            let after: i64 = store::get_state(c, "changes_seq")?
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            let changes = store::changes_after(c, after, 500)?;
            let Some(last) = changes.last().map(|(seq, _)| *seq) else {
                return Ok(());
            };
            let tx = c
                .transaction()
                .map_err(SandboxError::db("mail face staff"))?;
            for (seq, change) in changes {
                match change {
                    ChangeData::Request(request) => staff_move(&tx, &address, seq, &request)?,
                    ChangeData::Comment(comment) => staff_comment(&tx, &address, seq, &comment)?,
                    _ => {}
                }
            }
            store::set_state(&tx, "changes_seq", &last.to_string())?;
            tx.commit().map_err(SandboxError::db("mail face staff"))
        })
        .await
    }

    /// Sends what the outbox holds; a message that fails stays for the next
    /// pass.
    async fn send_outbox(&self) -> Result<(), MailFaceError> {
        let queued = self.db(|c| store::unsent(c)).await?;
        if queued.is_empty() {
            return Ok(());
        }
        let domain = self
            .config
            .address
            .rsplit_once('@')
            .map_or("vraa.gov.lv", |(_, d)| d)
            .to_owned();
        let mut smtp = Submission::open(
            self.config.smtp,
            &domain,
            &self.config.user,
            &self.config.password,
        )
        .await?;
        for message in queued {
            smtp.send(&self.config.address, &message.recipient, &message.bytes)
                .await?;
            let id = message.message_id.clone();
            self.db(move |c| store::mark_sent(c, &id)).await?;
            tracing::info!(message_id = %message.message_id, to = %message.recipient, "e-mail face: sent");
        }
        smtp.close().await;
        Ok(())
    }
}

/// A request changed: when the staff moved it to a status the user hears
/// about, a reply in its thread says so (with the staff's comment).
fn staff_move(
    conn: &rusqlite::Connection,
    address: &str,
    seq: i64,
    request: &Request,
) -> Result<(), SandboxError> {
    let Some(mut thread) = store::thread(conn, &request.id)? else {
        return Ok(());
    };
    if request.status == thread.last_status {
        return Ok(());
    }
    thread.last_status = request.status;
    let by_staff = request
        .status_history
        .last()
        .filter(|h| matches!(h.by.kind, ActorKind::Staff | ActorKind::System));
    let Some(change) = by_staff.filter(|_| compose::worth_a_mail(request.status)) else {
        return store::save_thread(conn, &thread);
    };
    // The staff's comment of the move was written in the same transaction,
    // with the same time.
    let said: Vec<String> = crate::store::list_comments(conn, &request.id)?
        .into_iter()
        .filter(|c| c.created_at == change.at && c.author.kind != ActorKind::Customer)
        .map(|c| c.body)
        .collect();
    let said = said.join("\n\n");
    let reply = compose::staff_reply(
        address,
        &thread,
        &StaffNews::Status(request.status),
        Some(&said),
        &change.by.name,
        seq,
        now(),
    )
    .map_err(|e| SandboxError::Task(format!("building a staff reply: {e}")))?;
    queue_reply(conn, &mut thread, &reply)
}

/// A comment was written: one by the staff without a move (a move's comment
/// goes with the move's reply) becomes a reply of its own.
fn staff_comment(
    conn: &rusqlite::Connection,
    address: &str,
    seq: i64,
    comment: &Comment,
) -> Result<(), SandboxError> {
    if comment.author.kind == ActorKind::Customer {
        return Ok(());
    }
    let Some(mut thread) = store::thread(conn, &comment.request_id)? else {
        return Ok(());
    };
    let Some((_, request)) = crate::store::find_request(conn, None, &comment.request_id)? else {
        return Ok(());
    };
    let with_move = request
        .status_history
        .iter()
        .any(|h| h.at == comment.created_at && h.by.kind != ActorKind::Customer);
    if with_move {
        return Ok(());
    }
    let reply = compose::staff_reply(
        address,
        &thread,
        &StaffNews::Comment,
        Some(&comment.body),
        &comment.author.name,
        seq,
        now(),
    )
    .map_err(|e| SandboxError::Task(format!("building a staff reply: {e}")))?;
    queue_reply(conn, &mut thread, &reply)
}

fn queue_reply(
    conn: &rusqlite::Connection,
    thread: &mut Thread,
    reply: &compose::Outgoing,
) -> Result<(), SandboxError> {
    if !thread.chain.contains(&reply.message_id) {
        thread.chain.push(reply.message_id.clone());
    }
    store::save_thread(conn, thread)?;
    store::record_message(conn, &reply.message_id, Some(&thread.request_id), "out")?;
    store::queue(conn, &reply.message_id, &thread.address, &reply.bytes)
}
