//! `sla deadline`, `sla elapsed`, `sla policies`.

use chrono::{DateTime, Datelike, Utc};
use clap::Subcommand;
use desk_core::calendar::Calendar;
use desk_core::sla::{self, SlaPolicy, SlaUnit};
use desk_core::time::format_local;
use serde::Serialize;

use super::{parse_instant, to_json};
use crate::error::CliError;

#[derive(Debug, Subcommand)]
pub enum SlaCommand {
    /// Politikas termiņš pulkstenim, kas sākts START / Deadline of a policy for a clock started at START.
    Deadline {
        /// Politikas id, piem. / Policy id, e.g. central.processing.
        #[arg(long, value_name = "ID")]
        policy: String,
        /// RFC 3339, piem. / e.g. 2026-11-20T17:55:00+02:00.
        #[arg(long, value_name = "RFC3339")]
        start: String,
        /// Izvade JSON formātā / Output as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Politikas darba laiks starp diviem brīžiem / Business time of a policy between two instants.
    Elapsed {
        /// Politikas id, piem. / Policy id, e.g. central.processing.
        #[arg(long, value_name = "ID")]
        policy: String,
        /// Sākums (RFC 3339) / Start (RFC 3339).
        #[arg(long, value_name = "RFC3339")]
        from: String,
        /// Beigas (RFC 3339) / End (RFC 3339).
        #[arg(long, value_name = "RFC3339")]
        to: String,
        /// Izvade JSON formātā / Output as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Iebūvētās politikas / The built-in policies.
    Policies {
        /// Izvade JSON formātā / Output as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Serialize)]
struct DeadlineOut<'a> {
    policy: &'a str,
    target: u32,
    unit: SlaUnit,
    window: &'a str,
    start: DateTime<Utc>,
    deadline: DateTime<Utc>,
    /// `dd.mm.yyyy. HH:MM`, Europe/Riga.
    deadline_local: String,
    /// The calendar data confirms every year the deadline spans.
    data_complete: bool,
}

#[derive(Serialize)]
struct ElapsedOut<'a> {
    policy: &'a str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    unit: SlaUnit,
    seconds: i64,
    value: f64,
}

fn policy(id: &str) -> Result<SlaPolicy, CliError> {
    sla::policy(id).map_err(|e| CliError::from_bilingual("", "", &e))
}

fn unit_words(unit: SlaUnit, n: u32) -> (&'static str, &'static str) {
    let one = n == 1;
    match unit {
        SlaUnit::WorkingDays if one => ("darbdiena", "working day"),
        SlaUnit::WorkingDays => ("darbdienas", "working days"),
        SlaUnit::WorkingHours if one => ("darba stunda", "working hour"),
        SlaUnit::WorkingHours => ("darba stundas", "working hours"),
        SlaUnit::CalendarHours if one => ("stunda", "hour"),
        SlaUnit::CalendarHours => ("stundas", "hours"),
    }
}

pub fn run(cal: &Calendar, cmd: SlaCommand) -> Result<String, CliError> {
    match cmd {
        SlaCommand::Deadline {
            policy: id,
            start,
            json,
        } => {
            let p = policy(&id)?;
            let start = parse_instant(&start)?;
            let deadline = p
                .deadline(cal, start)
                .map_err(|e| CliError::from_bilingual("", "", &e))?;
            let data_complete = (start.year()..=deadline.year()).all(|y| cal.data_complete(y));
            let out = DeadlineOut {
                policy: &p.id,
                target: p.target,
                unit: p.unit,
                window: &p.window.id,
                start,
                deadline,
                deadline_local: format_local(deadline),
                data_complete,
            };
            if json {
                return to_json(&out);
            }
            let (lv, en) = unit_words(p.unit, p.target);
            let mut s = format!(
                "{} — {} / {}\nMērķis / Target: {} {lv} / {en}\nSākums / Start: {}\nTermiņš / Deadline: {} (Europe/Riga) = {}",
                p.id,
                p.name.lv,
                p.name.en,
                p.target,
                format_local(start),
                out.deadline_local,
                deadline.to_rfc3339()
            );
            if !data_complete {
                s.push_str("\nPiezīme: kalendāra dati šim periodam nav pilnīgi / Note: calendar data for this period is incomplete (rules only)");
            }
            Ok(s)
        }
        SlaCommand::Elapsed {
            policy: id,
            from,
            to,
            json,
        } => {
            let p = policy(&id)?;
            let (from, to) = (parse_instant(&from)?, parse_instant(&to)?);
            let e = p
                .elapsed(cal, from, to)
                .map_err(|e| CliError::from_bilingual("", "", &e))?;
            let out = ElapsedOut {
                policy: &p.id,
                from,
                to,
                unit: e.unit,
                seconds: e.seconds,
                value: e.value,
            };
            if json {
                return to_json(&out);
            }
            let (lv, en) = unit_words(p.unit, 2);
            Ok(format!(
                "{}: {:.4} {lv} / {en} ({} s)",
                p.id, e.value, e.seconds
            ))
        }
        SlaCommand::Policies { json } => {
            let all = sla::builtin_policies();
            if json {
                return to_json(&all);
            }
            Ok(all
                .iter()
                .map(|p| {
                    let (lv, en) = unit_words(p.unit, p.target);
                    format!(
                        "{:<22} {:>3} {lv} / {en}  [{}]  {} / {}",
                        p.id, p.target, p.window.id, p.name.lv, p.name.en
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"))
        }
    }
}
