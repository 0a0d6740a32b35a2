//! The standard VRAA catalogue as data: services, request types (one per action
//! VRAA offers, see `shared/DOMAIN.md`) with the JSON Schema of their fields,
//! and the SLA policies. The sandbox serves it; the desktop app can use it to
//! validate drafts offline before it has fetched the live catalogue.

use serde_json::{json, Value};

use super::{
    Catalog, LocalizedText, RequestStatus, RequestType, Service, SharedComponent, SlaClock,
    SlaPolicy, Submitters,
};

/// Version of the working-day calendar data the SLA figures assume.
pub const CALENDAR_DATA_VERSION: &str = "lv-2026.1";

pub const SERVICE_EMAIL: &str = "email";
pub const SERVICE_DVS: &str = "dvs";
pub const SERVICE_SHARED: &str = "shared_components";

fn t(lv: &str, en: &str) -> LocalizedText {
    LocalizedText::new(lv, en)
}

/// A string field with Latvian `title` and English `x-title-en`.
fn text(lv: &str, en: &str, max: u32) -> Value {
    json!({"type": "string", "minLength": 1, "maxLength": max, "title": lv, "x-title-en": en})
}

fn email_field(lv: &str, en: &str) -> Value {
    json!({"type": "string", "format": "email", "maxLength": 254,
           "pattern": "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", "title": lv, "x-title-en": en})
}

fn date_field(lv: &str, en: &str) -> Value {
    json!({"type": "string", "format": "date", "pattern": "^\\d{4}-\\d{2}-\\d{2}$",
           "title": lv, "x-title-en": en})
}

fn boolean(lv: &str, en: &str) -> Value {
    json!({"type": "boolean", "title": lv, "x-title-en": en})
}

/// Labels of the codes the schemas' enums hold (`code`, Latvian, English).
/// Each enum value is described in its schema as `oneOf: [{const, title,
/// x-title-en}]` (titles localised like the fields' own), so that the request
/// detail, the form and any client show `Exchange Online (Plan 1)`, not
/// `exchange_online_plan_1`.
const VALUE_LABELS: &[(&str, &str, &str)] = &[
    (
        "exchange_online_plan_1",
        "Exchange Online (1. plāns)",
        "Exchange Online (Plan 1)",
    ),
    (
        "exchange_online_plan_2",
        "Exchange Online (2. plāns)",
        "Exchange Online (Plan 2)",
    ),
    ("microsoft_365_e3", "Microsoft 365 E3", "Microsoft 365 E3"),
    ("personal", "Personīgā", "Personal"),
    ("technical", "Tehniskā", "Technical"),
    ("create", "Izveidot", "Create"),
    ("delete", "Dzēst", "Delete"),
    ("grant_access", "Piešķirt piekļuvi", "Grant access"),
    ("revoke_access", "Atsaukt piekļuvi", "Revoke access"),
    ("allow", "Atļautie sūtītāji", "Allowed senders"),
    ("block", "Bloķētie sūtītāji", "Blocked senders"),
    ("add", "Pievienot", "Add"),
    ("remove", "Noņemt", "Remove"),
    ("all_accounts", "Visi konti", "All accounts"),
    ("listed_accounts", "Norādītie konti", "Listed accounts"),
    ("licences", "Licences", "Licences"),
    ("mailbox_size", "Pastkastes izmērs", "Mailbox size"),
    ("last_sign_in", "Pēdējā pieteikšanās", "Last sign-in"),
    ("aliases", "Aizstājvārdi", "Aliases"),
    ("forwarding", "Pārsūtīšana", "Forwarding"),
    ("vraa_budget", "VRAA budžets", "VRAA budget"),
    (
        "institution_funds",
        "Iestādes līdzekļi",
        "Institution’s funds",
    ),
    ("not_yet_known", "Vēl nav zināms", "Not yet known"),
    ("single_user", "Viens lietotājs", "A single user"),
    ("department", "Struktūrvienība", "A department"),
    ("whole_institution", "Visa iestāde", "The whole institution"),
    ("grant", "Piešķirt", "Grant"),
    ("change", "Mainīt", "Change"),
    ("revoke", "Atsaukt", "Revoke"),
    ("reader", "Lasītājs", "Reader"),
    ("registrar", "Reģistrētājs", "Registrar"),
    ("approver", "Saskaņotājs", "Approver"),
    ("administrator", "Administrators", "Administrator"),
    (
        "address_selection",
        "Adrešu izvēles komponente",
        "Address selection component",
    ),
    (
        "authentication",
        "Vienotā pieteikšanās (autentifikācija)",
        "Single sign-on (authentication)",
    ),
    (
        "e_address",
        "Oficiālā elektroniskā adrese",
        "Official electronic address",
    ),
    (
        "payments",
        "E-pakalpojumu maksājumu modulis",
        "E-service payment module",
    ),
    (
        "notifications",
        "Paziņojumu komponente",
        "Notification component",
    ),
    ("production", "Produkcijas vide", "Production"),
    ("test", "Testa vide", "Test"),
    ("planning", "Plānošana", "Planning"),
    ("integrating", "Integrēšana", "Integrating"),
    ("integrated", "Integrēts", "Integrated"),
    ("email", "E-pasta servispakalpojums", "E-mail service"),
    ("dvs", "DVS servispakalpojums", "DVS service"),
    (
        "shared_components",
        "Koplietošanas komponentes",
        "Shared components",
    ),
];

/// The `oneOf` that labels every value of an enum (a code without a label
/// keeps the code as its title, so the schema stays complete).
fn labelled(values: &[&str]) -> Value {
    Value::Array(
        values
            .iter()
            .map(|code| {
                let (lv, en) = VALUE_LABELS
                    .iter()
                    .find(|(c, _, _)| c == code)
                    .map_or((*code, *code), |(_, lv, en)| (*lv, *en));
                json!({"const": code, "title": lv, "x-title-en": en})
            })
            .collect(),
    )
}

/// An array item that is one of `values`, each labelled.
fn choice_item(values: &[&str]) -> Value {
    json!({"type": "string", "enum": values, "oneOf": labelled(values)})
}

/// One of `values`: `enum` for validators and generators, `oneOf` with a
/// `const` and bilingual titles per value for people.
fn choice(lv: &str, en: &str, values: &[&str]) -> Value {
    json!({"type": "string", "enum": values, "oneOf": labelled(values), "title": lv, "x-title-en": en})
}

fn object(properties: Value, required: &[&str]) -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false
    })
}

const CENTRAL: &[&str] = &["central.processing"];
const SHARED: &[&str] = &[
    "shared.registration",
    "shared.expert_start",
    "shared.task_start",
    "shared.task_done",
];

fn request_type(
    id: &str,
    service_id: &str,
    name: LocalizedText,
    description: LocalizedText,
    submitters: Submitters,
    sla: &[&str],
    fields_schema: Value,
) -> RequestType {
    RequestType {
        id: id.to_owned(),
        service_id: service_id.to_owned(),
        name,
        description,
        submitters,
        sla_policy_ids: sla.iter().map(|s| (*s).to_owned()).collect(),
        fields_schema,
    }
}

fn services() -> Vec<Service> {
    vec![
        Service {
            id: SERVICE_EMAIL.into(),
            name: t("E-pasta servispakalpojums", "E-mail service"),
            description: t(
                "Microsoft Exchange Online e-pasts: licences, pastkastes, surogātpasta filtri.",
                "Microsoft Exchange Online e-mail: licences, mailboxes, spam filters.",
            ),
            service_hours: t("Darba dienās 08:00–18:00", "Working days 08:00–18:00"),
            components: vec![],
        },
        Service {
            id: SERVICE_DVS.into(),
            name: t("DVS servispakalpojums", "DVS service"),
            description: t(
                "Dokumentu vadības sistēma: pieejamība, pielāgošana, rezerves kopijas, pieprasījumi.",
                "Document management system: availability, customisation, backups, requests.",
            ),
            service_hours: t("Darba dienās 08:00–18:00", "Working days 08:00–18:00"),
            components: vec![],
        },
        Service {
            id: SERVICE_SHARED.into(),
            name: t("Koplietošanas komponentes", "Shared components"),
            description: t(
                "Atkārtoti izmantojami programmatūras moduļi iestāžu e-pakalpojumiem.",
                "Reusable software modules for institutions' e-services.",
            ),
            service_hours: t("Katru dienu 24 h", "Every day, 24 h"),
            components: vec![
                SharedComponent {
                    id: "address_selection".into(),
                    name: t("Adrešu izvēles komponente", "Address selection component"),
                },
                SharedComponent {
                    id: "authentication".into(),
                    name: t("Vienotā pieteikšanās (autentifikācija)", "Single sign-on (authentication)"),
                },
                SharedComponent {
                    id: "e_address".into(),
                    name: t("Oficiālā elektroniskā adrese", "Official electronic address"),
                },
                SharedComponent {
                    id: "payments".into(),
                    name: t("E-pakalpojumu maksājumu modulis", "E-service payment module"),
                },
                SharedComponent {
                    id: "notifications".into(),
                    name: t("Paziņojumu komponente", "Notification component"),
                },
            ],
        },
    ]
}

fn component_ids() -> Vec<&'static str> {
    vec![
        "address_selection",
        "authentication",
        "e_address",
        "payments",
        "notifications",
    ]
}

fn request_types() -> Vec<RequestType> {
    use Submitters::{AnyEmployee, ContactPersons};
    let user = || text("Lietotāja vārds, uzvārds", "User's full name", 200);
    let user_email = || email_field("Lietotāja e-pasts", "User's e-mail");
    vec![
        request_type(
            "email.licence_assign",
            SERVICE_EMAIL,
            t("Piešķirt licenci", "Assign a licence"),
            t(
                "Piešķirt Exchange Online licenci, piešķirot tiesības.",
                "Assign an Exchange Online licence when rights are granted.",
            ),
            ContactPersons,
            CENTRAL,
            object(
                json!({
                    "user_name": user(),
                    "user_email": user_email(),
                    "licence": choice("Licence", "Licence", &["exchange_online_plan_1", "exchange_online_plan_2", "microsoft_365_e3"]),
                    "purchase_needed": boolean("Jāiegādājas papildu licence (1 darba dienas termiņš neattiecas)", "Extra licence must be bought (the 1 working day target does not apply)"),
                    "start_date": date_field("Sākuma datums", "Start date")
                }),
                &["user_name", "user_email", "licence"],
            ),
        ),
        request_type(
            "email.licence_revoke",
            SERVICE_EMAIL,
            t("Atsaukt licenci", "Revoke a licence"),
            t(
                "Atsaukt licenci, atsaucot tiesības.",
                "Revoke a licence when rights are revoked.",
            ),
            ContactPersons,
            CENTRAL,
            object(
                json!({
                    "user_name": user(),
                    "user_email": user_email(),
                    "revoke_on": date_field("Atsaukšanas datums", "Revocation date"),
                    "keep_mailbox_data": boolean("Saglabāt pastkastes datus", "Keep mailbox data")
                }),
                &["user_name", "user_email", "revoke_on"],
            ),
        ),
        request_type(
            "email.mailbox_create",
            SERVICE_EMAIL,
            t(
                "Izveidot personīgo vai tehnisko pastkasti",
                "Create a personal or technical mailbox",
            ),
            t(
                "Personīgās vai tehniskās pastkastes izveide.",
                "Creation of a personal or technical mailbox.",
            ),
            ContactPersons,
            CENTRAL,
            object(
                json!({
                    "mailbox_kind": choice("Pastkastes veids", "Mailbox kind", &["personal", "technical"]),
                    "address": email_field("Pastkastes adrese", "Mailbox address"),
                    "display_name": text("Attēlojamais vārds", "Display name", 200),
                    "owner_email": email_field("Atbildīgās personas e-pasts", "Responsible person's e-mail")
                }),
                &["mailbox_kind", "address", "display_name"],
            ),
        ),
        request_type(
            "email.shared_mailbox_change",
            SERVICE_EMAIL,
            t("Koplietošanas pastkastes izmaiņas", "Shared mailbox change"),
            t(
                "Koplietošanas pastkastes izveide, dzēšana vai piekļuves maiņa.",
                "Create, delete or change access to a shared mailbox.",
            ),
            ContactPersons,
            CENTRAL,
            object(
                json!({
                    "mailbox": email_field("Koplietošanas pastkaste", "Shared mailbox"),
                    "change": choice("Izmaiņa", "Change", &["create", "delete", "grant_access", "revoke_access"]),
                    "members": {"type": "array", "minItems": 1, "maxItems": 100, "uniqueItems": true,
                                "items": email_field("Dalībnieka e-pasts", "Member's e-mail"),
                                "title": "Dalībnieki", "x-title-en": "Members"}
                }),
                &["mailbox", "change"],
            ),
        ),
        request_type(
            "email.spam_filter_change",
            SERVICE_EMAIL,
            t("Surogātpasta filtra izmaiņas", "Spam filter change"),
            t(
                "Atļauto vai bloķēto sūtītāju saraksta maiņa.",
                "Change of the allowed or blocked senders list.",
            ),
            ContactPersons,
            CENTRAL,
            object(
                json!({
                    "list": choice("Saraksts", "List", &["allow", "block"]),
                    "operation": choice("Darbība", "Operation", &["add", "remove"]),
                    "entries": {"type": "array", "minItems": 1, "maxItems": 200, "uniqueItems": true,
                                "items": {"type": "string", "minLength": 3, "maxLength": 254},
                                "title": "Adreses vai domēni", "x-title-en": "Addresses or domains"},
                    "reason": text("Pamatojums", "Reason", 2000)
                }),
                &["list", "operation", "entries"],
            ),
        ),
        request_type(
            "email.account_report",
            SERVICE_EMAIL,
            t(
                "Informācija par lietotāju kontiem",
                "User account information",
            ),
            t(
                "Exchange Online administrēšanas centrā pieejamā informācija par kontiem.",
                "Account information as available in the Exchange Online admin centre.",
            ),
            ContactPersons,
            CENTRAL,
            object(
                json!({
                    "scope": choice("Apjoms", "Scope", &["all_accounts", "listed_accounts"]),
                    "accounts": {"type": "array", "maxItems": 500, "items": email_field("Konts", "Account"),
                                 "title": "Konti", "x-title-en": "Accounts"},
                    "report_items": {"type": "array", "minItems": 1, "uniqueItems": true,
                                     "items": choice_item(&["licences", "mailbox_size", "last_sign_in", "aliases", "forwarding"]),
                                     "title": "Iekļaujamā informācija", "x-title-en": "Information to include"}
                }),
                &["scope", "report_items"],
            ),
        ),
        request_type(
            "email.nonstandard_info",
            SERVICE_EMAIL,
            t(
                "Nestandarta informācijas pieprasījums",
                "Non-standard information request",
            ),
            t(
                "Atsevišķi ar iestādi saskaņots informācijas pieprasījums.",
                "Information request agreed separately with the institution.",
            ),
            ContactPersons,
            CENTRAL,
            object(
                json!({
                    "information_needed": text("Nepieciešamā informācija", "Information needed", 5000),
                    "agreement_reference": text("Saskaņojuma atsauce", "Agreement reference", 200),
                    "needed_by": date_field("Nepieciešams līdz", "Needed by")
                }),
                &["information_needed"],
            ),
        ),
        request_type(
            "dvs.customisation",
            SERVICE_DVS,
            t("DVS pielāgošana", "DVS customisation"),
            t(
                "DVS pielāgošana iestādes vajadzībām, ja ir pieejams finansējums.",
                "Customising DVS to the institution's needs, within available funding.",
            ),
            ContactPersons,
            CENTRAL,
            object(
                json!({
                    "requirement": text("Prasības apraksts", "Requirement", 10000),
                    "business_reason": text("Pamatojums", "Business reason", 5000),
                    "funding": choice("Finansējums", "Funding", &["vraa_budget", "institution_funds", "not_yet_known"]),
                    "desired_date": date_field("Vēlamais izpildes datums", "Desired date")
                }),
                &["requirement", "funding"],
            ),
        ),
        request_type(
            "dvs.incident",
            SERVICE_DVS,
            t("DVS incidents", "DVS incident"),
            t(
                "DVS nedarbojas vai darbojas nepareizi.",
                "DVS is down or misbehaves.",
            ),
            ContactPersons,
            CENTRAL,
            object(
                json!({
                    "impact": choice("Ietekme", "Impact", &["single_user", "department", "whole_institution"]),
                    "started_at": {"type": "string", "format": "date-time", "title": "Sākums", "x-title-en": "Started at"},
                    "steps_to_reproduce": text("Atkārtošanas soļi", "Steps to reproduce", 10000),
                    "error_message": text("Kļūdas paziņojums", "Error message", 2000)
                }),
                &["impact"],
            ),
        ),
        request_type(
            "dvs.user_rights",
            SERVICE_DVS,
            t("DVS lietotāja tiesības", "DVS user rights"),
            t(
                "DVS lietotāja tiesību piešķiršana, maiņa vai atsaukšana.",
                "Grant, change or revoke DVS user rights.",
            ),
            ContactPersons,
            CENTRAL,
            object(
                json!({
                    "user_name": user(),
                    "user_email": user_email(),
                    "change": choice("Izmaiņa", "Change", &["grant", "change", "revoke"]),
                    "roles": {"type": "array", "minItems": 1, "uniqueItems": true,
                              "items": choice_item(&["reader", "registrar", "approver", "administrator"]),
                              "title": "Lomas", "x-title-en": "Roles"},
                    "valid_from": date_field("Spēkā no", "Valid from")
                }),
                &["user_name", "user_email", "change", "roles"],
            ),
        ),
        request_type(
            "dvs.document_copies",
            SERVICE_DVS,
            t("DVS dokumentu kopijas", "Copies of DVS documents"),
            t(
                "DVS apstrādāto dokumentu kopiju izsniegšana iestādei.",
                "Issuing copies of documents processed in DVS to the institution.",
            ),
            ContactPersons,
            CENTRAL,
            object(
                json!({
                    "document_numbers": {"type": "array", "minItems": 1, "maxItems": 1000,
                                         "items": {"type": "string", "minLength": 1, "maxLength": 100},
                                         "title": "Dokumentu numuri", "x-title-en": "Document numbers"},
                    "period_from": date_field("Periods no", "Period from"),
                    "period_to": date_field("Periods līdz", "Period to"),
                    "purpose": text("Mērķis", "Purpose", 2000)
                }),
                &["purpose"],
            ),
        ),
        request_type(
            "shared.issue",
            SERVICE_SHARED,
            t(
                "Koplietošanas komponentes problēma",
                "Shared component issue",
            ),
            t(
                "Koplietošanas komponente nedarbojas kā paredzēts.",
                "A shared component does not work as intended.",
            ),
            ContactPersons,
            SHARED,
            object(
                json!({
                    "component_id": choice("Komponente", "Component", &component_ids()),
                    "environment": choice("Vide", "Environment", &["production", "test"]),
                    "system_name": text("Iestādes sistēma", "Institution's system", 200),
                    "error_message": text("Kļūdas paziņojums", "Error message", 2000)
                }),
                &["component_id", "environment"],
            ),
        ),
        request_type(
            "shared.integration_question",
            SERVICE_SHARED,
            t("Integrācijas jautājums", "Integration question"),
            t(
                "Jautājums par koplietošanas komponentes integrēšanu.",
                "Question about integrating a shared component.",
            ),
            ContactPersons,
            SHARED,
            object(
                json!({
                    "component_id": choice("Komponente", "Component", &component_ids()),
                    "integration_stage": choice("Posms", "Stage", &["planning", "integrating", "integrated"]),
                    "system_name": text("Iestādes sistēma", "Institution's system", 200)
                }),
                &["component_id", "integration_stage"],
            ),
        ),
        request_type(
            "consultation",
            SERVICE_SHARED,
            t("Konsultācija", "Consultation"),
            t(
                "Jautājums jebkuram iestādes darbiniekam (atbilde e-pastā 48 h laikā).",
                "A question from any employee (e-mail answer within 48 h).",
            ),
            AnyEmployee,
            &["shared.email_answer"],
            object(
                json!({
                    "topic_service_id": choice("Pakalpojums", "Service", &[SERVICE_EMAIL, SERVICE_DVS, SERVICE_SHARED]),
                    "reply_email": email_field("Atbildes e-pasts", "Reply e-mail")
                }),
                &["topic_service_id"],
            ),
        ),
    ]
}

fn sla_policies() -> Vec<SlaPolicy> {
    use RequestStatus::*;
    let policy = |id: &str,
                  name: LocalizedText,
                  clock,
                  target,
                  start,
                  stop,
                  paused: Vec<RequestStatus>,
                  window: &str| SlaPolicy {
        id: id.to_owned(),
        name,
        clock,
        target,
        starts_at_status: start,
        stops_at_status: stop,
        paused_in: paused,
        window: window.to_owned(),
        note: None,
    };
    let mut central = policy(
        "central.processing",
        t("Pieprasījuma izpilde", "Request processing"),
        SlaClock::WorkingDays,
        1,
        Submitted,
        Resolved,
        vec![WaitingForCustomer],
        "08:00-18:00",
    );
    central.note = Some(t(
        "Neattiecas, ja jāiegādājas vai jānomā papildu licences.",
        "Does not apply when extra licences must be bought or rented.",
    ));
    vec![
        policy(
            "shared.registration",
            t("Reģistrēšana lietvedībā", "Registration in records"),
            SlaClock::WorkingDays,
            3,
            Submitted,
            Registered,
            vec![],
            "08:30-17:00",
        ),
        policy(
            "shared.expert_start",
            t("Eksperta darba sākums", "Expert starts work"),
            SlaClock::WorkingDays,
            1,
            Registered,
            InProgress,
            vec![],
            "08:30-17:00",
        ),
        policy(
            "shared.task_start",
            t("Uzdevuma izpildes sākums", "Task start"),
            SlaClock::WorkingHours,
            2,
            Submitted,
            InProgress,
            vec![],
            "08:30-17:00",
        ),
        policy(
            "shared.task_done",
            t("Uzdevuma izpilde", "Task done"),
            SlaClock::WorkingDays,
            10,
            Submitted,
            Resolved,
            vec![WaitingForCustomer],
            "08:30-17:00",
        ),
        policy(
            "shared.email_answer",
            t(
                "Atbilde uz e-pasta konsultāciju",
                "Answer to an e-mail consultation",
            ),
            SlaClock::CalendarHours,
            48,
            Submitted,
            Resolved,
            vec![WaitingForCustomer],
            "00:00-24:00",
        ),
        central,
    ]
}

/// The standard catalogue served by VRAA (and the sandbox).
pub fn standard_catalog() -> Catalog {
    Catalog {
        services: services(),
        request_types: request_types(),
        sla_policies: sla_policies(),
        calendar_data_version: CALENDAR_DATA_VERSION.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_refers_to_known_services_and_policies() {
        let catalog = standard_catalog();
        for rt in &catalog.request_types {
            assert!(
                catalog.services.iter().any(|s| s.id == rt.service_id),
                "{}",
                rt.id
            );
            for p in &rt.sla_policy_ids {
                assert!(
                    catalog.sla_policies.iter().any(|sp| &sp.id == p),
                    "{} -> {p}",
                    rt.id
                );
            }
            let required = rt.fields_schema["required"]
                .as_array()
                .expect("required list");
            for r in required {
                let name = r.as_str().expect("field name");
                assert!(
                    rt.fields_schema["properties"].get(name).is_some(),
                    "{}: {name}",
                    rt.id
                );
            }
        }
        let ids: Vec<_> = catalog.sla_policies.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "shared.registration",
                "shared.expert_start",
                "shared.task_start",
                "shared.task_done",
                "shared.email_answer",
                "central.processing"
            ]
        );
    }

    /// Issue 11 item 13: every enum value of every field (and of list items)
    /// has a bilingual label in a `oneOf` entry with its `const`, and the
    /// `oneOf` lists exactly the enum's values.
    #[test]
    fn every_enum_value_is_labelled_in_both_languages() {
        let mut checked = 0;
        for rt in &standard_catalog().request_types {
            let props = rt.fields_schema["properties"]
                .as_object()
                .expect("properties");
            for (key, field) in props {
                let schema = if field["type"] == "array" {
                    &field["items"]
                } else {
                    field
                };
                let Some(values) = schema["enum"].as_array() else {
                    continue;
                };
                let consts: Vec<&Value> = schema["oneOf"]
                    .as_array()
                    .unwrap_or_else(|| panic!("{}.{key}: no oneOf", rt.id))
                    .iter()
                    .map(|e| &e["const"])
                    .collect();
                assert_eq!(consts, values.iter().collect::<Vec<_>>(), "{}.{key}", rt.id);
                for value in values {
                    let code = value.as_str().expect("string code");
                    let (lv, en) = crate::forms::value_label(field, code)
                        .unwrap_or_else(|| panic!("{}.{key}: {code} unlabelled", rt.id));
                    assert!(!lv.is_empty() && !en.is_empty());
                    assert!(
                        lv != code && en != code,
                        "{}.{key}: {code} has no real label",
                        rt.id
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 40, "{checked}");
    }
}
