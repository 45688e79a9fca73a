#!/bin/sh
# README command 2: installs what is missing, then builds and runs the whole
# test suite: the default build, the same suite under ASan+UBSan, the Release
# build with the benchmark's checks, the clang
# static analyzer (scripts/scan-build.sh), then every fuzz target for
# FUZZ_SECONDS (default 30) under libFuzzer + ASan + UBSan.
# Counts what actually ran: ctest's tests of both builds, the analyzer, the fuzz
# targets scripts/fuzz-smoke.sh reports as run. A failed step is counted and
# the run goes on to the end; the last line is "N passed, N failed" and the
# exit status is 1 when anything failed.
set -eu
cd "$(dirname "$0")/.."
scripts/setup-deps.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT
passed=0
failed=0
for preset in default asan; do
    echo "== $preset: configure, build, test"
    if ! { cmake --preset "$preset" >/dev/null && cmake --build --preset "$preset" >/dev/null; }; then
        echo "the $preset build failed" >&2
        failed=$((failed + 1))
        continue
    fi
    # (sh has no pipefail: the counts are read from ctest's own summary,
    # "N% tests passed, F tests failed out of T".)
    ctest --preset "$preset" -j 2 | tee "$log" || true
    summary=$(grep -E "tests passed, [0-9]+ tests? failed out of [0-9]+" "$log" | tail -n 1)
    if [ -z "$summary" ]; then
        echo "ctest printed no summary in the $preset build" >&2
        failed=$((failed + 1))
        continue
    fi
    f=$(echo "$summary" | sed -n 's/.* \([0-9][0-9]*\) tests\{0,1\} failed out of.*/\1/p')
    t=$(echo "$summary" | sed -n 's/.*failed out of \([0-9][0-9]*\).*/\1/p')
    passed=$((passed + t - f))
    failed=$((failed + f))
done
# The Release build (-O3, where GCC sees more paths and warns about them)
# is what users and bench/ build: it must build warning-free too, and the
# benchmark's own checks (every decode succeeds, encoders agree) must hold.
echo "== release: build, bench_codec --check"
if cmake --preset release >/dev/null && cmake --build --preset release >/dev/null &&
    build/release/bench/bench_codec --check; then
    passed=$((passed + 1))
else
    echo "the release build or its bench check failed" >&2
    failed=$((failed + 1))
fi

echo "== clang static analyzer (scan-build): any report fails"
if scripts/scan-build.sh; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
fi
echo "== fuzz smoke: every target ${FUZZ_SECONDS:-30}s under libFuzzer + ASan + UBSan"
scripts/fuzz-smoke.sh | tee "$log" || true
counts=$(sed -n 's/^\[fuzz\] targets: \([0-9]*\) ran, \([0-9]*\) passed, \([0-9]*\) failed$/\2 \3/p' "$log")
if [ -z "$counts" ]; then
    echo "fuzz-smoke.sh reported no target count" >&2
    failed=$((failed + 1))
else
    passed=$((passed + ${counts% *}))
    failed=$((failed + ${counts#* }))
fi
echo "suite: ctest (default and asan), the release build, scan-build, and the fuzz targets that ran"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
