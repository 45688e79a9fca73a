#!/bin/sh
# Harness speed: builds the fuzz targets as scripts/fuzz-smoke.sh does
# (libFuzzer + ASan + UBSan, instrumented yajl) and runs each alone, one
# process, on a scratch copy of its own corpus with its dictionary and
# max_len, then prints executions, libFuzzer's exec/s (wall clock) and
# executions per CPU-second of the process (user + system), the figure that
# does not depend on how loaded the machine is. See docs/fuzzing.md,
# "Harness speed".
usage() {
  cat <<'EOF'
usage: scripts/fuzz-speed.sh [-h|--help] [TARGET...]

Builds the named fuzz targets (default: every fuzz/fuzz_*.c; the fuzz_
prefix may be left out) in FUZZ_BUILD_DIR and runs each for FUZZ_SECONDS,
one at a time, one process, on a scratch copy of corpus/<target> (corpus/
is never changed):

  <target> -max_total_time=S -timeout=10 -rss_limit_mb=2048
           -print_final_stats=1 -dict=fuzz/<target>.dict -max_len=<.options>

and prints a table: execs, exec/s (libFuzzer's, wall clock), /CPU-s
(stat::number_of_executed_units / (user + sys CPU seconds), from
/usr/bin/time or the shell's times), the goal of docs/fuzzing.md, cov, ft.
Exit status 1 when a target crashed or did not run (the figures are
printed either way; they are not checked against the goals).

Set by the environment: FUZZ_SECONDS (seconds per target, 20 unless
set), FUZZ_BUILD_DIR (where to build, build/fuzz-smoke unless set: the
smoke test's binaries are reused), FUZZ_NO_BUILD=1 (measure the binaries
already there), FUZZ_YAJL=system (the system yajl, not the instrumented
one).
EOF
}
set -u
. "$(dirname "$0")/fuzz-lib.sh"
fuzz_setup 20 "$@"
if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then
  # shellcheck disable=SC2086
  fuzz_build "$bdir" $targets || { echo "[fuzz] FAILED: the fuzz build failed" >&2; exit 1; }
fi

# The goal of issue 14 (docs/fuzzing.md): 20 k executions per CPU-second
# for the targets that run one decoder once per input, 5 k for those that
# run several operations on each input (round trips, the decoders' modes,
# signing).
goal() {
  case $1 in
    *_roundtrip | *_modes | fuzz_sign) echo 5000 ;;
    *) echo 20000 ;;
  esac
}

# user + sys CPU seconds of one command, written to $2 ("U S").
cpu_of() {
  out=$1
  shift
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%U %S' -o "$out" "$@"
  else
    # The children's line of `times` sums every child so far (the build,
    # earlier targets): read it before and after, and keep the difference.
    # `times` must run in this shell (in a pipe or $(...) it reads zero).
    times >"$out.before"
    "$@"
    rc=$?
    times >"$out.after"
    for f in "$out.before" "$out.after"; do
      sed -n 2p "$f" | sed 's/m/ /g; s/s//g' | awk '{ print $1 * 60 + $2, $3 * 60 + $4 }'
    done | awk 'NR == 1 { u = $1; s = $2 } NR == 2 { print $1 - u, $2 - s }' >"$out"
    rm -f "$out.before" "$out.after"
    return $rc
  fi
}

bad=0
rows=
for t in $targets; do
  bin=$bdir/cmake/fuzz/$t
  if [ ! -x "$bin" ]; then
    echo "[fuzz] FAILED: no binary for $t" >&2
    bad=$((bad + 1))
    continue
  fi
  work=$bdir/speed/$t
  art=$bdir/speed/artifacts-$t
  log=$bdir/speed/$t.log
  rm -rf "$work" "$art"
  mkdir -p "$work" "$art"
  cp -R "$fuzz_root/corpus/$t/." "$work/"
  fuzz_log "$t: ${seconds}s, one process, corpus copy $work"
  # shellcheck disable=SC2046
  cpu_of "$bdir/speed/$t.time" "$bin" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$art/" \
    $(fuzz_flags "$t") "$work" > "$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  st=$(fuzz_status "$log")
  cpu=$(tail -n 1 "$bdir/speed/$t.time")
  per=$(echo "${execs:-0} $cpu" | awk '{ c = $2 + $3; printf "%d", (c > 0 ? $1 / c : 0) }')
  g=$(goal "$t")
  verdict=met
  [ "$per" -ge "$g" ] || verdict="NOT met"
  if [ "$rc" -ne 0 ] || [ -n "$(ls "$art")" ]; then
    verdict="FAILED (exit $rc, log $log)"
    bad=$((bad + 1))
  fi
  rows="$rows$(printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |' "$t" "${execs:-?}" \
    "$(fuzz_field "$st" exec/s)" "$per" "$(echo "$cpu" | awk '{ printf "%.1f", $1 + $2 }')" \
    "$g" "$(fuzz_field "$st" cov)" "$(fuzz_field "$st" ft)" "$verdict")
"
done
echo "[fuzz] speed (${seconds}s each, one process, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)):"
echo "| target | execs | exec/s | /CPU-s | CPU s | goal /CPU-s | cov | ft | |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s' "$rows"
[ "$bad" -eq 0 ] || exit 1
