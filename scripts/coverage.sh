#!/bin/sh
# Line and branch coverage of codec/ from the unit tests plus the fuzz
# corpus replay (ctest labels unit and fuzz-replay), with gcc --coverage
# (HSSC_COVERAGE=ON) and gcovr, else gcov's own summary.
#
#   scripts/coverage.sh            build in build/coverage, print the figures
#   COVERAGE_HTML=1 scripts/coverage.sh   also build/coverage/html/index.html
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
b=${COVERAGE_BUILD_DIR:-$root/build/coverage}
CC=${CC:-gcc} cmake --fresh -S "$root" -B "$b" -DHSSC_COVERAGE=ON -DHSSC_BUILD_CLI=OFF \
  -DHSSC_SANITIZE=OFF > "$b.configure.log" 2>&1 || { cat "$b.configure.log"; exit 1; }
cmake --build "$b" -j "${COVERAGE_JOBS:-2}" > "$b.build.log" 2>&1 || { tail -n 40 "$b.build.log"; exit 1; }
find "$b" -name '*.gcda' -delete
(cd "$b" && ctest -L 'unit|fuzz-replay' --output-on-failure)
if command -v gcovr >/dev/null 2>&1; then
  # The static library's objects: what the tests and replay drivers run.
  gcovr --root "$root" --filter "$root/codec/" --object-directory "$b/codec" \
    --exclude-unreachable-branches --print-summary -o "$b/coverage.txt"
  cat "$b/coverage.txt"
  if [ "${COVERAGE_HTML:-0}" = 1 ]; then
    mkdir -p "$b/html"
    gcovr --root "$root" --filter "$root/codec/" --object-directory "$b/codec" \
      --exclude-unreachable-branches --html-details "$b/html/index.html"
    echo "html: $b/html/index.html"
  fi
else
  echo "gcovr not found (apt-get install gcovr): gcov's summary per file"
  for d in "$b"/codec/CMakeFiles/hsscodec_static.dir/src; do
    (cd "$d" && gcov -b -n ./*.gcno | grep -E "^File|^Lines|^Branches")
  done
fi
