//! "Sign in with Microsoft" through the session, against a real OpenID
//! Connect provider (oidc-provider, `tests/oidc`) and real mail servers that
//! accept its tokens (Dovecot's oauth2 passdb with introspection). The test
//! plays the browser: it follows the authorization URL, signs in on the
//! provider's page, and lets the redirect land on the app's loopback port.
//! Linux only: the servers are started by shell scripts.

use desk_core::mail::{MailServer, MailSettings, MailSignIn, MailTls, OAuthSettings};
use desk_mail::credentials::Secret;
use desk_mail::smtp::Submission;
use desk_mail::tls::TrustedRoots;
use mail_servers::{MailServers, JANIS, VRAA};

use super::*;

fn oauth_settings(servers: &MailServers) -> MailSettings {
    MailSettings {
        display_name: "Jānis Bērziņš".into(),
        institution_name: "Iestāde".into(),
        imap: MailServer {
            host: "127.0.0.1".into(),
            port: servers.imap_port(),
            tls: MailTls::Plain,
        },
        smtp: MailServer {
            host: "127.0.0.1".into(),
            port: servers.submission_port(),
            tls: MailTls::Plain,
        },
        vraa_address: VRAA.0.into(),
        sign_in: MailSignIn::OAuth2,
        oauth: OAuthSettings {
            authority: servers.oauth_authority(),
            tenant: servers.oauth_tenant().into(),
            client_id: servers.oauth_client_id().into(),
            ..OAuthSettings::default()
        },
        ..MailSettings::for_address(JANIS.0, "127.0.0.1")
    }
}

/// Waits for the sign-in in the background, as the UI does.
fn finishing(f: &Fixture) -> tokio::task::JoinHandle<Result<ConnectionView, desk_app::AppError>> {
    let session = Arc::clone(&f.session);
    tokio::spawn(async move { session.finish_microsoft_sign_in(false).await })
}

/// The whole sign-in as a person does it: the button, the browser, the
/// redirect; gives the connection and the page the browser showed.
async fn sign_in(f: &Fixture, servers: &MailServers, settings: MailSettings) -> ConnectionView {
    let started = f
        .session
        .start_microsoft_sign_in(settings, false)
        .await
        .unwrap();
    let url = started.authorize_url.expect("a page to open");
    assert!(url.contains("code_challenge_method=S256"), "PKCE: {url}");
    assert!(url.contains("login_hint=janis%40iestade.gov.lv"), "{url}");
    let done = finishing(f);
    let browser = servers.browser();
    let location = browser.sign_in(&url, JANIS.0, JANIS.1).await.unwrap();
    assert!(location.starts_with("http://127.0.0.1:"), "{location}");
    let (status, page) = browser.follow(&location).await.unwrap();
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Šo logu var aizvērt") && page.contains("You can close this window"));
    done.await.unwrap().unwrap()
}

/// The tokens in the vault: (access token, refresh token).
fn kept_tokens(f: &Fixture) -> (String, String) {
    let secret = f.oauth_vault.token().unwrap().expect("tokens kept");
    let json: serde_json::Value = serde_json::from_str(secret.expose()).unwrap();
    (
        json["access_token"].as_str().unwrap().to_owned(),
        json["refresh_token"].as_str().unwrap().to_owned(),
    )
}

/// Every file under `dir`, read whole (the database, its WAL, the logs).
fn all_bytes(dir: &std::path::Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_owned()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                found.push((path, bytes));
            }
        }
    }
    found
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn vraa_inbox(servers: &MailServers) -> Vec<Vec<u8>> {
    servers.messages(VRAA.0, "INBOX").unwrap_or_default()
}

/// The value of a header of a raw message.
fn header(raw: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(raw);
    text.lines()
        .take_while(|l| !l.is_empty())
        .find(|l| {
            l.len() > name.len()
                && l[..name.len()].eq_ignore_ascii_case(name)
                && l.as_bytes()[name.len()] == b':'
        })
        .map(|l| l[name.len() + 1..].trim().to_owned())
}

/// VRAA acknowledges the request in `raw` by mail, with its number.
async fn vraa_acknowledges(servers: &MailServers, raw: &[u8]) {
    let message_id = header(raw, "Message-ID").unwrap();
    let subject = header(raw, "Subject").unwrap();
    let reply = format!(
        "From: VRAA IT <{vraa}>\r\nTo: {user}\r\nDate: {date}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nSubject: Pieteikums reģistrēts: {subject} [VRAA-2026-000777]\r\nMessage-ID: <ack.777@vraa.gov.lv>\r\nIn-Reply-To: {message_id}\r\nReferences: {message_id}\r\n\r\nJūsu pieteikums reģistrēts ar numuru VRAA-2026-000777.\r\n",
        vraa = VRAA.0,
        user = JANIS.0,
        date = chrono::Utc::now().to_rfc2822(),
    );
    let server = MailServer {
        host: "127.0.0.1".into(),
        port: servers.submission_port(),
        tls: MailTls::Plain,
    };
    let mut submission = Submission::open(
        &server,
        &TrustedRoots::default(),
        "vraa.gov.lv",
        VRAA.0,
        &Secret::Password(VRAA.1.into()),
    )
    .await
    .unwrap();
    submission
        .send(VRAA.0, JANIS.0, reply.as_bytes())
        .await
        .unwrap();
    submission.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_with_microsoft_sends_a_request_and_reads_vraas_answer_with_tokens_only_in_the_vault(
) {
    let servers =
        MailServers::start_with_oauth().expect("mail servers with OAuth (scripts/setup.sh)");
    let f = fixture();
    f.session.start().await;
    let view = sign_in(&f, &servers, oauth_settings(&servers)).await;
    assert_eq!(view.mode, ConnectionMode::Mail);
    assert_eq!(
        view.mail.as_ref().map(|m| m.sign_in),
        Some(MailSignIn::OAuth2)
    );
    assert!(f.mail_password_is_empty(), "no password involved");
    let (access, refresh) = kept_tokens(&f);

    let store = f.session.store().unwrap();
    let entry = store.queue_new_request(&issue("Ar Microsoft")).unwrap();
    assert!(f.session.trigger_sync());
    eventually("the request is sent by mail", || {
        store.outbox().map(|rows| rows.is_empty()).unwrap_or(false)
    })
    .await;
    eventually("it is in VRAA's mailbox", || {
        vraa_inbox(&servers).len() == 1
    })
    .await;
    let sent = vraa_inbox(&servers).remove(0);
    vraa_acknowledges(&servers, &sent).await;
    let id = desk_mail::compose::request_id_for(&entry.request_key);
    eventually("VRAA's answer registers the request", || {
        f.session.trigger_sync();
        store
            .request_detail(&id)
            .ok()
            .flatten()
            .is_some_and(|d| d.request.status == desk_core::api::RequestStatus::Registered)
    })
    .await;
    f.session.shutdown().await;

    // The tokens are in the vault (the OS keyring in the app) and nowhere
    // in the app's folder: not in the database, its journal, or the log.
    for (path, bytes) in all_bytes(f.dir.path()) {
        assert!(
            !contains(&bytes, &access) && !contains(&bytes, &refresh),
            "a token is written in {}",
            path.display()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_state_is_refused_a_cancel_changes_nothing_and_a_new_sign_in_replaces_a_pending_one(
) {
    let servers = MailServers::start_with_oauth().expect("mail servers with OAuth");
    let f = fixture();
    f.session.start().await;
    let settings = oauth_settings(&servers);

    // A redirect whose state is not this sign-in's is refused.
    let first = f
        .session
        .start_microsoft_sign_in(settings.clone(), false)
        .await
        .unwrap()
        .authorize_url
        .unwrap();
    let first_wait = finishing(&f);
    let browser = servers.browser();
    let location = browser.sign_in(&first, JANIS.0, JANIS.1).await.unwrap();
    let forged = with_state(&location, "forged-state");
    let (status, page) = browser.follow(&forged).await.unwrap();
    assert_eq!(status, 400);
    assert!(page.contains("Answer refused"), "{page}");

    // A second sign-in replaces the first: the first's port closes, so its
    // (genuine) answer can no longer land.
    let second = f
        .session
        .start_microsoft_sign_in(settings.clone(), false)
        .await
        .unwrap()
        .authorize_url
        .unwrap();
    assert_ne!(first, second);
    let replaced = first_wait.await.unwrap().unwrap_err();
    assert_eq!(replaced.code, desk_app::AppErrorCode::SignInCancelled);
    // "Open the page again" opens the sign-in that waits now.
    assert_eq!(f.session.sign_in_page().unwrap(), second);
    assert!(
        browser.follow(&location).await.is_err(),
        "the replaced sign-in still listens"
    );

    // The user presses Cancel in the browser: nothing is saved.
    let done = finishing(&f);
    let cancelled = servers.browser().cancel(&second).await.unwrap();
    assert!(cancelled.contains("error=access_denied"), "{cancelled}");
    let (status, page) = browser.follow(&cancelled).await.unwrap();
    assert_eq!(status, 200);
    assert!(page.contains("Sign-in not completed"));
    let error = done.await.unwrap().unwrap_err();
    assert_eq!(
        error.code,
        desk_app::AppErrorCode::SignInCancelled,
        "{error:?}"
    );
    assert!(f.oauth_vault.token().unwrap().is_none(), "nothing kept");
    let no_page = f.session.sign_in_page().unwrap_err();
    assert_eq!(no_page.code, desk_app::AppErrorCode::SignInFailed);
    assert!(f
        .session
        .store()
        .unwrap()
        .mail_settings()
        .unwrap()
        .is_none());

    // A sign-in being waited for, replaced by a new one: the old wait ends.
    f.session
        .start_microsoft_sign_in(settings.clone(), false)
        .await
        .unwrap();
    let old_wait = finishing(&f);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let view = sign_in(&f, &servers, settings).await;
    let old = old_wait.await.unwrap().unwrap_err();
    assert_eq!(old.code, desk_app::AppErrorCode::SignInCancelled);
    assert_eq!(view.mode, ConnectionMode::Mail);
    assert!(f.oauth_vault.token().unwrap().is_some());
    f.session.shutdown().await;
}

/// `location` with its `state` parameter set to `state`.
fn with_state(location: &str, state: &str) -> String {
    let mut url = reqwest::Url::parse(location).unwrap();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == "state" {
                state.to_owned()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(pairs);
    url.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_or_expired_access_token_is_renewed_and_nothing_is_sent_twice() {
    // Access tokens live 6 s here: renewed in their last 1.2 s.
    let servers = MailServers::start_with_oauth_token_ttl(Duration::from_secs(6))
        .expect("mail servers with OAuth");
    let f = fixture();
    f.session.start().await;
    sign_in(&f, &servers, oauth_settings(&servers)).await;
    let store = f.session.store().unwrap();
    let send = |subject: &'static str, expected: usize| {
        let store = Arc::clone(&store);
        let session = Arc::clone(&f.session);
        let servers = &servers;
        async move {
            store.queue_new_request(&issue(subject)).unwrap();
            session.trigger_sync();
            eventually(subject, || {
                store.outbox().map(|rows| rows.is_empty()).unwrap_or(false)
                    && vraa_inbox(servers).len() >= expected
            })
            .await;
        }
    };
    send("Pirmais", 1).await;
    let before = servers.oauth_stats().await.unwrap();

    // The directory revokes the access token mid-way: the mail server
    // refuses it, the app renews it once and goes on.
    servers.revoke_access_tokens(JANIS.0).await.unwrap();
    send("Otrais", 2).await;
    let after_revoke = servers.oauth_stats().await.unwrap();
    assert!(
        after_revoke.refreshes > before.refreshes,
        "{before:?} → {after_revoke:?}"
    );

    // The token runs out between runs: renewed before it is used.
    tokio::time::sleep(Duration::from_secs(7)).await;
    send("Trešais", 3).await;
    let after_expiry = servers.oauth_stats().await.unwrap();
    assert!(after_expiry.refreshes > after_revoke.refreshes);
    assert_eq!(after_expiry.failed_refreshes, 0, "{after_expiry:?}");
    assert!(f.session.sync_status().is_some_and(|s| !s.needs_token));

    // Each request reached VRAA exactly once.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let inbox = vraa_inbox(&servers);
    let mut ids: Vec<String> = inbox
        .iter()
        .map(|m| header(m, "Message-ID").unwrap())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!((inbox.len(), ids.len()), (3, 3));
    f.session.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_sign_in_stops_mail_sync_keeps_the_outbox_and_a_new_sign_in_sends_it_once() {
    let servers = MailServers::start_with_oauth().expect("mail servers with OAuth");
    let f = fixture();
    f.session.start().await;
    let settings = oauth_settings(&servers);
    sign_in(&f, &servers, settings.clone()).await;
    let store = f.session.store().unwrap();

    // The directory ends the sign-in (password changed, admin revoked it).
    servers.revoke_grants(JANIS.0).await.unwrap();
    servers.revoke_access_tokens(JANIS.0).await.unwrap();
    store.queue_new_request(&issue("Pēc atsaukšanas")).unwrap();
    f.session.trigger_sync();
    eventually("sync asks for a new sign-in", || {
        f.session.sync_status().is_some_and(|s| {
            s.needs_token
                && s.last_error
                    .as_ref()
                    .is_some_and(|e| e.code == "mailSignInExpired")
        })
    })
    .await;
    let status = f.session.sync_status().unwrap();
    let message = &status.last_error.unwrap().message;
    assert!(
        message.contains("pierakstieties vēlreiz") && message.contains("sign in again"),
        "{message}"
    );
    assert_eq!(
        store.outbox().unwrap().len(),
        1,
        "the request is still queued"
    );
    assert!(vraa_inbox(&servers).is_empty());
    // One notification says so (notifications are on by default), however
    // often sync tries again meanwhile.
    f.session.trigger_sync();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let notices = f.events.notices.lock().unwrap().clone();
    let sign_in_notices: Vec<_> = notices
        .iter()
        .filter(|n| n.title.contains("Microsoft"))
        .collect();
    assert_eq!(sign_in_notices.len(), 1, "{notices:?}");
    assert!(
        sign_in_notices[0].title.contains("vēlreiz"),
        "in Latvian: {notices:?}"
    );

    // Signing in again sends it, once.
    sign_in(&f, &servers, settings).await;
    let store = f.session.store().unwrap();
    eventually("the queued request goes out", || {
        store.outbox().map(|rows| rows.is_empty()).unwrap_or(false)
    })
    .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(vraa_inbox(&servers).len(), 1);
    f.session.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_sign_in_settings_and_answers_get_a_clear_message_and_save_nothing() {
    let servers = MailServers::start_with_oauth().expect("mail servers with OAuth");
    let f = fixture();
    f.session.start().await;
    let good = oauth_settings(&servers);
    let with = |oauth: OAuthSettings| MailSettings {
        oauth,
        ..good.clone()
    };

    // An authority that is not https (and not this computer).
    let error = f
        .session
        .start_microsoft_sign_in(
            with(OAuthSettings {
                authority: "http://login.example.lv".into(),
                ..good.oauth.clone()
            }),
            false,
        )
        .await
        .unwrap_err();
    assert_eq!(
        (error.code, error.field.as_deref()),
        (
            desk_app::AppErrorCode::MailSettingsInvalid,
            Some("oauthAuthority")
        )
    );
    assert!(error.lv.contains("https") && error.en.contains("https"));

    // A tenant the provider does not know.
    let error = f
        .session
        .start_microsoft_sign_in(
            with(OAuthSettings {
                tenant: "cita-iestade".into(),
                ..good.oauth.clone()
            }),
            false,
        )
        .await
        .unwrap_err();
    assert_eq!(
        (error.code, error.field.as_deref()),
        (
            desk_app::AppErrorCode::MailSettingsInvalid,
            Some("oauthTenant")
        )
    );
    assert!(error.en.contains("cita-iestade"), "{}", error.en);

    // An authority that answers with a web page (a proxy's login, say).
    let page = html_server().await;
    let error = f
        .session
        .start_microsoft_sign_in(
            with(OAuthSettings {
                authority: page,
                ..good.oauth.clone()
            }),
            false,
        )
        .await
        .unwrap_err();
    assert_eq!(
        (error.code, error.field.as_deref()),
        (
            desk_app::AppErrorCode::MailSettingsInvalid,
            Some("oauthAuthority")
        )
    );

    // Nothing listening where the sign-in service should be.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let error = f
        .session
        .start_microsoft_sign_in(
            with(OAuthSettings {
                authority: format!("http://127.0.0.1:{closed}"),
                ..good.oauth.clone()
            }),
            false,
        )
        .await
        .unwrap_err();
    assert_eq!(error.code, desk_app::AppErrorCode::Unreachable);

    // The device code, not allowed by the settings.
    let error = f
        .session
        .start_microsoft_sign_in(good.clone(), true)
        .await
        .unwrap_err();
    assert_eq!(error.code, desk_app::AppErrorCode::SignInFailed);

    // A client id the provider does not know: its page says so in the
    // browser and does not come back; the user cancels in the app.
    let url = f
        .session
        .start_microsoft_sign_in(
            with(OAuthSettings {
                client_id: "nav-tads".into(),
                ..good.oauth.clone()
            }),
            false,
        )
        .await
        .unwrap()
        .authorize_url
        .unwrap();
    let done = finishing(&f);
    assert!(servers
        .browser()
        .sign_in(&url, JANIS.0, JANIS.1)
        .await
        .is_err());
    f.session.cancel_microsoft_sign_in();
    let error = done.await.unwrap().unwrap_err();
    assert_eq!(error.code, desk_app::AppErrorCode::SignInCancelled);

    assert!(f.oauth_vault.token().unwrap().is_none(), "nothing kept");
    assert!(f
        .session
        .store()
        .unwrap()
        .mail_settings()
        .unwrap()
        .is_none());
    f.session.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_device_code_sign_in_works_where_allowed() {
    let servers = MailServers::start_with_oauth().expect("mail servers with OAuth");
    let f = fixture();
    f.session.start().await;
    let mut settings = oauth_settings(&servers);
    settings.oauth.device_code_allowed = true;
    let started = f
        .session
        .start_microsoft_sign_in(settings, true)
        .await
        .unwrap();
    assert_eq!(started.authorize_url, None);
    let code = started.user_code.unwrap();
    let uri = started.verification_uri.unwrap();
    let done = finishing(&f);
    servers
        .browser()
        .approve_device_code(&uri, &code, JANIS.0, JANIS.1)
        .await
        .unwrap();
    let view = done.await.unwrap().unwrap();
    assert_eq!(view.mode, ConnectionMode::Mail);
    assert!(f.oauth_vault.token().unwrap().is_some());
    f.session.shutdown().await;
}

/// A web server that answers every request with an HTML page.
async fn html_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut buffer = [0u8; 4096];
            let _ = stream.read(&mut buffer).await;
            let body = "<html><body>Starpniekservera pieteikšanās / Proxy sign-in</body></html>";
            let answer = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(answer.as_bytes()).await;
        }
    });
    format!("http://127.0.0.1:{port}")
}

impl Fixture {
    fn mail_password_is_empty(&self) -> bool {
        self.mail_vault.token().unwrap().is_none()
    }
}
