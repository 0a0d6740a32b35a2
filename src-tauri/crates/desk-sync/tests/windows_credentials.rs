//! The API token in Windows Credential Manager (keyring's Windows backend), and in
//! no file of the app's data folder. Windows only: in CI it runs as a Windows program
//! under Wine (scripts/windows/test.sh); on Linux the Secret Service is tested instead.
#![cfg(windows)]

use desk_store::{Store, DATABASE_FILE_NAME};
use desk_sync::credentials::{ApiToken, TokenStore};

#[test]
fn the_token_lives_in_credential_manager_and_in_no_data_file() {
    let account = format!("windows-test-{}", std::process::id());
    let secret = format!("vd-windows-token-{}-ĀČĒ", std::process::id());

    // A data folder under %APPDATA%, as the app has it, with a database in use.
    let appdata = std::env::var_os("APPDATA").expect("APPDATA is set on Windows");
    let data_dir = std::path::Path::new(&appdata).join(format!("lv.vraa.desk-test-{account}"));
    std::fs::create_dir_all(&data_dir).unwrap();
    let store = Store::open(&data_dir.join(DATABASE_FILE_NAME)).unwrap();
    let mut settings = store.settings().unwrap();
    settings.server_url = Some("https://pieteikumi.vraa.gov.lv".into());
    store.save_settings(&settings).unwrap();

    let token = ApiToken::new(&secret).unwrap();
    TokenStore::new(&account).unwrap().save(&token).unwrap();
    // A fresh slot reads it back: it is in Credential Manager, not in this process.
    let loaded = TokenStore::new(&account).unwrap().load().unwrap();
    assert_eq!(loaded.as_ref().map(ApiToken::expose), Some(secret.as_str()));
    drop(store);

    let utf16: Vec<u8> = secret.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let mut searched = 0;
    for entry in std::fs::read_dir(&data_dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        assert!(
            !contains(secret.as_bytes()) && !contains(&utf16),
            "the token is in plain text in {}",
            path.display()
        );
        searched += 1;
    }
    assert!(searched >= 1, "the database file was searched");

    TokenStore::new(&account).unwrap().delete().unwrap();
    assert!(TokenStore::new(&account).unwrap().load().unwrap().is_none());
    std::fs::remove_dir_all(&data_dir).unwrap();
}

/// A Microsoft sign-in's tokens are longer than Credential Manager keeps in one
/// entry (2,560 bytes): they are kept in parts and read back whole.
#[test]
fn a_secret_longer_than_one_credential_is_kept_in_parts() {
    let account = format!("windows-long-{}", std::process::id());
    let long: String = (0..4_000)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    let slot = TokenStore::new(&account).unwrap();
    slot.save(&ApiToken::new(&long).unwrap()).unwrap();
    let loaded = TokenStore::new(&account).unwrap().load().unwrap();
    assert_eq!(loaded.as_ref().map(ApiToken::expose), Some(long.as_str()));
    // Replaced by a short one, then removed: nothing of either is left.
    slot.save(&ApiToken::new("short").unwrap()).unwrap();
    assert_eq!(
        TokenStore::new(&account)
            .unwrap()
            .load()
            .unwrap()
            .map(|t| t.expose().to_owned()),
        Some("short".to_owned())
    );
    slot.delete().unwrap();
    assert!(TokenStore::new(&account).unwrap().load().unwrap().is_none());
}
