//! `calendar days FROM TO [--json]`.

use chrono::Datelike;
use clap::Subcommand;
use desk_core::calendar::{Calendar, Day, DayKind};
use desk_core::time::format_date;

use super::{parse_date, to_json};
use crate::error::CliError;

/// Longest range one call lists (about a century), so a typo cannot fill a disk.
const MAX_DAYS: i64 = 36_600;

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Visas dienas no FROM līdz TO ieskaitot (GGGG-MM-DD) / Every day from FROM to TO, both included (YYYY-MM-DD).
    Days {
        from: String,
        to: String,
        /// Viens JSON objekts katram datumam / One JSON object per date.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(cal: &Calendar, cmd: CalendarCommand) -> Result<String, CliError> {
    match cmd {
        CalendarCommand::Days { from, to, json } => {
            let (from, to) = (parse_date(&from)?, parse_date(&to)?);
            if to < from {
                return Err(CliError::input(
                    format!("beigu datums {to} ir pirms sākuma datuma {from}"),
                    format!("end date {to} is before start date {from}"),
                ));
            }
            if (to - from).num_days() > MAX_DAYS {
                return Err(CliError::input(
                    format!("periods ir garāks par {MAX_DAYS} dienām"),
                    format!("the range is longer than {MAX_DAYS} days"),
                ));
            }
            let days = cal.days(from, to);
            if json {
                to_json(&days)
            } else {
                Ok(days.iter().map(human_line).collect::<Vec<_>>().join("\n"))
            }
        }
    }
}

fn weekday_lv(d: &Day) -> &'static str {
    ["P", "O", "T", "C", "Pk", "S", "Sv"][d.date.weekday().num_days_from_monday() as usize]
}

fn human_line(d: &Day) -> String {
    let what = match d.kind {
        DayKind::Working if d.shortened => {
            "saīsināta darbdiena / shortened working day".to_string()
        }
        DayKind::Working => "darbdiena / working day".to_string(),
        DayKind::Weekend => "brīvdiena / weekend".to_string(),
        DayKind::Holiday | DayKind::HolidayInLieu => match &d.holiday {
            Some(h) => format!("{} / {}", h.lv, h.en),
            None => "svētku diena / holiday".to_string(),
        },
        DayKind::MovedDayOff => match d.moved_pair {
            Some(p) => format!(
                "pārcelta brīvdiena (strādā {}) / moved day off (worked on {})",
                format_date(p),
                format_date(p)
            ),
            None => "pārcelta brīvdiena / moved day off".to_string(),
        },
        DayKind::MovedWorkingDay => {
            let short = if d.shortened {
                ", saīsināta / shortened"
            } else {
                ""
            };
            match d.moved_pair {
                Some(p) => format!(
                    "pārceltā darbdiena (par {}) / moved working day (for {}){short}",
                    format_date(p),
                    format_date(p)
                ),
                None => format!("pārceltā darbdiena / moved working day{short}"),
            }
        }
    };
    let note = if d.data_complete {
        ""
    } else {
        "  [tikai noteikumi / rules only]"
    };
    format!(
        "{} {:<2} {}{}",
        format_date(d.date),
        weekday_lv(d),
        what,
        note
    )
}
