//! Microsoft 365 sign-in for the mailbox (Exchange Online wants OAuth 2.0
//! for IMAP and SMTP AUTH).
//!
//! - [`flow`]: the sign-in itself, in the system browser with a loopback
//!   redirect ([`loopback`]), or with a code on another device.
//! - [`discovery`]: the tenant's endpoints, from its OpenID configuration.
//! - [`tokens`]: what a sign-in leaves, and the [`TokenKeeper`] that keeps
//!   it (the OS keyring in the app).
//! - [`access`]: access tokens for the mail servers, renewed in time.
//!
//! The OAuth protocol itself is the `oauth2` crate's.

pub mod access;
pub mod discovery;
pub mod error;
pub mod flow;
pub mod loopback;
pub mod tokens;

pub use access::AccessTokens;
pub use error::OAuthError;
pub use flow::{http_client, BrowserSignIn, DeviceSignIn, BROWSER_WAIT};
/// The HTTP client the sign-in calls go through (reqwest's).
pub use reqwest::Client as HttpClient;
pub use tokens::{HeldTokens, OAuthTokens, TokenKeeper};
