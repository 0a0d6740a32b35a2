//! The catalogue as the New request screen shows it: services, their request
//! types with field schemas, and the SLA policies.

use desk_core::api::{Catalog, SlaClock};
use desk_store::Store;
use serde::Serialize;

use crate::types::Localized;
use crate::AppError;

/// Request types for which the bulk CSV import is offered.
const BULK_LICENCE_TYPES: &[&str] = &["email.licence_assign", "email.licence_revoke"];
/// Request types whose fulfilment depends on VRAA's available funding.
const FUNDING_NOTE_TYPES: &[&str] = &["dvs.customisation"];

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RequestTypeView {
    pub id: String,
    pub service_id: String,
    pub name: Localized,
    pub description: Localized,
    pub sla_policy_ids: Vec<String>,
    /// JSON Schema of the type's fields (`title` Latvian, `x-title-en` English).
    pub fields_schema: serde_json::Value,
    pub funding_note: bool,
    pub bulk_licence: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ServiceView {
    pub id: String,
    pub name: Localized,
    pub description: Localized,
    pub service_hours: Localized,
    pub request_types: Vec<RequestTypeView>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SlaPolicyView {
    pub id: String,
    pub name: Localized,
    pub unit: SlaClock,
    pub target: u32,
    pub note: Option<Localized>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CatalogueView {
    pub services: Vec<ServiceView>,
    pub sla_policies: Vec<SlaPolicyView>,
}

/// The catalogue VRAA last sent, or the built-in one (the same data) before
/// the first sync, so drafts can be written offline from the first start.
pub fn catalog(store: &Store) -> Result<Catalog, AppError> {
    Ok(match store.catalog()? {
        Some((catalog, _etag)) => catalog,
        None => desk_core::api::catalogue_data::standard_catalog(),
    })
}

pub fn catalogue_view(store: &Store) -> Result<CatalogueView, AppError> {
    Ok(view_of(&catalog(store)?))
}

pub fn view_of(catalog: &Catalog) -> CatalogueView {
    let services = catalog
        .services
        .iter()
        .map(|service| ServiceView {
            id: service.id.clone(),
            name: (&service.name).into(),
            description: (&service.description).into(),
            service_hours: (&service.service_hours).into(),
            request_types: catalog
                .request_types
                .iter()
                .filter(|t| t.service_id == service.id)
                .map(|t| RequestTypeView {
                    id: t.id.clone(),
                    service_id: t.service_id.clone(),
                    name: (&t.name).into(),
                    description: (&t.description).into(),
                    sla_policy_ids: t.sla_policy_ids.clone(),
                    fields_schema: t.fields_schema.clone(),
                    funding_note: FUNDING_NOTE_TYPES.contains(&t.id.as_str()),
                    bulk_licence: BULK_LICENCE_TYPES.contains(&t.id.as_str()),
                })
                .collect(),
        })
        .collect();
    let sla_policies = catalog
        .sla_policies
        .iter()
        .map(|p| SlaPolicyView {
            id: p.id.clone(),
            name: (&p.name).into(),
            unit: p.clock,
            target: p.target,
            note: p.note.as_ref().map(Localized::from),
        })
        .collect();
    CatalogueView {
        services,
        sla_policies,
    }
}

/// Names of a request type and its service, for lists; falls back to the id
/// for a type the catalogue no longer has (old requests).
pub fn type_names(catalog: &Catalog, request_type_id: &str) -> (Localized, Localized) {
    let unknown = |id: &str| Localized::new(id, id);
    match catalog.request_type(request_type_id) {
        Some(t) => {
            let service = catalog
                .services
                .iter()
                .find(|s| s.id == t.service_id)
                .map(|s| Localized::from(&s.name))
                .unwrap_or_else(|| unknown(&t.service_id));
            (Localized::from(&t.name), service)
        }
        None => (unknown(request_type_id), unknown("")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_request_type_of_the_standard_catalogue_sits_under_its_service() {
        let catalog = desk_core::api::catalogue_data::standard_catalog();
        let view = view_of(&catalog);
        let listed: usize = view.services.iter().map(|s| s.request_types.len()).sum();
        assert_eq!(listed, catalog.request_types.len());
        for service in &view.services {
            assert!(service
                .request_types
                .iter()
                .all(|t| t.service_id == service.id));
        }
    }

    #[test]
    fn bulk_and_funding_flags_name_real_request_types() {
        let catalog = desk_core::api::catalogue_data::standard_catalog();
        for id in BULK_LICENCE_TYPES.iter().chain(FUNDING_NOTE_TYPES) {
            assert!(
                catalog.request_type(id).is_some(),
                "{id} is not in the catalogue"
            );
        }
        let view = view_of(&catalog);
        let flagged: Vec<&str> = view
            .services
            .iter()
            .flat_map(|s| &s.request_types)
            .filter(|t| t.bulk_licence)
            .map(|t| t.id.as_str())
            .collect();
        assert_eq!(flagged.len(), BULK_LICENCE_TYPES.len());
    }
}
