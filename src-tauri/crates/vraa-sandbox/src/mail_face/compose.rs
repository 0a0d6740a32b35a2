//! VRAA's answers, built as RFC 5322 with mail-builder: the automatic
//! acknowledgement of a new request and the staff's replies in its thread.
//! Every text is Latvian: these are VRAA's mails to Latvian institutions.

use chrono::{DateTime, Utc};
use desk_core::api::RequestStatus;
use mail_builder::headers::address::Address;
use mail_builder::headers::message_id::MessageId;
use mail_builder::headers::raw::Raw;
use mail_builder::mime::MimePart;
use mail_builder::MessageBuilder;

use super::store::Thread;

/// The name VRAA's mails are signed and sent with.
pub const DESK_NAME: &str = "VRAA Klientu atbalsta centrs";

/// One message ready for SMTP.
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// Without angle brackets.
    pub message_id: String,
    pub bytes: Vec<u8>,
}

/// The request mail's subject without the app's `[VD-…]` tag and any
/// `Re:` the user's program put in front.
pub fn base_subject(subject: &str, local_id: Option<&str>) -> String {
    let mut base = subject.to_owned();
    if let Some(id) = local_id {
        base = base.replace(&format!("[{id}]"), "");
    }
    let mut base = base.trim();
    loop {
        let lower = base.to_lowercase();
        let Some(rest) = ["re:", "atb.:", "fw:", "fwd:"]
            .iter()
            .find(|p| lower.starts_with(*p))
            .map(|p| &base[p.len()..])
        else {
            break;
        };
        base = rest.trim_start();
    }
    base.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn html_of(text: &str) -> String {
    let paragraphs: String = text
        .split("\n\n")
        .map(|p| format!("<p>{}</p>", escape_html(p).replace('\n', "<br>")))
        .collect();
    format!(
        "<!DOCTYPE html><html lang=\"lv\"><head><meta charset=\"utf-8\"></head><body>{paragraphs}</body></html>"
    )
}

/// The Message-ID of an answer: fixed by what it answers, so building it
/// again (after a restart) gives the same message, which the outbox keeps once.
pub fn answer_id(kind: &str, request_id: &str, seq: i64, vraa_address: &str) -> String {
    let domain = vraa_address
        .rsplit_once('@')
        .map_or("vraa.gov.lv", |(_, d)| d);
    if seq == 0 {
        format!("vraa-sandbox.{kind}.{request_id}@{domain}")
    } else {
        format!("vraa-sandbox.{kind}.{request_id}.{seq}@{domain}")
    }
}

fn message(
    vraa_address: &str,
    thread: &Thread,
    message_id: &str,
    subject: String,
    text: String,
    automatic: bool,
    at: DateTime<Utc>,
) -> std::io::Result<Outgoing> {
    let mut builder = MessageBuilder::new()
        .from(Address::new_address(Some(DESK_NAME), vraa_address))
        .to(Address::new_address(None::<&str>, thread.address.as_str()))
        .subject(subject)
        .message_id(message_id)
        .date(at.timestamp())
        .header("X-Mailer", Raw::new("vraa-sandbox"));
    if let Some(parent) = thread.chain.last() {
        builder = builder
            .in_reply_to(parent.as_str())
            .references(MessageId::new_list(thread.chain.iter().map(String::as_str)));
    }
    if automatic {
        // RFC 3834: the user's mail program (and an out-of-office rule)
        // must not answer this one; that keeps the two systems out of a loop.
        builder = builder.header("Auto-Submitted", Raw::new("auto-replied"));
    }
    let html = html_of(&text);
    let bytes = builder
        .body(MimePart::new(
            "multipart/alternative",
            vec![
                MimePart::new("text/plain", text),
                MimePart::new("text/html", html),
            ],
        ))
        .write_to_vec()?;
    Ok(Outgoing {
        message_id: message_id.to_owned(),
        bytes,
    })
}

/// The automatic acknowledgement of a request filed as `thread.reference`.
pub fn acknowledgement(
    vraa_address: &str,
    thread: &Thread,
    type_name: &str,
    at: DateTime<Utc>,
) -> std::io::Result<Outgoing> {
    let subject = format!(
        "Pieteikums reģistrēts: {} [{}]",
        thread.subject.trim(),
        thread.reference
    );
    let text = format!(
        "Labdien!\n\n\
         Jūsu pieteikums ir reģistrēts ar numuru {reference}.\n\
         Pieteikuma veids: {type_name}\n\
         Temats: {topic}\n\n\
         Lūdzam turpmākajā sarakstē par šo pieteikumu atbildēt uz šo vēstuli \
         un saglabāt numuru {reference} vēstules tēmā.\n\n\
         Šī vēstule nosūtīta automātiski.\n\n\
         {DESK_NAME}\n{vraa_address}\n",
        reference = thread.reference,
        topic = base_subject(&thread.subject, thread.local_id.as_deref()),
    );
    let id = answer_id("ack", &thread.request_id, 0, vraa_address);
    message(vraa_address, thread, &id, subject, text, true, at)
}

/// What VRAA's staff did, as their reply says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffNews {
    /// The request moved to this status (with the staff's comment, if any).
    Status(RequestStatus),
    /// A comment alone.
    Comment,
}

/// Whether a move to `status` is news the user gets a mail about. The
/// acknowledgement already said the request is registered, and assigning it
/// to a person inside VRAA changes nothing for the user.
pub fn worth_a_mail(status: RequestStatus) -> bool {
    use RequestStatus::*;
    matches!(
        status,
        InProgress | WaitingForCustomer | Resolved | Closed | Cancelled
    )
}

/// A staff reply in the request's thread.
#[allow(clippy::too_many_arguments)] // one reply: who, to which thread, what, when
pub fn staff_reply(
    vraa_address: &str,
    thread: &Thread,
    news: &StaffNews,
    comment: Option<&str>,
    staff_name: &str,
    seq: i64,
    at: DateTime<Utc>,
) -> std::io::Result<Outgoing> {
    let base = base_subject(&thread.subject, thread.local_id.as_deref());
    let subject = match &thread.local_id {
        Some(id) => format!("RE: {base} [{}] [{id}]", thread.reference),
        None => format!("RE: {base} [{}]", thread.reference),
    };
    let reference = &thread.reference;
    let comment = comment.map(str::trim).filter(|c| !c.is_empty());
    let said = comment.map(|c| format!("{c}\n\n")).unwrap_or_default();
    let body = match news {
        StaffNews::Status(RequestStatus::InProgress) => {
            format!("Pieteikuma {reference} izpilde ir uzsākta.\n\n{said}")
        }
        StaffNews::Status(RequestStatus::WaitingForCustomer) => format!(
            "Lūdzam precizēt pieteikumu {reference}.\n\n{said}\
             Lūdzam atbildēt uz šo vēstuli; līdz atbildei pieteikuma izpilde ir apturēta.\n\n"
        ),
        StaffNews::Status(RequestStatus::Resolved) => format!(
            "Pieteikums ir atrisināts ({reference}).\n\n{said}\
             Ja risinājums neder, lūdzam atbildēt uz šo vēstuli un norādīt iemeslu.\n\n"
        ),
        StaffNews::Status(RequestStatus::Closed) => {
            format!("Pieteikums {reference} ir slēgts.\n\n{said}")
        }
        StaffNews::Status(RequestStatus::Cancelled) => {
            format!("Pieteikums {reference} ir atcelts.\n\n{said}")
        }
        StaffNews::Status(_) | StaffNews::Comment => said,
    };
    let text = format!("Labdien!\n\n{body}Ar cieņu\n{staff_name}\n{DESK_NAME}\n{vraa_address}\n");
    let kind = match news {
        StaffNews::Status(status) => status.as_str(),
        StaffNews::Comment => "comment",
    };
    let id = answer_id(kind, &thread.request_id, seq, vraa_address);
    message(vraa_address, thread, &id, subject, text, false, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_subject_drops_our_tag_and_reply_prefixes() {
        assert_eq!(
            base_subject(
                "Re: Piešķirt licenci: Jauns  darbinieks [VD-ABC]",
                Some("VD-ABC")
            ),
            "Piešķirt licenci: Jauns darbinieks"
        );
    }
}
