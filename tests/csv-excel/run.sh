#!/usr/bin/env bash
# Opens the Requests CSV export in a real spreadsheet (LibreOffice Calc,
# headless) the way Latvian Excel reads it (`;`, UTF-8 with BOM), converts it
# to .xlsx and checks that no cell became a formula (OWASP CSV injection).
# A control file with an un-neutralised `=1+1` must become a formula, so the
# check is known to bite.
#
#   bash tests/csv-excel/run.sh
#
# Installs libreoffice-calc-nogui with apt-get when soffice is missing (about
# 88 MB download, 274 MB on disk; 17 s on the development machine).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if ! command -v soffice >/dev/null 2>&1; then
  echo "csv-excel: installing libreoffice-calc-nogui"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null
fi

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
VRAA_DESK_CSV_EXPORT="$work/pieteikumi.csv" \
  cargo test -q -p desk-app --test app export::cells_that_look_like_formulas_are_neutralised -- --exact >/dev/null
test -s "$work/pieteikumi.csv"
printf '\xef\xbb\xbfNumurs;Temats\r\nA;=1+1\r\n' >"$work/kontrole.csv"

# 59 = ';', 34 = '"', 76 = UTF-8, 1 = first line; formulas are evaluated (the default).
for f in pieteikumi kontrole; do
  HOME="$work" timeout 180 soffice --headless --norestore --infilter="CSV:59,34,76,1" \
    --convert-to xlsx --outdir "$work" "$work/$f.csv" >/dev/null 2>&1
  test -s "$work/$f.xlsx" || { echo "csv-excel: LibreOffice did not convert $f.csv"; exit 1; }
done

python3 - "$work" <<'PY'
import re, sys, zipfile
work = sys.argv[1]
def sheet(name):
    with zipfile.ZipFile(f"{work}/{name}.xlsx") as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
        strings = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in z.namelist() else ""
    return xml, strings
xml, _ = sheet("kontrole")
assert "<f" in xml, "control: LibreOffice did not read =1+1 as a formula, so the check would prove nothing"
xml, strings = sheet("pieteikumi")
formulas = re.findall(r"<f[ >][^<]*</f>", xml)
assert not formulas, f"cells became formulas: {formulas}"
texts = re.findall(r"<t[^>]*>([^<]*)</t>", strings)
unescape = lambda s: s.replace("&apos;", "'").replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
texts = [unescape(t) for t in texts]
for subject in ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0"]:
    assert "'" + subject in texts, f"{subject!r} is not shown as text: {texts}"
print(f"csv-excel: 1 passed, 0 failed ({len(texts)} text cells, no formula)")
PY
