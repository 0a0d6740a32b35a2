//! Machine policy: the settings an institution's IT sets for every user of a
//! computer (Windows: `HKLM\SOFTWARE\Policies\VRAA Desk`, then the same key under
//! `HKCU`; Linux: `/etc/vraa-desk/policy.json`).
//!
//! Pure: the callers read the registry or the file and hand over (name, raw value)
//! pairs. Every value goes through the same validators as the Settings screen, so a
//! policy can never set what a user could not. A value of the wrong type or an
//! invalid one is left out and reported as a [`PolicyWarning`]; the rest of the
//! policy still applies, so one typo on 200 desktops does not stop the app.

use serde::Serialize;

use crate::mail::{validate_authority, validate_scopes, MailSettingsError};
use crate::settings::{
    validate_proxy_url, validate_server_url, ProxySetting, Settings, SettingsError,
    SYNC_INTERVAL_MAX, SYNC_INTERVAL_MIN,
};

/// The registry key under HKLM and HKCU (also what the ADMX template names).
pub const POLICY_REGISTRY_KEY: &str = r"SOFTWARE\Policies\VRAA Desk";

/// Every value name the app reads, in the order documentation lists them. The
/// ADMX test (`tests/windows/admx_check.py`) reads this list from this file, so the
/// template and the app cannot drift apart.
pub const POLICY_VALUE_NAMES: [&str; 18] = [
    "ConnectionKind",
    "ServerUrl",
    "ImapHost",
    "ImapPort",
    "SmtpHost",
    "SmtpPort",
    "MailTls",
    "VraaEmailAddress",
    "OAuthTenant",
    "OAuthClientId",
    "OAuthAuthority",
    "OAuthScopes",
    "OAuthDeviceCodeAllowed",
    "Proxy",
    "CaCertFile",
    "SyncIntervalMinutes",
    "DemoAllowed",
    "NotificationsEnabled",
];

/// A value as the registry or the JSON file holds it, before it is understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawPolicyValue {
    /// REG_SZ / REG_EXPAND_SZ, or a JSON string.
    Text(String),
    /// REG_DWORD, or a JSON number / boolean (`true` = 1).
    Dword(u32),
    /// Any other kind (REG_BINARY, REG_MULTI_SZ, a JSON array…), named for the warning.
    Unsupported(String),
}

/// How the app reaches VRAA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum ConnectionKind {
    Api,
    Email,
}

/// How the mail connections are encrypted; there is deliberately no plain-text choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "specta", specta(rename = "PolicyMailTls"))]
#[serde(rename_all = "lowercase")]
pub enum MailTls {
    /// TLS from the first byte (IMAP 993, SMTP 465).
    Tls,
    /// Plain connection upgraded with STARTTLS (IMAP 143, SMTP 587).
    Starttls,
}

/// The Settings fields a policy can lock (named as the UI's form fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum LockedField {
    ServerUrl,
    SyncIntervalMinutes,
    Proxy,
    CaCertPath,
    NotificationsEnabled,
}

impl LockedField {
    pub fn code(self) -> &'static str {
        match self {
            LockedField::ServerUrl => "serverUrl",
            LockedField::SyncIntervalMinutes => "syncIntervalMinutes",
            LockedField::Proxy => "proxy",
            LockedField::CaCertPath => "caCertPath",
            LockedField::NotificationsEnabled => "notificationsEnabled",
        }
    }

    /// The policy value that locks this field.
    pub fn policy_value_name(self) -> &'static str {
        match self {
            LockedField::ServerUrl => "ServerUrl",
            LockedField::SyncIntervalMinutes => "SyncIntervalMinutes",
            LockedField::Proxy => "Proxy",
            LockedField::CaCertPath => "CaCertFile",
            LockedField::NotificationsEnabled => "NotificationsEnabled",
        }
    }
}

/// One value left out, with why, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PolicyWarning {
    /// The registry value name or JSON key (empty for a problem with the whole source).
    pub value_name: String,
    pub lv: String,
    pub en: String,
}

impl PolicyWarning {
    /// A value that is left out: "… value X is ignored: <reason>".
    pub fn ignored(value_name: &str, reason_lv: &str, reason_en: &str) -> Self {
        Self {
            value_name: value_name.to_owned(),
            lv: format!(
                "Iestādes IT politikas vērtība {value_name} netiek ņemta vērā: {reason_lv}"
            ),
            en: format!("The organisation policy value {value_name} is ignored: {reason_en}"),
        }
    }

    /// A source (file, registry key) that cannot be read at all.
    pub fn source_unreadable(source: &str, reason_lv: &str, reason_en: &str) -> Self {
        Self {
            value_name: String::new(),
            lv: format!(
                "Iestādes IT politiku {source} nevar nolasīt, tā netiek ņemta vērā: {reason_lv}"
            ),
            en: format!(
                "The organisation policy {source} cannot be read and is ignored: {reason_en}"
            ),
        }
    }

    /// `<lv> / <en>`, the way the CLI and the log print bilingual text.
    pub fn message(&self) -> String {
        format!("{} / {}", self.lv, self.en)
    }
}

/// One value the policy sets, as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PolicyEntry {
    pub name: String,
    pub value: String,
}

/// What the policy sets; `None` = not set, the user decides.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    pub connection_kind: Option<ConnectionKind>,
    pub server_url: Option<String>,
    pub imap_host: Option<String>,
    pub imap_port: Option<u16>,
    pub smtp_host: Option<String>,
    pub smtp_port: Option<u16>,
    pub mail_tls: Option<MailTls>,
    pub vraa_email_address: Option<String>,
    pub oauth_tenant: Option<String>,
    pub oauth_client_id: Option<String>,
    /// The Microsoft sign-in service, checked as the e-mail form checks it.
    pub oauth_authority: Option<String>,
    /// The permissions asked for, one scope per entry (the policy writes them
    /// in one string separated by spaces, as OAuth does).
    pub oauth_scopes: Option<Vec<String>>,
    /// Whether the sign-in with a code on another device is offered: an
    /// administrator forces it off (Microsoft's advice) or on.
    pub oauth_device_code_allowed: Option<bool>,
    pub proxy: Option<ProxySetting>,
    pub ca_cert_file: Option<String>,
    pub sync_interval_minutes: Option<u32>,
    pub demo_allowed: Option<bool>,
    pub notifications_enabled: Option<bool>,
}

/// Why one raw value was refused: (Latvian, English).
type Refusal = (String, String);

fn refusal(lv: impl Into<String>, en: impl Into<String>) -> Refusal {
    (lv.into(), en.into())
}

fn kind_name(raw: &RawPolicyValue) -> (&str, &str) {
    match raw {
        RawPolicyValue::Text(_) => ("teksts", "text"),
        RawPolicyValue::Dword(_) => ("skaitlis (DWORD)", "a number (DWORD)"),
        RawPolicyValue::Unsupported(kind) => (kind.as_str(), kind.as_str()),
    }
}

fn want_text(raw: &RawPolicyValue) -> Result<&str, Refusal> {
    match raw {
        RawPolicyValue::Text(text) => Ok(text.trim()),
        other => {
            let (lv, en) = kind_name(other);
            Err(refusal(
                format!("jābūt tekstam (REG_SZ), bet ir {lv}"),
                format!("it must be text (REG_SZ), but it is {en}"),
            ))
        }
    }
}

fn want_dword(raw: &RawPolicyValue) -> Result<u32, Refusal> {
    match raw {
        RawPolicyValue::Dword(n) => Ok(*n),
        other => {
            let (lv, en) = kind_name(other);
            Err(refusal(
                format!("jābūt skaitlim (REG_DWORD), bet ir {lv}"),
                format!("it must be a number (REG_DWORD), but it is {en}"),
            ))
        }
    }
}

fn want_flag(raw: &RawPolicyValue) -> Result<bool, Refusal> {
    match want_dword(raw)? {
        0 => Ok(false),
        1 => Ok(true),
        n => Err(refusal(
            format!("jābūt 0 vai 1, bet ir {n}"),
            format!("it must be 0 or 1, but it is {n}"),
        )),
    }
}

fn want_port(raw: &RawPolicyValue) -> Result<u16, Refusal> {
    let n = want_dword(raw)?;
    u16::try_from(n).ok().filter(|p| *p > 0).ok_or_else(|| {
        refusal(
            format!("ports jābūt no 1 līdz 65535, bet ir {n}"),
            format!("a port must be 1 to 65535, but it is {n}"),
        )
    })
}

fn want_host(raw: &RawPolicyValue) -> Result<String, Refusal> {
    let text = want_text(raw)?;
    // The same parser the server URL goes through, so "mail.iestade.lv" and
    // "10.0.0.5" pass and "smtp://x" or "a b" do not.
    match url::Host::parse(text) {
        Ok(host) if !text.contains([':', '/', '@']) || text.starts_with('[') => {
            Ok(host.to_string())
        }
        _ => Err(refusal(
            format!("“{text}” nav servera nosaukums vai IP adrese"),
            format!("“{text}” is not a host name or IP address"),
        )),
    }
}

fn want_email(raw: &RawPolicyValue) -> Result<String, Refusal> {
    let text = want_text(raw)?;
    let valid = match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    };
    if valid {
        Ok(text.to_owned())
    } else {
        Err(refusal(
            format!("“{text}” nav e-pasta adrese"),
            format!("“{text}” is not an e-mail address"),
        ))
    }
}

/// A Microsoft Entra client id: a GUID (8-4-4-4-12 hexadecimal digits).
fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, len)| g.len() == len && g.chars().all(|c| c.is_ascii_hexdigit()))
}

fn want_client_id(raw: &RawPolicyValue) -> Result<String, Refusal> {
    let text = want_text(raw)?;
    if is_guid(text) {
        Ok(text.to_ascii_lowercase())
    } else {
        Err(refusal(
            format!("“{text}” nav GUID (piem. 00000000-0000-0000-0000-000000000000)"),
            format!("“{text}” is not a GUID (e.g. 00000000-0000-0000-0000-000000000000)"),
        ))
    }
}

/// A tenant is a GUID, a domain (`iestade.onmicrosoft.com`) or `organizations`.
fn want_tenant(raw: &RawPolicyValue) -> Result<String, Refusal> {
    let text = want_text(raw)?;
    let plausible = text.len() <= 253
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    if plausible {
        Ok(text.to_owned())
    } else {
        Err(refusal(
            format!("“{text}” nav nomnieka (tenant) GUID vai domēns"),
            format!("“{text}” is not a tenant GUID or domain"),
        ))
    }
}

/// The e-mail form's refusal of a Microsoft sign-in value, worded for the
/// policy. Written out rather than split from the error's "lv / en" text: the
/// value quoted in it may itself hold " / ".
fn mail_refusal(error: &MailSettingsError) -> Refusal {
    match error {
        MailSettingsError::InvalidAuthority { input } => refusal(
            format!("“{input}” nav pierakstīšanās pakalpojuma adrese (https://…)"),
            format!("“{input}” is not the address of a sign-in service (https://…)"),
        ),
        MailSettingsError::InsecureAuthority { host } => refusal(
            format!("pierakstīšanās pakalpojumam jābūt ar https, nevis http ({host}); http drīkst tikai šajā datorā"),
            format!("the sign-in service must use https, not http ({host}); http is allowed only on this computer"),
        ),
        MailSettingsError::NoMailScope { input } => refusal(
            format!("atļaujās “{input}” nav nevienas pasta serveru atļaujas (piem. https://outlook.office.com/IMAP.AccessAsUser.All)"),
            format!("the scopes “{input}” name no permission for the mail servers (e.g. https://outlook.office.com/IMAP.AccessAsUser.All)"),
        ),
        MailSettingsError::Missing { .. } => refusal("vērtība ir tukša", "the value is empty"),
        // Not returned by the two validators used here (they concern other fields).
        other => refusal(other.to_string(), other.to_string()),
    }
}

fn want_authority(raw: &RawPolicyValue) -> Result<String, Refusal> {
    let text = want_text(raw)?;
    validate_authority(text).map_err(|e| mail_refusal(&e))
}

fn want_scopes(raw: &RawPolicyValue) -> Result<Vec<String>, Refusal> {
    let text = want_text(raw)?;
    validate_scopes(&[text]).map_err(|e| mail_refusal(&e))
}

fn settings_refusal(error: &SettingsError) -> Refusal {
    match error {
        SettingsError::InsecureUrl { input } => refusal(
            format!("“{input}” neizmanto https (http:// atļauts tikai šim datoram)"),
            format!("“{input}” does not use https (http:// only for this computer)"),
        ),
        SettingsError::UnsupportedUrlScheme { input } => refusal(
            format!("“{input}” jāsākas ar https://"),
            format!("“{input}” must start with https://"),
        ),
        SettingsError::InvalidUrl { input, reason } => refusal(
            format!("“{input}” nav derīga adrese ({reason})"),
            format!("“{input}” is not a valid address ({reason})"),
        ),
        SettingsError::InvalidProxyUrl { input, reason } => refusal(
            format!("“{input}” nav “system”, “none” vai derīga starpniekservera adrese ({reason})"),
            format!("“{input}” is not “system”, “none” or a valid proxy URL ({reason})"),
        ),
        SettingsError::InvalidSyncInterval { minutes } => refusal(
            format!("{minutes} min nav robežās {SYNC_INTERVAL_MIN}..{SYNC_INTERVAL_MAX}"),
            format!("{minutes} min is outside {SYNC_INTERVAL_MIN}..{SYNC_INTERVAL_MAX}"),
        ),
    }
}

fn want_proxy(raw: &RawPolicyValue) -> Result<ProxySetting, Refusal> {
    let text = want_text(raw)?;
    match text.to_ascii_lowercase().as_str() {
        "system" => Ok(ProxySetting::System),
        "none" => Ok(ProxySetting::None),
        _ => validate_proxy_url(text)
            .map(|url| ProxySetting::Manual { url })
            .map_err(|e| settings_refusal(&e)),
    }
}

fn want_sync_interval(raw: &RawPolicyValue) -> Result<u32, Refusal> {
    let minutes = want_dword(raw)?;
    if (SYNC_INTERVAL_MIN..=SYNC_INTERVAL_MAX).contains(&minutes) {
        Ok(minutes)
    } else {
        Err(settings_refusal(&SettingsError::InvalidSyncInterval {
            minutes,
        }))
    }
}

fn want_choice<T: Copy>(raw: &RawPolicyValue, choices: &[(&str, T)]) -> Result<T, Refusal> {
    let text = want_text(raw)?;
    let listed = choices
        .iter()
        .map(|(name, _)| format!("“{name}”"))
        .collect::<Vec<_>>()
        .join(", ");
    choices
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(text))
        .map(|(_, value)| *value)
        .ok_or_else(|| {
            refusal(
                format!("“{text}” nav neviena no: {listed}"),
                format!("“{text}” is none of: {listed}"),
            )
        })
}

/// Stores `result` in `slot`, or turns the refusal into a warning.
fn keep<T>(
    slot: &mut Option<T>,
    name: &str,
    result: Result<T, Refusal>,
    warnings: &mut Vec<PolicyWarning>,
) {
    match result {
        Ok(value) => *slot = Some(value),
        Err((lv, en)) => warnings.push(PolicyWarning::ignored(name, &lv, &en)),
    }
}

impl Policy {
    /// Reads one source's values. Names are matched without regard to case, as the
    /// registry does. Empty text means "not set" (what an emptied GPO field leaves).
    pub fn parse<I, N>(values: I) -> (Policy, Vec<PolicyWarning>)
    where
        I: IntoIterator<Item = (N, RawPolicyValue)>,
        N: AsRef<str>,
    {
        let mut policy = Policy::default();
        let mut warnings = Vec::new();
        for (name, raw) in values {
            let given = name.as_ref();
            let Some(name) = POLICY_VALUE_NAMES
                .iter()
                .find(|known| known.eq_ignore_ascii_case(given))
            else {
                warnings.push(PolicyWarning::ignored(
                    given,
                    "VRAA Desk šādu vērtību nepazīst",
                    "VRAA Desk does not know this value",
                ));
                continue;
            };
            if matches!(&raw, RawPolicyValue::Text(t) if t.trim().is_empty()) {
                continue;
            }
            let w = &mut warnings;
            let p = &mut policy;
            match *name {
                "ConnectionKind" => keep(
                    &mut p.connection_kind,
                    name,
                    want_choice(
                        &raw,
                        &[
                            ("api", ConnectionKind::Api),
                            ("email", ConnectionKind::Email),
                        ],
                    ),
                    w,
                ),
                "ServerUrl" => keep(
                    &mut p.server_url,
                    name,
                    want_text(&raw)
                        .and_then(|t| validate_server_url(t).map_err(|e| settings_refusal(&e))),
                    w,
                ),
                "ImapHost" => keep(&mut p.imap_host, name, want_host(&raw), w),
                "ImapPort" => keep(&mut p.imap_port, name, want_port(&raw), w),
                "SmtpHost" => keep(&mut p.smtp_host, name, want_host(&raw), w),
                "SmtpPort" => keep(&mut p.smtp_port, name, want_port(&raw), w),
                "MailTls" => keep(
                    &mut p.mail_tls,
                    name,
                    want_choice(
                        &raw,
                        &[("tls", MailTls::Tls), ("starttls", MailTls::Starttls)],
                    ),
                    w,
                ),
                "VraaEmailAddress" => keep(&mut p.vraa_email_address, name, want_email(&raw), w),
                "OAuthTenant" => keep(&mut p.oauth_tenant, name, want_tenant(&raw), w),
                "OAuthClientId" => keep(&mut p.oauth_client_id, name, want_client_id(&raw), w),
                "OAuthAuthority" => keep(&mut p.oauth_authority, name, want_authority(&raw), w),
                "OAuthScopes" => keep(&mut p.oauth_scopes, name, want_scopes(&raw), w),
                "OAuthDeviceCodeAllowed" => {
                    keep(&mut p.oauth_device_code_allowed, name, want_flag(&raw), w)
                }
                "Proxy" => keep(&mut p.proxy, name, want_proxy(&raw), w),
                "CaCertFile" => keep(
                    &mut p.ca_cert_file,
                    name,
                    want_text(&raw).map(str::to_owned),
                    w,
                ),
                "SyncIntervalMinutes" => keep(
                    &mut p.sync_interval_minutes,
                    name,
                    want_sync_interval(&raw),
                    w,
                ),
                "DemoAllowed" => keep(&mut p.demo_allowed, name, want_flag(&raw), w),
                "NotificationsEnabled" => {
                    keep(&mut p.notifications_enabled, name, want_flag(&raw), w)
                }
                // POLICY_VALUE_NAMES and this match list the same names; a test checks it.
                _ => {}
            }
        }
        (policy, warnings)
    }

    /// Machine policy (HKLM) wins over user policy (HKCU), value by value, as
    /// Windows' own policy processing does.
    pub fn merged(machine: Policy, user: Policy) -> Policy {
        Policy {
            connection_kind: machine.connection_kind.or(user.connection_kind),
            server_url: machine.server_url.or(user.server_url),
            imap_host: machine.imap_host.or(user.imap_host),
            imap_port: machine.imap_port.or(user.imap_port),
            smtp_host: machine.smtp_host.or(user.smtp_host),
            smtp_port: machine.smtp_port.or(user.smtp_port),
            mail_tls: machine.mail_tls.or(user.mail_tls),
            vraa_email_address: machine.vraa_email_address.or(user.vraa_email_address),
            oauth_tenant: machine.oauth_tenant.or(user.oauth_tenant),
            oauth_client_id: machine.oauth_client_id.or(user.oauth_client_id),
            oauth_authority: machine.oauth_authority.or(user.oauth_authority),
            oauth_scopes: machine.oauth_scopes.or(user.oauth_scopes),
            oauth_device_code_allowed: machine
                .oauth_device_code_allowed
                .or(user.oauth_device_code_allowed),
            proxy: machine.proxy.or(user.proxy),
            ca_cert_file: machine.ca_cert_file.or(user.ca_cert_file),
            sync_interval_minutes: machine.sync_interval_minutes.or(user.sync_interval_minutes),
            demo_allowed: machine.demo_allowed.or(user.demo_allowed),
            notifications_enabled: machine.notifications_enabled.or(user.notifications_enabled),
        }
    }

    /// Every value set, by its policy name, as text (for Settings, the CLI and logs).
    pub fn entries(&self) -> Vec<PolicyEntry> {
        fn flag(on: bool) -> String {
            u32::from(on).to_string()
        }
        let kind = |k: ConnectionKind| match k {
            ConnectionKind::Api => "api".to_owned(),
            ConnectionKind::Email => "email".to_owned(),
        };
        let tls = |t: MailTls| match t {
            MailTls::Tls => "tls".to_owned(),
            MailTls::Starttls => "starttls".to_owned(),
        };
        let proxy = |p: &ProxySetting| match p {
            ProxySetting::System => "system".to_owned(),
            ProxySetting::None => "none".to_owned(),
            ProxySetting::Manual { url } => url.clone(),
        };
        let values: [(&'static str, Option<String>); POLICY_VALUE_NAMES.len()] = [
            ("ConnectionKind", self.connection_kind.map(kind)),
            ("ServerUrl", self.server_url.clone()),
            ("ImapHost", self.imap_host.clone()),
            ("ImapPort", self.imap_port.map(|p| p.to_string())),
            ("SmtpHost", self.smtp_host.clone()),
            ("SmtpPort", self.smtp_port.map(|p| p.to_string())),
            ("MailTls", self.mail_tls.map(tls)),
            ("VraaEmailAddress", self.vraa_email_address.clone()),
            ("OAuthTenant", self.oauth_tenant.clone()),
            ("OAuthClientId", self.oauth_client_id.clone()),
            ("OAuthAuthority", self.oauth_authority.clone()),
            // As the policy writes them: one string, separated by spaces.
            (
                "OAuthScopes",
                self.oauth_scopes.as_ref().map(|s| s.join(" ")),
            ),
            (
                "OAuthDeviceCodeAllowed",
                self.oauth_device_code_allowed.map(flag),
            ),
            ("Proxy", self.proxy.as_ref().map(proxy)),
            ("CaCertFile", self.ca_cert_file.clone()),
            (
                "SyncIntervalMinutes",
                self.sync_interval_minutes.map(|m| m.to_string()),
            ),
            ("DemoAllowed", self.demo_allowed.map(flag)),
            ("NotificationsEnabled", self.notifications_enabled.map(flag)),
        ];
        values
            .into_iter()
            .filter_map(|(name, value)| {
                value.map(|value| PolicyEntry {
                    name: name.to_owned(),
                    value,
                })
            })
            .collect()
    }

    /// True when nothing is set.
    pub fn is_empty(&self) -> bool {
        *self == Policy::default()
    }

    /// Whether "Try the demo" may be offered (allowed unless the policy says 0).
    pub fn demo_allowed(&self) -> bool {
        self.demo_allowed.unwrap_or(true)
    }

    /// The policy for the demo's own database: the demo talks to its in-process
    /// sandbox on loopback, so the organisation's server, proxy and CA do not apply.
    pub fn for_demo(&self) -> Policy {
        Policy {
            server_url: None,
            proxy: None,
            ca_cert_file: None,
            ..self.clone()
        }
    }

    /// The Settings fields this policy sets, in a stable order.
    pub fn locked_fields(&self) -> Vec<LockedField> {
        let mut locked = Vec::new();
        if self.server_url.is_some() {
            locked.push(LockedField::ServerUrl);
        }
        if self.sync_interval_minutes.is_some() {
            locked.push(LockedField::SyncIntervalMinutes);
        }
        if self.proxy.is_some() {
            locked.push(LockedField::Proxy);
        }
        if self.ca_cert_file.is_some() {
            locked.push(LockedField::CaCertPath);
        }
        if self.notifications_enabled.is_some() {
            locked.push(LockedField::NotificationsEnabled);
        }
        locked
    }

    /// The settings with every locked value replaced by the policy's.
    pub fn apply(&self, settings: Settings) -> Settings {
        Settings {
            server_url: self.server_url.clone().or(settings.server_url),
            sync_interval_minutes: self
                .sync_interval_minutes
                .unwrap_or(settings.sync_interval_minutes),
            proxy: self.proxy.clone().unwrap_or(settings.proxy),
            ca_cert_path: self.ca_cert_file.clone().or(settings.ca_cert_path),
            notifications_enabled: self
                .notifications_enabled
                .unwrap_or(settings.notifications_enabled),
            ..settings
        }
    }

    /// The locked fields a save would change: what the user asks for differs from
    /// what the policy sets. Empty means the save may go ahead.
    pub fn changes_to_locked(&self, wanted: &Settings) -> Vec<LockedField> {
        let enforced = self.apply(wanted.clone());
        let mut changed = Vec::new();
        if enforced.server_url != wanted.server_url {
            changed.push(LockedField::ServerUrl);
        }
        if enforced.sync_interval_minutes != wanted.sync_interval_minutes {
            changed.push(LockedField::SyncIntervalMinutes);
        }
        if enforced.proxy != wanted.proxy {
            changed.push(LockedField::Proxy);
        }
        if enforced.ca_cert_path != wanted.ca_cert_path {
            changed.push(LockedField::CaCertPath);
        }
        if enforced.notifications_enabled != wanted.notifications_enabled {
            changed.push(LockedField::NotificationsEnabled);
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> RawPolicyValue {
        RawPolicyValue::Text(s.into())
    }

    fn parse(values: &[(&str, RawPolicyValue)]) -> (Policy, Vec<PolicyWarning>) {
        Policy::parse(values.iter().cloned())
    }

    #[test]
    fn every_value_of_a_full_policy_is_read() {
        let (policy, warnings) = parse(&[
            ("ConnectionKind", text("email")),
            ("ServerUrl", text("https://vraa.example.lv/api/")),
            ("ImapHost", text("outlook.office365.com")),
            ("ImapPort", RawPolicyValue::Dword(993)),
            ("SmtpHost", text("smtp.office365.com")),
            ("SmtpPort", RawPolicyValue::Dword(587)),
            ("MailTls", text("STARTTLS")),
            ("VraaEmailAddress", text("IT@vraa.gov.lv")),
            ("OAuthTenant", text("iestade.onmicrosoft.com")),
            (
                "OAuthClientId",
                text("9E5F94BC-E8A4-4E73-B8BE-63364C29D753"),
            ),
            ("OAuthAuthority", text("https://login.microsoftonline.us/")),
            (
                "OAuthScopes",
                text(" https://outlook.office365.us/IMAP.AccessAsUser.All  https://outlook.office365.us/SMTP.Send offline_access "),
            ),
            ("OAuthDeviceCodeAllowed", RawPolicyValue::Dword(1)),
            ("Proxy", text("http://proxy.iestade.lv:3128/")),
            ("CaCertFile", text(r"C:\ProgramData\Iestade\ca.pem")),
            ("SyncIntervalMinutes", RawPolicyValue::Dword(15)),
            ("DemoAllowed", RawPolicyValue::Dword(0)),
            ("NotificationsEnabled", RawPolicyValue::Dword(1)),
        ]);
        assert_eq!(warnings, vec![]);
        assert_eq!(
            policy,
            Policy {
                connection_kind: Some(ConnectionKind::Email),
                server_url: Some("https://vraa.example.lv/api".into()),
                imap_host: Some("outlook.office365.com".into()),
                imap_port: Some(993),
                smtp_host: Some("smtp.office365.com".into()),
                smtp_port: Some(587),
                mail_tls: Some(MailTls::Starttls),
                vraa_email_address: Some("IT@vraa.gov.lv".into()),
                oauth_tenant: Some("iestade.onmicrosoft.com".into()),
                oauth_client_id: Some("9e5f94bc-e8a4-4e73-b8be-63364c29d753".into()),
                oauth_authority: Some("https://login.microsoftonline.us".into()),
                oauth_scopes: Some(vec![
                    "https://outlook.office365.us/IMAP.AccessAsUser.All".into(),
                    "https://outlook.office365.us/SMTP.Send".into(),
                    "offline_access".into(),
                ]),
                oauth_device_code_allowed: Some(true),
                proxy: Some(ProxySetting::Manual {
                    url: "http://proxy.iestade.lv:3128".into()
                }),
                ca_cert_file: Some(r"C:\ProgramData\Iestade\ca.pem".into()),
                sync_interval_minutes: Some(15),
                demo_allowed: Some(false),
                notifications_enabled: Some(true),
            }
        );
        assert!(!policy.demo_allowed());
    }

    #[test]
    fn entries_name_every_value_set_in_the_documented_order() {
        let (policy, _) = parse(&[
            ("NotificationsEnabled", RawPolicyValue::Dword(0)),
            ("Proxy", text("none")),
            ("OAuthDeviceCodeAllowed", RawPolicyValue::Dword(0)),
            (
                "OAuthScopes",
                text("https://outlook.office.com/IMAP.AccessAsUser.All\toffline_access"),
            ),
            ("OAuthAuthority", text("https://login.microsoftonline.com/")),
            ("ServerUrl", text("https://vraa.example.lv")),
        ]);
        let entries: Vec<(String, String)> = policy
            .entries()
            .into_iter()
            .map(|e| (e.name, e.value))
            .collect();
        assert_eq!(
            entries,
            [
                ("ServerUrl".into(), "https://vraa.example.lv".into()),
                (
                    "OAuthAuthority".into(),
                    "https://login.microsoftonline.com".into()
                ),
                (
                    "OAuthScopes".into(),
                    "https://outlook.office.com/IMAP.AccessAsUser.All offline_access".into()
                ),
                ("OAuthDeviceCodeAllowed".into(), "0".into()),
                ("Proxy".into(), "none".into()),
                ("NotificationsEnabled".into(), "0".into()),
            ]
        );
    }

    #[test]
    fn every_listed_name_is_understood() {
        // A name in the list that `parse` forgot would be silently dropped: each one,
        // given a value of a kind it cannot be, must at least produce its own warning.
        for name in POLICY_VALUE_NAMES {
            let (_, warnings) = parse(&[(name, RawPolicyValue::Unsupported("REG_BINARY".into()))]);
            assert_eq!(warnings.len(), 1, "{name}");
            assert_eq!(warnings[0].value_name, name);
            assert!(warnings[0].en.contains("REG_BINARY"), "{:?}", warnings[0]);
        }
    }

    #[test]
    fn names_are_matched_without_case_like_the_registry() {
        let (policy, warnings) = parse(&[("serverurl", text("https://vraa.example.lv"))]);
        assert!(warnings.is_empty());
        assert_eq!(
            policy.server_url.as_deref(),
            Some("https://vraa.example.lv")
        );
    }

    #[test]
    fn a_value_of_the_wrong_type_is_ignored_with_a_bilingual_warning() {
        let (policy, warnings) = parse(&[
            ("SyncIntervalMinutes", text("15")),
            ("ServerUrl", RawPolicyValue::Dword(1)),
            ("DemoAllowed", text("0")),
            ("NotificationsEnabled", RawPolicyValue::Dword(0)),
        ]);
        assert_eq!(policy.sync_interval_minutes, None);
        assert_eq!(policy.server_url, None);
        assert_eq!(policy.demo_allowed, None);
        assert!(
            policy.demo_allowed(),
            "an unreadable DemoAllowed leaves the default"
        );
        // The rest of the policy still applies.
        assert_eq!(policy.notifications_enabled, Some(false));
        let names: Vec<&str> = warnings.iter().map(|w| w.value_name.as_str()).collect();
        assert_eq!(names, ["SyncIntervalMinutes", "ServerUrl", "DemoAllowed"]);
        let first = &warnings[0];
        assert_eq!(
            first.lv,
            "Iestādes IT politikas vērtība SyncIntervalMinutes netiek ņemta vērā: jābūt skaitlim (REG_DWORD), bet ir teksts"
        );
        assert_eq!(
            first.en,
            "The organisation policy value SyncIntervalMinutes is ignored: it must be a number (REG_DWORD), but it is text"
        );
        assert!(first.message().contains(" / The organisation policy value"));
    }

    #[test]
    fn an_insecure_server_url_is_ignored() {
        let (policy, warnings) = parse(&[("ServerUrl", text("http://vraa.example.lv"))]);
        assert_eq!(policy.server_url, None);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].en.starts_with(
                "The organisation policy value ServerUrl is ignored: “http://vraa.example.lv” does not use https"
            ),
            "{}",
            warnings[0].en
        );
        assert!(warnings[0].lv.contains("neizmanto https"));
        // Loopback stays allowed, exactly as in Settings.
        let (policy, warnings) = parse(&[("ServerUrl", text("http://127.0.0.1:8787"))]);
        assert!(warnings.is_empty());
        assert_eq!(policy.server_url.as_deref(), Some("http://127.0.0.1:8787"));
    }

    #[test]
    fn the_microsoft_sign_in_values_are_checked_as_the_e_mail_form_checks_them() {
        // Of the wrong type: text for the flag, numbers for the texts.
        let (policy, warnings) = parse(&[
            ("OAuthAuthority", RawPolicyValue::Dword(1)),
            ("OAuthScopes", RawPolicyValue::Dword(0)),
            ("OAuthDeviceCodeAllowed", text("1")),
        ]);
        assert!(policy.is_empty(), "{policy:?}");
        let names: Vec<&str> = warnings.iter().map(|w| w.value_name.as_str()).collect();
        assert_eq!(
            names,
            ["OAuthAuthority", "OAuthScopes", "OAuthDeviceCodeAllowed"]
        );
        assert!(warnings[0]
            .en
            .ends_with("it must be text (REG_SZ), but it is a number (DWORD)"));
        assert!(warnings[2]
            .lv
            .ends_with("jābūt skaitlim (REG_DWORD), bet ir teksts"));

        // An http authority elsewhere than this computer, as the form refuses it.
        let (policy, warnings) = parse(&[("OAuthAuthority", text("http://login.example.lv"))]);
        assert_eq!(policy.oauth_authority, None);
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings[0].en,
            "The organisation policy value OAuthAuthority is ignored: the sign-in service must use https, not http (login.example.lv); http is allowed only on this computer"
        );
        assert_eq!(
            warnings[0].lv,
            "Iestādes IT politikas vērtība OAuthAuthority netiek ņemta vērā: pierakstīšanās pakalpojumam jābūt ar https, nevis http (login.example.lv); http drīkst tikai šajā datorā"
        );
        let (_, warnings) = parse(&[("OAuthAuthority", text("https://login.example.lv/?x=1"))]);
        assert!(
            warnings[0].en.ends_with("“https://login.example.lv/?x=1” is not the address of a sign-in service (https://…)"),
            "{}",
            warnings[0].en
        );
        // A test provider on this computer may use http, as in the form.
        let (policy, warnings) = parse(&[("OAuthAuthority", text("http://127.0.0.1:4000/"))]);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            policy.oauth_authority.as_deref(),
            Some("http://127.0.0.1:4000")
        );

        // Scopes that name neither mail server: signed in, then no mail.
        let (policy, warnings) = parse(&[("OAuthScopes", text("offline_access  openid"))]);
        assert_eq!(policy.oauth_scopes, None);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].en.ends_with("the scopes “offline_access openid” name no permission for the mail servers (e.g. https://outlook.office.com/IMAP.AccessAsUser.All)"),
            "{}",
            warnings[0].en
        );
        assert!(warnings[0]
            .lv
            .contains("nav nevienas pasta serveru atļaujas"));

        // The flag is 0 or 1, like DemoAllowed.
        let (policy, warnings) = parse(&[("OAuthDeviceCodeAllowed", RawPolicyValue::Dword(2))]);
        assert_eq!(policy.oauth_device_code_allowed, None);
        assert!(warnings[0].en.ends_with("it must be 0 or 1, but it is 2"));
        let (policy, _) = parse(&[("OAuthDeviceCodeAllowed", RawPolicyValue::Dword(0))]);
        assert_eq!(policy.oauth_device_code_allowed, Some(false));
    }

    #[test]
    fn out_of_range_and_malformed_values_are_ignored() {
        let (policy, warnings) = parse(&[
            ("SyncIntervalMinutes", RawPolicyValue::Dword(0)),
            ("ImapPort", RawPolicyValue::Dword(70000)),
            ("SmtpPort", RawPolicyValue::Dword(0)),
            ("DemoAllowed", RawPolicyValue::Dword(2)),
            ("ConnectionKind", text("fax")),
            ("MailTls", text("none")),
            ("ImapHost", text("imap://mail.iestade.lv")),
            ("VraaEmailAddress", text("IT vraa.gov.lv")),
            ("OAuthClientId", text("not-a-guid")),
            ("OAuthTenant", text("iestāde tenant")),
            ("OAuthAuthority", text("login.microsoftonline.com")),
            ("OAuthScopes", text("offline_access")),
            ("OAuthDeviceCodeAllowed", RawPolicyValue::Dword(2)),
            ("Proxy", text("nav")),
        ]);
        assert!(policy.is_empty(), "{policy:?}");
        assert_eq!(warnings.len(), 14, "{warnings:#?}");
        assert!(warnings[0].en.contains("outside 1..1440"));
        assert!(warnings[4].en.contains("is none of: “api”, “email”"));
    }

    #[test]
    fn proxy_takes_system_none_or_a_url() {
        let (policy, _) = parse(&[("Proxy", text("System"))]);
        assert_eq!(policy.proxy, Some(ProxySetting::System));
        let (policy, _) = parse(&[("Proxy", text("none"))]);
        assert_eq!(policy.proxy, Some(ProxySetting::None));
        let (policy, _) = parse(&[("Proxy", text("socks5://10.0.0.1:1080"))]);
        assert_eq!(
            policy.proxy,
            Some(ProxySetting::Manual {
                url: "socks5://10.0.0.1:1080".into()
            })
        );
    }

    #[test]
    fn empty_text_means_not_set_and_unknown_names_are_reported() {
        let (policy, warnings) = parse(&[
            ("ServerUrl", text("   ")),
            ("Proxy", text("")),
            ("ServerAddress", text("https://vraa.example.lv")),
        ]);
        assert!(policy.is_empty());
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].value_name, "ServerAddress");
        assert!(warnings[0].en.contains("does not know"));
    }

    #[test]
    fn machine_policy_wins_over_user_policy_value_by_value() {
        let (machine, _) = parse(&[
            ("ServerUrl", text("https://machine.example.lv")),
            ("DemoAllowed", RawPolicyValue::Dword(0)),
            ("OAuthAuthority", text("https://login.machine.example.lv")),
            ("OAuthScopes", text("https://outlook.office.com/SMTP.Send")),
            ("OAuthDeviceCodeAllowed", RawPolicyValue::Dword(0)),
        ]);
        let (user, _) = parse(&[
            ("ServerUrl", text("https://user.example.lv")),
            ("DemoAllowed", RawPolicyValue::Dword(1)),
            ("SyncIntervalMinutes", RawPolicyValue::Dword(30)),
            ("OAuthAuthority", text("https://login.user.example.lv")),
            (
                "OAuthScopes",
                text("https://outlook.office.com/IMAP.AccessAsUser.All"),
            ),
            ("OAuthDeviceCodeAllowed", RawPolicyValue::Dword(1)),
        ]);
        let merged = Policy::merged(machine, user);
        assert_eq!(
            merged.server_url.as_deref(),
            Some("https://machine.example.lv")
        );
        assert_eq!(merged.demo_allowed, Some(false));
        assert_eq!(
            merged.oauth_authority.as_deref(),
            Some("https://login.machine.example.lv")
        );
        assert_eq!(
            merged.oauth_scopes,
            Some(vec!["https://outlook.office.com/SMTP.Send".to_owned()])
        );
        assert_eq!(
            merged.oauth_device_code_allowed,
            Some(false),
            "a machine's 0 stands against the user's 1"
        );
        assert_eq!(
            merged.sync_interval_minutes,
            Some(30),
            "user fills the gaps"
        );
    }

    #[test]
    fn applying_overrides_locked_fields_and_keeps_the_rest() {
        let policy = Policy {
            server_url: Some("https://vraa.example.lv".into()),
            sync_interval_minutes: Some(60),
            notifications_enabled: Some(false),
            ..Policy::default()
        };
        let mine = Settings {
            server_url: Some("https://other.example.lv".into()),
            language: crate::settings::Language::En,
            proxy: ProxySetting::None,
            ..Settings::default()
        };
        let applied = policy.apply(mine.clone());
        assert_eq!(
            applied.server_url.as_deref(),
            Some("https://vraa.example.lv")
        );
        assert_eq!(applied.sync_interval_minutes, 60);
        assert!(!applied.notifications_enabled);
        assert_eq!(applied.language, crate::settings::Language::En);
        assert_eq!(applied.proxy, ProxySetting::None, "not locked: the user's");
        assert_eq!(
            policy.locked_fields(),
            vec![
                LockedField::ServerUrl,
                LockedField::SyncIntervalMinutes,
                LockedField::NotificationsEnabled
            ]
        );
        assert_eq!(
            policy.changes_to_locked(&mine),
            vec![
                LockedField::ServerUrl,
                LockedField::SyncIntervalMinutes,
                LockedField::NotificationsEnabled
            ]
        );
        // Saving the settings as shown (locked values unchanged) is no change.
        assert!(policy.changes_to_locked(&applied).is_empty());
        assert!(Policy::default().locked_fields().is_empty());
    }

    #[test]
    fn the_demo_keeps_its_own_server() {
        let policy = Policy {
            server_url: Some("https://vraa.example.lv".into()),
            proxy: Some(ProxySetting::None),
            sync_interval_minutes: Some(60),
            ..Policy::default()
        };
        let demo = policy.for_demo();
        assert_eq!(demo.server_url, None);
        assert_eq!(demo.proxy, None);
        assert_eq!(demo.sync_interval_minutes, Some(60));
    }
}
