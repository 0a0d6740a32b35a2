//! `vraa-desk-cli`: the VRAA Desk core from a terminal, for checking and
//! scripting. Output is for people by default and JSON with `--json`.
//!
//! Exit codes: 0 success, 2 bad input (one line on stderr, in Latvian and
//! English, nothing on stdout), 1 any other failure.

mod commands;
mod error;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::CliError;

#[derive(Debug, Parser)]
#[command(
    name = "vraa-desk-cli",
    version,
    about = "VRAA Desk no komandrindas / VRAA Desk from the command line"
)]
struct Cli {
    /// Jaunāks kalendāra datu fails (TOML), kas pa gadiem aizstāj iebūvēto / A newer calendar data file (TOML) that overrides the embedded one year by year.
    #[arg(long, global = true, value_name = "FILE")]
    calendar_file: Option<std::path::PathBuf>,

    #[command(flatten)]
    store: commands::local::StoreArgs,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Latvijas darbdienu kalendārs / Latvian working-day calendar.
    #[command(subcommand)]
    Calendar(commands::calendar::CalendarCommand),
    /// SLA politikas un termiņi / SLA policies and deadlines.
    #[command(subcommand)]
    Sla(commands::sla::SlaCommand),
    /// Pakalpojuma pieejamība mēnesī / Monthly availability of a service.
    Availability(commands::availability::AvailabilityArgs),
    /// Pārbaudīt un saglabāt API pilnvaru / Check and store the API token.
    Login(commands::login::LoginArgs),
    /// Nosūtīt izsūtni un saņemt izmaiņas / Send the outbox and receive changes.
    Sync(commands::sync::SyncArgs),
    /// Pieteikumi / Requests.
    #[command(subcommand)]
    Requests(commands::requests::RequestsCommand),
    /// Komentēt pieteikumu / Comment on a request.
    Comment(commands::comment::CommentArgs),
    /// Pievienot failu pieteikumam / Attach a file to a request.
    Attach(commands::attach::AttachArgs),
    /// Izsūtnes saturs / What waits in the outbox.
    Outbox(commands::outbox::OutboxArgs),
    /// Ielādēt pieteikumus no CSV / Import requests from CSV.
    Import(commands::import::ImportArgs),
    /// Iestādes IT politika šajā datorā / The organisation's policy on this computer.
    #[command(subcommand)]
    Policy(commands::policy::PolicyCommand),
}

fn run(cli: Cli) -> Result<String, CliError> {
    let calendar = commands::load_calendar(cli.calendar_file.as_deref())?;
    match cli.command {
        Command::Calendar(c) => commands::calendar::run(&calendar, c),
        Command::Sla(c) => commands::sla::run(&calendar, c),
        Command::Availability(a) => commands::availability::run(&calendar, a),
        Command::Login(a) => commands::login::run(&cli.store, a),
        Command::Sync(a) => commands::sync::run(&cli.store, a),
        Command::Requests(c) => commands::requests::run(&cli.store, c),
        Command::Comment(a) => commands::comment::run(&cli.store, a),
        Command::Attach(a) => commands::attach::run(&cli.store, a),
        Command::Outbox(a) => commands::outbox::run(&cli.store, a),
        Command::Import(a) => commands::import::run(&cli.store, a),
        Command::Policy(c) => commands::policy::run(&cli.store, c),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return error::report_clap(e),
    };
    match run(cli) {
        Ok(out) => {
            error::write_stdout(&format!("{out}\n"));
            ExitCode::SUCCESS
        }
        Err(e) => e.report(),
    }
}
