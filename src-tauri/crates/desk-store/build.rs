//! Embeds every `migrations/NNNN_name.sql` in version order, so a new
//! migration is a new file and nothing else (no list kept by hand).

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("migrations");
    println!("cargo:rerun-if-changed=migrations");
    let mut found: Vec<(i64, String)> = Vec::new();
    let entries = std::fs::read_dir(dir).expect("desk-store/migrations/ must exist");
    for entry in entries {
        let path = entry.expect("a readable migrations folder").path();
        if path.extension().and_then(|e| e.to_str()) != Some("sql") {
            continue;
        }
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a UTF-8 migration file name")
            .to_owned();
        let version: i64 = name
            .split('_')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| {
                panic!("migration {name}: the name must start with its number, e.g. 0005_name.sql")
            });
        found.push((version, name));
    }
    found.sort();
    for (index, (version, name)) in found.iter().enumerate() {
        // Versions are SQLite's user_version: 1, 2, 3… with no gap or repeat.
        assert_eq!(
            *version,
            index as i64 + 1,
            "migration {name}: expected number {:04} (no gaps, no repeats)",
            index + 1
        );
    }
    let mut code = String::from("&[\n");
    for (version, name) in &found {
        let file = std::fs::canonicalize(dir.join(format!("{name}.sql")))
            .expect("the migration file resolves");
        writeln!(
            code,
            "    Migration {{ version: {version}, name: {name:?}, sql: include_str!({:?}) }},",
            file.display().to_string()
        )
        .expect("writing to a String");
    }
    code.push(']');
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("migrations.rs"), code).expect("OUT_DIR is writable");
}
