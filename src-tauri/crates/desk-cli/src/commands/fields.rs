//! Request fields typed on the command line or in a CSV file: text turned
//! into the JSON types of the request type's schema, then validated against
//! that JSON Schema before anything is queued. Both steps are the shared
//! `desk_core::forms`, so the CLI, the desktop app and VRAA agree.

use desk_core::api::{Catalog, RequestType};
use desk_core::forms::{self, FieldProblem, Rule};
use desk_store::Store;
use serde_json::{Map, Value};

use crate::error::CliError;

/// One problem with one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldIssue {
    pub column: String,
    pub lv: String,
    pub en: String,
}

/// The catalogue VRAA last sent, or the one built in (the same data) before
/// the first sync.
pub fn catalog(store: &Store) -> Catalog {
    match store.catalog() {
        Ok(Some((catalog, _))) => catalog,
        _ => desk_core::api::catalogue_data::standard_catalog(),
    }
}

pub fn request_type<'c>(catalog: &'c Catalog, id: &str) -> Result<&'c RequestType, CliError> {
    catalog.request_type(id).ok_or_else(|| {
        let known: Vec<&str> = catalog
            .request_types
            .iter()
            .map(|t| t.id.as_str())
            .collect();
        CliError::input(
            format!(
                "nezināms pieteikuma veids {id:?}; zināmie: {}",
                known.join(", ")
            ),
            format!("unknown request type {id:?}; known: {}", known.join(", ")),
        )
    })
}

/// Converts `name = text` pairs to the schema's types (the shared
/// `desk_core::forms::value_from_text`); empty text means "not given".
pub fn convert(
    rt: &RequestType,
    pairs: &[(String, String)],
) -> (Map<String, Value>, Vec<FieldIssue>) {
    let mut map = Map::new();
    let mut issues = Vec::new();
    for (name, text) in pairs {
        match forms::value_from_text(rt, name, text) {
            Ok(Some(value)) => {
                map.insert(name.clone(), value);
            }
            Ok(None) => {}
            Err(problem) => issues.push(FieldIssue::from(problem)),
        }
    }
    (map, issues)
}

/// Every way `fields` breaks the request type's schema (the shared
/// `desk_core::forms` check, as VRAA applies it).
pub fn validate(rt: &RequestType, fields: &Value) -> Result<Vec<FieldIssue>, CliError> {
    let validator =
        forms::FieldsValidator::new(rt).map_err(|e| CliError::failure(e.lv(), e.en()))?;
    Ok(validator
        .check(fields)
        .into_iter()
        .map(|p| issue(p.rule, p.problem))
        .collect())
}

/// A shared problem as a column issue. A missing value keeps the CLI's short
/// wording, since the column is already named; the rest say it the app's way.
pub fn issue(rule: Rule, problem: FieldProblem) -> FieldIssue {
    match rule {
        Rule::Required => FieldIssue {
            column: problem.field,
            lv: "obligāta vērtība nav dota".into(),
            en: "required value missing".into(),
        },
        _ => FieldIssue::from(problem),
    }
}

impl From<FieldProblem> for FieldIssue {
    fn from(p: FieldProblem) -> Self {
        FieldIssue {
            column: p.field,
            lv: p.lv,
            en: p.en,
        }
    }
}
