//! The store-and-sync subcommands against a real sandbox on loopback.

use std::path::Path;
use std::process::{Command, Output};

#[path = "../../../../tests/support/wine_safe_start.rs"]
mod wine_safe_start;
use wine_safe_start::WineSafeStart;

use vraa_sandbox::{SandboxConfig, Seed};

const TOKEN: &str = "demo-vvd-contact-7f3a90";

fn cli(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vraa-desk-cli"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env("VRAA_DESK_TOKEN", TOKEN)
        .wine_safe_output()
        .expect("the binary runs")
}

fn ok(o: Output) -> String {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "stderr: {err}");
    String::from_utf8(o.stdout).expect("utf-8")
}

fn bad_input(o: Output) -> String {
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8(o.stderr).expect("utf-8");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.starts_with("kļūda: ") && err.contains(" / error: "),
        "{err}"
    );
    err
}

/// Cancels a request as VRAA staff through the sandbox admin API, with a
/// plain HTTP/1.1 call (no client library needed for one request).
fn reqwest_free_admin_cancel(base_url: &str, id: &str) -> String {
    use std::io::{Read, Write};
    let addr = base_url.trim_start_matches("http://");
    let body = r#"{"to":"cancelled","comment":"Atcelts / Cancelled"}"#;
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "POST /admin/v1/requests/{id}/transition HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\n\
         Idempotency-Key: cancel-{id}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        vraa_sandbox::ADMIN_TOKEN,
        body.len()
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn queue_offline_then_sync_list_search_show_comment_attach_import() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sandbox = rt
        .block_on(vraa_sandbox::start(SandboxConfig {
            seed: Seed::Empty,
            ..SandboxConfig::for_tests()
        }))
        .unwrap();
    let url = sandbox.base_url();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();

    // Offline: a request and a draft, no server needed.
    let out = ok(cli(
        data,
        &[
            "requests",
            "new",
            "--type",
            "shared.issue",
            "--subject",
            "Ķēdes kļūda autentifikācijā",
            "--field",
            "component_id=authentication",
            "--field",
            "environment=production",
        ],
    ));
    assert!(out.contains("Queued as outbox #1"), "{out}");
    ok(cli(
        data,
        &[
            "requests",
            "new",
            "--type",
            "shared.issue",
            "--subject",
            "Melnraksts",
            "--draft",
        ],
    ));
    let drafts: serde_json::Value =
        serde_json::from_str(&ok(cli(data, &["requests", "drafts", "--json"]))).unwrap();
    let draft_id = drafts[0]["id"].as_str().unwrap().to_owned();
    // Incomplete: refused at submission, and it stays a draft.
    let err = bad_input(cli(data, &["requests", "submit", &draft_id]));
    assert!(
        err.contains("component_id: required value missing"),
        "{err}"
    );
    assert!(ok(cli(data, &["requests", "drafts"])).contains("Melnraksts"));
    // Invalid fields are refused before queueing.
    let err = bad_input(cli(
        data,
        &[
            "requests",
            "new",
            "--type",
            "shared.issue",
            "--subject",
            "X",
            "--field",
            "environment=mars",
        ],
    ));
    assert!(
        err.contains("component_id: required value missing"),
        "{err}"
    );
    assert!(err.contains("environment"), "{err}");

    // Import: one bad row rejects the whole file with row, column and reason.
    let csv = data.join("licences.csv");
    std::fs::write(
        &csv,
        "subject,user_name,user_email,licence\n\
         Licence 1,Anna Bērziņa,anna@vvd.gov.lv,exchange_online_plan_1\n\
         Licence 2,Juris Kalns,nav-epasts,exchange_online_plan_1\n\
         Licence 3,,liga@vvd.gov.lv,platinum\n",
    )
    .unwrap();
    let err = bad_input(cli(
        data,
        &[
            "import",
            csv.to_str().unwrap(),
            "--type",
            "email.licence_assign",
        ],
    ));
    assert!(err.contains("row 3, column user_email"), "{err}");
    assert!(
        err.contains("row 4, column user_name: required value missing"),
        "{err}"
    );
    assert!(err.contains("row 4, column licence"), "{err}");
    assert!(err.contains("rinda 3, kolonna user_email"), "{err}");
    let outbox: serde_json::Value =
        serde_json::from_str(&ok(cli(data, &["outbox", "--json"]))).unwrap();
    assert_eq!(
        outbox.as_array().unwrap().len(),
        1,
        "nothing of the bad file was queued"
    );
    std::fs::write(
        &csv,
        "subject,user_name,user_email,licence,purchase_needed\n\
         Licence 1,Anna Bērziņa,anna@vvd.gov.lv,exchange_online_plan_1,nē\n\
         Licence 2,Juris Kalns,juris@vvd.gov.lv,microsoft_365_e3,jā\n",
    )
    .unwrap();
    let out = ok(cli(
        data,
        &[
            "import",
            csv.to_str().unwrap(),
            "--type",
            "email.licence_assign",
        ],
    ));
    assert!(out.contains("Queued 2 requests"), "{out}");

    // Online.
    let out = ok(cli(data, &["sync", "--server", &url, "--json"]));
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["pushed"], 3);
    let list: serde_json::Value =
        serde_json::from_str(&ok(cli(data, &["requests", "list", "--json"]))).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 3);
    let found: serde_json::Value = serde_json::from_str(&ok(cli(
        data,
        &[
            "requests",
            "list",
            "--search",
            "kede kluda",
            "--status",
            "submitted",
            "--json",
        ],
    )))
    .unwrap();
    assert_eq!(found.as_array().unwrap().len(), 1);
    let reference = found[0]["reference"].as_str().unwrap().to_owned();
    let shown = ok(cli(data, &["requests", "show", &reference]));
    assert!(
        shown.contains("Ķēdes kļūda autentifikācijā") && shown.contains("submitted"),
        "{shown}"
    );
    bad_input(cli(data, &["requests", "list", "--status", "lost"]));

    // Comment and attach, queued then sent.
    ok(cli(data, &["comment", &reference, "Lūdzu paskatīties"]));
    let file = data.join("kluda.txt");
    std::fs::write(&file, "žurnāla izraksts").unwrap();
    ok(cli(data, &["attach", &reference, file.to_str().unwrap()]));
    let text = ok(cli(data, &["outbox"]));
    assert!(
        text.contains("comment") && text.contains("attach"),
        "{text}"
    );
    ok(cli(data, &["sync", "--server", &url]));
    assert!(ok(cli(data, &["outbox"])).contains("The outbox is empty"));
    let shown = ok(cli(data, &["requests", "show", &reference]));
    assert!(
        shown.contains("Lūdzu paskatīties") && shown.contains("kluda.txt"),
        "{shown}"
    );

    // A request VRAA cancels meanwhile: the comment is parked with VRAA's
    // message in both languages; the user discards it.
    let id = found[0]["id"].as_str().unwrap().to_owned();
    let admin = reqwest_free_admin_cancel(&url, &id);
    assert!(admin.contains("cancelled"), "{admin}");
    ok(cli(data, &["comment", &reference, "Par vēlu"]));
    ok(cli(data, &["sync", "--server", &url]));
    let text = ok(cli(data, &["outbox"]));
    assert!(text.contains("parked") && text.contains("VRAA: "), "{text}");
    let seq = text
        .split_whitespace()
        .next()
        .unwrap()
        .trim_start_matches('#')
        .to_owned();
    assert!(ok(cli(data, &["outbox", "--discard", &seq])).contains("Discarded 1"));
    assert!(ok(cli(data, &["outbox"])).contains("The outbox is empty"));

    // A wrong token is refused by `login` and nothing is stored.
    let o = Command::new(env!("CARGO_BIN_EXE_vraa-desk-cli"))
        .args(["login", "--server", &url, "--data-dir"])
        .arg(data)
        .env("VRAA_DESK_TOKEN", "not-a-token")
        .wine_safe_output()
        .unwrap();
    assert_ne!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("expired or was revoked"));

    // No server anywhere: a clear failure, exit 1.
    let o = cli(data, &["sync", "--server", "http://127.0.0.1:9"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no connection to the VRAA server"));
    rt.block_on(sandbox.shutdown()).unwrap();
}
