//! "Connect to VRAA": the server address and token are checked against
//! `GET /v1/me` before anything is saved, so a typo never leaves the app
//! half-configured.

use desk_core::api::Me;
use desk_core::settings::{validate_server_url, Settings, SettingsError};
use desk_store::Store;
use desk_sync::credentials::ApiToken;
use desk_sync::{ApiClient, CallError, ClientBuildError, ClientConfig};
use serde::Serialize;

use crate::{AppError, AppErrorCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum ConnectionMode {
    NotConfigured,
    Server,
    /// VRAA by e-mail (IT@vraa.gov.lv) through the user's own mailbox.
    Mail,
    Demo,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ConnectionView {
    pub mode: ConnectionMode,
    pub server_url: Option<String>,
    pub token_stored: bool,
    pub institution: Option<String>,
    pub user_name: Option<String>,
    /// The e-mail settings, when VRAA is reached by e-mail.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "specta", specta(optional))]
    pub mail: Option<desk_core::mail::MailSettings>,
}

/// Who the token belongs to, as VRAA answered.
pub fn describe(
    mode: ConnectionMode,
    settings: &Settings,
    token_stored: bool,
    me: Option<&Me>,
) -> ConnectionView {
    ConnectionView {
        mode,
        server_url: settings.server_url.clone(),
        token_stored,
        institution: me.map(|m| m.institution.name.clone()),
        user_name: me.map(|m| m.person.name.clone()),
        mail: None,
    }
}

/// An e-mail setting the form must correct, at its field.
pub fn mail_settings_error(error: &desk_core::mail::MailSettingsError) -> AppError {
    AppError::worded(AppErrorCode::MailSettingsInvalid, &error.to_string()).field(error.field())
}

pub fn settings_error(error: &SettingsError) -> AppError {
    let code = match error {
        SettingsError::InsecureUrl { .. } => AppErrorCode::InsecureUrl,
        SettingsError::UnsupportedUrlScheme { .. } => AppErrorCode::UnsupportedUrlScheme,
        _ => AppErrorCode::InvalidUrl,
    };
    let (lv, en) = match code {
        AppErrorCode::InsecureUrl => (
            "Adresei jāsākas ar https:// (http:// atļauts tikai šim datoram)",
            "The address must start with https:// (http:// only for this computer)",
        ),
        AppErrorCode::UnsupportedUrlScheme => (
            "Adresei jāsākas ar https://",
            "The address must start with https://",
        ),
        _ => (
            "Tā nav derīga servera adrese",
            "That is not a valid server address",
        ),
    };
    AppError::new(code, lv, en)
        .field(error.field())
        .detail(error)
}

/// A pasted token, trimmed; an empty one is refused at its field.
pub fn parse_token(token: &str) -> Result<ApiToken, AppError> {
    ApiToken::new(token).map_err(|_| {
        AppError::new(
            AppErrorCode::EmptyToken,
            "Ievadiet API pilnvaru",
            "Enter the API token",
        )
        .field("token")
    })
}

/// Checks the address and token with VRAA (`GET /v1/me`), saving nothing.
pub async fn check(
    settings: &Settings,
    server_url: &str,
    token: &str,
) -> Result<(String, ApiToken, Me), AppError> {
    let url = validate_server_url(server_url).map_err(|e| settings_error(&e))?;
    let token = parse_token(token)?;
    let config = ClientConfig {
        server_url: url.clone(),
        ..ClientConfig::from_settings(settings).unwrap_or_else(|| ClientConfig::new(url.clone()))
    };
    let client = ApiClient::new(&config, token.clone()).map_err(|e| match e {
        ClientBuildError::CaFile(ca) => AppError::new(
            AppErrorCode::FileUnreadable,
            "Iestatījumos norādīto CA sertifikātu nevar izmantot",
            "The CA certificate named in Settings cannot be used",
        )
        .field("caCertPath")
        .detail(ca),
        other => AppError::new(
            AppErrorCode::ServerError,
            "Savienojumu nevar sagatavot",
            "The connection cannot be prepared",
        )
        .detail(other),
    })?;
    let me = client.me().await.map_err(|e| call_error(&e))?;
    Ok((url, token, me))
}

/// Stores a checked token in the OS keyring and the address in Settings.
pub fn save(
    store: &Store,
    tokens: &dyn crate::session::TokenVault,
    url: &str,
    token: &ApiToken,
) -> Result<(), AppError> {
    tokens.save(token).map_err(|e| {
        AppError::new(
            AppErrorCode::KeyringUnavailable,
            "Pilnvaru nevar saglabāt operētājsistēmas paroļu glabātuvē",
            "The token cannot be saved in the operating system's credential store",
        )
        .field("token")
        .detail(e)
    })?;
    let settings = store.settings()?;
    store.save_settings(&Settings {
        server_url: Some(url.to_owned()),
        ..settings
    })?;
    Ok(())
}

pub fn call_error(error: &CallError) -> AppError {
    match error {
        CallError::Unauthorized => AppError::new(
            AppErrorCode::Unauthorized,
            "VRAA nepieņēma šo API pilnvaru (nepareiza, beigusies vai atsaukta)",
            "VRAA did not accept this API token (wrong, expired or revoked)",
        )
        .field("token"),
        CallError::SignInRefused(_) => AppError::new(
            AppErrorCode::MailSignInRefused,
            "Pasta serveris nepieņēma šo adresi un paroli (nepareiza vai beigusies parole)",
            "The mail server did not accept this address and password (wrong or expired password)",
        )
        .field("password")
        .detail(error),
        CallError::Unusable(_) => AppError::new(
            AppErrorCode::ConnectionUnusable,
            "Ar šiem iestatījumiem savienojumu nevar izmantot",
            "The connection cannot be used with these settings",
        )
        .detail(error),
        CallError::Unreachable(_) | CallError::Lost(_) => AppError::new(
            AppErrorCode::Unreachable,
            "Serveris neatbild. Pārbaudiet adresi un tīkla savienojumu",
            "The server does not answer. Check the address and the network connection",
        )
        .field("serverUrl")
        .detail(error),
        _ => AppError::new(
            AppErrorCode::ServerError,
            "Serveris atbildēja, bet ne tā, kā VRAA serverim jāatbild",
            "The server answered, but not the way a VRAA server does",
        )
        .field("serverUrl")
        .detail(error),
    }
}
