#!/bin/sh
# Long fuzzing campaign on this machine (for continuous fuzzing at scale,
# see the ClusterFuzzLite workflows in .github/workflows and
# docs/fuzzing.md). Per target: N worker processes (-fork=N, crashes
# recorded and fuzzing continued) for a time budget, or with N = 1 a single
# process that stops at its first finding. With --merge, everything the run
# found is then merged with corpus/<target>/ into a fresh, minimal directory
# (-merge=1) that replaces corpus/<target>/; regression-* inputs are always
# kept, other seeds keep their names when the merge keeps them. Without
# --merge, corpus/ is not touched.
usage() {
  cat <<'EOF'
usage: scripts/fuzz-campaign.sh [-h|--help] [--merge] [TARGET...]

Builds the named fuzz targets (default: every fuzz/fuzz_*.c; the fuzz_
prefix may be left out) and fuzzes each for FUZZ_SECONDS with FUZZ_JOBS
workers under libFuzzer + ASan + UBSan, starting from corpus/<target>/.

  --merge   merge what the run found into corpus/<target>/ (minimal
            -merge=1 set, regression-* inputs kept); without it corpus/
            is left exactly as it was

Ends with a table, one row per target: executions, exec/s, cov, ft,
corpus before and after (files, bytes), findings; then each finding with
the command that replays it. Exit status 1 when anything was found.

Environment:
  FUZZ_SECONDS     seconds per target (default 600)
  FUZZ_JOBS        worker processes per target (default 1)
  FUZZ_BUILD_DIR   build directory (default build/fuzz-campaign)
  FUZZ_YAJL=system use the system yajl instead of the instrumented one
EOF
}
set -u
merge=0
while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --merge) merge=1; shift ;;
    --) shift; break ;;
    -*) usage >&2; exit 2 ;;
    *) break ;;
  esac
done
. "$(dirname "$0")/fuzz-lib.sh"

targets=$(fuzz_select "$@") || exit 2
jobs=${FUZZ_JOBS:-1}
seconds=${FUZZ_SECONDS:-600}
bdir=${FUZZ_BUILD_DIR:-$fuzz_root/build/fuzz-campaign}
# shellcheck disable=SC2086
fuzz_build "$bdir" $targets || { echo "[fuzz] FAILED: the fuzz build failed" >&2; exit 1; }

# size DIR: "N files, B bytes"
size() {
  n=$(find "$1" -type f | wc -l)
  b=$(find "$1" -type f -exec cat {} + | wc -c)
  echo "$n files, $b bytes"
}

findings=0
rows=
details=
for t in $targets; do
  bin=$bdir/cmake/fuzz/$t
  corpus=$fuzz_root/corpus/$t
  [ -x "$bin" ] || { echo "[fuzz] no binary for $t" >&2; findings=1; continue; }
  # A fresh working corpus seeded from corpus/: libFuzzer writes only here.
  work=$bdir/work/$t
  art=$bdir/artifacts/$t
  rm -rf "$work" "$art"
  mkdir -p "$work" "$art" "$corpus"
  log=$bdir/$t.log
  before=$(size "$corpus")
  fuzz_log "$t: $jobs worker(s), ${seconds}s, output $work"
  mode="-fork=$jobs -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1"
  [ "$jobs" -le 1 ] && mode=
  # shellcheck disable=SC2046,SC2086
  "$bin" $mode -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$art/" $(fuzz_flags "$t") "$work" "$corpus" > "$log" 2>&1
  rc=$?
  st=$(fuzz_status "$log")
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  [ -n "$execs" ] || execs=$(echo "$st" | sed -n 's/^#\([0-9]*\).*/\1/p')
  rate=$(fuzz_field "$st" exec/s)
  [ -z "$rate" ] && [ -n "$execs" ] && rate=$((execs / seconds))

  if [ "$merge" = 1 ]; then
    fresh=$bdir/merged/$t
    rm -rf "$fresh"
    mkdir -p "$fresh"
    # shellcheck disable=SC2046
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
    after="$(size "$corpus") (merged)"
  else
    # What the run holds (seeds + new inputs); corpus/ itself is unchanged.
    after="$(size "$work") + seeds (not merged)"
  fi
  found=$(ls "$art" 2>/dev/null | wc -l)
  [ "$found" -gt 0 ] && findings=1
  rows="$rows| $t | $execs | $rate | $(fuzz_field "$st" cov) | $(fuzz_field "$st" ft) | $before | $after | $found |
"
  for f in "$art"/*; do
    [ -f "$f" ] || continue
    details="$details  $t: $f
    replay: $bin $f
"
  done
  if [ "$rc" -ne 0 ] && [ "$found" -eq 0 ]; then
    findings=1
    details="$details  $t: libFuzzer exited $rc without an artifact: see $log
"
  fi
done
echo "[fuzz] campaign: $jobs worker(s), ${seconds}s per target, corpus/ $([ "$merge" = 1 ] && echo merged || echo untouched)"
echo "| target | execs | exec/s | cov | ft | corpus before | after | findings |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s' "$rows"
if [ "$findings" -ne 0 ]; then
  echo "[fuzz] findings (fix each at its root, add a unit test and a regression-* corpus input):"
  printf '%s' "$details"
  exit 1
fi
echo "[fuzz] no findings"
