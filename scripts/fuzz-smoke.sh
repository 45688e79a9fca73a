#!/bin/sh
# Fuzz smoke test: builds the fuzz targets (libFuzzer + ASan + UBSan, in
# its own build directory) and runs each for a bounded time with its corpus
# and dictionary, FUZZ_JOBS processes at a time (default: one per core). Any crash, leak, timeout or
# invariant failure fails the run and prints the reproducer and the command
# that replays it. New inputs go to a scratch copy of the corpus, never into
# corpus/ (scripts/fuzz-campaign.sh --merge merges those).
usage() {
  cat <<'EOF'
usage: scripts/fuzz-smoke.sh [-h|--help] [TARGET...]

Builds the named fuzz targets (default: every fuzz/fuzz_*.c; the fuzz_
prefix may be left out) and runs each for FUZZ_SECONDS under libFuzzer +
ASan + UBSan on a scratch copy of its corpus. corpus/ is never changed.

Ends with one line per target, then
  [fuzz] targets: N ran, P passed, F failed
and exit status 1 when any target failed or did not run.

Environment:
  FUZZ_SECONDS     seconds per target (default 30)
  FUZZ_JOBS        targets run at once (default: the number of cores)
  FUZZ_BUILD_DIR   build directory (default build/fuzz-smoke)
  FUZZ_YAJL=system use the system yajl instead of the instrumented one
Needs clang, libclang-rt-14-dev, cmake, pkg-config, libyajl-dev,
liburiparser-dev, and dpkg-dev for the instrumented yajl.
EOF
}
set -u
. "$(dirname "$0")/fuzz-lib.sh"
fuzz_setup 30 "$@"
total=$(echo "$targets" | wc -w | tr -d ' ')
# shellcheck disable=SC2086
fuzz_build "$bdir" $targets || {
  echo "[fuzz] FAILED: the fuzz build failed" >&2
  echo "[fuzz] targets: 0 ran, 0 passed, $total failed"
  exit 1
}

# One target: its run, exit status in $bdir/$t.rc.
run_target() {
  t=$1
  bin=$bdir/cmake/fuzz/$t
  seeds=$fuzz_root/corpus/$t
  work=$bdir/work/$t
  art=$bdir/artifacts/$t
  rm -rf "$work" "$art"
  mkdir -p "$work" "$art"
  fuzz_log "$t: ${seconds}s, seeds $seeds"
  # shellcheck disable=SC2046
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$art/" $(fuzz_flags "$t") "$work" "$seeds" > "$bdir/$t.log" 2>&1
  echo $? > "$bdir/$t.rc"
}

# FUZZ_JOBS targets at a time (default: one per core), then the verdicts in
# order.
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
running=0
missing=0
for t in $targets; do
  if [ ! -x "$bdir/cmake/fuzz/$t" ]; then
    echo "[fuzz] FAILED: no binary for $t" >&2
    missing=$((missing + 1))
    continue
  fi
  rm -f "$bdir/$t.rc"
  run_target "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait
    running=0
  fi
done
wait

ran=0
bad=0
summary=
for t in $targets; do
  [ -f "$bdir/$t.rc" ] || continue
  bin=$bdir/cmake/fuzz/$t
  art=$bdir/artifacts/$t
  log=$bdir/$t.log
  rc=$(cat "$bdir/$t.rc")
  ran=$((ran + 1))
  st=$(fuzz_status "$log")
  line=$(printf '%-26s execs %-9s exec/s %-7s cov %-5s ft %-6s corpus %s' "$t" \
    "$(echo "$st" | sed -n 's/^#\([0-9]*\).*/\1/p')" "$(fuzz_field "$st" exec/s)" \
    "$(fuzz_field "$st" cov)" "$(fuzz_field "$st" ft)" "$(fuzz_field "$st" corp)")
  found=$(ls "$art" 2>/dev/null)
  if [ "$rc" -ne 0 ] || [ -n "$found" ]; then
    bad=$((bad + 1))
    line="$line  FAILED (exit $rc)"
    echo "[fuzz] $t FAILED (exit $rc); log: $log" >&2
    grep -E 'ERROR|invariant violated|SUMMARY' "$log" | head -n 5 >&2
    for f in $found; do
      echo "[fuzz]   reproducer: $art/$f" >&2
      echo "[fuzz]   replay:     $bin $art/$f" >&2
    done
  fi
  summary="$summary$line
"
done
echo "[fuzz] summary (${seconds}s each):"
printf '%s' "$summary"
# A target that did not run counts as failed.
failed=$((bad + missing))
echo "[fuzz] targets: $ran ran, $((ran - bad)) passed, $failed failed"
if [ "$failed" -ne 0 ]; then
  echo "[fuzz] FAILED"
  exit 1
fi
echo "[fuzz] OK: no crash, leak, timeout or invariant failure"
