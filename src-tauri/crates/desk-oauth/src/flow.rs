//! The two ways to sign in: in the system browser with the answer coming
//! back to a loopback redirect (authorization code with PKCE, RFC 8252),
//! and, where the institution allows it, with a code typed on another
//! device (RFC 8628). Neither shows the sign-in page inside the app.

use std::time::Duration;

use chrono::Utc;
use desk_core::mail::OAuthSettings;
use oauth2::basic::BasicClient;
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, CsrfToken, DeviceAuthorizationUrl, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, StandardDeviceAuthorizationResponse, TokenUrl,
};

use crate::discovery::{discover, Endpoints};
use crate::error::{token_error, OAuthError};
use crate::loopback::{RedirectAnswer, RedirectListener};
use crate::tokens::OAuthTokens;

/// How long the app waits for the browser before giving up.
pub const BROWSER_WAIT: Duration = Duration::from_secs(10 * 60);

/// The client for the token calls of the app: no redirects followed (a
/// token request answered with a redirect is not OAuth, and following it
/// could send the code elsewhere), and a limit on every call.
pub fn http_client(builder: reqwest::ClientBuilder) -> Result<reqwest::Client, OAuthError> {
    builder
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .connect_timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| OAuthError::Unreachable {
            url: String::new(),
            detail: e.to_string(),
        })
}

fn endpoint_url<T>(
    make: impl FnOnce(String) -> Result<T, url::ParseError>,
    value: &str,
) -> Result<T, OAuthError> {
    make(value.to_owned()).map_err(|e| OAuthError::NotOAuth {
        url: value.to_owned(),
        detail: e.to_string(),
    })
}

fn scopes(settings: &OAuthSettings) -> impl Iterator<Item = Scope> + '_ {
    settings.scopes.iter().cloned().map(Scope::new)
}

/// A sign-in waiting for the browser.
pub struct BrowserSignIn {
    authorize_url: String,
    state: CsrfToken,
    verifier: PkceCodeVerifier,
    listener: RedirectListener,
    redirect_uri: String,
    endpoints: Endpoints,
    settings: OAuthSettings,
    http: reqwest::Client,
}

impl BrowserSignIn {
    /// Finds the tenant's endpoints, opens the loopback redirect and builds
    /// the address to open in the browser. `login_hint` (the mailbox's
    /// address) fills in the account on the sign-in page.
    pub async fn start(
        http: reqwest::Client,
        settings: &OAuthSettings,
        login_hint: Option<&str>,
    ) -> Result<BrowserSignIn, OAuthError> {
        let endpoints = discover(&http, settings).await?;
        let listener = RedirectListener::bind().await?;
        let redirect_uri = listener.redirect_uri();
        let client = BasicClient::new(ClientId::new(settings.client_id.clone()))
            .set_auth_uri(endpoint_url(AuthUrl::new, &endpoints.authorization)?)
            .set_redirect_uri(endpoint_url(RedirectUrl::new, &redirect_uri)?);
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(CsrfToken::new_random)
            .add_scopes(scopes(settings))
            .set_pkce_challenge(challenge);
        if let Some(hint) = login_hint {
            request = request.add_extra_param("login_hint", hint);
        }
        let (url, state) = request.url();
        Ok(BrowserSignIn {
            authorize_url: url.to_string(),
            state,
            verifier,
            listener,
            redirect_uri,
            endpoints,
            settings: settings.clone(),
            http,
        })
    }

    /// The sign-in page to open in the system browser.
    pub fn authorize_url(&self) -> &str {
        &self.authorize_url
    }

    /// Where the browser comes back to (`http://127.0.0.1:<port>/`).
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// Waits for the browser (at most `wait`), then redeems the code.
    pub async fn finish(self, wait: Duration) -> Result<OAuthTokens, OAuthError> {
        let BrowserSignIn {
            state,
            verifier,
            listener,
            redirect_uri,
            endpoints,
            settings,
            http,
            ..
        } = self;
        let answer = tokio::time::timeout(wait, listener.wait(state.secret()))
            .await
            .map_err(|_| OAuthError::TimedOut {
                minutes: wait.as_secs().div_ceil(60),
            })??;
        let code = match answer {
            RedirectAnswer::Code(code) => code,
            RedirectAnswer::Error { code, description } if code == "access_denied" => {
                return Err(OAuthError::CancelledInBrowser { code, description })
            }
            RedirectAnswer::Error { code, description } => {
                return Err(OAuthError::Refused { code, description })
            }
        };
        let client = BasicClient::new(ClientId::new(settings.client_id.clone()))
            .set_token_uri(endpoint_url(TokenUrl::new, &endpoints.token)?)
            .set_redirect_uri(endpoint_url(RedirectUrl::new, &redirect_uri)?);
        let answer = client
            .exchange_code(AuthorizationCode::new(code))
            .set_pkce_verifier(verifier)
            .request_async(&http)
            .await
            .map_err(|e| token_error(&endpoints.token, e))?;
        let tokens =
            OAuthTokens::from_answer(&answer, &settings, &endpoints.token, None, Utc::now())?;
        tracing::info!(expires_at = %tokens.expires_at(), "signed in with Microsoft");
        Ok(tokens)
    }
}

/// A sign-in with a code typed on another device.
pub struct DeviceSignIn {
    details: StandardDeviceAuthorizationResponse,
    endpoints: Endpoints,
    settings: OAuthSettings,
    http: reqwest::Client,
}

impl DeviceSignIn {
    /// Asks the provider for a code, when the settings allow this way.
    pub async fn start(
        http: reqwest::Client,
        settings: &OAuthSettings,
    ) -> Result<DeviceSignIn, OAuthError> {
        if !settings.device_code_allowed {
            return Err(OAuthError::DeviceCodeNotAllowed);
        }
        let endpoints = discover(&http, settings).await?;
        let device = endpoints
            .device_authorization
            .clone()
            .ok_or(OAuthError::NoDeviceCode)?;
        let client = BasicClient::new(ClientId::new(settings.client_id.clone()))
            .set_device_authorization_url(endpoint_url(DeviceAuthorizationUrl::new, &device)?);
        let details: StandardDeviceAuthorizationResponse = client
            .exchange_device_code()
            .add_scopes(scopes(settings))
            .request_async(&http)
            .await
            .map_err(|e| token_error(&device, e))?;
        Ok(DeviceSignIn {
            details,
            endpoints,
            settings: settings.clone(),
            http,
        })
    }

    /// The code the user types on the other device.
    pub fn user_code(&self) -> &str {
        self.details.user_code().secret()
    }

    /// Where the user types it.
    pub fn verification_uri(&self) -> &str {
        self.details.verification_uri().as_str()
    }

    /// How long the code is valid.
    pub fn expires_in(&self) -> Duration {
        self.details.expires_in()
    }

    /// Waits (polling at the provider's pace) until the user has signed in
    /// on the other device, said no, or the code expired.
    pub async fn finish(self) -> Result<OAuthTokens, OAuthError> {
        let client = BasicClient::new(ClientId::new(self.settings.client_id.clone()))
            .set_token_uri(endpoint_url(TokenUrl::new, &self.endpoints.token)?);
        let answer = client
            .exchange_device_access_token(&self.details)
            .request_async(&self.http, tokio::time::sleep, None)
            .await
            .map_err(|e| token_error(&self.endpoints.token, e))?;
        let tokens = OAuthTokens::from_answer(
            &answer,
            &self.settings,
            &self.endpoints.token,
            None,
            Utc::now(),
        )?;
        tracing::info!(expires_at = %tokens.expires_at(), "signed in with Microsoft (device code)");
        Ok(tokens)
    }
}
