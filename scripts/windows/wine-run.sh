#!/usr/bin/env bash
# Cargo's runner for x86_64-pc-windows-gnu: runs a Windows program under Wine.
# Rust's std imports ProcessPrng from bcryptprimitives.dll, which Wine 8 lacks;
# the shim built by scripts/windows/test.sh must sit next to each program.
set -euo pipefail
exe=$1
shift
dir=$(dirname "$exe")
shim=${VRAA_WINE_SHIM:?VRAA_WINE_SHIM is not set: run through scripts/windows/test.sh}
[ -f "$dir/bcryptprimitives.dll" ] || cp "$shim" "$dir/bcryptprimitives.dll"
exec /usr/lib/wine/wine64 "$exe" "$@"
