#!/usr/bin/env bash
# Sets up the machine (first time only) and runs every check and test:
# formatting, lints, all Rust tests, the UI's type check, lint and unit tests,
# the CSV export opened in LibreOffice, the API contract checked by schemathesis
# against a live sandbox, the end-to-end test of the real app under
# Xvfb, and the Windows build with its tests run under Wine (scripts/windows/test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

# Each step says when it starts and how much disk is free, so that a CI log that stops
# short shows where and whether the disk was full (the builds take about 20 GB).
step() { printf '\n=== %s   [%s, %s free]\n' "$*" "$(date -u +%H:%M:%S)" "$(df -h --output=avail . | tail -n 1 | tr -d ' ')"; }

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust tests"
cargo test --workspace --locked

step "UI: type check and translations"
(cd ui && npm run check)
step "UI: lint"
(cd ui && npm run lint)
step "UI: unit tests"
(cd ui && npm test)

step "CSV export opened in a real spreadsheet (LibreOffice)"
bash tests/csv-excel/run.sh

step "Contract: schemathesis against a live sandbox (about 3 minutes)"
bash tests/contract/run.sh

step "End-to-end test of the real app"
bash tests/e2e/run.sh

step "Release workflow is valid (GitHub's workflow schema, check-jsonschema from PyPI)"
python3 -c "import check_jsonschema" 2>/dev/null || python3 -m pip install -q --disable-pip-version-check check-jsonschema
python3 -m check_jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml

step "Group Policy templates (ADMX/ADML): valid, complete in lv-LV and en-US, the values the app reads"
python3 tests/windows/admx_check.py

step "Windows: lint, tests under Wine, the Windows programs, the MSI"
bash scripts/windows/test.sh
