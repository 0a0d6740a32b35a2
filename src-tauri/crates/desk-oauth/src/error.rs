//! What can go wrong in a Microsoft sign-in, worded for the person at the
//! screen (`<Latvian> / <English>`, as the sync engine words its errors) and
//! with a stable code for the UI.

use oauth2::{ErrorResponseType, HttpClientError, RequestTokenError, StandardErrorResponse};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OAuthError {
    #[error("pierakstīšanās pakalpojums {url} nav sasniedzams: {detail} / the sign-in service {url} cannot be reached: {detail}")]
    Unreachable { url: String, detail: String },
    #[error("pierakstīšanās pakalpojums nepazīst direktoriju (tenant) “{tenant}”; pārbaudiet to iestatījumos: {detail} / the sign-in service does not know the directory (tenant) “{tenant}”; check it in Settings: {detail}")]
    UnknownTenant { tenant: String, detail: String },
    #[error("adresē {url} atbildēja kaut kas, kas nav OAuth pierakstīšanās pakalpojums (piemēram, tīmekļa lapa vai starpniekserveris): {detail} / the answer from {url} is not from an OAuth sign-in service (a web page or a proxy, say): {detail}")]
    NotOAuth { url: String, detail: String },
    #[error("pierakstīšanās pakalpojums atteica ({code}): {description}. Pārbaudiet lietotnes (client) ID un direktoriju iestatījumos / the sign-in service refused ({code}): {description}. Check the application (client) id and the directory in Settings")]
    Refused { code: String, description: String },
    #[error("pierakstīšanās pārlūkā tika atcelta ({code}){}; nekas nav mainīts / the sign-in was cancelled in the browser ({code}){}; nothing was changed", description_suffix(.description), description_suffix(.description))]
    CancelledInBrowser { code: String, description: String },
    #[error("pierakstīšanās tika pārtraukta lietotnē / the sign-in was stopped in the app")]
    Abandoned,
    #[error("pārlūks neatgriezās {minutes} minūšu laikā; sāciet pierakstīšanos vēlreiz / the browser did not come back within {minutes} minutes; start the sign-in again")]
    TimedOut { minutes: u64 },
    #[error("Microsoft pierakstīšanās ir beigusies vai atsaukta; pierakstieties vēlreiz. Rindā gaidošais netiek zaudēts: {0} / the Microsoft sign-in has ended or was revoked; sign in again. Nothing queued is lost: {0}")]
    SignInAgain(String),
    #[error("pierakstīšanās nedeva pasta atļaujas {}; VRAA (direktorija administratoram) tās jāpiešķir lietotnei / the sign-in did not grant the mail permissions {}; VRAA (the directory's administrator) must grant them to the app", .missing.join(", "), .missing.join(", "))]
    MissingScopes { missing: Vec<String> },
    #[error(
        "nav Microsoft pierakstīšanās; pierakstieties / there is no Microsoft sign-in; sign in"
    )]
    NotSignedIn,
    #[error("šajā datorā nevar atvērt vietu, kur pārlūks atgriežas pēc pierakstīšanās: {0} / this computer cannot open the place the browser returns to after the sign-in: {0}")]
    Listener(String),
    #[error("pierakstīšanos ar kodu citā ierīcē iestāde nav atļāvusi / the institution has not allowed the sign-in with a code on another device")]
    DeviceCodeNotAllowed,
    #[error("pierakstīšanās pakalpojums nepiedāvā pierakstīšanos ar kodu / the sign-in service offers no sign-in with a code")]
    NoDeviceCode,
    #[error("kods citai ierīcei ir beidzies; sāciet pierakstīšanos vēlreiz / the code for the other device has expired; start the sign-in again")]
    DeviceCodeExpired,
    #[error("pierakstīšanos nevar saglabāt operētājsistēmas paroļu glabātuvē: {0} / the sign-in cannot be kept in the OS credential store: {0}")]
    Keeper(String),
}

fn description_suffix(description: &str) -> String {
    if description.is_empty() {
        String::new()
    } else {
        format!(": {description}")
    }
}

impl OAuthError {
    /// Stable code for the UI's dictionary.
    pub fn code(&self) -> &'static str {
        match self {
            OAuthError::Unreachable { .. } => "oauthUnreachable",
            OAuthError::UnknownTenant { .. } => "oauthUnknownTenant",
            OAuthError::NotOAuth { .. } => "oauthNotOAuth",
            OAuthError::Refused { .. } => "oauthRefused",
            OAuthError::CancelledInBrowser { .. } => "oauthCancelled",
            OAuthError::Abandoned => "oauthAbandoned",
            OAuthError::TimedOut { .. } => "oauthTimedOut",
            OAuthError::SignInAgain(_) => "oauthSignInAgain",
            OAuthError::MissingScopes { .. } => "oauthMissingScopes",
            OAuthError::NotSignedIn => "oauthNotSignedIn",
            OAuthError::Listener(_) => "oauthListener",
            OAuthError::DeviceCodeNotAllowed => "oauthDeviceCodeNotAllowed",
            OAuthError::NoDeviceCode => "oauthNoDeviceCode",
            OAuthError::DeviceCodeExpired => "oauthDeviceCodeExpired",
            OAuthError::Keeper(_) => "keyringUnavailable",
        }
    }

    /// Whether nothing but a new sign-in helps (the refresh token is gone).
    pub fn needs_sign_in(&self) -> bool {
        matches!(self, OAuthError::SignInAgain(_) | OAuthError::NotSignedIn)
    }

    /// Whether a later attempt may succeed on its own (no network now).
    pub fn is_transient(&self) -> bool {
        matches!(self, OAuthError::Unreachable { .. })
    }
}

/// The token endpoint's answer sorted: the provider's own refusal (with its
/// words), no network, or something that is not OAuth at all (an HTML page).
pub(crate) fn token_error<T: ErrorResponseType + std::fmt::Display + 'static>(
    url: &str,
    error: RequestTokenError<HttpClientError<reqwest::Error>, StandardErrorResponse<T>>,
) -> OAuthError {
    match error {
        RequestTokenError::ServerResponse(answer) => {
            let code = answer.error().to_string();
            let description = answer.error_description().cloned().unwrap_or_default();
            match code.as_str() {
                // The refresh token (or the code) is no longer valid: revoked,
                // expired, or the user's password changed.
                "invalid_grant" => OAuthError::SignInAgain(if description.is_empty() {
                    code
                } else {
                    format!("{code}: {description}")
                }),
                // The user said no (on the device-code page, or in consent).
                "access_denied" | "authorization_declined" => {
                    OAuthError::CancelledInBrowser { code, description }
                }
                "expired_token" => OAuthError::DeviceCodeExpired,
                _ => OAuthError::Refused { code, description },
            }
        }
        RequestTokenError::Request(e) => OAuthError::Unreachable {
            url: url.to_owned(),
            detail: e.to_string(),
        },
        RequestTokenError::Parse(e, body) => OAuthError::NotOAuth {
            url: url.to_owned(),
            detail: format!("{e} ({})", body_start(&body)),
        },
        RequestTokenError::Other(detail) => OAuthError::NotOAuth {
            url: url.to_owned(),
            detail,
        },
    }
}

/// The first characters of an answer, for the detail of a message.
pub(crate) fn body_start(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut start: String = text.chars().take(80).collect();
    if text.chars().count() > 80 {
        start.push('…');
    }
    start.replace(['\r', '\n'], " ")
}
