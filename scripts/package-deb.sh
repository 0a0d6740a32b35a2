#!/usr/bin/env bash
# Builds the release .deb (Linux) and records its size and the binary's size.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
target_dir=${CARGO_TARGET_DIR:-target}

# The UI and the release binary are built exactly as tests/e2e/run.sh builds them, and
# only bundled here (`tauri bundle`). `tauri build` would run the UI build again, and the
# fresh ui/dist makes cargo compile and link the app once more (3–4 min of LTO in CI),
# although the e2e has just built the same binary.
ui_sources=(ui/src ui/public ui/index.html ui/package.json ui/package-lock.json ui/vite.config.ts ui/svelte.config.js)
if [ ! -f ui/dist/index.html ] || [ -n "$(find "${ui_sources[@]}" -newer ui/dist/index.html -print -quit)" ]; then
  (cd ui && npm run build)
fi
cargo build --release -p vraa-desk --features tauri/custom-protocol --locked
# The Tauri CLI must run from the repository root (it looks for src-tauri below
# the current folder).
ui/node_modules/.bin/tauri bundle --bundles deb

deb=$(ls -t "$target_dir"/release/bundle/deb/*.deb | head -n 1)
bin="$target_dir"/release/vraa-desk
mkdir -p target/measurements
{
  echo "deb: $deb $(stat -c %s "$deb") bytes"
  echo "binary: $bin $(stat -c %s "$bin") bytes"
} | tee target/measurements/package-sizes.txt
