//! Commands of the working screens (requests, detail, new request, drafts,
//! outbox, overview, contract). Each is a few lines: it takes the store in use
//! and calls desk-app on a blocking thread (SQLite work stays off the UI's
//! async runtime).

use std::path::PathBuf;

use desk_app::catalogue::CatalogueView;
use desk_app::contract::ContractReport;
use desk_app::detail::{ActionInput, AttachmentCheck, PendingAction, RequestView};
use desk_app::drafts::{DraftInput, DraftView, Submitted};
use desk_app::export::ExportOutcome;
use desk_app::list::{RequestPage, RequestQuery, SavedFilter};
use desk_app::outbox::OutboxItemView;
use desk_app::overview::OverviewView;
use desk_app::types::FieldProblem;
use desk_app::{AppError, Context};
use tauri::{AppHandle, Manager, State};

use crate::error::CommandError;
use crate::state::AppState;

/// Runs `job` with the store in use, the calendar and the current time, on a
/// blocking thread.
async fn with_context<T, F>(app: &AppHandle, job: F) -> Result<T, CommandError>
where
    T: Send + 'static,
    F: FnOnce(&Context<'_>) -> Result<T, AppError> + Send + 'static,
{
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let session = &app.state::<AppState>().session;
        session.with_context(job).map_err(CommandError::from)
    })
    .await
    .map_err(|e| CommandError::internal(&e))?
}

#[tauri::command]
#[specta::specta]
pub async fn get_catalogue(app: AppHandle) -> Result<CatalogueView, CommandError> {
    with_context(&app, |ctx| desk_app::catalogue::catalogue_view(ctx.store)).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_requests(
    app: AppHandle,
    query: RequestQuery,
) -> Result<RequestPage, CommandError> {
    with_context(&app, move |ctx| desk_app::list::list(ctx, &query)).await
}

/// Writes the list for `query` as CSV for Excel to `path` (chosen in the save dialog).
#[tauri::command]
#[specta::specta]
pub async fn export_requests_csv(
    app: AppHandle,
    query: RequestQuery,
    path: String,
) -> Result<ExportOutcome, CommandError> {
    with_context(&app, move |ctx| {
        desk_app::export::export(ctx, &query, &PathBuf::from(path))
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn list_saved_filters(app: AppHandle) -> Result<Vec<SavedFilter>, CommandError> {
    with_context(&app, |ctx| desk_app::list::saved_filters(ctx.store)).await
}

#[tauri::command]
#[specta::specta]
pub async fn save_filter(
    app: AppHandle,
    name: String,
    query: RequestQuery,
) -> Result<SavedFilter, CommandError> {
    with_context(&app, move |ctx| {
        desk_app::list::save_filter(ctx.store, &name, &query)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_saved_filter(app: AppHandle, id: String) -> Result<(), CommandError> {
    with_context(&app, move |ctx| Ok(ctx.store.delete_saved_filter(&id)?)).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_request(app: AppHandle, id: String) -> Result<RequestView, CommandError> {
    with_context(&app, move |ctx| desk_app::detail::request_view(ctx, &id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn mark_request_read(app: AppHandle, id: String) -> Result<(), CommandError> {
    with_context(&app, move |ctx| Ok(ctx.store.mark_seen(&id)?)).await
}

#[tauri::command]
#[specta::specta]
pub async fn queue_action(
    app: AppHandle,
    id: String,
    action: ActionInput,
) -> Result<PendingAction, CommandError> {
    with_context(&app, move |ctx| {
        desk_app::detail::queue_action(ctx, &id, action)
    })
    .await
}

/// Checks each file against VRAA's limits and queues the valid ones.
#[tauri::command]
#[specta::specta]
pub async fn attach_files(
    app: AppHandle,
    id: String,
    paths: Vec<String>,
) -> Result<Vec<AttachmentCheck>, CommandError> {
    with_context(&app, move |ctx| {
        desk_app::detail::attach_files(ctx, &id, &paths)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn check_attachments(paths: Vec<String>) -> Vec<AttachmentCheck> {
    desk_app::detail::check_attachments(&paths)
}

#[tauri::command]
#[specta::specta]
pub async fn save_draft(app: AppHandle, input: DraftInput) -> Result<DraftView, CommandError> {
    with_context(&app, move |ctx| desk_app::drafts::save(ctx.store, input)).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_drafts(app: AppHandle) -> Result<Vec<DraftView>, CommandError> {
    with_context(&app, |ctx| desk_app::drafts::list(ctx.store)).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_draft(app: AppHandle, id: String) -> Result<DraftView, CommandError> {
    with_context(&app, move |ctx| desk_app::drafts::get(ctx.store, &id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_draft(app: AppHandle, id: String) -> Result<(), CommandError> {
    with_context(&app, move |ctx| Ok(ctx.store.delete_draft(&id)?)).await
}

#[tauri::command]
#[specta::specta]
pub async fn validate_request(
    app: AppHandle,
    input: DraftInput,
) -> Result<Vec<FieldProblem>, CommandError> {
    with_context(&app, move |ctx| {
        desk_app::drafts::validate(ctx.store, &input)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn submit_draft(app: AppHandle, id: String) -> Result<Submitted, CommandError> {
    let submitted = with_context(&app, move |ctx| desk_app::drafts::submit(ctx.store, &id)).await?;
    app.state::<AppState>().session.trigger_sync();
    Ok(submitted)
}

#[tauri::command]
#[specta::specta]
pub async fn list_outbox(app: AppHandle) -> Result<Vec<OutboxItemView>, CommandError> {
    with_context(&app, |ctx| desk_app::outbox::list(ctx.store)).await
}

#[tauri::command]
#[specta::specta]
pub async fn retry_outbox(app: AppHandle, seq: i64) -> Result<(), CommandError> {
    with_context(&app, move |ctx| desk_app::outbox::retry(ctx.store, seq)).await?;
    app.state::<AppState>().session.trigger_sync();
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn discard_outbox(
    state: State<'_, AppState>,
    seq: i64,
) -> Result<desk_app::outbox::DiscardOutcome, CommandError> {
    // A row whose answer was lost is first looked up at VRAA (needs the client).
    let store = state.session.store()?;
    let client = state.session.api_client();
    Ok(desk_app::outbox::discard_checked(&store, client.as_ref(), seq).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn fix_outbox_request(
    app: AppHandle,
    seq: i64,
    input: DraftInput,
) -> Result<(), CommandError> {
    with_context(&app, move |ctx| {
        desk_app::outbox::fix_request(ctx.store, seq, &input)
    })
    .await?;
    app.state::<AppState>().session.trigger_sync();
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn preview_licence_csv(
    app: AppHandle,
    request_type_id: String,
    path: String,
) -> Result<desk_app::bulk::CsvPreviewView, CommandError> {
    with_context(&app, move |ctx| {
        desk_app::bulk::preview(ctx.store, &request_type_id, &PathBuf::from(path))
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn queue_licence_csv(
    app: AppHandle,
    request_type_id: String,
    path: String,
) -> Result<desk_app::bulk::Queued, CommandError> {
    let queued = with_context(&app, move |ctx| {
        desk_app::bulk::queue(ctx.store, &request_type_id, &PathBuf::from(path))
    })
    .await?;
    app.state::<AppState>().session.trigger_sync();
    Ok(queued)
}

#[tauri::command]
#[specta::specta]
pub async fn get_overview(app: AppHandle) -> Result<OverviewView, CommandError> {
    with_context(&app, desk_app::overview::overview).await
}

/// E-mail connection: the user sets a request's status by hand.
#[tauri::command]
#[specta::specta]
pub async fn set_status_by_hand(
    app: AppHandle,
    id: String,
    status: desk_core::api::RequestStatus,
) -> Result<(), CommandError> {
    with_context(&app, move |ctx| {
        desk_app::mail::set_status_by_hand(ctx, &id, status)
    })
    .await
}

/// E-mail connection: a contract entered by hand (contracts do not come by mail).
#[tauri::command]
#[specta::specta]
pub async fn save_contract(
    app: AppHandle,
    contract: desk_app::mail::ContractInput,
) -> Result<(), CommandError> {
    with_context(&app, move |ctx| {
        desk_app::mail::save_contract(ctx, contract).map(|_| ())
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_contract(app: AppHandle, id: String) -> Result<(), CommandError> {
    with_context(&app, move |ctx| desk_app::mail::delete_contract(ctx, &id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_contract_report(app: AppHandle) -> Result<ContractReport, CommandError> {
    with_context(&app, desk_app::contract::report).await
}

/// Opens a fresh read-only copy of an attachment with the program the OS has
/// for its type, if its type may be opened at all (else `openRefused`: it can
/// only be saved). Gives the copy's path, for the message that says to save
/// edits elsewhere.
#[tauri::command]
#[specta::specta]
pub async fn open_attachment(
    app: AppHandle,
    state: State<'_, AppState>,
    request_id: String,
    attachment_id: String,
) -> Result<String, CommandError> {
    use tauri_plugin_opener::OpenerExt;
    let store = state.session.store()?;
    let client = state.session.api_client();
    let (bytes, name) =
        desk_app::files::attachment_content(&store, client.as_ref(), &request_id, &attachment_id)
            .await?;
    let open_dir = state.paths.data_dir.join("opened");
    let copy = desk_app::files::copy_for_opening(&open_dir, &bytes, &name)?;
    app.opener()
        .open_path(copy.display().to_string(), None::<&str>)
        .map_err(|e| CommandError::internal(&e))?;
    Ok(copy.display().to_string())
}

/// Saves a copy of an attachment at `path` (chosen in the save dialog; its
/// name is made safe). Gives the path written.
#[tauri::command]
#[specta::specta]
pub async fn save_attachment(
    state: State<'_, AppState>,
    request_id: String,
    attachment_id: String,
    path: String,
) -> Result<String, CommandError> {
    let store = state.session.store()?;
    let client = state.session.api_client();
    let (bytes, _name) =
        desk_app::files::attachment_content(&store, client.as_ref(), &request_id, &attachment_id)
            .await?;
    let written = desk_app::files::save_copy(&bytes, &PathBuf::from(path))?;
    Ok(written.display().to_string())
}
