#!/bin/sh
# Regenerates fuzz/fuzz_<target>.dict from the field table (fuzz/gen_dict.c).
# Usage: scripts/gen-fuzz-dicts.sh   (from anywhere; needs cc and pkg-config)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2046
${CC:-cc} -std=c11 -I"$root/codec/include" -I"$root/codec/src" -o "$tmp/gen_dict" \
  "$root/fuzz/gen_dict.c" "$root"/codec/src/*.c $(pkg-config --cflags --libs yajl liburiparser libcrypto)
for src in "$root"/fuzz/fuzz_*.c; do
  t=$(basename "$src" .c)
  if "$tmp/gen_dict" "$t" > "$tmp/$t.dict" 2>/dev/null; then
    cp "$tmp/$t.dict" "$root/fuzz/$t.dict"
    echo "wrote fuzz/$t.dict"
  fi
done
