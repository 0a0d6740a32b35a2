//! Turning what the user typed into an FTS5 query.
//!
//! The index folds diacritics (`unicode61 remove_diacritics 2`), and FTS5
//! folds the query with the same tokenizer, so `ķ` finds `k` and back without
//! any work here. What this module does is make any typed text safe: every
//! word becomes a quoted prefix term, so FTS5 operators and quotes in the
//! input cannot cause a syntax error, and all words must match.

/// `None` when the text has no word to search for.
pub(crate) fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_become_quoted_prefix_terms_and_operators_are_harmless() {
        assert_eq!(fts_query("  "), None);
        assert_eq!(fts_query("-\"*"), None);
        assert_eq!(
            fts_query("Kļaviņš NOT e-pasts\""),
            Some("\"Kļaviņš\"* \"NOT\"* \"e\"* \"pasts\"*".into())
        );
    }
}
