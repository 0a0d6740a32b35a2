//! Validation of request bodies: the request type's JSON Schema for `fields`
//! (with the `jsonschema` crate) and plain length rules, turned into per-field
//! errors in Latvian and English.

use std::collections::HashMap;

use desk_core::api::{Catalog, FieldError};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::Validator;
use serde_json::Value;

use crate::error::{field_error, SandboxError};

/// Compiled field schemas of every request type.
pub struct FieldValidators {
    by_type: HashMap<String, Validator>,
}

impl FieldValidators {
    pub fn compile(catalog: &Catalog) -> Result<Self, SandboxError> {
        let mut by_type = HashMap::new();
        for rt in &catalog.request_types {
            let validator = jsonschema::options()
                .should_validate_formats(true)
                .build(&rt.fields_schema)
                .map_err(|e| SandboxError::Schema {
                    type_id: rt.id.clone(),
                    message: e.to_string(),
                })?;
            by_type.insert(rt.id.clone(), validator);
        }
        Ok(FieldValidators { by_type })
    }

    /// Errors of `fields` against the schema of `type_id` (pointers start at
    /// `/fields`). `None` when the type is unknown.
    pub fn check(&self, type_id: &str, fields: &Value) -> Option<Vec<FieldError>> {
        let validator = self.by_type.get(type_id)?;
        Some(
            validator
                .iter_errors(fields)
                .map(|e| {
                    let pointer = format!("/fields{}", e.instance_path());
                    describe(pointer, e.kind(), &e.to_string())
                })
                .collect(),
        )
    }
}

fn describe(pointer: String, kind: &ValidationErrorKind, english: &str) -> FieldError {
    use ValidationErrorKind as K;
    match kind {
        K::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let pointer = format!("{pointer}/{name}");
            field_error(
                pointer,
                "required",
                format!("Field \"{name}\" is required."),
                format!("Lauks \"{name}\" ir obligāts."),
            )
        }
        K::AdditionalProperties { unexpected } => field_error(
            pointer,
            "unknown_field",
            format!("Unknown fields: {}.", unexpected.join(", ")),
            format!("Nezināmi lauki: {}.", unexpected.join(", ")),
        ),
        K::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(ts) => format!("{ts:?}"),
            };
            field_error(
                pointer,
                "type",
                format!("Expected a value of type {expected}."),
                format!("Gaidīta vērtība ar tipu {expected}."),
            )
        }
        K::Enum { options } => field_error(
            pointer,
            "enum",
            format!("Choose one of {options}."),
            format!("Izvēlieties vienu no {options}."),
        ),
        K::MinLength { limit } => field_error(
            pointer,
            "min_length",
            format!("At least {limit} characters are needed."),
            format!("Nepieciešamas vismaz {limit} rakstzīmes."),
        ),
        K::MaxLength { limit } => field_error(
            pointer,
            "max_length",
            format!("At most {limit} characters are allowed."),
            format!("Atļautas ne vairāk kā {limit} rakstzīmes."),
        ),
        K::MinItems { limit } => field_error(
            pointer,
            "min_items",
            format!("At least {limit} items are needed."),
            format!("Nepieciešami vismaz {limit} ieraksti."),
        ),
        K::MaxItems { limit } => field_error(
            pointer,
            "max_items",
            format!("At most {limit} items are allowed."),
            format!("Atļauti ne vairāk kā {limit} ieraksti."),
        ),
        K::UniqueItems => field_error(
            pointer,
            "unique_items",
            "Items must not repeat.",
            "Ieraksti nedrīkst atkārtoties.",
        ),
        K::Pattern { .. } | K::Format { .. } => field_error(
            pointer,
            "format",
            "The value has the wrong format.",
            "Vērtībai ir nepareizs formāts.",
        ),
        K::Minimum { limit } | K::ExclusiveMinimum { limit } => field_error(
            pointer,
            "minimum",
            format!("The value must be at least {limit}."),
            format!("Vērtībai jābūt vismaz {limit}."),
        ),
        K::Maximum { limit } | K::ExclusiveMaximum { limit } => field_error(
            pointer,
            "maximum",
            format!("The value must be at most {limit}."),
            format!("Vērtībai jābūt ne lielākai par {limit}."),
        ),
        _ => field_error(
            pointer,
            "invalid",
            english.to_owned(),
            format!("Vērtība neatbilst shēmai ({english})."),
        ),
    }
}

/// Checks a required text's length in characters.
pub fn check_text(
    errors: &mut Vec<FieldError>,
    pointer: &str,
    value: &str,
    min: usize,
    max: usize,
) {
    let n = value.trim().chars().count();
    if n < min {
        errors.push(field_error(
            pointer,
            "required",
            "This field must not be empty.",
            "Šis lauks nedrīkst būt tukšs.",
        ));
    } else if value.chars().count() > max {
        errors.push(field_error(
            pointer,
            "max_length",
            format!("At most {max} characters are allowed."),
            format!("Atļautas ne vairāk kā {max} rakstzīmes."),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reports_missing_and_malformed_fields_in_both_languages() {
        let validators =
            FieldValidators::compile(&desk_core::api::catalogue_data::standard_catalog())
                .expect("compile");
        let errors = validators
            .check(
                "email.mailbox_create",
                &json!({"mailbox_kind": "shared", "address": "not-an-email"}),
            )
            .expect("known type");
        let pointers: Vec<_> = errors.iter().map(|e| e.pointer.as_str()).collect();
        assert!(pointers.contains(&"/fields/display_name"), "{errors:?}");
        assert!(pointers.contains(&"/fields/mailbox_kind"), "{errors:?}");
        assert!(pointers.contains(&"/fields/address"), "{errors:?}");
        assert!(errors
            .iter()
            .all(|e| !e.message_lv.is_empty() && !e.message_en.is_empty()));
        let ok = validators
            .check("email.mailbox_create", &json!({"mailbox_kind": "technical", "address": "it@vvd.gov.lv", "display_name": "IT"}))
            .expect("known type");
        assert!(ok.is_empty(), "{ok:?}");
        assert!(validators.check("no.such.type", &json!({})).is_none());
    }
}
