#!/bin/sh
# Dependencies point down: every codec source file calls only files on floors
# below its own (docs/architecture.md). The floors are read from the
# "# floor N" comments of codec/CMakeLists.txt; who calls whom is read from
# the symbols of the built objects (nm), so the check sees every call,
# macros and inline helpers included.
# usage: floors.sh SOURCE_DIR OBJECT_DIR   (OBJECT_DIR: hsscodec_static.dir)
set -eu
src=$1
objs=$2
map=$(mktemp)
defs=$(mktemp)
trap 'rm -f "$map" "$defs"' EXIT
# file floor
awk '/# floor [0-9]+/ { floor = $3; sub(":", "", floor) }
     /^ *src\/[a-z_]+\.c/ { f = $1; sub("src/", "", f); print f, floor }' \
    "$src/codec/CMakeLists.txt" >"$map"
n=$(wc -l <"$map")
if [ "$n" -lt 10 ]; then
    echo "floors: could not read the floors from codec/CMakeLists.txt" >&2
    exit 1
fi
# symbol file (defined, global)
while read -r f _; do
    o="$objs/src/$f.o"
    if [ ! -f "$o" ]; then
        echo "floors: $o not built" >&2
        exit 1
    fi
    nm -g --defined-only "$o" | awk -v f="$f" 'NF == 3 { print $3, f }'
done <"$map" >"$defs"
bad=0
while read -r f floor; do
    for sym in $(nm -u "$objs/src/$f.o" | awk '{ print $2 }'); do
        to=$(awk -v s="$sym" '$1 == s { print $2; exit }' "$defs")
        [ -n "$to" ] || continue
        tofloor=$(awk -v f="$to" '$1 == f { print $2; exit }' "$map")
        if [ "$tofloor" -ge "$floor" ]; then
            echo "floors: $f (floor $floor) calls $sym in $to (floor $tofloor)"
            bad=1
        fi
    done
done <"$map"
# The bottom floor uses no dependency either.
while read -r f floor; do
    [ "$floor" -eq 0 ] || continue
    ext=$(nm -u "$objs/src/$f.o" | awk '{ print $2 }' | grep -E '^(uri|yajl_|EVP_|OPENSSL|CRYPTO_|HMAC)' || true)
    if [ -n "$ext" ]; then
        echo "floors: $f (floor 0) uses a dependency:" $ext
        bad=1
    fi
done <"$map"
if [ "$bad" -ne 0 ]; then
    exit 1
fi
echo "floors: $n codec files, every call points down"
