//! `import FILE.csv --type ID`: many requests at once (e.g. licences for 40
//! new staff). The file is read by the shared `desk_core::forms` CSV reader
//! (the desktop app's bulk import): the header names the columns (the type's
//! field keys or their Latvian or English titles, optionally `subject` and
//! `description`), `,`, `;` or tab separated, in any encoding Latvian Excel
//! writes (UTF-8 with or without a BOM, UTF-16 with a BOM, Windows-1257). Every
//! row is validated against the type's JSON Schema first; if any row is wrong
//! the whole file is rejected with the row, column and reason of each error,
//! and nothing is queued. A valid file is queued in one transaction.

use std::path::PathBuf;

use clap::Args;
use desk_core::api::NewRequest;
use desk_core::forms;

use super::fields::{self, FieldIssue};
use super::local::{store_error, StoreArgs};
use crate::error::CliError;

#[derive(Debug, Args)]
pub struct ImportArgs {
    pub file: PathBuf,
    /// Pieteikuma veids / Request type id.
    #[arg(long = "type", value_name = "ID")]
    pub request_type: String,
}

struct RowIssue {
    row: u64,
    issue: FieldIssue,
}

pub fn run(store_args: &StoreArgs, args: ImportArgs) -> Result<String, CliError> {
    let shown = args.file.display().to_string();
    let store = store_args.open()?;
    let catalog = fields::catalog(&store);
    let rt = fields::request_type(&catalog, &args.request_type)?;
    let bytes = std::fs::read(&args.file).map_err(|e| {
        CliError::input(
            format!("nevar nolasīt {shown}: {e}"),
            format!("cannot read {shown}: {e}"),
        )
    })?;
    let preview = forms::parse_request_csv(rt, &bytes).map_err(|e| {
        CliError::input(
            format!("{shown}: {}", e.lv()),
            format!("{shown}: {}", e.en()),
        )
    })?;
    let mut requests = Vec::new();
    let mut issues = Vec::new();
    for row in preview.rows {
        issues.extend(
            row.rules
                .iter()
                .zip(row.problems)
                .map(|(rule, problem)| RowIssue {
                    row: row.line,
                    issue: fields::issue(*rule, problem),
                }),
        );
        requests.push(NewRequest {
            request_type_id: rt.id.clone(),
            subject: row.subject,
            description: row.description,
            fields: row.fields,
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
    let entries = store.queue_new_requests(&requests).map_err(store_error)?;
    Ok(format!(
        "Ierindoti {} pieteikumi; tiks nosūtīti ar `sync` / Queued {} requests; sent by `sync`",
        entries.len(),
        entries.len()
    ))
}
