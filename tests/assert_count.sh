#!/bin/sh
# Per Check suite: the tests run (Check's "Checks") and the assertions
# executed (every passing ck_assert* calls Check's _mark_point once; a
# wrapper linked with -Wl,--wrap=_mark_point counts them in every forked
# test process, tests/assert_count.c). For a refactoring of the suites:
# the same numbers before and after. Not part of ctest.
# Usage: tests/assert_count.sh [BUILD_DIR]   (default build/assert-count)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$src/build/assert-count}
mkdir -p "$out"
cc -O0 -fPIC -c "$src/tests/assert_count.c" -o "$out/assert_count.o"
cmake -S "$src" -B "$out/b" -DCMAKE_BUILD_TYPE=Debug \
    "-DCMAKE_EXE_LINKER_FLAGS=-Wl,--wrap=_mark_point $out/assert_count.o" >/dev/null
suites=$(cd "$src/tests" && ls test_*.c | sed 's/\.c$//')
# shellcheck disable=SC2086
cmake --build "$out/b" -j 2 --target $suites >/dev/null
for t in $suites; do
    f="$out/$t.marks"
    rm -f "$f"
    checks=$(cd "$out/b/tests" && HSSC_ASSERT_COUNT_FILE="$f" "./$t" 2>&1 |
        sed -n 's/.*Checks: \([0-9]*\), Failures: \([0-9]*\), Errors: \([0-9]*\).*/\1 \2 \3/p')
    echo "$t tests/failures/errors: $checks assertions: $(awk '{s += $1} END {print s + 0}' "$f" 2>/dev/null || echo 0)"
done
