//! CI guard: every command the UI can call (the typed bindings of `src/ipc.rs`) is
//! declared in `build.rs` (so Tauri makes its permission) and granted to the window in
//! `capabilities/main-window.json`, and nothing else is. A command missing from either
//! is refused by Tauri's ACL at run time only, in the real window, which unit tests of
//! the UI cannot see.

use std::collections::BTreeSet;
use std::path::Path;

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `module::name,` lines of `collect_commands![…]`.
fn commands_in_bindings() -> BTreeSet<String> {
    let ipc = read("src/ipc.rs");
    let start = ipc
        .find("collect_commands![")
        .expect("collect_commands! in ipc.rs");
    let end = start + ipc[start..].find(']').expect("end of collect_commands!");
    ipc[start..end]
        .lines()
        .filter_map(|line| line.trim().strip_suffix(','))
        .filter_map(|path| path.rsplit_once("::").map(|(_, name)| name.to_owned()))
        .collect()
}

/// The quoted names of `const COMMANDS: &[&str] = &[…];`.
fn commands_in_build_script() -> BTreeSet<String> {
    let build = read("build.rs");
    let start = build.find("const COMMANDS").expect("COMMANDS in build.rs");
    let end = start + build[start..].find("];").expect("end of COMMANDS");
    build[start..end]
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The app's own `allow-…` permissions of the window, as command names.
fn commands_granted() -> BTreeSet<String> {
    let capability: serde_json::Value =
        serde_json::from_str(&read("capabilities/main-window.json")).expect("valid JSON");
    capability["permissions"]
        .as_array()
        .expect("a permissions list")
        .iter()
        .filter_map(|p| p.as_str())
        .filter(|p| !p.contains(':'))
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect()
}

#[test]
fn every_command_of_the_bindings_is_declared_and_granted_to_the_window() {
    let bindings = commands_in_bindings();
    assert!(bindings.len() > 40, "parsed {bindings:?}");
    assert_eq!(
        bindings,
        commands_in_build_script(),
        "src/ipc.rs and build.rs's COMMANDS differ"
    );
    assert_eq!(
        bindings,
        commands_granted(),
        "src/ipc.rs and capabilities/main-window.json differ"
    );
}
