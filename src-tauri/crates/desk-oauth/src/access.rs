//! Access tokens for the mail servers, renewed with the refresh token
//! before they end and once after a server refused one.

use std::sync::Arc;

use chrono::Utc;
use desk_core::mail::OAuthSettings;
use oauth2::basic::BasicClient;
use oauth2::{ClientId, RefreshToken, Scope, TokenUrl};

use crate::error::{token_error, OAuthError};
use crate::tokens::{OAuthTokens, TokenKeeper};

/// The access token source of one mailbox.
pub struct AccessTokens {
    settings: OAuthSettings,
    http: reqwest::Client,
    keeper: Arc<dyn TokenKeeper>,
}

/// Refresh tokens are used once (the provider rotates them and may revoke
/// the whole sign-in when one is used twice): renewals take turns in the
/// process (the parallel sends, the inbox watch, a sync run), and a turn
/// that finds the work done uses the result.
static RENEWING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

impl AccessTokens {
    pub fn new(
        settings: OAuthSettings,
        http: reqwest::Client,
        keeper: Arc<dyn TokenKeeper>,
    ) -> AccessTokens {
        AccessTokens {
            settings,
            http,
            keeper,
        }
    }

    fn stored(&self) -> Result<OAuthTokens, OAuthError> {
        self.keeper.load()?.ok_or(OAuthError::NotSignedIn)
    }

    /// An access token good for the next minutes.
    pub async fn bearer(&self) -> Result<String, OAuthError> {
        let tokens = self.stored()?;
        if !tokens.needs_renewal(Utc::now()) {
            return Ok(tokens.access_token().to_owned());
        }
        self.renew(tokens.access_token()).await
    }

    /// A new access token after a mail server refused `refused`. The caller
    /// asks once per refusal: a second refusal is the server's answer.
    pub async fn renew_refused(&self, refused: &str) -> Result<String, OAuthError> {
        self.renew(refused).await
    }

    async fn renew(&self, stale: &str) -> Result<String, OAuthError> {
        let _turn = RENEWING.lock().await;
        let tokens = self.stored()?;
        if tokens.access_token() != stale && !tokens.needs_renewal(Utc::now()) {
            return Ok(tokens.access_token().to_owned());
        }
        let refresh = tokens
            .refresh_token()
            .ok_or_else(|| OAuthError::SignInAgain("no refresh token".into()))?;
        let token_url =
            TokenUrl::new(tokens.token_endpoint.clone()).map_err(|e| OAuthError::NotOAuth {
                url: tokens.token_endpoint.clone(),
                detail: e.to_string(),
            })?;
        let client = BasicClient::new(ClientId::new(self.settings.client_id.clone()))
            .set_token_uri(token_url);
        let refresh = RefreshToken::new(refresh.to_owned());
        let answer = client
            .exchange_refresh_token(&refresh)
            .add_scopes(self.settings.scopes.iter().cloned().map(Scope::new))
            .request_async(&self.http)
            .await
            .map_err(|e| token_error(&tokens.token_endpoint, e))?;
        let renewed = OAuthTokens::from_answer(
            &answer,
            &self.settings,
            &tokens.token_endpoint,
            Some(&tokens),
            Utc::now(),
        )?;
        // Kept before use: the old refresh token may be dead already.
        self.keeper.save(&renewed)?;
        tracing::info!(expires_at = %renewed.expires_at(), "Microsoft access token renewed");
        Ok(renewed.access_token().to_owned())
    }
}
