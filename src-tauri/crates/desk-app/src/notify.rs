//! What deserves a native notification: VRAA changed a request's status or
//! commented, asked for information, or an SLA clock is about to breach.
//! Pure comparison of before and after; the shell shows the notices.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use desk_core::api::{ActorKind, RequestStatus};
use desk_core::settings::Language;
use desk_core::sla::SlaState;
use desk_store::RequestDetail;

use crate::export::status_lv;
use crate::list::RequestRow;

/// More notices than this at once are folded into one summary.
const MAX_SEPARATE: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub body: String,
    /// The request to open when the notice is clicked (None for a summary).
    pub request_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Event {
    InformationRequested,
    StatusChanged(RequestStatus),
    Commented(String),
}

/// What the app knew of each request when it last looked.
#[derive(Debug, Default)]
pub struct Watcher {
    known: HashMap<String, DateTime<Utc>>,
    sla_warned: HashSet<String>,
    /// The first look at the clocks only takes note: what is at risk when the
    /// app starts is on the Overview already, only later turns are news.
    sla_primed: bool,
}

impl Watcher {
    /// Remembers the requests as they are now (no notices for the past).
    pub fn remember<'a>(&mut self, rows: impl IntoIterator<Item = (&'a str, DateTime<Utc>)>) {
        for (id, updated_at) in rows {
            self.known.insert(id.to_owned(), updated_at);
        }
    }

    /// Notices for requests VRAA changed since they were last seen. A request
    /// seen for the first time (first sync, or created here) gives none.
    pub fn changed(&mut self, details: &[RequestDetail], language: Language) -> Vec<Notice> {
        let mut notices = Vec::new();
        for detail in details {
            let request = &detail.request;
            // A comment does not move the request's `updated_at`: remember the
            // latest comment too, or the same comment is news again with every
            // later change of the request.
            let latest_comment = detail.comments.iter().map(|c| c.created_at).max();
            let seen_until =
                latest_comment.map_or(request.updated_at, |c| c.max(request.updated_at));
            let previous = self.known.insert(request.id.clone(), seen_until);
            let Some(since) = previous else { continue };
            let by_vraa = |kind: ActorKind| kind != ActorKind::Customer;
            let mut events = Vec::new();
            if let Some(change) = request
                .status_history
                .iter()
                .filter(|c| c.at > since && by_vraa(c.by.kind))
                .max_by_key(|c| c.at)
            {
                events.push(if change.to == RequestStatus::WaitingForCustomer {
                    Event::InformationRequested
                } else {
                    Event::StatusChanged(change.to)
                });
            }
            if let Some(comment) = detail
                .comments
                .iter()
                .filter(|c| c.created_at > since && by_vraa(c.author.kind))
                .max_by_key(|c| c.created_at)
            {
                // The information request usually comes with its question as a comment.
                if !events.contains(&Event::InformationRequested) {
                    events.push(Event::Commented(comment.body.clone()));
                }
            }
            for event in events {
                notices.push(notice(
                    &request.reference,
                    &request.id,
                    &request.subject,
                    &event,
                    language,
                ));
            }
        }
        fold(notices, language)
    }

    /// Notices for clocks that turned "at risk" (once per request).
    pub fn at_risk(&mut self, rows: &[RequestRow], language: Language) -> Vec<Notice> {
        if !self.sla_primed {
            self.sla_primed = true;
            self.sla_warned.extend(
                rows.iter()
                    .filter(|r| r.sla == Some(SlaState::AtRisk))
                    .map(|r| r.id.clone()),
            );
            return Vec::new();
        }
        let mut notices = Vec::new();
        for row in rows {
            if row.sla != Some(SlaState::AtRisk) || !self.sla_warned.insert(row.id.clone()) {
                continue;
            }
            let reference = row.reference.clone().unwrap_or_default();
            let due = row
                .sla_due_at
                .map(desk_core::time::format_local)
                .unwrap_or_default();
            notices.push(match language {
                Language::Lv => Notice {
                    title: format!("{reference}: SLA termiņš tuvojas"),
                    body: format!("{} — termiņš {due}", row.subject),
                    request_id: Some(row.id.clone()),
                },
                Language::En => Notice {
                    title: format!("{reference}: SLA deadline approaching"),
                    body: format!("{} — due {due}", row.subject),
                    request_id: Some(row.id.clone()),
                },
            });
        }
        fold(notices, language)
    }
}

fn status_en(status: RequestStatus) -> &'static str {
    match status {
        RequestStatus::Submitted => "Submitted",
        RequestStatus::Registered => "Registered",
        RequestStatus::Assigned => "Assigned",
        RequestStatus::InProgress => "In progress",
        RequestStatus::WaitingForCustomer => "Waiting for you",
        RequestStatus::Resolved => "Resolved",
        RequestStatus::Closed => "Closed",
        RequestStatus::Cancelled => "Cancelled",
        RequestStatus::Reopened => "Reopened",
    }
}

fn notice(reference: &str, id: &str, subject: &str, event: &Event, language: Language) -> Notice {
    let (title, body) = match (language, event) {
        (Language::Lv, Event::InformationRequested) => (
            format!("{reference}: VRAA lūdz informāciju"),
            subject.to_owned(),
        ),
        (Language::En, Event::InformationRequested) => (
            format!("{reference}: VRAA asks for information"),
            subject.to_owned(),
        ),
        (Language::Lv, Event::StatusChanged(s)) => (
            format!("{reference}: {}", status_lv(*s)),
            subject.to_owned(),
        ),
        (Language::En, Event::StatusChanged(s)) => (
            format!("{reference}: {}", status_en(*s)),
            subject.to_owned(),
        ),
        (Language::Lv, Event::Commented(body)) => {
            (format!("{reference}: VRAA komentārs"), short(body))
        }
        (Language::En, Event::Commented(body)) => {
            (format!("{reference}: comment from VRAA"), short(body))
        }
    };
    Notice {
        title,
        body,
        request_id: Some(id.to_owned()),
    }
}

fn short(text: &str) -> String {
    const MAX: usize = 140;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// Sync stopped because VRAA (or Microsoft, for the mailbox) no longer takes
/// the app's sign-in: queued work waits, and nothing moves until the person
/// signs in again. Said once when it happens; the Overview's banner stays.
pub fn sign_in_needed(by_microsoft: bool, language: Language) -> Notice {
    let (title, body) = match (language, by_microsoft) {
        (Language::Lv, true) => (
            "Jāpierakstās vēlreiz ar Microsoft",
            "Pieteikumi pa e-pastu netiek sūtīti, līdz pierakstīsieties vēlreiz. Rindā esošais saglabāts.",
        ),
        (Language::En, true) => (
            "Sign in with Microsoft again",
            "Requests by e-mail are not sent until you sign in again. Everything queued is kept.",
        ),
        (Language::Lv, false) => (
            "VRAA nepieņem piekļuves atslēgu",
            "Sinhronizācija apturēta, līdz ievadīsiet jaunu atslēgu. Rindā esošais saglabāts.",
        ),
        (Language::En, false) => (
            "VRAA no longer accepts your token",
            "Sync is paused until you enter a new token. Everything queued is kept.",
        ),
    };
    Notice {
        title: title.into(),
        body: body.into(),
        request_id: None,
    }
}

/// Many notices at once (e.g. after a day offline) become one.
fn fold(notices: Vec<Notice>, language: Language) -> Vec<Notice> {
    if notices.len() <= MAX_SEPARATE {
        return notices;
    }
    let n = notices.len();
    vec![match language {
        Language::Lv => Notice {
            title: "VRAA Desk".into(),
            body: format!("{n} jaunumi par jūsu pieteikumiem"),
            request_id: None,
        },
        Language::En => Notice {
            title: "VRAA Desk".into(),
            body: format!("{n} updates on your requests"),
            request_id: None,
        },
    }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use desk_core::api::{Actor, Comment, Request, StatusChange};

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
    }

    fn actor(kind: ActorKind) -> Actor {
        Actor {
            kind,
            name: "x".into(),
        }
    }

    fn detail(
        history: Vec<(RequestStatus, DateTime<Utc>, ActorKind)>,
        comments: Vec<(DateTime<Utc>, ActorKind)>,
    ) -> RequestDetail {
        let updated = history
            .iter()
            .map(|h| h.1)
            .chain(comments.iter().map(|c| c.0))
            .max()
            .unwrap_or(at(8, 0));
        RequestDetail {
            request: Request {
                id: "r1".into(),
                reference: "VRAA-2026-000123".into(),
                request_type_id: "email.licence_assign".into(),
                service_id: "email".into(),
                contract_id: None,
                subject: "Licence Jānim".into(),
                description: String::new(),
                fields: serde_json::json!({}),
                status: history
                    .last()
                    .map(|h| h.0)
                    .unwrap_or(RequestStatus::Submitted),
                requester: actor(ActorKind::Customer),
                created_at: at(8, 0),
                updated_at: updated,
                version: 1,
                status_history: history
                    .into_iter()
                    .map(|(to, at, by)| StatusChange {
                        from: None,
                        to,
                        at,
                        by: actor(by),
                    })
                    .collect(),
                rating: None,
            },
            comments: comments
                .into_iter()
                .enumerate()
                .map(|(i, (at, kind))| Comment {
                    id: format!("c{i}"),
                    request_id: "r1".into(),
                    author: actor(kind),
                    body: "Lūdzu, norādiet e-pasta adresi".into(),
                    created_at: at,
                })
                .collect(),
            attachments: Vec::new(),
        }
    }

    #[test]
    fn a_request_seen_for_the_first_time_gives_no_notice() {
        let mut watcher = Watcher::default();
        let d = detail(
            vec![(RequestStatus::Resolved, at(9, 0), ActorKind::Staff)],
            vec![],
        );
        assert!(watcher.changed(&[d], Language::Lv).is_empty());
    }

    #[test]
    fn a_status_change_by_vraa_is_noticed_once() {
        let mut watcher = Watcher::default();
        watcher.remember([("r1", at(8, 0))]);
        let d = detail(
            vec![(RequestStatus::Resolved, at(9, 0), ActorKind::Staff)],
            vec![],
        );
        let notices = watcher.changed(std::slice::from_ref(&d), Language::Lv);
        assert_eq!(notices.len(), 1);
        assert_eq!(notices[0].title, "VRAA-2026-000123: Atrisināts");
        assert_eq!(notices[0].request_id.as_deref(), Some("r1"));
        assert!(watcher.changed(&[d], Language::Lv).is_empty(), "not twice");
    }

    #[test]
    fn the_users_own_actions_are_not_noticed() {
        let mut watcher = Watcher::default();
        watcher.remember([("r1", at(8, 0))]);
        let d = detail(
            vec![(RequestStatus::Closed, at(9, 0), ActorKind::Customer)],
            vec![(at(9, 0), ActorKind::Customer)],
        );
        assert!(watcher.changed(&[d], Language::En).is_empty());
    }

    #[test]
    fn an_information_request_is_one_notice_with_its_comment_folded_in() {
        let mut watcher = Watcher::default();
        watcher.remember([("r1", at(8, 0))]);
        let d = detail(
            vec![(
                RequestStatus::WaitingForCustomer,
                at(9, 0),
                ActorKind::Staff,
            )],
            vec![(at(9, 0), ActorKind::Staff)],
        );
        let notices = watcher.changed(&[d], Language::En);
        assert_eq!(notices.len(), 1);
        assert_eq!(
            notices[0].title,
            "VRAA-2026-000123: VRAA asks for information"
        );
    }

    #[test]
    fn a_comment_by_vraa_is_noticed() {
        let mut watcher = Watcher::default();
        watcher.remember([("r1", at(8, 0))]);
        let d = detail(vec![], vec![(at(10, 0), ActorKind::Staff)]);
        let notices = watcher.changed(&[d], Language::Lv);
        assert_eq!(notices[0].title, "VRAA-2026-000123: VRAA komentārs");
        assert_eq!(notices[0].body, "Lūdzu, norādiet e-pasta adresi");
    }

    fn row(id: &str, sla: Option<SlaState>) -> RequestRow {
        RequestRow {
            id: id.into(),
            reference: Some(format!("VRAA-{id}")),
            service_id: "email".into(),
            request_type_id: "email.licence_assign".into(),
            subject: "Licence".into(),
            status: RequestStatus::InProgress,
            created_at: at(8, 0),
            updated_at: at(8, 0),
            sla,
            sla_due_at: Some(at(16, 0)),
            unread: false,
            pending: 0,
        }
    }

    #[test]
    fn a_clock_turning_at_risk_is_noticed_once_but_not_at_start() {
        let mut watcher = Watcher::default();
        let start = [
            row("a", Some(SlaState::AtRisk)),
            row("b", Some(SlaState::OnTrack)),
        ];
        assert!(
            watcher.at_risk(&start, Language::Lv).is_empty(),
            "silent first look"
        );
        assert!(
            watcher.at_risk(&start, Language::Lv).is_empty(),
            "a is known"
        );
        let later = [
            row("a", Some(SlaState::AtRisk)),
            row("b", Some(SlaState::AtRisk)),
        ];
        let notices = watcher.at_risk(&later, Language::Lv);
        assert_eq!(notices.len(), 1);
        assert_eq!(notices[0].title, "VRAA-b: SLA termiņš tuvojas");
        assert!(
            notices[0].body.contains("23.11.2026. 18:00"),
            "{}",
            notices[0].body
        );
        assert!(watcher.at_risk(&later, Language::Lv).is_empty());
    }

    #[test]
    fn a_lost_sign_in_is_worded_for_its_channel_in_both_languages() {
        let microsoft_lv = sign_in_needed(true, Language::Lv);
        let microsoft_en = sign_in_needed(true, Language::En);
        let token_en = sign_in_needed(false, Language::En);
        assert!(microsoft_lv.title.contains("Microsoft") && microsoft_lv.title.contains("vēlreiz"));
        assert!(microsoft_en.title.contains("Microsoft") && microsoft_en.body.contains("queued"));
        assert!(token_en.title.contains("token") && !token_en.title.contains("Microsoft"));
        assert_eq!(microsoft_en.request_id, None);
    }

    #[test]
    fn many_notices_fold_into_one() {
        let notices: Vec<Notice> = (0..5)
            .map(|i| Notice {
                title: format!("t{i}"),
                body: String::new(),
                request_id: Some(format!("r{i}")),
            })
            .collect();
        let folded = fold(notices, Language::Lv);
        assert_eq!(folded.len(), 1);
        assert_eq!(folded[0].body, "5 jaunumi par jūsu pieteikumiem");
        assert_eq!(folded[0].request_id, None);
    }
}
