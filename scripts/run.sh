#!/usr/bin/env bash
# Sets up the machine (first time only) and runs VRAA Desk with the built UI,
# next to the bundled VRAA sandbox (a real local VRAA API with demo data) so the
# app has a server to talk to when no real VRAA server is configured.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
(cd ui && npm run build)
cargo build -p vraa-sandbox
cargo build -p vraa-desk --features tauri/custom-protocol
bin_dir="${CARGO_TARGET_DIR:-target}/debug"

sandbox_addr=${VRAA_SANDBOX_ADDR:-127.0.0.1:8787}
sandbox_pid=""
if curl -fs "http://$sandbox_addr/v1/openapi.json" >/dev/null 2>&1; then
  echo "run: a VRAA API already answers at http://$sandbox_addr"
else
  "$bin_dir/vraa-sandbox" --addr "$sandbox_addr" --seed demo --staff-speed 60 \
    >"${TMPDIR:-/tmp}/vraa-sandbox.log" 2>&1 &
  sandbox_pid=$!
  trap '[ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null || true' EXIT
fi
cat <<MSG
run: the bundled VRAA sandbox (demo data) is at http://$sandbox_addr
     To try it: Settings → VRAA server http://$sandbox_addr, API token demo-vvd-contact-7f3a90
     (Valsts vides dienests; more demo tokens in docs/api/README.md).
MSG
"$bin_dir/vraa-desk" "$@"
