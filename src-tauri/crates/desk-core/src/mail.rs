//! The e-mail connection: settings and their validation, and the names that
//! tie VRAA's mail to a request (our `[VD-…]` tag, VRAA's reference pattern).
//!
//! VRAA takes requests by e-mail to IT@vraa.gov.lv and publishes no reply
//! format, so its address and the shape of its reference numbers are data
//! the user (or the machine policy) can change, not constants.

use std::net::IpAddr;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// Where VRAA takes requests for concrete actions (DOMAIN.md, "Procedure").
pub const VRAA_ADDRESS_DEFAULT: &str = "IT@vraa.gov.lv";

/// VRAA's reference numbers as the sandbox writes them (`VRAA-2026-000123`).
/// VRAA's real system publishes no format: the pattern is editable.
pub const REFERENCE_PATTERN_DEFAULT: &str = r"VRAA-\d{4}-\d{6}";

/// How a connection to a mail server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum MailTls {
    /// TLS from the first byte (IMAPS 993, SMTPS 465).
    Implicit,
    /// Plain text upgraded with STARTTLS before anything is sent (143, 587).
    StartTls,
    /// No encryption: only to this computer (tests, a local bridge).
    Plain,
}

/// How the app signs in to the mailbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum MailSignIn {
    /// The mailbox password, kept in the OS keyring.
    Password,
    /// Microsoft 365 sign-in (OAuth 2.0, XOAUTH2).
    #[serde(rename = "oauth2")]
    OAuth2,
}

/// Microsoft's sign-in service (Entra ID); the discovery document of a
/// tenant is `<authority>/<tenant>/v2.0/.well-known/openid-configuration`.
pub const OAUTH_AUTHORITY_DEFAULT: &str = "https://login.microsoftonline.com";

/// Work and school accounts of any tenant, for an app registered as
/// multi-tenant; VRAA's machine policy names its own tenant.
pub const OAUTH_TENANT_DEFAULT: &str = "organizations";

/// Exchange Online's delegated permissions for IMAP and SMTP AUTH, and the
/// refresh token (`offline_access`) that spares a sign-in at every start.
pub const OAUTH_SCOPES_DEFAULT: [&str; 3] = [
    "https://outlook.office.com/IMAP.AccessAsUser.All",
    "https://outlook.office.com/SMTP.Send",
    "offline_access",
];

/// Microsoft 365 sign-in: which sign-in service, which directory, and which
/// app registration (VRAA registers it once for all institutions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct OAuthSettings {
    /// The sign-in service (`https://login.microsoftonline.com`).
    pub authority: String,
    /// The directory: a tenant id, a domain or `organizations`.
    pub tenant: String,
    /// The app registration's application (client) id.
    pub client_id: String,
    /// The permissions asked for.
    pub scopes: Vec<String>,
    /// Whether the device-code sign-in (a code typed on another device) is
    /// offered where the browser cannot return to this computer. Off unless
    /// the institution allows it: Microsoft advises blocking it where possible.
    pub device_code_allowed: bool,
}

impl Default for OAuthSettings {
    fn default() -> Self {
        OAuthSettings {
            authority: OAUTH_AUTHORITY_DEFAULT.to_owned(),
            tenant: OAUTH_TENANT_DEFAULT.to_owned(),
            client_id: String::new(),
            scopes: OAUTH_SCOPES_DEFAULT.map(str::to_owned).to_vec(),
            device_code_allowed: false,
        }
    }
}

impl OAuthSettings {
    /// The settings trimmed and checked, or the first problem found.
    pub fn validated(mut self) -> Result<Self, MailSettingsError> {
        self.authority = validate_authority(&self.authority)?;
        self.tenant = identifier(&self.tenant, "oauthTenant")?;
        self.client_id = identifier(&self.client_id, "oauthClientId")?;
        self.scopes = validate_scopes(&self.scopes)?;
        Ok(self)
    }

    /// Where the tenant's endpoints are published (OpenID Connect discovery).
    pub fn discovery_url(&self) -> String {
        format!(
            "{}/{}/v2.0/.well-known/openid-configuration",
            self.authority.trim_end_matches('/'),
            self.tenant
        )
    }

    /// The scopes asked for that name the mail servers (not `offline_access`,
    /// `openid`…): a token must carry every one of them.
    pub fn mail_scopes(&self) -> impl Iterator<Item = &str> {
        self.scopes
            .iter()
            .map(String::as_str)
            .filter(|s| is_mail_scope(s))
    }
}

/// A scope that names a resource (the mail servers), not one of OpenID
/// Connect's own (`offline_access`, `openid`…), which every provider grants.
fn is_mail_scope(scope: &str) -> bool {
    !matches!(scope, "offline_access" | "openid" | "profile" | "email")
}

/// The scopes as OAuth writes them: each entry may hold several separated
/// by white space (the form's lines, the machine policy's one string). At
/// least one must name the mail servers: a token with only
/// `offline_access` signs in and then opens neither IMAP nor SMTP. Public
/// so that the machine policy's `OAuthScopes` is checked by this same rule.
pub fn validate_scopes<S: AsRef<str>>(entries: &[S]) -> Result<Vec<String>, MailSettingsError> {
    let scopes: Vec<String> = entries
        .iter()
        .flat_map(|s| s.as_ref().split_whitespace())
        .map(str::to_owned)
        .collect();
    if scopes.is_empty() {
        return Err(MailSettingsError::Missing {
            field: "oauthScopes",
        });
    }
    if !scopes.iter().any(|s| is_mail_scope(s)) {
        return Err(MailSettingsError::NoMailScope {
            input: scopes.join(" "),
        });
    }
    Ok(scopes)
}

/// A tenant or client id: letters, digits, dots, dashes and underscores (a
/// GUID, a domain, `organizations`); anything else would change the URL.
fn identifier(value: &str, field: &'static str) -> Result<String, MailSettingsError> {
    let value = required(value, field)?;
    if !value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    {
        return Err(MailSettingsError::InvalidIdentifier {
            field,
            input: value,
        });
    }
    Ok(value)
}

/// The sign-in service's address: https, or http only to this computer (a
/// test provider); no query or fragment, no trailing slash. Public so that
/// the machine policy's `OAuthAuthority` is checked by this same rule.
pub fn validate_authority(input: &str) -> Result<String, MailSettingsError> {
    let field = "oauthAuthority";
    let trimmed = required(input, field)?;
    let invalid = || MailSettingsError::InvalidAuthority {
        input: trimmed.clone(),
    };
    let url = url::Url::parse(&trimmed).map_err(|_| invalid())?;
    let host = url.host_str().ok_or_else(invalid)?.to_owned();
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err(invalid());
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        "http" => return Err(MailSettingsError::InsecureAuthority { host }),
        _ => return Err(invalid()),
    }
    Ok(trimmed.trim_end_matches('/').to_owned())
}

/// One mail server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MailServer {
    pub host: String,
    pub port: u16,
    pub tls: MailTls,
}

/// Everything the e-mail channel needs besides the password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MailSettings {
    /// The user's own address; requests are sent from it, replies read in it.
    pub address: String,
    /// The IMAP and SMTP user name; usually the address.
    pub user_name: String,
    /// The contact person, as named in every request.
    pub display_name: String,
    /// The institution, as named in every request (and first in VRAA's house style).
    pub institution_name: String,
    /// The contract with VRAA, quoted in every request when known.
    pub contract_number: Option<String>,
    pub imap: MailServer,
    pub smtp: MailServer,
    pub sign_in: MailSignIn,
    /// Microsoft 365 sign-in, used when `sign_in` is `oauth2`.
    #[serde(default)]
    pub oauth: OAuthSettings,
    /// Where requests go (default IT@vraa.gov.lv).
    pub vraa_address: String,
    /// VRAA's reference numbers in its replies, as a regular expression.
    pub reference_pattern: String,
    /// Folders read besides the inbox (mail rules often move VRAA's answers).
    pub extra_folders: Vec<String>,
    /// The folder sent mail is kept in; `None` = the server's \Sent folder.
    pub sent_folder: Option<String>,
}

impl MailSettings {
    /// Settings for `address` with the usual ports and VRAA's defaults; the
    /// user fills in the rest.
    pub fn for_address(address: &str, host: &str) -> Self {
        MailSettings {
            address: address.to_owned(),
            user_name: address.to_owned(),
            display_name: String::new(),
            institution_name: String::new(),
            contract_number: None,
            imap: MailServer {
                host: host.to_owned(),
                port: 993,
                tls: MailTls::Implicit,
            },
            smtp: MailServer {
                host: host.to_owned(),
                port: 587,
                tls: MailTls::StartTls,
            },
            sign_in: MailSignIn::Password,
            oauth: OAuthSettings::default(),
            vraa_address: VRAA_ADDRESS_DEFAULT.to_owned(),
            reference_pattern: REFERENCE_PATTERN_DEFAULT.to_owned(),
            extra_folders: Vec::new(),
            sent_folder: None,
        }
    }

    /// The settings trimmed and checked, or the first problem found.
    pub fn validated(mut self) -> Result<Self, MailSettingsError> {
        self.address = validate_address(&self.address, "address")?;
        self.vraa_address = validate_address(&self.vraa_address, "vraaAddress")?;
        self.user_name = match self.user_name.trim() {
            "" => self.address.clone(),
            name => name.to_owned(),
        };
        self.display_name = required(&self.display_name, "displayName")?;
        self.institution_name = required(&self.institution_name, "institutionName")?;
        self.contract_number = self
            .contract_number
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty());
        self.imap = validate_server(self.imap, "imap")?;
        self.smtp = validate_server(self.smtp, "smtp")?;
        if self.sign_in == MailSignIn::OAuth2 {
            self.oauth = self.oauth.validated()?;
        }
        ReferencePattern::new(&self.reference_pattern)?;
        self.reference_pattern = self.reference_pattern.trim().to_owned();
        self.extra_folders = self
            .extra_folders
            .iter()
            .map(|f| f.trim().to_owned())
            .filter(|f| !f.is_empty())
            .collect();
        self.sent_folder = self
            .sent_folder
            .map(|f| f.trim().to_owned())
            .filter(|f| !f.is_empty());
        Ok(self)
    }

    /// The domain of the user's address: it names the institution's mail
    /// system, and our Message-IDs end in it.
    pub fn domain(&self) -> &str {
        self.address
            .rsplit_once('@')
            .map_or(self.address.as_str(), |(_, d)| d)
    }

    /// What this connection is called in the database binding: the mailbox
    /// and VRAA's address (a change of either is another connection).
    pub fn endpoint(&self) -> String {
        format!(
            "mail:{}→{}",
            self.address.to_lowercase(),
            self.vraa_address.to_lowercase()
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MailSettingsError {
    #[error("“{input}” nav e-pasta adrese / “{input}” is not an e-mail address")]
    InvalidAddress { field: &'static str, input: String },
    #[error("šis lauks ir jāaizpilda / this field is required")]
    Missing { field: &'static str },
    #[error("“{input}” nav servera nosaukums / “{input}” is not a server name")]
    InvalidHost { field: &'static str, input: String },
    #[error("ports 0 nav derīgs / port 0 is not valid")]
    InvalidPort { field: &'static str },
    #[error("bez šifrēšanas drīkst savienoties tikai ar šo datoru, nevis ar {host}; izvēlieties TLS vai STARTTLS / without encryption only this computer may be used, not {host}; choose TLS or STARTTLS")]
    InsecureServer { field: &'static str, host: String },
    #[error("“{input}” drīkst saturēt tikai burtus, ciparus, punktus, domuzīmes un pasvītras / “{input}” may contain only letters, digits, dots, dashes and underscores")]
    InvalidIdentifier { field: &'static str, input: String },
    #[error("“{input}” nav pierakstīšanās pakalpojuma adrese (https://…) / “{input}” is not the address of a sign-in service (https://…)")]
    InvalidAuthority { input: String },
    #[error("pierakstīšanās pakalpojumam jābūt ar https, nevis http ({host}); http drīkst tikai šajā datorā / the sign-in service must use https, not http ({host}); http is allowed only on this computer")]
    InsecureAuthority { host: String },
    #[error("atļaujās “{input}” nav nevienas pasta serveru atļaujas (piem. https://outlook.office.com/IMAP.AccessAsUser.All) / the scopes “{input}” name no permission for the mail servers (e.g. https://outlook.office.com/IMAP.AccessAsUser.All)")]
    NoMailScope { input: String },
    #[error("VRAA numura paraugs nav derīga regulārā izteiksme: {reason} / VRAA's reference pattern is not a valid regular expression: {reason}")]
    InvalidPattern { reason: String },
    #[error("VRAA numura paraugs atbilst tukšam tekstam, tāpēc atrastu numuru jebkurā vēstulē / VRAA's reference pattern matches empty text, so it would find a number in any mail")]
    PatternMatchesNothingInParticular,
}

impl MailSettingsError {
    /// Stable code for the UI's dictionary.
    pub fn code(&self) -> &'static str {
        match self {
            MailSettingsError::InvalidAddress { .. } => "mailInvalidAddress",
            MailSettingsError::Missing { .. } => "mailFieldMissing",
            MailSettingsError::InvalidHost { .. } => "mailInvalidHost",
            MailSettingsError::InvalidPort { .. } => "mailInvalidPort",
            MailSettingsError::InsecureServer { .. } => "mailInsecureServer",
            MailSettingsError::InvalidPattern { .. }
            | MailSettingsError::PatternMatchesNothingInParticular => "mailInvalidPattern",
            MailSettingsError::InvalidIdentifier { .. } => "oauthInvalidIdentifier",
            MailSettingsError::InvalidAuthority { .. } => "oauthInvalidAuthority",
            MailSettingsError::InsecureAuthority { .. } => "oauthInsecureAuthority",
            MailSettingsError::NoMailScope { .. } => "oauthNoMailScope",
        }
    }

    /// The form field the problem belongs to.
    pub fn field(&self) -> &'static str {
        match self {
            MailSettingsError::InvalidAddress { field, .. }
            | MailSettingsError::Missing { field }
            | MailSettingsError::InvalidHost { field, .. }
            | MailSettingsError::InvalidPort { field }
            | MailSettingsError::InsecureServer { field, .. }
            | MailSettingsError::InvalidIdentifier { field, .. } => field,
            MailSettingsError::InvalidAuthority { .. }
            | MailSettingsError::InsecureAuthority { .. } => "oauthAuthority",
            MailSettingsError::NoMailScope { .. } => "oauthScopes",
            MailSettingsError::InvalidPattern { .. }
            | MailSettingsError::PatternMatchesNothingInParticular => "referencePattern",
        }
    }
}

fn required(value: &str, field: &'static str) -> Result<String, MailSettingsError> {
    match value.trim() {
        "" => Err(MailSettingsError::Missing { field }),
        v => Ok(v.to_owned()),
    }
}

/// A plain `local@domain` address (what SMTP's envelope takes): no display
/// name, no spaces, a dot-separated domain.
pub fn validate_address(input: &str, field: &'static str) -> Result<String, MailSettingsError> {
    let trimmed = input.trim();
    let invalid = || MailSettingsError::InvalidAddress {
        field,
        input: input.to_owned(),
    };
    let (local, domain) = trimmed.rsplit_once('@').ok_or_else(invalid)?;
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local
            .chars()
            .any(|c| c.is_whitespace() || "<>()[],;:\"@\\".contains(c));
    if !local_ok || !is_host_name(domain) || !domain.contains('.') {
        return Err(invalid());
    }
    Ok(trimmed.to_owned())
}

fn is_host_name(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn validate_server(
    mut server: MailServer,
    field: &'static str,
) -> Result<MailServer, MailSettingsError> {
    server.host = server.host.trim().to_owned();
    let host = &server.host;
    let ip = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
        .is_ok();
    if !ip && !is_host_name(host) {
        return Err(MailSettingsError::InvalidHost {
            field,
            input: host.clone(),
        });
    }
    if server.port == 0 {
        return Err(MailSettingsError::InvalidPort { field });
    }
    if server.tls == MailTls::Plain && !is_loopback(host) {
        return Err(MailSettingsError::InsecureServer {
            field,
            host: host.clone(),
        });
    }
    Ok(server)
}

/// VRAA's reference numbers, found in the subject or text of its replies.
#[derive(Debug, Clone)]
pub struct ReferencePattern(Regex);

impl ReferencePattern {
    pub fn new(pattern: &str) -> Result<Self, MailSettingsError> {
        let regex = Regex::new(pattern.trim()).map_err(|e| MailSettingsError::InvalidPattern {
            reason: e.to_string(),
        })?;
        if regex.is_match("") {
            return Err(MailSettingsError::PatternMatchesNothingInParticular);
        }
        Ok(ReferencePattern(regex))
    }

    /// The first reference in `text`, as VRAA wrote it.
    pub fn find<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.0.find(text).map(|m| m.as_str())
    }
}

/// Our own tag in a subject, `[VD-…]`: it threads a reply to its request
/// even when VRAA's system drops `In-Reply-To`.
pub fn local_tag(request_id: &str) -> String {
    format!("[{request_id}]")
}

/// The request id in the first `[VD-…]` tag of `subject`.
pub fn find_local_tag(subject: &str) -> Option<&str> {
    let start = subject.find("[VD-")? + 1;
    let rest = &subject[start..];
    let end = rest.find(']')?;
    let id = &rest[..end];
    (id.len() > 3 && id[3..].chars().all(|c| c.is_ascii_alphanumeric())).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> MailSettings {
        MailSettings {
            display_name: "Jānis Bērziņš".into(),
            institution_name: "Iestāde".into(),
            ..MailSettings::for_address("janis@iestade.gov.lv", "mail.iestade.gov.lv")
        }
    }

    #[test]
    fn a_complete_form_is_accepted_and_trimmed() {
        let settings = MailSettings {
            address: " janis@iestade.gov.lv ".into(),
            user_name: " ".into(),
            contract_number: Some("  ".into()),
            extra_folders: vec![" VRAA ".into(), "".into()],
            ..valid()
        }
        .validated()
        .unwrap();
        assert_eq!(settings.address, "janis@iestade.gov.lv");
        assert_eq!(settings.user_name, "janis@iestade.gov.lv");
        assert_eq!(settings.contract_number, None);
        assert_eq!(settings.extra_folders, vec!["VRAA".to_owned()]);
        assert_eq!(settings.domain(), "iestade.gov.lv");
        assert_eq!(
            settings.endpoint(),
            "mail:janis@iestade.gov.lv→it@vraa.gov.lv"
        );
    }

    #[test]
    fn addresses_are_checked_with_the_field_named() {
        for bad in [
            "janis",
            "janis@",
            "@vraa.gov.lv",
            "jā nis@x.lv",
            "a@b",
            "a@-b.lv",
        ] {
            let err = MailSettings {
                address: bad.into(),
                ..valid()
            }
            .validated()
            .unwrap_err();
            assert_eq!(err.code(), "mailInvalidAddress", "{bad}");
            assert_eq!(err.field(), "address");
        }
        let err = MailSettings {
            vraa_address: "IT vraa".into(),
            ..valid()
        }
        .validated()
        .unwrap_err();
        assert_eq!(err.field(), "vraaAddress");
        assert!(err.to_string().contains(" / "), "both languages: {err}");
        // Latvian letters in a domain are a valid (IDN) host name.
        assert!(validate_address("it@iestāde.lv", "address").is_ok());
    }

    #[test]
    fn plain_text_only_to_this_computer() {
        let mut settings = valid();
        settings.imap = MailServer {
            host: "127.0.0.1".into(),
            port: 1143,
            tls: MailTls::Plain,
        };
        settings.smtp = MailServer {
            host: "localhost".into(),
            port: 1587,
            tls: MailTls::Plain,
        };
        assert!(settings.clone().validated().is_ok());
        settings.smtp.host = "mail.iestade.gov.lv".into();
        let err = settings.validated().unwrap_err();
        assert_eq!(err.code(), "mailInsecureServer");
        assert_eq!(err.field(), "smtp");
    }

    #[test]
    fn servers_need_a_host_and_a_port() {
        let mut settings = valid();
        settings.imap.host = "mail server".into();
        assert_eq!(
            settings.clone().validated().unwrap_err().code(),
            "mailInvalidHost"
        );
        settings.imap.host = "mail.iestade.gov.lv".into();
        settings.imap.port = 0;
        assert_eq!(settings.validated().unwrap_err().code(), "mailInvalidPort");
        let err = MailSettings {
            display_name: " ".into(),
            ..valid()
        }
        .validated()
        .unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            ("mailFieldMissing", "displayName")
        );
    }

    #[test]
    fn the_reference_pattern_must_compile_and_find_something_specific() {
        let pattern = ReferencePattern::new(REFERENCE_PATTERN_DEFAULT).unwrap();
        assert_eq!(
            pattern.find("Re: Licence [VD-AB12] — reģistrēts ar Nr. VRAA-2026-000123."),
            Some("VRAA-2026-000123")
        );
        assert_eq!(pattern.find("Nr. VRAA-26-123"), None);
        for (bad, code) in [
            ("VRAA-(", "mailInvalidPattern"),
            ("\\d*", "mailInvalidPattern"),
        ] {
            let err = MailSettings {
                reference_pattern: bad.into(),
                ..valid()
            }
            .validated()
            .unwrap_err();
            assert_eq!(
                (err.code(), err.field()),
                (code, "referencePattern"),
                "{bad}"
            );
        }
    }

    #[test]
    fn local_tags_are_found_in_replies() {
        assert_eq!(local_tag("VD-7K2M9QX4"), "[VD-7K2M9QX4]");
        assert_eq!(
            find_local_tag("RE: Licence: Jauns lietotājs [VD-7K2M9QX4] [VRAA-2026-000001]"),
            Some("VD-7K2M9QX4")
        );
        assert_eq!(find_local_tag("[VD-] [VD-x y]"), None);
        assert_eq!(find_local_tag("Out of office"), None);
    }

    fn oauth(oauth: OAuthSettings) -> Result<MailSettings, MailSettingsError> {
        MailSettings {
            sign_in: MailSignIn::OAuth2,
            oauth,
            ..valid()
        }
        .validated()
    }

    #[test]
    fn microsoft_sign_in_needs_a_client_id_and_a_safe_authority() {
        let good = OAuthSettings {
            client_id: " 3f2b8c1e-0d4a-4c7e-9b1a-2f6e8d0c5a71 ".into(),
            authority: "https://login.microsoftonline.com/".into(),
            ..OAuthSettings::default()
        };
        let settings = oauth(good.clone()).unwrap();
        assert_eq!(
            settings.oauth.client_id,
            "3f2b8c1e-0d4a-4c7e-9b1a-2f6e8d0c5a71"
        );
        assert_eq!(
            settings.oauth.discovery_url(),
            "https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration"
        );
        assert_eq!(
            settings.oauth.mail_scopes().collect::<Vec<_>>(),
            [
                "https://outlook.office.com/IMAP.AccessAsUser.All",
                "https://outlook.office.com/SMTP.Send"
            ]
        );
        // A test provider on this computer may use http.
        assert!(oauth(OAuthSettings {
            authority: "http://127.0.0.1:4000".into(),
            ..good.clone()
        })
        .is_ok());
        for (change, code, field) in [
            (
                OAuthSettings {
                    client_id: " ".into(),
                    ..good.clone()
                },
                "mailFieldMissing",
                "oauthClientId",
            ),
            (
                OAuthSettings {
                    tenant: "vraa.gov.lv/../x".into(),
                    ..good.clone()
                },
                "oauthInvalidIdentifier",
                "oauthTenant",
            ),
            (
                OAuthSettings {
                    authority: "http://login.example.lv".into(),
                    ..good.clone()
                },
                "oauthInsecureAuthority",
                "oauthAuthority",
            ),
            (
                OAuthSettings {
                    authority: "https://login.example.lv/?tenant=x".into(),
                    ..good.clone()
                },
                "oauthInvalidAuthority",
                "oauthAuthority",
            ),
            (
                OAuthSettings {
                    authority: "ftp://login.example.lv".into(),
                    ..good.clone()
                },
                "oauthInvalidAuthority",
                "oauthAuthority",
            ),
            (
                OAuthSettings {
                    scopes: vec![" ".into()],
                    ..good.clone()
                },
                "mailFieldMissing",
                "oauthScopes",
            ),
            (
                // Signs in, then opens neither mail server.
                OAuthSettings {
                    scopes: vec!["offline_access openid".into()],
                    ..good.clone()
                },
                "oauthNoMailScope",
                "oauthScopes",
            ),
        ] {
            let err = oauth(change).unwrap_err();
            assert_eq!((err.code(), err.field()), (code, field), "{err}");
        }
    }

    #[test]
    fn password_sign_in_ignores_the_microsoft_fields_and_old_rows_read_back() {
        // A row saved before the Microsoft sign-in existed has no `oauth`.
        let mut json = serde_json::to_value(valid()).unwrap();
        json.as_object_mut().unwrap().remove("oauth");
        let read: MailSettings = serde_json::from_value(json).unwrap();
        assert_eq!(read.oauth, OAuthSettings::default());
        assert!(read.validated().is_ok());
    }
}
