//! Reading one message from the mailbox (mail-parser): who wrote it, what
//! it threads to, what kind of mail it is, its text and files.
//!
//! Mail from outside is untrusted input: any charset, broken MIME, HTML with
//! scripts. Nothing here panics on it; HTML becomes plain text (the webview
//! never shows live HTML from mail); a message that cannot be read at all is
//! an error for the caller, who leaves it in the mailbox untouched.

use chrono::{DateTime, TimeZone, Utc};
use mail_parser::{HeaderValue, MessageParser, MimeHeaders};

/// What a message is, as far as the request's timeline is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IncomingKind {
    /// Written by a person at VRAA.
    Reply,
    /// VRAA's system confirming it registered the request.
    Acknowledgement,
    /// Out of office and other automatic answers: never a comment.
    AutoReply,
    /// A delivery failure: the message it is about did not reach VRAA.
    Bounce {
        /// The Message-ID of the undelivered message, when the report names it.
        original_message_id: Option<String>,
        /// The server's explanation, for the outbox.
        diagnostic: String,
    },
}

/// A file in a received message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingFile {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// One message from the mailbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    /// Without angle brackets; `None` when the message has none.
    pub message_id: Option<String>,
    pub in_reply_to: Vec<String>,
    /// Oldest first, as in the header.
    pub references: Vec<String>,
    pub subject: String,
    pub from_address: Option<String>,
    pub from_name: Option<String>,
    pub date: Option<DateTime<Utc>>,
    pub kind: IncomingKind,
    /// The new text of the message: plain text (from HTML if need be),
    /// without the quoted earlier mail.
    pub text: String,
    pub files: Vec<IncomingFile>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReplyError {
    #[error("vēstuli nevar nolasīt (nav derīgs e-pasta formāts) / the message cannot be read (not a valid e-mail)")]
    Unreadable,
}

impl Incoming {
    /// The Message-IDs this message answers, the most specific first:
    /// In-Reply-To, then References from the newest.
    pub fn thread_keys(&self) -> Vec<String> {
        let mut keys = self.in_reply_to.clone();
        for id in self.references.iter().rev() {
            if !keys.contains(id) {
                keys.push(id.clone());
            }
        }
        keys
    }

    /// Whether VRAA asks the user for something (the request then waits for
    /// the customer).
    pub fn asks_for_something(&self) -> bool {
        let text = self.text.to_lowercase();
        const ASKS: [&str; 10] = [
            "lūdzam sniegt",
            "lūdzu sniedziet",
            "lūdzam precizēt",
            "lūdzu precizējiet",
            "lūdzam iesniegt",
            "lūdzam norādīt",
            "please provide",
            "please specify",
            "please send",
            "could you",
        ];
        ASKS.iter().any(|phrase| text.contains(phrase))
    }
}

fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    value
        .as_text_list()
        .map(|list| list.iter().map(|id| clean_id(id)).collect())
        .or_else(|| value.as_text().map(|id| vec![clean_id(id)]))
        .unwrap_or_default()
        .into_iter()
        .filter(|id| !id.is_empty())
        .collect()
}

/// A Message-ID as stored: no angle brackets or spaces.
pub fn clean_id(id: &str) -> String {
    id.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim()
        .to_owned()
}

/// Reads a raw message.
pub fn parse(raw: &[u8]) -> Result<Incoming, ReplyError> {
    // mail-parser 0.11.9 can overflow on some malformed quoted-printable
    // (found by the property test below; a debug-build panic, wrapped
    // arithmetic in release): such a message is unreadable, not a crash.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(raw)))
        .unwrap_or(Err(ReplyError::Unreadable))
}

fn read(raw: &[u8]) -> Result<Incoming, ReplyError> {
    let message = MessageParser::default()
        .parse(raw)
        .ok_or(ReplyError::Unreadable)?;
    if message.headers().is_empty() {
        return Err(ReplyError::Unreadable);
    }
    let subject = message.subject().unwrap_or_default().trim().to_owned();
    let from = message.from().and_then(|a| a.first());
    let from_address = from.and_then(|a| a.address()).map(str::to_owned);
    let from_name = from.and_then(|a| a.name()).map(str::to_owned);
    let date = message
        .date()
        .and_then(|d| Utc.timestamp_opt(d.to_timestamp(), 0).single());
    let text = message
        .body_text(0)
        .map(|t| t.into_owned())
        .unwrap_or_default();
    // What VRAA wrote now, not the quote of our own request below it.
    let new_text = without_quote(&text);
    let kind = classify(&message, &subject, from_address.as_deref(), &new_text);
    let files = if matches!(kind, IncomingKind::Bounce { .. }) {
        Vec::new()
    } else {
        message
            .attachments()
            .filter(|part| !part.is_message())
            .map(|part| IncomingFile {
                file_name: part
                    .attachment_name()
                    .map(str::to_owned)
                    .unwrap_or_else(|| "pielikums.bin".to_owned()),
                content_type: part
                    .content_type()
                    .map(|ct| match ct.subtype() {
                        Some(sub) => format!("{}/{}", ct.ctype(), sub),
                        None => ct.ctype().to_owned(),
                    })
                    .unwrap_or_else(|| "application/octet-stream".to_owned())
                    .to_lowercase(),
                bytes: part.contents().to_vec(),
            })
            .collect()
    };
    Ok(Incoming {
        message_id: message
            .message_id()
            .map(clean_id)
            .filter(|id| !id.is_empty()),
        in_reply_to: ids(message.in_reply_to()),
        references: ids(message.references()),
        subject,
        from_address,
        from_name,
        date,
        kind,
        text: new_text,
        files,
    })
}

fn header_text(message: &mail_parser::Message<'_>, name: &str) -> String {
    message
        .header_raw(name)
        .unwrap_or_default()
        .trim()
        .to_lowercase()
}

fn classify(
    message: &mail_parser::Message<'_>,
    subject: &str,
    from: Option<&str>,
    text: &str,
) -> IncomingKind {
    let content_type = message
        .content_type()
        .map(|ct| {
            format!(
                "{}/{} {}",
                ct.ctype(),
                ct.subtype().unwrap_or_default(),
                ct.attribute("report-type").unwrap_or_default()
            )
        })
        .unwrap_or_default()
        .to_lowercase();
    let from = from.unwrap_or_default().to_lowercase();
    let subject_lower = subject.to_lowercase();
    let is_report =
        content_type.starts_with("multipart/report") && content_type.contains("delivery-status");
    let from_daemon = from.starts_with("mailer-daemon@") || from.starts_with("postmaster@");
    let bounce_subject = [
        "undeliverable",
        "delivery status notification",
        "returned mail",
        "nepiegādāts",
        "failure notice",
    ]
    .iter()
    .any(|s| subject_lower.contains(s));
    if is_report || (from_daemon && bounce_subject) {
        return IncomingKind::Bounce {
            original_message_id: bounced_message_id(message),
            diagnostic: bounce_diagnostic(message, text),
        };
    }
    let auto_submitted = header_text(message, "Auto-Submitted");
    let automatic = (!auto_submitted.is_empty() && auto_submitted != "no")
        || !header_text(message, "X-Autoreply").is_empty()
        || !header_text(message, "X-Autorespond").is_empty()
        || matches!(
            header_text(message, "Precedence").as_str(),
            "auto_reply" | "bulk" | "junk"
        );
    let lower = format!("{subject_lower}\n{}", text.to_lowercase());
    let registered = [
        "reģistrēts",
        "reģistrēta",
        "piereģistrēts",
        "has been registered",
        "registered as",
        "is registered",
    ]
    .iter()
    .any(|s| lower.contains(s));
    let away = [
        "out of office",
        "automatic reply",
        "automātiskā atbilde",
        "prombūtnē",
        "atvaļinājumā",
        "autoreply",
    ]
    .iter()
    .any(|s| lower.contains(s));
    match (automatic, registered, away) {
        (_, _, true) => IncomingKind::AutoReply,
        (_, true, false) => IncomingKind::Acknowledgement,
        (true, false, false) => IncomingKind::AutoReply,
        (false, false, false) => IncomingKind::Reply,
    }
}

/// The Message-ID of the message a delivery report is about: from its
/// returned headers, else from the report's own threading headers.
fn bounced_message_id(message: &mail_parser::Message<'_>) -> Option<String> {
    for part in message.parts.iter() {
        if let Some(inner) = part.message() {
            if let Some(id) = inner.message_id() {
                return Some(clean_id(id));
            }
        }
        let is_headers = part.content_type().is_some_and(|ct| {
            ct.ctype().eq_ignore_ascii_case("text")
                && ct
                    .subtype()
                    .is_some_and(|s| s.eq_ignore_ascii_case("rfc822-headers"))
        });
        if is_headers {
            if let Some(inner) = MessageParser::default().parse_headers(part.contents()) {
                if let Some(id) = inner.message_id() {
                    return Some(clean_id(id));
                }
            }
        }
    }
    ids(message.in_reply_to())
        .into_iter()
        .next()
        .or_else(|| ids(message.references()).into_iter().last())
}

/// The server's reason (`Diagnostic-Code` or `Status` of the report), else
/// the first lines of the report's text.
fn bounce_diagnostic(message: &mail_parser::Message<'_>, text: &str) -> String {
    for part in message.parts.iter() {
        let is_status = part.content_type().is_some_and(|ct| {
            ct.ctype().eq_ignore_ascii_case("message")
                && ct
                    .subtype()
                    .is_some_and(|s| s.eq_ignore_ascii_case("delivery-status"))
        });
        if is_status {
            let status = String::from_utf8_lossy(part.contents());
            let lines: Vec<&str> = status
                .lines()
                .filter(|l| {
                    let l = l.to_ascii_lowercase();
                    l.starts_with("diagnostic-code:") || l.starts_with("status:")
                })
                .collect();
            if !lines.is_empty() {
                return lines.join("; ");
            }
        }
    }
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(500)
        .collect()
}

/// The text without the quoted earlier mail (`>` lines, and everything after
/// an Outlook or Gmail quote header).
fn without_quote(text: &str) -> String {
    let mut kept = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        let lower = trimmed.to_lowercase();
        let quote_header = lower.starts_with("-----original message-----")
            || lower.starts_with("-----sākotnējā ziņa-----")
            || lower.starts_with("________________________________")
            || (lower.starts_with("from:")
                && kept.iter().any(|l: &&str| l.trim().is_empty())
                && lower.contains('@'))
            || (lower.starts_with("no:") && lower.contains('@'))
            || ((lower.starts_with("on ") && lower.ends_with("wrote:"))
                || lower.ends_with("rakstīja:"));
        if quote_header {
            break;
        }
        if trimmed.starts_with('>') {
            continue;
        }
        kept.push(line);
    }
    let text = kept.join("\n");
    let text = text.trim();
    if text.is_empty() {
        // A reply that is all quote: keep what there is rather than nothing.
        return String::new();
    }
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(headers: &str, body: &str) -> Vec<u8> {
        format!("{headers}\r\n\r\n{body}")
            .replace("\r\n", "\n")
            .replace('\n', "\r\n")
            .into_bytes()
    }

    #[test]
    fn a_staff_reply_threads_and_loses_its_quote() {
        let raw = mail(
            "From: Anna Kalniņa <anna.kalnina@vraa.gov.lv>\nTo: janis@iestade.gov.lv\nSubject: RE: Licences piešķiršana: Jauns darbinieks [VD-ABC] [VRAA-2026-000123]\nMessage-ID: <staff.1@vraa.gov.lv>\nIn-Reply-To: <vraa-desk.k1@iestade.gov.lv>\nReferences: <vraa-desk.k1@iestade.gov.lv> <ack.1@vraa.gov.lv>\nDate: Mon, 23 Nov 2026 10:15:00 +0200\nContent-Type: text/plain; charset=utf-8",
            "Labdien!\nLūdzam precizēt darbinieka amatu.\n\nAr cieņu, Anna\n\n> Labdien!\n> Lūdzam reģistrēt šādu pieteikumu.",
        );
        let m = parse(&raw).unwrap();
        assert_eq!(m.kind, IncomingKind::Reply);
        assert_eq!(m.message_id.as_deref(), Some("staff.1@vraa.gov.lv"));
        assert_eq!(
            m.thread_keys(),
            vec![
                "vraa-desk.k1@iestade.gov.lv".to_owned(),
                "ack.1@vraa.gov.lv".to_owned()
            ]
        );
        assert!(m.asks_for_something());
        assert!(!m.text.contains('>'), "{}", m.text);
        assert!(m.text.ends_with("Ar cieņu, Anna"));
        assert_eq!(m.date.unwrap().to_rfc3339(), "2026-11-23T08:15:00+00:00");
        assert_eq!(m.from_name.as_deref(), Some("Anna Kalniņa"));
    }

    #[test]
    fn acknowledgements_and_auto_replies_are_told_apart() {
        let ack = mail(
            "From: IT@vraa.gov.lv\nSubject: Pieteikums reģistrēts: VRAA-2026-000123 [VD-ABC]\nAuto-Submitted: auto-replied\nMessage-ID: <ack.1@vraa.gov.lv>",
            "Jūsu pieteikums ir reģistrēts ar numuru VRAA-2026-000123.",
        );
        assert_eq!(parse(&ack).unwrap().kind, IncomingKind::Acknowledgement);
        let away = mail(
            "From: anna.kalnina@vraa.gov.lv\nSubject: Automatic reply: Licences piešķiršana [VD-ABC]\nAuto-Submitted: auto-replied",
            "Esmu atvaļinājumā līdz 30.11.2026.",
        );
        assert_eq!(parse(&away).unwrap().kind, IncomingKind::AutoReply);
        let plain_auto = mail(
            "From: noreply@vraa.gov.lv\nSubject: Paziņojums\nAuto-Submitted: auto-generated",
            "Teksts.",
        );
        assert_eq!(parse(&plain_auto).unwrap().kind, IncomingKind::AutoReply);
    }

    #[test]
    fn a_delivery_report_names_the_undelivered_message() {
        let raw = mail(
            "From: Mail Delivery System <MAILER-DAEMON@iestade.gov.lv>\nTo: janis@iestade.gov.lv\nSubject: Undelivered Mail Returned to Sender\nMessage-ID: <dsn.1@iestade.gov.lv>\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"",
            "--b1\nContent-Type: text/plain\n\nThe message could not be delivered.\n--b1\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.iestade.gov.lv\n\nFinal-Recipient: rfc822; it@vraa.gov.lv\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 mailbox unavailable\n--b1\nContent-Type: text/rfc822-headers\n\nMessage-ID: <vraa-desk.k9@iestade.gov.lv>\nSubject: x\n--b1--\n",
        );
        match parse(&raw).unwrap().kind {
            IncomingKind::Bounce {
                original_message_id,
                diagnostic,
            } => {
                assert_eq!(
                    original_message_id.as_deref(),
                    Some("vraa-desk.k9@iestade.gov.lv")
                );
                assert!(diagnostic.contains("550 5.1.1"), "{diagnostic}");
            }
            other => panic!("not a bounce: {other:?}"),
        }
    }

    #[test]
    fn baltic_charsets_utf7_and_broken_encoded_words_are_read() {
        // "Pieteikums reģistrēts" in Windows-1257, in ISO-8859-13, and in UTF-7.
        let cp1257 = [&b"Subject: =?windows-1257?Q?Pieteikums_re=ECistr=E7ts?=\r\nContent-Type: text/plain; charset=windows-1257\r\n\r\n"[..], b"\xd0is ir teksts ar \xe7 un \xfe."].concat();
        let m = parse(&cp1257).unwrap();
        assert_eq!(m.subject, "Pieteikums reģistrēts");
        assert_eq!(m.text, "Šis ir teksts ar ē un ž.");
        let iso = b"Subject: =?iso-8859-13?Q?Atbilde_=E7?=\r\n\r\nx".to_vec();
        assert_eq!(parse(&iso).unwrap().subject, "Atbilde ē");
        let utf7 = b"Subject: =?utf-7?Q?Atbilde_+ARM-?=\r\n\r\nx".to_vec();
        assert_eq!(parse(&utf7).unwrap().subject, "Atbilde ē");
        // An encoded word split over a folded line stays one subject.
        let folded =
            b"Subject: =?utf-8?Q?Licences_pie=C5=A1?=\r\n =?utf-8?Q?=C4=B7ir=C5=A1ana?=\r\n\r\nx"
                .to_vec();
        assert_eq!(parse(&folded).unwrap().subject, "Licences piešķiršana");
    }

    #[test]
    fn html_only_mail_becomes_text_and_scripts_do_not_survive() {
        let raw = mail(
            "From: anna@vraa.gov.lv\nSubject: Re: x\nContent-Type: text/html; charset=utf-8",
            "<html><body><p>Labdien,</p><script>alert('x')</script><p>gatavs.</p></body></html>",
        );
        let m = parse(&raw).unwrap();
        assert!(m.text.contains("Labdien"), "{}", m.text);
        assert!(
            !m.text.contains("<script>") && !m.text.contains("<p>"),
            "{}",
            m.text
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The reply reader takes any bytes (the fuzz target in `fuzz/` does
        /// the same with coverage guidance).
        #[test]
        fn any_bytes_are_read_or_refused_never_a_panic(raw in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2048)) {
            let _ = parse(&raw);
        }

        /// Mail-shaped input: headers and MIME structure with random parts.
        #[test]
        fn mail_shaped_input_never_panics(
            subject in "[ -~ąčēģīķļņšūž=?]{0,80}",
            boundary in "[a-z0-9]{1,10}",
            body in "[ -~\r\n]{0,400}",
            charset in proptest::prop_oneof!["utf-8", "windows-1257", "iso-8859-13", "utf-7", "x-unknown"],
        ) {
            let raw = format!(
                "Subject: {subject}\r\nContent-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n--{boundary}\r\nContent-Type: text/plain; charset={charset}\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{body}\r\n--{boundary}\r\nContent-Type: application/pdf; name=\"{subject}.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{body}\r\n--{boundary}--"
            );
            let _ = parse(raw.as_bytes());
        }
    }

    #[test]
    fn garbage_is_an_error_or_a_message_never_a_panic() {
        assert_eq!(parse(b""), Err(ReplyError::Unreadable));
        for raw in [
            &b"\xff\xfe\x00garbage"[..],
            b"Content-Type: multipart/mixed; boundary=\"x\"\r\n\r\n--x\r\nContent-Type: text/plain\r\n",
            b"Subject: =?utf-8?B?!!!?=\r\n\r\n",
        ] {
            let _ = parse(raw);
        }
    }
}
