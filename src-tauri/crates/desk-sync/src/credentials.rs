//! The API token, kept only in the operating system's credential store
//! (Windows Credential Manager, macOS Keychain, Secret Service on Linux).
//!
//! The token never touches SQLite, files or logs: this module is the only place
//! that sees it, and its types do not print it.

use keyring::Entry;

/// Service name under which the token is filed in the OS credential store.
pub const KEYRING_SERVICE: &str = "lv.vraa.desk";
/// Account name used when no per-server account is given.
pub const DEFAULT_ACCOUNT: &str = "api-token";

#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    #[error("the API token is empty")]
    EmptyToken,
    #[error("the OS credential store cannot be used: {0}")]
    Unavailable(String),
}

impl CredentialError {
    /// Stable code shared with the UI's dictionary.
    pub fn code(&self) -> &'static str {
        match self {
            CredentialError::EmptyToken => "emptyToken",
            CredentialError::Unavailable(_) => "keyringUnavailable",
        }
    }
}

/// An API token. `Debug` hides the value so that it cannot leak into logs.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiToken(String);

impl ApiToken {
    /// Trims surrounding white space (pasted tokens often carry a newline) and
    /// refuses an empty token.
    pub fn new(raw: &str) -> Result<Self, CredentialError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(CredentialError::EmptyToken);
        }
        Ok(Self(trimmed.to_owned()))
    }

    /// The secret itself, for the Authorization header only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiToken(<redacted>)")
    }
}

/// The token's slot in the OS credential store.
pub struct TokenStore {
    entry: Entry,
}

impl TokenStore {
    /// The slot for `account` (e.g. one per contact person or server).
    pub fn new(account: &str) -> Result<Self, CredentialError> {
        let entry = Entry::new(KEYRING_SERVICE, account).map_err(unavailable)?;
        Ok(Self { entry })
    }

    pub fn save(&self, token: &ApiToken) -> Result<(), CredentialError> {
        self.entry
            .set_password(token.expose())
            .map_err(unavailable)?;
        tracing::info!("API token saved in the OS credential store");
        Ok(())
    }

    pub fn load(&self) -> Result<Option<ApiToken>, CredentialError> {
        match self.entry.get_password() {
            Ok(secret) => Ok(ApiToken::new(&secret).ok()),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }

    pub fn delete(&self) -> Result<(), CredentialError> {
        match self.entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => {
                tracing::info!("API token removed from the OS credential store");
                Ok(())
            }
            Err(e) => Err(unavailable(e)),
        }
    }
}

fn unavailable(error: keyring::Error) -> CredentialError {
    CredentialError::Unavailable(error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// keyring's mock backend: same code path as the real store, kept in memory.
    fn mock_store() -> TokenStore {
        keyring::set_default_credential_builder(keyring::mock::default_credential_builder());
        TokenStore::new("test-account").unwrap()
    }

    #[test]
    fn empty_or_blank_tokens_are_refused() {
        for raw in ["", "   ", "\n\t"] {
            assert!(matches!(
                ApiToken::new(raw),
                Err(CredentialError::EmptyToken)
            ));
        }
        assert_eq!(ApiToken::new(" abc\n").unwrap().expose(), "abc");
    }

    #[test]
    fn the_token_never_shows_in_debug_output() {
        let token = ApiToken::new("s3cr3t-token").unwrap();
        assert!(!format!("{token:?}").contains("s3cr3t"));
    }

    #[test]
    fn save_load_delete_round_trip() {
        let store = mock_store();
        assert_eq!(store.load().unwrap(), None);
        store.save(&ApiToken::new("tok-1").unwrap()).unwrap();
        assert_eq!(store.load().unwrap().unwrap().expose(), "tok-1");
        store.save(&ApiToken::new("tok-2").unwrap()).unwrap();
        assert_eq!(store.load().unwrap().unwrap().expose(), "tok-2");
        store.delete().unwrap();
        assert_eq!(store.load().unwrap(), None);
        // Deleting twice is not an error: the user asked for "no token", and there is none.
        store.delete().unwrap();
    }

    #[test]
    fn error_codes_match_the_ui_dictionary() {
        assert_eq!(CredentialError::EmptyToken.code(), "emptyToken");
        assert_eq!(
            CredentialError::Unavailable("x".into()).code(),
            "keyringUnavailable"
        );
    }
}
