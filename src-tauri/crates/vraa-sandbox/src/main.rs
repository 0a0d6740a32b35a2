//! `vraa-sandbox` command line: serve, print tokens, print the OpenAPI document.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use vraa_sandbox::{RateLimit, SandboxConfig, Seed};

#[derive(Parser)]
#[command(
    name = "vraa-sandbox",
    about = "A local VRAA API server for demos, development and tests"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8787")]
    addr: SocketAddr,
    /// SQLite database file (created if missing); in memory when absent.
    #[arg(long)]
    db: Option<PathBuf>,
    /// What to put into a new database.
    #[arg(long, value_enum, default_value_t = SeedArg::Demo)]
    seed: SeedArg,
    /// Simulated staff speed (simulated seconds per real second); off when absent.
    #[arg(long)]
    staff_speed: Option<f64>,
    /// Calls per second per token (0 turns the limit off).
    #[arg(long, default_value_t = 50.0)]
    rate_limit: f64,
    /// Added latency per call in milliseconds.
    #[arg(long, default_value_t = 0)]
    fault_latency_ms: u64,
    /// Share (0–1) of calls answered 500.
    #[arg(long, default_value_t = 0.0)]
    fault_500: f64,
    /// Share (0–1) of calls answered 503.
    #[arg(long, default_value_t = 0.0)]
    fault_503: f64,
    /// Share (0–1) of calls answered 429.
    #[arg(long, default_value_t = 0.0)]
    fault_429: f64,
    /// Share (0–1) of calls whose connection is dropped after taking effect.
    #[arg(long, default_value_t = 0.0)]
    fault_drop: f64,
    /// The e-mail face (feature `mail-face`): VRAA's mailbox and submission server.
    #[cfg(feature = "mail-face")]
    #[command(flatten)]
    mail: MailArgs,
}

/// VRAA's side of the app's e-mail channel: on when `--mail-imap` is given.
#[cfg(feature = "mail-face")]
#[derive(clap::Args)]
struct MailArgs {
    /// IMAP server of VRAA's mailbox (plain text: loopback only), e.g. 127.0.0.1:1143.
    #[arg(long, requires = "mail_smtp")]
    mail_imap: Option<SocketAddr>,
    /// SMTP submission server (plain text with AUTH: loopback only).
    #[arg(long, requires = "mail_imap")]
    mail_smtp: Option<SocketAddr>,
    /// VRAA's mailbox account (also the From of its answers).
    #[arg(long, default_value = "it@vraa.gov.lv")]
    mail_user: String,
    /// The mailbox password.
    #[arg(long, default_value = "")]
    mail_password: String,
    /// Another address mail may come from, as `ADDRESS=PERSON-ID` (repeatable);
    /// the seeded persons' own addresses always work, and
    /// janis@iestade.gov.lv acts as person-vvd-1 unless this is given.
    #[arg(long = "mail-sender", value_name = "ADDRESS=PERSON-ID")]
    mail_senders: Vec<String>,
    /// How often the mailbox and the change feed are looked at, in milliseconds.
    #[arg(long, default_value_t = 500)]
    mail_poll_ms: u64,
}

#[cfg(feature = "mail-face")]
impl MailArgs {
    fn config(&self) -> anyhow::Result<Option<vraa_sandbox::mail_face::MailFaceConfig>> {
        let (Some(imap), Some(smtp)) = (self.mail_imap, self.mail_smtp) else {
            return Ok(None);
        };
        let mut config = vraa_sandbox::mail_face::MailFaceConfig::loopback(
            imap.port(),
            smtp.port(),
            &self.mail_user,
            &self.mail_password,
        );
        config.imap = imap;
        config.smtp = smtp;
        config.poll = std::time::Duration::from_millis(self.mail_poll_ms.max(50));
        if !self.mail_senders.is_empty() {
            config.senders = self
                .mail_senders
                .iter()
                .map(|pair| {
                    pair.split_once('=')
                        .map(|(a, p)| (a.trim().to_owned(), p.trim().to_owned()))
                        .with_context(|| {
                            format!("--mail-sender {pair}: expected ADDRESS=PERSON-ID")
                        })
                })
                .collect::<anyhow::Result<_>>()?;
        }
        Ok(Some(config))
    }
}

#[derive(Subcommand)]
enum Command {
    /// Print the tokens of a seeded database as JSON.
    Tokens {
        #[arg(long)]
        db: PathBuf,
    },
    /// Print the OpenAPI document (what docs/api/openapi.json holds).
    Openapi,
}

#[derive(Clone, Copy, ValueEnum)]
enum SeedArg {
    Demo,
    Empty,
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
fn print_out(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Tokens { db }) => {
            anyhow::ensure!(
                db.exists(),
                "{} does not exist; start the sandbox with --db once to seed it",
                db.display()
            );
            let tokens = vraa_sandbox::tokens_in(&db)
                .with_context(|| format!("reading tokens of {}", db.display()))?;
            anyhow::ensure!(
                !tokens.is_empty(),
                "{} holds no tokens; start the sandbox with --db once to seed it",
                db.display()
            );
            print_out(&format!("{}\n", serde_json::to_string_pretty(&tokens)?))
        }
        Some(Command::Openapi) => print_out(&vraa_sandbox::openapi_json()),
        None => {
            let mut config = SandboxConfig {
                addr: cli.addr,
                db_path: cli.db,
                seed: match cli.seed {
                    SeedArg::Demo => Seed::Demo,
                    SeedArg::Empty => Seed::Empty,
                },
                staff_speed: cli.staff_speed,
                rate_limit: (cli.rate_limit > 0.0).then_some(RateLimit {
                    per_second: cli.rate_limit,
                    burst: cli.rate_limit * 4.0,
                }),
                ..SandboxConfig::default()
            };
            config.faults.latency_ms = cli.fault_latency_ms;
            config.faults.error_500_share = cli.fault_500;
            config.faults.error_503_share = cli.fault_503;
            config.faults.rate_limit_share = cli.fault_429;
            config.faults.drop_share = cli.fault_drop;
            let sandbox = vraa_sandbox::start(config)
                .await
                .context("starting the sandbox")?;
            #[cfg(feature = "mail-face")]
            let face = match cli.mail.config()? {
                Some(config) => {
                    let (imap, smtp, user) = (config.imap, config.smtp, config.user.clone());
                    let face = vraa_sandbox::mail_face::MailFace::start(config, &sandbox)
                        .await
                        .context("starting the e-mail face")?;
                    eprintln!("VRAA e-mail face: {user} (IMAP {imap}, SMTP {smtp})");
                    Some(face)
                }
                None => None,
            };
            eprintln!("VRAA sandbox on {} (Ctrl+C stops)", sandbox.base_url());
            let _ = tokio::signal::ctrl_c().await;
            tracing::info!("Ctrl+C: shutting down");
            #[cfg(feature = "mail-face")]
            if let Some(face) = face {
                face.shutdown().await.context("stopping the e-mail face")?;
            }
            sandbox.shutdown().await.context("serving")?;
            Ok(())
        }
    }
}
