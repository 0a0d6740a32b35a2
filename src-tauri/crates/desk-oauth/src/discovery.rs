//! Where a tenant's sign-in endpoints are: OpenID Connect discovery
//! (`<authority>/<tenant>/v2.0/.well-known/openid-configuration`), so the
//! app needs only the authority and the tenant, as Microsoft's own
//! libraries do.

use desk_core::mail::OAuthSettings;
use serde::{Deserialize, Serialize};

use crate::error::{body_start, OAuthError};

/// The endpoints of one tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoints {
    pub authorization: String,
    pub token: String,
    /// Absent where the provider has no device-code sign-in.
    pub device_authorization: Option<String>,
}

#[derive(Deserialize)]
struct Document {
    authorization_endpoint: String,
    token_endpoint: String,
    device_authorization_endpoint: Option<String>,
}

/// Microsoft's answer for a tenant it does not know is 400 with an OAuth
/// error; other providers answer 404.
#[derive(Deserialize)]
struct ErrorDocument {
    error: String,
    error_description: Option<String>,
}

/// Reads the tenant's discovery document.
pub async fn discover(
    http: &reqwest::Client,
    settings: &OAuthSettings,
) -> Result<Endpoints, OAuthError> {
    let url = settings.discovery_url();
    let unreachable = |e: reqwest::Error| OAuthError::Unreachable {
        url: url.clone(),
        detail: e.to_string(),
    };
    let answer = http.get(&url).send().await.map_err(unreachable)?;
    let status = answer.status();
    let body = answer.bytes().await.map_err(unreachable)?;
    let not_oauth = |detail: String| OAuthError::NotOAuth {
        url: url.clone(),
        detail,
    };
    if status == reqwest::StatusCode::NOT_FOUND || status == reqwest::StatusCode::BAD_REQUEST {
        let detail = match serde_json::from_slice::<ErrorDocument>(&body) {
            Ok(e) => e.error_description.unwrap_or(e.error),
            Err(_) => format!("HTTP {status}"),
        };
        return Err(OAuthError::UnknownTenant {
            tenant: settings.tenant.clone(),
            detail,
        });
    }
    if !status.is_success() {
        return Err(not_oauth(format!("HTTP {status}: {}", body_start(&body))));
    }
    let document: Document = serde_json::from_slice(&body)
        .map_err(|e| not_oauth(format!("{e} ({})", body_start(&body))))?;
    let endpoints = Endpoints {
        authorization: checked(&document.authorization_endpoint, &url)?,
        token: checked(&document.token_endpoint, &url)?,
        device_authorization: document
            .device_authorization_endpoint
            .as_deref()
            .map(|e| checked(e, &url))
            .transpose()?,
    };
    Ok(endpoints)
}

/// An endpoint the document names must be as safe as the authority: https,
/// or http on this computer. A code or token never goes anywhere else.
fn checked(endpoint: &str, document_url: &str) -> Result<String, OAuthError> {
    let refuse = |why: &str| OAuthError::NotOAuth {
        url: document_url.to_owned(),
        detail: format!("{endpoint}: {why}"),
    };
    let url = url::Url::parse(endpoint).map_err(|e| refuse(&e.to_string()))?;
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    match url.scheme() {
        "https" => Ok(endpoint.to_owned()),
        "http" if loopback => Ok(endpoint.to_owned()),
        _ => Err(refuse("not https")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_must_be_https_or_on_this_computer() {
        let doc = "https://login.example/t/v2.0/.well-known/openid-configuration";
        assert!(checked("https://login.example/t/oauth2/v2.0/token", doc).is_ok());
        assert!(checked("http://127.0.0.1:4000/t/token", doc).is_ok());
        for bad in ["http://login.example/token", "ftp://x/token", "token"] {
            let err = checked(bad, doc).unwrap_err();
            assert_eq!(err.code(), "oauthNotOAuth", "{bad}");
        }
    }
}
