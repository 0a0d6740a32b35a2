//! Properties of the shared form checks: whatever a user types or a
//! spreadsheet contains, the checks answer (no panic), and valid rows written
//! to a CSV come back as the same fields.

use std::collections::BTreeMap;

use desk_core::api::catalogue_data::standard_catalog;
use desk_core::forms::{fields_from_text, parse_request_csv, validate_new_request};
use proptest::prelude::*;
use serde_json::json;

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, .. ProptestConfig::default() })]

    /// Any text in any field of any request type gives values and problems,
    /// and every problem names a field and says it in both languages.
    #[test]
    fn any_text_is_answered_in_both_languages(
        type_index in 0usize..14,
        texts in proptest::collection::btree_map("[a-z_]{1,12}", ".{0,40}", 0..6),
        subject in ".{0,210}",
    ) {
        let catalog = standard_catalog();
        let rt = &catalog.request_types[type_index % catalog.request_types.len()];
        let keys: Vec<String> = rt.fields_schema["properties"]
            .as_object()
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        // Half the keys are the type's own, the rest random.
        let texts: BTreeMap<String, String> = texts
            .into_iter()
            .enumerate()
            .map(|(i, (k, v))| (if i % 2 == 0 && !keys.is_empty() { keys[i % keys.len()].clone() } else { k }, v))
            .collect();
        let (fields, mut problems) = fields_from_text(rt, &texts);
        problems.extend(validate_new_request(rt, &subject, "", &fields));
        for p in &problems {
            prop_assert!(!p.field.is_empty() && !p.lv.is_empty() && !p.en.is_empty(), "{p:?}");
        }
    }

    /// Valid licence rows, written with either separator and quoted where
    /// needed, are read back as the same fields without problems.
    #[test]
    fn valid_rows_round_trip_through_a_csv_file(
        names in proptest::collection::vec("[A-ZĀČĒĢĪĶĻŅŠŪŽ][a-zāčēģīķļņšūž]{1,10},? [A-Z][a-z]{1,10}", 1..20),
        semicolon in any::<bool>(),
    ) {
        let catalog = standard_catalog();
        let rt = catalog.request_type("email.licence_assign").expect("type");
        let sep = if semicolon { ';' } else { ',' };
        let mut file = format!("user_name{sep}user_email{sep}licence\r\n");
        for (i, name) in names.iter().enumerate() {
            file.push_str(&format!("\"{name}\"{sep}u{i}@vvd.gov.lv{sep}microsoft_365_e3\r\n"));
        }
        let preview = parse_request_csv(rt, file.as_bytes()).expect("readable");
        prop_assert_eq!(preview.rows.len(), names.len());
        for (i, (row, name)) in preview.rows.iter().zip(&names).enumerate() {
            prop_assert!(row.problems.is_empty(), "{:?}", row.problems);
            prop_assert_eq!(row.line, i as u64 + 2);
            prop_assert_eq!(
                &row.fields,
                &json!({"user_name": name, "user_email": format!("u{i}@vvd.gov.lv"), "licence": "microsoft_365_e3"})
            );
        }
    }
}
