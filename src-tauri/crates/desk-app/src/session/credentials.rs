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
