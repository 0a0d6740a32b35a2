//! `policy`: what the organisation's IT sets on this computer (Windows registry
//! policy, or `/etc/vraa-desk/policy.json`), the settings in force, which of them
//! are locked, and the values that were ignored. For administrators checking a
//! deployment: `vraa-desk-cli policy show` after `msiexec … SERVERURL=…`.

use clap::{Args, Subcommand};
use desk_app::policy::PolicyView;
use desk_core::policy::{LockedField, POLICY_VALUE_NAMES};
use desk_core::settings::{ProxySetting, Settings};
use serde::Serialize;

use super::local::StoreArgs;
use crate::error::CliError;

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Politika, spēkā esošie iestatījumi un bloķētās vērtības / The policy, the settings in force and which are locked.
    Show(ShowArgs),
    /// Visu politikas vērtību nosaukumi (reģistrā un policy.json) / The name of every policy value (registry and policy.json).
    Names,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// JSON izvade / JSON output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Report {
    #[serde(flatten)]
    policy: PolicyView,
    /// The settings as they apply (stored, with the policy's values).
    settings: Settings,
}

pub fn run(store_args: &StoreArgs, command: PolicyCommand) -> Result<String, CliError> {
    match command {
        PolicyCommand::Names => Ok(POLICY_VALUE_NAMES.join("\n")),
        PolicyCommand::Show(args) => show(store_args, args),
    }
}

const LOCKED_MARK: &str = "[Iestatījis jūsu iestādes IT / Set by your organisation]";

fn show(store_args: &StoreArgs, args: ShowArgs) -> Result<String, CliError> {
    let store = store_args.open()?;
    let view = desk_app::policy::load().view();
    let settings = desk_app::policy::effective_settings(&store, &view.policy)
        .map_err(|e| CliError::failure(e.lv, e.en))?;
    let report = Report {
        policy: view,
        settings,
    };
    if args.json {
        return super::to_json(&report);
    }
    Ok(human(&report))
}

fn human(report: &Report) -> String {
    let view = &report.policy;
    let mut lines = Vec::new();
    if view.sources.is_empty() {
        lines.push("Iestādes IT politika: nav / Organisation policy: none".to_owned());
    } else {
        lines.push(format!(
            "Iestādes IT politika / Organisation policy: {}",
            view.sources.join(", ")
        ));
    }
    for entry in &view.entries {
        lines.push(format!("  {} = {}", entry.name, entry.value));
    }
    lines.push("Iestatījumi / Settings:".to_owned());
    let s = &report.settings;
    let proxy = match &s.proxy {
        ProxySetting::System => "system".to_owned(),
        ProxySetting::None => "none".to_owned(),
        ProxySetting::Manual { url } => url.clone(),
    };
    let rows = [
        (
            LockedField::ServerUrl,
            s.server_url.clone().unwrap_or_else(|| "-".into()),
        ),
        (
            LockedField::SyncIntervalMinutes,
            s.sync_interval_minutes.to_string(),
        ),
        (LockedField::Proxy, proxy),
        (
            LockedField::CaCertPath,
            s.ca_cert_path.clone().unwrap_or_else(|| "-".into()),
        ),
        (
            LockedField::NotificationsEnabled,
            s.notifications_enabled.to_string(),
        ),
    ];
    for (field, value) in rows {
        let mark = if view.locked_fields.contains(&field) {
            format!("  {LOCKED_MARK}")
        } else {
            String::new()
        };
        lines.push(format!("  {} = {value}{mark}", field.code()));
    }
    lines.push(format!(
        "Demo: {}",
        if view.demo_allowed {
            "atļauts / allowed"
        } else {
            "izslēgts / turned off"
        }
    ));
    for warning in &view.warnings {
        lines.push(format!("Brīdinājums / Warning: {}", warning.message()));
    }
    lines.join("\n")
}
