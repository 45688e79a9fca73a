#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build script: one binary per fuzz/fuzz_*.c in
# $OUT, with <target>.dict, <target>.options and <target>_seed_corpus.zip
# beside it. Everything comes from the environment the base builder sets:
# $CC $CXX $CFLAGS $CXXFLAGS (sanitizer and coverage flags included, and
# -stdlib=libc++ in $CXXFLAGS) $LIB_FUZZING_ENGINE $OUT $SRC $WORK; nothing
# is hard-coded, so one script serves every sanitizer and engine. The final
# link is done with $CXX $CXXFLAGS, as OSS-Fuzz requires.
#
# Dependencies, instrumented with $CFLAGS and linked statically when their
# source is there:
#   yajl       $SRC/yajl (the Dockerfile's pinned, patched clone), else
#              Debian's source package via scripts/build-yajl-fuzz.sh
#              (HSSC_CFL_YAJL=system skips that), else the system's
#              static libyajl_s.a (not instrumented)
#   uriparser  $SRC/uriparser (the Dockerfile's pinned clone), else the
#              system's shared library, copied to $OUT/lib (rpath
#              $ORIGIN/lib; not instrumented)
#   libcrypto  the system's static libcrypto.a (not instrumented)
# HSSC_FUZZ_TARGETS="fuzz_a fuzz_b" builds only those (local tests; the
# builders never set it). Checked by tests/fuzz-build-test.sh.

# The checkout: the working directory (OSS-Fuzz runs this from
# $SRC/hsscodec), else $SRC/hsscodec.
if [ -d "$PWD/codec/include/hsscodec" ]; then
  root=$PWD
else
  root=$SRC/hsscodec
fi
deps=$WORK/hsscodec-deps
objs=$WORK/hsscodec-obj
mkdir -p "$deps" "$objs" "$OUT"
echo "build.sh: CC=$CC CXX=$CXX"
echo "build.sh: CFLAGS=$CFLAGS"
echo "build.sh: CXXFLAGS=$CXXFLAGS"
echo "build.sh: LIB_FUZZING_ENGINE=$LIB_FUZZING_ENGINE"

# ---- uriparser ----
if [ -f "$SRC/uriparser/CMakeLists.txt" ]; then
  echo "build.sh: uriparser from $SRC/uriparser"
  cmake -S "$SRC/uriparser" -B "$WORK/uriparser-build" -DCMAKE_C_COMPILER="$CC" \
    -DCMAKE_C_FLAGS="$CFLAGS" -DBUILD_SHARED_LIBS=OFF -DURIPARSER_BUILD_TESTS=OFF \
    -DURIPARSER_BUILD_DOCS=OFF -DURIPARSER_BUILD_TOOLS=OFF -DURIPARSER_BUILD_WCHAR_T=OFF \
    -DCMAKE_INSTALL_PREFIX="$deps" -DCMAKE_INSTALL_LIBDIR=lib
  cmake --build "$WORK/uriparser-build" -j "$(nproc)"
  cmake --install "$WORK/uriparser-build"
  uri_cflags="-I$deps/include"
  uri_libs="$deps/lib/liburiparser.a"
else
  echo "build.sh: no \$SRC/uriparser: using the system's liburiparser (not instrumented)"
  uri_cflags=$(pkg-config --cflags liburiparser)
  so=$(ldconfig -p | sed -n 's/.*liburiparser\.so\.1 .*=> \(.*\)$/\1/p' | head -n 1)
  mkdir -p "$OUT/lib"
  cp -L "$so" "$OUT/lib/"
  uri_libs="-L$OUT/lib -l:liburiparser.so.1 -Wl,-rpath,\$ORIGIN/lib"
fi

# ---- yajl ----
yajl_src=
if [ -f "$SRC/yajl/src/yajl_parser.c" ]; then
  yajl_src=$SRC/yajl
  echo "build.sh: yajl from $yajl_src"
fi
if { [ -n "$yajl_src" ] || [ "${HSSC_CFL_YAJL:-source}" != system ]; } &&
   CC="$CC" YAJL_FUZZ_CFLAGS="$CFLAGS" "$root/scripts/build-yajl-fuzz.sh" "$WORK/yajl" $yajl_src; then
  yajl_cflags="-I$WORK/yajl/prefix/include"
  yajl_libs="$WORK/yajl/prefix/lib/libyajl_s.a"
else
  [ -z "$yajl_src" ] || { echo "build.sh: building $yajl_src failed"; exit 1; }
  echo "build.sh: using the system's static libyajl_s.a (not instrumented)"
  yajl_cflags=$(pkg-config --cflags yajl)
  yajl_libs="$(pkg-config --variable=libdir yajl)/libyajl_s.a"
fi

# ---- libcrypto (SHA-256 and HMAC for codec/src/sign.c) ----
# Static, like yajl, so the runner image needs no libssl; not instrumented.
crypto_cflags=$(pkg-config --cflags libcrypto)
crypto_libs="$(pkg-config --variable=libdir libcrypto)/libcrypto.a -ldl -pthread"

# ---- the codec, with the fuzzing flags ----
inc="-I$root/codec/include -I$root/codec/src -I$root/fuzz -I$root/cli $uri_cflags $yajl_cflags $crypto_cflags"
rm -f "$objs"/*.o
# The codec, the CLI's redaction routine (fuzz_redact) and its report with
# the character writers (fuzz_report): no curl, no global state.
for c in "$root"/codec/src/*.c "$root"/cli/redact.c "$root"/cli/report.c "$root"/cli/output.c; do
  # shellcheck disable=SC2086
  $CC $CFLAGS -std=c11 $inc -c "$c" -o "$objs/codec_$(basename "$c" .c).o"
done

# ---- the targets: every fuzz/fuzz_*.c ----
targets=${HSSC_FUZZ_TARGETS:-$(cd "$root/fuzz" && ls fuzz_*.c | sed 's/\.c$//')}
for t in $targets; do
  src=$root/fuzz/$t.c
  [ -f "$src" ] || { echo "build.sh: no $src"; exit 1; }
  # shellcheck disable=SC2086
  $CC $CFLAGS -std=c11 $inc -c "$src" -o "$objs/$t.o"
  # shellcheck disable=SC2086
  $CXX $CXXFLAGS "$objs/$t.o" "$objs"/codec_*.o $LIB_FUZZING_ENGINE $uri_libs $yajl_libs $crypto_libs \
    -o "$OUT/$t"
  for ext in dict options; do
    if [ -f "$root/fuzz/$t.$ext" ]; then
      cp "$root/fuzz/$t.$ext" "$OUT/"
    fi
  done
  if [ -d "$root/corpus/$t" ]; then
    rm -f "$OUT/${t}_seed_corpus.zip"
    if command -v zip >/dev/null 2>&1; then
      (cd "$root/corpus/$t" && zip -q -j "$OUT/${t}_seed_corpus.zip" ./*)
    else
      (cd "$root/corpus/$t" && cmake -E tar cf "$OUT/${t}_seed_corpus.zip" --format=zip ./*)
    fi
  fi
  echo "build.sh: built $OUT/$t"
done
