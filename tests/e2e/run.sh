#!/usr/bin/env bash
# End-to-end test of the real VRAA Desk binary: built with the UI inside, run
# under Xvfb in its own D-Bus session with an unlocked gnome-keyring (a real
# Secret Service), driven through tauri-driver + WebKitWebDriver, against a real
# vraa-sandbox that the test stops and starts. Desktop notifications are
# recorded with dbus-monitor (org.freedesktop.Notifications).
# E2E_ONLY=PATTERN runs only the tests whose names match (node --test-name-pattern).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

(cd ui && npm run build)
# The release build, as users get it: the speed numbers the test records mean something,
# and `scripts/package-deb.sh` only bundles this compilation afterwards (`tauri bundle`).
cargo build --release -p vraa-desk --features tauri/custom-protocol --locked
cargo build -p vraa-sandbox -p mail-servers --bins --locked
target_dir="${CARGO_TARGET_DIR:-$root/target}"

work=$(mktemp -d)
# The mail servers' own processes (the dovecot user) must reach $work/mail.
chmod 0755 "$work"
trap '[ ! -d "$work/mail" ] || bash scripts/mail/stop.sh "$work/mail" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
export E2E_APP="$target_dir/release/vraa-desk"
export E2E_SANDBOX_BIN="$target_dir/debug/vraa-sandbox"
export E2E_SANDBOX_DB="$work/sandbox.sqlite3"
export E2E_DATA_DIR="$work/data"
export E2E_OUT_DIR="$root/target/e2e"
export E2E_NOTIFICATIONS_LOG="$E2E_OUT_DIR/notifications.log"
export E2E_OIDC_BROWSER="$target_dir/debug/oidc-browser"
export E2E_MAIL_DIR="$work/mail"
export E2E_OPENED_LOG="$E2E_OUT_DIR/opened-urls.log"
source tests/e2e/driver.sh
choose_driver_ports
mkdir -p "$work/bin"
cat >"$work/bin/xdg-open" <<'OPENER'
#!/bin/sh
# The system browser, as far as the app can tell: takes the page and returns at once.
printf '%s\n' "$1" >>"$E2E_OPENED_LOG"
OPENER
chmod +x "$work/bin/xdg-open"
export PATH="$work/bin:$PATH"
export VRAA_DESK_DATA_DIR="$E2E_DATA_DIR"
export NO_AT_BRIDGE=1
# A private HOME keeps the keyring and WebKit caches of this run apart from the user's.
export HOME="$work/home"
mkdir -p "$HOME" "$E2E_OUT_DIR"
rm -f "$E2E_OUT_DIR"/*.png "$E2E_NOTIFICATIONS_LOG" "$E2E_OPENED_LOG"

inner='
set -euo pipefail
echo -n e2e-keyring-pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null
dbus-monitor --session "interface=org.freedesktop.Notifications" >"$E2E_NOTIFICATIONS_LOG" 2>&1 &
monitor=$!
source tests/e2e/driver.sh
start_driver "$E2E_OUT_DIR/tauri-driver.log"
trap "kill $driver $monitor 2>/dev/null || true" EXIT
timeout 1200 node --test --test-reporter=spec ${E2E_ONLY:+--test-name-pattern="$E2E_ONLY"} tests/e2e/app.e2e.test.mjs
'
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c "$inner"
