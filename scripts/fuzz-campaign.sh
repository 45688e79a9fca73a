#!/bin/sh
# Long fuzzing campaign: for each target, N worker processes (-fork=N) for a
# time budget, crashes recorded and fuzzing continued (-ignore_crashes=1);
# with N = 1 (the default) a single process without -fork, which stops at
# its first finding. Then everything the run found is merged with corpus/<target>/ into a
# fresh, minimal directory (-merge=1) that replaces corpus/<target>/.
# Inputs named regression-* (the regression inputs of fixed findings) are
# always kept; other seeds keep their names when the merge keeps them.
# Prints exec/s, coverage (cov:, ft:) and every finding with its replay
# command. Exit status 1 when anything was found.
#
#   scripts/fuzz-campaign.sh [TARGET...]   default: every fuzz/fuzz_*.c
#
# Environment: FUZZ_JOBS (worker processes, default 1), FUZZ_SECONDS (budget
# per target, default 600), FUZZ_BUILD_DIR (default build/fuzz-campaign),
# FUZZ_MERGE=0 (leave corpus/ alone), FUZZ_YAJL=system.
set -u
. "$(dirname "$0")/fuzz-lib.sh"

jobs=${FUZZ_JOBS:-1}
seconds=${FUZZ_SECONDS:-600}
bdir=${FUZZ_BUILD_DIR:-$fuzz_root/build/fuzz-campaign}
fuzz_build "$bdir" || { echo "[fuzz] FAILED: the fuzz build failed" >&2; exit 1; }

targets=${*:-$(fuzz_targets)}
findings=0
report=
for t in $targets; do
  bin=$bdir/cmake/fuzz/$t
  corpus=$fuzz_root/corpus/$t
  [ -x "$bin" ] || { echo "[fuzz] no binary for $t" >&2; findings=1; continue; }
  work=$bdir/work/$t
  art=$bdir/artifacts/$t
  mkdir -p "$work" "$art" "$corpus"
  log=$bdir/$t.log
  before=$(ls "$corpus" | wc -l)
  fuzz_log "$t: $jobs worker(s), ${seconds}s, output $work"
  mode="-fork=$jobs -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1"
  [ "$jobs" -le 1 ] && mode=
  # shellcheck disable=SC2046,SC2086
  "$bin" $mode -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$art/" $(fuzz_flags "$t") "$work" "$corpus" > "$log" 2>&1
  rc=$?
  st=$(fuzz_status "$log")
  execs=$(echo "$st" | sed -n 's/^#\([0-9]*\).*/\1/p')
  # Fall back to executions over the budget when no line has exec/s.
  rate=$(fuzz_field "$st" exec/s)
  [ -z "$rate" ] && [ -n "$execs" ] && rate=$((execs / seconds))

  if [ "${FUZZ_MERGE:-1}" != 0 ]; then
    fresh=$bdir/merged/$t
    rm -rf "$fresh"
    mkdir -p "$fresh"
    "$bin" -merge=1 $(fuzz_flags "$t" | sed 's/-dict=[^ ]*//') "$fresh" "$corpus" "$work" \
      > "$bdir/$t.merge.log" 2>&1 || { echo "[fuzz] merge of $t failed: $bdir/$t.merge.log" >&2; findings=1; continue; }
    # Keep the names of seeds the merge kept, and every regression input.
    for f in "$corpus"/*; do
      [ -f "$f" ] || continue
      name=$(basename "$f")
      sum=$(sha1sum "$f" | cut -d' ' -f1)
      if [ -f "$fresh/$sum" ]; then
        mv "$fresh/$sum" "$fresh/$name"
      elif [ "${name#regression-}" != "$name" ]; then
        cp "$f" "$fresh/$name"
      fi
    done
    rm -f "$corpus"/*
    cp "$fresh"/* "$corpus"/
  fi
  after=$(ls "$corpus" | wc -l)
  line=$(printf '%-24s execs %-10s exec/s %-7s cov %-5s ft %-6s corpus %s -> %s files (%s bytes)' \
    "$t" "$execs" "$rate" "$(fuzz_field "$st" cov)" "$(fuzz_field "$st" ft)" "$before" "$after" \
    "$(cat "$corpus"/* | wc -c)")
  report="$report$line
"
  for f in $(ls "$art" 2>/dev/null); do
    findings=1
    report="$report    finding: $art/$f
      replay:  $bin $art/$f
"
  done
  [ "$rc" -ne 0 ] && [ -z "$(ls "$art" 2>/dev/null)" ] &&
    report="$report    libFuzzer exited $rc without an artifact: see $log
"
done
echo "[fuzz] campaign: $jobs worker(s), ${seconds}s per target"
printf '%s' "$report"
[ "$findings" -eq 0 ] || { echo "[fuzz] findings above: fix each at its root, add a unit test and a regression-* corpus input"; exit 1; }
echo "[fuzz] no findings"
