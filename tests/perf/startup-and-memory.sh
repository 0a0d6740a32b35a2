#!/usr/bin/env bash
# Measures, for the release binary under Xvfb: time from process start to the UI
# reporting ready (from the app's own log) and resident memory after 10 s idle
# (the app process, and WebKit's web/network child processes separately).
# Usage: bash tests/perf/startup-and-memory.sh [runs]   (after scripts/package-deb.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
app=$(pwd)/target/release/vraa-desk
[ -x "$app" ] || { echo "build the release binary first: bash scripts/package-deb.sh" >&2; exit 1; }

measure_once() {
  local data; data=$(mktemp -d)
  VRAA_DESK_DATA_DIR="$data" NO_AT_BRIDGE=1 "$app" >/dev/null 2>&1 &
  local pid=$!
  sleep 10
  local rss_app rss_children=0 child
  rss_app=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  for child in $(pgrep -P "$pid" || true); do
    rss_children=$((rss_children + $(awk '/VmRSS/ {print $2}' /proc/$child/status)))
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local ready
  ready=$(grep -h '"UI ready"' "$data"/logs/*.log | sed -E 's/.*"start_to_ready_ms":([0-9]+).*/\1/')
  echo "start_to_ready_ms=$ready rss_app_kb=$rss_app rss_webkit_children_kb=$rss_children"
  rm -rf "$data"
}
# Each run gets its own X server; the script re-enters itself under xvfb-run
# (exported shell functions do not survive xvfb-run's /bin/sh).
if [ "${MEASURE_INSIDE_XVFB:-}" = 1 ]; then
  measure_once
  exit 0
fi
for _ in $(seq 1 "$runs"); do
  MEASURE_INSIDE_XVFB=1 xvfb-run -a -s "-screen 0 1280x800x24" bash "$0" 1
done
