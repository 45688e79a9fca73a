#!/bin/sh
# Runs .clusterfuzzlite/build.sh as ClusterFuzzLite/OSS-Fuzz would (Docker
# does not run here): CC=clang CXX=clang++, libFuzzer as the engine, fresh
# $OUT and $WORK, $SRC the checkout's parent. Then proves each built target
# runs: every fuzz/fuzz_*.c has a binary, its .dict/.options and seed zip
# sit beside it, and it runs its unzipped seed corpus once (-runs=0).
#
# The instrumented yajl needs the network (apt-get source): this test uses
# the system's libyajl_s.a unless HSSC_CFL_YAJL=source is set.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/out" "$tmp/work"

export CC=clang CXX=clang++
export CFLAGS="-fsanitize=address,fuzzer-no-link -g -O1"
export CXXFLAGS="$CFLAGS"
export LIB_FUZZING_ENGINE="-fsanitize=fuzzer"
export OUT="$tmp/out" WORK="$tmp/work" SRC
SRC=$(dirname "$root")
export HSSC_CFL_YAJL="${HSSC_CFL_YAJL:-system}"

(cd "$root" && bash .clusterfuzzlite/build.sh) > "$tmp/build.log" 2>&1 || {
  cat "$tmp/build.log"
  echo "FAIL: build.sh failed"
  exit 1
}

n=0
for src in "$root"/fuzz/fuzz_*.c; do
  t=$(basename "$src" .c)
  [ -x "$OUT/$t" ] || { echo "FAIL: no $OUT/$t"; exit 1; }
  for f in "$t.dict" "$t.options" "${t}_seed_corpus.zip"; do
    [ -f "$OUT/$f" ] || { echo "FAIL: no $OUT/$f"; exit 1; }
  done
  mkdir -p "$tmp/seeds/$t"
  (cd "$tmp/seeds/$t" && cmake -E tar xf "$OUT/${t}_seed_corpus.zip")
  seeds=$(ls "$tmp/seeds/$t" | wc -l)
  [ "$seeds" -gt 0 ] || { echo "FAIL: empty seed corpus for $t"; exit 1; }
  (cd "$OUT" && "./$t" -runs=0 "$tmp/seeds/$t") > "$tmp/$t.log" 2>&1 || {
    cat "$tmp/$t.log"
    echo "FAIL: $t on its seed corpus"
    exit 1
  }
  grep -q "INFO: Loaded 1 modules" "$tmp/$t.log" || { echo "FAIL: $t is not a libFuzzer binary"; exit 1; }
  echo "ok: $t built and ran $seeds seeds"
  n=$((n + 1))
done
echo "$n passed, 0 failed"
