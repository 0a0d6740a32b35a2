#!/usr/bin/env bash
# Installs everything VRAA Desk needs on a fresh Debian/Ubuntu machine:
# system libraries for Tauri/WebKitGTK, the test tools (Xvfb, WebKitWebDriver,
# gnome-keyring for a real Secret Service), the UI's npm packages and tauri-driver.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev
  libdbus-1-dev pkg-config xvfb xauth webkit2gtk-driver imagemagick x11-apps dbus-x11
  gnome-keyring libsecret-tools
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm ci may reject a lock made on Linux (it lacks the other platforms' optional
# @tauri-apps/cli-* packages), so fall back to npm install.
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "setup: installing the UI's npm packages"
  (cd ui && { npm ci --no-audit --no-fund --loglevel=error 2>/dev/null || {
    echo "setup: npm ci refused the lock file (it lacks the non-Linux @tauri-apps/cli packages); running npm install"
    npm install --no-audit --no-fund --loglevel=error
  }; })
fi

# The OpenID Connect provider that plays Microsoft's sign-in for the e-mail channel's
# OAuth tests (tests/oidc, started by scripts/mail/start.sh with MAIL_OAUTH=1).
if [ ! -d tests/oidc/node_modules ] || [ tests/oidc/package-lock.json -nt tests/oidc/node_modules/.package-lock.json ]; then
  echo "setup: installing the test OpenID provider's npm packages"
  (cd tests/oidc && npm ci --no-audit --no-fund --loglevel=error)
fi

if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --locked --quiet
fi

# Real mail servers on loopback for the e-mail channel's tests (Dovecot, a relay).
bash scripts/mail/setup.sh
