//! "Sign in with Microsoft" for the e-mail connection: the use cases behind
//! the e-mail form's button. The sign-in opens in the system browser (the
//! shell opens it) or, where allowed, with a code on another device; the
//! tokens are tried on both mail servers before anything is kept, and then
//! kept in the OS keyring only.

use std::sync::Arc;

use desk_core::mail::{MailSettings, MailSignIn};
use desk_oauth::{AccessTokens, BrowserSignIn, DeviceSignIn, HeldTokens, OAuthError, OAuthTokens};
use serde::Serialize;
use tokio::sync::Notify;

use super::{lock, Session};
use crate::connection::ConnectionView;
use crate::{AppError, AppErrorCode};

/// What the UI shows while the sign-in waits: the page to open (the shell
/// opens it in the browser; the UI offers it as a link too), or the code to
/// type on another device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SignInStarted {
    pub authorize_url: Option<String>,
    pub user_code: Option<String>,
    pub verification_uri: Option<String>,
    /// How long the code or page stays valid, in seconds.
    pub expires_in_seconds: u32,
}

impl SignInStarted {
    /// The page the person opens: the browser's sign-in, or where the code
    /// for another device is typed.
    pub fn page(&self) -> Option<&str> {
        self.authorize_url
            .as_deref()
            .or(self.verification_uri.as_deref())
    }
}

/// Where a sign-in is.
enum Step {
    Browser(Box<BrowserSignIn>),
    Device(Box<DeviceSignIn>),
    /// Signed in and checked, waiting for the user's yes to switch databases.
    Done(OAuthTokens),
}

/// The sign-in in progress: at most one. A new one replaces it (the user
/// closed the browser tab and pressed the button again); the old one's
/// wait ends as abandoned and its redirect port closes.
#[derive(Default)]
pub(super) struct SignInSlot {
    pending: Option<(MailSettings, Step)>,
    cancel: Arc<Notify>,
    /// The page of the sign-in that waits (the browser's or the device
    /// code's), for "open it again": kept while the wait runs, when
    /// `pending` is out of the slot.
    page: Option<String>,
}

impl SignInSlot {
    fn replace(&mut self, settings: MailSettings, step: Step, page: Option<String>) {
        self.cancel.notify_one();
        self.cancel = Arc::new(Notify::new());
        self.pending = Some((settings, step));
        self.page = page;
    }
}

impl Session {
    /// Starts a Microsoft sign-in for `settings` (the form as it is):
    /// checks the settings, finds the tenant's sign-in service and opens the
    /// loopback redirect. `device_code`: a code for another device instead
    /// of the browser (only where the settings allow it).
    pub async fn start_microsoft_sign_in(
        &self,
        settings: MailSettings,
        device_code: bool,
    ) -> Result<SignInStarted, AppError> {
        let settings = MailSettings {
            sign_in: MailSignIn::OAuth2,
            ..settings
        };
        let settings = self.mail_settings_to_connect(settings).await?;
        let http = self.oauth_http()?;
        let (started, step) = if device_code {
            let sign_in = DeviceSignIn::start(http, &settings.oauth)
                .await
                .map_err(|e| oauth_error(&e))?;
            let started = SignInStarted {
                authorize_url: None,
                user_code: Some(sign_in.user_code().to_owned()),
                verification_uri: Some(sign_in.verification_uri().to_owned()),
                expires_in_seconds: seconds(sign_in.expires_in()),
            };
            (started, Step::Device(Box::new(sign_in)))
        } else {
            let sign_in = BrowserSignIn::start(http, &settings.oauth, Some(&settings.address))
                .await
                .map_err(|e| oauth_error(&e))?;
            let started = SignInStarted {
                authorize_url: Some(sign_in.authorize_url().to_owned()),
                user_code: None,
                verification_uri: None,
                expires_in_seconds: seconds(desk_oauth::BROWSER_WAIT),
            };
            (started, Step::Browser(Box::new(sign_in)))
        };
        let page = started.page().map(str::to_owned);
        lock(&self.sign_in).replace(settings, step, page);
        tracing::info!(device_code, "Microsoft sign-in started");
        Ok(started)
    }

    /// Waits for the sign-in started last, then tries its tokens on both
    /// mail servers; only when both accept them are the tokens kept (in the
    /// OS keyring) and the settings saved. Switching to another mailbox while
    /// rows are queued needs `switch_confirmed` (the sign-in is kept for the
    /// second call).
    pub async fn finish_microsoft_sign_in(
        &self,
        switch_confirmed: bool,
    ) -> Result<ConnectionView, AppError> {
        let (pending, cancel) = {
            let mut slot = lock(&self.sign_in);
            (slot.pending.take(), Arc::clone(&slot.cancel))
        };
        let (settings, step) = pending.ok_or_else(nothing_waiting)?;
        let tokens = {
            let waiting = async {
                match step {
                    Step::Browser(sign_in) => sign_in.finish(desk_oauth::BROWSER_WAIT).await,
                    Step::Device(sign_in) => sign_in.finish().await,
                    Step::Done(tokens) => Ok(tokens),
                }
            };
            let waited = tokio::select! {
                tokens = waiting => tokens.map_err(|e| oauth_error(&e)),
                _ = cancel.notified() => Err(oauth_error(&OAuthError::Abandoned)),
            };
            // The browser's part is over (or this sign-in was replaced): no
            // page to open again for it.
            let mut slot = lock(&self.sign_in);
            if Arc::ptr_eq(&slot.cancel, &cancel) {
                slot.page = None;
            }
            drop(slot);
            waited?
        };
        let held = Arc::new(HeldTokens::new(tokens.clone()));
        let credentials = desk_mail::MailCredentials::Microsoft(Arc::new(AccessTokens::new(
            settings.oauth.clone(),
            self.oauth_http()?,
            held.clone(),
        )));
        let keeper = Arc::clone(&self.mail_oauth);
        let outcome = self
            .connect_mail_checked(settings.clone(), credentials, switch_confirmed, || {
                let tokens = held.current().unwrap_or(tokens.clone());
                desk_oauth::TokenKeeper::save(keeper.as_ref(), &tokens).map_err(|e| oauth_error(&e))
            })
            .await;
        if let Err(error) = &outcome {
            if error.code == AppErrorCode::QueuedForOtherConnection {
                let mut slot = lock(&self.sign_in);
                if slot.pending.is_none() && Arc::ptr_eq(&slot.cancel, &cancel) {
                    let tokens = held.current().unwrap_or(tokens);
                    slot.pending = Some((settings, Step::Done(tokens)));
                }
            }
        }
        outcome
    }

    /// The page of the sign-in that waits, to open in the browser again
    /// (the user closed the tab, or the browser did not come up).
    pub fn sign_in_page(&self) -> Result<String, AppError> {
        lock(&self.sign_in).page.clone().ok_or_else(nothing_waiting)
    }

    /// Stops the sign-in in progress (the user pressed "Cancel" in the app).
    pub fn cancel_microsoft_sign_in(&self) {
        let mut slot = lock(&self.sign_in);
        slot.pending = None;
        slot.page = None;
        slot.cancel.notify_one();
        tracing::info!("Microsoft sign-in cancelled in the app");
    }

    /// The HTTP client of the sign-in, with the proxy and CA file of Settings.
    fn oauth_http(&self) -> Result<desk_oauth::HttpClient, AppError> {
        let policy = crate::policy::load().policy;
        let settings = policy.apply(self.real_store()?.settings()?);
        desk_mail::transport::oauth_http(&settings).map_err(|detail| {
            AppError::new(
                AppErrorCode::ConnectionUnusable,
                "Savienojumu ar pierakstīšanās pakalpojumu nevar sagatavot (starpniekserveris vai CA fails iestatījumos)",
                "The connection to the sign-in service cannot be prepared (the proxy or CA file in Settings)",
            )
            .detail(detail)
        })
    }
}

fn nothing_waiting() -> AppError {
    AppError::new(
        AppErrorCode::SignInFailed,
        "Nav pierakstīšanās, kas gaidītu; sāciet to vēlreiz",
        "No sign-in is waiting; start it again",
    )
}

fn seconds(duration: std::time::Duration) -> u32 {
    u32::try_from(duration.as_secs()).unwrap_or(u32::MAX)
}

/// A sign-in problem for the form: at the field to correct where there is
/// one, "cancelled" apart from failures (the UI only notes it).
pub fn oauth_error(error: &OAuthError) -> AppError {
    let (code, field) = match error {
        OAuthError::CancelledInBrowser { .. } | OAuthError::Abandoned => {
            (AppErrorCode::SignInCancelled, None)
        }
        OAuthError::UnknownTenant { .. } => {
            (AppErrorCode::MailSettingsInvalid, Some("oauthTenant"))
        }
        OAuthError::Refused { code, .. }
            if code == "invalid_client" || code == "unauthorized_client" =>
        {
            (AppErrorCode::MailSettingsInvalid, Some("oauthClientId"))
        }
        OAuthError::NotOAuth { .. } => (AppErrorCode::MailSettingsInvalid, Some("oauthAuthority")),
        OAuthError::Unreachable { .. } => (AppErrorCode::Unreachable, None),
        OAuthError::Keeper(_) => (AppErrorCode::KeyringUnavailable, None),
        OAuthError::DeviceCodeNotAllowed | OAuthError::NoDeviceCode => {
            (AppErrorCode::SignInFailed, None)
        }
        _ => (AppErrorCode::SignInFailed, None),
    };
    let error = AppError::worded(code, &error.to_string()).detail(error.code());
    match field {
        Some(field) => error.field(field),
        None => error,
    }
}
