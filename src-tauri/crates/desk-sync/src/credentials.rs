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

/// Windows Credential Manager keeps at most 2,560 bytes per entry, 1,280
/// characters as keyring stores them; a Microsoft sign-in's tokens are
/// longer. A longer secret is kept in parts of this many characters under
/// `<account>#<generation>.<n>`, and the entry itself names them.
const PART_CHARS: usize = 1000;

/// How an entry that names its parts begins (a control character no
/// pasted token carries).
const PARTS_MARK: &str = "\u{1}parts:";

/// The token's slot in the OS credential store.
pub struct TokenStore {
    account: String,
    entry: Entry,
}

impl TokenStore {
    /// The slot for `account` (e.g. one per contact person or server).
    pub fn new(account: &str) -> Result<Self, CredentialError> {
        let entry = Entry::new(KEYRING_SERVICE, account).map_err(unavailable)?;
        Ok(Self {
            account: account.to_owned(),
            entry,
        })
    }

    fn part(&self, generation: &str, n: usize) -> Result<Entry, CredentialError> {
        Entry::new(
            KEYRING_SERVICE,
            &format!("{}#{generation}.{n}", self.account),
        )
        .map_err(unavailable)
    }

    /// The parts an entry's value names: (generation, count).
    fn parts_of(value: &str) -> Option<(String, usize)> {
        let rest = value.strip_prefix(PARTS_MARK)?;
        let (generation, count) = rest.split_once(':')?;
        Some((generation.to_owned(), count.parse().ok()?))
    }

    fn raw(&self) -> Result<Option<String>, CredentialError> {
        match self.entry.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }

    fn delete_parts(&self, value: Option<&str>) {
        let Some((generation, count)) = value.and_then(Self::parts_of) else {
            return;
        };
        for n in 0..count {
            if let Ok(part) = self.part(&generation, n) {
                let _ = part.delete_credential();
            }
        }
    }

    pub fn save(&self, token: &ApiToken) -> Result<(), CredentialError> {
        let previous = self.raw().ok().flatten();
        let secret = token.expose();
        if secret.chars().count() <= PART_CHARS {
            self.entry.set_password(secret).map_err(unavailable)?;
        } else {
            // The parts first, the entry naming them last: until then the
            // old value stands whole.
            let generation = format!("{:x}", chrono::Utc::now().timestamp_micros());
            let chars: Vec<char> = secret.chars().collect();
            let parts: Vec<String> = chars
                .chunks(PART_CHARS)
                .map(|c| c.iter().collect())
                .collect();
            for (n, part) in parts.iter().enumerate() {
                self.part(&generation, n)?
                    .set_password(part)
                    .map_err(unavailable)?;
            }
            self.entry
                .set_password(&format!("{PARTS_MARK}{generation}:{}", parts.len()))
                .map_err(unavailable)?;
        }
        self.delete_parts(previous.as_deref());
        tracing::info!("secret saved in the OS credential store");
        Ok(())
    }

    pub fn load(&self) -> Result<Option<ApiToken>, CredentialError> {
        let Some(value) = self.raw()? else {
            return Ok(None);
        };
        let Some((generation, count)) = Self::parts_of(&value) else {
            return Ok(ApiToken::new(&value).ok());
        };
        let mut whole = String::new();
        for n in 0..count {
            match self.part(&generation, n)?.get_password() {
                Ok(part) => whole.push_str(&part),
                // A part gone (removed by hand): as if nothing were kept.
                Err(keyring::Error::NoEntry) => {
                    tracing::warn!("a part of a kept secret is missing; treated as none");
                    return Ok(None);
                }
                Err(e) => return Err(unavailable(e)),
            }
        }
        Ok(ApiToken::new(&whole).ok())
    }

    pub fn delete(&self) -> Result<(), CredentialError> {
        let previous = self.raw().ok().flatten();
        match self.entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => {
                self.delete_parts(previous.as_deref());
                tracing::info!("secret removed from the OS credential store");
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
