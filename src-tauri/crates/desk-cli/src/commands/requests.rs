//! `requests list | show | new`: the local copy, and new requests queued
//! (or saved as drafts) without needing a connection.

use clap::{Args, Subcommand};
use desk_core::api::RequestStatus;
use desk_store::{OutboxAction, RequestFilter};

use super::fields;
use super::local::{app_error, riga, store_error, StoreArgs};
use crate::error::CliError;

#[derive(Debug, Subcommand)]
pub enum RequestsCommand {
    /// Pieteikumi lokālajā kopijā / Requests in the local copy.
    List(ListArgs),
    /// Viens pieteikums ar komentāriem / One request with its comments.
    Show(ShowArgs),
    /// Jauns pieteikums izsūtnē vai melnrakstā / A new request, queued or as a draft.
    New(NewArgs),
    /// Melnraksti / Drafts.
    Drafts(DraftsArgs),
    /// Iesniegt melnrakstu / Submit a draft.
    Submit(SubmitArgs),
}

#[derive(Debug, Args)]
pub struct DraftsArgs {
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SubmitArgs {
    /// Melnraksta id / Draft id.
    pub draft: String,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Statuss (var atkārtot vai atdalīt ar komatiem) / Status (repeat or comma-separate).
    #[arg(long, value_delimiter = ',')]
    pub status: Vec<String>,
    /// Pilnteksta meklēšana / Full-text search.
    #[arg(long)]
    pub search: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Atsauce (VRAA-2026-000123) vai id / Reference or id.
    pub reference: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Pieteikuma veids, piem. email.licence_assign / Request type id.
    #[arg(long = "type", value_name = "ID")]
    pub request_type: String,
    /// Temats / Subject.
    #[arg(long)]
    pub subject: String,
    /// Apraksts / Description.
    #[arg(long, default_value = "")]
    pub description: String,
    /// Lauks nosaukums=vērtība (atkārtojams) / Field name=value (repeatable).
    #[arg(long = "field", value_name = "K=V")]
    pub fields: Vec<String>,
    /// Pievienot failu (atkārtojams) / Attach a file (repeatable).
    #[arg(long = "attach", value_name = "FILE")]
    pub attachments: Vec<std::path::PathBuf>,
    /// Saglabāt kā melnrakstu, nesūtīt / Save as a draft, do not send.
    #[arg(long)]
    pub draft: bool,
}

pub fn run(store_args: &StoreArgs, command: RequestsCommand) -> Result<String, CliError> {
    match command {
        RequestsCommand::List(a) => list(store_args, a),
        RequestsCommand::Show(a) => show(store_args, a),
        RequestsCommand::New(a) => new(store_args, a),
        RequestsCommand::Drafts(a) => drafts(store_args, a),
        RequestsCommand::Submit(a) => submit(store_args, a),
    }
}

fn drafts(store_args: &StoreArgs, args: DraftsArgs) -> Result<String, CliError> {
    let store = store_args.open()?;
    let drafts = store.drafts().map_err(store_error)?;
    if args.json {
        return super::to_json(&drafts);
    }
    if drafts.is_empty() {
        return Ok("Nav melnrakstu / No drafts".into());
    }
    Ok(drafts
        .iter()
        .map(|d| {
            format!(
                "{}  {}  {:<28} {}",
                d.id,
                riga(d.updated_at),
                d.request_type_id,
                d.subject
            )
        })
        .collect::<Vec<_>>()
        .join("\n"))
}

/// Submits a draft after checking its fields against the type's schema (a
/// draft may be incomplete; what goes to VRAA may not).
fn submit(store_args: &StoreArgs, args: SubmitArgs) -> Result<String, CliError> {
    let store = store_args.open()?;
    let draft = store
        .draft(&args.draft)
        .map_err(store_error)?
        .ok_or_else(|| store_error(desk_store::StoreError::UnknownDraft(args.draft.clone())))?;
    let catalog = fields::catalog(&store);
    let rt = fields::request_type(&catalog, &draft.request_type_id)?;
    check_fields(fields::validate(rt, &draft.fields)?)?;
    submit_saved(&store, &draft.id)
}

/// Queues a saved draft with its files through the app's own use case, so
/// the CLI and the app submit the same way (one transaction: the request,
/// its files, the draft gone).
fn submit_saved(store: &desk_store::Store, draft_id: &str) -> Result<String, CliError> {
    let submitted = desk_app::drafts::submit(store, draft_id).map_err(app_error)?;
    let queued = store.outbox().map_err(store_error)?;
    let rows: Vec<_> = queued
        .iter()
        .filter(|e| e.request_key == submitted.local_id)
        .collect();
    let files = rows
        .iter()
        .filter(|e| matches!(e.action, OutboxAction::Attach { .. }))
        .count();
    let Some(request) = rows.first() else {
        return Err(CliError::failure(
            "pieteikums netika atrasts izsūtnē",
            "the request was not found in the outbox",
        ));
    };
    let mut message = queued_message(request.seq, &request.request_key, &request.action);
    if files > 0 {
        message.push_str(&format!("\n+ {files} fail(i) / file(s)"));
    }
    Ok(message)
}

fn check_fields(issues: Vec<fields::FieldIssue>) -> Result<(), CliError> {
    if issues.is_empty() {
        return Ok(());
    }
    let lv: Vec<String> = issues
        .iter()
        .map(|i| format!("{}: {}", i.column, i.lv))
        .collect();
    let en: Vec<String> = issues
        .iter()
        .map(|i| format!("{}: {}", i.column, i.en))
        .collect();
    Err(CliError::input(
        format!("lauki nav derīgi: {}", lv.join("; ")),
        format!("invalid fields: {}", en.join("; ")),
    ))
}

fn list(store_args: &StoreArgs, args: ListArgs) -> Result<String, CliError> {
    let store = store_args.open()?;
    let statuses = args
        .status
        .iter()
        .map(|s| {
            RequestStatus::parse(s.trim()).ok_or_else(|| {
                let all: Vec<&str> = RequestStatus::ALL.iter().map(|s| s.as_str()).collect();
                CliError::input(
                    format!("nezināms statuss {s:?}; zināmie: {}", all.join(", ")),
                    format!("unknown status {s:?}; known: {}", all.join(", ")),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let rows = store
        .list_requests(&RequestFilter {
            statuses,
            search: args.search,
            limit: None,
        })
        .map_err(store_error)?;
    if args.json {
        return super::to_json(&rows);
    }
    if rows.is_empty() {
        return Ok("Nav pieteikumu / No requests".into());
    }
    Ok(rows
        .iter()
        .map(|r| {
            format!(
                "{}  {:<20}  {}  {}",
                r.reference,
                r.status.as_str(),
                riga(r.updated_at),
                r.subject
            )
        })
        .collect::<Vec<_>>()
        .join("\n"))
}

fn show(store_args: &StoreArgs, args: ShowArgs) -> Result<String, CliError> {
    let store = store_args.open()?;
    let detail = store
        .request_detail(&args.reference)
        .map_err(store_error)?
        .ok_or_else(|| {
            CliError::input(
                format!(
                    "pieteikums {} nav lokālajā kopijā (vai izpildījāt `sync`?)",
                    args.reference
                ),
                format!(
                    "request {} is not in the local copy (did you run `sync`?)",
                    args.reference
                ),
            )
        })?;
    let pending: Vec<_> = store
        .outbox()
        .map_err(store_error)?
        .into_iter()
        .filter(|e| e.request_key == detail.request.id)
        .collect();
    if args.json {
        return super::to_json(&serde_json::json!({"request": detail, "pending": pending}));
    }
    let r = &detail.request;
    let mut out = vec![
        format!("{} — {}", r.reference, r.subject),
        format!("Statuss / Status: {}", r.status.as_str()),
        format!("Veids / Type: {}", r.request_type_id),
        format!("Izveidots / Created: {}", riga(r.created_at)),
        format!("Mainīts / Updated: {}", riga(r.updated_at)),
        format!("Lauki / Fields: {}", r.fields),
    ];
    if !r.description.is_empty() {
        out.push(String::new());
        out.push(r.description.clone());
    }
    out.push(String::new());
    out.push("Vēsture / History:".into());
    for h in &r.status_history {
        out.push(format!(
            "  {}  {} ({})",
            riga(h.at),
            h.to.as_str(),
            h.by.name
        ));
    }
    if !detail.comments.is_empty() {
        out.push("Komentāri / Comments:".into());
        for c in &detail.comments {
            out.push(format!(
                "  {}  {}: {}",
                riga(c.created_at),
                c.author.name,
                c.body
            ));
        }
    }
    if !detail.attachments.is_empty() {
        out.push("Pielikumi / Attachments:".into());
        for a in &detail.attachments {
            out.push(format!("  {} ({} B)", a.file_name, a.size));
        }
    }
    if !pending.is_empty() {
        out.push("Gaida nosūtīšanu / Waiting to be sent:".into());
        for e in &pending {
            out.push(format!("  #{} {}", e.seq, e.action.kind()));
        }
    }
    Ok(out.join("\n"))
}

fn parse_pairs(raw: &[String]) -> Result<Vec<(String, String)>, CliError> {
    raw.iter()
        .map(|kv| {
            kv.split_once('=')
                .map(|(k, v)| (k.trim().to_owned(), v.to_owned()))
                .ok_or_else(|| {
                    CliError::input(
                        format!("--field {kv:?}: gaidīts nosaukums=vērtība"),
                        format!("--field {kv:?}: expected name=value"),
                    )
                })
        })
        .collect()
}

fn new(store_args: &StoreArgs, args: NewArgs) -> Result<String, CliError> {
    let store = store_args.open()?;
    let catalog = fields::catalog(&store);
    let rt = fields::request_type(&catalog, &args.request_type)?;
    let pairs = parse_pairs(&args.fields)?;
    let (map, mut issues) = fields::convert(rt, &pairs);
    let values = serde_json::Value::Object(map);
    if !args.draft {
        issues.extend(fields::validate(rt, &values)?);
        check_fields(issues)?;
    }
    let input = desk_app::drafts::DraftInput {
        id: None,
        request_type_id: rt.id.clone(),
        subject: args.subject,
        description: args.description,
        fields: values,
        attachments: args
            .attachments
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
    };
    let draft = desk_app::drafts::save(&store, input).map_err(app_error)?;
    if args.draft {
        return Ok(format!("Melnraksts saglabāts / Draft saved: {}", draft.id));
    }
    // Sent the way the app sends a form: saved, then submitted with its files.
    submit_saved(&store, &draft.id).map_err(|e| {
        e.with_note(
            format!("tas saglabāts kā melnraksts {}", draft.id),
            format!("it is kept as draft {}", draft.id),
        )
    })
}

pub fn queued_message(seq: i64, key: &str, action: &OutboxAction) -> String {
    format!(
        "Ierindots izsūtnē #{seq} ({}, {key}); tiks nosūtīts ar `sync` / Queued as outbox #{seq} ({}, {key}); sent by `sync`",
        action.kind(),
        action.kind()
    )
}
