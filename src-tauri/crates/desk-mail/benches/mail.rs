//! The e-mail channel's speed targets (issue 13), against the real loopback
//! mail servers of `tests/mail-servers`:
//! - a sync with nothing new, with 10,000 unrelated messages in the inbox: < 200 ms;
//! - 100 queued requests with a 1 MB attachment each, sent: < 30 s;
//! - a reply in the request's timeline after it arrives (IMAP IDLE): < 2 s.
//!
//! `cargo bench -p desk-mail --bench mail`; prints each measurement and the
//! median. Numbers go into docs/performance.md.

use std::sync::Arc;
use std::time::{Duration, Instant};

use desk_core::api::catalogue_data::standard_catalog;
use desk_core::api::NewRequest;
use desk_core::mail::{MailServer, MailSettings, MailTls};
use desk_mail::smtp::Submission;
use desk_mail::tls::TrustedRoots;
use desk_mail::{MailConnector, MailTransport};
use desk_store::{OutboxAction, Store, DATABASE_FILE_NAME};
use desk_sync::{sync_once, SyncEngine, SyncOptions};
use mail_servers::MailServers;

const USER: &str = "janis@iestade.gov.lv";
const PASSWORD: &str = "Parole-1";
const VRAA: &str = "it@vraa.gov.lv";

fn settings(servers: &MailServers) -> MailSettings {
    MailSettings {
        display_name: "Jānis Bērziņš".into(),
        institution_name: "Iestāde".into(),
        imap: MailServer {
            host: "127.0.0.1".into(),
            port: servers.imap_port(),
            tls: MailTls::Plain,
        },
        smtp: MailServer {
            host: "127.0.0.1".into(),
            port: servers.submission_port(),
            tls: MailTls::Plain,
        },
        vraa_address: VRAA.into(),
        ..MailSettings::for_address(USER, "127.0.0.1")
    }
    .validated()
    .expect("valid settings")
}

fn store_for(servers: &MailServers) -> (tempfile::TempDir, Arc<Store>) {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(&dir.path().join(DATABASE_FILE_NAME)).unwrap());
    store.save_mail_settings(Some(&settings(servers))).unwrap();
    (dir, store)
}

fn transport(store: &Arc<Store>) -> MailTransport {
    MailTransport::new(
        Arc::clone(store),
        store.mail_settings().unwrap().unwrap(),
        desk_mail::MailCredentials::Password(PASSWORD.into()),
        TrustedRoots::default(),
    )
    .unwrap()
}

fn request(subject: &str) -> NewRequest {
    NewRequest {
        request_type_id: standard_catalog().request_types[0].id.clone(),
        subject: subject.into(),
        description: String::new(),
        fields: serde_json::json!({}),
        contract_id: None,
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn show(name: &str, samples: &[Duration], target: Duration) {
    let m = median(samples.to_vec());
    println!(
        "{name}: median {:.1} ms over {} runs (min {:.1}, max {:.1}); target < {:.0} ms: {}",
        m.as_secs_f64() * 1e3,
        samples.len(),
        samples.iter().min().unwrap().as_secs_f64() * 1e3,
        samples.iter().max().unwrap().as_secs_f64() * 1e3,
        target.as_secs_f64() * 1e3,
        if m < target { "met" } else { "MISSED" }
    );
}

async fn nothing_new(servers: &MailServers) {
    servers.fill_inbox(USER, 10_000).unwrap();
    let (_dir, store) = store_for(servers);
    let mail = transport(&store);
    // The first run reads the 10,000 headers once and keeps the cursor.
    let t = Instant::now();
    sync_once(&store, &mail, &SyncOptions::default())
        .await
        .unwrap();
    println!(
        "first sync over 10,000 unrelated messages: {:.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let mut samples = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let report = sync_once(&store, &mail, &SyncOptions::default())
            .await
            .unwrap();
        samples.push(t.elapsed());
        assert_eq!(report.changes, 0);
    }
    show(
        "sync with nothing new, 10,000 unrelated messages",
        &samples,
        Duration::from_millis(200),
    );
}

async fn hundred_with_attachments(servers: &MailServers) {
    let (_dir, store) = store_for(servers);
    for n in 0..100u32 {
        let entry = store
            .queue_new_request(&request(&format!("Pieteikums {n}")))
            .unwrap();
        // 1 MB that does not compress: a scanned document's worth.
        let mut bytes = b"%PDF-1.4\n".to_vec();
        let mut x: u32 = n.wrapping_mul(2_654_435_761).wrapping_add(1);
        while bytes.len() < 1_000_000 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            bytes.extend_from_slice(&x.to_le_bytes());
        }
        let sha = store.put_blob(&bytes).unwrap();
        store
            .queue_action(
                &entry.request_key,
                &OutboxAction::Attach {
                    sha256: sha,
                    file_name: format!("skenējums {n}.pdf"),
                    content_type: "application/pdf".into(),
                    size: bytes.len() as u64,
                },
            )
            .unwrap();
    }
    let mail = transport(&store);
    let t = Instant::now();
    let report = sync_once(&store, &mail, &SyncOptions::default())
        .await
        .unwrap();
    let took = t.elapsed();
    assert_eq!(report.pushed, 200);
    assert!(store.outbox().unwrap().is_empty());
    show(
        "100 requests with a 1 MB attachment each, sent",
        &[took],
        Duration::from_secs(30),
    );
}

async fn reply_latency(servers: &MailServers) {
    let (_dir, store) = store_for(servers);
    store.queue_new_request(&request("IDLE")).unwrap();
    let mail = transport(&store);
    sync_once(&store, &mail, &SyncOptions::default())
        .await
        .unwrap();
    let request_id = store.list_requests(&Default::default()).unwrap()[0]
        .id
        .clone();
    let password: Arc<dyn desk_sync::TokenSource> =
        Arc::new(desk_sync::credentials::ApiToken::new(PASSWORD).unwrap());
    let connector = MailConnector::new(
        Arc::clone(&store),
        desk_mail::MailSecrets {
            password,
            microsoft: Arc::new(desk_oauth::HeldTokens::default()),
        },
    );
    let handle = SyncEngine::spawn_with(
        Arc::clone(&store),
        connector.clone(),
        SyncOptions::default(),
    );
    let waker = handle.waker();
    let watch = tokio::spawn(connector.watch_inbox(move || waker.wake()));
    tokio::time::sleep(Duration::from_secs(2)).await;
    let server = MailServer {
        host: "127.0.0.1".into(),
        port: servers.submission_port(),
        tls: MailTls::Plain,
    };
    let mut samples = Vec::new();
    for n in 0..10 {
        let before = store.comment_count().unwrap();
        let raw = format!(
            "From: VRAA <{VRAA}>\r\nTo: {USER}\r\nSubject: RE: [{request_id}]\r\nMessage-ID: <lat.{n}@vraa.gov.lv>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nAtbilde {n}.\r\n"
        );
        let mut submission = Submission::open(
            &server,
            &TrustedRoots::default(),
            "vraa.gov.lv",
            VRAA,
            &desk_mail::credentials::Secret::Password("Vraa-1".into()),
        )
        .await
        .unwrap();
        submission.send(VRAA, USER, raw.as_bytes()).await.unwrap();
        // "Arrives" = the submission server accepted it; it is in the mailbox moments later.
        let t = Instant::now();
        submission.close().await;
        while store.comment_count().unwrap() == before {
            assert!(t.elapsed() < Duration::from_secs(60), "no reply shown");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        samples.push(t.elapsed());
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    show(
        "a reply in the timeline after it arrives (IDLE)",
        &samples,
        Duration::from_secs(2),
    );
    watch.abort();
    handle.stop().await;
}

fn main() {
    // `cargo test --benches` runs this file too; only `cargo bench` measures.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let servers = MailServers::start().expect("mail servers (scripts/mail/setup.sh)");
        nothing_new(&servers).await;
        hundred_with_attachments(&servers).await;
        reply_latency(&servers).await;
    });
}
