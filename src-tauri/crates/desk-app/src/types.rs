//! Small view types shared by several screens.

use desk_core::api::{LocalizedText, Problem};
use serde::{Deserialize, Serialize};

/// A text in both languages; the UI picks the current one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Localized {
    pub lv: String,
    pub en: String,
}

impl Localized {
    pub fn new(lv: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            lv: lv.into(),
            en: en.into(),
        }
    }
}

impl From<&LocalizedText> for Localized {
    fn from(text: &LocalizedText) -> Self {
        Self::new(&text.lv, &text.en)
    }
}

/// One problem with one form field, in both languages (desk-core's forms).
pub use desk_core::forms::FieldProblem;

/// VRAA's refusal of an action, as the Outbox and the request detail show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ProblemView {
    pub title: Localized,
    pub detail: Option<Localized>,
    pub status: u16,
    pub field_errors: Vec<FieldProblem>,
}

impl From<&Problem> for ProblemView {
    fn from(problem: &Problem) -> Self {
        let detail = (!problem.detail.is_empty() || !problem.detail_lv.is_empty())
            .then(|| Localized::new(&problem.detail_lv, &problem.detail));
        Self {
            title: Localized::new(&problem.title_lv, &problem.title),
            detail,
            status: problem.status,
            field_errors: problem
                .errors
                .iter()
                .map(|e| FieldProblem {
                    // `/fields/mailbox_name` → `mailbox_name`; `/subject` → `subject`.
                    field: e
                        .pointer
                        .rsplit('/')
                        .next()
                        .unwrap_or(&e.pointer)
                        .to_owned(),
                    lv: e.message_lv.clone(),
                    en: e.message_en.clone(),
                })
                .collect(),
        }
    }
}
