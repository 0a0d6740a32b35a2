#!/usr/bin/env bash
# The MSI's life under Wine, as an institution's IT runs it: its tables checked with
# msiinfo, then installed silently (msiexec /i /qn), the CLI started from the install
# folder, upgraded to a higher version (the old product removed, user data kept),
# repaired (REINSTALL=ALL, what msiexec /fa does) and removed (msiexec /x /qn: program files gone, the user's
# %APPDATA% data and the token in Credential Manager kept). The first install takes policy
# values as properties (SERVERURL=… DEMO=0), which must land in HKLM\SOFTWARE\Policies\VRAA Desk
# and be applied and locked by the installed CLI; per-user policy (reg add HKCU\…) too.
#   tests/windows/msi.sh <folder with vraa-desk.exe and vraa-desk-cli.exe>
# Run by scripts/windows/test.sh, which sets WINEPREFIX-independent variables.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin_dir=$1
work=${CARGO_TARGET_DIR:-target/windows}/msi-test
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)

fail() { echo "msi test: $*" >&2; exit 1; }
wine() { /usr/lib/wine/wine64 "$@"; }
winpath() { echo "Z:${1//\//\\}"; }

version=$(python3 -c "import json; print(json.load(open('src-tauri/tauri.conf.json'))['version'])")
upgrade_code=$(python3 -c "import json; print(json.load(open('src-tauri/tauri.conf.json'))['bundle']['windows']['wix']['upgradeCode'])")
next_version=$(python3 -c "import sys; a=sys.argv[1].split('.'); a[-1]=str(int(a[-1])+1); print('.'.join(a))" "$version")

bash scripts/windows/msi.sh "$bin_dir" "$work/VRAA-Desk-$version.msi" "$version"
bash scripts/windows/msi.sh "$bin_dir" "$work/VRAA-Desk-$next_version.msi" "$next_version"
msi=$work/VRAA-Desk-$version.msi
next_msi=$work/VRAA-Desk-$next_version.msi

echo "msi test: tables"
property() { msiinfo export "$1" Property | tr -d '\r' | awk -F'\t' -v k="$2" '$1 == k { print $2 }'; }
[ "$(property "$msi" ALLUSERS)" = 1 ] || fail "ALLUSERS is not 1 (per-machine)"
[ "$(property "$msi" ProductVersion)" = "$version" ] || fail "ProductVersion is not $version"
[ "$(property "$msi" ProductLanguage)" = 1062 ] || fail "ProductLanguage is not Latvian (1062)"
[ "$(property "$msi" UpgradeCode)" = "{$upgrade_code}" ] || fail "UpgradeCode is not tauri.conf.json's {$upgrade_code}"
[ "$(property "$next_msi" UpgradeCode)" = "{$upgrade_code}" ] || fail "the next version's UpgradeCode changed"
# grep reads all its input (no -q): with pipefail, an early exit would fail msiinfo with SIGPIPE.
[ "$(property "$msi" ProductCode)" != "$(property "$next_msi" ProductCode)" ] || fail "two versions share a ProductCode"
msiinfo suminfo "$msi" | grep '^Template: x64;1062$' >/dev/null || fail "the package is not x64/Latvian"
msiinfo export "$msi" _ForceCodepage | grep '^1257' >/dev/null || fail "the database codepage is not 1257"
msiinfo export "$msi" MsiShortcutProperty | tr -d "\r" | grep "$(printf 'AppShortcut\tSystem.AppUserModel.ID\tlv.vraa.desk')" >/dev/null \
  || fail "the shortcut has no AppUserModelID"
msiinfo export "$msi" Upgrade | grep "{$upgrade_code}" >/dev/null || fail "no Upgrade row: a new version would not replace the old"

export WINEPREFIX=$work/prefix
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="
wine wineboot --init >/dev/null 2>&1 || true
/usr/lib/wine/wineserver -w || true
# One wineserver for the whole test (see scripts/windows/test.sh), never left behind.
/usr/lib/wine/wineserver -p </dev/null >/dev/null 2>&1
trap '/usr/lib/wine/wineserver -k 2>/dev/null || true' EXIT

drive_c=$WINEPREFIX/drive_c
install_dir="$drive_c/Program Files/VRAA Desk"
user_name=$(ls "$drive_c/users" | grep -v -x Public | head -n 1)
# Windows puts a per-machine shortcut in ProgramData's Start menu; Wine 8 resolves
# ProgramMenuFolder to the installing user's even with ALLUSERS=1. Either is the shortcut.
shortcut_in_start_menu() {
  [ -f "$drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/VRAA Desk.lnk" ] \
    || [ -f "$drive_c/users/$user_name/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/VRAA Desk.lnk" ]
}
user_data="$drive_c/users/$user_name/AppData/Roaming/lv.vraa.desk"

installed_versions() {
  wine reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s 2>/dev/null \
    | tr -d '\r' | awk '/DisplayName/ && /VRAA Desk/ { found = 1 } found && /DisplayVersion/ { print $NF; found = 0 }'
}
# Wine lacks ProcessPrng (see scripts/windows/bcryptprimitives-shim.c): the test puts the
# shim beside the installed CLI. It is not part of the MSI; real Windows needs none.
cli() {
  cp "$VRAA_WINE_SHIM" "$install_dir/"
  wine "$install_dir/vraa-desk-cli.exe" "$@"
}

echo "msi test: silent install with policy properties"
wine msiexec /i "$(winpath "$msi")" /qn SERVERURL=https://vraa.example.lv DEMO=0 || fail "msiexec /i /qn failed"
[ -f "$install_dir/vraa-desk.exe" ] || fail "vraa-desk.exe is not in Program Files"
[ -f "$install_dir/vraa-desk-cli.exe" ] || fail "vraa-desk-cli.exe is not in Program Files"
shortcut_in_start_menu || fail "no Start menu shortcut"
[ "$(installed_versions)" = "$version" ] || fail "installed versions: $(installed_versions)"
cli calendar days 2026-11-16 2026-11-20 --json | grep '"date"' >/dev/null || fail "the installed CLI does not answer"
cli outbox --json >/dev/null || fail "the installed CLI cannot open the user's database"
[ -f "$user_data/vraa-desk.sqlite3" ] || fail "no user database in %APPDATA%\\lv.vraa.desk"

echo "msi test: machine policy from the MSI's properties"
policy_key='HKLM\SOFTWARE\Policies\VRAA Desk'
user_policy_key='HKCU\SOFTWARE\Policies\VRAA Desk'
machine_policy=$(wine reg query "$policy_key" | tr -d '\r') || fail "$policy_key was not created by the install"
grep -E '^ +ServerUrl +REG_SZ +https://vraa.example.lv$' <<<"$machine_policy" >/dev/null || fail "SERVERURL is not in $policy_key: $machine_policy"
grep -E '^ +DemoAllowed +REG_DWORD +0x0$' <<<"$machine_policy" >/dev/null || fail "DEMO=0 is not a DWORD 0 in $policy_key: $machine_policy"
! grep -E 'SyncIntervalMinutes|Proxy' <<<"$machine_policy" >/dev/null || fail "a property that was not given was written: $machine_policy"
locked='[Iestatījis jūsu iestādes IT / Set by your organisation]'
shown=$(cli policy show | tr -d '\r')
grep -F "serverUrl = https://vraa.example.lv  $locked" <<<"$shown" >/dev/null || fail "the CLI does not show the server locked by policy: $shown"
grep -F 'Demo: izslēgts / turned off' <<<"$shown" >/dev/null || fail "the CLI does not show the demo turned off: $shown"

echo "msi test: per-user policy (reg add HKCU), machine wins, a bad value is a warning"
wine reg add "$user_policy_key" /v SyncIntervalMinutes /t REG_DWORD /d 30 /f >/dev/null || fail "reg add HKCU failed"
wine reg add "$user_policy_key" /v ServerUrl /t REG_SZ /d https://user.example.lv /f >/dev/null || fail "reg add HKCU failed"
wine reg add "$user_policy_key" /v Proxy /t REG_SZ /d 'nav starpniekserveris' /f >/dev/null || fail "reg add HKCU failed"
shown=$(cli policy show | tr -d '\r') || fail "the CLI stopped working with a bad policy value"
grep -F "syncIntervalMinutes = 30  $locked" <<<"$shown" >/dev/null || fail "the HKCU value is not applied and locked: $shown"
grep -F "serverUrl = https://vraa.example.lv  $locked" <<<"$shown" >/dev/null || fail "HKCU won over HKLM: $shown"
grep -F 'The organisation policy value Proxy is ignored' <<<"$shown" >/dev/null || fail "no warning for the invalid Proxy: $shown"
cli outbox --json >/dev/null || fail "the CLI does not keep working with an invalid policy value"
# The rest of the run (login against a sandbox on loopback) needs a server the user may choose.
wine reg delete "$user_policy_key" /f >/dev/null || fail "reg delete HKCU failed"
wine reg delete "$policy_key" /f >/dev/null || fail "reg delete HKLM failed"

echo "msi test: the installed CLI stores a token in Credential Manager"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
wine "$bin_dir/vraa-sandbox.exe" --addr "127.0.0.1:$port" --seed empty >"$work/sandbox.log" 2>&1 &
sandbox_pid=$!
trap 'kill $sandbox_pid 2>/dev/null || true; /usr/lib/wine/wineserver -k 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null && break
  sleep 0.5
done
VRAA_DESK_TOKEN=demo-vvd-contact-7f3a90 cli login --server "http://127.0.0.1:$port" >/dev/null \
  || fail "the installed CLI could not log in (sandbox log: $(cat "$work/sandbox.log"))"

echo "msi test: upgrade to $next_version"
wine msiexec /i "$(winpath "$next_msi")" /qn || fail "the upgrade failed"
[ "$(installed_versions)" = "$next_version" ] || fail "after the upgrade, installed: $(installed_versions)"
[ -f "$user_data/vraa-desk.sqlite3" ] || fail "the upgrade lost the user's database"
cli outbox --json >/dev/null || fail "the CLI does not start after the upgrade"

echo "msi test: repair"
rm -f "$install_dir/vraa-desk-cli.exe"
# `msiexec /fa` is REINSTALL=ALL with REINSTALLMODE=amus; Wine 8's msiexec answers /fa
# with an error (69), so the test asks for the same reinstall by its properties.
wine msiexec /i "$(winpath "$next_msi")" /qn REINSTALL=ALL REINSTALLMODE=amus || fail "the repair failed"
[ -f "$install_dir/vraa-desk-cli.exe" ] || fail "the repair did not restore vraa-desk-cli.exe"

echo "msi test: silent removal"
wine msiexec /x "$(winpath "$next_msi")" /qn || fail "msiexec /x /qn failed"
[ ! -f "$install_dir/vraa-desk.exe" ] && [ ! -f "$install_dir/vraa-desk-cli.exe" ] || fail "program files are left after removal"
! shortcut_in_start_menu || fail "the shortcut is left after removal"
[ -z "$(installed_versions)" ] || fail "still listed as installed: $(installed_versions)"
[ -f "$user_data/vraa-desk.sqlite3" ] || fail "removal deleted the user's data"
# The token is the user's, in Credential Manager: a copy of the CLI (the installed one is
# gone) still finds it and syncs without VRAA_DESK_TOKEN.
mkdir -p "$work/cli-copy"
cp "$bin_dir/vraa-desk-cli.exe" "$VRAA_WINE_SHIM" "$work/cli-copy/"
env -u VRAA_DESK_TOKEN /usr/lib/wine/wine64 "$work/cli-copy/vraa-desk-cli.exe" sync --server "http://127.0.0.1:$port" >/dev/null \
  || fail "after removal, the token in Credential Manager is gone (or sync failed)"
kill $sandbox_pid 2>/dev/null || true
/usr/lib/wine/wineserver -k || true
echo "msi test: passed ($(stat -c %s "$msi") bytes)"
