//! `import FILE.csv --type ID`: many requests at once (e.g. licences for 40
//! new staff). The header names the columns: `subject` (required),
//! `description`, and the request type's fields. Every row is validated
//! against the type's JSON Schema first; if any row is wrong the whole file
//! is rejected with the row, column and reason of each error, and nothing is
//! queued. A valid file is queued in one transaction.

use std::path::PathBuf;

use clap::Args;
use desk_core::api::NewRequest;

use super::fields::{self, FieldIssue};
use super::local::{store_error, StoreArgs};
use crate::error::CliError;

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    pub file: PathBuf,
    /// Pieteikuma veids / Request type id.
    #[arg(long = "type", value_name = "ID")]
    pub request_type: String,
}

struct RowIssue {
    row: usize,
    issue: FieldIssue,
}

pub fn run(args: ImportArgs) -> Result<String, CliError> {
    let shown = args.file.display().to_string();
    let store = args.store.open()?;
    let catalog = fields::catalog(&store);
    let rt = fields::request_type(&catalog, &args.request_type)?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_path(&args.file)
        .map_err(|e| {
            CliError::input(
                format!("nevar nolasīt {shown}: {e}"),
                format!("cannot read {shown}: {e}"),
            )
        })?;
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(&shown, &e))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_owned())
        .collect();
    if !headers.iter().any(|h| h == "subject") {
        return Err(CliError::input(
            format!("{shown}: virsrakstā nav kolonnas \"subject\""),
            format!("{shown}: the header has no \"subject\" column"),
        ));
    }
    let mut requests = Vec::new();
    let mut issues = Vec::new();
    for (i, record) in reader.records().enumerate() {
        // Row numbers as a spreadsheet shows them: the header is row 1.
        let row = i + 2;
        let record = record.map_err(|e| csv_error(&shown, &e))?;
        let mut subject = String::new();
        let mut description = String::new();
        let mut pairs = Vec::new();
        for (name, value) in headers.iter().zip(record.iter()) {
            match name.as_str() {
                "subject" => subject = value.trim().to_owned(),
                "description" => description = value.to_owned(),
                _ => pairs.push((name.clone(), value.to_owned())),
            }
        }
        if subject.is_empty() || subject.chars().count() > 200 {
            issues.push(RowIssue {
                row,
                issue: FieldIssue {
                    column: "subject".into(),
                    lv: "tematam jābūt 1–200 rakstzīmēm".into(),
                    en: "the subject must be 1–200 characters".into(),
                },
            });
        }
        let (map, convert_issues) = fields::convert(rt, &pairs);
        let values = serde_json::Value::Object(map);
        issues.extend(
            convert_issues
                .into_iter()
                .map(|issue| RowIssue { row, issue }),
        );
        issues.extend(
            fields::validate(rt, &values)?
                .into_iter()
                .map(|issue| RowIssue { row, issue }),
        );
        requests.push(NewRequest {
            request_type_id: rt.id.clone(),
            subject,
            description,
            fields: values,
            contract_id: None,
        });
    }
    if !issues.is_empty() {
        let lv: Vec<String> = issues
            .iter()
            .map(|i| {
                format!(
                    "rinda {}, kolonna {}: {}",
                    i.row, i.issue.column, i.issue.lv
                )
            })
            .collect();
        let en: Vec<String> = issues
            .iter()
            .map(|i| format!("row {}, column {}: {}", i.row, i.issue.column, i.issue.en))
            .collect();
        return Err(CliError::input(
            format!(
                "{shown} noraidīts, nekas nav ierindots ({} kļūdas): {}",
                issues.len(),
                lv.join("; ")
            ),
            format!(
                "{shown} rejected, nothing queued ({} errors): {}",
                issues.len(),
                en.join("; ")
            ),
        ));
    }
    if requests.is_empty() {
        return Err(CliError::input(
            format!("{shown}: nav datu rindu"),
            format!("{shown}: no data rows"),
        ));
    }
    let entries = store.queue_new_requests(&requests).map_err(store_error)?;
    Ok(format!(
        "Ierindoti {} pieteikumi; tiks nosūtīti ar `sync` / Queued {} requests; sent by `sync`",
        entries.len(),
        entries.len()
    ))
}

fn csv_error(shown: &str, e: &csv::Error) -> CliError {
    let row = e.position().map(|p| p.line()).unwrap_or(0);
    CliError::input(
        format!("{shown}: CSV kļūda {row}. rindā: {e}"),
        format!("{shown}: CSV error on line {row}: {e}"),
    )
}
