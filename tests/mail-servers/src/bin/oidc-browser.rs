//! The scripted browser of `mail_servers::Browser` as a command, for the end-to-end
//! test of the real app (`tests/e2e`), which plays the person in front of the system
//! browser: the app opens its authorization URL, and the test signs in with this.
//!
//! ```text
//! oidc-browser sign-in AUTHORITY AUTHORIZE_URL LOGIN PASSWORD
//! oidc-browser cancel  AUTHORITY AUTHORIZE_URL
//! ```
//!
//! Both walk the provider's pages, then let the redirect land on the app's loopback
//! listener, and print one JSON line: `{"location", "status", "page"}` (the redirect
//! and what the app answered in the browser). Exit 1 with the reason on stderr when
//! the provider's pages did not go as a person's sign-in would.

use std::process::ExitCode;

use mail_servers::Browser;

const USAGE: &str = "usage: oidc-browser sign-in AUTHORITY AUTHORIZE_URL LOGIN PASSWORD\n       oidc-browser cancel AUTHORITY AUTHORIZE_URL";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("oidc-browser: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(&args)) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("oidc-browser: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: &[String]) -> Result<String, String> {
    let (browser, location) = match args {
        [verb, authority, url, login, password] if verb == "sign-in" => {
            let browser = Browser::new(authority).map_err(|e| e.to_string())?;
            let location = browser
                .sign_in(url, login, password)
                .await
                .map_err(|e| e.to_string())?;
            (browser, location)
        }
        [verb, authority, url] if verb == "cancel" => {
            let browser = Browser::new(authority).map_err(|e| e.to_string())?;
            let location = browser.cancel(url).await.map_err(|e| e.to_string())?;
            (browser, location)
        }
        _ => return Err(USAGE.to_owned()),
    };
    let (status, page) = browser.follow(&location).await.map_err(|e| e.to_string())?;
    Ok(serde_json::json!({ "location": location, "status": status, "page": page }).to_string())
}
