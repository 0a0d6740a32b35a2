//! Regenerates `ui/src/lib/bindings.ts` from the Rust commands.
fn main() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(vraa_desk_lib::ipc::BINDINGS_PATH);
    if let Err(error) = vraa_desk_lib::ipc::export(&path) {
        eprintln!("export of the TypeScript bindings failed: {error}");
        std::process::exit(1);
    }
    println!("wrote {}", path.display());
}
