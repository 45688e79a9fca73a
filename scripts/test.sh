#!/bin/sh
# README command 2: installs what is missing, then builds and runs the whole
# test suite: the default build, the same suite under ASan+UBSan, the clang
# static analyzer (scripts/scan-build.sh), then every fuzz target for
# FUZZ_SECONDS (default 30) under libFuzzer + ASan + UBSan.
# Any failure stops the run with a non-zero exit.
set -eu
cd "$(dirname "$0")/.."
scripts/setup-deps.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT
total=0
for preset in default asan; do
    echo "== $preset: configure, build, test"
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" >/dev/null
    # (sh has no pipefail: the verdict is read from ctest's own summary.)
    ctest --preset "$preset" | tee "$log"
    if ! grep -q "100% tests passed, 0 tests failed" "$log"; then
        echo "ctest failed in the $preset build" >&2
        exit 1
    fi
    n=$(sed -n 's/.*tests passed, 0 tests failed out of \([0-9][0-9]*\).*/\1/p' "$log")
    total=$((total + ${n:-0}))
done
echo "== clang static analyzer (scan-build): any report fails"
scripts/scan-build.sh
echo "== fuzz smoke: every target ${FUZZ_SECONDS:-30}s under libFuzzer + ASan + UBSan"
scripts/fuzz-smoke.sh
targets=$(ls fuzz/fuzz_*.c | wc -l)
echo "suite: ctest (default and asan) and $targets fuzz targets"
echo "$((total + targets)) passed, 0 failed"
