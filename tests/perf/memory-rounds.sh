#!/usr/bin/env bash
# Private memory (RssAnon) of the release app and its WebKit processes over rounds of
# visiting every screen with the demo synced (issue 10, item 8: flat within 5 MB from
# round 5 to round 20, at most 150 MB). A measurement, not a test: its numbers go into
# docs/performance.md.
# Usage: bash tests/perf/memory-rounds.sh [rounds]   (after tests/e2e/run.sh or scripts/package-deb.sh)
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
inner='
set -euo pipefail
echo -n perf-keyring-pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null
tauri-driver --port 4444 >"$PERF_OUT_DIR/tauri-driver.log" 2>&1 &
driver=$!
trap "kill $driver 2>/dev/null || true" EXIT
for _ in $(seq 1 50); do
  curl -fs http://127.0.0.1:4444/status >/dev/null 2>&1 && break
  sleep 0.2
done
node tests/perf/memory-rounds.mjs
'
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c "$inner"
