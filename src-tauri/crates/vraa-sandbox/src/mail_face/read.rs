//! Reading one message from VRAA's mailbox (mail-parser): who wrote it, what
//! it threads to, whether it is automatic, its request payload, its files and
//! what it asks VRAA to do.
//!
//! Mail is untrusted input: nothing here panics on broken MIME or any charset;
//! a message that cannot be read at all is `None` for the caller, who skips it.

use desk_core::api::CustomerAction;
use mail_parser::{HeaderValue, MessageParser, MimeHeaders};
use sha2::{Digest, Sha256};

/// The name of the part that carries the API's create payload (what the app
/// attaches to every request mail).
pub const PAYLOAD_NAME: &str = "pieteikums.json";

/// A file in a received message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailFile {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// One message from the mailbox, as far as the face needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    /// The Message-ID without angle brackets; else a hash of the raw bytes,
    /// so a message without one is still handled once.
    pub key: String,
    /// Whether `key` is the message's own Message-ID (only then can replies
    /// thread to it).
    pub has_message_id: bool,
    pub in_reply_to: Vec<String>,
    /// Oldest first, as in the header.
    pub references: Vec<String>,
    pub subject: String,
    /// Lower case.
    pub from_address: Option<String>,
    /// Out-of-office answers, acknowledgements, delivery reports, lists:
    /// never answered and never filed (that is what keeps mail loops away).
    pub automatic: bool,
    /// The new text: plain text (from HTML if need be) without the quote.
    pub text: String,
    /// The `pieteikums.json` part, when there is one.
    pub payload: Option<Vec<u8>>,
    /// Every other attached file.
    pub files: Vec<MailFile>,
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
}

/// A Message-ID as stored: no angle brackets or spaces.
pub fn clean_id(id: &str) -> String {
    id.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim()
        .to_owned()
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

fn header_text(message: &mail_parser::Message<'_>, name: &str) -> String {
    message
        .header_raw(name)
        .unwrap_or_default()
        .trim()
        .to_lowercase()
}

/// Whether the message was sent by a program rather than a person
/// (RFC 3834 and the headers mail systems use in its place).
fn is_automatic(message: &mail_parser::Message<'_>, from: Option<&str>) -> bool {
    let auto_submitted = header_text(message, "Auto-Submitted");
    let auto_submitted = auto_submitted.split(';').next().unwrap_or_default().trim();
    let report = message.content_type().is_some_and(|ct| {
        ct.ctype().eq_ignore_ascii_case("multipart")
            && ct
                .subtype()
                .is_some_and(|s| s.eq_ignore_ascii_case("report"))
    });
    let daemon = from.is_some_and(|f| {
        let local = f.split('@').next().unwrap_or_default();
        local == "mailer-daemon" || local == "postmaster"
    });
    (!auto_submitted.is_empty() && auto_submitted != "no")
        || !header_text(message, "X-Autoreply").is_empty()
        || !header_text(message, "X-Autorespond").is_empty()
        || matches!(
            header_text(message, "Precedence").as_str(),
            "auto_reply" | "bulk" | "junk" | "list"
        )
        || !header_text(message, "List-Id").is_empty()
        || report
        || daemon
}

/// Reads a raw message; `None` when it is not mail at all.
pub fn parse(raw: &[u8]) -> Option<Incoming> {
    let message = MessageParser::default().parse(raw)?;
    if message.headers().is_empty() {
        return None;
    }
    let subject = message.subject().unwrap_or_default().trim().to_owned();
    let from_address = message
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .map(|a| a.trim().to_lowercase());
    let automatic = is_automatic(&message, from_address.as_deref());
    let text = message
        .body_text(0)
        .map(|t| t.into_owned())
        .unwrap_or_default();
    let mut payload = None;
    let mut files = Vec::new();
    for part in message.attachments() {
        if part.is_message() {
            continue;
        }
        let content_type = part
            .content_type()
            .map(|ct| match ct.subtype() {
                Some(sub) => format!("{}/{}", ct.ctype(), sub),
                None => ct.ctype().to_owned(),
            })
            .unwrap_or_else(|| "application/octet-stream".to_owned())
            .to_lowercase();
        let file_name = part
            .attachment_name()
            .map(str::to_owned)
            .unwrap_or_else(|| "pielikums.bin".to_owned());
        if payload.is_none()
            && file_name.eq_ignore_ascii_case(PAYLOAD_NAME)
            && content_type == "application/json"
        {
            payload = Some(part.contents().to_vec());
            continue;
        }
        files.push(MailFile {
            file_name,
            content_type,
            bytes: part.contents().to_vec(),
        });
    }
    let own_id = message
        .message_id()
        .map(clean_id)
        .filter(|id| !id.is_empty());
    Some(Incoming {
        has_message_id: own_id.is_some(),
        key: own_id.unwrap_or_else(|| format!("sha256:{}", hex::encode(Sha256::digest(raw)))),
        in_reply_to: ids(message.in_reply_to()),
        references: ids(message.references()),
        subject,
        from_address,
        automatic,
        text: without_quote(&text),
        payload,
        files,
    })
}

/// The new text of a reply: everything above the quoted earlier mail.
pub fn without_quote(text: &str) -> String {
    let mut kept: Vec<&str> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('>') {
            break;
        }
        // The lines mail programs put above a quote.
        let lower = trimmed.to_lowercase();
        if lower.starts_with("-----original message")
            || lower.starts_with("-----sākotnējā ziņa")
            || (lower.starts_with("on ") && lower.ends_with("wrote:"))
            || lower.ends_with("rakstīja:")
        {
            break;
        }
        kept.push(line);
    }
    kept.join("\n").trim().to_owned()
}

/// VRAA's reference (`VRAA-2026-000123`) in a text, as the sandbox writes it.
pub fn find_reference(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(pos) = text[from..].find("VRAA-") {
        let start = from + pos;
        let rest = &bytes[start + 5..];
        let year = rest.len() >= 5 && rest[..4].iter().all(u8::is_ascii_digit) && rest[4] == b'-';
        if year {
            let digits = rest[5..].iter().take_while(|b| b.is_ascii_digit()).count();
            if digits >= 6 {
                return Some(&text[start..start + 5 + 5 + digits]);
            }
        }
        from = start + 5;
    }
    None
}

/// What a follow-up asks VRAA to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FollowUp {
    /// A comment (a person's reply, or the app's "Komentārs").
    Comment(String),
    /// One of the API's customer actions, with its comment.
    Action(CustomerAction, Option<String>),
    /// A rating, 1–5.
    Rate(u8, Option<String>),
    /// Nothing but files ("Papildu fails").
    FilesOnly,
}

/// The labels of the rows the app puts under every follow-up (its
/// signature block): a row's multi-line value ends where one of them starts.
const SIGNATURE_LABELS: [&str; 6] = [
    "Pieteikums:",
    "Iestāde:",
    "Kontaktpersona:",
    "E-pasts:",
    "Līguma numurs:",
    "Pievienots fails:",
];

/// The value of the row `label` (`Label: value`, or `Label:` and the value
/// on the lines below) in the app's follow-up text.
fn row(text: &str, label: &str) -> Option<String> {
    let prefix = format!("{label}:");
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(rest) = line.trim_start().strip_prefix(&prefix) else {
            continue;
        };
        if !rest.trim().is_empty() {
            return Some(rest.trim().to_owned());
        }
        let value: Vec<&str> = lines
            .by_ref()
            .take_while(|l| {
                !SIGNATURE_LABELS
                    .iter()
                    .any(|s| l.trim_start().starts_with(s))
            })
            .collect();
        let value = value.join("\n").trim().to_owned();
        return (!value.is_empty()).then_some(value);
    }
    None
}

/// A person's own words: the reply without greeting and our signature block.
fn free_text(text: &str) -> String {
    let body: Vec<&str> = text
        .lines()
        .take_while(|l| {
            !SIGNATURE_LABELS
                .iter()
                .any(|s| l.trim_start().starts_with(s))
        })
        .collect();
    body.join("\n").trim().to_owned()
}

/// What the follow-up's text asks for. The app writes the action as the
/// first sentence (`Lūdzam atcelt pieteikumu.`, …) and the details as rows;
/// a person replying by hand writes a comment.
pub fn follow_up(text: &str, has_files: bool) -> FollowUp {
    let lower = text.to_lowercase();
    let comment = row(text, "Komentārs");
    if lower.contains("lūdzam atcelt pieteikumu") {
        return FollowUp::Action(CustomerAction::Cancel, comment);
    }
    if lower.contains("apstiprinām, ka pieteikums ir atrisināts") {
        return FollowUp::Action(CustomerAction::ConfirmResolution, comment);
    }
    if lower.contains("lūdzam atsākt pieteikuma izpildi") {
        let reason = row(text, "Iemesls")
            .or(comment)
            .unwrap_or_else(|| free_text(text));
        return FollowUp::Action(CustomerAction::Reopen, Some(reason));
    }
    if lower.contains("papildu informācija") {
        let info = row(text, "Informācija").unwrap_or_else(|| free_text(text));
        return FollowUp::Action(CustomerAction::ProvideInformation, Some(info));
    }
    if let Some(score) = row(text, "Vērtējums").and_then(|v| {
        v.split_whitespace()
            .next()
            .and_then(|n| n.parse::<u8>().ok())
    }) {
        return FollowUp::Rate(score, comment);
    }
    if let Some(comment) = comment {
        return FollowUp::Comment(comment);
    }
    if lower.contains("papildu fails") && has_files {
        return FollowUp::FilesOnly;
    }
    let own = free_text(text);
    if own.is_empty() && has_files {
        return FollowUp::FilesOnly;
    }
    FollowUp::Comment(own)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_found_in_subjects() {
        assert_eq!(
            find_reference("RE: Licence [VRAA-2026-000123] [VD-ABC]"),
            Some("VRAA-2026-000123")
        );
        assert_eq!(find_reference("VRAA-26-1 VRAA-2026-12"), None);
    }

    #[test]
    fn the_apps_follow_ups_are_read_as_their_actions() {
        let cancel = "Labdien!\n\nLūdzam atcelt pieteikumu.\n\nKomentārs: vairs nevajag\nPieteikums: VRAA-2026-000001 (VD-A)\nIestāde: X";
        assert_eq!(
            follow_up(cancel, false),
            FollowUp::Action(CustomerAction::Cancel, Some("vairs nevajag".into()))
        );
        let info = "Labdien!\n\nPapildu informācija.\n\nInformācija:\nAmats: vecākais referents\notrā rinda\nPieteikums: VD-A";
        assert_eq!(
            follow_up(info, false),
            FollowUp::Action(
                CustomerAction::ProvideInformation,
                Some("Amats: vecākais referents\notrā rinda".into())
            )
        );
        let rate = "Labdien!\n\nNovērtējums.\n\nVērtējums: 4 no 5\nPieteikums: VD-A";
        assert_eq!(follow_up(rate, false), FollowUp::Rate(4, None));
        let comment = "Labdien!\n\nKomentārs.\n\nKomentārs: Lūdzu, paātriniet.\nPieteikums: VD-A";
        assert_eq!(
            follow_up(comment, false),
            FollowUp::Comment("Lūdzu, paātriniet.".into())
        );
        assert_eq!(
            follow_up(
                "Labdien!\n\nPapildu fails.\n\nPievienots fails: a.pdf",
                true
            ),
            FollowUp::FilesOnly
        );
    }

    #[test]
    fn a_hand_written_reply_is_a_comment_without_the_quote() {
        let text = "Paldies, gaidīsim.\n\nOn Mon, 1 Jun 2026, VRAA wrote:\n> Labdien!";
        assert_eq!(
            follow_up(&without_quote(text), false),
            FollowUp::Comment("Paldies, gaidīsim.".into())
        );
    }
}
