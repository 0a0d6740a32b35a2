//! The API token in Windows Credential Manager (keyring's Windows backend), and in
//! no file of the user's profile. Windows only: in CI it runs as a Windows program
//! under Wine (scripts/windows/test.sh); on Linux the Secret Service is tested instead.
#![cfg(windows)]

use desk_sync::credentials::{ApiToken, TokenStore};

fn files_under(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => files_under(&path, found),
            Ok(kind) if kind.is_file() => found.push(path),
            _ => {}
        }
    }
}

#[test]
fn the_token_lives_in_credential_manager_and_in_no_appdata_file() {
    let account = format!("windows-test-{}", std::process::id());
    let secret = format!("vd-windows-token-{}-ĀČĒ", std::process::id());
    let token = ApiToken::new(&secret).unwrap();
    TokenStore::new(&account).unwrap().save(&token).unwrap();

    // A fresh slot reads it back: it is in Credential Manager, not in this process.
    let loaded = TokenStore::new(&account).unwrap().load().unwrap();
    assert_eq!(loaded.as_ref().map(ApiToken::expose), Some(secret.as_str()));

    // Where an app's files live (Roaming and Local AppData). Not the whole profile: under
    // Wine its Documents/Desktop are links into the Linux home folder.
    let mut files = Vec::new();
    for folder in ["APPDATA", "LOCALAPPDATA"] {
        let dir = std::env::var_os(folder).expect("APPDATA and LOCALAPPDATA are set on Windows");
        files_under(std::path::Path::new(&dir), &mut files);
    }
    let utf16: Vec<u8> = secret.encode_utf16().flat_map(u16::to_le_bytes).collect();
    for file in &files {
        let Ok(bytes) = std::fs::read(file) else {
            continue;
        };
        let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        assert!(
            !contains(secret.as_bytes()) && !contains(&utf16),
            "the token is in plain text in {}",
            file.display()
        );
    }

    TokenStore::new(&account).unwrap().delete().unwrap();
    assert!(TokenStore::new(&account).unwrap().load().unwrap().is_none());
}
