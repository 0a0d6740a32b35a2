//! The tokens of a Microsoft sign-in and where they are kept. They are kept
//! only by a [`TokenKeeper`] (the OS keyring in the app); their `Debug`
//! hides them so that they cannot reach a log.

use chrono::{DateTime, Duration, Utc};
use desk_core::mail::OAuthSettings;
use oauth2::TokenResponse;
use serde::{Deserialize, Serialize};

use crate::error::OAuthError;

/// An access token is renewed when this little of its life is left, so a
/// sync run (a few minutes at most) never starts with a token about to end.
const RENEW_BEFORE_MAX: Duration = Duration::minutes(5);

/// What a sign-in leaves behind.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthTokens {
    access_token: String,
    refresh_token: Option<String>,
    issued_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    /// The permissions granted, as the provider named them.
    pub scopes: Vec<String>,
    /// Where the refresh token is redeemed (not secret; spares a discovery
    /// at every sync run).
    pub token_endpoint: String,
}

impl std::fmt::Debug for OAuthTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuthTokens")
            .field("access_token", &"<redacted>")
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "<redacted>"),
            )
            .field("expires_at", &self.expires_at)
            .field("scopes", &self.scopes)
            .finish()
    }
}

/// Microsoft's access tokens last 60–90 minutes; when a provider says
/// nothing, an hour is assumed (and a refused token is renewed anyway).
const LIFETIME_UNKNOWN: Duration = Duration::hours(1);

impl OAuthTokens {
    /// The tokens of a token endpoint's answer. A refresh answer may leave
    /// out the refresh token (the old one stays valid) or the scopes (they
    /// are then those asked for, RFC 6749 §5.1).
    pub(crate) fn from_answer(
        answer: &oauth2::basic::BasicTokenResponse,
        settings: &OAuthSettings,
        token_endpoint: &str,
        previous: Option<&OAuthTokens>,
        now: DateTime<Utc>,
    ) -> Result<OAuthTokens, OAuthError> {
        let scopes: Vec<String> = match answer.scopes() {
            Some(granted) => granted.iter().map(|s| s.to_string()).collect(),
            None => match previous {
                Some(p) => p.scopes.clone(),
                None => settings.scopes.clone(),
            },
        };
        let missing: Vec<String> = settings
            .mail_scopes()
            .filter(|wanted| !scopes.iter().any(|s| s.eq_ignore_ascii_case(wanted)))
            .map(str::to_owned)
            .collect();
        if !missing.is_empty() {
            return Err(OAuthError::MissingScopes { missing });
        }
        let lifetime = answer
            .expires_in()
            .and_then(|d| Duration::from_std(d).ok())
            .unwrap_or(LIFETIME_UNKNOWN);
        Ok(OAuthTokens {
            access_token: answer.access_token().secret().clone(),
            refresh_token: answer
                .refresh_token()
                .map(|t| t.secret().clone())
                .or_else(|| previous.and_then(|p| p.refresh_token.clone())),
            issued_at: now,
            expires_at: now + lifetime,
            scopes,
            token_endpoint: token_endpoint.to_owned(),
        })
    }

    /// The access token, for the SASL XOAUTH2/OAUTHBEARER answer only.
    pub fn access_token(&self) -> &str {
        &self.access_token
    }

    pub(crate) fn refresh_token(&self) -> Option<&str> {
        self.refresh_token.as_deref()
    }

    pub fn expires_at(&self) -> DateTime<Utc> {
        self.expires_at
    }

    /// Whether the access token should be renewed before use at `now`: a
    /// fifth of its life or five minutes before it ends, whichever is less.
    pub fn needs_renewal(&self, now: DateTime<Utc>) -> bool {
        let life = self.expires_at - self.issued_at;
        let margin = (life / 5).min(RENEW_BEFORE_MAX);
        now >= self.expires_at - margin
    }

    /// The form a keeper stores (JSON).
    pub fn to_secret(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Tokens read back from a keeper; `None` for a value that is not ours
    /// (written by a newer version, or damaged): the user signs in again.
    pub fn from_secret(secret: &str) -> Option<OAuthTokens> {
        serde_json::from_str(secret).ok()
    }

    /// The tokens with the access token made to end at `at` (tests of the
    /// renewal, and an access token the server refused).
    pub fn expiring_at(mut self, at: DateTime<Utc>) -> OAuthTokens {
        self.issued_at = self.issued_at.min(at - Duration::seconds(1));
        self.expires_at = at;
        self
    }
}

/// Where the tokens live between runs: the OS keyring in the app.
pub trait TokenKeeper: Send + Sync + 'static {
    fn load(&self) -> Result<Option<OAuthTokens>, OAuthError>;
    fn save(&self, tokens: &OAuthTokens) -> Result<(), OAuthError>;
}

/// Tokens held in memory for the few seconds between a sign-in and the
/// check of the mail servers: nothing is kept until both accept them.
#[derive(Default)]
pub struct HeldTokens(std::sync::Mutex<Option<OAuthTokens>>);

impl HeldTokens {
    pub fn new(tokens: OAuthTokens) -> Self {
        HeldTokens(std::sync::Mutex::new(Some(tokens)))
    }

    /// The tokens as they are now (refreshed meanwhile, perhaps).
    pub fn current(&self) -> Option<OAuthTokens> {
        self.0.lock().map(|t| t.clone()).unwrap_or(None)
    }
}

impl TokenKeeper for HeldTokens {
    fn load(&self) -> Result<Option<OAuthTokens>, OAuthError> {
        Ok(self.current())
    }

    fn save(&self, tokens: &OAuthTokens) -> Result<(), OAuthError> {
        if let Ok(mut held) = self.0.lock() {
            *held = Some(tokens.clone());
        }
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn answer(json: serde_json::Value) -> oauth2::basic::BasicTokenResponse {
        serde_json::from_value(json).unwrap()
    }

    fn settings() -> OAuthSettings {
        OAuthSettings {
            client_id: "app".into(),
            ..OAuthSettings::default()
        }
    }

    #[test]
    fn an_answer_without_the_mail_permissions_is_refused() {
        let now = Utc::now();
        let only_imap = answer(serde_json::json!({
            "access_token": "a", "token_type": "Bearer", "expires_in": 3600,
            "scope": "https://outlook.office.com/IMAP.AccessAsUser.All offline_access",
            "refresh_token": "r"
        }));
        let err = OAuthTokens::from_answer(&only_imap, &settings(), "t", None, now).unwrap_err();
        assert_eq!(
            err,
            OAuthError::MissingScopes {
                missing: vec!["https://outlook.office.com/SMTP.Send".into()]
            }
        );
        assert!(err.to_string().contains("SMTP.Send"));
    }

    #[test]
    fn a_refresh_keeps_what_the_answer_leaves_out() {
        let now = Utc::now();
        let first = answer(serde_json::json!({
            "access_token": "a1", "token_type": "Bearer", "expires_in": 3600,
            "scope": "https://outlook.office.com/IMAP.AccessAsUser.All https://outlook.office.com/SMTP.Send",
            "refresh_token": "r1"
        }));
        let first = OAuthTokens::from_answer(&first, &settings(), "t", None, now).unwrap();
        let renewed = answer(serde_json::json!({
            "access_token": "a2", "token_type": "bearer", "expires_in": 600
        }));
        let renewed =
            OAuthTokens::from_answer(&renewed, &settings(), "t", Some(&first), now).unwrap();
        assert_eq!(renewed.access_token(), "a2");
        assert_eq!(renewed.refresh_token(), Some("r1"));
        assert_eq!(renewed.scopes, first.scopes);
        // 10 minutes of life: renewed in its last 2 minutes.
        assert!(!renewed.needs_renewal(now + Duration::minutes(7)));
        assert!(renewed.needs_renewal(now + Duration::minutes(8) + Duration::seconds(1)));
        // An hour: renewed in its last 5 minutes.
        assert!(!first.needs_renewal(now + Duration::minutes(54)));
        assert!(first.needs_renewal(now + Duration::minutes(55) + Duration::seconds(1)));
    }

    #[test]
    fn tokens_never_show_in_debug_output_and_round_trip_as_secret() {
        let now = Utc::now();
        let tokens = OAuthTokens::from_answer(
            &answer(serde_json::json!({
                "access_token": "SECRET-A", "token_type": "Bearer",
                "refresh_token": "SECRET-R",
                "scope": "https://outlook.office.com/IMAP.AccessAsUser.All https://outlook.office.com/SMTP.Send"
            })),
            &settings(),
            "t",
            None,
            now,
        )
        .unwrap();
        let shown = format!("{tokens:?}");
        assert!(!shown.contains("SECRET"), "{shown}");
        assert_eq!(
            OAuthTokens::from_secret(&tokens.to_secret()),
            Some(tokens.clone())
        );
        assert_eq!(OAuthTokens::from_secret("not json"), None);
    }
}
