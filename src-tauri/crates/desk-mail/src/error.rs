//! What can go wrong on the mail channel, in words for the user, and how
//! the sync engine is to treat it (the same [`CallError`] sorting as the API).

use desk_core::api::{Problem, ProblemCode};
use desk_sync::CallError;

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("pasta serveris {server} nav sasniedzams: {detail} / the mail server {server} cannot be reached: {detail}")]
    Unreachable { server: String, detail: String },
    #[error("savienojums ar pasta serveri {server} pārtrūka: {detail} / the connection to the mail server {server} was lost: {detail}")]
    Lost { server: String, detail: String },
    #[error("pasta serveris {server} neatbildēja laikā / the mail server {server} did not answer in time")]
    Timeout { server: String },
    #[error("pasta serveris {server} atteica pieteikšanos (parole nepareiza vai beigusies): {detail} / the mail server {server} refused the sign-in (wrong or expired password): {detail}")]
    SignIn { server: String, detail: String },
    #[error("drošs savienojums (TLS) ar {server} neizdevās; pārbaudiet servera nosaukumu, portu, TLS veidu un CA failu: {detail} / the secure connection (TLS) to {server} failed; check the server name, port, TLS mode and CA file: {detail}")]
    Tls { server: String, detail: String },
    #[error("pasta serveris {server} nepiedāvā STARTTLS, bet iestatījumi to prasa / the mail server {server} does not offer STARTTLS, which the settings require")]
    NoStartTls { server: String },
    #[error(
        "CA failu {path} nevar izmantot: {detail} / the CA file {path} cannot be used: {detail}"
    )]
    CaFile { path: String, detail: String },
    #[error("pasta serveris {server} īslaicīgi atteica ({code}): {detail} / the mail server {server} refused for now ({code}): {detail}")]
    Transient {
        server: String,
        code: u16,
        detail: String,
    },
    #[error("pasta serveris {server} atteica vēstuli ({code}): {detail} / the mail server {server} refused the message ({code}): {detail}")]
    Refused {
        server: String,
        code: u16,
        detail: String,
    },
    #[error("pastkastē nav mapes “{folder}” / the mailbox has no folder “{folder}”")]
    NoFolder { folder: String },
    #[error("pasta servera {server} atbilde nav saprotama: {detail} / the answer of the mail server {server} cannot be understood: {detail}")]
    Protocol { server: String, detail: String },
    #[error("pasta serveris {server} nepieņēma Microsoft pierakstīšanos arī ar jaunu piekļuves pilnvaru; VRAA jāatļauj šai pastkastei IMAP un SMTP AUTH: {detail} / the mail server {server} did not accept the Microsoft sign-in even with a new access token; VRAA must allow IMAP and SMTP AUTH for this mailbox: {detail}")]
    TokenRefused { server: String, detail: String },
    #[error(transparent)]
    OAuth(desk_oauth::OAuthError),
    #[error("nav e-pasta paroles; ievadiet to iestatījumos / there is no e-mail password; enter it in Settings")]
    NoPassword,
    #[error("vēstuli nevar sagatavot: {0} / the message cannot be prepared: {0}")]
    Compose(String),
}

impl MailError {
    /// The engine's view: retry, stop the run, or park the row.
    pub fn into_call_error(self) -> CallError {
        let text = self.to_string();
        match self {
            MailError::Unreachable { .. } => CallError::Unreachable(text),
            MailError::Lost { .. } | MailError::Timeout { .. } => CallError::Lost(text),
            MailError::SignIn { detail, .. } => CallError::SignInRefused(detail),
            MailError::NoPassword => CallError::SignInRefused(text),
            MailError::TokenRefused { .. } => CallError::Unusable(text),
            MailError::OAuth(e) => crate::credentials::oauth_call_error(e),
            MailError::Tls { .. }
            | MailError::NoStartTls { .. }
            | MailError::CaFile { .. }
            | MailError::NoFolder { .. } => CallError::Unusable(text),
            MailError::Transient { code, .. } => {
                // The server's own words, not an HTTP status, reach the user.
                let (lv, en) = text
                    .split_once(" / ")
                    .unwrap_or((text.as_str(), text.as_str()));
                let problem = worded_problem(lv, en, 503, ProblemCode::ServiceUnavailable);
                CallError::Transient {
                    status: code,
                    retry_after: None,
                    problem: Some(Box::new(problem)),
                }
            }
            MailError::Protocol { .. } => CallError::Lost(text),
            MailError::Refused { code, detail, .. } => {
                CallError::Rejected(Box::new(refused_problem(code, &detail)))
            }
            MailError::Compose(detail) => {
                CallError::Rejected(Box::new(refused_problem(0, &detail)))
            }
        }
    }
}

/// A problem whose words are the whole message, in both languages.
pub fn worded_problem(lv: &str, en: &str, status: u16, code: ProblemCode) -> Problem {
    Problem {
        type_uri: "about:blank".into(),
        title: en.to_owned(),
        title_lv: lv.to_owned(),
        status,
        detail: en.to_owned(),
        detail_lv: lv.to_owned(),
        code,
        instance: None,
        errors: Vec::new(),
    }
}

/// A message the server will not take, worded like VRAA's problems so that
/// the Outbox shows it the same way (fix and retry, or discard).
pub fn refused_problem(code: u16, detail: &str) -> Problem {
    Problem {
        type_uri: "about:blank".into(),
        title: "The mail server refused the message".into(),
        title_lv: "Pasta serveris atteica vēstuli".into(),
        status: 422,
        detail: format!("The mail server answered {code}: {detail}"),
        detail_lv: format!("Pasta serveris atbildēja {code}: {detail}"),
        code: ProblemCode::ValidationFailed,
        instance: None,
        errors: Vec::new(),
    }
}

/// A delivery failure reported later by mail (a bounce), for the Outbox.
pub fn bounce_problem(diagnostic: &str) -> Problem {
    Problem {
        type_uri: "about:blank".into(),
        title: "The message did not reach VRAA".into(),
        title_lv: "Vēstule nesasniedza VRAA".into(),
        status: 422,
        detail: format!("The mail system returned it: {diagnostic}. Check VRAA's address in Settings, then retry."),
        detail_lv: format!("Pasta sistēma to atgrieza: {diagnostic}. Pārbaudiet VRAA adresi iestatījumos un mēģiniet vēlreiz."),
        code: ProblemCode::ValidationFailed,
        instance: None,
        errors: Vec::new(),
    }
}
