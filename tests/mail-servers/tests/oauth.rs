//! OAuth 2.0 end to end without the app's code: the test OpenID provider (a real
//! oidc-provider playing Microsoft's sign-in) and Dovecot checking its tokens by
//! introspection. An authorization request built by hand (PKCE S256, a loopback
//! redirect on any port), the scripted browser's sign-in, the code exchange, logins
//! with SASL XOAUTH2/OAUTHBEARER over raw TCP, revocation, refresh-token rotation,
//! the device flow, expiry, Cancel, unknown tenants.
//!
//! Linux only: the mail servers and the provider run on the test machine.
#![cfg(unix)]

use std::time::{Duration, Instant};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use mail_servers::{MailServers, CLIENT_ID, IMAP_SCOPE, JANIS, SMTP_SCOPE, VRAA};
use reqwest::{StatusCode, Url};
use serde_json::Value;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// The scopes the app asks for: no `openid`, no `prompt=consent`.
fn app_scopes() -> String {
    format!("{IMAP_SCOPE} {SMTP_SCOPE} offline_access")
}

fn start() -> MailServers {
    let started = Instant::now();
    let mail = MailServers::start_with_oauth().expect("mail servers with OAuth");
    eprintln!("start_with_oauth took {:?}", started.elapsed());
    mail
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

async fn discovery(mail: &MailServers) -> Value {
    // As the app builds it: <authority>/<tenant>/v2.0/.well-known/openid-configuration.
    let url = format!(
        "{}/{}/v2.0/.well-known/openid-configuration",
        mail.oauth_authority(),
        mail.oauth_tenant()
    );
    let response = http().get(&url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{url}");
    response.json().await.unwrap()
}

fn endpoint(discovery: &Value, name: &str) -> String {
    discovery[name]
        .as_str()
        .unwrap_or_else(|| panic!("discovery has no {name}: {discovery}"))
        .to_string()
}

/// PKCE (RFC 7636): a verifier and its S256 challenge.
struct Pkce {
    verifier: String,
    challenge: String,
}

impl Pkce {
    fn new() -> Pkce {
        let verifier = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        Pkce {
            verifier,
            challenge,
        }
    }
}

fn authorize_url(
    discovery: &Value,
    redirect: &str,
    scope: &str,
    state: &str,
    pkce: Option<&Pkce>,
) -> String {
    let mut url = Url::parse(&endpoint(discovery, "authorization_endpoint")).unwrap();
    url.query_pairs_mut()
        .append_pair("client_id", CLIENT_ID)
        .append_pair("response_type", "code")
        .append_pair("redirect_uri", redirect)
        .append_pair("scope", scope)
        .append_pair("state", state);
    if let Some(pkce) = pkce {
        url.query_pairs_mut()
            .append_pair("code_challenge", &pkce.challenge)
            .append_pair("code_challenge_method", "S256");
    }
    url.to_string()
}

fn query(location: &str, name: &str) -> Option<String> {
    Url::parse(location)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// A token request: the status and the JSON answer.
async fn token_request(discovery: &Value, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let response = http()
        .post(endpoint(discovery, "token_endpoint"))
        .form(form)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

async fn exchange(discovery: &Value, location: &str, redirect: &str, pkce: &Pkce) -> Value {
    let code = query(location, "code").unwrap_or_else(|| panic!("no code in {location}"));
    let (status, tokens) = token_request(
        discovery,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", redirect),
            ("client_id", CLIENT_ID),
            ("code_verifier", &pkce.verifier),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "code exchange: {tokens}");
    tokens
}

async fn refresh(discovery: &Value, refresh_token: &str) -> (StatusCode, Value) {
    token_request(
        discovery,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
            ("client_id", CLIENT_ID),
        ],
    )
    .await
}

fn str_field<'a>(value: &'a Value, name: &str) -> &'a str {
    value[name]
        .as_str()
        .unwrap_or_else(|| panic!("no {name} in {value}"))
}

fn assert_outlook_scopes(tokens: &Value) {
    let scopes: Vec<&str> = str_field(tokens, "scope").split(' ').collect();
    assert!(scopes.contains(&IMAP_SCOPE), "{tokens}");
    assert!(scopes.contains(&SMTP_SCOPE), "{tokens}");
    assert_eq!(str_field(tokens, "token_type"), "Bearer");
}

/// The whole browser part: sign-in, code exchange. Returns the token response.
async fn sign_in_and_exchange(mail: &MailServers, discovery: &Value, user: (&str, &str)) -> Value {
    let pkce = Pkce::new();
    let redirect = "http://127.0.0.1:5555/";
    let url = authorize_url(discovery, redirect, &app_scopes(), "st", Some(&pkce));
    let location = mail.browser().sign_in(&url, user.0, user.1).await.unwrap();
    exchange(discovery, &location, redirect, &pkce).await
}

// --- SASL over raw TCP ---------------------------------------------------------------

/// The XOAUTH2 initial response (Google's and Microsoft's format).
fn xoauth2(user: &str, token: &str) -> String {
    STANDARD.encode(format!("user={user}\x01auth=Bearer {token}\x01\x01"))
}

/// The OAUTHBEARER initial response (RFC 7628).
fn oauthbearer(user: &str, token: &str) -> String {
    STANDARD.encode(format!("n,a={user},\x01auth=Bearer {token}\x01\x01"))
}

/// `A1 AUTHENTICATE <mechanism> <initial response>` at the IMAP port; the tagged
/// answer. A failure's challenge (`+ <base64 JSON>`) gets the empty answer the
/// mechanism wants.
async fn imap_authenticate(port: u16, mechanism: &str, initial: &str) -> String {
    let work = async {
        let stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        let (reader, mut writer) = stream.into_split();
        let mut reader = BufReader::new(reader);
        let mut line = String::new();
        reader.read_line(&mut line).await.unwrap();
        assert!(line.starts_with("* OK"), "greeting: {line}");
        writer
            .write_all(format!("A1 AUTHENTICATE {mechanism} {initial}\r\n").as_bytes())
            .await
            .unwrap();
        loop {
            line.clear();
            assert!(
                reader.read_line(&mut line).await.unwrap() > 0,
                "IMAP server closed"
            );
            if line.starts_with('+') {
                writer.write_all(b"\r\n").await.unwrap();
            } else if line.starts_with("A1 ") {
                return line.trim_end().to_string();
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(30), work)
        .await
        .expect("IMAP answers")
}

async fn imap_xoauth2(mail: &MailServers, user: &str, token: &str) -> String {
    imap_authenticate(mail.imap_port(), "XOAUTH2", &xoauth2(user, token)).await
}

/// EHLO and `AUTH XOAUTH2 <initial response>` at the submission port; the final code.
async fn smtp_xoauth2(mail: &MailServers, user: &str, token: &str) -> u16 {
    let work = async {
        let stream = TcpStream::connect(("127.0.0.1", mail.submission_port()))
            .await
            .unwrap();
        let (reader, mut writer) = stream.into_split();
        let mut reader = BufReader::new(reader);
        async fn reply(reader: &mut BufReader<tokio::net::tcp::OwnedReadHalf>) -> (u16, String) {
            let mut text = String::new();
            loop {
                let mut line = String::new();
                assert!(
                    reader.read_line(&mut line).await.unwrap() > 0,
                    "SMTP server closed"
                );
                text.push_str(&line);
                if line.as_bytes().get(3) != Some(&b'-') {
                    return (line[..3].parse().unwrap(), text);
                }
            }
        }
        assert_eq!(reply(&mut reader).await.0, 220);
        writer.write_all(b"EHLO client.test\r\n").await.unwrap();
        let (code, ehlo) = reply(&mut reader).await;
        assert_eq!(code, 250);
        assert!(
            ehlo.contains("XOAUTH2") && ehlo.contains("OAUTHBEARER"),
            "{ehlo}"
        );
        writer
            .write_all(format!("AUTH XOAUTH2 {}\r\n", xoauth2(user, token)).as_bytes())
            .await
            .unwrap();
        let (mut code, _) = reply(&mut reader).await;
        if code == 334 {
            writer.write_all(b"\r\n").await.unwrap();
            code = reply(&mut reader).await.0;
        }
        code
    };
    tokio::time::timeout(Duration::from_secs(30), work)
        .await
        .expect("SMTP answers")
}

/// A whole session through `openssl s_client` at a TLS port (the test CA checked):
/// `input` sent at once, the server's output until it closes.
fn tls_session(mail: &MailServers, port: u16, input: &str) -> String {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("openssl")
        .args(["s_client", "-quiet", "-connect"])
        .arg(format!("127.0.0.1:{port}"))
        .arg("-CAfile")
        .arg(mail.ca_cert())
        .args([
            "-verify_return_error",
            "-verify_ip",
            "127.0.0.1",
            "-ign_eof",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("openssl runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[track_caller]
fn assert_ok(answer: &str) {
    assert!(answer.starts_with("A1 OK"), "{answer}");
}

#[track_caller]
fn assert_refused(answer: &str) {
    assert!(answer.starts_with("A1 NO"), "{answer}");
}

/// The app's loopback listener, as a stand-in: answers one request with a page.
async fn app_listener() -> (u16, tokio::task::JoinHandle<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let task = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        let (reader, mut writer) = stream.into_split();
        let mut reader = BufReader::new(reader);
        let mut request_line = String::new();
        reader.read_line(&mut request_line).await.unwrap();
        loop {
            let mut header = String::new();
            reader.read_line(&mut header).await.unwrap();
            if header.trim().is_empty() {
                break;
            }
        }
        let body = "Signed in. You can close this window.";
        writer
            .write_all(
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                )
                .as_bytes(),
            )
            .await
            .unwrap();
        request_line
    });
    (port, task)
}

// --- the tests -----------------------------------------------------------------------

#[tokio::test]
async fn sign_in_exchange_and_log_in_to_imap_and_submission_with_the_token() {
    let mail = start();
    assert_eq!(mail.oauth_client_id(), "vraa-desk-test");
    assert_eq!(mail.oauth_tenant(), "iestade-test");
    let disc = discovery(&mail).await;
    assert_eq!(str_field(&disc, "issuer"), mail.oauth_issuer());
    assert_eq!(
        mail.oauth_issuer(),
        format!("{}/iestade-test/v2.0", mail.oauth_authority())
    );
    for name in [
        "authorization_endpoint",
        "token_endpoint",
        "device_authorization_endpoint",
        "introspection_endpoint",
        "revocation_endpoint",
    ] {
        assert!(
            endpoint(&disc, name).starts_with(&mail.oauth_issuer()),
            "{name}"
        );
    }

    // The browser: a wrong password shows the form again, then the right one.
    let (app_port, app) = app_listener().await;
    let redirect = format!("http://127.0.0.1:{app_port}/");
    let pkce = Pkce::new();
    let url = authorize_url(&disc, &redirect, &app_scopes(), "state-1", Some(&pkce));
    let browser = mail.browser();
    let refused = browser.sign_in(&url, JANIS.0, "wrong").await.unwrap_err();
    assert_eq!(
        refused.kind(),
        std::io::ErrorKind::PermissionDenied,
        "{refused}"
    );
    assert!(refused.to_string().contains("incorrect"), "{refused}");
    let location = browser.sign_in(&url, JANIS.0, JANIS.1).await.unwrap();
    assert!(location.starts_with(&redirect), "{location}");
    assert_eq!(query(&location, "state").as_deref(), Some("state-1"));
    assert_eq!(query(&location, "iss"), Some(mail.oauth_issuer()));

    // The redirect lands at the app's listener, which shows its page.
    let (status, page) = browser.follow(&location).await.unwrap();
    assert_eq!(
        (status, page.as_str()),
        (200, "Signed in. You can close this window.")
    );
    let request_line = app.await.unwrap();
    assert!(request_line.starts_with("GET /?code="), "{request_line}");

    // The code exchange: both Outlook scopes, a refresh token.
    let tokens = exchange(&disc, &location, &redirect, &pkce).await;
    assert_outlook_scopes(&tokens);
    assert!(tokens["refresh_token"].is_string(), "{tokens}");
    let expires_in = tokens["expires_in"].as_u64().unwrap();
    assert!((3590..=3600).contains(&expires_in), "{tokens}");
    let token = str_field(&tokens, "access_token");

    // IMAP and submission take the token for its user (addresses case-insensitive),
    // refuse it for another.
    assert_ok(&imap_xoauth2(&mail, JANIS.0, token).await);
    assert_ok(&imap_xoauth2(&mail, "Janis@IESTADE.gov.lv", token).await);
    assert_ok(
        &imap_authenticate(
            mail.imap_port(),
            "OAUTHBEARER",
            &oauthbearer(JANIS.0, token),
        )
        .await,
    );
    assert_refused(&imap_xoauth2(&mail, VRAA.0, token).await);
    assert_refused(&imap_xoauth2(&mail, JANIS.0, "not-a-token").await);
    assert_eq!(smtp_xoauth2(&mail, JANIS.0, token).await, 235);
    assert_eq!(smtp_xoauth2(&mail, VRAA.0, token).await, 535);

    // The TLS ports too (IMAP 993, submission 465 equivalents).
    let imaps = tls_session(
        &mail,
        mail.imaps_port(),
        &format!(
            "A1 AUTHENTICATE XOAUTH2 {}\r\nA2 LOGOUT\r\n",
            xoauth2(JANIS.0, token)
        ),
    );
    assert!(imaps.contains("A1 OK"), "{imaps}");
    let submissions = tls_session(
        &mail,
        mail.submissions_port(),
        &format!(
            "EHLO client.test\r\nAUTH XOAUTH2 {}\r\nQUIT\r\n",
            xoauth2(JANIS.0, token)
        ),
    );
    assert!(submissions.contains("\n235 "), "{submissions}");

    // Passwords keep working.
    let plain = STANDARD.encode(format!("\0{}\0{}", JANIS.0, JANIS.1));
    assert_ok(&imap_authenticate(mail.imap_port(), "PLAIN", &plain).await);

    // The provider's session: a second sign-in in this browser needs no password.
    let pkce2 = Pkce::new();
    let url2 = authorize_url(
        &disc,
        "http://127.0.0.1:5556/",
        &app_scopes(),
        "state-2",
        Some(&pkce2),
    );
    let location2 = browser.sign_in(&url2, "unused", "unused").await.unwrap();
    assert!(
        location2.starts_with("http://127.0.0.1:5556/?code="),
        "{location2}"
    );

    let stats = mail.oauth_stats().await.unwrap();
    assert_eq!(stats.code_exchanges, 1, "{stats:?}");
    assert_eq!(stats.refreshes, 0, "{stats:?}");
    // One introspection per OAuth login; the refused non-token too.
    assert_eq!(stats.introspections, 9, "{stats:?}");

    // A code works once; used again, it also revokes what it gave (RFC 6749 §4.1.2).
    let code = query(&location, "code").unwrap();
    let (status, again) = token_request(
        &disc,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", &redirect),
            ("client_id", CLIENT_ID),
            ("code_verifier", &pkce.verifier),
        ],
    )
    .await;
    assert_eq!(
        (status, str_field(&again, "error")),
        (StatusCode::BAD_REQUEST, "invalid_grant")
    );
    assert_refused(&imap_xoauth2(&mail, JANIS.0, token).await);
}

#[tokio::test]
async fn revoked_tokens_are_refused_refresh_rotates_and_revoked_grants_end_it() {
    let mail = start();
    let disc = discovery(&mail).await;
    let tokens = sign_in_and_exchange(&mail, &disc, VRAA).await;
    let token = str_field(&tokens, "access_token");
    let refresh_token = str_field(&tokens, "refresh_token");
    assert_ok(&imap_xoauth2(&mail, VRAA.0, token).await);

    // Access tokens revoked: refused at once; a refresh gives a new working one, and
    // a new refresh token (rotation).
    mail.revoke_access_tokens(VRAA.0).await.unwrap();
    assert_refused(&imap_xoauth2(&mail, VRAA.0, token).await);
    assert_eq!(smtp_xoauth2(&mail, VRAA.0, token).await, 535);
    let (status, refreshed) = refresh(&disc, refresh_token).await;
    assert_eq!(status, StatusCode::OK, "{refreshed}");
    assert_outlook_scopes(&refreshed);
    let token2 = str_field(&refreshed, "access_token");
    let refresh_token2 = str_field(&refreshed, "refresh_token");
    assert_ne!(token2, token);
    assert_ne!(refresh_token2, refresh_token);
    assert_ok(&imap_xoauth2(&mail, VRAA.0, token2).await);
    assert_eq!(smtp_xoauth2(&mail, VRAA.0, token2).await, 235);

    // Grants revoked: the refresh answers invalid_grant, the token is refused.
    mail.revoke_grants(VRAA.0).await.unwrap();
    let (status, refused) = refresh(&disc, refresh_token2).await;
    assert_eq!(
        (status, str_field(&refused, "error")),
        (StatusCode::BAD_REQUEST, "invalid_grant")
    );
    assert_refused(&imap_xoauth2(&mail, VRAA.0, token2).await);

    let stats = mail.oauth_stats().await.unwrap();
    assert_eq!(
        (stats.refreshes, stats.failed_refreshes),
        (2, 1),
        "{stats:?}"
    );
}

#[tokio::test]
async fn a_rotated_refresh_token_used_again_ends_the_grant() {
    // oidc-provider's reuse detection (Microsoft keeps an old refresh token valid
    // for a while instead): an app that loses the new refresh token must sign in again.
    let mail = start();
    let disc = discovery(&mail).await;
    let tokens = sign_in_and_exchange(&mail, &disc, JANIS).await;
    let first = str_field(&tokens, "refresh_token");
    let (status, refreshed) = refresh(&disc, first).await;
    assert_eq!(status, StatusCode::OK, "{refreshed}");
    let (status, reused) = refresh(&disc, first).await;
    assert_eq!(
        (status, str_field(&reused, "error")),
        (StatusCode::BAD_REQUEST, "invalid_grant")
    );
    let (status, after) = refresh(&disc, str_field(&refreshed, "refresh_token")).await;
    assert_eq!(
        (status, str_field(&after, "error")),
        (StatusCode::BAD_REQUEST, "invalid_grant")
    );
    assert_refused(&imap_xoauth2(&mail, JANIS.0, str_field(&refreshed, "access_token")).await);
}

#[tokio::test]
async fn cancel_unknown_tenants_redirects_pkce_and_scopes() {
    let mail = start();
    let disc = discovery(&mail).await;
    let browser = mail.browser();

    // Cancel on the login page: back to the app with error=access_denied.
    let url = authorize_url(
        &disc,
        "http://127.0.0.1:49152/",
        &app_scopes(),
        "st-c",
        Some(&Pkce::new()),
    );
    let location = browser.cancel(&url).await.unwrap();
    assert!(
        location.starts_with("http://127.0.0.1:49152/?"),
        "{location}"
    );
    assert_eq!(query(&location, "error").as_deref(), Some("access_denied"));
    assert_eq!(query(&location, "state").as_deref(), Some("st-c"));

    // Another tenant: 404 (JSON).
    let other = format!(
        "{}/other-tenant/v2.0/.well-known/openid-configuration",
        mail.oauth_authority()
    );
    let response = http().get(&other).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let error: Value = response.json().await.unwrap();
    assert!(error["error"].is_string(), "{error}");

    // Loopback redirects on any port, but only the registered path and host.
    for bad in [
        "http://127.0.0.1:5555/callback",
        "http://localhost:5555/",
        "https://127.0.0.1:5555/",
    ] {
        let url = authorize_url(&disc, bad, &app_scopes(), "st", Some(&Pkce::new()));
        let error = browser.sign_in(&url, JANIS.0, JANIS.1).await.unwrap_err();
        assert!(error.to_string().contains("redirect_uri"), "{bad}: {error}");
    }

    // PKCE is required: without it the app gets invalid_request back.
    let url = authorize_url(&disc, "http://127.0.0.1:5555/", &app_scopes(), "st-p", None);
    let location = browser.sign_in(&url, JANIS.0, JANIS.1).await.unwrap();
    assert_eq!(
        query(&location, "error").as_deref(),
        Some("invalid_request"),
        "{location}"
    );

    // Without offline_access no refresh token; with openid also an ID token, and the
    // access token is still Outlook's.
    let pkce = Pkce::new();
    let redirect = "http://127.0.0.1:5555/";
    let url = authorize_url(
        &disc,
        redirect,
        &format!("{IMAP_SCOPE} {SMTP_SCOPE}"),
        "s",
        Some(&pkce),
    );
    let tokens = exchange(
        &disc,
        &browser.sign_in(&url, JANIS.0, JANIS.1).await.unwrap(),
        redirect,
        &pkce,
    )
    .await;
    assert_outlook_scopes(&tokens);
    assert!(tokens.get("refresh_token").is_none(), "{tokens}");
    let pkce = Pkce::new();
    let url = authorize_url(
        &disc,
        redirect,
        &format!("openid {}", app_scopes()),
        "s",
        Some(&pkce),
    );
    let tokens = exchange(
        &disc,
        &browser.sign_in(&url, JANIS.0, JANIS.1).await.unwrap(),
        redirect,
        &pkce,
    )
    .await;
    assert_outlook_scopes(&tokens);
    assert!(
        tokens["id_token"].is_string() && tokens["refresh_token"].is_string(),
        "{tokens}"
    );
    assert_ok(&imap_xoauth2(&mail, JANIS.0, str_field(&tokens, "access_token")).await);

    // A token for IMAP only is refused by submission (each asks for its own scope).
    let pkce = Pkce::new();
    let url = authorize_url(&disc, redirect, IMAP_SCOPE, "s", Some(&pkce));
    let tokens = exchange(
        &disc,
        &browser.sign_in(&url, JANIS.0, JANIS.1).await.unwrap(),
        redirect,
        &pkce,
    )
    .await;
    assert_eq!(str_field(&tokens, "scope"), IMAP_SCOPE);
    let token = str_field(&tokens, "access_token");
    assert_ok(&imap_xoauth2(&mail, JANIS.0, token).await);
    assert_eq!(smtp_xoauth2(&mail, JANIS.0, token).await, 535);
}

#[tokio::test]
async fn device_flow_then_restart_keeps_oauth() {
    let mail = start();
    let disc = discovery(&mail).await;
    let scope = app_scopes();
    let response = http()
        .post(endpoint(&disc, "device_authorization_endpoint"))
        .form(&[("client_id", CLIENT_ID), ("scope", scope.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let device: Value = response.json().await.unwrap();
    let device_code = str_field(&device, "device_code");
    let poll = [
        ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
        ("device_code", device_code),
        ("client_id", CLIENT_ID),
    ];
    let (status, pending) = token_request(&disc, &poll).await;
    assert_eq!(
        (status, str_field(&pending, "error")),
        (StatusCode::BAD_REQUEST, "authorization_pending")
    );
    mail.browser()
        .approve_device_code(
            str_field(&device, "verification_uri"),
            str_field(&device, "user_code"),
            VRAA.0,
            VRAA.1,
        )
        .await
        .unwrap();
    let (status, tokens) = token_request(&disc, &poll).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert_outlook_scopes(&tokens);
    assert!(tokens["refresh_token"].is_string(), "{tokens}");
    let token = str_field(&tokens, "access_token");
    assert_ok(&imap_xoauth2(&mail, VRAA.0, token).await);
    assert_eq!(mail.oauth_stats().await.unwrap().device_code_exchanges, 2);

    // A restart keeps OAuth and the provider's port; the provider forgot its tokens.
    let authority = mail.oauth_authority();
    mail.restart().unwrap();
    assert_eq!(mail.oauth_authority(), authority);
    assert_refused(&imap_xoauth2(&mail, VRAA.0, token).await);
    let tokens = sign_in_and_exchange(&mail, &discovery(&mail).await, VRAA).await;
    assert_ok(&imap_xoauth2(&mail, VRAA.0, str_field(&tokens, "access_token")).await);
}

#[tokio::test]
async fn an_expired_access_token_is_refused_and_a_refresh_gives_a_working_one() {
    // Two seconds: a token expires at a whole second (exp = iat + ttl), so it lives
    // between one and two.
    let mail = MailServers::start_with_oauth_token_ttl(Duration::from_secs(2)).unwrap();
    let disc = discovery(&mail).await;
    let tokens = sign_in_and_exchange(&mail, &disc, JANIS).await;
    let issued = Instant::now();
    assert_eq!(tokens["expires_in"].as_u64(), Some(2), "{tokens}");
    let token = str_field(&tokens, "access_token");
    assert_ok(&imap_xoauth2(&mail, JANIS.0, token).await);
    tokio::time::sleep(Duration::from_millis(2100).saturating_sub(issued.elapsed())).await;
    assert_refused(&imap_xoauth2(&mail, JANIS.0, token).await);
    let (status, refreshed) = refresh(&disc, str_field(&tokens, "refresh_token")).await;
    assert_eq!(status, StatusCode::OK, "{refreshed}");
    assert_ok(&imap_xoauth2(&mail, JANIS.0, str_field(&refreshed, "access_token")).await);
}

#[test]
fn plain_start_has_no_oauth() {
    let mail = MailServers::start().unwrap();
    assert!(mail.oauth().is_none());
}
