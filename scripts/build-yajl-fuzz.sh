#!/bin/sh
# Builds yajl from Debian's source package, instrumented for fuzzing
# (clang -fsanitize=fuzzer-no-link,address,undefined), as a static library
# with a pkg-config file:
#
#     scripts/build-yajl-fuzz.sh OUTDIR [SRCDIR]
#     PKG_CONFIG_PATH=OUTDIR/prefix/lib/pkgconfig cmake -DHSSC_FUZZ=ON ...
#
# OUTDIR/prefix/lib/libyajl_s.a, OUTDIR/prefix/include/yajl/*.h and
# OUTDIR/prefix/lib/pkgconfig/yajl.pc. The source is the version of the
# installed libyajl-dev (Debian's security patches applied by dpkg-source),
# fetched with apt-get source through a private APT configuration under
# OUTDIR/apt that mirrors the system's sources with deb-src added: nothing
# under /etc or /var/lib/apt is touched. Needs dpkg-dev (dpkg-source).
# With SRCDIR (a yajl 2.1.0 tree, e.g. the ClusterFuzzLite image's
# $SRC/yajl: the upstream tag with .clusterfuzzlite/yajl-patches applied)
# nothing is fetched and that tree is built instead.
# A second run with the same source, version and flags does nothing.
#
# Environment: CC (default clang), YAJL_FUZZ_CFLAGS (default the flags
# above). Exit status 0 when the library is there, 1 when it could not be
# built (the fuzz build then uses the system yajl: see docs/fuzzing.md).
set -eu

out=${1:?usage: build-yajl-fuzz.sh OUTDIR [SRCDIR]}
given=${2:-}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cc=${CC:-clang}
cflags=${YAJL_FUZZ_CFLAGS:--fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g -O1}
prefix=$out/prefix

fail() {
  echo "build-yajl-fuzz: $*" >&2
  exit 1
}

command -v "$cc" >/dev/null 2>&1 || fail "compiler $cc not found"
if [ -n "$given" ]; then
  [ -f "$given/src/yajl_parser.c" ] || fail "$given is not a yajl source tree"
  given=$(cd "$given" && pwd)
  version="source tree $given"
else
  command -v dpkg-source >/dev/null 2>&1 || fail "dpkg-source not found (apt-get install dpkg-dev)"
  version=$(dpkg-query -W -f='${source:Version}' libyajl-dev 2>/dev/null) || version=
  [ -n "$version" ] || fail "libyajl-dev is not installed: its version picks the source"
fi

stamp="$version|$cc|$cflags"
if [ -f "$prefix/lib/libyajl_s.a" ] && [ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "build-yajl-fuzz: up to date ($prefix/lib/libyajl_s.a, yajl $version)"
  exit 0
fi

# Fetches and unpacks the source package into $out/src/yajl.
fetch() {
  # ---- a private APT configuration: the system's sources, as deb-src ----
  apt=$out/apt
  rm -rf "$apt"
  mkdir -p "$apt/sources.list.d" "$apt/lists/partial" "$apt/cache/archives/partial"
  : > "$apt/sources.list"
  found=0
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    # One-line format: each "deb URI ..." line also as "deb-src URI ...".
    sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "$f" >> "$apt/sources.list"
  done
  [ -s "$apt/sources.list" ] && found=1
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # deb822 format: "Types: deb" becomes "Types: deb-src".
    sed 's/^Types:.*$/Types: deb-src/' "$f" > "$apt/sources.list.d/$(basename "$f")"
    found=1
  done
  [ "$found" = 1 ] || fail "no APT sources found under /etc/apt"

  set -- -o Dir::Etc::SourceList="$apt/sources.list" \
         -o Dir::Etc::SourceParts="$apt/sources.list.d" \
         -o Dir::State::Lists="$apt/lists" \
         -o Dir::Cache="$apt/cache" \
         -o APT::Sandbox::User=root -q
  echo "build-yajl-fuzz: apt-get update (private lists in $apt)"
  apt-get "$@" update > "$apt/update.log" 2>&1 || fail "apt-get update failed, see $apt/update.log"

  src=$out/src
  rm -rf "$src"
  mkdir -p "$src"
  echo "build-yajl-fuzz: apt-get source yajl=$version"
  (cd "$src" && apt-get "$@" source --download-only "yajl=$version") > "$apt/source.log" 2>&1 ||
    fail "apt-get source yajl=$version failed, see $apt/source.log"
  dsc=$(ls "$src"/yajl_*.dsc 2>/dev/null | head -n 1)
  [ -n "$dsc" ] || fail "no .dsc downloaded"
  (cd "$src" && dpkg-source -x "$dsc" yajl) > "$apt/dpkg-source.log" 2>&1 ||
    fail "dpkg-source -x failed, see $apt/dpkg-source.log"
}

if [ -n "$given" ]; then
  y=$given
else
  fetch
  y=$out/src/yajl
fi

# ---- build: the library sources only, no tests or tools ----
inc=$prefix/include
rm -rf "$prefix"
mkdir -p "$inc/yajl" "$prefix/lib/pkgconfig" "$out/obj"
cp "$y"/src/api/yajl_common.h "$y"/src/api/yajl_gen.h "$y"/src/api/yajl_parse.h \
   "$y"/src/api/yajl_tree.h "$inc/yajl/"
major=$(sed -n 's/^SET (YAJL_MAJOR \([0-9]*\))/\1/p' "$y/CMakeLists.txt")
minor=$(sed -n 's/^SET (YAJL_MINOR \([0-9]*\))/\1/p' "$y/CMakeLists.txt")
micro=$(sed -n 's/^SET (YAJL_MICRO \([0-9]*\))/\1/p' "$y/CMakeLists.txt")
[ -n "$major" ] && [ -n "$minor" ] && [ -n "$micro" ] || fail "cannot read yajl's version from CMakeLists.txt"
sed -e "s/\${YAJL_MAJOR}/$major/" -e "s/\${YAJL_MINOR}/$minor/" -e "s/\${YAJL_MICRO}/$micro/" \
  "$y/src/api/yajl_version.h.cmake" > "$inc/yajl/yajl_version.h"

objs=
for c in "$y"/src/*.c; do
  o=$out/obj/$(basename "$c" .c).o
  # shellcheck disable=SC2086
  "$cc" $cflags -fPIC -I"$inc" -c "$c" -o "$o" || fail "compiling $c failed"
  objs="$objs $o"
done
rm -f "$prefix/lib/libyajl_s.a"
# shellcheck disable=SC2086
ar rcs "$prefix/lib/libyajl_s.a" $objs

cat > "$prefix/lib/pkgconfig/yajl.pc" <<PC
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: Yet Another JSON Library (fuzz-instrumented, Debian $version)
Description: A Portable JSON parsing and serialization library in ANSI C
Version: $major.$minor.$micro
Cflags: -I\${includedir}
Libs: -L\${libdir} -lyajl_s
PC
echo "$stamp" > "$out/stamp"
echo "build-yajl-fuzz: built $prefix/lib/libyajl_s.a (yajl $version, $(ls "$y"/src/*.c | wc -l) sources)"
