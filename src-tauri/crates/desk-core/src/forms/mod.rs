//! Request forms: the one implementation of "is this new request valid?" that
//! the desktop app, the CLI and the sandbox share. Fields are checked against
//! the request type's JSON Schema (the `jsonschema` crate) and every problem is
//! explained in Latvian and English, naming the field by its title (`title` is
//! Latvian, `x-title-en` English). Also: typed text to JSON values
//! ([`fields_from_text`]) and the bulk licence CSV ([`parse_request_csv`]).

mod csv_file;
mod schema;
mod text;

use serde::{Deserialize, Serialize};

use crate::api::RequestType;

pub use csv_file::{parse_request_csv, CsvFileError, CsvPreview, CsvRow, MAX_CSV_ROWS};
pub use schema::{value_label, FieldsValidator, Rule, RuleProblem, SchemaError};
pub use text::{fields_from_text, value_from_text};

/// Longest subject VRAA accepts, in characters (it must not be blank).
pub const SUBJECT_MAX_CHARS: usize = 200;
/// Longest description VRAA accepts, in characters (it may be empty).
pub const DESCRIPTION_MAX_CHARS: usize = 20_000;

/// One problem with one field of a form, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldProblem {
    /// `subject`, `description`, a schema property key, or `attachments`.
    pub field: String,
    pub lv: String,
    pub en: String,
}

impl FieldProblem {
    pub fn new(field: impl Into<String>, lv: impl Into<String>, en: impl Into<String>) -> Self {
        FieldProblem {
            field: field.into(),
            lv: lv.into(),
            en: en.into(),
        }
    }
}

/// A request type's form, its schema compiled once (for checking many rows or
/// every keystroke of a draft).
pub struct RequestForm<'t> {
    request_type: &'t RequestType,
    fields: FieldsValidator,
}

impl<'t> RequestForm<'t> {
    pub fn new(request_type: &'t RequestType) -> Result<Self, SchemaError> {
        Ok(RequestForm {
            request_type,
            fields: FieldsValidator::new(request_type)?,
        })
    }

    pub fn request_type(&self) -> &'t RequestType {
        self.request_type
    }

    /// Every problem of a new request, each with the rule that failed.
    pub fn check(
        &self,
        subject: &str,
        description: &str,
        fields: &serde_json::Value,
    ) -> Vec<RuleProblem> {
        let mut out = text_problems(subject, description);
        out.extend(self.fields.check(fields));
        out
    }

    /// Every problem of a new request.
    pub fn validate(
        &self,
        subject: &str,
        description: &str,
        fields: &serde_json::Value,
    ) -> Vec<FieldProblem> {
        self.check(subject, description, fields)
            .into_iter()
            .map(|p| p.problem)
            .collect()
    }
}

/// Every problem of a new request of type `rt`: the subject (not blank, at
/// most [`SUBJECT_MAX_CHARS`]), the description (at most
/// [`DESCRIPTION_MAX_CHARS`]) and the fields against the type's schema — the
/// same rules VRAA applies.
pub fn validate_new_request(
    rt: &RequestType,
    subject: &str,
    description: &str,
    fields: &serde_json::Value,
) -> Vec<FieldProblem> {
    match RequestForm::new(rt) {
        Ok(form) => form.validate(subject, description, fields),
        Err(e) => vec![FieldProblem::new("fields", e.lv(), e.en())],
    }
}

/// The subject and description rules (the sandbox's `check_text` limits).
fn text_problems(subject: &str, description: &str) -> Vec<RuleProblem> {
    let mut out = Vec::new();
    if subject.trim().is_empty() {
        out.push(RuleProblem::new(
            Rule::Required,
            "/subject",
            FieldProblem::new("subject", "Aizpildiet tematu", "Fill in the subject"),
        ));
    } else if subject.chars().count() > SUBJECT_MAX_CHARS {
        out.push(RuleProblem::new(
            Rule::MaxLength,
            "/subject",
            FieldProblem::new(
                "subject",
                format!("Temats drīkst būt ne garāks par {SUBJECT_MAX_CHARS} rakstzīmēm"),
                format!("The subject may have at most {SUBJECT_MAX_CHARS} characters"),
            ),
        ));
    }
    if description.chars().count() > DESCRIPTION_MAX_CHARS {
        out.push(RuleProblem::new(
            Rule::MaxLength,
            "/description",
            FieldProblem::new(
                "description",
                format!("Apraksts drīkst būt ne garāks par {DESCRIPTION_MAX_CHARS} rakstzīmēm"),
                format!("The description may have at most {DESCRIPTION_MAX_CHARS} characters"),
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalogue_data::standard_catalog;
    use serde_json::json;

    fn rt(id: &str) -> RequestType {
        standard_catalog()
            .request_type(id)
            .expect("request type")
            .clone()
    }

    #[test]
    fn a_valid_licence_request_has_no_problems() {
        let problems = validate_new_request(
            &rt("email.licence_assign"),
            "Licence jaunajam kolēģim",
            "",
            &json!({"user_name": "Jānis Bērziņš", "user_email": "janis.berzins@iestade.gov.lv",
                    "licence": "exchange_online_plan_1", "start_date": "2026-12-01"}),
        );
        assert_eq!(problems, vec![]);
    }

    #[test]
    fn problems_name_the_field_by_its_title_in_each_language() {
        let problems = validate_new_request(
            &rt("email.licence_assign"),
            "  ",
            "",
            &json!({"user_email": "nav-epasts", "licence": "platinum", "start_date": "1.12.2026"}),
        );
        let find = |field: &str| {
            problems
                .iter()
                .filter(|p| p.field == field)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            find("subject"),
            vec![&FieldProblem::new(
                "subject",
                "Aizpildiet tematu",
                "Fill in the subject"
            )]
        );
        assert_eq!(
            find("user_name"),
            vec![&FieldProblem::new(
                "user_name",
                "Aizpildiet lauku “Lietotāja vārds, uzvārds”",
                "Fill in “User's full name”"
            )]
        );
        // The format and the pattern both fail: said once.
        assert_eq!(
            find("user_email"),
            vec![&FieldProblem::new(
                "user_email",
                "Lauks “Lietotāja e-pasts” nav derīga e-pasta adrese",
                "“User's e-mail” is not a valid e-mail address"
            )]
        );
        let licence = find("licence");
        assert_eq!(licence.len(), 1);
        assert!(
            licence[0]
                .en
                .starts_with("“Licence” must be one of: exchange_online_plan_1"),
            "{licence:?}"
        );
        assert_eq!(
            find("start_date")[0].en,
            "“Start date” is not a valid date (YYYY-MM-DD)"
        );
        assert_eq!(problems.len(), 5, "{problems:?}");
    }

    #[test]
    fn subject_and_description_limits_match_vraa() {
        let rt = rt("consultation");
        let fields = json!({"topic_service_id": "dvs"});
        assert!(validate_new_request(&rt, &"ā".repeat(200), "", &fields).is_empty());
        let long = validate_new_request(&rt, &"ā".repeat(201), &"x".repeat(20_001), &fields);
        let fields_of: Vec<&str> = long.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields_of, ["subject", "description"]);
        assert!(long[0].lv.contains("200"));
        assert!(long[1].en.contains("20000"));
    }

    #[test]
    fn array_items_and_unknown_fields_are_explained() {
        let problems = validate_new_request(
            &rt("email.shared_mailbox_change"),
            "Dalībnieki",
            "",
            &json!({"mailbox": "kopeja@vvd.gov.lv", "change": "grant_access",
                    "members": ["anna@vvd.gov.lv", "nav-epasts"], "extra": true}),
        );
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0].field, "members");
        assert_eq!(
            problems[0].en,
            "“Members”, entry 2: not a valid e-mail address"
        );
        assert_eq!(
            problems[0].lv,
            "Lauks “Dalībnieki”, 2. ieraksts: nav derīga e-pasta adrese"
        );
        assert_eq!(problems[1].field, "extra");
        assert_eq!(problems[1].en, "This request type has no field “extra”");
    }
}
