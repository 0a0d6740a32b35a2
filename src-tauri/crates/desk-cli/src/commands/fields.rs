//! Request fields typed on the command line or in a CSV file: text turned
//! into the JSON types of the request type's schema, then validated against
//! that JSON Schema (the `jsonschema` crate) before anything is queued.

use desk_core::api::{Catalog, RequestType};
use desk_store::Store;
use jsonschema::error::ValidationErrorKind;
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

/// Converts `name = text` pairs to the schema's types; empty text means
/// "not given".
pub fn convert(
    rt: &RequestType,
    pairs: &[(String, String)],
) -> (Map<String, Value>, Vec<FieldIssue>) {
    let mut map = Map::new();
    let mut issues = Vec::new();
    for (name, text) in pairs {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let kind = rt.fields_schema["properties"][name]["type"]
            .as_str()
            .unwrap_or("string");
        let value = match kind {
            "boolean" => match text.to_lowercase().as_str() {
                "true" | "jā" | "ja" | "yes" | "1" => Some(Value::Bool(true)),
                "false" | "nē" | "ne" | "no" | "0" => Some(Value::Bool(false)),
                _ => None,
            },
            "integer" => text.parse::<i64>().ok().map(Value::from),
            "number" => text
                .parse::<f64>()
                .ok()
                .and_then(|n| serde_json::Number::from_f64(n).map(Value::Number)),
            _ => Some(Value::String(text.to_owned())),
        };
        match value {
            Some(v) => {
                map.insert(name.clone(), v);
            }
            None => issues.push(FieldIssue {
                column: name.clone(),
                lv: format!("{text:?} nav derīga vērtība ar tipu {kind}"),
                en: format!("{text:?} is not a valid {kind}"),
            }),
        }
    }
    (map, issues)
}

/// Every way `fields` breaks the request type's schema.
pub fn validate(rt: &RequestType, fields: &Value) -> Result<Vec<FieldIssue>, CliError> {
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&rt.fields_schema)
        .map_err(|e| {
            CliError::failure(
                format!("pieteikuma veida {} shēma nav derīga: {e}", rt.id),
                format!("the schema of request type {} is invalid: {e}", rt.id),
            )
        })?;
    Ok(validator
        .iter_errors(fields)
        .map(|e| {
            let path = e.instance_path().to_string();
            let column = path.trim_start_matches('/').to_owned();
            let english = e.to_string();
            match e.kind() {
                ValidationErrorKind::Required { property } => {
                    let name = property.as_str().unwrap_or_default().to_owned();
                    FieldIssue {
                        column: name,
                        lv: "obligāta vērtība nav dota".into(),
                        en: "required value missing".into(),
                    }
                }
                ValidationErrorKind::AdditionalProperties { unexpected } => FieldIssue {
                    column: unexpected.join(", "),
                    lv: "šim pieteikuma veidam nav tāda lauka".into(),
                    en: "this request type has no such field".into(),
                },
                ValidationErrorKind::Enum { .. } => FieldIssue {
                    column,
                    lv: format!("vērtība nav starp atļautajām ({english})"),
                    en: format!("value not among the allowed ones ({english})"),
                },
                ValidationErrorKind::Format { format } => FieldIssue {
                    column,
                    lv: format!("nav derīgs formāts {format}"),
                    en: format!("not a valid {format}"),
                },
                ValidationErrorKind::MaxLength { limit } => FieldIssue {
                    column,
                    lv: format!("garāks par {limit} rakstzīmēm"),
                    en: format!("longer than {limit} characters"),
                },
                _ => FieldIssue {
                    column,
                    lv: format!("neatbilst shēmai: {english}"),
                    en: format!("does not match the schema: {english}"),
                },
            }
        })
        .collect())
}
