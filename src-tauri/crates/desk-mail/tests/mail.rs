//! The e-mail channel against real mail servers on loopback (Dovecot IMAP
//! and submission, a relay that keeps the sender's Sent copy as Exchange
//! does, Dovecot LMTP), through the sync engine as the app runs it.
//!
//! Linux only: the mail servers are Debian's Dovecot started by shell
//! scripts, which a Windows test program under Wine cannot start (the
//! channel's own unit tests do run under Wine).
#![cfg(unix)]

use std::sync::Arc;

use chrono::Utc;
use desk_core::api::catalogue_data::standard_catalog;
use desk_core::api::{ActorKind, NewRequest, RequestStatus};
use desk_core::mail::{MailServer, MailSettings, MailTls};
use desk_mail::smtp::Submission;
use desk_mail::tls::TrustedRoots;
use desk_mail::MailTransport;
use desk_store::{OutboxAction, OutboxState, Store, DATABASE_FILE_NAME};
use desk_sync::{sync_once, RetryPolicy, SyncError, SyncOptions};
use mail_parser::MessageParser;
use mail_servers::MailServers;

const USER: &str = "janis@iestade.gov.lv";
const USER_PASSWORD: &str = "Parole-1";
const VRAA: &str = "it@vraa.gov.lv";
const VRAA_PASSWORD: &str = "Vraa-1";

struct Setup {
    servers: MailServers,
    _dir: tempfile::TempDir,
    store: Arc<Store>,
}

fn settings(servers: &MailServers) -> MailSettings {
    MailSettings {
        display_name: "Jānis Bērziņš".into(),
        institution_name: "Ūdensapgādes pārvalde".into(),
        contract_number: Some("L-2026/17".into()),
        imap: MailServer {
            host: "127.0.0.1".into(),
            port: servers.imap_port(),
            tls: MailTls::Plain,
        },
        smtp: MailServer {
            host: "127.0.0.1".into(),
            port: servers.submission_port(),
            tls: MailTls::Plain,
        },
        vraa_address: VRAA.into(),
        ..MailSettings::for_address(USER, "127.0.0.1")
    }
    .validated()
    .expect("valid settings")
}

fn setup() -> Setup {
    let servers = MailServers::start().expect("mail servers (scripts/mail/setup.sh installs them)");
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(&dir.path().join(DATABASE_FILE_NAME)).unwrap());
    store.save_mail_settings(Some(&settings(&servers))).unwrap();
    Setup {
        servers,
        _dir: dir,
        store,
    }
}

fn options() -> SyncOptions {
    SyncOptions {
        retry: RetryPolicy {
            base: std::time::Duration::from_millis(20),
            cap: std::time::Duration::from_millis(100),
            max_retry_after: std::time::Duration::from_millis(100),
            max_attempts: 2,
        },
        ..SyncOptions::default()
    }
}

fn transport(setup: &Setup, password: &str) -> MailTransport {
    MailTransport::new(
        Arc::clone(&setup.store),
        setup.store.mail_settings().unwrap().unwrap(),
        desk_mail::MailCredentials::Password(password.into()),
        TrustedRoots::default(),
    )
    .unwrap()
}

fn licence_request(subject: &str) -> NewRequest {
    let catalog = standard_catalog();
    let request_type = catalog.request_types.first().unwrap();
    NewRequest {
        request_type_id: request_type.id.clone(),
        subject: subject.into(),
        description: "Lūdzu piešķirt licenci no pirmdienas.".into(),
        fields: serde_json::json!({}),
        contract_id: None,
    }
}

/// VRAA answers by mail, as its staff or its system would.
async fn vraa_writes(servers: &MailServers, headers: &str, body: &str) {
    let raw = format!(
        "From: VRAA IT <{VRAA}>\r\nTo: {USER}\r\nDate: {}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n{headers}\r\n\r\n{body}\r\n",
        Utc::now().to_rfc2822()
    );
    let server = MailServer {
        host: "127.0.0.1".into(),
        port: servers.submission_port(),
        tls: MailTls::Plain,
    };
    let mut submission = Submission::open(
        &server,
        &TrustedRoots::default(),
        "vraa.gov.lv",
        VRAA,
        &desk_mail::credentials::Secret::Password(VRAA_PASSWORD.into()),
    )
    .await
    .unwrap();
    submission.send(VRAA, USER, raw.as_bytes()).await.unwrap();
    submission.close().await;
}

fn parsed(raw: &[u8]) -> mail_parser::Message<'_> {
    MessageParser::default().parse(raw).unwrap()
}

#[tokio::test]
async fn a_request_reaches_vraa_once_and_vraas_replies_come_back_to_it() {
    let s = setup();
    let entry = s
        .store
        .queue_new_request(&licence_request("Jauns darbinieks — Līga Ozoliņa"))
        .unwrap();
    let mail = transport(&s, USER_PASSWORD);
    let report = sync_once(&s.store, &mail, &options()).await.unwrap();
    assert_eq!(report.pushed, 1);
    assert!(s.store.outbox().unwrap().is_empty());

    // VRAA's mailbox has it, once, with the Latvian subject and our tag.
    let inbox = s.servers.messages(VRAA, "INBOX").unwrap();
    assert_eq!(inbox.len(), 1);
    let message = parsed(&inbox[0]);
    let subject = message.subject().unwrap().to_owned();
    assert!(
        subject.contains("Jauns darbinieks — Līga Ozoliņa [VD-"),
        "{subject}"
    );
    let message_id = message.message_id().unwrap().to_owned();
    assert!(message_id.contains(&entry.idempotency_key), "{message_id}");
    // … and the user's Sent folder keeps the copy the next re-send checks.
    assert_eq!(s.servers.messages(USER, "Sent").unwrap().len(), 1);

    let requests = s.store.list_requests(&Default::default()).unwrap();
    assert_eq!(requests.len(), 1);
    let request_id = requests[0].id.clone();
    assert!(request_id.starts_with("VD-"));
    let detail = s.store.request_detail(&request_id).unwrap().unwrap();
    assert_eq!(detail.request.status, RequestStatus::Submitted);

    // VRAA's system acknowledges, threaded by In-Reply-To, with its number.
    vraa_writes(
        &s.servers,
        &format!("Subject: Pieteikums reģistrēts: {subject}\r\nMessage-ID: <ack.1@vraa.gov.lv>\r\nIn-Reply-To: <{message_id}>\r\nReferences: <{message_id}>\r\nAuto-Submitted: auto-replied"),
        "Jūsu pieteikums ir reģistrēts ar numuru VRAA-2026-000123.",
    )
    .await;
    // A person at VRAA asks for something, threaded only by VRAA's number.
    vraa_writes(
        &s.servers,
        "Subject: VRAA-2026-000123: jautājums\r\nMessage-ID: <staff.1@vraa.gov.lv>",
        "Labdien! Lūdzam precizēt darbinieka amatu.\r\n\r\n> citēts teksts",
    )
    .await;
    // Someone else's mail in the same inbox is not read into the app.
    vraa_writes(
        &s.servers,
        "Subject: Kafijas automāts\r\nMessage-ID: <other.1@vraa.gov.lv>",
        "Nav saistīts.",
    )
    .await;

    sync_once(&s.store, &mail, &options()).await.unwrap();
    let detail = s.store.request_detail(&request_id).unwrap().unwrap();
    assert_eq!(detail.request.reference, "VRAA-2026-000123");
    assert_eq!(detail.request.status, RequestStatus::WaitingForCustomer);
    let statuses: Vec<RequestStatus> = detail.request.status_history.iter().map(|c| c.to).collect();
    assert_eq!(
        statuses,
        vec![
            RequestStatus::Submitted,
            RequestStatus::Registered,
            RequestStatus::WaitingForCustomer
        ]
    );
    assert_eq!(detail.comments.len(), 2, "{:?}", detail.comments);
    assert_eq!(detail.comments[0].author.kind, ActorKind::System);
    assert_eq!(detail.comments[1].author.kind, ActorKind::Staff);
    assert_eq!(
        detail.comments[1].body,
        "Labdien! Lūdzam precizēt darbinieka amatu."
    );
    assert_eq!(
        s.store.comment_count().unwrap(),
        2,
        "the unrelated mail stays out"
    );

    // A follow-up threads to the request and carries VRAA's number verbatim.
    s.store
        .queue_action(
            &request_id,
            &OutboxAction::ProvideInformation {
                comment: "Amats: vecākā referente.".into(),
            },
        )
        .unwrap();
    sync_once(&s.store, &mail, &options()).await.unwrap();
    let inbox = s.servers.messages(VRAA, "INBOX").unwrap();
    assert_eq!(inbox.len(), 2);
    let follow_up = parsed(&inbox[1]);
    assert!(
        follow_up.subject().unwrap().contains("[VRAA-2026-000123]"),
        "{:?}",
        follow_up.subject()
    );
    assert_eq!(
        follow_up.in_reply_to().as_text(),
        Some("staff.1@vraa.gov.lv")
    );
    let detail = s.store.request_detail(&request_id).unwrap().unwrap();
    assert_eq!(detail.request.status, RequestStatus::InProgress);

    // A second run with nothing new adds nothing.
    let report = sync_once(&s.store, &mail, &options()).await.unwrap();
    assert_eq!((report.pushed, report.changes), (0, 0));
}

#[tokio::test]
async fn a_row_whose_message_went_through_is_not_sent_again() {
    let s = setup();
    let entry = s
        .store
        .queue_new_request(&licence_request("Pastkaste nodaļai"))
        .unwrap();
    let mail = transport(&s, USER_PASSWORD);
    // The first attempt is accepted, but the app "crashes" before the row
    // leaves the outbox: the acknowledgement is never stored.
    use desk_sync::Transport;
    mail.push(&entry, Box::new(|_| Err("no file".into())))
        .await
        .unwrap();
    assert_eq!(s.store.outbox().unwrap().len(), 1);
    // The next run finds the Message-ID in the Sent folder and only acknowledges.
    let report = sync_once(&s.store, &mail, &options()).await.unwrap();
    assert_eq!(report.pushed, 1);
    assert_eq!(
        s.servers.messages(VRAA, "INBOX").unwrap().len(),
        1,
        "exactly once"
    );
    assert!(s.store.outbox().unwrap().is_empty());
}

#[tokio::test]
async fn without_a_server_copy_the_app_keeps_its_own_in_sent() {
    let s = setup();
    s.servers.set_sent_copy(false);
    s.store
        .queue_new_request(&licence_request("Bez kopijas"))
        .unwrap();
    let mail = transport(&s, USER_PASSWORD);
    sync_once(&s.store, &mail, &options()).await.unwrap();
    assert_eq!(s.servers.messages(VRAA, "INBOX").unwrap().len(), 1);
    assert_eq!(
        s.servers.messages(USER, "Sent").unwrap().len(),
        1,
        "our own copy"
    );
}

#[tokio::test]
async fn a_wrong_password_stops_the_run_with_a_clear_message_and_loses_nothing() {
    let s = setup();
    s.store
        .queue_new_request(&licence_request("Parole"))
        .unwrap();
    let mail = transport(&s, "nepareiza");
    let err = sync_once(&s.store, &mail, &options()).await.unwrap_err();
    assert!(matches!(err, SyncError::SignInRefused(_)), "{err:?}");
    assert_eq!(err.code(), "mailSignInRefused");
    let text = err.to_string();
    assert!(
        text.contains("parol") && text.contains("password"),
        "{text}"
    );
    assert_eq!(s.store.outbox().unwrap().len(), 1);
    assert_eq!(s.servers.messages(VRAA, "INBOX").unwrap().len(), 0);
}

#[tokio::test]
async fn offline_then_online_sends_what_waited() {
    let s = setup();
    s.store
        .queue_new_request(&licence_request("Bezsaistē"))
        .unwrap();
    let mail = transport(&s, USER_PASSWORD);
    s.servers.stop().unwrap();
    let err = sync_once(&s.store, &mail, &options()).await.unwrap_err();
    assert!(matches!(err, SyncError::Offline(_)), "{err:?}");
    assert_eq!(s.store.outbox().unwrap().len(), 1);
    s.servers.start_again().unwrap();
    sync_once(&s.store, &mail, &options()).await.unwrap();
    assert!(s.store.outbox().unwrap().is_empty());
    assert_eq!(s.servers.messages(VRAA, "INBOX").unwrap().len(), 1);
}

#[tokio::test]
async fn a_bounce_parks_the_action_again_with_the_servers_reason() {
    let s = setup();
    s.store
        .queue_new_request(&licence_request("Atgriezta vēstule"))
        .unwrap();
    let mail = transport(&s, USER_PASSWORD);
    sync_once(&s.store, &mail, &options()).await.unwrap();
    let sent = s.servers.messages(VRAA, "INBOX").unwrap();
    let message_id = parsed(&sent[0]).message_id().unwrap().to_owned();
    // The delivery report arrives later, naming our message.
    let report = format!(
        "From: Mail Delivery System <MAILER-DAEMON@iestade.gov.lv>\r\nTo: {USER}\r\nSubject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn.1@iestade.gov.lv>\r\nIn-Reply-To: <{message_id}>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nNot delivered.\r\n--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx\r\n\r\nFinal-Recipient: rfc822; {VRAA}\r\nStatus: 5.2.2\r\nDiagnostic-Code: smtp; 552 5.2.2 mailbox full\r\n--b1\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <{message_id}>\r\n--b1--\r\n"
    );
    let server = MailServer {
        host: "127.0.0.1".into(),
        port: s.servers.submission_port(),
        tls: MailTls::Plain,
    };
    let mut submission = Submission::open(
        &server,
        &TrustedRoots::default(),
        "vraa.gov.lv",
        VRAA,
        &desk_mail::credentials::Secret::Password(VRAA_PASSWORD.into()),
    )
    .await
    .unwrap();
    submission
        .send(VRAA, USER, report.as_bytes())
        .await
        .unwrap();
    submission.close().await;

    sync_once(&s.store, &mail, &options()).await.unwrap();
    let outbox = s.store.outbox().unwrap();
    assert_eq!(outbox.len(), 1, "the request is back in the outbox");
    assert_eq!(outbox[0].state, OutboxState::Parked);
    let problem = outbox[0].problem.as_ref().unwrap();
    assert!(problem.detail.contains("552 5.2.2"), "{problem:?}");
    assert!(problem.detail_lv.contains("nesasniedza") || problem.title_lv.contains("nesasniedza"));
    assert_eq!(
        s.store.comment_count().unwrap(),
        0,
        "a bounce is no comment"
    );
    // A second run does not put it back twice, nor send it on its own.
    sync_once(&s.store, &mail, &options()).await.unwrap();
    assert_eq!(s.store.outbox().unwrap().len(), 1);
    assert_eq!(s.servers.messages(VRAA, "INBOX").unwrap().len(), 1);
}

/// Runs a background engine over the mail channel with the inbox watcher,
/// as the app does; the sync interval is far longer than the test.
fn background(s: &Setup) -> (desk_sync::SyncHandle, tokio::task::JoinHandle<()>) {
    let password: Arc<dyn desk_sync::TokenSource> =
        Arc::new(desk_sync::credentials::ApiToken::new(USER_PASSWORD).unwrap());
    let connector = desk_mail::MailConnector::new(
        Arc::clone(&s.store),
        desk_mail::MailSecrets {
            password,
            microsoft: Arc::new(desk_oauth::HeldTokens::default()),
        },
    );
    let handle =
        desk_sync::SyncEngine::spawn_with(Arc::clone(&s.store), connector.clone(), options());
    let waker = handle.waker();
    let watch = tokio::spawn(connector.watch_inbox(move || waker.wake()));
    (handle, watch)
}

async fn wait_until(what: &str, limit: std::time::Duration, mut done: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + limit;
    while !done() {
        assert!(
            std::time::Instant::now() < deadline,
            "{what} did not happen within {limit:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_shows_without_waiting_for_the_sync_interval() {
    let s = setup();
    s.store.queue_new_request(&licence_request("IDLE")).unwrap();
    let (handle, watch) = background(&s);
    // The first run sends the request (the engine runs once at start).
    wait_until("the first send", std::time::Duration::from_secs(30), || {
        s.store.outbox().map(|o| o.is_empty()).unwrap_or(false)
    })
    .await;
    let request_id = s.store.list_requests(&Default::default()).unwrap()[0]
        .id
        .clone();
    // Give the watcher a moment to be in IDLE, then VRAA answers. The
    // interval is minutes: only IDLE can bring the answer in within the limit.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    vraa_writes(
        &s.servers,
        &format!("Subject: Re: [{request_id}]\r\nMessage-ID: <idle.1@vraa.gov.lv>"),
        "Labdien! Licence piešķirta.",
    )
    .await;
    wait_until(
        "the reply in the timeline",
        std::time::Duration::from_secs(20),
        || s.store.comment_count().unwrap_or(0) == 1,
    )
    .await;
    let detail = s.store.request_detail(&request_id).unwrap().unwrap();
    assert_eq!(
        detail.comments[0].body, "Labdien! Licence piešķirta.",
        "threaded by the [VD-…] tag alone"
    );
    watch.abort();
    handle.stop().await;
}

#[tokio::test]
async fn ten_thousand_unrelated_messages_are_never_read_into_the_app() {
    let s = setup();
    s.servers.fill_inbox(USER, 10_000).unwrap();
    s.store
        .queue_new_request(&licence_request("Starp citām"))
        .unwrap();
    let mail = transport(&s, USER_PASSWORD);
    let report = sync_once(&s.store, &mail, &options()).await.unwrap();
    assert_eq!(report.changes, 0, "none of the 10,000 is VRAA's answer");
    assert_eq!(s.store.comment_count().unwrap(), 0);
    assert_eq!(s.store.request_count().unwrap(), 1);
    // A reply to our request among them is found.
    let request_id = s.store.list_requests(&Default::default()).unwrap()[0]
        .id
        .clone();
    vraa_writes(
        &s.servers,
        &format!("Subject: RE: Licence [{request_id}]\r\nMessage-ID: <among.1@vraa.gov.lv>"),
        "Izpildīts.",
    )
    .await;
    let report = sync_once(&s.store, &mail, &options()).await.unwrap();
    assert_eq!(s.store.comment_count().unwrap(), 1, "{report:?}");
}

#[tokio::test]
async fn a_reply_to_a_request_of_another_connection_is_left_alone() {
    let s = setup();
    s.store.queue_new_request(&licence_request("Mans")).unwrap();
    let mail = transport(&s, USER_PASSWORD);
    sync_once(&s.store, &mail, &options()).await.unwrap();
    vraa_writes(
        &s.servers,
        "Subject: RE: Cits [VD-0000000000] [VRAA-2026-999999]\r\nMessage-ID: <other.conn@vraa.gov.lv>\r\nIn-Reply-To: <vraa-desk.someone-else@cita.gov.lv>",
        "Šī atbilde ir citai iestādei.",
    )
    .await;
    let report = sync_once(&s.store, &mail, &options()).await.unwrap();
    assert_eq!(report.changes, 0);
    assert_eq!(s.store.comment_count().unwrap(), 0);
}

#[tokio::test]
async fn tls_from_the_start_and_starttls_work_with_the_institutions_ca_and_fail_clearly_without_it()
{
    let s = setup();
    let mut settings = s.store.mail_settings().unwrap().unwrap();
    settings.imap = MailServer {
        host: "localhost".into(),
        port: s.servers.imaps_port(),
        tls: MailTls::Implicit,
    };
    settings.smtp = MailServer {
        host: "localhost".into(),
        port: s.servers.submission_port(),
        tls: MailTls::StartTls,
    };
    s.store.save_mail_settings(Some(&settings)).unwrap();
    s.store
        .queue_new_request(&licence_request("Šifrēti"))
        .unwrap();
    // Without the test CA the server's certificate is not trusted: a clear
    // stop, nothing sent, nothing lost.
    let untrusted = transport(&s, USER_PASSWORD);
    let err = sync_once(&s.store, &untrusted, &options())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "connectionUnusable", "{err}");
    assert!(err.to_string().contains("TLS"), "{err}");
    assert_eq!(s.store.outbox().unwrap().len(), 1);
    // With it (the CA file in Settings), both protocols work.
    let trusted = MailTransport::new(
        Arc::clone(&s.store),
        settings,
        desk_mail::MailCredentials::Password(USER_PASSWORD.into()),
        TrustedRoots::load(Some(&s.servers.ca_cert())).unwrap(),
    )
    .unwrap();
    sync_once(&s.store, &trusted, &options()).await.unwrap();
    assert!(s.store.outbox().unwrap().is_empty());
    assert_eq!(s.servers.messages(VRAA, "INBOX").unwrap().len(), 1);
}

#[tokio::test]
async fn servers_restarted_in_the_middle_of_a_send_lose_and_duplicate_nothing() {
    let s = setup();
    for n in 0..3 {
        s.store
            .queue_new_request(&licence_request(&format!("Restarts {n}")))
            .unwrap();
    }
    // The relay takes its time, and the servers go down while it does.
    s.servers
        .set_relay_delay(std::time::Duration::from_millis(400));
    let mail = transport(&s, USER_PASSWORD);
    let store = Arc::clone(&s.store);
    let run = tokio::spawn({
        let mail = transport(&s, USER_PASSWORD);
        async move { sync_once(&store, &mail, &options()).await }
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    s.servers.restart().unwrap();
    let _ = run.await.unwrap();
    s.servers.set_relay_delay(std::time::Duration::ZERO);
    // Runs until everything is through, as the background engine would.
    for _ in 0..5 {
        if s.store.outbox().unwrap().is_empty() {
            break;
        }
        let _ = sync_once(&s.store, &mail, &options()).await;
    }
    assert!(s.store.outbox().unwrap().is_empty());
    let mut ids: Vec<String> = s
        .servers
        .messages(VRAA, "INBOX")
        .unwrap()
        .iter()
        .map(|raw| parsed(raw).message_id().unwrap_or_default().to_owned())
        .collect();
    ids.sort();
    let before = ids.len();
    ids.dedup();
    assert_eq!(before, ids.len(), "a message arrived twice: {ids:?}");
    assert_eq!(ids.len(), 3);
}

#[tokio::test]
async fn a_status_the_user_set_by_hand_wins_over_vraas_later_mail() {
    let s = setup();
    s.store
        .queue_new_request(&licence_request("Ar roku"))
        .unwrap();
    let mail = transport(&s, USER_PASSWORD);
    sync_once(&s.store, &mail, &options()).await.unwrap();
    let request_id = s.store.list_requests(&Default::default()).unwrap()[0]
        .id
        .clone();
    // The user reads VRAA's mail in Outlook and marks the request resolved
    // (as desk_app::mail::set_status_by_hand does).
    let mut request = s
        .store
        .request_detail(&request_id)
        .unwrap()
        .unwrap()
        .request;
    request.status = RequestStatus::Resolved;
    request.version += 1;
    s.store.mark_mail_status_by_user(&request_id).unwrap();
    s.store.save_request(&request).unwrap();
    vraa_writes(
        &s.servers,
        &format!("Subject: RE: [{request_id}]\r\nMessage-ID: <late.1@vraa.gov.lv>"),
        "Lūdzam precizēt, vai tas vēl ir aktuāli?",
    )
    .await;
    sync_once(&s.store, &mail, &options()).await.unwrap();
    let detail = s.store.request_detail(&request_id).unwrap().unwrap();
    assert_eq!(
        detail.request.status,
        RequestStatus::Resolved,
        "the user's choice wins"
    );
    assert_eq!(
        detail.comments.len(),
        1,
        "the mail is still on the timeline"
    );
}

#[tokio::test]
async fn vraas_files_come_in_with_their_latvian_names_and_out_of_office_mail_stays_out() {
    let s = setup();
    s.store
        .queue_new_request(&licence_request("Ar pielikumu"))
        .unwrap();
    let mail = transport(&s, USER_PASSWORD);
    sync_once(&s.store, &mail, &options()).await.unwrap();
    let request_id = s.store.list_requests(&Default::default()).unwrap()[0]
        .id
        .clone();
    vraa_writes(
        &s.servers,
        &format!("Subject: Automatic reply: [{request_id}]\r\nMessage-ID: <ooo.1@vraa.gov.lv>\r\nAuto-Submitted: auto-replied"),
        "Esmu atvaļinājumā līdz 30.11.2026.",
    )
    .await;
    // A reply with a PDF named with Latvian letters (RFC 2231), built as
    // Outlook would send it.
    let pdf = b"%PDF-1.4\n% izzi\xc5\x86a\n".to_vec();
    let raw = mail_builder::MessageBuilder::new()
        .from(("Anna Kalniņa", VRAA))
        .to(USER)
        .subject(format!("RE: Licence [{request_id}]"))
        .message_id("files.1@vraa.gov.lv")
        .text_body("Pielikumā izziņa.")
        .attachment(
            "application/pdf",
            "Izziņa — Līgas Ozoliņas licence.pdf",
            pdf.clone(),
        )
        .write_to_vec()
        .unwrap();
    let server = MailServer {
        host: "127.0.0.1".into(),
        port: s.servers.submission_port(),
        tls: MailTls::Plain,
    };
    let mut submission = Submission::open(
        &server,
        &TrustedRoots::default(),
        "vraa.gov.lv",
        VRAA,
        &desk_mail::credentials::Secret::Password(VRAA_PASSWORD.into()),
    )
    .await
    .unwrap();
    submission.send(VRAA, USER, &raw).await.unwrap();
    submission.close().await;

    sync_once(&s.store, &mail, &options()).await.unwrap();
    let detail = s.store.request_detail(&request_id).unwrap().unwrap();
    assert_eq!(
        detail.comments.len(),
        1,
        "the out-of-office mail is no comment: {:?}",
        detail.comments
    );
    assert_eq!(detail.comments[0].body, "Pielikumā izziņa.");
    assert_eq!(detail.comments[0].author.name, "Anna Kalniņa");
    assert_eq!(detail.attachments.len(), 1);
    let file = &detail.attachments[0];
    assert_eq!(file.file_name, "Izziņa — Līgas Ozoliņas licence.pdf");
    assert_eq!(file.content_type, "application/pdf");
    assert_eq!(s.store.blob(&file.sha256).unwrap(), pdf);
    // The file can be read again from the mail when the cache lost it.
    use desk_sync::Transport;
    assert_eq!(mail.attachment(&request_id, &file.id).await.unwrap(), pdf);
}

#[tokio::test]
async fn a_reply_with_a_50_mb_file_is_noted_not_fetched_and_stays_in_the_mailbox() {
    let s = setup();
    s.store
        .queue_new_request(&licence_request("Liels fails"))
        .unwrap();
    let mail = transport(&s, USER_PASSWORD);
    sync_once(&s.store, &mail, &options()).await.unwrap();
    let request_id = s.store.list_requests(&Default::default()).unwrap()[0]
        .id
        .clone();
    // 50 MB is more than the submission server takes, so it is put straight
    // into the mailbox, as a mail server delivering from outside would.
    let big = vec![b'A'; 50 * 1024 * 1024];
    let raw = mail_builder::MessageBuilder::new()
        .from(("VRAA", VRAA))
        .to(USER)
        .subject(format!("RE: Liels fails [{request_id}]"))
        .message_id("big.1@vraa.gov.lv")
        .text_body("Pielikumā arhīvs.")
        .attachment("application/zip", "arhīvs.zip", big)
        .write_to_vec()
        .unwrap();
    let maildir = s.servers.maildir(USER);
    let new = maildir.join("new");
    std::fs::create_dir_all(&new).unwrap();
    let file = new.join(format!("{}.big.vraa-test", Utc::now().timestamp()));
    std::fs::write(&file, &raw).unwrap();
    // Dovecot runs as its own user and must be able to take the file over.
    let _ = std::process::Command::new("chown")
        .args(["-R", "dovecot:dovecot"])
        .arg(&maildir)
        .status();

    sync_once(&s.store, &mail, &options()).await.unwrap();
    let detail = s.store.request_detail(&request_id).unwrap().unwrap();
    assert_eq!(detail.comments.len(), 1, "the reply is on the timeline");
    let note = &detail.comments[0].body;
    assert!(
        note.contains("MB") && note.contains("pasta programmā") && note.contains("mail program"),
        "{note}"
    );
    assert!(
        detail.attachments.is_empty(),
        "the 50 MB file is not fetched"
    );
    assert_eq!(
        s.servers.messages(USER, "INBOX").unwrap().len(),
        1,
        "the mail stays where it is"
    );
}

#[tokio::test]
async fn files_queued_with_a_request_travel_in_its_one_message() {
    let s = setup();
    let entry = s
        .store
        .queue_new_request(&licence_request("Ar failu"))
        .unwrap();
    let pdf = b"%PDF-1.4\nrikojums".to_vec();
    let sha = s.store.put_blob(&pdf).unwrap();
    s.store
        .queue_action(
            &entry.request_key,
            &OutboxAction::Attach {
                sha256: sha,
                file_name: "rīkojums.pdf".into(),
                content_type: "application/pdf".into(),
                size: pdf.len() as u64,
            },
        )
        .unwrap();
    let mail = transport(&s, USER_PASSWORD);
    let report = sync_once(&s.store, &mail, &options()).await.unwrap();
    assert_eq!(report.pushed, 2, "both rows acknowledged");
    let inbox = s.servers.messages(VRAA, "INBOX").unwrap();
    assert_eq!(inbox.len(), 1, "one request, one mail");
    let message = parsed(&inbox[0]);
    let names: Vec<_> = message
        .attachments()
        .filter_map(|a| mail_parser::MimeHeaders::attachment_name(a).map(str::to_owned))
        .collect();
    assert_eq!(
        names,
        vec!["pieteikums.json".to_owned(), "rīkojums.pdf".to_owned()]
    );
    let root = message.message_id().unwrap().to_owned();
    // A follow-up answers the request's message, not the file's row.
    let request_id = s.store.list_requests(&Default::default()).unwrap()[0]
        .id
        .clone();
    s.store
        .queue_action(
            &request_id,
            &OutboxAction::Comment {
                body: "Vai saņēmāt?".into(),
            },
        )
        .unwrap();
    sync_once(&s.store, &mail, &options()).await.unwrap();
    let inbox = s.servers.messages(VRAA, "INBOX").unwrap();
    assert_eq!(inbox.len(), 2);
    assert_eq!(
        parsed(&inbox[1]).in_reply_to().as_text(),
        Some(root.as_str())
    );
}
