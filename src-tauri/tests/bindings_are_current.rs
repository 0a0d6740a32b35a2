//! CI guard: the committed TypeScript bindings must match the Rust commands.

#[test]
fn committed_bindings_match_the_rust_commands() {
    let committed_path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(vraa_desk_lib::ipc::BINDINGS_PATH);
    let dir = tempfile::tempdir().unwrap();
    let fresh_path = dir.path().join("bindings.ts");
    vraa_desk_lib::ipc::export(&fresh_path).unwrap();
    let fresh = std::fs::read_to_string(&fresh_path).unwrap();
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    assert!(
        fresh == committed,
        "ui/src/lib/bindings.ts is stale: run `cargo run -p vraa-desk --bin export-bindings` and commit it"
    );
}
