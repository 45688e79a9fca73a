#!/bin/sh
# The bottom floor stands alone: a static program that calls only
# hssc_code_name() links against libhsscodec.a with no other library (no
# OpenSSL, uriparser or yajl) and runs.
# usage: static_link.sh SOURCE_DIR LIBHSSCODEC_A
set -eu
src=$1
lib=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -std=c11 -Wall -Werror -static -I"$src/codec/include" -o "$tmp/code_name" \
    "$src/tests/static_link/code_name.c" "$lib"
"$tmp/code_name"
echo "static_link: hssc_code_name() links against libhsscodec.a alone"
