//! Field values typed as text (a command line, a CSV cell) turned into the
//! JSON types the request type's schema expects. Blank text means "not
//! given". What cannot be converted is a problem; what converts but breaks the
//! schema (a wrong e-mail, an unknown choice) is left to the schema check.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::FieldProblem;
use crate::api::RequestType;

/// Converts every `key → text` pair; keys the schema does not know are kept
/// as text (the schema check reports them).
pub fn fields_from_text(
    rt: &RequestType,
    texts: &BTreeMap<String, String>,
) -> (Value, Vec<FieldProblem>) {
    let mut map = Map::new();
    let mut problems = Vec::new();
    for (key, text) in texts {
        match value_from_text(rt, key, text) {
            Ok(Some(value)) => {
                map.insert(key.clone(), value);
            }
            Ok(None) => {}
            Err(p) => problems.push(p),
        }
    }
    (Value::Object(map), problems)
}

/// One value: `Ok(None)` for blank text.
///
/// - booleans: `true/false`, `jā/nē` (also without diacritics), `yes/no`, `1/0`;
/// - numbers and integers;
/// - dates (`format: date`): `2026-12-01`, or as Latvians write them,
///   `1.12.2026.` / `01.12.2026` → `2026-12-01`;
/// - lists: entries separated by `;`, `,` or line breaks, each converted by
///   the item schema;
/// - anything else: the trimmed text.
pub fn value_from_text(
    rt: &RequestType,
    key: &str,
    text: &str,
) -> Result<Option<Value>, FieldProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let schema = &rt.fields_schema["properties"][key];
    let title = |lang: &str| {
        let t = if lang == "lv" {
            schema["title"].as_str()
        } else {
            schema["x-title-en"].as_str().or(schema["title"].as_str())
        };
        t.unwrap_or(key).to_owned()
    };
    if schema["type"].as_str() == Some("array") {
        let items = &schema["items"];
        let mut out = Vec::new();
        for part in text
            .split([';', ',', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match scalar(items, part) {
                Some(v) => out.push(v),
                None => {
                    return Err(not_convertible(
                        key,
                        &title("lv"),
                        &title("en"),
                        items,
                        part,
                    ))
                }
            }
        }
        return Ok(Some(Value::Array(out)));
    }
    match scalar(schema, text) {
        Some(v) => Ok(Some(v)),
        None => Err(not_convertible(
            key,
            &title("lv"),
            &title("en"),
            schema,
            text,
        )),
    }
}

fn scalar(schema: &Value, text: &str) -> Option<Value> {
    match schema["type"].as_str().unwrap_or("string") {
        "boolean" => match text.to_lowercase().as_str() {
            "true" | "jā" | "ja" | "yes" | "1" => Some(Value::Bool(true)),
            "false" | "nē" | "ne" | "no" | "0" => Some(Value::Bool(false)),
            _ => None,
        },
        "integer" => text.parse::<i64>().ok().map(Value::from),
        "number" => text
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .and_then(|n| serde_json::Number::from_f64(n).map(Value::Number)),
        _ if schema["format"].as_str() == Some("date") => Some(Value::String(
            latvian_date(text).unwrap_or_else(|| text.to_owned()),
        )),
        _ => Some(Value::String(text.to_owned())),
    }
}

/// `1.12.2026.` or `01.12.2026` as ISO `2026-12-01`; `None` for anything else
/// (left as typed for the schema to judge).
fn latvian_date(text: &str) -> Option<String> {
    let trimmed = text.strip_suffix('.').unwrap_or(text);
    NaiveDate::parse_from_str(trimmed, "%d.%m.%Y")
        .ok()
        .map(|d| d.format("%Y-%m-%d").to_string())
}

fn not_convertible(key: &str, lv: &str, en: &str, schema: &Value, text: &str) -> FieldProblem {
    let (want_lv, want_en) = match schema["type"].as_str().unwrap_or("string") {
        "boolean" => ("ierakstiet “jā” vai “nē”", "enter yes or no"),
        "integer" => ("ierakstiet veselu skaitli", "enter a whole number"),
        _ => ("ierakstiet skaitli", "enter a number"),
    };
    FieldProblem::new(
        key,
        format!("Lauks “{lv}”: “{text}” nav derīga vērtība, {want_lv}"),
        format!("“{en}”: “{text}” is not valid, {want_en}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::catalogue_data::standard_catalog;
    use serde_json::json;

    fn texts(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn text_becomes_the_schema_types() {
        let catalog = standard_catalog();
        let rt = catalog.request_type("email.licence_assign").expect("type");
        let (fields, problems) = fields_from_text(
            rt,
            &texts(&[
                ("user_name", "  Jānis Bērziņš "),
                ("user_email", "janis@vvd.gov.lv"),
                ("purchase_needed", "Jā"),
                ("start_date", "1.12.2026."),
                ("licence", ""),
            ]),
        );
        assert_eq!(problems, vec![]);
        assert_eq!(
            fields,
            json!({"user_name": "Jānis Bērziņš", "user_email": "janis@vvd.gov.lv",
                   "purchase_needed": true, "start_date": "2026-12-01"})
        );
    }

    #[test]
    fn lists_split_on_separators() {
        let catalog = standard_catalog();
        let rt = catalog.request_type("dvs.user_rights").expect("type");
        let (fields, problems) = fields_from_text(rt, &texts(&[("roles", "reader; approver")]));
        assert_eq!(problems, vec![]);
        assert_eq!(fields, json!({"roles": ["reader", "approver"]}));
    }

    #[test]
    fn unconvertible_text_is_a_bilingual_problem() {
        let catalog = standard_catalog();
        let rt = catalog.request_type("email.licence_revoke").expect("type");
        let (fields, problems) = fields_from_text(rt, &texts(&[("keep_mailbox_data", "varbūt")]));
        assert_eq!(fields, json!({}));
        assert_eq!(
            problems,
            vec![FieldProblem::new(
                "keep_mailbox_data",
                "Lauks “Saglabāt pastkastes datus”: “varbūt” nav derīga vērtība, ierakstiet “jā” vai “nē”",
                "“Keep mailbox data”: “varbūt” is not valid, enter yes or no"
            )]
        );
    }
}
