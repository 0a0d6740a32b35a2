//! The caller (`GET /v1/me`) and the institution's contracts (`GET /v1/contracts`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Role of a contact person towards VRAA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// IT kontaktpersona: may request concrete actions.
    ItContact,
    /// Member of the IT experts' working group (IT ekspertu darba grupa).
    ItExpertGroup,
    /// Any employee: consultations only.
    Employee,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Institution {
    pub id: String,
    pub name: String,
    pub short_name: String,
    /// Registration number in the register of state institutions.
    pub registration_number: String,
    /// The ministry sector (resors), e.g. `VARAM`.
    pub sector: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Person {
    pub id: String,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
}

/// `GET /v1/me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub person: Person,
    pub institution: Institution,
}

/// One SLA target agreed in a contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContractSlaTarget {
    /// Id of a policy in the catalogue, e.g. `central.processing`.
    pub policy_id: String,
}

/// Monthly availability target of a service within a time window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AvailabilityTarget {
    pub service_id: String,
    /// `working_hours` (e.g. 08:30–17:00 on working days), `other_time`, or `all_time`.
    pub window: String,
    pub percent: f64,
}

/// A contract between the institution and VRAA.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contract {
    pub id: String,
    pub number: String,
    pub valid_from: NaiveDate,
    /// `None` for open-ended contracts.
    pub valid_to: Option<NaiveDate>,
    pub service_ids: Vec<String>,
    pub sla_targets: Vec<ContractSlaTarget>,
    pub availability_targets: Vec<AvailabilityTarget>,
}

/// `GET /v1/contracts`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContractList {
    pub contracts: Vec<Contract>,
}
