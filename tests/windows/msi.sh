#!/usr/bin/env bash
# The MSI's life under Wine, as an institution's IT runs it: its tables checked with
# msiinfo, then installed silently (msiexec /i /qn), the CLI started from the install
# folder, upgraded to a higher version (the old product removed, user data kept),
# repaired (REINSTALL=ALL, what msiexec /fa does) and removed (msiexec /x /qn: program files gone, the user's
# %APPDATA% data kept).
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

echo "msi test: silent install"
wine msiexec /i "$(winpath "$msi")" /qn || fail "msiexec /i /qn failed"
[ -f "$install_dir/vraa-desk.exe" ] || fail "vraa-desk.exe is not in Program Files"
[ -f "$install_dir/vraa-desk-cli.exe" ] || fail "vraa-desk-cli.exe is not in Program Files"
shortcut_in_start_menu || fail "no Start menu shortcut"
[ "$(installed_versions)" = "$version" ] || fail "installed versions: $(installed_versions)"
cli calendar days 2026-11-16 2026-11-20 --json | grep '"date"' >/dev/null || fail "the installed CLI does not answer"
cli outbox --json >/dev/null || fail "the installed CLI cannot open the user's database"
[ -f "$user_data/vraa-desk.sqlite3" ] || fail "no user database in %APPDATA%\\lv.vraa.desk"

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
/usr/lib/wine/wineserver -k || true
echo "msi test: passed ($(stat -c %s "$msi") bytes)"
