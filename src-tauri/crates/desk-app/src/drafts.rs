//! Drafts: the New request form saved on every change, validated in the
//! user's language, and submitted into the outbox with its attachments.

use chrono::{DateTime, Utc};
use desk_core::api::{Catalog, NewRequest, RequestType};
use desk_store::{Draft, OutboxAction, Store, Submission};
use serde::{Deserialize, Serialize};

use crate::detail::{check_attachments, prepare_attachment};
use crate::types::{FieldProblem, Localized};
use crate::AppError;

/// What the form holds; `id: None` starts a new draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DraftInput {
    pub id: Option<String>,
    pub request_type_id: String,
    pub subject: String,
    pub description: String,
    pub fields: serde_json::Value,
    /// Paths of the files to attach.
    pub attachments: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DraftView {
    pub id: String,
    pub request_type_id: String,
    pub type_name: Localized,
    pub service_id: String,
    pub subject: String,
    pub description: String,
    pub fields: serde_json::Value,
    pub attachments: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Submitted {
    /// Names the request until VRAA gives it an id; its page works at once.
    pub local_id: String,
}

fn view(catalog: &Catalog, draft: Draft) -> DraftView {
    let (type_name, _service) = crate::catalogue::type_names(catalog, &draft.request_type_id);
    let service_id = catalog
        .request_type(&draft.request_type_id)
        .map(|t| t.service_id.clone())
        .unwrap_or_default();
    DraftView {
        id: draft.id,
        request_type_id: draft.request_type_id,
        type_name,
        service_id,
        subject: draft.subject,
        description: draft.description,
        fields: draft.fields,
        attachments: draft.attachments,
        created_at: draft.created_at,
        updated_at: draft.updated_at,
    }
}

fn request_type<'c>(catalog: &'c Catalog, id: &str) -> Result<&'c RequestType, AppError> {
    catalog.request_type(id).ok_or_else(|| {
        AppError::invalid(
            format!("Pieteikuma veids “{id}” VRAA katalogā nav atrodams"),
            format!("The request type “{id}” is not in VRAA's catalogue"),
        )
        .field("requestTypeId")
    })
}

/// Saves the form as it is (incomplete is fine: it is a draft).
pub fn save(store: &Store, input: DraftInput) -> Result<DraftView, AppError> {
    let catalog = crate::catalogue::catalog(store)?;
    request_type(&catalog, &input.request_type_id)?;
    let fields = if input.fields.is_object() {
        input.fields
    } else {
        serde_json::json!({})
    };
    let draft = store.save_draft(&desk_store::DraftInput {
        id: input.id,
        request_type_id: input.request_type_id,
        subject: input.subject,
        description: input.description,
        fields,
        attachments: input.attachments,
    })?;
    Ok(view(&catalog, draft))
}

pub fn list(store: &Store) -> Result<Vec<DraftView>, AppError> {
    let catalog = crate::catalogue::catalog(store)?;
    Ok(store
        .drafts()?
        .into_iter()
        .map(|d| view(&catalog, d))
        .collect())
}

pub fn get(store: &Store, id: &str) -> Result<DraftView, AppError> {
    let catalog = crate::catalogue::catalog(store)?;
    let draft = store
        .draft(id)?
        .ok_or_else(|| AppError::not_found("Melnraksts", "Draft", id))?;
    Ok(view(&catalog, draft))
}

/// Every problem of the form, in both languages (empty = ready to submit).
pub fn validate(store: &Store, input: &DraftInput) -> Result<Vec<FieldProblem>, AppError> {
    let catalog = crate::catalogue::catalog(store)?;
    problems_of(&catalog, input)
}

fn problems_of(catalog: &Catalog, input: &DraftInput) -> Result<Vec<FieldProblem>, AppError> {
    let request_type = request_type(catalog, &input.request_type_id)?;
    let mut problems = desk_core::forms::validate_new_request(
        request_type,
        &input.subject,
        &input.description,
        &input.fields,
    );
    problems.extend(
        check_attachments(&input.attachments)
            .into_iter()
            .filter_map(|c| c.problem),
    );
    Ok(problems)
}

/// Validates, hashes and queues the request and its files from ONE read of
/// the draft, inside the store's submission transaction: an autosave arriving
/// meanwhile waits and is then refused (the draft is gone), so what was
/// validated is exactly what is queued, and a second submit queues nothing.
pub fn submit(store: &Store, id: &str) -> Result<Submitted, AppError> {
    // The catalogue is VRAA's, not the draft's: read before the transaction,
    // whose check may not use the store's connection.
    let catalog = crate::catalogue::catalog(store)?;
    let entry = store.submit_draft_checked(id, |draft| -> Result<Submission, AppError> {
        let input = DraftInput {
            id: Some(draft.id.clone()),
            request_type_id: draft.request_type_id.clone(),
            subject: draft.subject.clone(),
            description: draft.description.clone(),
            fields: draft.fields.clone(),
            attachments: draft.attachments.clone(),
        };
        refuse_problems(&problems_of(&catalog, &input)?)?;
        let attachments = check_attachments(&draft.attachments)
            .iter()
            .map(|check| prepare_attachment(store, check))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Submission {
            request: new_request(&input),
            attachments,
        })
    })?;
    match entry.action {
        OutboxAction::CreateRequest { local_id, .. } => Ok(Submitted { local_id }),
        _ => Ok(Submitted {
            local_id: entry.request_key,
        }),
    }
}

/// The request the form describes, as VRAA receives it.
pub fn new_request(input: &DraftInput) -> NewRequest {
    NewRequest {
        request_type_id: input.request_type_id.clone(),
        subject: input.subject.trim().to_owned(),
        description: input.description.trim().to_owned(),
        fields: input.fields.clone(),
        contract_id: None,
    }
}

/// An `invalidInput` error naming the first problem (the form shows all).
pub fn refuse_problems(problems: &[FieldProblem]) -> Result<(), AppError> {
    match problems.first() {
        None => Ok(()),
        Some(first) => {
            let more = problems.len() - 1;
            let (lv, en) = if more == 0 {
                (first.lv.clone(), first.en.clone())
            } else {
                (
                    format!("{} (un vēl {more} kļūdas)", first.lv),
                    format!("{} (and {more} more problems)", first.en),
                )
            };
            Err(AppError::invalid(lv, en).field(first.field.clone()))
        }
    }
}
