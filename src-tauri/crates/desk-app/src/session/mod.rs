//! The session: which database, credentials and VRAA connection the app
//! works with right now, and everything that follows from a switch.
//!
//! The user's own connection uses their database and the token from the OS
//! keyring; the demo uses its own database, its server and its published
//! token. Entering or leaving the demo, connecting, and resetting a damaged
//! database stop the sync engine and the change forwarding of the old store
//! and start them for the new one. The window (the Tauri shell) only passes
//! user actions in and receives [`SessionEvents`]; everything here is tested
//! with `cargo test` against a real sandbox.

mod credentials;
mod events;
mod microsoft;
mod problem;
mod status;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use desk_core::api::Me;
use desk_core::calendar::Calendar;
use desk_core::mail::MailSettings;
use desk_mail::MailConnector;
use desk_store::{Store, StoreError};
use desk_sync::credentials::ApiToken;
use desk_sync::{
    ApiClient, ApiConnector, Connector, SyncEngine, SyncHandle, SyncOptions, SyncStatus,
    TokenSource,
};
use tokio::task::JoinHandle;

pub use credentials::{
    KeyringVault, TokenVault, VaultKeeper, MAIL_OAUTH_ACCOUNT, MAIL_PASSWORD_ACCOUNT,
};
pub use events::{DataChange, SessionEvents};
pub use microsoft::SignInStarted;
pub use problem::{DatabaseProblem, DatabaseProblemKind};
pub use status::{ConnectivityView, SyncStatusView};

use crate::connection::{describe, ConnectionMode, ConnectionView};
use crate::demo::{DemoServer, DemoSession};
use crate::notify::Watcher;
use crate::{AppError, AppErrorCode, Context};

/// What a session is made of.
pub struct SessionConfig {
    /// The app's data folder (the demo lives in `demo/` inside it).
    pub data_dir: PathBuf,
    /// The user's own database file.
    pub database: PathBuf,
    /// Where the user's own token is kept.
    pub tokens: Arc<dyn TokenVault>,
    /// Where the password of the user's mailbox is kept (e-mail connection).
    pub mail_password: Arc<dyn TokenVault>,
    /// Where the tokens of a Microsoft sign-in are kept (e-mail connection).
    pub mail_oauth: Arc<dyn TokenVault>,
    /// The demo's server; `None` where no demo is offered.
    pub demo: Option<Arc<dyn DemoServer>>,
    pub events: Arc<dyn SessionEvents>,
    pub sync: SyncOptions,
}

pub struct Session {
    data_dir: PathBuf,
    database_path: PathBuf,
    calendar: Arc<Calendar>,
    tokens: Arc<dyn TokenVault>,
    mail_password: Arc<dyn TokenVault>,
    mail_oauth: Arc<VaultKeeper>,
    /// The Microsoft sign-in waiting for the browser, if any.
    sign_in: Mutex<microsoft::SignInSlot>,
    demo_server: Option<Arc<dyn DemoServer>>,
    events: Arc<dyn SessionEvents>,
    sync_options: SyncOptions,
    /// The user's own database (or why it could not be opened).
    database: RwLock<Result<Arc<Store>, DatabaseProblem>>,
    /// The demo's database and token while the user tries the demo.
    demo_in_use: RwLock<Option<(Arc<Store>, ApiToken)>>,
    /// The running demo; a tokio mutex because starting and stopping awaits.
    demo: tokio::sync::Mutex<Option<DemoSession>>,
    /// Who VRAA says the token belongs to, once asked.
    me: Mutex<Option<Me>>,
    /// What the notifications compare against.
    watcher: Arc<Mutex<Watcher>>,
    /// The background sync engine of the store in use.
    sync: Mutex<Option<SyncHandle>>,
    /// Change and status forwarding of the store in use; aborted on a switch,
    /// so nothing of the old store is kept alive.
    forwarding: Mutex<Vec<JoinHandle<()>>>,
}

impl Session {
    /// Opens the user's database (a damaged one is reported by [`Session::store`],
    /// not an error here: the app shows the problem and offers a reset).
    pub fn open(config: SessionConfig) -> Arc<Session> {
        let database = open_database(&config.database);
        Arc::new(Session {
            data_dir: config.data_dir,
            database_path: config.database,
            calendar: Arc::new(Calendar::embedded()),
            tokens: config.tokens,
            mail_password: config.mail_password,
            mail_oauth: Arc::new(VaultKeeper(config.mail_oauth)),
            sign_in: Mutex::new(microsoft::SignInSlot::default()),
            demo_server: config.demo,
            events: config.events,
            sync_options: config.sync,
            database: RwLock::new(database),
            demo_in_use: RwLock::new(None),
            demo: tokio::sync::Mutex::new(None),
            me: Mutex::new(None),
            watcher: Arc::new(Mutex::new(Watcher::default())),
            sync: Mutex::new(None),
            forwarding: Mutex::new(Vec::new()),
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn database_path(&self) -> &Path {
        &self.database_path
    }

    /// The Latvian calendar the SLA clocks and availability figures count with.
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// The store the app works with: the demo's while the demo runs, else the
    /// user's own (or the problem that keeps it closed).
    pub fn store(&self) -> Result<Arc<Store>, DatabaseProblem> {
        if let Some(demo) = self.demo_store() {
            return Ok(demo);
        }
        self.real_store()
    }

    /// The user's own database, whatever mode the app is in.
    pub fn real_store(&self) -> Result<Arc<Store>, DatabaseProblem> {
        read(&self.database).clone()
    }

    pub fn in_demo(&self) -> bool {
        self.demo_store().is_some()
    }

    fn demo_store(&self) -> Option<Arc<Store>> {
        read(&self.demo_in_use)
            .as_ref()
            .map(|(store, _)| Arc::clone(store))
    }

    /// Runs a use case with the store in use, the calendar and the time now.
    pub fn with_context<T>(
        &self,
        job: impl FnOnce(&Context<'_>) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let store = self.store()?;
        job(&Context {
            store: &store,
            calendar: &self.calendar,
            now: chrono::Utc::now(),
        })
    }

    /// At start-up: resumes the demo if the user was in it, else starts sync
    /// on the user's own database. Call inside the tokio runtime.
    pub async fn start(&self) {
        if self.demo_server.is_some() && crate::demo::was_active(&self.data_dir) {
            match self.enter_demo().await {
                Ok(_) => return,
                Err(error) => {
                    tracing::error!(error = %error.en, detail = ?error.detail, "the demo could not be resumed")
                }
            }
        }
        self.start_real();
    }

    fn start_real(&self) {
        let Ok(store) = self.real_store() else {
            // A damaged file: the app shows the problem; sync starts after the reset.
            return;
        };
        let tokens: Arc<dyn TokenSource> = self.tokens.clone();
        self.start_for(store, tokens);
    }

    /// Starts sync and change forwarding for `store`.
    fn start_for(&self, store: Arc<Store>, tokens: Arc<dyn TokenSource>) {
        let forwarding = events::forward(
            events::Forwarding {
                events: Arc::clone(&self.events),
                watcher: Arc::clone(&self.watcher),
                calendar: Arc::clone(&self.calendar),
            },
            &store,
        );
        // The database's connection decides the channel: e-mail settings
        // mean VRAA is reached through the user's mailbox.
        let mail_settings = store.mail_settings().ok().flatten();
        let by_mail = !self.in_demo() && mail_settings.is_some();
        let by_microsoft = by_mail
            && mail_settings.is_some_and(|m| m.sign_in == desk_core::mail::MailSignIn::OAuth2);
        let notice_store = Arc::downgrade(&store);
        let mut inbox_watch = None;
        let handle = if by_mail {
            let secrets = desk_mail::MailSecrets {
                password: self.mail_password.clone(),
                microsoft: self.mail_oauth.clone(),
            };
            let connector = MailConnector::new(Arc::clone(&store), secrets);
            let handle =
                SyncEngine::spawn_with(store, connector.clone(), self.sync_options.clone());
            // New mail (IMAP IDLE) asks for a run at once.
            let waker = handle.waker();
            inbox_watch = Some(tokio::spawn(connector.watch_inbox(move || waker.wake())));
            handle
        } else {
            SyncEngine::spawn(store, tokens, self.sync_options.clone())
        };
        // The UI shows the new engine's state at once (a switch to or from the demo).
        self.events
            .sync_status_changed(&SyncStatusView::from(&handle.current()));
        let mut status = handle.status();
        let events = Arc::clone(&self.events);
        let status_forwarding = tokio::spawn(async move {
            let mut needed_sign_in = status.borrow().needs_token;
            while status.changed().await.is_ok() {
                let view = SyncStatusView::from(&*status.borrow_and_update());
                events.sync_status_changed(&view);
                // The moment sync stops for a lost sign-in is news (the banner
                // stays on the Overview); each later failed try is not.
                if view.needs_token && !needed_sign_in {
                    let language = notice_store
                        .upgrade()
                        .and_then(|store| events::notifications_on(&store));
                    if let Some(language) = language {
                        events
                            .show_notices(&[crate::notify::sign_in_needed(by_microsoft, language)]);
                    }
                }
                needed_sign_in = view.needs_token;
            }
        });
        *lock(&self.sync) = Some(handle);
        let mut tasks = lock(&self.forwarding);
        tasks.push(forwarding);
        tasks.push(status_forwarding);
        tasks.extend(inbox_watch);
        tracing::info!("background sync started");
    }

    /// Stops the sync engine and the forwarding of the store in use.
    async fn stop_current(&self) {
        for task in lock(&self.forwarding).drain(..) {
            task.abort();
        }
        let handle = lock(&self.sync).take();
        if let Some(handle) = handle {
            handle.stop().await;
        }
    }

    /// Starts the demo's server and switches the app to the demo.
    pub async fn enter_demo(&self) -> Result<ConnectionView, AppError> {
        let Some(server) = self.demo_server.as_deref() else {
            return Err(AppError::new(
                AppErrorCode::DemoFailed,
                "Demo šajā instalācijā nav pieejams",
                "The demo is not available in this installation",
            ));
        };
        let mut demo = self.demo.lock().await;
        if demo.is_none() {
            let session = crate::demo::start(server, &self.data_dir).await?;
            self.stop_current().await;
            *write(&self.demo_in_use) = Some((Arc::clone(&session.store), session.token.clone()));
            *lock(&self.me) = None;
            self.start_for(Arc::clone(&session.store), Arc::new(session.token.clone()));
            tracing::info!(url = %session.base_url(), "demo started");
            *demo = Some(session);
        }
        drop(demo);
        self.announce()
    }

    /// Stops the demo and goes back to the user's own database.
    pub async fn leave_demo(&self) -> Result<ConnectionView, AppError> {
        let session = self.demo.lock().await.take();
        if let Some(session) = session {
            self.stop_current().await;
            *write(&self.demo_in_use) = None;
            session.stop(&self.data_dir, true).await;
            *lock(&self.me) = None;
            self.start_real();
            tracing::info!("demo left");
        }
        self.announce()
    }

    /// Checks the address and token with VRAA, then saves both (the token in
    /// the OS keyring only) and syncs. Leaves the demo first if it runs.
    ///
    /// Each connection (server + institution) has its own database: when
    /// the token leads to another one than the database in use belongs to,
    /// that database is put away in `connections/` (kept, and taken up again
    /// when the user connects to it later) and the new connection's is used.
    /// With rows still queued for the old connection this needs
    /// `switch_confirmed`; they stay with their own connection.
    pub async fn connect(
        &self,
        server_url: &str,
        token: &str,
        switch_confirmed: bool,
    ) -> Result<ConnectionView, AppError> {
        if self.in_demo() {
            self.leave_demo().await?;
        }
        let store = self.real_store()?;
        // The organisation's server, proxy and CA file hold for the check too.
        let policy = crate::policy::load().policy;
        crate::policy::refuse_other_kind(&policy, desk_core::policy::ConnectionKind::Api)?;
        crate::policy::refuse_other_server(&policy, server_url)?;
        let settings = policy.apply(store.settings()?);
        let (url, token, me) = crate::connection::check(&settings, server_url, token).await?;
        let store = self
            .store_of_connection(store, &url, &me.institution.id, switch_confirmed, &settings)
            .await?;
        crate::connection::save(&store, self.tokens.as_ref(), &url, &token)?;
        store.save_mail_settings(None)?;
        store.bind_connection(&url, &me.institution.id, &me.institution.name)?;
        tracing::info!(server = %url, institution = %me.institution.name, "connected to VRAA");
        *lock(&self.me) = Some(me);
        // The channel may have changed (from e-mail to the API): a new engine.
        self.stop_current().await;
        self.start_real();
        self.announce()
    }

    /// Connects to VRAA by e-mail through the user's mailbox: the settings
    /// are checked against both servers (IMAP and SMTP) before anything is
    /// saved; the password goes to the OS keyring only. Switching from
    /// another connection works as for [`Session::connect`].
    pub async fn connect_mail(
        &self,
        settings: MailSettings,
        password: &str,
        switch_confirmed: bool,
    ) -> Result<ConnectionView, AppError> {
        let settings = self.mail_settings_to_connect(settings).await?;
        if password.is_empty() {
            return Err(AppError::new(
                AppErrorCode::EmptyToken,
                "Ievadiet pastkastes paroli",
                "Enter the mailbox password",
            )
            .field("password"));
        }
        let secret = ApiToken::new(password).map_err(keyring_error)?;
        let credentials = desk_mail::MailCredentials::Password(password.to_owned());
        self.connect_mail_checked(settings, credentials, switch_confirmed, || {
            self.mail_password.save(&secret).map_err(keyring_error)
        })
        .await
    }

    /// The e-mail settings with the organisation's policy applied and
    /// checked; leaves the demo first if it runs.
    async fn mail_settings_to_connect(
        &self,
        settings: MailSettings,
    ) -> Result<MailSettings, AppError> {
        if self.in_demo() {
            self.leave_demo().await?;
        }
        // The organisation's policy may allow only the API, and may set the
        // mail servers and VRAA's address for every desktop.
        let policy = crate::policy::load().policy;
        crate::policy::refuse_other_kind(&policy, desk_core::policy::ConnectionKind::Email)?;
        crate::policy::apply_mail_policy(&policy, settings)
            .validated()
            .map_err(|e| crate::connection::mail_settings_error(&e))
    }

    /// Checks both mail servers with `credentials`; only when both accept
    /// them are the secret kept (`keep`) and the settings saved, and sync
    /// starts on the connection's database.
    async fn connect_mail_checked(
        &self,
        settings: MailSettings,
        credentials: desk_mail::MailCredentials,
        switch_confirmed: bool,
        keep: impl FnOnce() -> Result<(), AppError>,
    ) -> Result<ConnectionView, AppError> {
        let policy = crate::policy::load().policy;
        let store = self.real_store()?;
        let app_settings = policy.apply(store.settings()?);
        let roots =
            desk_mail::tls::TrustedRoots::load(app_settings.ca_cert_path.as_deref().map(Path::new))
                .map_err(|e| {
                    AppError::new(
                        AppErrorCode::CaFileUnreadable,
                        "Iestatījumos norādīto CA sertifikātu nevar izmantot",
                        "The CA certificate named in Settings cannot be used",
                    )
                    .field("caCertPath")
                    .detail(e)
                })?;
        let transport =
            desk_mail::MailTransport::new(Arc::clone(&store), settings.clone(), credentials, roots)
                .map_err(|e| crate::connection::mail_settings_error(&e))?;
        let me = desk_sync::Transport::check(&transport)
            .await
            .map_err(|e| crate::connection::call_error(&e))?;
        drop(transport);
        let endpoint = settings.endpoint();
        let store = self
            .store_of_connection(
                store,
                &endpoint,
                &me.institution.id,
                switch_confirmed,
                &app_settings,
            )
            .await?;
        keep()?;
        store.save_mail_settings(Some(&settings))?;
        store.save_settings(&desk_core::settings::Settings {
            server_url: None,
            ..store.settings()?
        })?;
        store.bind_connection(&endpoint, &me.institution.id, &me.institution.name)?;
        tracing::info!(address = %settings.address, vraa = %settings.vraa_address, "connected to VRAA by e-mail");
        *lock(&self.me) = Some(me);
        self.stop_current().await;
        self.start_real();
        self.announce()
    }

    /// The database of `(endpoint, institution_id)`: the one in use when it
    /// belongs to that connection (or to none yet), else the other one taken
    /// up (see [`Session::switch_database`]). With rows still queued for the
    /// connection in use this needs `switch_confirmed`.
    async fn store_of_connection(
        &self,
        store: Arc<Store>,
        endpoint: &str,
        institution_id: &str,
        switch_confirmed: bool,
        settings: &desk_core::settings::Settings,
    ) -> Result<Arc<Store>, AppError> {
        let Some(bound) = store
            .connection_binding()?
            .filter(|bound| !bound.is(endpoint, institution_id))
        else {
            return Ok(store);
        };
        let (pending, parked) = store.outbox_counts()?;
        if pending + parked > 0 && !switch_confirmed {
            return Err(queued_for(&bound, pending + parked));
        }
        drop(store);
        self.switch_database(&bound, endpoint, institution_id, settings)
            .await
    }

    /// Puts the database in use away under its connection's folder and takes
    /// up the one of `(endpoint, institution_id)` (or a fresh one), keeping
    /// the user's own preferences (language, theme, proxy, interval…).
    async fn switch_database(
        &self,
        bound: &desk_store::ConnectionBinding,
        endpoint: &str,
        institution_id: &str,
        settings: &desk_core::settings::Settings,
    ) -> Result<Arc<Store>, AppError> {
        self.stop_current().await;
        let main = self.database_path.clone();
        let parked = connection_folder(&self.data_dir, &bound.endpoint, &bound.institution_id)
            .join(desk_store::DATABASE_FILE_NAME);
        let wanted = connection_folder(&self.data_dir, endpoint, institution_id)
            .join(desk_store::DATABASE_FILE_NAME);
        let result = {
            let mut slot = write(&self.database);
            // Our handle is closed before the files move (Windows refuses otherwise).
            *slot = Err(DatabaseProblem {
                kind: DatabaseProblemKind::Io,
                path: main.display().to_string(),
                detail: "switching connections".into(),
            });
            let moved = move_connection_files(&main, &parked, &wanted);
            *slot = open_database(&main);
            moved.and_then(|()| slot.clone().map_err(AppError::from))
        };
        let store = match result {
            Ok(store) => store,
            Err(error) => {
                self.start_real();
                return Err(error);
            }
        };
        let fresh = store.settings()?;
        store.save_settings(&desk_core::settings::Settings {
            server_url: fresh.server_url,
            ..settings.clone()
        })?;
        tracing::info!(from = %bound.institution_name, kept_in = %parked.display(), "switched to another connection's database");
        self.events.data_changed(DataChange::All);
        Ok(store)
    }

    /// Saves a new token for the user's own connection (Settings) and syncs.
    pub fn save_token(&self, token: &str) -> Result<(), AppError> {
        let token = crate::connection::parse_token(token)?;
        self.tokens.save(&token).map_err(keyring_error)?;
        self.trigger_sync();
        Ok(())
    }

    pub fn delete_token(&self) -> Result<(), AppError> {
        self.tokens.delete().map_err(keyring_error)
    }

    /// Whether the user's own token is in the keyring.
    pub fn token_stored(&self) -> Result<bool, AppError> {
        Ok(self.tokens.token().map_err(keyring_error)?.is_some())
    }

    /// The connection as the UI shows it.
    pub fn view(&self) -> Result<ConnectionView, AppError> {
        let store = self.store()?;
        let settings = store.settings()?;
        let in_demo = self.in_demo();
        let token_stored = in_demo || self.token_stored().unwrap_or(false);
        let mail = if in_demo {
            None
        } else {
            store.mail_settings()?
        };
        let mode = if in_demo {
            ConnectionMode::Demo
        } else if mail.is_some() {
            ConnectionMode::Mail
        } else if settings.server_url.is_some() && token_stored {
            ConnectionMode::Server
        } else {
            ConnectionMode::NotConfigured
        };
        let me = lock(&self.me).clone();
        Ok(ConnectionView {
            mail,
            ..describe(mode, &settings, token_stored, me.as_ref())
        })
    }

    /// Tells the window the connection changed and returns what it now is.
    fn announce(&self) -> Result<ConnectionView, AppError> {
        let view = self.view()?;
        self.events.connection_changed(&view);
        Ok(view)
    }

    /// The current sync status, if the engine runs.
    pub fn sync_status(&self) -> Option<SyncStatus> {
        lock(&self.sync).as_ref().map(SyncHandle::current)
    }

    /// Asks the engine for a run now; false when it does not run.
    pub fn trigger_sync(&self) -> bool {
        match lock(&self.sync).as_ref() {
            Some(handle) => {
                handle.trigger();
                true
            }
            None => false,
        }
    }

    /// A client for the server in use (demo or the user's), for on-demand
    /// calls such as downloading an attachment; `None` without a server or token.
    pub fn api_client(&self) -> Option<ApiClient> {
        let settings = self.store().ok()?.settings().ok()?;
        let demo_token = read(&self.demo_in_use)
            .as_ref()
            .map(|(_, token)| token.clone());
        let tokens: Arc<dyn TokenSource> = match demo_token {
            Some(token) => Arc::new(token),
            None => self.tokens.clone(),
        };
        // The same way the sync engine builds its client for a run.
        ApiConnector::new(tokens).connect(&settings).ok()
    }

    /// Moves the current (damaged) file aside and opens a fresh database,
    /// then starts sync on it. Returns where the old file now is. Refused for
    /// a file that is only locked or unreadable: moving it aside would hide
    /// the user's data behind a fresh, empty database.
    pub async fn reset_database(&self) -> Result<PathBuf, AppError> {
        if let Err(problem) = self.real_store() {
            if !problem.kind.offers_reset() {
                return Err(AppError::new(
                    AppErrorCode::Database,
                    "Datubāzes fails nav bojāts, tāpēc tas netiek pārvietots malā: aizveriet programmu, kas to tur, un palaidiet VRAA Desk vēlreiz",
                    "The database file is not damaged, so it is not moved aside: close the program that holds it and start VRAA Desk again",
                )
                .detail(problem.detail));
            }
        }
        if !self.in_demo() {
            self.stop_current().await;
        }
        let moved_to = {
            let mut slot = write(&self.database);
            // Close our handle first so that the rename also works on Windows.
            *slot = Err(DatabaseProblem {
                kind: DatabaseProblemKind::Io,
                path: self.database_path.display().to_string(),
                detail: "reset in progress".into(),
            });
            let moved = desk_store::move_aside(&self.database_path);
            *slot = open_database(&self.database_path);
            moved.map_err(AppError::from)?
        };
        if !self.in_demo() {
            self.start_real();
        }
        Ok(moved_to)
    }

    /// When the app exits: stops sync and the demo's server. The demo marker
    /// stays, so the next start resumes the demo.
    pub async fn shutdown(&self) {
        self.stop_current().await;
        if let Some(session) = self.demo.lock().await.take() {
            session.stop(&self.data_dir, false).await;
        }
    }
}

/// `connections/<institution>@<server>/` inside the data folder: a name an
/// administrator can read, with only characters every file system takes.
pub fn connection_folder(data_dir: &Path, endpoint: &str, institution_id: &str) -> PathBuf {
    let server = endpoint
        .trim_end_matches('/')
        .split_once("://")
        .map_or(endpoint, |(_, rest)| rest);
    let name: String = format!("{institution_id}@{server}")
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '.' | '-' | '_' | '@' => c,
            _ => '_',
        })
        .collect();
    data_dir.join("connections").join(name.to_lowercase())
}

/// Moves the database in use to `parked` and the one at `wanted` (if any)
/// into its place. Nothing is deleted; a failure undoes the first move.
fn move_connection_files(main: &Path, parked: &Path, wanted: &Path) -> Result<(), AppError> {
    let failed = |e: StoreError| {
        AppError::new(
            AppErrorCode::Database,
            "Savienojumu nevar pārslēgt: datubāzes failu nevar pārvietot (iespējams, to tur atvērtu cita programma, piem. vraa-desk-cli); nekas netika mainīts",
            "The connection cannot be switched: the database file cannot be moved (another program, e.g. vraa-desk-cli, may hold it open); nothing was changed",
        )
        .detail(e)
    };
    if parked.exists() {
        // A copy from an earlier switch that was never taken up again: kept aside.
        desk_store::move_aside(parked).map_err(failed)?;
    }
    if main.exists() {
        desk_store::move_database(main, parked).map_err(failed)?;
    }
    if wanted.exists() {
        if let Err(e) = desk_store::move_database(wanted, main) {
            if let Err(undo) = desk_store::move_database(parked, main) {
                tracing::error!(%undo, "the database in use could not be put back");
            }
            return Err(failed(e));
        }
    }
    Ok(())
}

fn queued_for(bound: &desk_store::ConnectionBinding, rows: i64) -> AppError {
    AppError::new(
        AppErrorCode::QueuedForOtherConnection,
        format!(
            "{rows} darbības vēl gaida nosūtīšanu uz {} ({}). Ja pārslēgsieties, tās paliks šī savienojuma datubāzē un tiks nosūtītas, kad atkal savienosieties ar to",
            bound.institution_name, bound.endpoint
        ),
        format!(
            "{rows} actions are still waiting to be sent to {} ({}). If you switch, they stay in that connection's database and are sent when you connect to it again",
            bound.institution_name, bound.endpoint
        ),
    )
}

fn keyring_error(error: desk_sync::credentials::CredentialError) -> AppError {
    AppError::new(
        AppErrorCode::KeyringUnavailable,
        "Operētājsistēmas paroļu glabātuve nav pieejama",
        "The operating system's credential store is not available",
    )
    .field("token")
    .detail(error)
}

fn open_database(path: &Path) -> Result<Arc<Store>, DatabaseProblem> {
    let opened = Store::open(path).map(Arc::new);
    // The organisation's policy goes into the stored settings, which sync reads.
    if let Ok(store) = &opened {
        crate::policy::enforce_at_open(store);
    }
    opened.map_err(|error| {
        tracing::error!(%error, "database could not be opened");
        DatabaseProblem::from(&error)
    })
}

// A panic while holding one of these locks leaves nothing half-done (they
// guard plain values), so a poisoned lock is safe to keep using.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(|p| p.into_inner())
}

fn write<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(|p| p.into_inner())
}
