#!/usr/bin/env bash
# Sets up the machine (first time only) and runs VRAA Desk with the built UI.
# On the first start the app offers "Connect to VRAA" (server + API token) or
# "Try the demo", which runs the bundled VRAA sandbox (a real local VRAA API
# with demo data) inside the app on a free loopback port.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
(cd ui && npm run build)
cargo build -p vraa-desk --features tauri/custom-protocol
bin_dir="${CARGO_TARGET_DIR:-target}/debug"
cat <<MSG
run: VRAA Desk starts. With no VRAA server configured it opens on "Izmēģināt demo" /
     "Try the demo" (the bundled sandbox, demo data, nothing leaves this computer).
MSG
"$bin_dir/vraa-desk" "$@"
