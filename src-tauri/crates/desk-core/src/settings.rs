//! User settings and their validation.
//!
//! The rules live here, not in the UI or the shell, so that the desktop app, the
//! CLI and the tests refuse exactly the same input. Reading files (the optional CA
//! certificate) is left to the callers: this crate does no IO.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};
use url::Url;

/// Interface language. Latvian is the default: the users are Latvian civil servants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Lv,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Lv => "lv",
            Language::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "lv" => Some(Language::Lv),
            "en" => Some(Language::En),
            _ => None,
        }
    }
}

/// Colour theme; `System` follows the operating system's light/dark preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub fn code(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "system" => Some(Theme::System),
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }
}

/// How HTTP traffic to VRAA reaches the network.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "mode", rename_all = "lowercase")]
pub enum ProxySetting {
    /// Use the operating system's proxy configuration (the default in agencies).
    #[default]
    System,
    /// Connect directly.
    None,
    /// Use this proxy URL (http, https or socks5).
    Manual { url: String },
}

/// Everything the user can set in the Settings screen. The API token is
/// deliberately absent: it lives only in the OS credential store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// Base URL of the VRAA API; `None` means not configured yet.
    pub server_url: Option<String>,
    pub language: Language,
    pub theme: Theme,
    pub sync_interval_minutes: u32,
    pub proxy: ProxySetting,
    /// Optional extra CA certificate (PEM file) trusted for the VRAA server.
    pub ca_cert_path: Option<String>,
    /// Native OS notifications when VRAA changes a request, asks for
    /// information, or an SLA clock is about to breach. On unless turned off;
    /// settings saved before this existed read as on.
    #[serde(default = "notifications_default")]
    pub notifications_enabled: bool,
}

fn notifications_default() -> bool {
    true
}

/// Bounds of the background sync interval, in minutes.
pub const SYNC_INTERVAL_MIN: u32 = 1;
pub const SYNC_INTERVAL_MAX: u32 = 1440;
pub const SYNC_INTERVAL_DEFAULT: u32 = 5;

impl Default for Settings {
    fn default() -> Self {
        Self {
            server_url: None,
            language: Language::default(),
            theme: Theme::default(),
            sync_interval_minutes: SYNC_INTERVAL_DEFAULT,
            proxy: ProxySetting::default(),
            ca_cert_path: None,
            notifications_enabled: notifications_default(),
        }
    }
}

/// Why a setting was refused. Each variant maps to a stable code that the UI
/// translates; `field` names the form field to mark.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error("server URL {input:?} is not a valid URL: {reason}")]
    InvalidUrl { input: String, reason: String },
    #[error("server URL {input:?} must use https (http is allowed only for this computer)")]
    InsecureUrl { input: String },
    #[error("server URL {input:?} must start with https://")]
    UnsupportedUrlScheme { input: String },
    #[error("proxy URL {input:?} is not valid: {reason}")]
    InvalidProxyUrl { input: String, reason: String },
    #[error("sync interval {minutes} min is outside {SYNC_INTERVAL_MIN}..={SYNC_INTERVAL_MAX}")]
    InvalidSyncInterval { minutes: u32 },
}

impl SettingsError {
    /// Stable, language-neutral code (camelCase, shared with the UI's dictionary).
    pub fn code(&self) -> &'static str {
        match self {
            SettingsError::InvalidUrl { .. } => "invalidUrl",
            SettingsError::InsecureUrl { .. } => "insecureUrl",
            SettingsError::UnsupportedUrlScheme { .. } => "unsupportedUrlScheme",
            SettingsError::InvalidProxyUrl { .. } => "invalidProxyUrl",
            SettingsError::InvalidSyncInterval { .. } => "invalidSyncInterval",
        }
    }

    /// The Settings form field this error belongs to.
    pub fn field(&self) -> &'static str {
        match self {
            SettingsError::InvalidUrl { .. }
            | SettingsError::InsecureUrl { .. }
            | SettingsError::UnsupportedUrlScheme { .. } => "serverUrl",
            SettingsError::InvalidProxyUrl { .. } => "proxy",
            SettingsError::InvalidSyncInterval { .. } => "syncIntervalMinutes",
        }
    }
}

/// True for `localhost`, 127.0.0.0/8 and `::1`: the only hosts plain http may reach,
/// because traffic to them never leaves the computer (the bundled sandbox).
pub fn is_loopback_host(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// Parses and checks a VRAA server URL: https anywhere, http only to loopback.
/// Returns the normalised URL text (trailing slash removed) to store.
pub fn validate_server_url(input: &str) -> Result<String, SettingsError> {
    let trimmed = input.trim();
    let url = Url::parse(trimmed).map_err(|e| SettingsError::InvalidUrl {
        input: input.to_owned(),
        reason: e.to_string(),
    })?;
    if url.host().is_none() {
        return Err(SettingsError::InvalidUrl {
            input: input.to_owned(),
            reason: "no host".into(),
        });
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback_host(&url) => {}
        "http" => {
            return Err(SettingsError::InsecureUrl {
                input: input.to_owned(),
            })
        }
        _ => {
            return Err(SettingsError::UnsupportedUrlScheme {
                input: input.to_owned(),
            })
        }
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// Checks a manual proxy URL (http, https or socks5 with a host).
pub fn validate_proxy_url(input: &str) -> Result<String, SettingsError> {
    let invalid = |reason: String| SettingsError::InvalidProxyUrl {
        input: input.to_owned(),
        reason,
    };
    let url = Url::parse(input.trim()).map_err(|e| invalid(e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https" | "socks5" | "socks5h") {
        return Err(invalid(format!("unsupported scheme {}", url.scheme())));
    }
    if url.host().is_none() {
        return Err(invalid("no host".into()));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

impl Settings {
    /// Validates every field and returns the normalised settings to store.
    /// The CA file is only checked for being set; its contents are checked by
    /// the caller that can read files.
    pub fn validated(mut self) -> Result<Self, SettingsError> {
        self.server_url = match self.server_url.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(url) => Some(validate_server_url(url)?),
        };
        if !(SYNC_INTERVAL_MIN..=SYNC_INTERVAL_MAX).contains(&self.sync_interval_minutes) {
            return Err(SettingsError::InvalidSyncInterval {
                minutes: self.sync_interval_minutes,
            });
        }
        if let ProxySetting::Manual { url } = &self.proxy {
            self.proxy = ProxySetting::Manual {
                url: validate_proxy_url(url)?,
            };
        }
        self.ca_cert_path = self
            .ca_cert_path
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty());
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_urls_are_accepted_and_normalised() {
        assert_eq!(
            validate_server_url(" https://pieteikumi.vraa.gov.lv/api/ ").unwrap(),
            "https://pieteikumi.vraa.gov.lv/api"
        );
    }

    #[test]
    fn http_is_accepted_only_for_loopback() {
        for ok in [
            "http://127.0.0.1:8787",
            "http://localhost:8787",
            "http://[::1]:8787",
            "http://127.3.4.5",
        ] {
            assert!(validate_server_url(ok).is_ok(), "{ok} should be accepted");
        }
        for bad in [
            "http://vraa.gov.lv",
            "http://10.0.0.1:8787",
            "http://localhost.evil.lv",
        ] {
            assert!(
                matches!(
                    validate_server_url(bad),
                    Err(SettingsError::InsecureUrl { .. })
                ),
                "{bad} should be refused as insecure"
            );
        }
    }

    #[test]
    fn text_that_is_not_a_url_is_refused() {
        let err = validate_server_url("vraa serveris").unwrap_err();
        assert_eq!(err.code(), "invalidUrl");
        assert_eq!(err.field(), "serverUrl");
        assert!(matches!(
            validate_server_url("ftp://vraa.gov.lv"),
            Err(SettingsError::UnsupportedUrlScheme { .. })
        ));
        assert!(matches!(
            validate_server_url("mailto:it@vraa.gov.lv"),
            Err(SettingsError::InvalidUrl { .. })
        ));
    }

    #[test]
    fn settings_validation_checks_every_field() {
        let ok = Settings {
            server_url: Some("  ".into()),
            proxy: ProxySetting::Manual {
                url: "http://proxy.iestade.lv:3128/".into(),
            },
            ca_cert_path: Some("  ".into()),
            ..Settings::default()
        }
        .validated()
        .unwrap();
        assert_eq!(ok.server_url, None);
        assert_eq!(ok.ca_cert_path, None);
        assert_eq!(
            ok.proxy,
            ProxySetting::Manual {
                url: "http://proxy.iestade.lv:3128".into()
            }
        );

        let err = Settings {
            sync_interval_minutes: 0,
            ..Settings::default()
        }
        .validated()
        .unwrap_err();
        assert_eq!(err.field(), "syncIntervalMinutes");

        let err = Settings {
            proxy: ProxySetting::Manual { url: "nav".into() },
            ..Settings::default()
        }
        .validated()
        .unwrap_err();
        assert_eq!(err.code(), "invalidProxyUrl");
    }

    #[test]
    fn settings_serialise_in_the_shape_the_ui_expects() {
        let json = serde_json::to_value(Settings::default()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "serverUrl": null, "language": "lv", "theme": "system",
                "syncIntervalMinutes": 5, "proxy": {"mode": "system"}, "caCertPath": null,
                "notificationsEnabled": true
            })
        );
    }

    #[test]
    fn settings_saved_before_notifications_existed_read_as_enabled() {
        let old = serde_json::json!({
            "serverUrl": null, "language": "en", "theme": "dark",
            "syncIntervalMinutes": 5, "proxy": {"mode": "system"}, "caCertPath": null
        });
        let settings: Settings = serde_json::from_value(old).unwrap();
        assert!(settings.notifications_enabled);
        assert_eq!(settings.language, Language::En);
        let off: Settings = serde_json::from_value(serde_json::json!({
            "serverUrl": null, "language": "lv", "theme": "system",
            "syncIntervalMinutes": 5, "proxy": {"mode": "system"}, "caCertPath": null,
            "notificationsEnabled": false
        }))
        .unwrap();
        assert!(!off.notifications_enabled);
    }
}
