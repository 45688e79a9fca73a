#!/bin/sh
# Runs .clusterfuzzlite/build.sh as the OSS-Fuzz base builder would (Docker
# does not run here), once for every sanitizer and engine the workflows and
# project.yaml name (tests/cfl_config_test.py --matrix: address, undefined
# and coverage with libFuzzer, address with AFL++), each time with the
# variables the builder's `compile` sets: $CC $CXX, $CFLAGS = the base flags
# + $SANITIZER_FLAGS_<sanitizer> + the engine's coverage flags, $CXXFLAGS =
# $CFLAGS + -stdlib=libc++ (AFL++ only: Debian's libFuzzer runtime is built
# against libstdc++, OSS-Fuzz's against a private libc++),
# $LIB_FUZZING_ENGINE, $SANITIZER, $FUZZING_ENGINE, fresh $OUT and $WORK.
#
# $SRC is laid out as the Dockerfile lays it out: $SRC/yajl is upstream
# yajl 2.1.0 (Debian's pristine orig tarball) with .clusterfuzzlite/
# yajl-patches applied by patch -p1, as the Dockerfile does after its clone
# (the patches are also compared with Debian's). $SRC/uriparser is absent:
# Debian's mirror here does not serve uriparser's source, so build.sh's
# fallback (the system library) is what runs; docs/fuzzing.md says so.
#
# Then each binary must carry what was asked, read from the binary itself
# (nm, objdump of a codec function and a yajl function, readelf):
#   address    __asan_report_* calls in the codec and in yajl
#   undefined  __ubsan_handle_* calls in the codec, no ASan
#   coverage   the profile runtime; run, a .profraw in which the codec's
#              and yajl's functions have counts (llvm-profdata); no ASan,
#              no sancov callbacks
#   libfuzzer  __sanitizer_cov_trace_* calls in codec and yajl (not for
#              coverage), libFuzzer's driver ("INFO: Loaded 1 modules")
#   afl        __afl_area_ptr used by the codec, AFL++'s driver runs it,
#              libc++ linked (so $CXXFLAGS reached the link)
# and LLVMFuzzerTestOneInput; and each runs its seeds. A build.sh that
# ignores the environment (flags hard-coded) fails here.
#
# The first configuration builds every fuzz/fuzz_*.c (each must have its
# binary, .dict, .options and seed zip, and run its unzipped seeds with
# -runs=0); the others build FUZZ_BUILD_TEST_TARGETS (default
# fuzz_response_decode, which reaches the codec, yajl and uriparser).
# Debian's yajl source is fetched once into HSSC_FUZZ_BUILD_CACHE (default
# build/fuzz-build-cache), like scripts/fuzz-smoke.sh's.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cache=${HSSC_FUZZ_BUILD_CACHE:-$root/build/fuzz-build-cache}
some=${FUZZ_BUILD_TEST_TARGETS:-fuzz_response_decode}
passed=0

fail() {
  echo "FAIL: $*"
  echo "$passed passed, 1 failed"
  exit 1
}
ok() {
  echo "ok: $*"
  passed=$((passed + 1))
}

python3 "$root/tests/cfl_config_test.py" "$root" --matrix > "$tmp/matrix" ||
  fail "cfl_config_test.py --matrix"
[ -s "$tmp/matrix" ] || fail "no configuration to build"

# ---- $SRC as the Dockerfile makes it ----
src=$tmp/src
mkdir -p "$src"
"$root/scripts/build-yajl-fuzz.sh" "$cache/debian-yajl" > "$tmp/yajl-fetch.log" 2>&1 ||
  { cat "$tmp/yajl-fetch.log"; fail "fetching Debian's yajl source"; }
for p in "$root"/.clusterfuzzlite/yajl-patches/*.patch; do
  cmp -s "$p" "$cache/debian-yajl/src/yajl/debian/patches/$(basename "$p")" ||
    fail "$(basename "$p") differs from Debian's"
done
tar xzf "$cache"/debian-yajl/src/yajl_2.1.0.orig.tar.gz -C "$src"
mv "$src/yajl-2.1.0" "$src/yajl"
for p in "$root"/.clusterfuzzlite/yajl-patches/*.patch; do
  (cd "$src/yajl" && patch -s -p1 < "$p") || fail "$(basename "$p") does not apply to yajl 2.1.0"
done
ok "\$SRC/yajl: yajl 2.1.0 + $(ls "$root"/.clusterfuzzlite/yajl-patches/*.patch | wc -l) patches (= Debian's)"

# ---- the base builder's flags (infra/base-images/base-builder) ----
base_cflags="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
san_address="-fsanitize=address -fsanitize-address-use-after-scope"
ub="array-bounds,bool,builtin,enum,float-divide-by-zero,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow"
san_undefined="-fsanitize=$ub,unsigned-integer-overflow,unreachable,vla-bound,vptr -fno-sanitize-recover=$ub,unreachable,vla-bound,vptr"
cov_coverage="-fprofile-instr-generate -fcoverage-mapping -pthread -Wl,--no-as-needed -Wl,-ldl -Wl,-lm -Wno-unused-command-line-argument"
export UBSAN_OPTIONS=silence_unsigned_overflow=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1
profdata=llvm-profdata
command -v "$profdata" >/dev/null 2>&1 || profdata=/usr/lib/llvm-14/bin/llvm-profdata

# has FILE PATTERN: the disassembly or symbol list FILE matches PATTERN.
has() {
  grep -q -- "$2" "$1"
}

# check BIN SANITIZER ENGINE: what the binary carries.
check_bin() {
  bin=$1
  s=$2
  e=$3
  t=$(basename "$bin")
  nm "$bin" > "$tmp/nm" 2>/dev/null || fail "nm $bin"
  objdump -d --no-show-raw-insn --disassemble=hssc_json_decode "$bin" > "$tmp/codec.s"
  objdump -d --no-show-raw-insn --disassemble=yajl_do_parse "$bin" > "$tmp/yajl.s"
  has "$tmp/nm" " T LLVMFuzzerTestOneInput$" || fail "$t ($s/$e): no LLVMFuzzerTestOneInput"
  has "$tmp/codec.s" "<hssc_json_decode>:" || fail "$t ($s/$e): no hssc_json_decode to inspect"
  has "$tmp/yajl.s" "<yajl_do_parse>:" || fail "$t ($s/$e): no yajl_do_parse to inspect"
  case $s in
    address)
      has "$tmp/codec.s" "__asan_report" || fail "$t ($s/$e): the codec has no ASan checks"
      has "$tmp/yajl.s" "__asan_report" || fail "$t ($s/$e): yajl has no ASan checks" ;;
    *)
      has "$tmp/nm" "__asan_init" && fail "$t ($s/$e): ASan linked in a $s build" ;;
  esac
  case $s in
    undefined)
      has "$tmp/codec.s" "__ubsan_handle_" || fail "$t ($s/$e): the codec has no UBSan checks" ;;
    *)
      has "$tmp/codec.s" "__ubsan_handle_" && fail "$t ($s/$e): UBSan checks in a $s build" ;;
  esac
  case $s in
    coverage)
      has "$tmp/nm" "__llvm_profile_runtime" || fail "$t ($s/$e): no profile runtime"
      has "$tmp/codec.s" "__sanitizer_cov_trace" && fail "$t ($s/$e): sancov callbacks in a coverage build" ;;
    *)
      has "$tmp/nm" "__llvm_profile_runtime" && fail "$t ($s/$e): profile runtime in a $s build" ;;
  esac
  case $e/$s in
    libfuzzer/coverage) ;;
    libfuzzer/*)
      has "$tmp/codec.s" "__sanitizer_cov_trace" || fail "$t ($s/$e): the codec has no libFuzzer feedback"
      has "$tmp/yajl.s" "__sanitizer_cov_trace" || fail "$t ($s/$e): yajl has no libFuzzer feedback" ;;
    afl/*)
      has "$tmp/codec.s" "__afl_area_ptr" || fail "$t ($s/$e): the codec has no AFL++ instrumentation"
      has "$tmp/yajl.s" "__afl_area_ptr" || fail "$t ($s/$e): yajl has no AFL++ instrumentation"
      readelf -d "$bin" | grep -q "NEEDED.*libc++\.so" || fail "$t ($s/$e): -stdlib=libc++ of \$CXXFLAGS not linked"
      readelf -d "$bin" | grep -q "NEEDED.*libstdc++" && fail "$t ($s/$e): libstdc++ linked despite -stdlib=libc++" ;;
  esac
  return 0
}

# run BIN SANITIZER ENGINE SEEDS: the binary runs its seeds.
run_bin() {
  bin=$1
  t=$(basename "$bin")
  case $3 in
    libfuzzer)
      (cd "$tmp/profile" && LLVM_PROFILE_FILE="$tmp/profile/$t.profraw" "$bin" -runs=0 "$4") \
        > "$tmp/$t.run.log" 2>&1 || { tail -n 20 "$tmp/$t.run.log"; fail "$t ($2/$3) on its seeds"; }
      has "$tmp/$t.run.log" "INFO: Seed: " || fail "$t ($2/$3): not libFuzzer's driver"
      if [ "$2" != coverage ]; then
        has "$tmp/$t.run.log" "INFO: Loaded 1 modules" || fail "$t ($2/$3): no libFuzzer counters"
      fi
      if [ "$2" = coverage ]; then
        [ -s "$tmp/profile/$t.profraw" ] || fail "$t ($2/$3): no .profraw written"
        # The codec's and yajl's functions have counters, and ran.
        $profdata merge -o "$tmp/profile/$t.profdata" "$tmp/profile/$t.profraw" ||
          fail "$t ($2/$3): llvm-profdata merge"
        $profdata show --all-functions "$tmp/profile/$t.profdata" > "$tmp/profile/$t.txt"
        for fn in hssc_json_decode yajl_do_parse; do
          sed -n "/^  $fn:\$/,/Function count/p" "$tmp/profile/$t.txt" |
            grep -q "Function count: [1-9]" || fail "$t ($2/$3): no coverage counted for $fn"
        done
      fi ;;
    afl)
      for f in "$4"/*; do
        "$bin" "$f" > "$tmp/$t.run.log" 2>&1 || { tail -n 20 "$tmp/$t.run.log"; fail "$t ($2/$3) on $f"; }
      done
      has "$tmp/$t.run.log" "Execution successful" || fail "$t ($2/$3): not AFL++'s driver" ;;
  esac
}

first=1
while read -r s e; do
  start=$(date +%s)
  case $e in
    libfuzzer)
      cc=clang cxx=clang++ engine="-fsanitize=fuzzer" cov="-fsanitize=fuzzer-no-link" extra='' ;;
    afl)
      command -v afl-clang-fast >/dev/null 2>&1 || fail "afl-clang-fast not found (Debian package afl++)"
      cc=afl-clang-fast cxx=afl-clang-fast++ engine=/usr/lib/afl/libAFLDriver.a cov='' extra=-stdlib=libc++ ;;
    *) fail "engine $e: no local equivalent to test" ;;
  esac
  case $s in
    address) sf=$san_address ;;
    undefined) sf=$san_undefined ;;
    coverage) sf='' cov=$cov_coverage ;;
    *) fail "sanitizer $s: no local equivalent to test" ;;
  esac
  dir=$tmp/$s-$e
  mkdir -p "$dir/out" "$dir/work" "$tmp/profile"
  targets=$some
  [ "$first" = 1 ] && targets=$(cd "$root/fuzz" && ls fuzz_*.c | sed 's/\.c$//')
  (
    cd "$root"
    export CC="$cc" CXX="$cxx" CFLAGS="$base_cflags $sf $cov"
    export CXXFLAGS="$CFLAGS $extra" LIB_FUZZING_ENGINE="$engine"
    export SANITIZER="$s" FUZZING_ENGINE="$e" ARCHITECTURE=x86_64 FUZZING_LANGUAGE=c
    export SRC="$src" OUT="$dir/out" WORK="$dir/work" AFL_QUIET=1
    export HSSC_FUZZ_TARGETS="$targets"
    ASAN_OPTIONS=detect_leaks=0 bash "$root/.clusterfuzzlite/build.sh"
  ) > "$dir/build.log" 2>&1 || { tail -n 40 "$dir/build.log"; fail "build.sh ($s/$e)"; }
  has "$dir/build.log" "build.sh: yajl from $src/yajl" || fail "build.sh ($s/$e) did not build \$SRC/yajl"
  n=0
  for t in $targets; do
    bin=$dir/out/$t
    [ -x "$bin" ] || fail "build.sh ($s/$e): no $t"
    check_bin "$bin" "$s" "$e"
    for f in "$t.dict" "$t.options" "${t}_seed_corpus.zip"; do
      [ -f "$dir/out/$f" ] || fail "build.sh ($s/$e): no $f beside $t"
    done
    seeds=$dir/seeds/$t
    mkdir -p "$seeds"
    (cd "$seeds" && cmake -E tar xf "$dir/out/${t}_seed_corpus.zip")
    [ -n "$(ls "$seeds")" ] || fail "$t: empty seed corpus"
    run_bin "$bin" "$s" "$e" "$seeds"
    n=$((n + 1))
  done
  ok "$s/$e: $n target(s) built, instrumented as asked, ran their seeds ($(($(date +%s) - start)) s)"
  first=0
done < "$tmp/matrix"
echo "$passed passed, 0 failed"
