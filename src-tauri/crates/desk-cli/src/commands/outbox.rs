//! `outbox`: what is waiting for VRAA, and what VRAA refused.

use clap::Args;
use desk_store::OutboxState;

use super::local::{app_error, riga, runtime, store_error, StoreArgs};
use crate::error::CliError;

#[derive(Debug, Args)]
pub struct OutboxArgs {
    #[arg(long)]
    pub json: bool,
    /// Atmest ierakstu (atlikto VRAA atteikumu) / Discard a row (e.g. one VRAA refused).
    #[arg(long, value_name = "NR", conflicts_with = "retry")]
    pub discard: Option<i64>,
    /// Sūtīt atlikto ierakstu vēlreiz / Send a parked row again.
    #[arg(long, value_name = "NR")]
    pub retry: Option<i64>,
}

/// Discards through the app's use case: a row whose answer was lost is first
/// looked up at VRAA by its idempotency key, so nothing VRAA has is dropped.
fn discard(
    store_args: &StoreArgs,
    store: &desk_store::Store,
    seq: i64,
) -> Result<String, CliError> {
    // Without a server or token the use case refuses a lost-answer row itself.
    let client = store_args.client(store).ok();
    let before = store.outbox().map_err(store_error)?.len();
    let outcome = runtime()?
        .block_on(desk_app::outbox::discard_checked(
            store,
            client.as_ref(),
            seq,
        ))
        .map_err(app_error)?;
    Ok(match outcome {
        desk_app::outbox::DiscardOutcome::Discarded => {
            let n = before - store.outbox().map_err(store_error)?.len();
            format!("Atmesti {n} ieraksti / Discarded {n} rows")
        }
        desk_app::outbox::DiscardOutcome::AlreadyAtVraa => format!(
            "#{seq}: VRAA to jau bija saņēmusi; tās atbilde saglabāta, nekas netika atmests / #{seq}: VRAA already had it; its answer is stored, nothing was discarded"
        ),
    })
}

pub fn run(store_args: &StoreArgs, args: OutboxArgs) -> Result<String, CliError> {
    let store = store_args.open()?;
    if let Some(seq) = args.discard {
        return discard(store_args, &store, seq);
    }
    if let Some(seq) = args.retry {
        desk_app::outbox::retry(&store, seq).map_err(app_error)?;
        return Ok(format!(
            "#{seq} tiks sūtīts ar nākamo `sync` / #{seq} goes with the next `sync`"
        ));
    }
    let rows = store.outbox().map_err(store_error)?;
    if args.json {
        return super::to_json(&rows);
    }
    if rows.is_empty() {
        return Ok("Izsūtne ir tukša / The outbox is empty".into());
    }
    Ok(rows
        .iter()
        .map(|e| {
            let state = match e.state {
                OutboxState::Pending => "gaida / pending",
                OutboxState::Parked => "atlikts / parked",
            };
            let mut line = format!(
                "#{}  {}  {:<20} {}  {state}",
                e.seq,
                riga(e.created_at),
                e.action.kind(),
                e.request_key
            );
            if let Some(p) = &e.problem {
                line.push_str(&format!("\n      VRAA: {} / {}", p.detail_lv, p.detail));
                for f in &p.errors {
                    line.push_str(&format!(
                        "\n      {}: {} / {}",
                        f.pointer, f.message_lv, f.message_en
                    ));
                }
            } else if let Some(err) = &e.last_error {
                line.push_str(&format!("\n      ({} mēģ. / attempts: {err})", e.attempts));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n"))
}
