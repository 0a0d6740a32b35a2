//! Export of the current request list to CSV for Excel: UTF-8 with a byte
//! order mark (without it Excel reads UTF-8 as the ANSI code page and
//! "ā" turns into "Ä"), `;` between values (what Excel expects with Latvian
//! regional settings, where `,` is the decimal separator), Latvian headers,
//! dates and times in Riga. No cell can run as a formula: one that starts with
//! `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` (OWASP's
//! CSV injection rule), so a subject such as `=HYPERLINK(…)` shows as text.

use std::path::Path;

use desk_core::api::RequestStatus;
use desk_core::sla::SlaState;
use serde::Serialize;

use crate::list::{RequestQuery, RequestRow};
use crate::{AppError, AppErrorCode, Context};

const BOM: &[u8] = b"\xEF\xBB\xBF";

const HEADERS: [&str; 10] = [
    "Numurs",
    "Temats",
    "Pakalpojums",
    "Pieteikuma veids",
    "Statuss",
    "SLA stāvoklis",
    "SLA termiņš",
    "Izveidots",
    "Atjaunināts",
    "Nelasīts",
];

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ExportOutcome {
    pub rows: u32,
    pub path: String,
}

pub fn status_lv(status: RequestStatus) -> &'static str {
    match status {
        RequestStatus::Submitted => "Iesniegts",
        RequestStatus::Registered => "Reģistrēts",
        RequestStatus::Assigned => "Piešķirts izpildītājam",
        RequestStatus::InProgress => "Izpildē",
        RequestStatus::WaitingForCustomer => "Gaida informāciju no jums",
        RequestStatus::Resolved => "Atrisināts",
        RequestStatus::Closed => "Slēgts",
        RequestStatus::Cancelled => "Atcelts",
        RequestStatus::Reopened => "Atkārtoti atvērts",
    }
}

fn sla_lv(state: Option<SlaState>) -> &'static str {
    match state {
        None => "",
        Some(SlaState::OnTrack) => "Laikā",
        Some(SlaState::AtRisk) => "Apdraudēts",
        Some(SlaState::Breached) => "Nokavēts",
        Some(SlaState::Paused) => "Apturēts",
        Some(SlaState::Met) => "Izpildīts laikā",
        Some(SlaState::Missed) => "Izpildīts ar kavējumu",
    }
}

/// The CSV bytes of `rows`.
pub fn csv_bytes(ctx: &Context<'_>, rows: &[RequestRow]) -> Result<Vec<u8>, AppError> {
    let catalog = crate::catalogue::catalog(ctx.store)?;
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(BOM.to_vec());
    let fail = |e: csv::Error| {
        AppError::new(
            AppErrorCode::FileUnreadable,
            "CSV failu neizdevās sagatavot",
            "The CSV file could not be prepared",
        )
        .detail(e)
    };
    writer.write_record(HEADERS).map_err(fail)?;
    for row in rows {
        let (type_name, service_name) =
            crate::catalogue::type_names(&catalog, &row.request_type_id);
        let when = |t: chrono::DateTime<chrono::Utc>| desk_core::time::format_local(t);
        let record = [
            row.reference.as_deref().unwrap_or("(vēl nav nosūtīts)"),
            &row.subject,
            &service_name.lv,
            &type_name.lv,
            status_lv(row.status),
            sla_lv(row.sla),
            &row.sla_due_at.map(when).unwrap_or_default(),
            &when(row.created_at),
            &when(row.updated_at),
            if row.unread { "jā" } else { "" },
        ];
        writer
            .write_record(record.iter().map(|cell| neutralise(cell).into_owned()))
            .map_err(fail)?;
    }
    writer.into_inner().map_err(|e| fail(e.into_error().into()))
}

/// A cell as text that a spreadsheet will not read as a formula: a leading
/// `=`, `+`, `-`, `@`, tab or carriage return gets a `'` before it.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Writes the list for `query` to `path`.
pub fn export(
    ctx: &Context<'_>,
    query: &RequestQuery,
    path: &Path,
) -> Result<ExportOutcome, AppError> {
    let page = crate::list::list(ctx, query)?;
    let bytes = csv_bytes(ctx, &page.rows)?;
    std::fs::write(path, bytes).map_err(|e| {
        AppError::new(
            AppErrorCode::FileUnreadable,
            format!("Failu {} nevar ierakstīt", path.display()),
            format!("The file {} cannot be written", path.display()),
        )
        .detail(e)
    })?;
    Ok(ExportOutcome {
        rows: page.total,
        path: path.display().to_string(),
    })
}
