//! Real mail servers on loopback for the tests of the e-mail channel.
//!
//! [`MailServers::start`] runs `scripts/mail/start.sh` in a fresh temporary directory:
//! Dovecot (IMAP with IDLE/UIDPLUS/MOVE, submission with AUTH, LMTP) and a relay
//! between submission and LMTP that behaves as Exchange Online does: it first saves a
//! copy of each accepted message in the sender's `Sent` folder, then delivers it, and
//! answers 250 only after both. Every instance has its own free ports, accounts,
//! mailboxes and test CA, so tests can run several at once.
//!
//! Accounts at start: `janis@iestade.gov.lv` / `Parole-1` and `it@vraa.gov.lv` /
//! `Vraa-1` ([`JANIS`], [`VRAA`]). Plain-text logins are allowed on the plain ports
//! (loopback tests only); the TLS ports use a certificate for `localhost` and
//! `127.0.0.1` signed by [`MailServers::ca_cert`].
//!
//! Needs the packages of `scripts/mail/setup.sh` (Dovecot, openssl, Python's
//! aiosmtpd); without them [`MailServers::start`] fails and says so. Dovecot runs its
//! mail processes as the `dovecot` user, so the tests run as root (as CI does).
//!
//! ```no_run
//! let mail = mail_servers::MailServers::start()?;
//! let imap = ("127.0.0.1", mail.imap_port());
//! # let _ = imap;
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! [`MailServers::start_with_oauth`] also starts a real OpenID Connect provider that
//! plays Microsoft's sign-in (`tests/oidc`, needs Node and `scripts/setup.sh`'s npm
//! packages), and the servers then also take SASL XOAUTH2 and OAUTHBEARER with its
//! access tokens (IMAP: scope [`IMAP_SCOPE`]; submission: [`SMTP_SCOPE`]), checked by
//! introspection at each login. [`Browser`] signs in on the provider's pages as a
//! person would; see the [`oauth`] module.
//!
//! ```no_run
//! # async fn f() -> std::io::Result<()> {
//! let mail = mail_servers::MailServers::start_with_oauth()?;
//! let discovery = format!(
//!     "{}/{}/v2.0/.well-known/openid-configuration",
//!     mail.oauth_authority(),
//!     mail.oauth_tenant()
//! );
//! let authorize_url = String::new(); // built by the app from the discovery document
//! let redirect = mail.browser().sign_in(&authorize_url, "janis@iestade.gov.lv", "Parole-1").await?;
//! # let _ = (discovery, redirect); Ok(()) }
//! ```

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

pub mod oauth;

pub use oauth::{Browser, OAuthProvider, OAuthStats, CLIENT_ID, IMAP_SCOPE, SMTP_SCOPE};

/// The institution's account present at start: (address, password).
pub const JANIS: (&str, &str) = ("janis@iestade.gov.lv", "Parole-1");
/// VRAA's mailbox present at start: (address, password).
pub const VRAA: (&str, &str) = ("it@vraa.gov.lv", "Vraa-1");

/// start.sh's exit code when the mail packages are missing.
const EXIT_MISSING_PACKAGES: i32 = 3;

/// Ports and files of a running system, as `servers.env` gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Env {
    imap: u16,
    imaps: u16,
    submission: u16,
    submissions: u16,
    relay: u16,
    lmtp: u16,
    ca_cert: PathBuf,
    /// The OpenID provider, when started with OAuth.
    oauth: Option<OAuthProvider>,
}

/// A complete mail system on loopback, stopped and deleted when dropped.
pub struct MailServers {
    dir: tempfile::TempDir,
    scripts: PathBuf,
    env: Env,
}

impl MailServers {
    /// Starts a new system in a fresh temporary directory; returns when every port
    /// accepts connections.
    pub fn start() -> io::Result<MailServers> {
        MailServers::start_in_temp_dir(&[])
    }

    /// Starts a new system with OAuth: also the test OpenID provider (Microsoft's
    /// part), and the IMAP and submission servers then also take XOAUTH2 and
    /// OAUTHBEARER with its access tokens (passwords still work). Access tokens live
    /// an hour. Needs Node and the npm packages of `scripts/setup.sh`.
    pub fn start_with_oauth() -> io::Result<MailServers> {
        MailServers::start_in_temp_dir(&[("MAIL_OAUTH", "1".to_string())])
    }

    /// As [`MailServers::start_with_oauth`], with access tokens that live `ttl`
    /// (whole seconds, at least one): for tests of an expired token.
    pub fn start_with_oauth_token_ttl(ttl: Duration) -> io::Result<MailServers> {
        let seconds = ttl.as_secs_f64().ceil().max(1.0) as u64;
        MailServers::start_in_temp_dir(&[
            ("MAIL_OAUTH", "1".to_string()),
            ("OIDC_ACCESS_TOKEN_TTL", seconds.to_string()),
        ])
    }

    fn start_in_temp_dir(vars: &[(&str, String)]) -> io::Result<MailServers> {
        let scripts = scripts_dir()?;
        let dir = temp_dir()?;
        let mut command = script_command(&scripts, "start.sh", &[dir.path().as_os_str()]);
        // Only what the caller asks for: an OAuth setting of the test process's own
        // environment does not leak into a plain start.
        for var in ["MAIL_OAUTH", "OIDC_ACCESS_TOKEN_TTL", "OIDC_TENANT"] {
            command.env_remove(var);
        }
        command.envs(vars.iter().map(|(k, v)| (k, v)));
        wait(&scripts.join("start.sh"), command)?;
        let env = read_env(dir.path())?;
        Ok(MailServers { dir, scripts, env })
    }

    /// The test OpenID provider, when started with OAuth.
    pub fn oauth(&self) -> Option<&OAuthProvider> {
        self.env.oauth.as_ref()
    }

    fn oauth_or_panic(&self) -> &OAuthProvider {
        self.oauth()
            .expect("mail servers started without OAuth: use MailServers::start_with_oauth")
    }

    /// The OpenID provider's authority, `http://127.0.0.1:<port>` (Microsoft's:
    /// `https://login.microsoftonline.com`). Panics without OAuth.
    pub fn oauth_authority(&self) -> String {
        self.oauth_or_panic().authority()
    }

    /// The provider's tenant (`iestade-test`). Panics without OAuth.
    pub fn oauth_tenant(&self) -> &str {
        self.oauth_or_panic().tenant()
    }

    /// The app's client id at the provider ([`CLIENT_ID`]). Panics without OAuth.
    pub fn oauth_client_id(&self) -> &str {
        self.oauth_or_panic().client_id()
    }

    /// The provider's issuer, `<authority>/<tenant>/v2.0`. Panics without OAuth.
    pub fn oauth_issuer(&self) -> String {
        self.oauth_or_panic().issuer()
    }

    /// See [`OAuthProvider::revoke_grants`]. Panics without OAuth.
    pub async fn revoke_grants(&self, user: &str) -> io::Result<()> {
        self.oauth_or_panic().revoke_grants(user).await
    }

    /// See [`OAuthProvider::revoke_access_tokens`]. Panics without OAuth.
    pub async fn revoke_access_tokens(&self, user: &str) -> io::Result<()> {
        self.oauth_or_panic().revoke_access_tokens(user).await
    }

    /// See [`OAuthProvider::stats`]. Panics without OAuth.
    pub async fn oauth_stats(&self) -> io::Result<OAuthStats> {
        self.oauth_or_panic().stats().await
    }

    /// A fresh [`Browser`] (nobody signed in) for the provider. Panics without OAuth.
    pub fn browser(&self) -> Browser {
        self.oauth_or_panic().browser()
    }

    /// The IMAP port: plain text, STARTTLS offered, LOGIN allowed without TLS.
    pub fn imap_port(&self) -> u16 {
        self.env.imap
    }

    /// The IMAP port with implicit TLS.
    pub fn imaps_port(&self) -> u16 {
        self.env.imaps
    }

    /// The submission port: plain text, STARTTLS offered, AUTH PLAIN/LOGIN allowed
    /// without TLS.
    pub fn submission_port(&self) -> u16 {
        self.env.submission
    }

    /// The submission port with implicit TLS.
    pub fn submissions_port(&self) -> u16 {
        self.env.submissions
    }

    /// The relay's own SMTP port (behind submission; no AUTH). For tests of the relay.
    pub fn relay_port(&self) -> u16 {
        self.env.relay
    }

    /// Dovecot's LMTP port: delivers into a mailbox directly (`user+Folder@domain`
    /// into that folder), e.g. to put a reply from VRAA into an INBOX.
    pub fn lmtp_port(&self) -> u16 {
        self.env.lmtp
    }

    /// The test CA (PEM) that signed the servers' certificate for `localhost` and
    /// `127.0.0.1`.
    pub fn ca_cert(&self) -> PathBuf {
        self.env.ca_cert.clone()
    }

    /// The system's directory (config, maildirs, logs in `logs/`).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Adds an account, or changes its password; works at once, without a restart.
    pub fn add_user(&self, address: &str, password: &str) -> io::Result<()> {
        run(
            &self.scripts,
            "add-user.sh",
            &[
                self.dir.path().as_os_str(),
                address.as_ref(),
                password.as_ref(),
            ],
        )
    }

    /// Puts `n` unrelated messages (read, varied, some Latvian) into the account's
    /// INBOX and lets Dovecot index them.
    pub fn fill_inbox(&self, address: &str, n: usize) -> io::Result<()> {
        let n = n.to_string();
        run(
            &self.scripts,
            "fill.py",
            &[self.dir.path().as_os_str(), address.as_ref(), n.as_ref()],
        )
    }

    /// Stops and starts every server: same ports, accounts and mail. For tests that
    /// restart the servers in the middle of a send. The OpenID provider (with OAuth)
    /// comes back on its port but has forgotten every token and session.
    pub fn restart(&self) -> io::Result<()> {
        self.stop()?;
        self.start_again()
    }

    /// Stops every server (connections are then refused), keeping ports and mail;
    /// [`MailServers::start_again`] starts them again.
    pub fn stop(&self) -> io::Result<()> {
        run(&self.scripts, "stop.sh", &[self.dir.path().as_os_str()])
    }

    /// Starts the servers again after [`MailServers::stop`], on the same ports.
    pub fn start_again(&self) -> io::Result<()> {
        run(&self.scripts, "start.sh", &[self.dir.path().as_os_str()])?;
        let env = read_env(self.dir.path())?;
        if env != self.env {
            return Err(io::Error::other(format!(
                "mail servers came back on other ports: {env:?} instead of {:?}",
                self.env
            )));
        }
        Ok(())
    }

    /// Whether the relay saves a copy of each message in the sender's Sent folder
    /// (on at start); off plays a server that does not.
    pub fn set_sent_copy(&self, on: bool) {
        let flag = self.dir.path().join("relay-no-sent-copy");
        let result = if on {
            fs::remove_file(&flag).or_else(|e| match e.kind() {
                io::ErrorKind::NotFound => Ok(()),
                _ => Err(e),
            })
        } else {
            fs::write(&flag, b"")
        };
        result.unwrap_or_else(|e| panic!("cannot switch the Sent copy at {}: {e}", flag.display()));
    }

    /// Makes the relay wait this long after the final dot before it delivers (zero:
    /// no wait), so a test can disconnect or restart while a message is in flight.
    pub fn set_relay_delay(&self, delay: Duration) {
        let file = self.dir.path().join("relay-delay-ms");
        let result = if delay.is_zero() {
            fs::remove_file(&file).or_else(|e| match e.kind() {
                io::ErrorKind::NotFound => Ok(()),
                _ => Err(e),
            })
        } else {
            fs::write(&file, delay.as_millis().to_string())
        };
        result.unwrap_or_else(|e| panic!("cannot set the relay delay at {}: {e}", file.display()));
    }

    /// The account's Maildir (Maildir++: the INBOX in `cur/` and `new/`, the folder
    /// `Sent` in `.Sent/`). For assertions.
    pub fn maildir(&self, address: &str) -> PathBuf {
        let address = address.to_lowercase();
        let (local, domain) = address.rsplit_once('@').unwrap_or((&address, ""));
        self.dir
            .path()
            .join("mail")
            .join(domain)
            .join(local)
            .join("Maildir")
    }

    /// The raw messages in a folder of the account (`"INBOX"`, `"Sent"`, …), oldest
    /// file first, read from the Maildir; empty when the folder does not exist yet.
    pub fn messages(&self, address: &str, folder: &str) -> io::Result<Vec<Vec<u8>>> {
        let mut dir = self.maildir(address);
        if !folder.eq_ignore_ascii_case("INBOX") {
            dir = dir.join(format!(".{}", folder.replace('/', ".")));
        }
        let mut files = Vec::new();
        for sub in ["cur", "new"] {
            match fs::read_dir(dir.join(sub)) {
                Ok(entries) => {
                    for entry in entries {
                        files.push(entry?.path());
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        // Maildir names start with the delivery time in seconds.
        files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
        files.iter().map(fs::read).collect()
    }
}

impl Drop for MailServers {
    fn drop(&mut self) {
        if let Err(e) = self.stop() {
            eprintln!(
                "mail servers in {}: stop failed: {e}",
                self.dir.path().display()
            );
        }
    }
}

/// `scripts/mail` of this repository.
fn scripts_dir() -> io::Result<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/mail");
    if !dir.join("start.sh").is_file() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("mail servers: {} has no start.sh", dir.display()),
        ));
    }
    dir.canonicalize()
}

/// A fresh temporary directory with a short path: Dovecot's unix sockets live in it
/// (at most 108 bytes per path), so a long TMPDIR falls back to /tmp.
fn temp_dir() -> io::Result<tempfile::TempDir> {
    let dir = tempfile::Builder::new().prefix("vraa-mail-").tempdir()?;
    if dir.path().as_os_str().len() <= 48 {
        return Ok(dir);
    }
    tempfile::Builder::new()
        .prefix("vraa-mail-")
        .tempdir_in("/tmp")
}

/// Runs one of the scripts; its failure becomes an error carrying what it said.
fn run(scripts: &Path, script: &str, args: &[&std::ffi::OsStr]) -> io::Result<()> {
    wait(&scripts.join(script), script_command(scripts, script, args))
}

fn script_command(scripts: &Path, script: &str, args: &[&std::ffi::OsStr]) -> Command {
    let mut command = if script.ends_with(".py") {
        Command::new("python3")
    } else {
        Command::new("bash")
    };
    command
        .arg(scripts.join(script))
        .args(args)
        // The relay stops the whole system when this process is gone, so a test that
        // dies without dropping its MailServers leaves no servers behind.
        .env("MAIL_OWNER_PID", std::process::id().to_string())
        .stdin(Stdio::null());
    command
}

/// Runs a script's command; its failure becomes an error carrying what it said.
fn wait(path: &Path, mut command: Command) -> io::Result<()> {
    let output = command
        .output()
        .map_err(|e| io::Error::new(e.kind(), format!("cannot run {}: {e}", path.display())))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.code() == Some(EXIT_MISSING_PACKAGES) {
        let message = if stderr.contains("setup.sh") {
            stderr.trim().to_string()
        } else {
            "mail servers: the mail packages are missing: run scripts/mail/setup.sh".to_string()
        };
        return Err(io::Error::new(io::ErrorKind::NotFound, message));
    }
    Err(io::Error::other(format!(
        "{} failed ({}): {}",
        path.display(),
        output.status,
        stderr.trim()
    )))
}

/// Reads `DIR/servers.env`.
fn read_env(dir: &Path) -> io::Result<Env> {
    let text = fs::read_to_string(dir.join("servers.env"))?;
    let value = |key: &str| -> io::Result<&str> {
        text.lines()
            .find_map(|line| line.strip_prefix(key)?.strip_prefix('='))
            .ok_or_else(|| io::Error::other(format!("servers.env has no {key}")))
    };
    let port = |key: &str| -> io::Result<u16> {
        value(key)?
            .trim()
            .parse()
            .map_err(|e| io::Error::other(format!("servers.env: {key}: {e}")))
    };
    let oauth = match value("MAIL_OAUTH") {
        Ok(v) if v.trim() == "1" => Some(OAuthProvider::new(
            port("OIDC_PORT")?,
            value("OIDC_TENANT")?.trim().to_string(),
            value("OIDC_CLIENT_ID")?.trim().to_string(),
        )),
        _ => None,
    };
    Ok(Env {
        oauth,
        imap: port("IMAP_PORT")?,
        imaps: port("IMAPS_PORT")?,
        submission: port("SUBMISSION_PORT")?,
        submissions: port("SUBMISSIONS_PORT")?,
        relay: port("RELAY_PORT")?,
        lmtp: port("LMTP_PORT")?,
        ca_cert: PathBuf::from(value("CA_CERT")?.trim()),
    })
}
