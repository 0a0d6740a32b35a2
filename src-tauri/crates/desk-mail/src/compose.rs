//! The messages the user sends VRAA, built as RFC 5322 with mail-builder.
//!
//! A request is one message (VRAA's house style: one request per mail): a
//! Latvian text and HTML part for people with every field labelled as in the
//! form, a JSON part with exactly what the API's create call takes for
//! VRAA's systems, and the files as attachments under their own names
//! (RFC 2231 for Latvian letters). Follow-ups (comments, files, actions)
//! answer in the request's thread. Nothing marks the mail as automatic
//! (`Auto-Submitted`, `Precedence`): helpdesks drop such mail.

use chrono::{DateTime, Utc};
use desk_core::api::{NewRequest, RequestType};
use desk_core::forms::value_label;
use desk_core::mail::{local_tag, MailSettings};
use desk_store::OutboxAction;
use mail_builder::headers::address::Address;
use mail_builder::headers::message_id::MessageId;
use mail_builder::mime::{BodyPart, MimePart};
use mail_builder::MessageBuilder;
use serde_json::Value;

use crate::text::escape_html;

/// A file sent with a message.
#[derive(Debug, Clone)]
pub struct OutgoingFile {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// The request a message belongs to.
#[derive(Debug, Clone)]
pub struct ThreadContext {
    /// `VD-…`, our tag in the subject.
    pub request_id: String,
    /// The request type's name in Latvian.
    pub type_name_lv: String,
    /// The request's subject as the user wrote it.
    pub subject: String,
    /// VRAA's reference, once known: follow-ups carry it in the subject.
    pub vraa_reference: Option<String>,
    /// Message-IDs of the thread, oldest first (the request's own first).
    pub references: Vec<String>,
}

/// One message ready for SMTP.
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// Without angle brackets.
    pub message_id: String,
    pub subject: String,
    pub bytes: Vec<u8>,
}

/// The Message-ID of an outbox row: fixed when the row was queued (its
/// idempotency key), so every attempt to send the row carries the same one
/// and the Sent folder can tell whether an attempt went through.
pub fn message_id_for(idempotency_key: &str, domain: &str) -> String {
    format!("vraa-desk.{idempotency_key}@{domain}")
}

/// Our id of a request sent by e-mail, from the outbox's local id: short
/// enough for a subject tag, `VD-` and ten characters of the local UUID.
pub fn request_id_for(local_id: &str) -> String {
    let letters: String = local_id
        .trim_start_matches("local-")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(10)
        .collect::<String>()
        .to_uppercase();
    format!("VD-{letters}")
}

/// The subject of a new request: `<type in Latvian>: <subject> [VD-…]`.
pub fn request_subject(thread: &ThreadContext) -> String {
    format!(
        "{}: {} {}",
        thread.type_name_lv,
        one_line(&thread.subject),
        local_tag(&thread.request_id)
    )
}

/// The subject of a follow-up: VRAA's reference verbatim once known, and
/// our tag always.
pub fn follow_up_subject(thread: &ThreadContext) -> String {
    match &thread.vraa_reference {
        Some(reference) => format!(
            "Re: {} [{reference}] {}",
            one_line(&thread.subject),
            local_tag(&thread.request_id)
        ),
        None => format!("Re: {}", request_subject(thread)),
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn headers<'x>(
    settings: &'x MailSettings,
    message_id: &'x str,
    subject: String,
    at: DateTime<Utc>,
) -> MessageBuilder<'x> {
    MessageBuilder::new()
        .from(Address::new_address(
            Some(settings.display_name.as_str()),
            settings.address.as_str(),
        ))
        .to(Address::new_address(
            None::<&str>,
            settings.vraa_address.as_str(),
        ))
        .subject(subject)
        .message_id(message_id)
        .date(at.timestamp())
        .header(
            "X-Mailer",
            mail_builder::headers::raw::Raw::new(concat!("VRAA Desk ", env!("CARGO_PKG_VERSION"))),
        )
}

fn file_parts(files: &[OutgoingFile]) -> Vec<MimePart<'_>> {
    files
        .iter()
        .map(|f| {
            MimePart::new(
                f.content_type.as_str(),
                BodyPart::Binary(f.bytes.as_slice().into()),
            )
            .attachment(f.file_name.as_str())
        })
        .collect()
}

fn body<'x>(text: String, html: String, extra: Vec<MimePart<'x>>) -> MimePart<'x> {
    let alternative = MimePart::new(
        "multipart/alternative",
        vec![
            MimePart::new("text/plain", text),
            MimePart::new("text/html", html),
        ],
    );
    let mut parts = vec![alternative];
    parts.extend(extra);
    MimePart::new("multipart/mixed", parts)
}

/// Who sends, for the signature block every message carries.
fn signature(settings: &MailSettings) -> Vec<(&'static str, String)> {
    let mut lines = vec![
        ("Iestāde", settings.institution_name.clone()),
        ("Kontaktpersona", settings.display_name.clone()),
        ("E-pasts", settings.address.clone()),
    ];
    if let Some(contract) = &settings.contract_number {
        lines.push(("Līguma numurs", contract.clone()));
    }
    lines
}

fn as_text(rows: &[(String, String)]) -> String {
    rows.iter()
        .map(|(label, value)| {
            if value.contains('\n') {
                format!("{label}:\n{value}")
            } else {
                format!("{label}: {value}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn as_html(title: &str, rows: &[(String, String)]) -> String {
    let rows: String = rows
        .iter()
        .map(|(label, value)| {
            format!(
                "<tr><th align=\"left\" valign=\"top\">{}</th><td>{}</td></tr>",
                escape_html(label),
                escape_html(value).replace('\n', "<br>")
            )
        })
        .collect();
    format!(
        "<!DOCTYPE html><html lang=\"lv\"><head><meta charset=\"utf-8\"><title>{t}</title></head>\
         <body><h1 style=\"font-size:1.2em\">{t}</h1><table cellpadding=\"4\">{rows}</table></body></html>",
        t = escape_html(title)
    )
}

/// A field's value as a person reads it: labels for codes, lists joined.
fn field_value_text(schema: &Value, value: &Value) -> String {
    match value {
        Value::String(s) => value_label(schema, s).map_or_else(|| s.clone(), |(lv, _)| lv),
        Value::Array(items) => items
            .iter()
            .map(|item| field_value_text(schema, item))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Bool(true) => "jā".into(),
        Value::Bool(false) => "nē".into(),
        Value::Null => "—".into(),
        other => other.to_string(),
    }
}

/// The request's fields in the form's order, labelled with their Latvian titles.
fn field_rows(request_type: Option<&RequestType>, fields: &Value) -> Vec<(String, String)> {
    let Some(values) = fields.as_object() else {
        return Vec::new();
    };
    let properties = request_type
        .and_then(|t| t.fields_schema.get("properties"))
        .and_then(Value::as_object);
    let mut rows = Vec::new();
    if let Some(properties) = properties {
        for (key, schema) in properties {
            if let Some(value) = values.get(key) {
                let label = schema["title"].as_str().unwrap_or(key).to_owned();
                rows.push((label, field_value_text(schema, value)));
            }
        }
    }
    // Fields the schema does not list (a newer form) are sent too, by key.
    for (key, value) in values {
        if properties.is_none_or(|p| !p.contains_key(key)) {
            rows.push((key.clone(), field_value_text(&Value::Null, value)));
        }
    }
    rows
}

/// The message of a new request.
pub fn new_request_message(
    settings: &MailSettings,
    message_id: &str,
    thread: &ThreadContext,
    request: &NewRequest,
    request_type: Option<&RequestType>,
    files: &[OutgoingFile],
    at: DateTime<Utc>,
) -> std::io::Result<Outgoing> {
    let subject = request_subject(thread);
    let mut rows = vec![
        ("Pieteikuma veids".to_owned(), thread.type_name_lv.clone()),
        ("Temats".to_owned(), request.subject.clone()),
    ];
    if !request.description.trim().is_empty() {
        rows.push(("Apraksts".to_owned(), request.description.clone()));
    }
    rows.extend(field_rows(request_type, &request.fields));
    rows.extend(
        signature(settings)
            .into_iter()
            .map(|(l, v)| (l.to_owned(), v)),
    );
    rows.push(("VRAA Desk numurs".to_owned(), thread.request_id.clone()));
    let intro = "Labdien!\n\nLūdzam reģistrēt šādu pieteikumu.\n\n";
    let text = format!(
        "{intro}{}\n\nPielikumā: pieteikuma dati JSON formā (pieteikums.json){}.\n",
        as_text(&rows),
        if files.is_empty() {
            String::new()
        } else {
            format!(
                " un faili: {}",
                files
                    .iter()
                    .map(|f| f.file_name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    );
    let html = as_html(&subject, &rows);
    // Exactly the API's create payload, so VRAA's system or staff can parse it.
    let json = serde_json::to_string_pretty(request).map_err(std::io::Error::other)?;
    let mut extra = vec![
        MimePart::new("application/json", BodyPart::Text(json.into()))
            .attachment("pieteikums.json"),
    ];
    extra.extend(file_parts(files));
    let bytes = headers(settings, message_id, subject.clone(), at)
        .body(body(text, html, extra))
        .write_to_vec()?;
    Ok(Outgoing {
        message_id: message_id.to_owned(),
        subject,
        bytes,
    })
}

/// What a follow-up says, in Latvian, and the file it carries.
fn follow_up_rows(action: &OutboxAction) -> (String, Vec<(String, String)>) {
    let comment = |c: &Option<String>| c.as_ref().map(|c| ("Komentārs".to_owned(), c.clone()));
    match action {
        OutboxAction::CreateRequest { .. } => ("Pieteikums".into(), Vec::new()),
        OutboxAction::Comment { body } => {
            ("Komentārs".into(), vec![("Komentārs".into(), body.clone())])
        }
        OutboxAction::Attach { file_name, .. } => (
            "Papildu fails".into(),
            vec![("Pievienots fails".into(), file_name.clone())],
        ),
        OutboxAction::Cancel { comment: c } => (
            "Lūdzam atcelt pieteikumu".into(),
            comment(c).into_iter().collect(),
        ),
        OutboxAction::ProvideInformation { comment } => (
            "Papildu informācija".into(),
            vec![("Informācija".into(), comment.clone())],
        ),
        OutboxAction::ConfirmResolution { comment: c } => (
            "Apstiprinām, ka pieteikums ir atrisināts".into(),
            comment(c).into_iter().collect(),
        ),
        OutboxAction::Reopen { comment } => (
            "Lūdzam atsākt pieteikuma izpildi".into(),
            vec![("Iemesls".into(), comment.clone())],
        ),
        OutboxAction::Rate { score, comment: c } => {
            let mut rows = vec![("Vērtējums".into(), format!("{score} no 5"))];
            rows.extend(comment(c));
            ("Novērtējums".into(), rows)
        }
    }
}

/// A follow-up in the request's thread: a comment, a file, or an action.
pub fn follow_up_message(
    settings: &MailSettings,
    message_id: &str,
    thread: &ThreadContext,
    action: &OutboxAction,
    file: Option<&OutgoingFile>,
    at: DateTime<Utc>,
) -> std::io::Result<Outgoing> {
    let subject = follow_up_subject(thread);
    let (title, mut rows) = follow_up_rows(action);
    rows.push((
        "Pieteikums".to_owned(),
        match &thread.vraa_reference {
            Some(r) => format!("{r} ({})", thread.request_id),
            None => thread.request_id.clone(),
        },
    ));
    rows.extend(
        signature(settings)
            .into_iter()
            .map(|(l, v)| (l.to_owned(), v)),
    );
    let text = format!("Labdien!\n\n{title}.\n\n{}\n", as_text(&rows));
    let html = as_html(&title, &rows);
    let files: Vec<OutgoingFile> = file.cloned().into_iter().collect();
    let mut builder = headers(settings, message_id, subject.clone(), at);
    if let Some(parent) = thread.references.last() {
        builder = builder
            .in_reply_to(parent.as_str())
            .references(MessageId::new_list(
                thread.references.iter().map(String::as_str),
            ));
    }
    let bytes = builder
        .body(body(text, html, file_parts(&files)))
        .write_to_vec()?;
    Ok(Outgoing {
        message_id: message_id.to_owned(),
        subject,
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use desk_core::api::catalogue_data::standard_catalog;
    use mail_parser::{MessageParser, MimeHeaders};

    fn settings() -> MailSettings {
        MailSettings {
            display_name: "Jānis Bērziņš".into(),
            institution_name: "Ūdensapgādes pārvalde".into(),
            contract_number: Some("L-2026/17".into()),
            ..MailSettings::for_address("janis@iestade.gov.lv", "mail.iestade.gov.lv")
        }
    }

    fn thread() -> ThreadContext {
        ThreadContext {
            request_id: "VD-3F2A9C1B7D".into(),
            type_name_lv: "Licences piešķiršana".into(),
            subject: "Jauns darbinieks — Līga Ozoliņa".into(),
            vraa_reference: None,
            references: vec!["vraa-desk.k1@iestade.gov.lv".into()],
        }
    }

    #[test]
    fn request_ids_are_short_tags_of_the_local_id() {
        assert_eq!(
            request_id_for("local-3f2a9c1b-7d4e-4a1b-9c2d-1234567890ab"),
            "VD-3F2A9C1B7D"
        );
        assert_eq!(
            message_id_for("k-1", "iestade.gov.lv"),
            "vraa-desk.k-1@iestade.gov.lv"
        );
    }

    #[test]
    fn a_request_is_one_readable_message_with_the_api_payload_and_its_files() {
        let catalog = standard_catalog();
        let request_type = catalog.request_types.first().expect("a request type");
        let request = NewRequest {
            request_type_id: request_type.id.clone(),
            subject: "Jauns darbinieks — Līga Ozoliņa".into(),
            description: "Lūdzu piešķirt licenci.".into(),
            fields: serde_json::json!({}),
            contract_id: None,
        };
        let file = OutgoingFile {
            file_name: "Iesniegums Nr. 5 — ģenerālis.pdf".into(),
            content_type: "application/pdf".into(),
            bytes: b"%PDF-1.4 test".to_vec(),
        };
        let at = "2026-11-23T08:30:00Z".parse().unwrap();
        let out = new_request_message(
            &settings(),
            "vraa-desk.k1@iestade.gov.lv",
            &thread(),
            &request,
            Some(request_type),
            std::slice::from_ref(&file),
            at,
        )
        .unwrap();
        let raw = String::from_utf8_lossy(&out.bytes);
        assert!(!raw.contains("Auto-Submitted") && !raw.contains("Precedence"));
        let message = MessageParser::default().parse(&out.bytes).unwrap();
        assert_eq!(
            message.subject(),
            Some("Licences piešķiršana: Jauns darbinieks — Līga Ozoliņa [VD-3F2A9C1B7D]")
        );
        assert_eq!(message.message_id(), Some("vraa-desk.k1@iestade.gov.lv"));
        assert_eq!(
            message
                .from()
                .and_then(|a| a.first())
                .and_then(|a| a.address()),
            Some("janis@iestade.gov.lv")
        );
        assert_eq!(
            message
                .to()
                .and_then(|a| a.first())
                .and_then(|a| a.address()),
            Some("IT@vraa.gov.lv")
        );
        let text = message.body_text(0).unwrap();
        for expected in [
            "Temats: Jauns darbinieks — Līga Ozoliņa",
            "Iestāde: Ūdensapgādes pārvalde",
            "Kontaktpersona: Jānis Bērziņš",
            "Līguma numurs: L-2026/17",
        ] {
            assert!(text.contains(expected), "{expected} in {text}");
        }
        assert!(message.body_html(0).unwrap().contains("<table"));
        let parts: Vec<_> = message.attachments().collect();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].attachment_name(), Some("pieteikums.json"));
        let json: NewRequest = serde_json::from_slice(parts[0].contents()).unwrap();
        assert_eq!(json, request);
        assert_eq!(parts[1].attachment_name(), Some(file.file_name.as_str()));
        assert_eq!(parts[1].contents(), file.bytes.as_slice());
        assert!(
            raw.contains("filename*"),
            "Latvian file names use RFC 2231: {raw}"
        );
    }

    #[test]
    fn follow_ups_thread_and_keep_vraas_reference_verbatim() {
        let mut thread = thread();
        thread.vraa_reference = Some("VRAA-2026-000123".into());
        thread.references.push("vraa.answer.1@vraa.gov.lv".into());
        let out = follow_up_message(
            &settings(),
            "vraa-desk.k2@iestade.gov.lv",
            &thread,
            &OutboxAction::Comment {
                body: "Vai ir jaunumi?".into(),
            },
            None,
            Utc::now(),
        )
        .unwrap();
        let message = MessageParser::default().parse(&out.bytes).unwrap();
        assert_eq!(
            message.subject(),
            Some("Re: Jauns darbinieks — Līga Ozoliņa [VRAA-2026-000123] [VD-3F2A9C1B7D]")
        );
        assert_eq!(
            message.in_reply_to().as_text(),
            Some("vraa.answer.1@vraa.gov.lv")
        );
        let references = message.references().as_text_list().unwrap();
        assert_eq!(
            references,
            vec!["vraa-desk.k1@iestade.gov.lv", "vraa.answer.1@vraa.gov.lv"]
        );
        assert!(message
            .body_text(0)
            .unwrap()
            .contains("Komentārs: Vai ir jaunumi?"));
    }

    #[test]
    fn html_in_what_the_user_wrote_is_escaped() {
        let out = follow_up_message(
            &settings(),
            "vraa-desk.k3@iestade.gov.lv",
            &thread(),
            &OutboxAction::Comment {
                body: "<script>alert(1)</script>".into(),
            },
            None,
            Utc::now(),
        )
        .unwrap();
        let message = MessageParser::default().parse(&out.bytes).unwrap();
        let html = message.body_html(0).unwrap();
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
    }
}
