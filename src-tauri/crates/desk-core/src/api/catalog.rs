//! The service catalogue (`GET /v1/catalog`): services, request types with a
//! JSON Schema for their fields, and SLA policies.

use serde::{Deserialize, Serialize};

use super::LocalizedText;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SharedComponent {
    pub id: String,
    pub name: LocalizedText,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Service {
    /// `email`, `dvs` or `shared_components`.
    pub id: String,
    pub name: LocalizedText,
    pub description: LocalizedText,
    /// Human description of the service hours, e.g. working days 08:00–18:00.
    pub service_hours: LocalizedText,
    /// Only for `shared_components`: the components one may ask about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<SharedComponent>,
}

/// Which roles may submit a request type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Submitters {
    /// Concrete actions: IT contact person or IT-expert-group member.
    ContactPersons,
    /// Consultations: any employee.
    AnyEmployee,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestType {
    /// Stable id, e.g. `email.licence_assign`.
    pub id: String,
    pub service_id: String,
    pub name: LocalizedText,
    pub description: LocalizedText,
    pub submitters: Submitters,
    /// SLA policies that apply to requests of this type.
    pub sla_policy_ids: Vec<String>,
    /// JSON Schema (draft 2020-12) of the request's `fields` object. Titles
    /// are in `title` (Latvian) and `x-title-en` (English).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub fields_schema: serde_json::Value,
}

/// How an SLA clock counts time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SlaClock {
    WorkingDays,
    WorkingHours,
    CalendarHours,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaPolicy {
    /// e.g. `shared.registration`.
    pub id: String,
    pub name: LocalizedText,
    pub clock: SlaClock,
    pub target: u32,
    /// Status at which the clock starts.
    pub starts_at_status: super::RequestStatus,
    /// Status at which the clock stops.
    pub stops_at_status: super::RequestStatus,
    /// Statuses during which the clock is paused.
    pub paused_in: Vec<super::RequestStatus>,
    /// Service window the working hours refer to, e.g. `08:00-18:00`.
    pub window: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<LocalizedText>,
}

/// `GET /v1/catalog`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Catalog {
    pub services: Vec<Service>,
    pub request_types: Vec<RequestType>,
    pub sla_policies: Vec<SlaPolicy>,
    /// Version of the working-day calendar data the SLA figures assume.
    pub calendar_data_version: String,
}

impl Catalog {
    pub fn request_type(&self, id: &str) -> Option<&RequestType> {
        self.request_types.iter().find(|t| t.id == id)
    }
}
