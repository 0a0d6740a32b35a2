//! One request as the detail screen shows it (fields, timeline, attachments,
//! live SLA clocks, allowed actions, the user's pending actions) and the
//! actions the user takes on it, queued in the outbox.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use desk_core::api::{Actor, ActorKind, Catalog, RequestStatus, RequestType, SlaClock};
use desk_core::attachments::safe_file_name;
use desk_core::sla::{RequestClock, SlaState};
use desk_store::{OutboxAction, OutboxEntry, OutboxState, Store};
use serde::{Deserialize, Serialize};

use crate::sla::{ClockHistory, SlaBook};
use crate::types::{FieldProblem, Localized, ProblemView};
use crate::{AppError, Context};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SlaClockView {
    pub policy_id: String,
    pub policy_name: Localized,
    pub unit: SlaClock,
    pub target: u32,
    pub state: SlaState,
    pub started_at: DateTime<Utc>,
    pub stopped_at: Option<DateTime<Utc>>,
    pub target_seconds: i64,
    pub elapsed_seconds: i64,
    /// Negative once breached.
    pub remaining_seconds: i64,
    pub used_share: f64,
    pub due_at: Option<DateTime<Utc>>,
    pub breached_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum TimelineItem {
    #[serde(rename_all = "camelCase")]
    Status {
        at: DateTime<Utc>,
        from: Option<RequestStatus>,
        to: RequestStatus,
        by: Actor,
    },
    #[serde(rename_all = "camelCase")]
    Comment {
        at: DateTime<Utc>,
        id: String,
        author: Actor,
        body: String,
    },
    #[serde(rename_all = "camelCase")]
    Attachment {
        at: DateTime<Utc>,
        id: String,
        file_name: String,
        size: u64,
        content_type: String,
        added_by: Actor,
    },
}

impl TimelineItem {
    fn at(&self) -> DateTime<Utc> {
        match self {
            TimelineItem::Status { at, .. }
            | TimelineItem::Comment { at, .. }
            | TimelineItem::Attachment { at, .. } => *at,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AttachmentView {
    pub id: String,
    pub file_name: String,
    pub size: u64,
    pub content_type: String,
    pub added_by: Actor,
    pub created_at: DateTime<Utc>,
    /// Still in the outbox (the user's own file, not yet at VRAA).
    pub pending: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum ActionKind {
    Create,
    Comment,
    Attach,
    ProvideInformation,
    Cancel,
    ConfirmResolution,
    Reopen,
    Rate,
}

impl ActionKind {
    pub fn of(action: &OutboxAction) -> Self {
        match action {
            OutboxAction::CreateRequest { .. } => ActionKind::Create,
            OutboxAction::Comment { .. } => ActionKind::Comment,
            OutboxAction::Attach { .. } => ActionKind::Attach,
            OutboxAction::Cancel { .. } => ActionKind::Cancel,
            OutboxAction::ProvideInformation { .. } => ActionKind::ProvideInformation,
            OutboxAction::ConfirmResolution { .. } => ActionKind::ConfirmResolution,
            OutboxAction::Reopen { .. } => ActionKind::Reopen,
            OutboxAction::Rate { .. } => ActionKind::Rate,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub enum PendingState {
    Pending,
    Parked,
}

impl From<OutboxState> for PendingState {
    fn from(state: OutboxState) -> Self {
        match state {
            OutboxState::Pending => PendingState::Pending,
            OutboxState::Parked => PendingState::Parked,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PendingAction {
    pub seq: i64,
    pub kind: ActionKind,
    pub state: PendingState,
    pub created_at: DateTime<Utc>,
    /// What it carries, e.g. the comment text or the file name.
    pub summary: String,
    pub problem: Option<ProblemView>,
}

impl From<&OutboxEntry> for PendingAction {
    fn from(entry: &OutboxEntry) -> Self {
        Self {
            seq: entry.seq,
            kind: ActionKind::of(&entry.action),
            state: entry.state.into(),
            created_at: entry.created_at,
            summary: summary(&entry.action),
            problem: entry.problem.as_ref().map(ProblemView::from),
        }
    }
}

/// A short text of what an action carries.
pub fn summary(action: &OutboxAction) -> String {
    match action {
        OutboxAction::CreateRequest { request, .. } => request.subject.clone(),
        OutboxAction::Comment { body } => body.clone(),
        OutboxAction::Attach { file_name, .. } => file_name.clone(),
        OutboxAction::Rate { score, comment } => match comment {
            Some(c) => format!("{score}/5 — {c}"),
            None => format!("{score}/5"),
        },
        OutboxAction::ProvideInformation { comment } | OutboxAction::Reopen { comment } => {
            comment.clone()
        }
        OutboxAction::Cancel { comment } | OutboxAction::ConfirmResolution { comment } => {
            comment.clone().unwrap_or_default()
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RatingView {
    pub score: u8,
    pub comment: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct FieldView {
    pub key: String,
    pub label: Localized,
    pub value: Localized,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RequestView {
    pub id: String,
    pub reference: Option<String>,
    pub service_id: String,
    pub request_type_id: String,
    pub service_name: Localized,
    pub type_name: Localized,
    pub subject: String,
    pub description: String,
    pub fields: Vec<FieldView>,
    pub status: RequestStatus,
    pub requester: Actor,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Oldest first.
    pub timeline: Vec<TimelineItem>,
    pub attachments: Vec<AttachmentView>,
    /// Read at the context's `now`; the UI asks again to let them tick.
    pub clocks: Vec<SlaClockView>,
    pub allowed_actions: Vec<ActionKind>,
    pub pending: Vec<PendingAction>,
    pub rating: Option<RatingView>,
}

/// What the user asks VRAA to do with a request.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ActionInput {
    Comment { body: String },
    ProvideInformation { comment: String },
    Cancel { comment: Option<String> },
    ConfirmResolution { comment: Option<String> },
    Reopen { comment: String },
    Rate { score: u8, comment: Option<String> },
}

impl ActionInput {
    fn into_outbox(self) -> OutboxAction {
        let tidy = |c: Option<String>| c.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty());
        match self {
            ActionInput::Comment { body } => OutboxAction::Comment { body },
            ActionInput::ProvideInformation { comment } => {
                OutboxAction::ProvideInformation { comment }
            }
            ActionInput::Cancel { comment } => OutboxAction::Cancel {
                comment: tidy(comment),
            },
            ActionInput::ConfirmResolution { comment } => OutboxAction::ConfirmResolution {
                comment: tidy(comment),
            },
            ActionInput::Reopen { comment } => OutboxAction::Reopen { comment },
            ActionInput::Rate { score, comment } => OutboxAction::Rate {
                score,
                comment: tidy(comment),
            },
        }
    }

    fn kind(&self) -> ActionKind {
        match self {
            ActionInput::Comment { .. } => ActionKind::Comment,
            ActionInput::ProvideInformation { .. } => ActionKind::ProvideInformation,
            ActionInput::Cancel { .. } => ActionKind::Cancel,
            ActionInput::ConfirmResolution { .. } => ActionKind::ConfirmResolution,
            ActionInput::Reopen { .. } => ActionKind::Reopen,
            ActionInput::Rate { .. } => ActionKind::Rate,
        }
    }
}

/// A request by VRAA id, reference, or the local id of one created here.
pub fn request_view(ctx: &Context<'_>, id: &str) -> Result<RequestView, AppError> {
    let catalog = crate::catalogue::catalog(ctx.store)?;
    if let Some(detail) = ctx.store.request_detail(&server_id(ctx.store, id)?)? {
        return remote_view(ctx, &catalog, detail);
    }
    let local = ctx
        .store
        .local_requests()?
        .into_iter()
        .find(|l| l.local_id == id)
        .ok_or_else(|| AppError::not_found("Pieteikums", "Request", id))?;
    let (type_name, service_name) =
        crate::catalogue::type_names(&catalog, &local.request.request_type_id);
    let request_type = catalog.request_type(&local.request.request_type_id);
    let pending: Vec<PendingAction> = ctx
        .store
        .outbox_for_request(id)?
        .iter()
        .map(PendingAction::from)
        .collect();
    Ok(RequestView {
        id: local.local_id.clone(),
        reference: None,
        service_id: request_type
            .map(|t| t.service_id.clone())
            .unwrap_or_default(),
        request_type_id: local.request.request_type_id.clone(),
        service_name,
        type_name,
        subject: local.request.subject.clone(),
        description: local.request.description.clone(),
        fields: field_views(request_type, &local.request.fields),
        status: RequestStatus::Submitted,
        requester: Actor {
            kind: ActorKind::Customer,
            name: String::new(),
        },
        created_at: local.created_at,
        updated_at: local.created_at,
        timeline: Vec::new(),
        attachments: pending_attachments(&pending_entries(ctx.store, id)?),
        clocks: Vec::new(),
        // VRAA learns of the request first; these follow it in order.
        allowed_actions: vec![ActionKind::Comment, ActionKind::Attach, ActionKind::Cancel],
        pending,
        rating: None,
    })
}

/// VRAA's id for a local id once VRAA acknowledged it (the page of a request
/// created offline keeps working after the sync), else the input unchanged.
fn server_id(store: &Store, id: &str) -> Result<String, AppError> {
    Ok(store
        .server_id_for_local(id)?
        .unwrap_or_else(|| id.to_owned()))
}

fn pending_entries(store: &Store, id: &str) -> Result<Vec<OutboxEntry>, AppError> {
    Ok(store.outbox_for_request(id)?)
}

fn remote_view(
    ctx: &Context<'_>,
    catalog: &Catalog,
    detail: desk_store::RequestDetail,
) -> Result<RequestView, AppError> {
    let request = detail.request;
    let entries = pending_entries(ctx.store, &request.id)?;
    let pending: Vec<PendingAction> = entries.iter().map(PendingAction::from).collect();
    let (type_name, service_name) = crate::catalogue::type_names(catalog, &request.request_type_id);
    let request_type = catalog.request_type(&request.request_type_id);
    let clocks = SlaBook::new(catalog).clocks(
        &request.request_type_id,
        &ClockHistory::from_request(&request),
        ctx.calendar,
        ctx.now,
    );
    let mut timeline: Vec<TimelineItem> = request
        .status_history
        .iter()
        .map(|c| TimelineItem::Status {
            at: c.at,
            from: c.from,
            to: c.to,
            by: c.by.clone(),
        })
        .chain(detail.comments.iter().map(|c| TimelineItem::Comment {
            at: c.created_at,
            id: c.id.clone(),
            author: c.author.clone(),
            body: c.body.clone(),
        }))
        .chain(detail.attachments.iter().map(|a| TimelineItem::Attachment {
            at: a.created_at,
            id: a.id.clone(),
            file_name: safe_file_name(&a.file_name),
            size: a.size,
            content_type: a.content_type.clone(),
            added_by: a.added_by.clone(),
        }))
        .collect();
    timeline.sort_by_key(TimelineItem::at);
    let mut attachments: Vec<AttachmentView> = detail
        .attachments
        .iter()
        .map(|a| AttachmentView {
            id: a.id.clone(),
            file_name: safe_file_name(&a.file_name),
            size: a.size,
            content_type: a.content_type.clone(),
            added_by: a.added_by.clone(),
            created_at: a.created_at,
            pending: false,
        })
        .collect();
    attachments.extend(pending_attachments(&entries));
    let rating_pending = pending.iter().any(|p| p.kind == ActionKind::Rate);
    Ok(RequestView {
        allowed_actions: allowed_actions(
            expected_status(request.status, &entries),
            request.rating.is_some() || rating_pending,
        ),
        id: request.id.clone(),
        reference: Some(request.reference.clone()),
        service_id: request.service_id.clone(),
        request_type_id: request.request_type_id.clone(),
        service_name,
        type_name,
        subject: request.subject.clone(),
        description: request.description.clone(),
        fields: field_views(request_type, &request.fields),
        status: request.status,
        requester: request.requester.clone(),
        created_at: request.created_at,
        updated_at: request.updated_at,
        timeline,
        attachments,
        clocks: clocks.iter().map(|c| clock_view(catalog, c)).collect(),
        pending,
        rating: request.rating.as_ref().map(|r| RatingView {
            score: r.score,
            comment: r.comment.clone(),
            at: r.at,
        }),
    })
}

fn pending_attachments(entries: &[OutboxEntry]) -> Vec<AttachmentView> {
    entries
        .iter()
        .filter_map(|e| match &e.action {
            OutboxAction::Attach {
                sha256,
                file_name,
                content_type,
                size,
            } => Some(AttachmentView {
                // The blob's hash names a file not yet at VRAA; open/save read the blob.
                id: format!("local:{sha256}"),
                file_name: safe_file_name(file_name),
                size: *size,
                content_type: content_type.clone(),
                added_by: Actor {
                    kind: ActorKind::Customer,
                    name: String::new(),
                },
                created_at: e.created_at,
                pending: true,
            }),
            _ => None,
        })
        .collect()
}

fn clock_view(catalog: &Catalog, clock: &RequestClock) -> SlaClockView {
    let policy = catalog
        .sla_policies
        .iter()
        .find(|p| p.id == clock.policy_id);
    let status = &clock.status;
    SlaClockView {
        policy_id: clock.policy_id.clone(),
        policy_name: policy
            .map(|p| Localized::from(&p.name))
            .unwrap_or_else(|| Localized::new(&clock.policy_id, &clock.policy_id)),
        unit: policy.map(|p| p.clock).unwrap_or(SlaClock::WorkingDays),
        target: status.target,
        state: clock.state,
        started_at: clock.started_at,
        stopped_at: clock.stopped_at,
        target_seconds: status.target_seconds,
        elapsed_seconds: status.elapsed_seconds,
        remaining_seconds: status.remaining_seconds,
        used_share: status.used_share,
        due_at: status.due_at,
        breached_at: status.breached_at,
    }
}

/// The status the request will have once VRAA has taken the user's queued
/// actions, in order: what the user may do next offline (a queued
/// confirmation must not offer "confirm" again, but "rate").
pub fn expected_status(status: RequestStatus, queued: &[OutboxEntry]) -> RequestStatus {
    queued.iter().fold(status, |current, entry| {
        let action = match &entry.action {
            OutboxAction::Cancel { .. } => desk_core::api::CustomerAction::Cancel,
            OutboxAction::ProvideInformation { .. } => {
                desk_core::api::CustomerAction::ProvideInformation
            }
            OutboxAction::ConfirmResolution { .. } => {
                desk_core::api::CustomerAction::ConfirmResolution
            }
            OutboxAction::Reopen { .. } => desk_core::api::CustomerAction::Reopen,
            _ => return current,
        };
        current.after_customer_action(action).unwrap_or(current)
    })
}

/// What the request's status lets the contact person do (desk-core's rules).
pub fn allowed_actions(status: RequestStatus, rated: bool) -> Vec<ActionKind> {
    desk_core::actions::allowed_actions(status, rated)
        .into_iter()
        .map(ActionKind::from)
        .collect()
}

impl From<desk_core::actions::RequestAction> for ActionKind {
    fn from(action: desk_core::actions::RequestAction) -> Self {
        use desk_core::actions::RequestAction as A;
        match action {
            A::Comment => ActionKind::Comment,
            A::Attach => ActionKind::Attach,
            A::ProvideInformation => ActionKind::ProvideInformation,
            A::Cancel => ActionKind::Cancel,
            A::ConfirmResolution => ActionKind::ConfirmResolution,
            A::Reopen => ActionKind::Reopen,
            A::Rate => ActionKind::Rate,
        }
    }
}

/// The request's fields in the schema's order, labelled and as text.
pub fn field_views(
    request_type: Option<&RequestType>,
    fields: &serde_json::Value,
) -> Vec<FieldView> {
    let Some(values) = fields.as_object() else {
        return Vec::new();
    };
    let properties = request_type
        .and_then(|t| t.fields_schema.get("properties"))
        .and_then(|p| p.as_object());
    let mut keys: Vec<&String> = match properties {
        Some(props) => props.keys().filter(|k| values.contains_key(*k)).collect(),
        None => Vec::new(),
    };
    // Values the schema does not (or no longer) describe are shown too, last.
    keys.extend(
        values
            .keys()
            .filter(|k| !keys.contains(k))
            .collect::<Vec<_>>(),
    );
    keys.into_iter()
        .filter_map(|key| {
            let value = values.get(key)?;
            if value.is_null() {
                return None;
            }
            let schema = properties.and_then(|p| p.get(key));
            let title = |name: &str| {
                schema
                    .and_then(|s| s.get(name))
                    .and_then(|t| t.as_str())
                    .map(str::to_owned)
            };
            let lv = title("title").unwrap_or_else(|| key.clone());
            let en = title("x-title-en").unwrap_or_else(|| lv.clone());
            Some(FieldView {
                key: key.clone(),
                label: Localized::new(lv, en),
                value: value_text(value, schema),
            })
        })
        .collect()
}

/// A value as text in both languages: a code the schema labels (a licence
/// plan, a role) by its label, a date as `dd.mm.gggg.`, a list joined.
fn value_text(value: &serde_json::Value, schema: Option<&serde_json::Value>) -> Localized {
    use serde_json::Value;
    match value {
        Value::Bool(true) => Localized::new("Jā", "Yes"),
        Value::Bool(false) => Localized::new("Nē", "No"),
        Value::String(s) => {
            match schema.and_then(|schema| desk_core::forms::value_label(schema, s)) {
                Some((lv, en)) => Localized::new(lv, en),
                None => date_or_text(s),
            }
        }
        Value::Array(items) => {
            let texts: Vec<Localized> = items.iter().map(|item| value_text(item, schema)).collect();
            let join = |pick: fn(&Localized) -> &str| {
                texts.iter().map(pick).collect::<Vec<_>>().join(", ")
            };
            Localized::new(join(|l| &l.lv), join(|l| &l.en))
        }
        other => {
            let text = other.to_string();
            Localized::new(&text, &text)
        }
    }
}

fn date_or_text(s: &str) -> Localized {
    match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(date) => {
            let text = date.format("%d.%m.%Y.").to_string();
            Localized::new(&text, &text)
        }
        Err(_) => Localized::new(s, s),
    }
}

/// Queues an action; refused at once when the request's status does not allow it.
pub fn queue_action(
    ctx: &Context<'_>,
    id: &str,
    action: ActionInput,
) -> Result<PendingAction, AppError> {
    let view = request_view(ctx, id)?;
    if !view.allowed_actions.contains(&action.kind()) {
        return Err(AppError::invalid(
            "Pieteikuma pašreizējā statusā šī darbība nav atļauta",
            "The request's current status does not allow this action",
        ));
    }
    let entry = ctx.store.queue_action(&view.id, &action.into_outbox())?;
    Ok(PendingAction::from(&entry))
}

/// One file the user wants to attach, checked against VRAA's limits.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct AttachmentCheck {
    pub path: String,
    pub file_name: String,
    pub size: u64,
    pub content_type: Option<String>,
    pub problem: Option<FieldProblem>,
}

impl AttachmentCheck {
    pub fn is_ok(&self) -> bool {
        self.problem.is_none()
    }
}

/// Checks each file's size and type before anything is queued.
pub fn check_attachments(paths: &[String]) -> Vec<AttachmentCheck> {
    paths
        .iter()
        .map(|p| check_attachment(Path::new(p)))
        .collect()
}

fn check_attachment(path: &Path) -> AttachmentCheck {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let base = AttachmentCheck {
        path: path.display().to_string(),
        file_name: file_name.clone(),
        size: 0,
        content_type: None,
        problem: None,
    };
    let size = match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => meta.len(),
        _ => {
            return AttachmentCheck {
                problem: Some(FieldProblem {
                    field: "attachments".into(),
                    lv: format!("Failu “{file_name}” nevar nolasīt"),
                    en: format!("The file “{file_name}” cannot be read"),
                }),
                ..base
            }
        }
    };
    let checked = desk_core::attachments::check_attachment(&file_name, size).and_then(|_| {
        let head = read_head(path).map_err(|_| FieldProblem {
            field: "attachments".into(),
            lv: format!("Failu “{file_name}” nevar nolasīt"),
            en: format!("The file “{file_name}” cannot be read"),
        })?;
        desk_core::attachments::check_content(&file_name, &head).map_err(|_| FieldProblem {
            field: desk_core::attachments::FIELD.into(),
            lv: format!(
                "Faila “{file_name}” saturs neatbilst tā veidam, tāpēc VRAA to nepieņemtu; pārbaudiet, vai tas ir īstais fails"
            ),
            en: format!(
                "The content of “{file_name}” does not match its type, so VRAA would refuse it; check that it is the right file"
            ),
        })
    });
    match checked {
        Ok(content_type) => AttachmentCheck {
            size,
            content_type: Some(content_type.to_owned()),
            ..base
        },
        Err(problem) => AttachmentCheck {
            size,
            problem: Some(problem),
            ..base
        },
    }
}

/// The first bytes of a file, enough to tell its type.
fn read_head(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut head = Vec::with_capacity(8192);
    std::fs::File::open(path)?
        .take(8192)
        .read_to_end(&mut head)?;
    Ok(head)
}

/// Reads a checked file into the blob store, ready for an Attach row.
pub fn prepare_attachment(
    store: &Store,
    check: &AttachmentCheck,
) -> Result<desk_store::PreparedAttachment, AppError> {
    let path = PathBuf::from(&check.path);
    let bytes = std::fs::read(&path).map_err(|e| AppError::unreadable_file(&path, &e))?;
    let sha256 = store.put_blob(&bytes)?;
    Ok(desk_store::PreparedAttachment {
        sha256,
        file_name: check.file_name.clone(),
        content_type: check.content_type.clone().unwrap_or_default(),
        size: bytes.len() as u64,
    })
}

/// Checks every file and queues the valid ones on the request.
pub fn attach_files(
    ctx: &Context<'_>,
    id: &str,
    paths: &[String],
) -> Result<Vec<AttachmentCheck>, AppError> {
    let view = request_view(ctx, id)?;
    if !view.allowed_actions.contains(&ActionKind::Attach) {
        return Err(AppError::invalid(
            "Slēgtam vai atceltam pieteikumam failus pievienot nevar",
            "Files cannot be added to a closed or cancelled request",
        ));
    }
    let checks = check_attachments(paths);
    for check in checks.iter().filter(|c| c.is_ok()) {
        let prepared = prepare_attachment(ctx.store, check)?;
        ctx.store.queue_action(
            &view.id,
            &OutboxAction::Attach {
                sha256: prepared.sha256,
                file_name: prepared.file_name,
                content_type: prepared.content_type,
                size: prepared.size,
            },
        )?;
    }
    Ok(checks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queued(action: OutboxAction) -> OutboxEntry {
        OutboxEntry {
            seq: 1,
            idempotency_key: "k".into(),
            request_key: "r".into(),
            action,
            created_at: chrono::Utc::now(),
            created_offset: "+02:00".into(),
            state: OutboxState::Pending,
            attempts: 0,
            last_error: None,
            problem: None,
        }
    }

    #[test]
    fn a_queued_confirmation_offers_rating_not_confirming_again() {
        let entries = [queued(OutboxAction::ConfirmResolution { comment: None })];
        let status = expected_status(RequestStatus::Resolved, &entries);
        assert_eq!(status, RequestStatus::Closed);
        let allowed = allowed_actions(status, false);
        assert!(!allowed.contains(&ActionKind::ConfirmResolution));
        assert!(!allowed.contains(&ActionKind::Reopen));
        assert!(allowed.contains(&ActionKind::Rate));
    }

    #[test]
    fn comments_and_refused_transitions_leave_the_status_alone() {
        let entries = [
            queued(OutboxAction::Comment { body: "x".into() }),
            // Not allowed from in_progress: VRAA will refuse it; the status stays.
            queued(OutboxAction::Reopen {
                comment: "y".into(),
            }),
        ];
        assert_eq!(
            expected_status(RequestStatus::InProgress, &entries),
            RequestStatus::InProgress
        );
        let cancelled = [queued(OutboxAction::Cancel { comment: None })];
        assert!(allowed_actions(
            expected_status(RequestStatus::InProgress, &cancelled),
            false
        )
        .is_empty());
    }
}
