//! "Connect to VRAA": address and token checked against `/v1/me` before
//! anything is saved; each kind of mistake names its field.

use desk_app::connection::check;
use desk_app::AppErrorCode;
use desk_core::settings::Settings;
use vraa_sandbox::Seed;

use crate::common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_address_and_token_are_checked_with_vraa() {
    let sandbox = sandbox(Seed::Empty).await;
    let url = sandbox.base_url();
    let settings = Settings::default();

    let (saved_url, _token, me) = check(&settings, &url, VVD_TOKEN).await.unwrap();
    assert_eq!(me.institution.name, "Valsts vides dienests");
    assert_eq!(me.person.name, "Jānis Kļaviņš");
    assert!(saved_url.starts_with("http://127.0.0.1:"), "{saved_url}");

    let cases = [
        (
            url.as_str(),
            "nav-tāda-pilnvara",
            AppErrorCode::Unauthorized,
            "token",
        ),
        (url.as_str(), "   ", AppErrorCode::EmptyToken, "token"),
        (
            "nav adrese",
            VVD_TOKEN,
            AppErrorCode::InvalidUrl,
            "serverUrl",
        ),
        (
            "http://vraa.example.lv",
            VVD_TOKEN,
            AppErrorCode::InsecureUrl,
            "serverUrl",
        ),
        (
            "ftp://vraa.example.lv",
            VVD_TOKEN,
            AppErrorCode::UnsupportedUrlScheme,
            "serverUrl",
        ),
    ];
    for (address, token, code, field) in cases {
        let error = check(&settings, address, token).await.unwrap_err();
        assert_eq!(error.code, code, "{address} {token}: {error:?}");
        assert_eq!(error.field.as_deref(), Some(field), "{error:?}");
        assert!(!error.lv.is_empty() && error.lv != error.en, "{error:?}");
    }
    sandbox.shutdown().await.unwrap();

    // Nobody answers on that address any more.
    let error = check(&settings, &url, VVD_TOKEN).await.unwrap_err();
    assert_eq!(error.code, AppErrorCode::Unreachable);
    assert_eq!(error.field.as_deref(), Some("serverUrl"));
}
