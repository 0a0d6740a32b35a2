//! The e-mail face against real mail servers on loopback (`tests/mail-servers`):
//! a request mail built as the app builds it goes by SMTP from Jānis to VRAA's
//! mailbox, is filed once (also after the face restarts and when the same mail
//! comes again), is acknowledged in Jānis' INBOX in its thread; a reply becomes
//! a comment; unrelated mail and automatic answers get no answer; the staff's
//! moves come back as threaded replies.
//!
//! Linux only: the mail servers are Debian's Dovecot started by shell
//! scripts, which a Windows test program under Wine cannot start.
#![cfg(all(feature = "mail-face", unix))]

use std::time::{Duration, Instant};

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::AsyncSmtpConnection;
use lettre::transport::smtp::extension::ClientId;
use mail_builder::headers::address::Address;
use mail_builder::headers::message_id::MessageId;
use mail_builder::headers::raw::Raw;
use mail_builder::mime::{BodyPart, MimePart};
use mail_builder::MessageBuilder;
use mail_parser::{HeaderValue, MessageParser};
use mail_servers::{MailServers, JANIS, VRAA};
use serde_json::{json, Value};
use vraa_sandbox::mail_face::{MailFace, MailFaceConfig};
use vraa_sandbox::{RunningSandbox, SandboxConfig, ADMIN_TOKEN};

const VVD: &str = "demo-vvd-contact-7f3a90";
const REQUEST_ID: &str = "vraa-desk.k1@iestade.gov.lv";
const SUBJECT: &str = "Piešķirt licenci: Jauns darbinieks — Līga Ozoliņa [VD-3F2A9C1B7D]";
const PDF_NAME: &str = "Iesniegums — Līgas Ozoliņas licence.pdf";

fn face_config(mail: &MailServers) -> MailFaceConfig {
    let mut config =
        MailFaceConfig::loopback(mail.imap_port(), mail.submission_port(), VRAA.0, VRAA.1);
    config.poll = Duration::from_millis(200);
    config
}

/// The request mail as the app writes it: text and HTML, the API payload as
/// `pieteikums.json`, and a PDF under its Latvian name.
fn request_mail(from: &str, message_id: &str) -> Vec<u8> {
    let payload = json!({
        "request_type_id": "email.licence_assign",
        "subject": "Jauns darbinieks — Līga Ozoliņa",
        "description": "Lūdzam piešķirt licenci no pirmdienas.",
        "fields": {
            "user_name": "Līga Ozoliņa",
            "user_email": "liga.ozolina@vvd.example.lv",
            "licence": "exchange_online_plan_1"
        }
    });
    let text = "Labdien!\n\nLūdzam reģistrēt šādu pieteikumu.\n\nPieteikuma veids: Piešķirt licenci\nTemats: Jauns darbinieks — Līga Ozoliņa\nVRAA Desk numurs: VD-3F2A9C1B7D\n";
    let html = "<html><body><p>Labdien!</p><p>Lūdzam reģistrēt šādu pieteikumu.</p></body></html>";
    let pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".to_vec();
    MessageBuilder::new()
        .from(Address::new_address(Some("Jānis Bērziņš"), from))
        .to(Address::new_address(None::<&str>, VRAA.0))
        .subject(SUBJECT)
        .message_id(message_id)
        .body(MimePart::new(
            "multipart/mixed",
            vec![
                MimePart::new(
                    "multipart/alternative",
                    vec![
                        MimePart::new("text/plain", text),
                        MimePart::new("text/html", html),
                    ],
                ),
                MimePart::new(
                    "application/json",
                    BodyPart::Text(serde_json::to_string_pretty(&payload).expect("json").into()),
                )
                .attachment("pieteikums.json"),
                MimePart::new("application/pdf", BodyPart::Binary(pdf.into())).attachment(PDF_NAME),
            ],
        ))
        .write_to_vec()
        .expect("request mail")
}

/// A reply of Jānis in a thread.
fn reply_mail(
    message_id: &str,
    subject: &str,
    chain: &[String],
    text: &str,
    auto: bool,
) -> Vec<u8> {
    let mut builder = MessageBuilder::new()
        .from(Address::new_address(Some("Jānis Bērziņš"), JANIS.0))
        .to(Address::new_address(None::<&str>, VRAA.0))
        .subject(subject)
        .message_id(message_id);
    if let Some(parent) = chain.last() {
        builder = builder
            .in_reply_to(parent.as_str())
            .references(MessageId::new_list(chain.iter().map(String::as_str)));
    }
    if auto {
        builder = builder.header("Auto-Submitted", Raw::new("auto-replied"));
    }
    builder.text_body(text).write_to_vec().expect("reply mail")
}

/// Sends a message by SMTP submission, signed in as Jānis.
async fn submit(mail: &MailServers, from: &str, bytes: &[u8]) {
    let mut connection = AsyncSmtpConnection::connect_tokio1(
        ("127.0.0.1", mail.submission_port()),
        Some(Duration::from_secs(20)),
        &ClientId::Domain("iestade.gov.lv".into()),
        None,
        None,
    )
    .await
    .expect("connect to submission");
    connection
        .auth(
            &[Mechanism::Plain],
            &Credentials::new(JANIS.0.into(), JANIS.1.into()),
        )
        .await
        .expect("sign in as Jānis");
    let envelope = Envelope::new(
        Some(from.parse().expect("from")),
        vec![VRAA.0.parse().expect("to")],
    )
    .expect("envelope");
    connection.send(&envelope, bytes).await.expect("sent");
    let _ = connection.quit().await;
}

/// A message of Jānis' INBOX, read.
#[derive(Debug, Clone)]
struct Got {
    subject: String,
    message_id: String,
    in_reply_to: Vec<String>,
    references: Vec<String>,
    auto_submitted: String,
    text: String,
}

fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    value
        .as_text_list()
        .map(|l| l.iter().map(|s| s.to_string()).collect())
        .or_else(|| value.as_text().map(|s| vec![s.to_string()]))
        .unwrap_or_default()
}

fn inbox(mail: &MailServers) -> Vec<Got> {
    mail.messages(JANIS.0, "INBOX")
        .expect("Jānis' INBOX")
        .iter()
        .map(|raw| {
            let m = MessageParser::default().parse(raw).expect("a message");
            Got {
                subject: m.subject().unwrap_or_default().to_owned(),
                message_id: m.message_id().unwrap_or_default().to_owned(),
                in_reply_to: ids(m.in_reply_to()),
                references: ids(m.references()),
                auto_submitted: m
                    .header_raw("Auto-Submitted")
                    .unwrap_or_default()
                    .trim()
                    .to_owned(),
                text: m.body_text(0).unwrap_or_default().into_owned(),
            }
        })
        .collect()
}

async fn wait_for<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(v) = check() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn get(sandbox: &RunningSandbox, path: &str) -> Value {
    reqwest::Client::new()
        .get(format!("{}{path}", sandbox.base_url()))
        .bearer_auth(VVD)
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("JSON")
}

async fn requests(sandbox: &RunningSandbox) -> Vec<Value> {
    get(sandbox, "/v1/requests").await["requests"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

async fn staff_moves(sandbox: &RunningSandbox, id: &str, to: &str, comment: Option<&str>) {
    let answer = reqwest::Client::new()
        .post(format!(
            "{}/admin/v1/requests/{id}/transition",
            sandbox.base_url()
        ))
        .bearer_auth(ADMIN_TOKEN)
        .header("Idempotency-Key", format!("staff-{id}-{to}"))
        .json(&json!({"to": to, "comment": comment, "staff_name": "Anna Kalniņa"}))
        .send()
        .await
        .expect("transition");
    assert!(answer.status().is_success(), "{to}: {}", answer.status());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_mails_are_filed_once_acknowledged_and_answered_in_their_thread() {
    let mail = MailServers::start().expect("mail servers (scripts/mail/setup.sh)");
    let sandbox = vraa_sandbox::start(SandboxConfig::for_tests())
        .await
        .expect("sandbox");
    let face = MailFace::start(face_config(&mail), &sandbox)
        .await
        .expect("face");

    // A new request: filed once, acknowledged in its thread.
    submit(&mail, JANIS.0, &request_mail(JANIS.0, REQUEST_ID)).await;
    let ack = wait_for("the acknowledgement", || inbox(&mail).into_iter().next()).await;
    let filed = requests(&sandbox).await;
    assert_eq!(filed.len(), 1, "{filed:?}");
    let request = &filed[0];
    let id = request["id"].as_str().expect("id").to_owned();
    let reference = request["reference"].as_str().expect("reference").to_owned();
    assert_eq!(request["request_type_id"], "email.licence_assign");
    assert_eq!(request["subject"], "Jauns darbinieks — Līga Ozoliņa");
    assert_eq!(request["requester"]["name"], "Jānis Kļaviņš");
    assert_eq!(
        ack.subject,
        format!("Pieteikums reģistrēts: {SUBJECT} [{reference}]")
    );
    assert_eq!(ack.auto_submitted, "auto-replied");
    assert_eq!(ack.in_reply_to, vec![REQUEST_ID.to_owned()]);
    assert_eq!(ack.references, vec![REQUEST_ID.to_owned()]);
    assert!(
        ack.text
            .contains(&format!("reģistrēts ar numuru {reference}")),
        "{}",
        ack.text
    );
    let attachments = get(&sandbox, &format!("/v1/requests/{id}/attachments")).await;
    assert_eq!(
        attachments["attachments"][0]["file_name"], PDF_NAME,
        "{attachments}"
    );
    assert_eq!(attachments["attachments"].as_array().map(Vec::len), Some(1));

    // The face restarts and reads the mailbox again; the same mail comes a
    // second time: nothing is filed or answered twice.
    face.shutdown().await.expect("face stops");
    let face = MailFace::start(face_config(&mail), &sandbox)
        .await
        .expect("face again");
    submit(&mail, JANIS.0, &request_mail(JANIS.0, REQUEST_ID)).await;

    // Unrelated mail, an automatic answer in the thread, and a request from an
    // unknown address: no answer, nothing filed.
    submit(
        &mail,
        JANIS.0,
        &reply_mail(
            "unrelated.1@iestade.gov.lv",
            "Pusdienas piektdien",
            &[],
            "Vai ejam?",
            false,
        ),
    )
    .await;
    submit(
        &mail,
        JANIS.0,
        &reply_mail(
            "away.1@iestade.gov.lv",
            &format!("Automātiskā atbilde: {}", ack.subject),
            &[REQUEST_ID.to_owned(), ack.message_id.clone()],
            "Esmu atvaļinājumā līdz 10. jūnijam.",
            true,
        ),
    )
    .await;
    submit(
        &mail,
        "sveshais@citur.lv",
        &request_mail("sveshais@citur.lv", "other.1@citur.lv"),
    )
    .await;

    // A comment in the thread becomes a comment of the request.
    let chain = vec![REQUEST_ID.to_owned(), ack.message_id.clone()];
    let comment_id = "vraa-desk.k2@iestade.gov.lv";
    submit(
        &mail,
        JANIS.0,
        &reply_mail(
            comment_id,
            &format!("Re: Jauns darbinieks — Līga Ozoliņa [{reference}] [VD-3F2A9C1B7D]"),
            &chain,
            "Labdien!\n\nKomentārs.\n\nKomentārs: Lūdzu, piešķiriet līdz piektdienai.\nPieteikums: VRAA (VD-3F2A9C1B7D)\nIestāde: Valsts vides dienests\n",
            false,
        ),
    )
    .await;
    let mut comments = Value::Null;
    for _ in 0..300 {
        comments = get(&sandbox, &format!("/v1/requests/{id}/comments")).await;
        if comments["comments"]
            .as_array()
            .is_some_and(|c| !c.is_empty())
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let list = comments["comments"].as_array().cloned().unwrap_or_default();
    assert_eq!(list.len(), 1, "{comments}");
    assert_eq!(list[0]["body"], "Lūdzu, piešķiriet līdz piektdienai.");
    assert_eq!(list[0]["author"]["kind"], "customer");
    // Everything above was read (the comment came last); give the face two
    // more passes to prove that none of it got an answer.
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(requests(&sandbox).await.len(), 1, "filed once");
    assert_eq!(inbox(&mail).len(), 1, "only the acknowledgement");

    // The staff move the request: registering and assigning are no news; the
    // start of work and a question come as replies in the thread.
    staff_moves(&sandbox, &id, "registered", None).await;
    staff_moves(&sandbox, &id, "assigned", None).await;
    staff_moves(&sandbox, &id, "in_progress", None).await;
    staff_moves(
        &sandbox,
        &id,
        "waiting_for_customer",
        Some("Lūdzam precizēt darbinieka amatu."),
    )
    .await;
    let got = wait_for("two staff replies", || {
        let got = inbox(&mail);
        (got.len() >= 3).then_some(got)
    })
    .await;
    let started = &got[1];
    let question = &got[2];
    let tagged = format!(
        "RE: Piešķirt licenci: Jauns darbinieks — Līga Ozoliņa [{reference}] [VD-3F2A9C1B7D]"
    );
    assert_eq!(started.subject, tagged);
    assert_eq!(question.subject, tagged);
    assert!(
        started.text.contains("izpilde ir uzsākta"),
        "{}",
        started.text
    );
    assert_eq!(started.in_reply_to, vec![comment_id.to_owned()]);
    assert_eq!(
        started.references,
        vec![
            REQUEST_ID.to_owned(),
            ack.message_id.clone(),
            comment_id.to_owned()
        ]
    );
    assert!(
        question.text.contains("Lūdzam precizēt"),
        "{}",
        question.text
    );
    assert!(
        question.text.contains("darbinieka amatu"),
        "{}",
        question.text
    );
    assert_eq!(question.in_reply_to, vec![started.message_id.clone()]);
    assert!(started.auto_submitted.is_empty() && question.auto_submitted.is_empty());

    // Jānis answers by hand: the information asked for, so work goes on.
    let mut chain = question.references.clone();
    chain.push(question.message_id.clone());
    submit(
        &mail,
        JANIS.0,
        &reply_mail(
            "answer.1@iestade.gov.lv",
            &format!("Re: {}", question.subject),
            &chain,
            "Amats: vecākais referents.\n\nOn Tue, VRAA wrote:\n> Lūdzam precizēt darbinieka amatu.",
            false,
        ),
    )
    .await;
    for _ in 0..300 {
        let now = get(&sandbox, &format!("/v1/requests/{id}")).await;
        if now["status"] == "in_progress" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let now = get(&sandbox, &format!("/v1/requests/{id}")).await;
    assert_eq!(now["status"], "in_progress");
    let comments = get(&sandbox, &format!("/v1/requests/{id}/comments")).await;
    assert!(
        comments["comments"]
            .as_array()
            .is_some_and(|c| c.iter().any(|c| c["body"] == "Amats: vecākais referents.")),
        "{comments}"
    );

    // The resolution.
    staff_moves(&sandbox, &id, "resolved", Some("Licence piešķirta.")).await;
    let resolved = wait_for("the resolution", || inbox(&mail).into_iter().nth(3)).await;
    assert!(
        resolved.text.contains("Pieteikums ir atrisināts"),
        "{}",
        resolved.text
    );
    assert!(
        resolved.text.contains("Licence piešķirta."),
        "{}",
        resolved.text
    );
    assert_eq!(
        resolved.in_reply_to,
        vec!["answer.1@iestade.gov.lv".to_owned()]
    );

    face.shutdown().await.expect("face stops");
    sandbox.shutdown().await.expect("sandbox stops");
}

#[tokio::test]
async fn plain_text_is_refused_beyond_this_computer() {
    let sandbox = vraa_sandbox::start(SandboxConfig::for_tests())
        .await
        .expect("sandbox");
    let mut config = MailFaceConfig::loopback(1143, 1587, VRAA.0, VRAA.1);
    config.imap = "192.0.2.1:143".parse().expect("address");
    let refused = MailFace::start(config, &sandbox).await;
    assert!(matches!(
        refused,
        Err(vraa_sandbox::mail_face::MailFaceError::NotLoopback { .. })
    ));
    sandbox.shutdown().await.expect("sandbox stops");
}
