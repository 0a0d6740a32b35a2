#!/usr/bin/env bash
# Private memory (RssAnon) of the release app and its WebKit processes over rounds of
# visiting every screen with the demo synced (issue 10, item 8: flat within 5 MB from
# round 5 to round 20, at most 150 MB). A measurement, not a test: its numbers go into
# docs/performance.md.
# Usage: bash tests/perf/memory-rounds.sh [rounds]   (after tests/e2e/run.sh or scripts/package-deb.sh)
#        PERF_SERVER=sandbox bash tests/perf/memory-rounds.sh [rounds]
#          connects to a separate vraa-sandbox (demo data, no simulated staff) instead of the
#          in-process demo, to tell the app's own growth from the demo server's.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
target_dir="${CARGO_TARGET_DIR:-$root/target}"
export PERF_APP="$target_dir/release/vraa-desk"
[ -x "$PERF_APP" ] || { echo "build the release binary first: bash scripts/package-deb.sh" >&2; exit 1; }
export PERF_ROUNDS="${1:-20}"
export PERF_OUT_DIR="$root/target/perf"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export VRAA_DESK_DATA_DIR="$work/data" HOME="$work/home" NO_AT_BRIDGE=1
mkdir -p "$HOME" "$PERF_OUT_DIR"
source tests/e2e/driver.sh
choose_driver_ports
if [ "${PERF_SERVER:-demo}" = sandbox ]; then
  sandbox_bin="$target_dir/debug/vraa-sandbox"
  [ -x "$sandbox_bin" ] || cargo build -p vraa-sandbox --locked
  sandbox_addr="127.0.0.1:$(free_port)"
  "$sandbox_bin" --addr "$sandbox_addr" --db "$work/sandbox.sqlite3" --seed demo --rate-limit 0 \
    >"$PERF_OUT_DIR/sandbox.log" 2>&1 &
  sandbox_pid=$!
  trap 'kill $sandbox_pid 2>/dev/null || true; rm -rf "$work"' EXIT
  export PERF_SANDBOX_URL="http://$sandbox_addr"
  for _ in $(seq 1 300); do
    curl -fs "$PERF_SANDBOX_URL/v1/openapi.json" >/dev/null 2>&1 && break
    sleep 0.2
  done
fi
inner='
set -euo pipefail
echo -n perf-keyring-pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null
source tests/e2e/driver.sh
start_driver "$PERF_OUT_DIR/tauri-driver.log"
trap "kill $driver 2>/dev/null || true" EXIT
node tests/perf/memory-rounds.mjs
'
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c "$inner"
