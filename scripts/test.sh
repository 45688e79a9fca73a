#!/bin/sh
# README command 2: installs what is missing, then builds and runs the whole
# test suite: the default build, then the same suite under ASan+UBSan.
set -eu
cd "$(dirname "$0")/.."
scripts/setup-deps.sh
for preset in default asan; do
    echo "== $preset: configure, build, test"
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" >/dev/null
    ctest --preset "$preset"
done
echo "== fuzz smoke: every target ${FUZZ_SECONDS:-30}s under libFuzzer + ASan + UBSan"
scripts/fuzz-smoke.sh
