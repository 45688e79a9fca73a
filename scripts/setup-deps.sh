#!/bin/sh
# Installs the Debian 12 packages hsscodec needs to build and test, if any
# are missing. Idempotent: with everything present it only checks. As root
# it runs apt-get; otherwise it prints the exact command and stops.
#
#   HSSC_EXTRA_PACKAGES  more packages to require (space separated)
set -eu

PACKAGES="build-essential cmake pkg-config libyajl-dev liburiparser-dev check \
libcurl4-openssl-dev libssl-dev zlib1g-dev python3 python3-jsonschema python3-yaml openssl clang clang-tools clang-format \
libclang-rt-14-dev llvm-14 valgrind dpkg-dev patch afl++ libc++-14-dev libc++abi-14-dev man-db groff-base zsh \
${HSSC_EXTRA_PACKAGES:-}"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "hsscodec needs these Debian packages:$missing" >&2
    echo "Install them as root with:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends$missing" >&2
    exit 1
fi

echo "setup: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086 # word splitting of the list is intended
apt-get install -y -qq --no-install-recommends $missing >/dev/null
