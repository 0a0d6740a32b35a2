#!/usr/bin/env bash
# Windows as a platform of the test suite, from Linux (../shared/notes/windows-on-linux.md):
# - lints the whole workspace for x86_64-pc-windows-gnu (cfg(windows) code included),
# - builds the Tauri-free crates' test suites as Windows programs and runs them under Wine
#   (sandboxes that a test starts run under Wine too: they are Windows programs as well),
# - builds the Windows programs: the app (vraa-desk.exe), the CLI and the sandbox,
#   builds the MSI with wixl and installs, upgrades, repairs and removes it under Wine
#   (tests/windows/msi.sh), and records the sizes in target/measurements/windows-sizes.txt.
# Called by scripts/test.sh; safe to run alone. Installs what it needs (first time only).
set -euo pipefail
cd "$(dirname "$0")/../.."

TARGET=x86_64-pc-windows-gnu
step() { printf '\n=== windows: %s   [%s, %s free]\n' "$*" "$(date -u +%H:%M:%S)" "$(df -h --output=avail . | tail -n 1 | tr -d ' ')"; }
started=$(date +%s)

APT_PACKAGES=(gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 wine64 wine msitools wixl)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "windows: installing system packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
rustup target list --installed | grep -qx "$TARGET" || rustup target add "$TARGET"

# Say exactly what is missing rather than failing later with a confusing message.
for tool in x86_64-w64-mingw32-gcc /usr/lib/wine/wine64 wixl msiinfo; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "windows: $tool is missing after the install step (packages: ${APT_PACKAGES[*]})" >&2
    exit 1
  }
done

# A target dir of its own, so the Linux build is never rebuilt for Windows or back.
export CARGO_TARGET_DIR=${VRAA_WINDOWS_TARGET_DIR:-$PWD/target/windows}
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=$PWD/scripts/windows/wine-run.sh
export WINEPREFIX=$CARGO_TARGET_DIR/wineprefix
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="   # no Mono/Gecko install dialogs in a fresh prefix
mkdir -p "$CARGO_TARGET_DIR"

export VRAA_WINE_SHIM=$CARGO_TARGET_DIR/bcryptprimitives.dll
if [ ! -f "$VRAA_WINE_SHIM" ] || [ scripts/windows/bcryptprimitives-shim.c -nt "$VRAA_WINE_SHIM" ]; then
  x86_64-w64-mingw32-gcc -shared -O2 -o "$VRAA_WINE_SHIM" scripts/windows/bcryptprimitives-shim.c -lbcrypt
fi
[ -f "$VRAA_WINE_SHIM" ] || { echo "windows: the bcryptprimitives shim was not built" >&2; exit 1; }

step "Group Policy templates (ADMX/ADML)"
# Also in scripts/test.sh; here too so that this script alone checks everything Windows ships.
python3 tests/windows/admx_check.py

step "cargo clippy --target $TARGET"
cargo clippy --target "$TARGET" --workspace --all-targets --locked -- -D warnings

if [ ! -f "$WINEPREFIX/system.reg" ]; then
  step "creating the Wine prefix"
  /usr/lib/wine/wine64 wineboot --init >/dev/null 2>&1 || true
  /usr/lib/wine/wineserver -w || true
fi

# One wineserver for the whole run (-p: persistent). Without it each test program starts or
# meets a wineserver that is just exiting, and a client that connects in that moment dies with
# "recvmsg: Connection reset by peer" (seen here).
/usr/lib/wine/wineserver -k 2>/dev/null || true
/usr/lib/wine/wineserver -p </dev/null >/dev/null 2>&1
# Never leave it behind, pass or fail: a CI job would wait for it.
trap '/usr/lib/wine/wineserver -k 2>/dev/null || true' EXIT

# The Tauri-free crates and the sync suite; the shell (vraa-desk) needs WebView2, which
# Wine does not run, so it is built (below) but its tests run on Linux only.
# Not run under Wine, and why (each is marked #[cfg(unix)] where it stands):
# - vraa-sandbox seed_staff::cli_serves_and_shuts_down_gracefully_on_ctrl_c sends SIGINT
#   with `kill -INT`; Windows has no signal to send to another process's console.
CRATES=(-p desk-core -p desk-store -p desk-sync -p desk-mail -p desk-oauth -p desk-app -p desk-cli -p vraa-sandbox -p sync-tests)
step "Rust tests as Windows programs under Wine"
# Test programs start the sandbox and the CLI from debug/: the shim must be there too.
mkdir -p "$CARGO_TARGET_DIR/$TARGET/debug/deps"
cp "$VRAA_WINE_SHIM" "$CARGO_TARGET_DIR/$TARGET/debug/"
cargo test --target "$TARGET" --locked --no-fail-fast "${CRATES[@]}"

step "Windows programs: vraa-desk.exe (UI inside), vraa-desk-cli.exe, vraa-sandbox.exe"
# A debug build with the built UI embedded (custom-protocol), as the MSI carries it; the
# release build with LTO is the Windows runner's (.github/workflows/release.yml).
if [ ! -f ui/dist/index.html ]; then
  [ -d ui/node_modules ] || bash scripts/setup.sh
  (cd ui && npm run build)
fi
cargo build --target "$TARGET" --locked -p vraa-desk --features tauri/custom-protocol
cargo build --target "$TARGET" --locked -p desk-cli -p vraa-sandbox
out=$CARGO_TARGET_DIR/$TARGET/debug
"$CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER" "$out/vraa-desk-cli.exe" calendar days 2026-11-16 2026-11-20 --json >/dev/null

step "MSI (wixl): tables, silent install, upgrade, repair, removal under Wine"
bash tests/windows/msi.sh "$out"

mkdir -p target/measurements
{
  for exe in vraa-desk.exe vraa-desk-cli.exe vraa-sandbox.exe; do
    echo "$exe (debug): $(stat -c %s "$out/$exe") bytes"
  done
  echo "MSI (debug programs): $(stat -c %s "$CARGO_TARGET_DIR/msi-test/"VRAA-Desk-*.msi | head -n 1) bytes"
  echo "windows part of CI: $(($(date +%s) - started)) s"
} | tee target/measurements/windows-sizes.txt
/usr/lib/wine/wineserver -k || true
