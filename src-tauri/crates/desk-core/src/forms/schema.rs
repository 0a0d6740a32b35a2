//! A request type's field schema compiled once, and its errors explained in
//! Latvian and English with the fields' titles.

use std::collections::HashMap;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::Validator;
use serde_json::Value;

use super::FieldProblem;
use crate::api::RequestType;

/// The request type's schema itself is broken (a catalogue error, not the
/// user's).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("pieteikuma veida {type_id} lauku shēma nav derīga / the field schema of request type {type_id} is invalid: {message}")]
pub struct SchemaError {
    pub type_id: String,
    pub message: String,
}

impl SchemaError {
    pub fn lv(&self) -> String {
        format!(
            "Pieteikuma veida {} lauku apraksts ir bojāts ({}); ziņojiet VRAA",
            self.type_id, self.message
        )
    }
    pub fn en(&self) -> String {
        format!(
            "The field description of request type {} is broken ({}); tell VRAA",
            self.type_id, self.message
        )
    }
}

/// The rule a value broke; `code()` is the stable code VRAA's API reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    Required,
    UnknownField,
    Type,
    Enum,
    MinLength,
    MaxLength,
    MinItems,
    MaxItems,
    UniqueItems,
    Format,
    Minimum,
    Maximum,
    Invalid,
}

impl Rule {
    pub fn code(self) -> &'static str {
        match self {
            Rule::Required => "required",
            Rule::UnknownField => "unknown_field",
            Rule::Type => "type",
            Rule::Enum => "enum",
            Rule::MinLength => "min_length",
            Rule::MaxLength => "max_length",
            Rule::MinItems => "min_items",
            Rule::MaxItems => "max_items",
            Rule::UniqueItems => "unique_items",
            Rule::Format => "format",
            Rule::Minimum => "minimum",
            Rule::Maximum => "maximum",
            Rule::Invalid => "invalid",
        }
    }
}

/// A problem with the rule that failed and where (JSON Pointer into the
/// checked value: `/user_email`, `/members/1`, `` for the object itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleProblem {
    pub rule: Rule,
    pub pointer: String,
    pub problem: FieldProblem,
}

impl RuleProblem {
    pub fn new(rule: Rule, pointer: impl Into<String>, problem: FieldProblem) -> Self {
        RuleProblem {
            rule,
            pointer: pointer.into(),
            problem,
        }
    }
}

/// What a message needs to know about one top-level field.
#[derive(Debug, Clone)]
struct FieldInfo {
    lv: String,
    en: String,
    /// `format` of the field, or of its items for a list.
    format: Option<String>,
}

/// The compiled field schema of one request type.
pub struct FieldsValidator {
    validator: Validator,
    fields: HashMap<String, FieldInfo>,
}

impl FieldsValidator {
    pub fn new(rt: &RequestType) -> Result<Self, SchemaError> {
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&rt.fields_schema)
            .map_err(|e| SchemaError {
                type_id: rt.id.clone(),
                message: e.to_string(),
            })?;
        let fields = rt.fields_schema["properties"]
            .as_object()
            .map(|props| {
                props
                    .iter()
                    .map(|(key, p)| (key.clone(), field_info(key, p)))
                    .collect()
            })
            .unwrap_or_default();
        Ok(FieldsValidator { validator, fields })
    }

    /// The field's titles (Latvian, English); the key itself when untitled.
    pub fn title(&self, key: &str) -> (String, String) {
        match self.fields.get(key) {
            Some(f) => (f.lv.clone(), f.en.clone()),
            None => (key.to_owned(), key.to_owned()),
        }
    }

    /// Every way `fields` breaks the schema, once per field and message.
    pub fn check(&self, fields: &Value) -> Vec<RuleProblem> {
        let mut out: Vec<RuleProblem> = Vec::new();
        let errors: Vec<_> = self.validator.iter_errors(fields).collect();
        // An enum's `oneOf` only labels its values (`const` + titles): a value
        // outside it fails both, and the `enum` message is the one to show.
        let enum_failures: Vec<String> = errors
            .iter()
            .filter(|e| matches!(e.kind(), ValidationErrorKind::Enum { .. }))
            .map(|e| e.instance_path().to_string())
            .collect();
        for e in errors {
            let pointer = e.instance_path().to_string();
            if matches!(e.kind(), ValidationErrorKind::OneOfNotValid { .. })
                && enum_failures.contains(&pointer)
            {
                continue;
            }
            for p in self.describe(pointer, e.kind(), &e.to_string()) {
                // An e-mail field fails both its `format` and its `pattern`
                // with the same message: say it once.
                if !out.iter().any(|o| o.problem == p.problem) {
                    out.push(p);
                }
            }
        }
        out
    }

    fn describe(
        &self,
        pointer: String,
        kind: &ValidationErrorKind,
        english: &str,
    ) -> Vec<RuleProblem> {
        use ValidationErrorKind as K;
        let segments = segments(&pointer);
        match kind {
            K::Required { property } => {
                let key = property.as_str().unwrap_or_default();
                let (lv, en) = self.title(key);
                let pointer = format!("{pointer}/{}", escape(key));
                if segments.is_empty() {
                    vec![RuleProblem::new(
                        Rule::Required,
                        pointer,
                        FieldProblem::new(
                            key,
                            format!("Aizpildiet lauku “{lv}”"),
                            format!("Fill in “{en}”"),
                        ),
                    )]
                } else {
                    let (field, lv_at, en_at) = self.place(&segments);
                    vec![RuleProblem::new(
                        Rule::Required,
                        pointer,
                        FieldProblem::new(
                            field,
                            format!("{lv_at}: trūkst “{key}”"),
                            format!("{en_at}: “{key}” is missing"),
                        ),
                    )]
                }
            }
            K::AdditionalProperties { unexpected } => {
                let names = unexpected
                    .iter()
                    .map(|u| format!("“{u}”"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let (lv, en) = if unexpected.len() == 1 {
                    (
                        format!("Šim pieteikuma veidam nav lauka {names}"),
                        format!("This request type has no field {names}"),
                    )
                } else {
                    (
                        format!("Šim pieteikuma veidam nav lauku {names}"),
                        format!("This request type has no fields {names}"),
                    )
                };
                vec![RuleProblem::new(
                    Rule::UnknownField,
                    pointer,
                    FieldProblem::new(unexpected.join(", "), lv, en),
                )]
            }
            _ => {
                let (field, lv_at, en_at) = self.place(&segments);
                let format = self.fields.get(&field).and_then(|f| f.format.as_deref());
                let (rule, lv, en) = explain(kind, format, english);
                // Top-level: a sentence about the field; deeper: "field, entry
                // N: what is wrong".
                let (lv, en) = if segments.len() <= 1 {
                    (lv.sentence(&lv_at), en.sentence(&en_at))
                } else {
                    (
                        format!("{lv_at}: {}", lv.bare),
                        format!("{en_at}: {}", en.bare),
                    )
                };
                vec![RuleProblem::new(
                    rule,
                    pointer,
                    FieldProblem::new(field, lv, en),
                )]
            }
        }
    }

    /// The top-level field of a pointer and how to name the place in each
    /// language: `Lauks “Dalībnieki”, 2. ieraksts` / `“Members”, entry 2`.
    fn place(&self, segments: &[String]) -> (String, String, String) {
        let Some(key) = segments.first() else {
            return ("fields".into(), "Lauki".into(), "Fields".into());
        };
        let (lv, en) = self.title(key);
        let mut lv_at = format!("Lauks “{lv}”");
        let mut en_at = format!("“{en}”");
        if let Some(index) = segments.get(1).and_then(|s| s.parse::<usize>().ok()) {
            lv_at.push_str(&format!(", {}. ieraksts", index + 1));
            en_at.push_str(&format!(", entry {}", index + 1));
        }
        (key.clone(), lv_at, en_at)
    }
}

/// A message as a whole sentence about a named field, or its bare predicate.
struct Phrase {
    /// `{}` stands for the field's name in the sentence.
    sentence: String,
    bare: String,
}

impl Phrase {
    fn new(sentence: impl Into<String>, bare: impl Into<String>) -> Self {
        Phrase {
            sentence: sentence.into(),
            bare: bare.into(),
        }
    }
    fn sentence(&self, name: &str) -> String {
        self.sentence.replace("{}", name)
    }
}

/// Rule, Latvian and English phrasing of one schema error. In the Latvian
/// sentences `{}` is "Lauks “…”" (nominative), so they are built around it.
fn explain(
    kind: &ValidationErrorKind,
    format: Option<&str>,
    english: &str,
) -> (Rule, Phrase, Phrase) {
    use ValidationErrorKind as K;
    let format_problem = |format: Option<&str>| -> (Phrase, Phrase) {
        match format {
            Some("email") => (
                Phrase::new("{} nav derīga e-pasta adrese", "nav derīga e-pasta adrese"),
                Phrase::new(
                    "{} is not a valid e-mail address",
                    "not a valid e-mail address",
                ),
            ),
            Some("date") => (
                Phrase::new(
                    "{} nav derīgs datums (GGGG-MM-DD)",
                    "nav derīgs datums (GGGG-MM-DD)",
                ),
                Phrase::new(
                    "{} is not a valid date (YYYY-MM-DD)",
                    "not a valid date (YYYY-MM-DD)",
                ),
            ),
            Some("date-time") => (
                Phrase::new(
                    "{} nav derīgs datums un laiks",
                    "nav derīgs datums un laiks",
                ),
                Phrase::new(
                    "{} is not a valid date and time",
                    "not a valid date and time",
                ),
            ),
            _ => (
                Phrase::new("{}: nepareizs formāts", "nepareizs formāts"),
                Phrase::new("{} has the wrong format", "wrong format"),
            ),
        }
    };
    match kind {
        K::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(ts) => format!("{ts:?}"),
            };
            let (lv, en) = match expected.as_str() {
                "boolean" => ("jābūt “jā” vai “nē”", "must be yes or no"),
                "integer" => ("jābūt veselam skaitlim", "must be a whole number"),
                "number" => ("jābūt skaitlim", "must be a number"),
                "string" => ("jābūt tekstam", "must be text"),
                "array" => ("jābūt sarakstam", "must be a list"),
                "object" => ("jābūt objektam", "must be an object"),
                _ => ("ir nepareiza tipa vērtība", "has a value of the wrong type"),
            };
            (
                Rule::Type,
                Phrase::new(format!("{{}}: {lv}"), lv),
                Phrase::new(format!("{{}} {en}"), en),
            )
        }
        K::Enum { options } => {
            let list = options
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_else(|| options.to_string());
            (
                Rule::Enum,
                Phrase::new(
                    format!("{{}}: izvēlieties vienu no: {list}"),
                    format!("izvēlieties vienu no: {list}"),
                ),
                Phrase::new(
                    format!("{{}} must be one of: {list}"),
                    format!("must be one of: {list}"),
                ),
            )
        }
        K::MinLength { limit } if *limit <= 1 => (
            Rule::MinLength,
            Phrase::new("{} nedrīkst būt tukšs", "nedrīkst būt tukšs"),
            Phrase::new("{} must not be empty", "must not be empty"),
        ),
        K::MinLength { limit } => (
            Rule::MinLength,
            Phrase::new(
                format!("{{}}: vajag vismaz {limit} rakstzīmes"),
                format!("vajag vismaz {limit} rakstzīmes"),
            ),
            Phrase::new(
                format!("{{}} needs at least {limit} characters"),
                format!("needs at least {limit} characters"),
            ),
        ),
        K::MaxLength { limit } => (
            Rule::MaxLength,
            Phrase::new(
                format!("{{}}: atļautas ne vairāk kā {limit} rakstzīmes"),
                format!("atļautas ne vairāk kā {limit} rakstzīmes"),
            ),
            Phrase::new(
                format!("{{}} may have at most {limit} characters"),
                format!("at most {limit} characters"),
            ),
        ),
        K::MinItems { limit } => (
            Rule::MinItems,
            Phrase::new(
                format!("{{}}: vajag vismaz {limit} ierakstus"),
                format!("vajag vismaz {limit} ierakstus"),
            ),
            Phrase::new(
                format!("{{}} needs at least {limit} entries"),
                format!("needs at least {limit} entries"),
            ),
        ),
        K::MaxItems { limit } => (
            Rule::MaxItems,
            Phrase::new(
                format!("{{}}: atļauti ne vairāk kā {limit} ieraksti"),
                format!("atļauti ne vairāk kā {limit} ieraksti"),
            ),
            Phrase::new(
                format!("{{}} may have at most {limit} entries"),
                format!("at most {limit} entries"),
            ),
        ),
        K::UniqueItems => (
            Rule::UniqueItems,
            Phrase::new("{}: ieraksti atkārtojas", "ieraksti atkārtojas"),
            Phrase::new("{} has repeated entries", "repeated entries"),
        ),
        K::Format { format } => {
            let (lv, en) = format_problem(Some(format.as_str()));
            (Rule::Format, lv, en)
        }
        K::Pattern { .. } => {
            let (lv, en) = format_problem(format);
            (Rule::Format, lv, en)
        }
        K::Minimum { limit } | K::ExclusiveMinimum { limit } => (
            Rule::Minimum,
            Phrase::new(
                format!("{{}}: jābūt vismaz {limit}"),
                format!("jābūt vismaz {limit}"),
            ),
            Phrase::new(
                format!("{{}} must be at least {limit}"),
                format!("must be at least {limit}"),
            ),
        ),
        K::Maximum { limit } | K::ExclusiveMaximum { limit } => (
            Rule::Maximum,
            Phrase::new(
                format!("{{}}: jābūt ne vairāk kā {limit}"),
                format!("jābūt ne vairāk kā {limit}"),
            ),
            Phrase::new(
                format!("{{}} must be at most {limit}"),
                format!("must be at most {limit}"),
            ),
        ),
        _ => (
            Rule::Invalid,
            Phrase::new(
                format!("{{}} neatbilst prasībām ({english})"),
                format!("neatbilst prasībām ({english})"),
            ),
            Phrase::new(
                format!("{{}} is not valid ({english})"),
                format!("not valid ({english})"),
            ),
        ),
    }
}

fn field_info(key: &str, p: &Value) -> FieldInfo {
    let lv = p["title"].as_str().unwrap_or(key).to_owned();
    let en = p["x-title-en"].as_str().unwrap_or(&lv).to_owned();
    let format = p["format"]
        .as_str()
        .or_else(|| p["items"]["format"].as_str())
        .map(str::to_owned);
    FieldInfo { lv, en, format }
}

/// The unescaped segments of a JSON Pointer (RFC 6901).
fn segments(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The label of an enum value in a field's schema, from its `oneOf` entry
/// with that `const` (`title` Latvian, `x-title-en` English); for a list, from
/// the schema of its items. `None` when the schema does not label the value.
pub fn value_label(field_schema: &Value, value: &str) -> Option<(String, String)> {
    let schema = match field_schema.get("items") {
        Some(items) if field_schema["type"] == "array" => items,
        _ => field_schema,
    };
    let entry = schema
        .get("oneOf")?
        .as_array()?
        .iter()
        .find(|entry| entry.get("const").and_then(Value::as_str) == Some(value))?;
    let lv = entry.get("title").and_then(Value::as_str)?.to_owned();
    let en = entry
        .get("x-title-en")
        .and_then(Value::as_str)
        .map_or_else(|| lv.clone(), str::to_owned);
    Some((lv, en))
}
