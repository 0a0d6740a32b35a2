//! Where the session keeps the user's own API token: the OS credential store
//! (Windows Credential Manager, Secret Service on Linux). The demo's token is
//! not kept anywhere: it is published and comes with the demo.

use desk_sync::credentials::{ApiToken, CredentialError, TokenStore};
use desk_sync::TokenSource;

/// The keyring account of the e-mail connection's mailbox password.
pub const MAIL_PASSWORD_ACCOUNT: &str = "mail-password";

/// The user's token slot: read before every sync run, written by "Connect"
/// and Settings.
pub trait TokenVault: TokenSource {
    fn save(&self, token: &ApiToken) -> Result<(), CredentialError>;
    fn delete(&self) -> Result<(), CredentialError>;
}

/// The OS keyring entry under one account name. The entry is opened again on
/// every call, so a keyring that was locked or missing at start-up works as
/// soon as it is there.
pub struct KeyringVault {
    account: String,
}

impl KeyringVault {
    pub fn new(account: impl Into<String>) -> Self {
        KeyringVault {
            account: account.into(),
        }
    }

    fn entry(&self) -> Result<TokenStore, CredentialError> {
        TokenStore::new(&self.account)
    }
}

impl TokenSource for KeyringVault {
    fn token(&self) -> Result<Option<ApiToken>, CredentialError> {
        self.entry()?.load()
    }
}

impl TokenVault for KeyringVault {
    fn save(&self, token: &ApiToken) -> Result<(), CredentialError> {
        self.entry()?.save(token)
    }

    fn delete(&self) -> Result<(), CredentialError> {
        self.entry()?.delete()
    }
}

/// The keyring account of the Microsoft sign-in's tokens (e-mail connection).
pub const MAIL_OAUTH_ACCOUNT: &str = "mail-oauth";

/// The Microsoft sign-in's tokens in a vault (the OS keyring), as one JSON
/// secret. A value that cannot be read back counts as no sign-in: the user
/// signs in again rather than the app failing.
pub struct VaultKeeper(pub std::sync::Arc<dyn TokenVault>);

impl desk_oauth::TokenKeeper for VaultKeeper {
    fn load(&self) -> Result<Option<desk_oauth::OAuthTokens>, desk_oauth::OAuthError> {
        let secret = self
            .0
            .token()
            .map_err(|e| desk_oauth::OAuthError::Keeper(e.to_string()))?;
        Ok(secret.and_then(|s| desk_oauth::OAuthTokens::from_secret(s.expose())))
    }

    fn save(&self, tokens: &desk_oauth::OAuthTokens) -> Result<(), desk_oauth::OAuthError> {
        let secret = ApiToken::new(&tokens.to_secret())
            .map_err(|e| desk_oauth::OAuthError::Keeper(e.to_string()))?;
        self.0
            .save(&secret)
            .map_err(|e| desk_oauth::OAuthError::Keeper(e.to_string()))
    }
}
