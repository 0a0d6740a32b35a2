#!/usr/bin/env bash
# Sets up the machine (first time only) and runs VRAA Desk with the built UI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
(cd ui && npm run build)
exec cargo run -p vraa-desk --features tauri/custom-protocol "$@"
