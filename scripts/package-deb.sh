#!/usr/bin/env bash
# Builds the release .deb (Linux) and records its size and the binary's size.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
(cd ui && npx tauri build --bundles deb)
deb=$(ls -t target/release/bundle/deb/*.deb | head -n 1)
bin=target/release/vraa-desk
mkdir -p target/measurements
{
  echo "deb: $deb $(stat -c %s "$deb") bytes"
  echo "binary: $bin $(stat -c %s "$bin") bytes"
} | tee target/measurements/package-sizes.txt
