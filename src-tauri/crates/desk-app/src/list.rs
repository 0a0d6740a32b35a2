//! The Requests screen: every request matching the user's filter, with its
//! worst SLA clock, unread and pending markers. All matching rows are
//! returned at once (a few hundred bytes each); the UI virtualises the list.

use chrono::{DateTime, NaiveDate, Utc};
use desk_core::api::{Catalog, RequestStatus};
use desk_core::sla::SlaState;
use desk_store::{RequestListItem, RequestSort};
use serde::{Deserialize, Serialize};

use crate::sla::{ClockHistory, SlaBook};
use crate::{AppError, Context};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum SortField {
    #[default]
    UpdatedAt,
    CreatedAt,
    Reference,
    Status,
    SlaDue,
}

/// What the user filters the list by; also the body of a saved filter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", default)]
pub struct RequestQuery {
    pub search: Option<String>,
    pub service_ids: Vec<String>,
    pub request_type_ids: Vec<String>,
    pub statuses: Vec<RequestStatus>,
    /// `YYYY-MM-DD`, inclusive, a date in Riga.
    pub created_from: Option<String>,
    /// `YYYY-MM-DD`, inclusive, a date in Riga.
    pub created_to: Option<String>,
    pub sla_states: Vec<SlaState>,
    pub sort: SortField,
    pub descending: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RequestRow {
    /// VRAA's id, or the local id of a request VRAA has not acknowledged yet.
    pub id: String,
    pub reference: Option<String>,
    pub service_id: String,
    pub request_type_id: String,
    pub subject: String,
    pub status: RequestStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The worst of the request's SLA clocks; `None` when no policy applies yet.
    pub sla: Option<SlaState>,
    /// Earliest due time of a running clock.
    pub sla_due_at: Option<DateTime<Utc>>,
    pub unread: bool,
    /// The user's actions on it still waiting in the outbox.
    pub pending: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RequestPage {
    pub rows: Vec<RequestRow>,
    pub total: u32,
    /// How many there are without any filter ("120 of 5,200"), counted cheaply.
    pub unfiltered_total: u32,
}

/// The rows of the Requests screen for `query`.
pub fn list(ctx: &Context<'_>, query: &RequestQuery) -> Result<RequestPage, AppError> {
    let catalog = crate::catalogue::catalog(ctx.store)?;
    let book = SlaBook::new(&catalog);
    let locals = ctx.store.local_requests()?;
    let mut rows = local_rows(&locals, &catalog, query)?;
    let stored = ctx.store.list_request_rows(&store_query(query)?)?;
    rows.extend(stored.iter().map(|item| row_of(ctx, &book, item)));
    if !query.sla_states.is_empty() {
        rows.retain(|r| r.sla.is_some_and(|s| query.sla_states.contains(&s)));
    }
    if query.sort == SortField::SlaDue {
        sort_by_due(&mut rows, query.descending);
    }
    let total = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    let unfiltered = usize::try_from(ctx.store.request_count()?).unwrap_or(0) + locals.len();
    Ok(RequestPage {
        rows,
        total,
        unfiltered_total: u32::try_from(unfiltered).unwrap_or(u32::MAX),
    })
}

/// Every open request's row (for the Overview), newest change first.
pub fn open_rows(ctx: &Context<'_>) -> Result<Vec<RequestRow>, AppError> {
    let query = RequestQuery {
        statuses: RequestStatus::ALL
            .into_iter()
            .filter(|s| !s.is_terminal())
            .collect(),
        descending: true,
        ..RequestQuery::default()
    };
    Ok(list(ctx, &query)?.rows)
}

pub(crate) fn row_of(ctx: &Context<'_>, book: &SlaBook, item: &RequestListItem) -> RequestRow {
    let history = ClockHistory::from_lite(item.created_at, &item.history);
    let clocks = book.clocks(&item.request_type_id, &history, ctx.calendar, ctx.now);
    RequestRow {
        id: item.id.clone(),
        reference: Some(item.reference.clone()),
        service_id: item.service_id.clone(),
        request_type_id: item.request_type_id.clone(),
        subject: item.subject.clone(),
        status: item.status,
        created_at: item.created_at,
        updated_at: item.updated_at,
        sla: desk_core::sla::worst(&clocks),
        sla_due_at: desk_core::sla::earliest_due(&clocks),
        unread: item.unread,
        pending: item.pending,
    }
}

/// Requests created here and not yet acknowledged: shown first, as pending.
fn local_rows(
    locals: &[desk_store::LocalRequest],
    catalog: &Catalog,
    query: &RequestQuery,
) -> Result<Vec<RequestRow>, AppError> {
    let wanted_status =
        query.statuses.is_empty() || query.statuses.contains(&RequestStatus::Submitted);
    if !wanted_status {
        return Ok(Vec::new());
    }
    let (from, to) = period(query)?;
    let needle: Vec<String> = query.search.as_deref().map(words).unwrap_or_default();
    let mut rows = Vec::new();
    for local in locals {
        let request = &local.request;
        let service_id = catalog
            .request_type(&request.request_type_id)
            .map(|t| t.service_id.clone())
            .unwrap_or_default();
        let matches = (query.service_ids.is_empty() || query.service_ids.contains(&service_id))
            && (query.request_type_ids.is_empty()
                || query.request_type_ids.contains(&request.request_type_id))
            && from.is_none_or(|f| local.created_at >= f)
            && to.is_none_or(|t| local.created_at < t)
            && matches_search(&needle, &request.subject, &request.description);
        if matches {
            rows.push(RequestRow {
                id: local.local_id.clone(),
                reference: None,
                service_id,
                request_type_id: request.request_type_id.clone(),
                subject: request.subject.clone(),
                status: RequestStatus::Submitted,
                created_at: local.created_at,
                updated_at: local.created_at,
                sla: None,
                sla_due_at: None,
                unread: false,
                pending: 1,
            });
        }
    }
    Ok(rows)
}

/// The words of a text, lower case and without diacritics, the way the
/// full-text index (`unicode61 remove_diacritics 2`) splits and folds them.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().flat_map(char::to_lowercase).map(fold).collect())
        .collect()
}

fn fold(c: char) -> char {
    match c {
        'ā' => 'a',
        'č' => 'c',
        'ē' => 'e',
        'ģ' => 'g',
        'ī' => 'i',
        'ķ' => 'k',
        'ļ' => 'l',
        'ņ' => 'n',
        'ō' => 'o',
        'ŗ' => 'r',
        'š' => 's',
        'ū' => 'u',
        'ž' => 'z',
        c => c,
    }
}

/// Like the index's prefix query: every searched word begins some word of
/// the subject or description (so a request not yet at VRAA is found by the
/// same text as the synced ones: "ligum" finds "Līgums").
fn matches_search(needle: &[String], subject: &str, description: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    let mut haystack = words(subject);
    haystack.extend(words(description));
    needle
        .iter()
        .all(|n| haystack.iter().any(|w| w.starts_with(n.as_str())))
}

pub(crate) fn store_query(query: &RequestQuery) -> Result<desk_store::RequestQuery, AppError> {
    let (created_from, created_to) = period(query)?;
    Ok(desk_store::RequestQuery {
        search: query
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
        service_ids: query.service_ids.clone(),
        request_type_ids: query.request_type_ids.clone(),
        statuses: query.statuses.clone(),
        created_from,
        created_to,
        sort: match query.sort {
            SortField::UpdatedAt | SortField::SlaDue => RequestSort::UpdatedAt,
            SortField::CreatedAt => RequestSort::CreatedAt,
            SortField::Reference => RequestSort::Reference,
            SortField::Status => RequestSort::Status,
        },
        descending: query.descending,
        limit: None,
    })
}

/// The query's period as UTC instants: from the start of the first Riga day
/// to the start of the day after the last.
/// From (inclusive) and to (exclusive), each optional.
type Period = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

fn period(query: &RequestQuery) -> Result<Period, AppError> {
    let from = query
        .created_from
        .as_deref()
        .map(|d| riga_midnight(d, "createdFrom", 0))
        .transpose()?;
    let to = query
        .created_to
        .as_deref()
        .map(|d| riga_midnight(d, "createdTo", 1))
        .transpose()?;
    if let (Some(f), Some(t)) = (from, to) {
        if t <= f {
            return Err(AppError::invalid(
                "Perioda beigas ir pirms sākuma",
                "The period ends before it starts",
            )
            .field("createdTo"));
        }
    }
    Ok((from, to))
}

fn riga_midnight(text: &str, field: &str, add_days: u64) -> Result<DateTime<Utc>, AppError> {
    let bad = || {
        AppError::invalid(
            format!("“{text}” nav datums (gggg-mm-dd)"),
            format!("“{text}” is not a date (yyyy-mm-dd)"),
        )
        .field(field)
    };
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| bad())?;
    let date = date
        .checked_add_days(chrono::Days::new(add_days))
        .ok_or_else(bad)?;
    Ok(desk_core::time::to_utc(date, chrono::NaiveTime::MIN))
}

/// Running clocks by due time (soonest first), then breached, then the rest.
fn sort_by_due(rows: &mut [RequestRow], descending: bool) {
    rows.sort_by(|a, b| {
        // A breached clock has no due time any more; it still comes before
        // the rows without a running clock, as the doc line says.
        let key = |r: &RequestRow| {
            (
                r.sla_due_at.is_none(),
                r.sla != Some(SlaState::Breached),
                r.sla_due_at,
            )
        };
        let ordering = key(a).cmp(&key(b));
        if descending {
            ordering.reverse()
        } else {
            ordering
        }
    });
}

/// A filter the user saved under a name.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SavedFilter {
    pub id: String,
    pub name: String,
    pub query: RequestQuery,
}

pub fn saved_filters(store: &desk_store::Store) -> Result<Vec<SavedFilter>, AppError> {
    Ok(store
        .saved_filters()?
        .into_iter()
        .map(|f| SavedFilter {
            // A filter saved by a newer version with fields we do not know keeps what we know.
            query: serde_json::from_value(f.query).unwrap_or_default(),
            id: f.id,
            name: f.name,
        })
        .collect())
}

pub fn save_filter(
    store: &desk_store::Store,
    name: &str,
    query: &RequestQuery,
) -> Result<SavedFilter, AppError> {
    let json = serde_json::to_value(query).map_err(|e| {
        AppError::invalid("Filtru nevar saglabāt", "The filter cannot be saved").detail(e)
    })?;
    let saved = store.save_filter(name.trim(), &json)?;
    Ok(SavedFilter {
        id: saved.id,
        name: saved.name,
        query: query.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_is_riga_days_inclusive() {
        let query = RequestQuery {
            created_from: Some("2026-11-01".into()),
            created_to: Some("2026-11-23".into()),
            ..RequestQuery::default()
        };
        let (from, to) = period(&query).unwrap();
        // Riga is UTC+2 in November: local midnight is 22:00 UTC the day before.
        assert_eq!(from.unwrap().to_rfc3339(), "2026-10-31T22:00:00+00:00");
        assert_eq!(to.unwrap().to_rfc3339(), "2026-11-23T22:00:00+00:00");
    }

    #[test]
    fn a_bad_or_backwards_period_names_the_field() {
        let bad = RequestQuery {
            created_from: Some("23.11.2026".into()),
            ..RequestQuery::default()
        };
        assert_eq!(
            period(&bad).unwrap_err().field.as_deref(),
            Some("createdFrom")
        );
        let backwards = RequestQuery {
            created_from: Some("2026-11-23".into()),
            created_to: Some("2026-11-01".into()),
            ..RequestQuery::default()
        };
        let error = period(&backwards).unwrap_err();
        assert_eq!(error.field.as_deref(), Some("createdTo"));
        assert_eq!(error.code, crate::AppErrorCode::InvalidInput);
    }

    #[test]
    fn due_sort_puts_running_clocks_first_soonest_first() {
        let at = |h: u32| chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 23, h, 0, 0).unwrap();
        let row = |id: &str, due: Option<DateTime<Utc>>| RequestRow {
            id: id.into(),
            reference: None,
            service_id: String::new(),
            request_type_id: String::new(),
            subject: String::new(),
            status: RequestStatus::InProgress,
            created_at: at(1),
            updated_at: at(1),
            sla: None,
            sla_due_at: due,
            unread: false,
            pending: 0,
        };
        let mut rows = vec![
            row("none", None),
            row("late", Some(at(15))),
            row("soon", Some(at(9))),
        ];
        sort_by_due(&mut rows, false);
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["soon", "late", "none"]);
    }

    #[test]
    fn a_saved_query_round_trips_and_tolerates_missing_fields() {
        let query = RequestQuery {
            search: Some("licence".into()),
            statuses: vec![RequestStatus::InProgress],
            sla_states: vec![SlaState::AtRisk],
            sort: SortField::SlaDue,
            ..RequestQuery::default()
        };
        let json = serde_json::to_value(&query).unwrap();
        assert_eq!(serde_json::from_value::<RequestQuery>(json).unwrap(), query);
        let partial: RequestQuery = serde_json::from_str(r#"{"search":"x"}"#).unwrap();
        assert_eq!(partial.search.as_deref(), Some("x"));
        assert_eq!(partial.sort, SortField::UpdatedAt);
    }
}
