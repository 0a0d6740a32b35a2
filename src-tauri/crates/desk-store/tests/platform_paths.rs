//! Paths as Windows users have them. These run on Linux and, in CI, as Windows
//! programs under Wine (scripts/windows/test.sh), where they exercise the wide
//! (UTF-16) file APIs and the 260-character limit that only Windows has.

use desk_store::{Store, DATABASE_FILE_NAME};

/// `C:\Users\Jānis Bērziņš\AppData\Roaming\lv.vraa.desk\`: Latvian letters and a space
/// in the profile folder must not stop the database from opening or lose a write.
#[test]
fn a_profile_folder_with_latvian_letters_and_spaces_holds_the_database() {
    let root = tempfile::tempdir().unwrap();
    let dir = root
        .path()
        .join("Users")
        .join("Jānis Bērziņš")
        .join("AppData")
        .join("Roaming")
        .join("lv.vraa.desk");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(DATABASE_FILE_NAME);
    {
        let store = Store::open(&path).unwrap();
        let mut settings = store.settings().unwrap();
        settings.sync_interval_minutes = 17;
        store.save_settings(&settings).unwrap();
    }
    let reopened = Store::open(&path).unwrap();
    assert_eq!(reopened.settings().unwrap().sync_interval_minutes, 17);
    assert!(path.exists(), "the database is where the profile path says");
}

/// A data folder deeper than Windows' classic MAX_PATH (260 characters): the database
/// either works there or refuses with a clear open error — never a panic or a lost write.
#[test]
fn a_data_folder_longer_than_260_characters_works_or_says_why() {
    let root = tempfile::tempdir().unwrap();
    let mut dir = root.path().to_path_buf();
    while dir.as_os_str().len() < 300 {
        dir = dir.join("Valsts vides dienesta IT nodaļa");
    }
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(DATABASE_FILE_NAME);
    assert!(path.as_os_str().len() > 260);
    match Store::open(&path) {
        Ok(store) => {
            let mut settings = store.settings().unwrap();
            settings.sync_interval_minutes = 23;
            store.save_settings(&settings).unwrap();
            drop(store);
            let reopened = Store::open(&path).unwrap();
            assert_eq!(reopened.settings().unwrap().sync_interval_minutes, 23);
        }
        Err(error) => {
            // The refusal names the file, so the user (or IT) can act on it.
            let text = error.to_string();
            assert!(
                text.contains(DATABASE_FILE_NAME),
                "the open error names the file: {text}"
            );
        }
    }
}

/// Moving a damaged database aside while another handle holds it open: Windows refuses
/// to rename an open file, so there the move must fail whole (main file, `-wal` and
/// `-shm` all still in place, nothing lost) with a message that says why; elsewhere
/// the three files move together.
#[test]
fn moving_aside_while_another_handle_holds_the_file_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DATABASE_FILE_NAME);
    let store = Store::open(&path).unwrap();
    let mut settings = store.settings().unwrap();
    settings.sync_interval_minutes = 31;
    store.save_settings(&settings).unwrap();
    let wal = dir.path().join(format!("{DATABASE_FILE_NAME}-wal"));
    assert!(wal.exists(), "an open WAL database has its -wal file");

    let names = |dir: &std::path::Path| {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let before = names(dir.path());
    let result = desk_store::move_aside(&path);
    if cfg!(windows) {
        let error = result.expect_err("Windows must refuse to rename an open database");
        assert_eq!(names(dir.path()), before, "nothing was half-moved");
        let text = error.to_string();
        assert!(text.contains("nothing was moved") && text.contains("nekas netika pārvietots"));
        drop(store);
        let reopened = Store::open(&path).unwrap();
        assert_eq!(reopened.settings().unwrap().sync_interval_minutes, 31);
    } else {
        let moved = result.unwrap();
        let after = names(dir.path());
        assert!(!after.contains(&DATABASE_FILE_NAME.to_owned()));
        let moved_name = moved.file_name().unwrap().to_string_lossy().into_owned();
        for suffix in ["", "-wal", "-shm"] {
            let wanted = format!("{moved_name}{suffix}");
            assert!(
                after.contains(&wanted),
                "{wanted} moved with the rest: {after:?}"
            );
        }
    }
}
