#!/usr/bin/env bash
# Builds the release .deb (Linux) and records its size and the binary's size.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The Tauri CLI must run from the repository root (it looks for src-tauri below
# the current folder); it runs the UI build in ui/ itself.
ui/node_modules/.bin/tauri build --bundles deb
target_dir=${CARGO_TARGET_DIR:-target}
deb=$(ls -t "$target_dir"/release/bundle/deb/*.deb | head -n 1)
bin="$target_dir"/release/vraa-desk
mkdir -p target/measurements
{
  echo "deb: $deb $(stat -c %s "$deb") bytes"
  echo "binary: $bin $(stat -c %s "$bin") bytes"
} | tee target/measurements/package-sizes.txt
