//! Bulk licence requests from a CSV file: every row is checked and shown
//! with its problems before anything is queued; queueing is all or nothing.

use std::path::Path;

use desk_core::api::NewRequest;
use desk_store::Store;
use serde::Serialize;

use crate::types::FieldProblem;
use crate::{AppError, AppErrorCode};

/// A file larger than this is not a list of licences.
const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CsvRowView {
    pub line: u64,
    pub subject: String,
    /// The row's `description` (`apraksts`) cell; empty without that column.
    pub description: String,
    pub fields: serde_json::Value,
    pub problems: Vec<FieldProblem>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CsvPreviewView {
    pub request_type_id: String,
    pub columns: Vec<String>,
    pub rows: Vec<CsvRowView>,
    pub valid: u32,
    pub invalid: u32,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Queued {
    pub queued: u32,
}

fn read(path: &Path) -> Result<Vec<u8>, AppError> {
    let meta = std::fs::metadata(path).map_err(|e| AppError::unreadable_file(path, &e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(AppError::new(
            AppErrorCode::CsvInvalid,
            "CSV fails ir lielāks par 5 MB; sadaliet to vairākos",
            "The CSV file is larger than 5 MB; split it into several",
        ));
    }
    std::fs::read(path).map_err(|e| AppError::unreadable_file(path, &e))
}

/// Every row of the file with its problems.
pub fn preview(
    store: &Store,
    request_type_id: &str,
    path: &Path,
) -> Result<CsvPreviewView, AppError> {
    let catalog = crate::catalogue::catalog(store)?;
    let request_type = catalog.request_type(request_type_id).ok_or_else(|| {
        AppError::invalid(
            format!("Pieteikuma veids “{request_type_id}” VRAA katalogā nav atrodams"),
            format!("The request type “{request_type_id}” is not in VRAA's catalogue"),
        )
    })?;
    let parsed = desk_core::forms::parse_request_csv(request_type, &read(path)?)
        .map_err(|e| AppError::new(AppErrorCode::CsvInvalid, e.lv(), e.en()))?;
    let rows: Vec<CsvRowView> = parsed
        .rows
        .into_iter()
        .map(|r| CsvRowView {
            line: r.line,
            subject: r.subject,
            description: r.description,
            fields: r.fields,
            problems: r.problems,
        })
        .collect();
    let invalid = rows.iter().filter(|r| !r.problems.is_empty()).count();
    Ok(CsvPreviewView {
        request_type_id: request_type_id.to_owned(),
        columns: parsed.columns,
        valid: u32::try_from(rows.len() - invalid).unwrap_or(u32::MAX),
        invalid: u32::try_from(invalid).unwrap_or(u32::MAX),
        rows,
    })
}

/// Queues one request per row, in one transaction, only when no row has a problem.
pub fn queue(store: &Store, request_type_id: &str, path: &Path) -> Result<Queued, AppError> {
    let preview = preview(store, request_type_id, path)?;
    if preview.rows.is_empty() {
        return Err(AppError::new(
            AppErrorCode::CsvInvalid,
            "CSV failā nav nevienas rindas",
            "The CSV file has no rows",
        ));
    }
    if preview.invalid > 0 {
        return Err(AppError::invalid(
            format!(
                "{} rindās ir kļūdas; nekas netika nosūtīts",
                preview.invalid
            ),
            format!("{} rows have problems; nothing was queued", preview.invalid),
        ));
    }
    let requests: Vec<NewRequest> = preview
        .rows
        .into_iter()
        .map(|r| NewRequest {
            request_type_id: request_type_id.to_owned(),
            subject: r.subject,
            description: r.description,
            fields: r.fields,
            contract_id: None,
        })
        .collect();
    let entries = store.queue_new_requests(&requests)?;
    Ok(Queued {
        queued: u32::try_from(entries.len()).unwrap_or(u32::MAX),
    })
}
