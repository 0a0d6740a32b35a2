//! The institution's machine policy: where it is read from, and how it governs
//! the settings the app and the CLI use.
//!
//! Windows: `HKLM\SOFTWARE\Policies\VRAA Desk`, then the same key under `HKCU`
//! (machine wins value by value). Linux: `/etc/vraa-desk/policy.json`, or the file
//! named by `VRAA_DESK_POLICY_FILE`. The rules of each value are desk-core's
//! (`desk_core::policy`); this module does the reading and the storing.
//!
//! The policy is enforced in one place, the stored settings: [`enforce`] writes the
//! locked values into the store when it is opened (so the background sync engine,
//! which reads the store before every run, uses them), and [`save_settings`] refuses
//! a change to a locked value.

use std::path::{Path, PathBuf};

use desk_core::policy::{LockedField, Policy, PolicyEntry, PolicyWarning, RawPolicyValue};
use desk_core::settings::{Settings, SettingsError};
use desk_store::Store;
use serde::Serialize;

use crate::{AppError, AppErrorCode};

/// Overrides the Linux policy file (tests, and machines that keep it elsewhere).
pub const POLICY_FILE_ENV: &str = "VRAA_DESK_POLICY_FILE";
/// Where an administrator puts the policy on Linux.
pub const LINUX_POLICY_FILE: &str = "/etc/vraa-desk/policy.json";

/// The policy in force and what was wrong with it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct LoadedPolicy {
    pub policy: Policy,
    pub warnings: Vec<PolicyWarning>,
    /// Where it was read from (registry keys or the file), for Settings and support.
    pub sources: Vec<String>,
}

/// What Settings and `vraa-desk-cli policy show` display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PolicyView {
    pub policy: Policy,
    /// The values set, by policy name, in the documented order.
    pub entries: Vec<PolicyEntry>,
    pub locked_fields: Vec<LockedField>,
    pub demo_allowed: bool,
    pub warnings: Vec<PolicyWarning>,
    pub sources: Vec<String>,
}

impl LoadedPolicy {
    pub fn view(&self) -> PolicyView {
        PolicyView {
            policy: self.policy.clone(),
            entries: self.policy.entries(),
            locked_fields: self.policy.locked_fields(),
            demo_allowed: self.policy.demo_allowed(),
            warnings: self.warnings.clone(),
            sources: self.sources.clone(),
        }
    }

    /// The policy for the demo's own database (its own loopback server).
    pub fn for_demo(&self) -> LoadedPolicy {
        LoadedPolicy {
            policy: self.policy.for_demo(),
            ..self.clone()
        }
    }

    /// Writes every warning to the log (once per start, by the caller's choice).
    pub fn log_warnings(&self) {
        for warning in &self.warnings {
            tracing::warn!(value = %warning.value_name, message = %warning.en, "organisation policy value ignored");
        }
        if !self.policy.is_empty() {
            tracing::info!(sources = ?self.sources, locked = ?self.policy.locked_fields(), "organisation policy in force");
        }
    }

    /// Checks what only IO can check: that the CA file the policy names is usable.
    /// An unusable one is left out with a warning, like any other invalid value.
    fn check_files(mut self) -> LoadedPolicy {
        if let Some(path) = &self.policy.ca_cert_file {
            if let Err(error) = desk_sync::tls::load_extra_ca(Path::new(path)) {
                self.warnings.push(PolicyWarning::ignored(
                    "CaCertFile",
                    &format!("sertifikātu nevar izmantot ({error})"),
                    &format!("the certificate cannot be used ({error})"),
                ));
                self.policy.ca_cert_file = None;
            }
        }
        self
    }
}

/// Reads the policy of this computer and user. Never fails: an unreadable source
/// is a warning and the app keeps working with what it could read.
pub fn load() -> LoadedPolicy {
    platform_load().check_files()
}

#[cfg(not(windows))]
fn platform_load() -> LoadedPolicy {
    let path = std::env::var_os(POLICY_FILE_ENV)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(LINUX_POLICY_FILE));
    load_file(&path)
}

#[cfg(windows)]
fn platform_load() -> LoadedPolicy {
    // The env override also works on Windows, for tests that must not touch the registry.
    if let Some(path) = std::env::var_os(POLICY_FILE_ENV) {
        return load_file(&PathBuf::from(path));
    }
    registry::load()
}

/// Reads a JSON policy file: `{"ServerUrl": "https://…", "DemoAllowed": 0, …}`.
/// No file means no policy; a file that is not a JSON object gives one warning
/// and no policy.
pub fn load_file(path: &Path) -> LoadedPolicy {
    let source = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return LoadedPolicy::default()
        }
        Err(error) => {
            return LoadedPolicy {
                warnings: vec![PolicyWarning::source_unreadable(
                    &source,
                    &error.to_string(),
                    &error.to_string(),
                )],
                ..LoadedPolicy::default()
            }
        }
    };
    let (policy, warnings) = parse_json(&text, &source);
    LoadedPolicy {
        policy,
        warnings,
        sources: vec![source],
    }
}

/// Parses the JSON form of a policy; `source` names it in warnings.
pub fn parse_json(text: &str, source: &str) -> (Policy, Vec<PolicyWarning>) {
    let object = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(object)) => object,
        Ok(_) => {
            return (
                Policy::default(),
                vec![PolicyWarning::source_unreadable(
                    source,
                    "tam jābūt JSON objektam { … }",
                    "it must be a JSON object { … }",
                )],
            )
        }
        Err(error) => {
            return (
                Policy::default(),
                vec![PolicyWarning::source_unreadable(
                    source,
                    &format!("tas nav derīgs JSON ({error})"),
                    &format!("it is not valid JSON ({error})"),
                )],
            )
        }
    };
    Policy::parse(object.into_iter().map(|(name, value)| {
        let raw = match value {
            serde_json::Value::String(text) => RawPolicyValue::Text(text),
            serde_json::Value::Bool(flag) => RawPolicyValue::Dword(u32::from(flag)),
            serde_json::Value::Number(n) => match n.as_u64().and_then(|n| u32::try_from(n).ok()) {
                Some(n) => RawPolicyValue::Dword(n),
                None => RawPolicyValue::Unsupported(format!("JSON number {n}")),
            },
            serde_json::Value::Null => RawPolicyValue::Unsupported("JSON null".into()),
            serde_json::Value::Array(_) => RawPolicyValue::Unsupported("JSON array".into()),
            serde_json::Value::Object(_) => RawPolicyValue::Unsupported("JSON object".into()),
        };
        (name, raw)
    }))
}

#[cfg(windows)]
pub mod registry {
    //! `HKLM` and `HKCU\SOFTWARE\Policies\VRAA Desk` through the `windows-registry` crate.

    use desk_core::policy::{Policy, PolicyWarning, RawPolicyValue, POLICY_REGISTRY_KEY};
    use windows_registry::{Key, Type, CURRENT_USER, LOCAL_MACHINE};

    use super::LoadedPolicy;

    /// HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND): the key does not exist (no policy).
    const KEY_NOT_FOUND: i32 = 0x8007_0002_u32 as i32;

    /// Reads one root's policy key. No key: no policy, no warning.
    pub fn read_values(
        root: &Key,
        root_name: &str,
    ) -> (Vec<(String, RawPolicyValue)>, Option<PolicyWarning>) {
        let source = format!(r"{root_name}\{POLICY_REGISTRY_KEY}");
        let unreadable = |error: &dyn std::fmt::Display| {
            let text = error.to_string();
            Some(PolicyWarning::source_unreadable(&source, &text, &text))
        };
        let key = match root.open(POLICY_REGISTRY_KEY) {
            Ok(key) => key,
            Err(e) if e.code().0 == KEY_NOT_FOUND => return (Vec::new(), None),
            Err(e) => return (Vec::new(), unreadable(&e)),
        };
        let values = match key.values() {
            Ok(values) => values,
            Err(e) => return (Vec::new(), unreadable(&e)),
        };
        let read = values
            .map(|(name, value)| {
                let raw = match value.ty() {
                    Type::U32 => match <[u8; 4]>::try_from(&value[..]) {
                        Ok(bytes) => RawPolicyValue::Dword(u32::from_le_bytes(bytes)),
                        Err(_) => RawPolicyValue::Unsupported("REG_DWORD (damaged)".into()),
                    },
                    Type::String | Type::ExpandString => match String::try_from(value) {
                        Ok(text) => RawPolicyValue::Text(text),
                        Err(_) => RawPolicyValue::Unsupported("REG_SZ (not UTF-16)".into()),
                    },
                    Type::U64 => RawPolicyValue::Unsupported("REG_QWORD".into()),
                    Type::MultiString => RawPolicyValue::Unsupported("REG_MULTI_SZ".into()),
                    Type::Bytes => RawPolicyValue::Unsupported("REG_BINARY".into()),
                    Type::Other(n) => RawPolicyValue::Unsupported(format!("registry type {n}")),
                };
                (name, raw)
            })
            .collect();
        (read, None)
    }

    pub fn load() -> LoadedPolicy {
        let mut warnings = Vec::new();
        let mut sources = Vec::new();
        let mut read = |root: &Key, root_name: &str| {
            let (values, problem) = read_values(root, root_name);
            warnings.extend(problem);
            if !values.is_empty() {
                sources.push(format!(r"{root_name}\{POLICY_REGISTRY_KEY}"));
            }
            let (policy, found) = Policy::parse(values);
            warnings.extend(found);
            policy
        };
        let machine = read(LOCAL_MACHINE, "HKLM");
        let user = read(CURRENT_USER, "HKCU");
        LoadedPolicy {
            policy: Policy::merged(machine, user),
            warnings,
            sources,
        }
    }
}

/// The settings as they apply: the stored ones with the policy's locked values.
pub fn effective_settings(store: &Store, policy: &Policy) -> Result<Settings, AppError> {
    Ok(policy.apply(store.settings()?))
}

/// Writes the locked values into the store if they differ, so everything that
/// reads the stored settings (the sync engine before every run, notifications)
/// obeys the policy. Returns the effective settings.
pub fn enforce(store: &Store, policy: &Policy) -> Result<Settings, AppError> {
    let stored = store.settings()?;
    let effective = policy.apply(stored.clone());
    if effective != stored {
        store.save_settings(&effective)?;
        tracing::info!(locked = ?policy.locked_fields(), "settings set by the organisation policy");
    }
    Ok(effective)
}

/// Reads the policy, logs its warnings and enforces it on `store`: what the app and
/// the CLI do once when they open the user's database. A failure is logged, not
/// returned: the app must still open.
pub fn enforce_at_open(store: &Store) -> LoadedPolicy {
    let loaded = load();
    loaded.log_warnings();
    if let Err(error) = enforce(store, &loaded.policy) {
        tracing::error!(error = %error.en, detail = ?error.detail, "the organisation policy could not be written to the settings");
    }
    loaded
}

fn set_by_policy(field: LockedField) -> AppError {
    AppError::new(
        AppErrorCode::SetByPolicy,
        "Šo iestatījumu ir iestatījis jūsu iestādes IT, to nevar mainīt",
        "This setting is set by your organisation and cannot be changed",
    )
    .field(field.code())
    .detail(format!("policy value {}", field.policy_value_name()))
}

/// The refusal of a change to a value the policy sets.
pub fn refuse_locked_changes(policy: &Policy, wanted: &Settings) -> Result<(), AppError> {
    match policy.changes_to_locked(wanted).first() {
        Some(field) => Err(set_by_policy(*field)),
        None => Ok(()),
    }
}

/// "Connect" to a server other than the one the policy sets is refused, before
/// the token is sent anywhere.
pub fn refuse_other_server(policy: &Policy, server_url: &str) -> Result<(), AppError> {
    let Some(locked) = &policy.server_url else {
        return Ok(());
    };
    let asked = desk_core::settings::validate_server_url(server_url).ok();
    if asked.as_deref() == Some(locked.as_str()) {
        Ok(())
    } else {
        Err(set_by_policy(LockedField::ServerUrl))
    }
}

/// The kind of connection the organisation allows; `kind` is what the user
/// asks for.
pub fn refuse_other_kind(
    policy: &Policy,
    kind: desk_core::policy::ConnectionKind,
) -> Result<(), AppError> {
    match policy.connection_kind {
        Some(allowed) if allowed != kind => Err(AppError::new(
            AppErrorCode::SetByPolicy,
            "Jūsu iestādes IT šajā datorā ir noteikusi citu savienojuma veidu ar VRAA",
            "Your organisation has set another way to connect to VRAA on this computer",
        )
        .field("connectionKind")
        .detail("policy value ConnectionKind")),
        _ => Ok(()),
    }
}

/// The e-mail settings with what the organisation's policy sets (mail
/// servers, their encryption, VRAA's address, the Microsoft sign-in) in
/// place of the user's.
pub fn apply_mail_policy(
    policy: &Policy,
    mut settings: desk_core::mail::MailSettings,
) -> desk_core::mail::MailSettings {
    use desk_core::mail::MailTls as Tls;
    use desk_core::policy::MailTls as PolicyTls;
    if let Some(host) = &policy.imap_host {
        settings.imap.host = host.clone();
    }
    if let Some(port) = policy.imap_port {
        settings.imap.port = port;
    }
    if let Some(host) = &policy.smtp_host {
        settings.smtp.host = host.clone();
    }
    if let Some(port) = policy.smtp_port {
        settings.smtp.port = port;
    }
    match policy.mail_tls {
        // "tls": encrypted from the first byte on both; "starttls": upgraded on both.
        Some(PolicyTls::Tls) => {
            settings.imap.tls = Tls::Implicit;
            settings.smtp.tls = Tls::Implicit;
        }
        Some(PolicyTls::Starttls) => {
            settings.imap.tls = Tls::StartTls;
            settings.smtp.tls = Tls::StartTls;
        }
        None => {}
    }
    if let Some(address) = &policy.vraa_email_address {
        settings.vraa_address = address.clone();
    }
    if let Some(tenant) = &policy.oauth_tenant {
        settings.oauth.tenant = tenant.clone();
    }
    if let Some(client_id) = &policy.oauth_client_id {
        settings.oauth.client_id = client_id.clone();
    }
    if let Some(authority) = &policy.oauth_authority {
        settings.oauth.authority = authority.clone();
    }
    if let Some(scopes) = &policy.oauth_scopes {
        settings.oauth.scopes = scopes.clone();
    }
    // Both ways: an administrator may force the device-code sign-in off
    // (Microsoft's advice) whatever the user ticked, or on for a fleet
    // whose browsers cannot return to the desktop.
    if let Some(allowed) = policy.oauth_device_code_allowed {
        settings.oauth.device_code_allowed = allowed;
    }
    settings
}

/// What a refused Settings field is called in both languages.
pub fn settings_error(error: &SettingsError) -> AppError {
    let (code, lv, en) = match error {
        SettingsError::InvalidProxyUrl { .. } => (
            AppErrorCode::InvalidProxyUrl,
            "Tā nav derīga starpniekservera adrese (http, https vai socks5)",
            "That is not a valid proxy address (http, https or socks5)",
        ),
        SettingsError::InvalidSyncInterval { .. } => (
            AppErrorCode::InvalidSyncInterval,
            "Sinhronizācijas intervālam jābūt no 1 līdz 1440 minūtēm",
            "The sync interval must be 1 to 1440 minutes",
        ),
        url_problem => return crate::connection::settings_error(url_problem),
    };
    AppError::new(code, lv, en)
        .field(error.field())
        .detail(error)
}

/// "Save" in Settings: refuses changes to values the policy sets, validates every
/// field (and reads the CA file), then stores the settings.
pub fn save_settings(
    store: &Store,
    policy: &Policy,
    wanted: Settings,
) -> Result<Settings, AppError> {
    refuse_locked_changes(policy, &wanted)?;
    let settings = wanted.validated().map_err(|e| settings_error(&e))?;
    if let Some(path) = &settings.ca_cert_path {
        desk_sync::tls::load_extra_ca(Path::new(path)).map_err(|e| {
            let code = match e {
                desk_sync::tls::CaFileError::Unreadable { .. } => AppErrorCode::CaFileUnreadable,
                desk_sync::tls::CaFileError::Invalid { .. } => AppErrorCode::CaFileInvalid,
            };
            AppError::new(
                code,
                "Šo CA sertifikāta failu nevar izmantot",
                "This CA certificate file cannot be used",
            )
            .field("caCertPath")
            .detail(e)
        })?;
    }
    store.save_settings(&settings)?;
    Ok(settings)
}

/// The demo may not start when the policy says `DemoAllowed = 0`.
pub fn refuse_demo_if_forbidden(policy: &Policy) -> Result<(), AppError> {
    if policy.demo_allowed() {
        Ok(())
    } else {
        Err(AppError::new(
            AppErrorCode::DemoNotAllowed,
            "Jūsu iestādes IT šajā datorā demo ir izslēgusi",
            "Your organisation has turned the demo off on this computer",
        )
        .detail("policy value DemoAllowed = 0"))
    }
}

#[cfg(test)]
mod mail_policy_tests {
    use super::*;
    use desk_core::mail::{MailSettings, MailTls};
    use desk_core::policy::ConnectionKind;

    #[test]
    fn the_policy_sets_the_mail_servers_their_encryption_and_vraas_address() {
        let policy = Policy {
            imap_host: Some("outlook.office365.com".into()),
            imap_port: Some(993),
            smtp_host: Some("smtp.office365.com".into()),
            smtp_port: Some(587),
            mail_tls: Some(desk_core::policy::MailTls::Starttls),
            vraa_email_address: Some("pieteikumi@vraa.gov.lv".into()),
            ..Policy::default()
        };
        let mine = MailSettings::for_address("janis@iestade.gov.lv", "127.0.0.1");
        let applied = apply_mail_policy(&policy, mine.clone());
        assert_eq!(applied.imap.host, "outlook.office365.com");
        assert_eq!(applied.smtp.host, "smtp.office365.com");
        assert_eq!(
            (applied.imap.tls, applied.smtp.tls),
            (MailTls::StartTls, MailTls::StartTls)
        );
        assert_eq!(applied.vraa_address, "pieteikumi@vraa.gov.lv");
        assert_eq!(
            applied.address, mine.address,
            "the user's own address stays"
        );
        assert_eq!(apply_mail_policy(&Policy::default(), mine.clone()), mine);
    }

    #[test]
    fn the_policy_sets_the_microsoft_sign_in_in_place_of_the_users() {
        let policy = Policy {
            oauth_tenant: Some("iestade.onmicrosoft.com".into()),
            oauth_client_id: Some("9e5f94bc-e8a4-4e73-b8be-63364c29d753".into()),
            oauth_authority: Some("https://login.microsoftonline.us".into()),
            oauth_scopes: Some(vec![
                "https://outlook.office365.us/IMAP.AccessAsUser.All".into(),
                "https://outlook.office365.us/SMTP.Send".into(),
            ]),
            oauth_device_code_allowed: Some(false),
            ..Policy::default()
        };
        let mut mine = MailSettings::for_address("janis@iestade.gov.lv", "outlook.office365.com");
        mine.sign_in = desk_core::mail::MailSignIn::OAuth2;
        mine.oauth.authority = "https://login.example.lv".into();
        mine.oauth.device_code_allowed = true;
        let applied = apply_mail_policy(&policy, mine.clone());
        assert_eq!(applied.oauth.authority, "https://login.microsoftonline.us");
        assert_eq!(
            applied.oauth.scopes,
            [
                "https://outlook.office365.us/IMAP.AccessAsUser.All",
                "https://outlook.office365.us/SMTP.Send"
            ]
        );
        assert!(
            !applied.oauth.device_code_allowed,
            "the policy's 0 turns off what the user allowed"
        );
        assert_eq!(applied.oauth.tenant, "iestade.onmicrosoft.com");
        assert_eq!(
            applied.oauth.client_id,
            "9e5f94bc-e8a4-4e73-b8be-63364c29d753"
        );
        // What the policy sets passes the form's own check.
        assert!(applied.oauth.clone().validated().is_ok());
        // And on: the policy's 1 offers it though the user never ticked it.
        let forced_on = Policy {
            oauth_device_code_allowed: Some(true),
            ..Policy::default()
        };
        mine.oauth.device_code_allowed = false;
        let applied = apply_mail_policy(&forced_on, mine.clone());
        assert!(applied.oauth.device_code_allowed);
        assert_eq!(
            applied.oauth.authority, "https://login.example.lv",
            "not set: the user's"
        );
        assert_eq!(applied.oauth.scopes, mine.oauth.scopes);
    }

    #[test]
    fn the_policy_may_allow_one_kind_of_connection() {
        let api_only = Policy {
            connection_kind: Some(ConnectionKind::Api),
            ..Policy::default()
        };
        let err = refuse_other_kind(&api_only, ConnectionKind::Email).unwrap_err();
        assert_eq!(err.code, AppErrorCode::SetByPolicy);
        assert_eq!(err.field.as_deref(), Some("connectionKind"));
        assert!(refuse_other_kind(&api_only, ConnectionKind::Api).is_ok());
        assert!(refuse_other_kind(&Policy::default(), ConnectionKind::Email).is_ok());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use desk_core::policy::LockedField;

    fn write(dir: &Path, text: &str) -> PathBuf {
        let path = dir.join("policy.json");
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn a_policy_file_is_read_with_numbers_and_booleans() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            r#"{"ServerUrl": "https://vraa.example.lv", "DemoAllowed": false,
                "SyncIntervalMinutes": 30, "NotificationsEnabled": 1,
                "OAuthAuthority": "https://login.microsoftonline.com",
                "OAuthScopes": "https://outlook.office.com/IMAP.AccessAsUser.All https://outlook.office.com/SMTP.Send",
                "OAuthDeviceCodeAllowed": true}"#,
        );
        let loaded = load_file(&path);
        assert_eq!(loaded.warnings, vec![]);
        assert_eq!(loaded.sources, vec![path.display().to_string()]);
        assert_eq!(
            loaded.policy.server_url.as_deref(),
            Some("https://vraa.example.lv")
        );
        assert_eq!(loaded.policy.demo_allowed, Some(false));
        assert_eq!(loaded.policy.sync_interval_minutes, Some(30));
        assert_eq!(loaded.policy.notifications_enabled, Some(true));
        assert_eq!(
            loaded.policy.oauth_authority.as_deref(),
            Some("https://login.microsoftonline.com")
        );
        assert_eq!(
            loaded.policy.oauth_scopes,
            Some(vec![
                "https://outlook.office.com/IMAP.AccessAsUser.All".to_owned(),
                "https://outlook.office.com/SMTP.Send".to_owned()
            ])
        );
        assert_eq!(
            loaded.policy.oauth_device_code_allowed,
            Some(true),
            "a JSON boolean, like DemoAllowed"
        );
    }

    #[test]
    fn no_file_is_no_policy_and_no_warning() {
        let dir = tempfile::tempdir().unwrap();
        let loaded = load_file(&dir.path().join("absent.json"));
        assert_eq!(loaded, LoadedPolicy::default());
    }

    #[test]
    fn a_malformed_file_is_one_warning_and_no_policy() {
        let dir = tempfile::tempdir().unwrap();
        for text in [r#"{"ServerUrl": "https://vraa.example.lv""#, "[1, 2]"] {
            let loaded = load_file(&write(dir.path(), text));
            assert!(loaded.policy.is_empty());
            assert_eq!(loaded.warnings.len(), 1, "{text}");
            assert!(
                loaded.warnings[0]
                    .en
                    .starts_with("The organisation policy "),
                "{:?}",
                loaded.warnings[0]
            );
            assert!(loaded.warnings[0].lv.starts_with("Iestādes IT politiku"));
        }
    }

    #[test]
    fn wrong_json_types_and_invalid_values_are_ignored_one_by_one() {
        let (policy, warnings) = parse_json(
            r#"{"ServerUrl": "http://vraa.example.lv", "SyncIntervalMinutes": "5",
                "ImapPort": -1, "Proxy": null, "DemoAllowed": 0,
                "OAuthScopes": ["https://outlook.office.com/SMTP.Send"],
                "OAuthDeviceCodeAllowed": "yes"}"#,
            "test",
        );
        assert_eq!(policy.demo_allowed, Some(false), "the valid value applies");
        assert_eq!(policy.server_url, None);
        let mut names: Vec<&str> = warnings.iter().map(|w| w.value_name.as_str()).collect();
        names.sort_unstable();
        assert_eq!(
            names,
            [
                "ImapPort",
                "OAuthDeviceCodeAllowed",
                "OAuthScopes",
                "Proxy",
                "ServerUrl",
                "SyncIntervalMinutes"
            ]
        );
    }

    #[test]
    fn an_unusable_ca_file_is_left_out_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nav.pem");
        let path = write(
            dir.path(),
            &serde_json::json!({"CaCertFile": missing.display().to_string()}).to_string(),
        );
        let loaded = load_file(&path).check_files();
        assert_eq!(loaded.policy.ca_cert_file, None);
        assert_eq!(loaded.warnings.len(), 1);
        assert_eq!(loaded.warnings[0].value_name, "CaCertFile");
    }

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join(desk_store::DATABASE_FILE_NAME)).unwrap();
        (dir, store)
    }

    fn locking_policy() -> Policy {
        Policy {
            server_url: Some("https://vraa.example.lv".into()),
            sync_interval_minutes: Some(60),
            ..Policy::default()
        }
    }

    #[test]
    fn enforcing_writes_the_locked_values_into_the_store() {
        let (_dir, store) = store();
        store
            .save_settings(&Settings {
                server_url: Some("https://other.example.lv".into()),
                ..Settings::default()
            })
            .unwrap();
        let effective = enforce(&store, &locking_policy()).unwrap();
        // What the sync engine reads before its next run:
        let stored = store.settings().unwrap();
        assert_eq!(stored, effective);
        assert_eq!(
            stored.server_url.as_deref(),
            Some("https://vraa.example.lv")
        );
        assert_eq!(stored.sync_interval_minutes, 60);
        assert_eq!(
            effective_settings(&store, &Policy::default()).unwrap(),
            stored
        );
    }

    #[test]
    fn saving_refuses_a_change_to_a_locked_value_and_allows_the_rest() {
        let (_dir, store) = store();
        let policy = locking_policy();
        let shown = enforce(&store, &policy).unwrap();
        let err = save_settings(
            &store,
            &policy,
            Settings {
                server_url: Some("https://other.example.lv".into()),
                ..shown.clone()
            },
        )
        .unwrap_err();
        assert_eq!(err.code, AppErrorCode::SetByPolicy);
        assert_eq!(err.field.as_deref(), Some("serverUrl"));
        assert!(err.lv.contains("iestādes IT"));
        assert!(err.en.contains("set by your organisation"));
        assert_eq!(
            store.settings().unwrap().server_url.as_deref(),
            Some("https://vraa.example.lv"),
            "nothing was saved"
        );
        // Changing only what is not locked works.
        let saved = save_settings(
            &store,
            &policy,
            Settings {
                notifications_enabled: false,
                ..shown
            },
        )
        .unwrap();
        assert!(!saved.notifications_enabled);
        assert!(!store.settings().unwrap().notifications_enabled);
    }

    #[test]
    fn saving_still_validates_unlocked_fields() {
        let (_dir, store) = store();
        let err = save_settings(
            &store,
            &Policy::default(),
            Settings {
                sync_interval_minutes: 0,
                ..Settings::default()
            },
        )
        .unwrap_err();
        assert_eq!(err.code, AppErrorCode::InvalidSyncInterval);
        let err = save_settings(
            &store,
            &Policy::default(),
            Settings {
                server_url: Some("http://vraa.example.lv".into()),
                ..Settings::default()
            },
        )
        .unwrap_err();
        assert_eq!(err.code, AppErrorCode::InsecureUrl);
    }

    #[test]
    fn the_view_lists_what_is_locked() {
        let loaded = LoadedPolicy {
            policy: Policy {
                demo_allowed: Some(false),
                ..locking_policy()
            },
            ..LoadedPolicy::default()
        };
        let view = loaded.view();
        assert!(!view.demo_allowed);
        assert_eq!(
            view.locked_fields,
            vec![LockedField::ServerUrl, LockedField::SyncIntervalMinutes]
        );
        assert_eq!(
            loaded.for_demo().view().locked_fields,
            vec![LockedField::SyncIntervalMinutes]
        );
        let json = serde_json::to_value(&view).unwrap();
        assert_eq!(
            json["lockedFields"],
            serde_json::json!(["serverUrl", "syncIntervalMinutes"])
        );
        assert_eq!(json["policy"]["serverUrl"], "https://vraa.example.lv");
    }

    #[test]
    fn connecting_elsewhere_than_the_policy_server_is_refused() {
        let policy = locking_policy();
        assert!(refuse_other_server(&policy, "https://vraa.example.lv/").is_ok());
        let err = refuse_other_server(&policy, "https://other.example.lv").unwrap_err();
        assert_eq!(err.code, AppErrorCode::SetByPolicy);
        assert_eq!(err.field.as_deref(), Some("serverUrl"));
        assert!(refuse_other_server(&Policy::default(), "https://other.example.lv").is_ok());
    }

    #[test]
    fn a_forbidden_demo_is_refused_in_both_languages() {
        let forbidden = Policy {
            demo_allowed: Some(false),
            ..Policy::default()
        };
        let err = refuse_demo_if_forbidden(&forbidden).unwrap_err();
        assert_eq!(err.code, AppErrorCode::DemoNotAllowed);
        assert!(err.lv.contains("demo"));
        assert!(err.en.contains("turned the demo off"));
        assert!(refuse_demo_if_forbidden(&Policy::default()).is_ok());
    }
}

/// The registry round trip, under Wine in CI: HKCU is writable without admin.
#[cfg(all(test, windows))]
mod windows_tests {
    use desk_core::policy::POLICY_REGISTRY_KEY;
    use windows_registry::CURRENT_USER;

    #[test]
    fn values_written_under_hkcu_are_read_back_through_the_module() {
        let key = CURRENT_USER.create(POLICY_REGISTRY_KEY).unwrap();
        key.set_string("ServerUrl", "https://vraa.example.lv")
            .unwrap();
        key.set_u32("SyncIntervalMinutes", 45).unwrap();
        // Wrong type: a string where a DWORD belongs.
        key.set_string("DemoAllowed", "0").unwrap();
        let loaded = super::registry::load();
        let _ = CURRENT_USER.remove_tree(POLICY_REGISTRY_KEY);
        assert_eq!(
            loaded.policy.server_url.as_deref(),
            Some("https://vraa.example.lv")
        );
        assert_eq!(loaded.policy.sync_interval_minutes, Some(45));
        assert_eq!(loaded.policy.demo_allowed, None);
        assert!(loaded
            .warnings
            .iter()
            .any(|w| w.value_name == "DemoAllowed" && w.en.contains("REG_DWORD")));
        assert!(loaded
            .sources
            .iter()
            .any(|s| s == r"HKCU\SOFTWARE\Policies\VRAA Desk"));
    }
}
