#!/bin/sh
# The clang static analyzer (scan-build, Debian's clang-tools) over the whole
# build: codec, CLI, tests, fuzz replay drivers, benchmarks. Any report fails
# the run (--status-bugs); the HTML reports stay in build/scan/report.
# A Debug build, so that the asserts which state invariants are seen.
set -eu
cd "$(dirname "$0")/.."
dir=build/scan
rm -rf "$dir"
scan-build --status-bugs -o "$dir/report" \
    cmake -S . -B "$dir/b" -DCMAKE_BUILD_TYPE=Debug >/dev/null
if ! scan-build --status-bugs -o "$dir/report" cmake --build "$dir/b" -j 2 >"$dir/log" 2>&1; then
    grep -E 'warning:|error:|bugs? found' "$dir/log" >&2 || tail -n 20 "$dir/log" >&2
    echo "scan-build: the analyzer reported paths (or the build failed): see $dir/log and $dir/report" >&2
    exit 1
fi
echo "scan-build: no report"
