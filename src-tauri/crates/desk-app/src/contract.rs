//! The Contract & SLA screen: contracts and their validity, measured
//! availability per service and month against the targets, outages, and per
//! SLA policy the share of requests handled within target.

use chrono::{Datelike, Duration, Months, NaiveDate, Utc};
use desk_core::api::{AvailabilityRecord, OutageKind};
use desk_core::availability::{monthly_availability, Outage};
use serde::Serialize;

use crate::list::RequestQuery;
use crate::sla::{ClockHistory, SlaBook};
use crate::types::Localized;
use crate::{AppError, Context};

/// A contract ending within this many days is flagged.
pub const EXPIRY_WARNING_DAYS: i64 = 60;
/// Months shown in the availability chart and counted in the policy shares.
pub const MONTHS: u32 = 12;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct NamedService {
    pub id: String,
    pub name: Localized,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ContractView {
    pub id: String,
    pub number: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    /// Days from today (Riga) to the last valid day; `None` when open-ended.
    pub days_left: Option<i64>,
    pub expiring_soon: bool,
    pub expired: bool,
    pub services: Vec<NamedService>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AvailabilityWindowView {
    pub window_id: String,
    pub window_name: Localized,
    /// `None` when the window had no planned time in the month.
    pub percent: Option<f64>,
    pub target_percent: f64,
    pub met: bool,
    pub downtime_minutes: f64,
    pub maintenance_minutes: f64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AvailabilityMonthView {
    /// `YYYY-MM`.
    pub month: String,
    pub windows: Vec<AvailabilityWindowView>,
    pub met: bool,
    pub data_complete: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ServiceAvailabilityView {
    pub service_id: String,
    pub service_name: Localized,
    /// The last twelve months, oldest first.
    pub months: Vec<AvailabilityMonthView>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum OutageKindView {
    Outage,
    Maintenance,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct OutageView {
    pub id: String,
    pub service_id: String,
    pub service_name: Localized,
    pub component: Option<Localized>,
    pub kind: OutageKindView,
    pub starts_at: chrono::DateTime<Utc>,
    pub ends_at: Option<chrono::DateTime<Utc>>,
    pub duration_minutes: Option<i64>,
    pub description: Localized,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PolicyShareView {
    pub policy_id: String,
    pub policy_name: Localized,
    /// Clocks that stopped in the last twelve months.
    pub measured: u32,
    pub within_target: u32,
    /// `within_target / measured`; `None` when nothing was measured.
    pub share: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ContractReport {
    pub contracts: Vec<ContractView>,
    pub availability: Vec<ServiceAvailabilityView>,
    pub outages: Vec<OutageView>,
    pub policy_shares: Vec<PolicyShareView>,
}

pub fn report(ctx: &Context<'_>) -> Result<ContractReport, AppError> {
    let records = ctx.store.availability(None)?;
    Ok(ContractReport {
        contracts: contract_views(ctx)?,
        availability: availability(ctx, &records)?,
        outages: outages(ctx, &records)?,
        policy_shares: policy_shares(ctx)?,
    })
}

pub fn contract_views(ctx: &Context<'_>) -> Result<Vec<ContractView>, AppError> {
    let catalog = crate::catalogue::catalog(ctx.store)?;
    let today = desk_core::time::local_date(ctx.now);
    Ok(ctx
        .store
        .contracts()?
        .into_iter()
        .map(|c| {
            let days_left = c.valid_to.map(|to| (to - today).num_days());
            ContractView {
                expiring_soon: days_left.is_some_and(|d| (0..=EXPIRY_WARNING_DAYS).contains(&d)),
                expired: days_left.is_some_and(|d| d < 0),
                days_left,
                services: c
                    .service_ids
                    .iter()
                    .map(|id| NamedService {
                        id: id.clone(),
                        name: service_name(&catalog, id),
                    })
                    .collect(),
                id: c.id,
                number: c.number,
                valid_from: c.valid_from,
                valid_to: c.valid_to,
            }
        })
        .collect())
}

fn service_name(catalog: &desk_core::api::Catalog, id: &str) -> Localized {
    catalog
        .services
        .iter()
        .find(|s| s.id == id)
        .map(|s| Localized::from(&s.name))
        .unwrap_or_else(|| Localized::new(id, id))
}

/// First days of the last `MONTHS` months in Riga, oldest first (this month last).
fn months(ctx: &Context<'_>) -> Vec<NaiveDate> {
    let today = desk_core::time::local_date(ctx.now);
    let this_month = today.with_day(1).unwrap_or(today);
    (0..MONTHS)
        .rev()
        .filter_map(|back| this_month.checked_sub_months(Months::new(back)))
        .collect()
}

/// Whether every service met its availability targets in the last complete
/// month; `None` without contracts or figures.
pub fn last_month_met(ctx: &Context<'_>) -> Result<Option<bool>, AppError> {
    let records = ctx.store.availability(None)?;
    let services = availability(ctx, &records)?;
    let last_complete = |s: &ServiceAvailabilityView| {
        let n = s.months.len();
        (n >= 2).then(|| s.months[n - 2].met)
    };
    let verdicts: Vec<bool> = services.iter().filter_map(last_complete).collect();
    Ok((!verdicts.is_empty()).then(|| verdicts.iter().all(|met| *met)))
}

fn availability(
    ctx: &Context<'_>,
    records: &[AvailabilityRecord],
) -> Result<Vec<ServiceAvailabilityView>, AppError> {
    let mut service_ids: Vec<String> = ctx
        .store
        .contracts()?
        .iter()
        .flat_map(|c| c.availability_targets.iter().map(|t| t.service_id.clone()))
        .collect();
    service_ids.sort();
    service_ids.dedup();
    let mut out = Vec::new();
    for service_id in service_ids {
        // The targets of DOMAIN.md (99.0 / 97.0 % windows, 99.5 %, 99.9 %) are built in.
        let Ok(definition) = desk_core::availability::service(&service_id) else {
            continue;
        };
        let outages: Vec<Outage> = records
            .iter()
            .filter(|r| r.service_id == service_id)
            .map(|r| Outage {
                start: r.starts_at,
                end: r.ends_at.unwrap_or(ctx.now).max(r.starts_at),
                planned: r.kind == OutageKind::Maintenance,
            })
            .collect();
        let mut months_out = Vec::new();
        for month in months(ctx) {
            let report =
                monthly_availability(ctx.calendar, &definition, month, &outages).map_err(|e| {
                    AppError::new(
                        crate::AppErrorCode::ServerError,
                        "VRAA pieejamības dati nav izmantojami",
                        "VRAA's availability data cannot be used",
                    )
                    .detail(e)
                })?;
            months_out.push(AvailabilityMonthView {
                month: report.month,
                met: report.met,
                data_complete: report.data_complete,
                windows: report
                    .windows
                    .iter()
                    .map(|w| AvailabilityWindowView {
                        window_id: w.window_id.clone(),
                        window_name: Localized::new(&w.window_name.lv, &w.window_name.en),
                        percent: w.percent,
                        target_percent: w.target_percent,
                        met: w.met,
                        downtime_minutes: w.downtime_minutes,
                        maintenance_minutes: w.maintenance_minutes,
                    })
                    .collect(),
            });
        }
        out.push(ServiceAvailabilityView {
            service_name: Localized::new(&definition.name.lv, &definition.name.en),
            service_id,
            months: months_out,
        });
    }
    Ok(out)
}

fn outages(ctx: &Context<'_>, records: &[AvailabilityRecord]) -> Result<Vec<OutageView>, AppError> {
    let catalog = crate::catalogue::catalog(ctx.store)?;
    let since = ctx.now - Duration::days(366);
    let mut out: Vec<OutageView> = records
        .iter()
        .filter(|r| r.ends_at.is_none_or(|end| end >= since))
        .map(|r| {
            let component = catalog
                .services
                .iter()
                .flat_map(|s| &s.components)
                .find(|c| Some(&c.id) == r.component_id.as_ref())
                .map(|c| Localized::from(&c.name));
            OutageView {
                id: r.id.clone(),
                service_id: r.service_id.clone(),
                service_name: service_name(&catalog, &r.service_id),
                component,
                kind: match r.kind {
                    OutageKind::Outage => OutageKindView::Outage,
                    OutageKind::Maintenance => OutageKindView::Maintenance,
                },
                starts_at: r.starts_at,
                ends_at: r.ends_at,
                duration_minutes: r.ends_at.map(|end| (end - r.starts_at).num_minutes()),
                description: Localized::from(&r.description),
            }
        })
        .collect();
    out.sort_by_key(|o| std::cmp::Reverse(o.starts_at));
    Ok(out)
}

/// Per policy: of the clocks that stopped in the last twelve months, how many
/// stopped within target.
fn policy_shares(ctx: &Context<'_>) -> Result<Vec<PolicyShareView>, AppError> {
    let catalog = crate::catalogue::catalog(ctx.store)?;
    let since = ctx.now - Duration::days(365);
    // A request measured in the window may have been created a little before it.
    let created_from = desk_core::time::local_date(since - Duration::days(60));
    let query = desk_store::RequestQuery {
        created_from: Some(desk_core::time::to_utc(
            created_from,
            chrono::NaiveTime::MIN,
        )),
        ..crate::list::store_query(&RequestQuery::default())?
    };
    let book = SlaBook::new(&catalog);
    let mut clocks = Vec::new();
    for item in ctx.store.list_request_rows(&query)? {
        let history = ClockHistory::from_lite(item.created_at, &item.history);
        clocks.extend(book.clocks(&item.request_type_id, &history, ctx.calendar, ctx.now));
    }
    // desk-core's rule: clocks stopped in the period, cancellations not measured.
    let policies: Vec<&desk_core::api::SlaPolicy> = catalog.sla_policies.iter().collect();
    let shares = desk_core::sla::policy_shares(&policies, &clocks, since, ctx.now);
    Ok(shares
        .into_iter()
        .map(|s| PolicyShareView {
            policy_name: catalog
                .sla_policies
                .iter()
                .find(|p| p.id == s.policy_id)
                .map(|p| Localized::from(&p.name))
                .unwrap_or_else(|| Localized::new(&s.policy_id, &s.policy_id)),
            share: s.share(),
            measured: s.measured,
            within_target: s.within_target,
            policy_id: s.policy_id,
        })
        .collect())
}
