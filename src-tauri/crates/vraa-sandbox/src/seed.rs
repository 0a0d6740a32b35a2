//! Seeds: the demo institutions, people, fixed demo tokens and contracts, and
//! (for `demo`) two years of deterministic history for Valsts vides dienests.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use desk_core::api::catalogue_data::{
    standard_catalog, SERVICE_DVS, SERVICE_EMAIL, SERVICE_SHARED,
};
use desk_core::api::{
    Actor, ActorKind, Attachment, AvailabilityRecord, AvailabilityTarget, Comment, Contract,
    ContractSlaTarget, Institution, LocalizedText, OutageKind, Person, Rating, Request,
    RequestStatus, RequestType, Role, StatusChange, Submitters,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rusqlite::{params, Connection};
use serde::Serialize;
use serde_json::{json, Value};
use sha2::Digest;

use crate::config::Seed;
use crate::error::SandboxError;
use crate::store::{self, to_json};

/// Requests of history in the full demo seed.
pub const DEMO_HISTORY_REQUESTS: u32 = 5_200;
/// The institution with history in the demo seed.
pub const HISTORY_INSTITUTION: &str = "inst-vvd";
/// Token of the sandbox administrator (acts as VRAA staff).
pub const ADMIN_TOKEN: &str = "sandbox-admin-9d1f7c2e";

/// A fixed, documented demo token (sandbox only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoToken {
    pub institution: String,
    pub person: String,
    pub token: String,
    pub admin: bool,
}

struct DemoInstitution {
    id: &'static str,
    name: &'static str,
    short: &'static str,
    reg: &'static str,
    people: [(&'static str, &'static str, &'static str, Role, &'static str); 3],
}

const INSTITUTIONS: [DemoInstitution; 3] = [
    DemoInstitution {
        id: "inst-varam",
        name: "Viedās administrācijas un reģionālās attīstības ministrija",
        short: "VARAM",
        reg: "90000000101",
        people: [
            (
                "person-varam-1",
                "Ilze Bērziņa",
                "ilze.berzina@varam.example.lv",
                Role::ItContact,
                "demo-varam-contact-3b7e21",
            ),
            (
                "person-varam-2",
                "Mārtiņš Ozols",
                "martins.ozols@varam.example.lv",
                Role::ItExpertGroup,
                "demo-varam-expert-8c4d02",
            ),
            (
                "person-varam-3",
                "Laura Kalniņa",
                "laura.kalnina@varam.example.lv",
                Role::Employee,
                "demo-varam-employee-5a9f13",
            ),
        ],
    },
    DemoInstitution {
        id: "inst-vvd",
        name: "Valsts vides dienests",
        short: "VVD",
        reg: "90000000102",
        people: [
            (
                "person-vvd-1",
                "Jānis Kļaviņš",
                "janis.klavins@vvd.example.lv",
                Role::ItContact,
                "demo-vvd-contact-7f3a90",
            ),
            (
                "person-vvd-2",
                "Anna Liepa",
                "anna.liepa@vvd.example.lv",
                Role::ItExpertGroup,
                "demo-vvd-expert-2e6b45",
            ),
            (
                "person-vvd-3",
                "Pēteris Zariņš",
                "peteris.zarins@vvd.example.lv",
                Role::Employee,
                "demo-vvd-employee-9d0c77",
            ),
        ],
    },
    DemoInstitution {
        id: "inst-dap",
        name: "Dabas aizsardzības pārvalde",
        short: "DAP",
        reg: "90000000103",
        people: [
            (
                "person-dap-1",
                "Dace Krūmiņa",
                "dace.krumina@dap.example.lv",
                Role::ItContact,
                "demo-dap-contact-1c8e54",
            ),
            (
                "person-dap-2",
                "Edgars Vītols",
                "edgars.vitols@dap.example.lv",
                Role::ItExpertGroup,
                "demo-dap-expert-6f2a38",
            ),
            (
                "person-dap-3",
                "Rūta Siliņa",
                "ruta.silina@dap.example.lv",
                Role::Employee,
                "demo-dap-employee-4b1d66",
            ),
        ],
    },
];

/// The fixed demo tokens of every seed (also printed by `vraa-sandbox tokens`).
pub fn demo_tokens() -> Vec<DemoToken> {
    let mut out = Vec::new();
    for inst in &INSTITUTIONS {
        for (_, name, _, _, token) in &inst.people {
            out.push(DemoToken {
                institution: inst.name.into(),
                person: (*name).into(),
                token: (*token).into(),
                admin: false,
            });
        }
    }
    out.push(DemoToken {
        institution: "VRAA (smilškaste / sandbox)".into(),
        person: "Smilškastes administrators / Sandbox administrator".into(),
        token: ADMIN_TOKEN.into(),
        admin: true,
    });
    out
}

/// Reads the tokens stored in a seeded database. Only their hashes are
/// stored, so a token is named when it is one of the fixed demo tokens (the
/// only ones the sandbox creates); any other shows as `sha256:<hash>`.
pub fn stored_tokens(conn: &Connection) -> Result<Vec<DemoToken>, SandboxError> {
    let known: HashMap<String, String> = demo_tokens()
        .into_iter()
        .map(|t| (crate::db::token_hash(&t.token), t.token))
        .collect();
    let mut stmt = conn
        .prepare(
            "SELECT t.token_sha256, t.admin, t.label, p.body, i.body FROM tokens t
             LEFT JOIN persons p ON p.id = t.person_id
             LEFT JOIN institutions i ON i.id = p.institution_id ORDER BY t.rowid",
        )
        .map_err(SandboxError::db("read tokens"))?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, bool>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })
        .map_err(SandboxError::db("read tokens"))?;
    let mut out = Vec::new();
    for row in rows {
        let (hash, admin, label, person, institution) =
            row.map_err(SandboxError::db("read tokens"))?;
        let token = known
            .get(&hash)
            .cloned()
            .unwrap_or_else(|| format!("sha256:{hash}"));
        let (institution, person) = match (person, institution) {
            (Some(p), Some(i)) => (
                store::from_json::<Institution>(&i, "institution")?.name,
                store::from_json::<Person>(&p, "person")?.name,
            ),
            _ => ("VRAA (smilškaste / sandbox)".to_owned(), label),
        };
        out.push(DemoToken {
            institution,
            person,
            token,
            admin,
        });
    }
    Ok(out)
}

/// Seeds the database if it has no institutions yet; one transaction.
/// `anchor` is "now" of the history (its dates end there).
pub fn apply(conn: &mut Connection, seed: Seed, anchor: DateTime<Utc>) -> Result<(), SandboxError> {
    let existing: i64 = conn
        .query_row("SELECT COUNT(*) FROM institutions", [], |r| r.get(0))
        .map_err(SandboxError::db("check seed"))?;
    if existing > 0 {
        return Ok(());
    }
    let tx = conn.transaction().map_err(SandboxError::db("seed"))?;
    base(&tx)?;
    let history = match seed {
        Seed::Empty => 0,
        Seed::Demo => DEMO_HISTORY_REQUESTS,
        Seed::DemoWithHistory(n) => n,
    };
    if history > 0 {
        History::new(&tx, anchor)?.generate(history)?;
    }
    tx.commit().map_err(SandboxError::db("seed commit"))?;
    tracing::info!(?seed, requests = history, "database seeded");
    Ok(())
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn base(tx: &Connection) -> Result<(), SandboxError> {
    for inst in &INSTITUTIONS {
        let institution = Institution {
            id: inst.id.into(),
            name: inst.name.into(),
            short_name: inst.short.into(),
            registration_number: inst.reg.into(),
            sector: "VARAM".into(),
        };
        tx.execute(
            "INSERT INTO institutions (id, body) VALUES (?1, ?2)",
            params![inst.id, to_json(&institution, "institution")?],
        )
        .map_err(SandboxError::db("seed institution"))?;
        for (id, name, email, role, token) in &inst.people {
            let person = Person {
                id: (*id).into(),
                name: (*name).into(),
                email: (*email).into(),
                roles: vec![*role],
            };
            tx.execute(
                "INSERT INTO persons (id, institution_id, body) VALUES (?1, ?2, ?3)",
                params![id, inst.id, to_json(&person, "person")?],
            )
            .map_err(SandboxError::db("seed person"))?;
            tx.execute(
                "INSERT INTO tokens (token_sha256, person_id, admin, label) VALUES (?1, ?2, 0, ?3)",
                params![crate::db::token_hash(token), id, name],
            )
            .map_err(SandboxError::db("seed token"))?;
        }
    }
    tx.execute(
        "INSERT INTO tokens (token_sha256, person_id, admin, label) VALUES (?1, NULL, 1, ?2)",
        params![
            crate::db::token_hash(ADMIN_TOKEN),
            "Smilškastes administrators / Sandbox administrator"
        ],
    )
    .map_err(SandboxError::db("seed admin token"))?;
    for (inst, contract) in contracts() {
        tx.execute(
            "INSERT INTO contracts (id, institution_id, body) VALUES (?1, ?2, ?3)",
            params![contract.id, inst, to_json(&contract, "contract")?],
        )
        .map_err(SandboxError::db("seed contract"))?;
    }
    Ok(())
}

fn contracts() -> Vec<(&'static str, Contract)> {
    let email_target = AvailabilityTarget {
        service_id: SERVICE_EMAIL.into(),
        window: "all_time".into(),
        percent: 99.9,
    };
    let dvs_target = AvailabilityTarget {
        service_id: SERVICE_DVS.into(),
        window: "all_time".into(),
        percent: 99.5,
    };
    let sla = vec![ContractSlaTarget {
        policy_id: "central.processing".into(),
    }];
    vec![
        (
            "inst-varam",
            Contract {
                id: "contract-varam-2024".into(),
                number: "VRAA-L-2024/15".into(),
                valid_from: date(2024, 1, 1),
                valid_to: None,
                service_ids: vec![SERVICE_EMAIL.into(), SERVICE_DVS.into()],
                sla_targets: sla.clone(),
                availability_targets: vec![email_target.clone(), dvs_target.clone()],
            },
        ),
        (
            "inst-vvd",
            Contract {
                id: "contract-vvd-2021".into(),
                number: "VRAA-L-2021/08".into(),
                valid_from: date(2021, 1, 1),
                valid_to: Some(date(2023, 6, 30)),
                service_ids: vec![SERVICE_EMAIL.into()],
                sla_targets: sla.clone(),
                availability_targets: vec![email_target.clone()],
            },
        ),
        (
            "inst-vvd",
            Contract {
                id: "contract-vvd-2023".into(),
                number: "VRAA-L-2023/42".into(),
                valid_from: date(2023, 7, 1),
                valid_to: None,
                service_ids: vec![SERVICE_EMAIL.into(), SERVICE_DVS.into()],
                sla_targets: sla.clone(),
                availability_targets: vec![email_target.clone(), dvs_target],
            },
        ),
        (
            "inst-dap",
            Contract {
                id: "contract-dap-2025".into(),
                number: "VRAA-L-2025/07".into(),
                valid_from: date(2025, 3, 1),
                valid_to: Some(date(2027, 2, 28)),
                service_ids: vec![SERVICE_EMAIL.into()],
                sla_targets: sla,
                availability_targets: vec![email_target],
            },
        ),
    ]
}

const STAFF: [&str; 5] = [
    "Kristīne Ābele",
    "Andris Miezis",
    "Olga Petrova",
    "Raivis Lapsa",
    "Santa Grīnberga",
];
const USERS: [&str; 8] = [
    "Agnese Riekstiņa",
    "Toms Eglītis",
    "Inga Vanaga",
    "Roberts Kalējs",
    "Zane Pļaviņa",
    "Kārlis Dūmiņš",
    "Elīna Strazdiņa",
    "Viktors Jansons",
];
const ASCII_USERS: [&str; 8] = [
    "agnese.riekstina",
    "toms.eglitis",
    "inga.vanaga",
    "roberts.kalejs",
    "zane.plavina",
    "karlis.dumins",
    "elina.strazdina",
    "viktors.jansons",
];

struct History<'c> {
    conn: &'c Connection,
    rng: StdRng,
    anchor: DateTime<Utc>,
    types: Vec<RequestType>,
    contact: Actor,
    expert: Actor,
    employee: Actor,
}

impl<'c> History<'c> {
    fn new(conn: &'c Connection, anchor: DateTime<Utc>) -> Result<Self, SandboxError> {
        let customer = |name: &str| Actor {
            kind: ActorKind::Customer,
            name: name.into(),
        };
        Ok(History {
            conn,
            rng: StdRng::seed_from_u64(0x5EED_2026),
            anchor,
            types: standard_catalog().request_types,
            contact: customer("Jānis Kļaviņš"),
            expert: customer("Anna Liepa"),
            employee: customer("Pēteris Zariņš"),
        })
    }

    fn staff(&mut self) -> Actor {
        Actor {
            kind: ActorKind::Staff,
            name: STAFF[self.rng.gen_range(0..STAFF.len())].into(),
        }
    }

    /// A working-day time between 06:00 and 15:00 UTC (08–17 in Riga).
    fn working_time(&mut self, day: NaiveDate) -> DateTime<Utc> {
        let mut d = day;
        while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            d = d.succ_opt().unwrap_or(d);
        }
        let minutes = self.rng.gen_range(6 * 60..15 * 60);
        Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default())
            + Duration::minutes(minutes)
            + Duration::seconds(self.rng.gen_range(0..60))
    }

    fn minutes(&mut self, lo: i64, hi: i64) -> Duration {
        Duration::minutes(self.rng.gen_range(lo..hi))
    }

    fn generate(mut self, count: u32) -> Result<(), SandboxError> {
        let start = self.anchor - Duration::days(730);
        let mut times: Vec<DateTime<Utc>> = (0..count)
            .map(|_| {
                let day = (start + Duration::days(self.rng.gen_range(0..728))).date_naive();
                self.working_time(day)
            })
            .collect();
        times.sort();
        let total = times.len();
        for (i, created) in times.into_iter().enumerate() {
            // The last few dozen stay open so the demo has live work.
            let open_tail = total.saturating_sub(i) <= 40;
            self.request(created, open_tail)?;
        }
        self.outages(start)?;
        Ok(())
    }

    fn pick_type(&mut self) -> RequestType {
        // Weights: licence and rights changes are the everyday work.
        const WEIGHTS: [(&str, u32); 14] = [
            ("email.licence_assign", 18),
            ("email.licence_revoke", 14),
            ("email.mailbox_create", 8),
            ("email.shared_mailbox_change", 8),
            ("email.spam_filter_change", 6),
            ("email.account_report", 3),
            ("email.nonstandard_info", 2),
            ("dvs.customisation", 3),
            ("dvs.incident", 8),
            ("dvs.user_rights", 14),
            ("dvs.document_copies", 3),
            ("shared.issue", 4),
            ("shared.integration_question", 2),
            ("consultation", 7),
        ];
        let total: u32 = WEIGHTS.iter().map(|w| w.1).sum();
        let mut roll = self.rng.gen_range(0..total);
        for (id, w) in WEIGHTS {
            if roll < w {
                if let Some(t) = self.types.iter().find(|t| t.id == id) {
                    return t.clone();
                }
            }
            roll = roll.saturating_sub(w);
        }
        self.types[0].clone()
    }

    fn request(&mut self, created: DateTime<Utc>, open_tail: bool) -> Result<(), SandboxError> {
        let rt = self.pick_type();
        let u = self.rng.gen_range(0..USERS.len());
        let (subject, fields) = example(&rt.id, u, &mut self.rng, created.date_naive());
        let requester = if rt.submitters == Submitters::AnyEmployee {
            self.employee.clone()
        } else if self.rng.gen_bool(0.7) {
            self.contact.clone()
        } else {
            self.expert.clone()
        };
        let contract_id = match rt.service_id.as_str() {
            SERVICE_SHARED => None,
            SERVICE_EMAIL if created.date_naive() < date(2023, 7, 1) => {
                Some("contract-vvd-2021".to_owned())
            }
            _ => Some("contract-vvd-2023".to_owned()),
        };
        let mut request = Request {
            id: uuid::Builder::from_random_bytes(self.rng.gen())
                .into_uuid()
                .to_string(),
            reference: store::next_reference(self.conn, created)?,
            request_type_id: rt.id.clone(),
            service_id: rt.service_id.clone(),
            contract_id,
            subject,
            description: format!("Lūdzu izpildīt: {}. Paldies!", rt.name.lv.to_lowercase()),
            fields,
            status: RequestStatus::Submitted,
            requester: requester.clone(),
            created_at: created,
            updated_at: created,
            version: 1,
            status_history: vec![StatusChange {
                from: None,
                to: RequestStatus::Submitted,
                at: created,
                by: requester.clone(),
            }],
            rating: None,
        };
        let mut comments = Vec::new();
        let mut at = created;
        // How far along an open request got: 0 = just submitted … 5 = resolved.
        let stop_at = if open_tail {
            self.rng.gen_range(0..6)
        } else {
            99
        };
        let cancelled = !open_tail && self.rng.gen_bool(0.04);
        let steps = [
            RequestStatus::Registered,
            RequestStatus::Assigned,
            RequestStatus::InProgress,
        ];
        for (n, to) in steps.into_iter().enumerate() {
            if n >= stop_at {
                break;
            }
            if cancelled && n == 1 {
                at += self.minutes(30, 600);
                let by = requester.clone();
                comments.push(self.comment(
                    &request,
                    by.clone(),
                    "Pieprasījums vairs nav aktuāls, atsaucam.",
                    at,
                ));
                store::apply_transition(&mut request, RequestStatus::Cancelled, by, at);
                return self.save(request, comments);
            }
            at += self.minutes(20, 900);
            let staff = self.staff();
            store::apply_transition(&mut request, to, staff, at);
        }
        if stop_at >= 4 || stop_at == 99 {
            if self.rng.gen_bool(0.2) {
                at += self.minutes(30, 300);
                let staff = self.staff();
                comments.push(self.comment(
                    &request,
                    staff.clone(),
                    "Lūdzu precizēt lietotāja datus un vēlamo izpildes datumu.",
                    at,
                ));
                store::apply_transition(&mut request, RequestStatus::WaitingForCustomer, staff, at);
                if stop_at == 4 {
                    return self.save(request, comments);
                }
                at += self.minutes(60, 2880);
                let by = requester.clone();
                comments.push(self.comment(
                    &request,
                    by.clone(),
                    "Precizēts: dati pievienoti, izpilde iespējami drīz.",
                    at,
                ));
                store::apply_transition(&mut request, RequestStatus::InProgress, by, at);
            }
            if stop_at >= 5 {
                at += self.minutes(30, 1200);
                let staff = self.staff();
                comments.push(self.comment(
                    &request,
                    staff.clone(),
                    "Pieprasījums izpildīts. Lūdzu pārbaudīt un apstiprināt.",
                    at,
                ));
                store::apply_transition(&mut request, RequestStatus::Resolved, staff, at);
                if stop_at == 99 {
                    if self.rng.gen_bool(0.03) {
                        at += self.minutes(60, 1440);
                        let by = requester.clone();
                        comments.push(self.comment(
                            &request,
                            by.clone(),
                            "Problēma atkārtojas, lūdzu pārskatīt.",
                            at,
                        ));
                        store::apply_transition(&mut request, RequestStatus::Reopened, by, at);
                        at += self.minutes(30, 600);
                        let staff = self.staff();
                        store::apply_transition(&mut request, RequestStatus::InProgress, staff, at);
                        at += self.minutes(60, 1440);
                        let staff = self.staff();
                        comments.push(self.comment(
                            &request,
                            staff.clone(),
                            "Labots atkārtoti, lūdzu pārbaudīt.",
                            at,
                        ));
                        store::apply_transition(&mut request, RequestStatus::Resolved, staff, at);
                    }
                    at += self.minutes(60, 4 * 1440);
                    let by = if self.rng.gen_bool(0.6) {
                        requester.clone()
                    } else {
                        Actor {
                            kind: ActorKind::System,
                            name: "VRAA".into(),
                        }
                    };
                    store::apply_transition(&mut request, RequestStatus::Closed, by, at);
                    if self.rng.gen_bool(0.4) {
                        at += self.minutes(1, 120);
                        request.rating = Some(Rating {
                            score: [5, 5, 5, 4, 4, 3, 2][self.rng.gen_range(0..7)],
                            comment: self
                                .rng
                                .gen_bool(0.3)
                                .then(|| "Paldies par ātru izpildi!".to_owned()),
                            at,
                        });
                        store::touch(&mut request, at);
                    }
                }
            }
        }
        self.save(request, comments)
    }

    fn comment(
        &mut self,
        request: &Request,
        author: Actor,
        body: &str,
        at: DateTime<Utc>,
    ) -> Comment {
        Comment {
            id: uuid::Builder::from_random_bytes(self.rng.gen())
                .into_uuid()
                .to_string(),
            request_id: request.id.clone(),
            author,
            body: body.into(),
            created_at: at,
        }
    }

    fn save(&mut self, mut request: Request, comments: Vec<Comment>) -> Result<(), SandboxError> {
        // History never reaches past the anchor ("now").
        if request.updated_at > self.anchor {
            let shift = request.updated_at - self.anchor + Duration::minutes(1);
            request.created_at -= shift;
            request.updated_at -= shift;
            for h in &mut request.status_history {
                h.at -= shift;
            }
            if let Some(r) = &mut request.rating {
                r.at -= shift;
            }
            store::insert_request(self.conn, HISTORY_INSTITUTION, &request)?;
            for mut c in comments {
                c.created_at -= shift;
                store::insert_comment(self.conn, HISTORY_INSTITUTION, &c)?;
            }
            return self.maybe_attach(&request);
        }
        store::insert_request(self.conn, HISTORY_INSTITUTION, &request)?;
        for c in comments {
            store::insert_comment(self.conn, HISTORY_INSTITUTION, &c)?;
        }
        self.maybe_attach(&request)
    }

    /// Incidents and issues often come with an error log.
    fn maybe_attach(&mut self, request: &Request) -> Result<(), SandboxError> {
        if !matches!(
            request.request_type_id.as_str(),
            "dvs.incident" | "shared.issue"
        ) || !self.rng.gen_bool(0.5)
        {
            return Ok(());
        }
        let content = format!(
            "{} kļūdas žurnāls\n{} ERROR 500 Internal Server Error\n",
            request.reference,
            request.created_at.to_rfc3339()
        )
        .into_bytes();
        let sha = desk_core::api::Sha256Hex::from_digest(sha2::Sha256::digest(&content).into());
        store::put_blob(
            self.conn,
            HISTORY_INSTITUTION,
            sha.as_str(),
            "text/plain",
            &content,
        )?;
        let attachment = Attachment {
            id: uuid::Builder::from_random_bytes(self.rng.gen())
                .into_uuid()
                .to_string(),
            request_id: request.id.clone(),
            sha256: sha,
            file_name: "kludas-zurnals.txt".into(),
            size: content.len() as u64,
            content_type: "text/plain".into(),
            added_by: request.requester.clone(),
            created_at: request.created_at,
        };
        store::insert_attachment(self.conn, HISTORY_INSTITUTION, &attachment)
    }

    fn outages(&mut self, start: DateTime<Utc>) -> Result<(), SandboxError> {
        let mut month = date(start.year(), start.month(), 1);
        let end = self.anchor.date_naive();
        while month <= end {
            for service in [SERVICE_EMAIL, SERVICE_DVS, SERVICE_SHARED] {
                // Planned maintenance: one Saturday night a month.
                let mut day = month + Duration::days(self.rng.gen_range(0..27));
                while day.weekday() != Weekday::Sat {
                    day = day.succ_opt().unwrap_or(day);
                }
                let starts = Utc.from_utc_datetime(&day.and_hms_opt(20, 0, 0).unwrap_or_default());
                let length = Duration::minutes(self.rng.gen_range(60..240));
                self.outage(
                    service,
                    OutageKind::Maintenance,
                    starts,
                    length,
                    "Plānotā apkope",
                    "Planned maintenance",
                )?;
                // Unplanned outages: now and then, some minutes to hours.
                for _ in 0..self.rng.gen_range(0..3) {
                    let day = month + Duration::days(self.rng.gen_range(0..28));
                    let starts = self.working_time(day);
                    let length = Duration::minutes(self.rng.gen_range(5..180));
                    self.outage(
                        service,
                        OutageKind::Outage,
                        starts,
                        length,
                        "Pakalpojuma traucējumi",
                        "Service disruption",
                    )?;
                }
            }
            match month.checked_add_months(chrono::Months::new(1)) {
                Some(next) => month = next,
                None => break,
            }
        }
        Ok(())
    }

    fn outage(
        &mut self,
        service: &str,
        kind: OutageKind,
        starts: DateTime<Utc>,
        length: Duration,
        lv: &str,
        en: &str,
    ) -> Result<(), SandboxError> {
        if starts > self.anchor {
            return Ok(());
        }
        let component_id = (service == SERVICE_SHARED && kind == OutageKind::Outage).then(|| {
            [
                "address_selection",
                "authentication",
                "e_address",
                "payments",
                "notifications",
            ][self.rng.gen_range(0..5)]
            .to_owned()
        });
        let record = AvailabilityRecord {
            id: uuid::Builder::from_random_bytes(self.rng.gen())
                .into_uuid()
                .to_string(),
            service_id: service.into(),
            component_id,
            kind,
            starts_at: starts,
            ends_at: Some((starts + length).min(self.anchor)),
            description: LocalizedText::new(lv, en),
        };
        store::insert_outage(self.conn, &record, starts)
    }
}

fn pick(rng: &mut StdRng, options: &[&'static str]) -> &'static str {
    options[rng.gen_range(0..options.len())]
}

/// A plausible subject and schema-valid fields for a request type.
fn example(type_id: &str, user: usize, rng: &mut StdRng, day: NaiveDate) -> (String, Value) {
    let name = USERS[user];
    let email = format!("{}@vvd.example.lv", ASCII_USERS[user]);
    let date = day.format("%Y-%m-%d").to_string();
    match type_id {
        "email.licence_assign" => (
            format!("Licence jaunam darbiniekam: {name}"),
            json!({"user_name": name, "user_email": email, "licence": pick(rng, &["exchange_online_plan_1", "exchange_online_plan_2", "microsoft_365_e3"]), "purchase_needed": rng.gen_bool(0.1), "start_date": date}),
        ),
        "email.licence_revoke" => (
            format!("Licences atsaukšana: {name}"),
            json!({"user_name": name, "user_email": email, "revoke_on": date, "keep_mailbox_data": rng.gen_bool(0.5)}),
        ),
        "email.mailbox_create" => {
            if rng.gen_bool(0.5) {
                (
                    format!("Personīgā pastkaste: {name}"),
                    json!({"mailbox_kind": "personal", "address": email, "display_name": name}),
                )
            } else {
                (
                    "Tehniskā pastkaste paziņojumiem".to_owned(),
                    json!({"mailbox_kind": "technical", "address": "pazinojumi@vvd.example.lv", "display_name": "VVD paziņojumi", "owner_email": email}),
                )
            }
        }
        "email.shared_mailbox_change" => (
            "Piekļuve koplietošanas pastkastei pasts@".to_owned(),
            json!({"mailbox": "pasts@vvd.example.lv", "change": pick(rng, &["grant_access", "revoke_access"]), "members": [email]}),
        ),
        "email.spam_filter_change" => (
            "Sūtītāja bloķēšana".to_owned(),
            json!({"list": "block", "operation": "add", "entries": ["spam-sender.example.com"], "reason": "Krāpnieciski e-pasti"}),
        ),
        "email.account_report" => (
            "Pārskats par licencēm un pastkastēm".to_owned(),
            json!({"scope": "all_accounts", "report_items": ["licences", "mailbox_size"]}),
        ),
        "email.nonstandard_info" => (
            "E-pasta plūsmas statistika auditam".to_owned(),
            json!({"information_needed": "Ienākošo e-pastu skaits pa mēnešiem", "needed_by": date}),
        ),
        "dvs.customisation" => (
            "DVS veidlapas pielāgošana atļauju reģistram".to_owned(),
            json!({"requirement": "Papildu lauks atļaujas numuram", "funding": pick(rng, &["vraa_budget", "institution_funds", "not_yet_known"])}),
        ),
        "dvs.incident" => (
            "DVS neatver dokumentu kartītes".to_owned(),
            json!({"impact": pick(rng, &["single_user", "department", "whole_institution"]), "error_message": "Kļūda 500"}),
        ),
        "dvs.user_rights" => (
            format!("DVS tiesības: {name}"),
            json!({"user_name": name, "user_email": email, "change": pick(rng, &["grant", "change", "revoke"]), "roles": ["reader"]}),
        ),
        "dvs.document_copies" => (
            "Dokumentu kopijas tiesvedībai".to_owned(),
            json!({"document_numbers": [format!("4.1-{}/{}", day.year(), rng.gen_range(1..999))], "purpose": "Tiesvedība"}),
        ),
        "shared.issue" => (
            "Adrešu izvēles komponente neatgriež rezultātus".to_owned(),
            json!({"component_id": "address_selection", "environment": "production"}),
        ),
        "shared.integration_question" => (
            "Jautājums par autentifikācijas integrāciju".to_owned(),
            json!({"component_id": "authentication", "integration_stage": "integrating"}),
        ),
        _ => (
            "Konsultācija par e-pasta pārsūtīšanu".to_owned(),
            json!({"topic_service_id": "email"}),
        ),
    }
}
