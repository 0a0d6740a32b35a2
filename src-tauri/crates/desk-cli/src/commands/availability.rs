//! `availability --service ID --month YYYY-MM --outages FILE [--json]`.

use std::path::PathBuf;

use clap::Args;
use desk_core::availability::{self, monthly_availability, Outage};
use desk_core::calendar::Calendar;

use super::to_json;
use crate::error::CliError;

#[derive(Debug, Args)]
pub struct AvailabilityArgs {
    /// `shared_components` (`shared`), `email` vai / or `dvs`.
    #[arg(long, value_name = "ID")]
    service: String,
    /// GGGG-MM / YYYY-MM (Europe/Riga).
    #[arg(long, value_name = "YYYY-MM")]
    month: String,
    /// JSON masīvs / JSON array of {"start","end","planned"} (RFC 3339).
    #[arg(long, value_name = "FILE")]
    outages: PathBuf,
    /// Izvade JSON formātā / Output as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(cal: &Calendar, args: AvailabilityArgs) -> Result<String, CliError> {
    let service =
        availability::service(&args.service).map_err(|e| CliError::from_bilingual("", "", &e))?;
    let month =
        availability::parse_month(&args.month).map_err(|e| CliError::from_bilingual("", "", &e))?;
    let path = args.outages.display().to_string();
    let text = std::fs::read_to_string(&args.outages).map_err(|e| {
        CliError::input(
            format!("nevar nolasīt pārtraukumu failu {path}: {e}"),
            format!("cannot read outage file {path}: {e}"),
        )
    })?;
    let outages: Vec<Outage> = serde_json::from_str(&text).map_err(|e| {
        CliError::input(
            format!("pārtraukumu fails {path} nav JSON masīvs ar {{\"start\",\"end\",\"planned\"}}: {e}"),
            format!("outage file {path} is not a JSON array of {{\"start\",\"end\",\"planned\"}}: {e}"),
        )
    })?;
    let report = monthly_availability(cal, &service, month, &outages)
        .map_err(|e| CliError::from_bilingual("", "", &e))?;
    if args.json {
        return to_json(&report);
    }
    let mut lines = vec![format!(
        "{} / {} — {}",
        report.service_name.lv, report.service_name.en, report.month
    )];
    for w in &report.windows {
        let pct = w.percent.map_or("—".to_string(), |p| format!("{p:.3} %"));
        let verdict = if w.met {
            "izpildīts / met"
        } else {
            "NAV izpildīts / NOT met"
        };
        lines.push(format!(
            "  {}: plānots / planned {:.0} min, dīkstāve / downtime {:.1} min, apkope / maintenance {:.1} min → {pct} (mērķis / target {} %) {verdict}",
            w.window_name.en, w.planned_minutes, w.downtime_minutes, w.maintenance_minutes, w.target_percent
        ));
    }
    if !report.data_complete {
        lines.push(
            "  Piezīme: kalendāra dati nav pilnīgi / Note: calendar data incomplete (rules only)"
                .into(),
        );
    }
    Ok(lines.join("\n"))
}
