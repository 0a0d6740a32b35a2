//! The Overview screen: what needs the user's attention this morning.

use chrono::{Duration, NaiveDate};
use desk_core::api::RequestStatus;
use desk_core::sla::SlaState;
use serde::Serialize;

use crate::contract::{contract_views, ContractView};
use crate::list::{RequestQuery, RequestRow};
use crate::sla::SlaBook;
use crate::{AppError, Context};
use desk_store::RequestSort;

/// At most this many SLA alerts are listed (the Requests screen has them all).
const MAX_ALERTS: usize = 20;
/// A closed request waits for a rating this long.
const RATING_WINDOW_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum WaitingReason {
    InformationRequested,
    ConfirmResolution,
    Rate,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct WaitingItem {
    pub reason: WaitingReason,
    pub request: RequestRow,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct StatusCount {
    pub status: RequestStatus,
    pub count: u32,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct OutboxCounts {
    pub pending: u32,
    pub parked: u32,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ContractSummary {
    pub number: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub days_left: Option<i64>,
    pub expiring_soon: bool,
    pub expired: bool,
    /// Every service met its availability target last month (`None`: no figures).
    pub availability_met: Option<bool>,
}

impl From<&ContractView> for ContractSummary {
    fn from(c: &ContractView) -> Self {
        Self {
            number: c.number.clone(),
            valid_from: c.valid_from,
            valid_to: c.valid_to,
            days_left: c.days_left,
            expiring_soon: c.expiring_soon,
            expired: c.expired,
            availability_met: None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct OverviewView {
    pub open_by_status: Vec<StatusCount>,
    pub open_total: u32,
    /// Breached first, then at risk, each by due time.
    pub sla_alerts: Vec<RequestRow>,
    pub waiting: Vec<WaitingItem>,
    pub outbox: OutboxCounts,
    pub unread: u32,
    /// The contract ending first (the one to watch).
    pub contract: Option<ContractSummary>,
}

pub fn overview(ctx: &Context<'_>) -> Result<OverviewView, AppError> {
    let open = crate::list::open_rows(ctx)?;
    let mut open_by_status: Vec<StatusCount> = Vec::new();
    for status in RequestStatus::ALL.into_iter().filter(|s| !s.is_terminal()) {
        let count = open.iter().filter(|r| r.status == status).count();
        if count > 0 {
            open_by_status.push(StatusCount {
                status,
                count: to_u32(count),
            });
        }
    }
    let mut sla_alerts: Vec<RequestRow> = open
        .iter()
        .filter(|r| matches!(r.sla, Some(SlaState::Breached | SlaState::AtRisk)))
        .cloned()
        .collect();
    sla_alerts.sort_by_key(|r| (r.sla != Some(SlaState::Breached), r.sla_due_at));
    sla_alerts.truncate(MAX_ALERTS);

    let mut waiting: Vec<WaitingItem> = open
        .iter()
        .filter_map(|r| {
            let reason = match r.status {
                RequestStatus::WaitingForCustomer => WaitingReason::InformationRequested,
                RequestStatus::Resolved => WaitingReason::ConfirmResolution,
                _ => return None,
            };
            Some(WaitingItem {
                reason,
                request: r.clone(),
            })
        })
        .collect();
    waiting.extend(to_rate(ctx)?);

    let (pending, parked) = ctx.store.outbox_counts()?;
    let contract = contract_views(ctx)?
        .iter()
        .filter(|c| !c.expired)
        .min_by_key(|c| c.days_left.unwrap_or(i64::MAX))
        .map(ContractSummary::from)
        .map(|summary| -> Result<ContractSummary, AppError> {
            Ok(ContractSummary {
                availability_met: crate::contract::last_month_met(ctx)?,
                ..summary
            })
        })
        .transpose()?;
    Ok(OverviewView {
        open_total: to_u32(open.len()),
        open_by_status,
        sla_alerts,
        waiting,
        outbox: OutboxCounts {
            pending: to_u32(pending),
            parked: to_u32(parked),
        },
        unread: to_u32(ctx.store.unread_count()?),
        contract,
    })
}

/// Requests closed lately that nobody has rated yet.
///
/// Only the recently closed rows are read (newest first, in growing pages):
/// reading every closed request of years of history with its SLA clocks
/// was most of the Overview's time.
fn to_rate(ctx: &Context<'_>) -> Result<Vec<WaitingItem>, AppError> {
    let since = ctx.now - Duration::days(RATING_WINDOW_DAYS);
    let catalog = crate::catalogue::catalog(ctx.store)?;
    let book = SlaBook::new(&catalog);
    let mut limit: u32 = 200;
    let items = loop {
        let query = desk_store::RequestQuery {
            statuses: vec![RequestStatus::Closed],
            sort: RequestSort::UpdatedAt,
            descending: true,
            limit: Some(limit),
            ..crate::list::store_query(&RequestQuery::default())?
        };
        let items = ctx.store.list_request_rows(&query)?;
        let reached_older = items.last().is_none_or(|i| i.updated_at < since);
        if reached_older || items.len() < limit as usize {
            break items;
        }
        limit = limit.saturating_mul(4);
    };
    let mut out = Vec::new();
    for item in items.iter().take_while(|i| i.updated_at >= since) {
        let rated = ctx
            .store
            .request_detail(&item.id)?
            .is_some_and(|d| d.request.rating.is_some());
        let rating_queued = item.pending > 0;
        if !rated && !rating_queued {
            out.push(WaitingItem {
                reason: WaitingReason::Rate,
                request: crate::list::row_of(ctx, &book, item),
            });
        }
    }
    Ok(out)
}

fn to_u32<T: TryInto<u32>>(n: T) -> u32 {
    n.try_into().unwrap_or(u32::MAX)
}
