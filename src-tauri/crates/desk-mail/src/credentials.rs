//! How the app signs in to the mailbox: the password (kept in the OS
//! keyring), or a Microsoft 365 access token (SASL XOAUTH2, or OAUTHBEARER
//! where the IMAP server offers it) renewed with the refresh token.

use std::future::Future;
use std::sync::Arc;

use desk_oauth::{AccessTokens, OAuthError};

use crate::error::MailError;

/// The mailbox's credentials for one run.
#[derive(Clone)]
pub enum MailCredentials {
    Password(String),
    Microsoft(Arc<AccessTokens>),
}

impl std::fmt::Debug for MailCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            MailCredentials::Password(_) => "MailCredentials::Password(<redacted>)",
            MailCredentials::Microsoft(_) => "MailCredentials::Microsoft",
        })
    }
}

/// What one sign-in presents.
#[derive(Clone)]
pub enum Secret {
    Password(String),
    /// An OAuth 2.0 access token.
    Bearer(String),
}

impl MailCredentials {
    /// Runs `open` (a connection's sign-in) with the current secret. With a
    /// Microsoft sign-in, a refused access token is renewed once and tried
    /// again: a token can end between the check of its time and its use, or
    /// be revoked by the directory; a second refusal is the server's answer.
    pub(crate) async fn signed_in<T, F, Fut>(&self, open: F) -> Result<T, MailError>
    where
        F: Fn(Secret) -> Fut,
        Fut: Future<Output = Result<T, MailError>>,
    {
        let tokens = match self {
            MailCredentials::Password(password) => {
                return open(Secret::Password(password.clone())).await
            }
            MailCredentials::Microsoft(tokens) => tokens,
        };
        let token = tokens.bearer().await.map_err(MailError::OAuth)?;
        match open(Secret::Bearer(token.clone())).await {
            Err(MailError::SignIn { server, detail }) => {
                tracing::info!(%server, "the mail server refused the access token; renewing it once");
                let renewed = tokens
                    .renew_refused(&token)
                    .await
                    .map_err(MailError::OAuth)?;
                open(Secret::Bearer(renewed))
                    .await
                    .map_err(|e| match e {
                        MailError::SignIn { server, detail } => {
                            MailError::TokenRefused { server, detail }
                        }
                        other => other,
                    })
                    .inspect_err(
                        |_| tracing::debug!(first_refusal = %detail, "second sign-in failed too"),
                    )
            }
            other => other,
        }
    }
}

/// The SASL XOAUTH2 initial response (Google's and Microsoft's mechanism).
pub fn xoauth2(user: &str, token: &str) -> String {
    format!("user={user}\x01auth=Bearer {token}\x01\x01")
}

/// The SASL OAUTHBEARER initial response (RFC 7628 §3.1).
pub fn oauthbearer(user: &str, token: &str) -> String {
    let user = user.replace('=', "=3D").replace(',', "=2C");
    format!("n,a={user},\x01auth=Bearer {token}\x01\x01")
}

/// An OAuth problem worded for the engine.
pub(crate) fn oauth_call_error(error: OAuthError) -> desk_sync::CallError {
    let text = error.to_string();
    if error.needs_sign_in() || matches!(error, OAuthError::MissingScopes { .. }) {
        desk_sync::CallError::SignInExpired(text)
    } else if error.is_transient() {
        desk_sync::CallError::Unreachable(text)
    } else {
        desk_sync::CallError::Unusable(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sasl_answers_are_as_the_mechanisms_define() {
        assert_eq!(
            xoauth2("janis@iestade.gov.lv", "tok"),
            "user=janis@iestade.gov.lv\u{1}auth=Bearer tok\u{1}\u{1}"
        );
        assert_eq!(
            oauthbearer("a,b=c@x.lv", "tok"),
            "n,a=a=2Cb=3Dc@x.lv,\u{1}auth=Bearer tok\u{1}\u{1}"
        );
    }
}
