#!/usr/bin/env bash
# Builds the per-machine MSI with wixl from packaging/windows/vraa-desk.wxs.
#   scripts/windows/msi.sh <folder with vraa-desk.exe and vraa-desk-cli.exe> <out.msi> [version]
# Name, version, UpgradeCode, identifier and publisher come from src-tauri/tauri.conf.json,
# the file Tauri's WiX build on the Windows runner reads too, so the two cannot drift.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin_dir=$1
out=$2
conf=src-tauri/tauri.conf.json
value() { python3 -c "import json,sys; c=json.load(open('$conf')); print(eval(sys.argv[1]))" "$1"; }
version=${3:-$(value "c['version']")}
name=$(value "c['productName']")
identifier=$(value "c['identifier']")
upgrade_code=$(value "c['bundle']['windows']['wix']['upgradeCode']")
publisher=$(value "c['bundle']['publisher']")
for exe in vraa-desk.exe vraa-desk-cli.exe; do
  [ -f "$bin_dir/$exe" ] || { echo "msi: $bin_dir/$exe is missing" >&2; exit 1; }
done
# wixl resolves file sources relative to the current folder and refuses absolute paths.
bin_dir=$(python3 -c 'import os,sys; print(os.path.relpath(sys.argv[1]))' "$bin_dir")
policy_fragment=packaging/windows/policy-values.wxs
wixl -a x64 -o "$out" \
  -D ProductName="$name" -D Version="$version" -D UpgradeCode="$upgrade_code" \
  -D Manufacturer="$publisher" -D BinDir="$bin_dir" -D IconFile=icons/icon.ico -D Wixl=1 \
  packaging/windows/vraa-desk.wxs "$policy_fragment"
# wixl has no <ShortcutProperty>: add the AppUserModelID row the Start menu shortcut needs
# for Windows to show the app's notifications under its name.
msibuild "$out" -q "CREATE TABLE \`MsiShortcutProperty\` (\`MsiShortcutProperty\` CHAR(72) NOT NULL, \`Shortcut_\` CHAR(72) NOT NULL, \`PropertyKey\` CHAR(0) NOT NULL, \`PropVariantValue\` CHAR(0) NOT NULL, \`Sequence\` SHORT PRIMARY KEY \`MsiShortcutProperty\`)"
msibuild "$out" -q "INSERT INTO \`MsiShortcutProperty\` (\`MsiShortcutProperty\`, \`Shortcut_\`, \`PropertyKey\`, \`PropVariantValue\`) VALUES ('AppUserModelID', 'AppShortcut', 'System.AppUserModel.ID', '$identifier')"
# Each policy value's component is installed only when its property is set. wixl refuses
# <Condition> inside <Component>, so the conditions the fragment gives WiX (its
# <Condition>PROPERTY</Condition> lines) are set in the Component table here.
conditions=$(python3 - "$policy_fragment" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
pairs = re.findall(r'<Component Id="(\w+)"[^>]*>\s*<\?ifndef var\.Wixl\?><Condition>(\w+)</Condition>', text)
if not pairs:
    sys.exit("msi: no component conditions found in " + sys.argv[1])
for component, prop in pairs:
    print(f"{component} {prop}")
PY
)
while read -r component property; do
  msibuild "$out" -q "UPDATE \`Component\` SET \`Condition\` = '$property' WHERE \`Component\` = '$component'"
done <<<"$conditions"
# wixl writes neither the package language (Template) nor the database codepage it was
# given: set Latvian (1062) and Windows-1257 here, as Tauri's lv-LV MSI has them.
msibuild "$out" -s "$name $version" "$publisher" "x64;1062"
idt_dir=$(mktemp -d)
printf '\r\n\r\n1257\t_ForceCodepage\r\n' >"$idt_dir/_ForceCodepage.idt"
msibuild "$out" -i "$idt_dir/_ForceCodepage.idt"
rm -rf "$idt_dir"
echo "msi: $out ($version)"
