#!/bin/sh
# Instruction ratios of every row of issue 13, under callgrind: each
# operation and its baseline run N times inside bench_loop() (the only
# function whose instructions are collected), so the figures are per
# operation and do not depend on the load of the machine.
#
# usage: bench/run.sh [--time] [BUILD_DIR]     (default build/release)
#   --time   also print the wall-time table of bench_codec first
# Profiles are kept in BUILD_DIR/bench/callgrind/<op>.out:
#   callgrind_annotate BUILD_DIR/bench/callgrind/response_decode:spec.out
set -eu
time_too=0
if [ "${1:-}" = "--time" ]; then
    time_too=1
    shift
fi
build=${1:-build/release}
bench=$build/bench/bench_codec
out=$build/bench/callgrind
[ -x "$bench" ] || { echo "run.sh: $bench not built (cmake --preset release && cmake --build --preset release)" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "run.sh: valgrind not installed" >&2; exit 2; }
mkdir -p "$out"

# Every decode succeeds and every encoder agrees, or nothing is measured.
"$bench" --check
if [ "$time_too" = 1 ]; then
    "$bench"
fi

# Instructions per operation of op NAME over N runs.
instr() {
    f="$out/$1.out"
    valgrind --tool=callgrind --callgrind-out-file="$f" --toggle-collect='bench_loop' \
        "$bench" --op "$1" --iters "$2" >/dev/null 2>"$f.log" || {
        cat "$f.log" >&2
        exit 1
    }
    total=$(sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$f")
    [ -n "$total" ] && [ "$total" -gt 0 ] || { echo "run.sh: no instructions counted for $1" >&2; exit 1; }
    echo $((total / $2))
}

echo "instructions per operation (callgrind, Ir), $(valgrind --version)"
printf '%-44s %-11s %12s %12s %7s %7s %s\n' row input hsscodec baseline ratio target met
"$bench" --rows | while IFS='	' read -r what input op base target iters; do
    a=$(instr "$op" "$iters")
    b=$(instr "$base" "$iters")
    awk -v w="$what" -v i="$input" -v a="$a" -v b="$b" -v t="$target" 'BEGIN {
        r = a / b
        if (t == 0) {
            printf "%-44s %-11s %12d %12d %7.2f %7s %s\n", w, i, a, b, r, "-", "-"
        } else {
            printf "%-44s %-11s %12d %12d %7.2f %7.2f %s\n", w, i, a, b, r, t, (r <= t ? "yes" : "NO")
        }
    }'
done
