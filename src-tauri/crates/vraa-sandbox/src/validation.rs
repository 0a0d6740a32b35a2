//! Validation of request bodies: the request type's JSON Schema for `fields`
//! (the shared `desk_core::forms`, which the desktop app and the CLI use too,
//! so a request the app accepts is one VRAA accepts) and plain length rules,
//! turned into per-field errors in Latvian and English.

use std::collections::HashMap;

use desk_core::api::{Catalog, FieldError};
use desk_core::forms::FieldsValidator;
use serde_json::Value;

use crate::error::{field_error, SandboxError};

/// Compiled field schemas of every request type.
pub struct FieldValidators {
    by_type: HashMap<String, FieldsValidator>,
}

impl FieldValidators {
    pub fn compile(catalog: &Catalog) -> Result<Self, SandboxError> {
        let mut by_type = HashMap::new();
        for rt in &catalog.request_types {
            let validator = FieldsValidator::new(rt).map_err(|e| SandboxError::Schema {
                type_id: e.type_id,
                message: e.message,
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
                .check(fields)
                .into_iter()
                .map(|p| {
                    field_error(
                        format!("/fields{}", p.pointer),
                        p.rule.code(),
                        p.problem.en,
                        p.problem.lv,
                    )
                })
                .collect(),
        )
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

    /// The document's "not blank" pattern names exactly the characters
    /// `check_text` trims (Unicode White_Space), so a client generated from
    /// the document never sends a text the server calls empty.
    #[cfg(feature = "openapi")]
    #[test]
    fn the_contract_and_the_server_agree_on_what_is_blank() {
        let doc: serde_json::Value =
            serde_json::from_str(&crate::openapi::openapi_json()).expect("the document");
        for schema in [
            "NewComment/properties/body",
            // One body per request type; the subject's rule is the same in each.
            "NewRequest/oneOf/0/properties/subject",
            "CommentedActionBody/properties/comment",
            "NewAttachment/properties/file_name",
        ] {
            let field = doc
                .pointer(&format!("/components/schemas/{schema}"))
                .unwrap_or_else(|| panic!("{schema} in the document"));
            // The check below runs Rust's regex, whose `\s` is White_Space too; other
            // engines' is not (JavaScript's and Hypothesis's lack U+0085), so the set
            // must be spelt out.
            let pattern = field["pattern"].as_str().unwrap_or_default();
            assert!(
                !pattern.contains(r"\s"),
                "{schema}: the pattern leans on the engine's \\s: {pattern}"
            );
            let validator = jsonschema::validator_for(field).expect("a valid schema");
            for c in (0u32..=0x3100)
                .filter_map(char::from_u32)
                .chain(['\u{FEFF}'])
            {
                let text = format!("{c}{c}");
                let mut errors = Vec::new();
                check_text(&mut errors, "/body", &text, 1, 200);
                if validator.is_valid(&json!(text)) {
                    assert!(
                        errors.is_empty(),
                        "{schema}: U+{:04X} alone is allowed by the document, refused by the server",
                        c as u32
                    );
                }
            }
        }
    }

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
        let codes: Vec<_> = errors.iter().map(|e| e.code.as_str()).collect();
        assert!(
            codes.contains(&"required") && codes.contains(&"enum"),
            "{codes:?}"
        );
        let unknown = validators
            .check("email.mailbox_create", &json!({"mailbox_kind": "technical", "address": "it@vvd.gov.lv", "display_name": "IT", "extra": 1}))
            .expect("known type");
        assert_eq!(unknown.len(), 1);
        assert_eq!(unknown[0].pointer, "/fields");
        assert_eq!(unknown[0].code, "unknown_field");
    }

    #[test]
    fn the_apps_attachment_limits_are_the_sandboxs() {
        let config = crate::config::SandboxConfig::default();
        assert_eq!(
            config.max_attachment,
            desk_core::attachments::MAX_ATTACHMENT_BYTES
        );
        let app: std::collections::BTreeSet<&str> = desk_core::attachments::ACCEPTED
            .iter()
            .map(|(_, content_type)| *content_type)
            .collect();
        let sandbox: std::collections::BTreeSet<&str> = config
            .allowed_media_types
            .iter()
            .map(String::as_str)
            .collect();
        assert_eq!(app, sandbox);
    }
}
