#!/bin/sh
# Installs the project into a temporary prefix and builds a small consumer
# through pkg-config (shared and static) and through find_package(hsscodec).
# Also checks that the shared library exports only the hssc_ API.
# usage: install_test.sh SOURCE_DIR BUILD_DIR
set -eu
src=$1
build=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
libdir=$(ls -d "$tmp"/prefix/lib* | head -n1)
test -f "$tmp/prefix/include/hsscodec/hsscodec.h"
ls "$libdir"/libhsscodec.so.0 "$libdir"/libhsscodec.a >/dev/null

bad=$(nm -D --defined-only "$libdir/libhsscodec.so.0" | awk '{print $3}' | grep -v '^hssc_' || true)
if [ -n "$bad" ]; then
    echo "FAIL: the shared library exports non-API symbols:"; echo "$bad"; exit 1
fi
echo "exports: $(nm -D --defined-only "$libdir/libhsscodec.so.0" | wc -l) symbols, all hssc_"

export PKG_CONFIG_PATH="$libdir/pkgconfig"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror -o "$tmp/pc_shared" "$src/tests/consumer/main.c" $(pkg-config --cflags --libs hsscodec)
LD_LIBRARY_PATH="$libdir" "$tmp/pc_shared"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror -o "$tmp/pc_static" "$src/tests/consumer/main.c" $(pkg-config --static --cflags hsscodec) \
    "$libdir/libhsscodec.a" $(pkg-config --static --libs-only-l hsscodec | sed 's/-lhsscodec//')
"$tmp/pc_static"

cmake -S "$src/tests/consumer" -B "$tmp/cm" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/cm" >/dev/null
LD_LIBRARY_PATH="$libdir" "$tmp/cm/consumer_shared"
"$tmp/cm/consumer_static"
if ldd "$tmp/cm/consumer_static" | grep -q libhsscodec; then
    echo "FAIL: the static consumer links the shared library"; exit 1
fi
echo "install test: pkg-config (shared, static) and find_package (shared, static) consumers built and ran"
