//! What the user does by hand on an e-mail connection, where VRAA's mail
//! cannot tell: the request's status (resolved, closed) and the contract
//! the SLA targets come from. On the API connection VRAA owns both, and
//! these are refused.

use chrono::NaiveDate;
use desk_core::api::{Actor, ActorKind, Contract, ContractSlaTarget, RequestStatus, StatusChange};
use serde::Deserialize;

use crate::{AppError, Context};

fn require_mail(ctx: &Context<'_>) -> Result<desk_core::mail::MailSettings, AppError> {
    ctx.store.mail_settings()?.ok_or_else(|| {
        AppError::invalid(
            "To var darīt tikai e-pasta savienojumā: VRAA API pats paziņo statusu un līgumus",
            "Only on an e-mail connection: VRAA's API reports the status and the contracts itself",
        )
    })
}

/// Sets a request's status by hand (resolved or closed, as the user reads
/// VRAA's mail). The choice wins: VRAA's later mail no longer moves it.
pub fn set_status_by_hand(
    ctx: &Context<'_>,
    id: &str,
    status: RequestStatus,
) -> Result<(), AppError> {
    let settings = require_mail(ctx)?;
    if !matches!(
        status,
        RequestStatus::InProgress | RequestStatus::Resolved | RequestStatus::Closed
    ) {
        return Err(AppError::invalid(
            "Ar roku var iestatīt tikai statusu “izpildē”, “atrisināts” vai “slēgts”",
            "Only “in progress”, “resolved” or “closed” can be set by hand",
        )
        .field("status"));
    }
    let mut request = ctx
        .store
        .request_detail(id)?
        .map(|d| d.request)
        .ok_or_else(|| AppError::not_found("Pieteikums", "Request", id))?;
    if request.status == status {
        return Ok(());
    }
    request.status_history.push(StatusChange {
        from: Some(request.status),
        to: status,
        at: ctx.now,
        by: Actor {
            kind: ActorKind::Customer,
            name: settings.display_name,
        },
    });
    request.status = status;
    request.version += 1;
    request.updated_at = ctx.now;
    ctx.store.mark_mail_status_by_user(&request.id)?;
    ctx.store.save_request(&request)?;
    Ok(())
}

/// A contract the user enters on an e-mail connection (contracts do not
/// come by mail), so that its SLA targets apply.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ContractInput {
    pub number: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    /// Catalogue service ids, e.g. `email`, `dvs`.
    pub service_ids: Vec<String>,
}

/// Saves (or replaces, by number) a contract entered by hand. Its SLA
/// targets are the catalogue's policies for the request types of its services.
pub fn save_contract(ctx: &Context<'_>, input: ContractInput) -> Result<Contract, AppError> {
    require_mail(ctx)?;
    let number = input.number.trim().to_owned();
    if number.is_empty() {
        return Err(
            AppError::invalid("Ievadiet līguma numuru", "Enter the contract number")
                .field("number"),
        );
    }
    if input.valid_to.is_some_and(|to| to < input.valid_from) {
        return Err(AppError::invalid(
            "Līgums nevar beigties pirms tā sākuma",
            "The contract cannot end before it starts",
        )
        .field("validTo"));
    }
    let catalog = ctx
        .store
        .catalog()?
        .map(|(c, _)| c)
        .unwrap_or_else(desk_core::api::catalogue_data::standard_catalog);
    if input.service_ids.is_empty() {
        return Err(AppError::invalid(
            "Izvēlieties vismaz vienu pakalpojumu",
            "Choose at least one service",
        )
        .field("serviceIds"));
    }
    for service in &input.service_ids {
        if !catalog
            .request_types
            .iter()
            .any(|t| &t.service_id == service)
        {
            return Err(AppError::invalid(
                format!("Pakalpojums “{service}” nav katalogā"),
                format!("The service “{service}” is not in the catalogue"),
            )
            .field("serviceIds"));
        }
    }
    let mut policies: Vec<String> = catalog
        .request_types
        .iter()
        .filter(|t| input.service_ids.contains(&t.service_id))
        .flat_map(|t| t.sla_policy_ids.iter().cloned())
        .collect();
    policies.sort();
    policies.dedup();
    let contract = Contract {
        id: format!("local-{number}"),
        number,
        valid_from: input.valid_from,
        valid_to: input.valid_to,
        service_ids: input.service_ids,
        sla_targets: policies
            .into_iter()
            .map(|policy_id| ContractSlaTarget { policy_id })
            .collect(),
        availability_targets: Vec::new(),
    };
    let mut contracts = ctx.store.contracts()?;
    contracts.retain(|c| c.id != contract.id);
    contracts.push(contract.clone());
    ctx.store.save_contracts(&contracts)?;
    Ok(contract)
}

/// Removes a contract entered by hand.
pub fn delete_contract(ctx: &Context<'_>, id: &str) -> Result<(), AppError> {
    require_mail(ctx)?;
    let mut contracts = ctx.store.contracts()?;
    contracts.retain(|c| c.id != id);
    ctx.store.save_contracts(&contracts)?;
    Ok(())
}
