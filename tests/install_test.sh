#!/bin/sh
# Installs the project into a temporary prefix, then:
#  - checks the files: header, libraries, man page, bash and zsh completions;
#  - checks that the shared library exports only the hssc_ API;
#  - builds tests/consumer/main.c through pkg-config (shared, static) and
#    through find_package(hsscodec) (shared, static), runs each, and compares
#    its output with tests/consumer/expected.txt;
#  - builds the find_package consumers again with pkg-config out of reach
#    (first on PATH a pkg-config that records every call and fails, even
#    --version, so CMake's FindPkgConfig takes it for absent; no .pc file
#    anywhere; hsscodec.pc deleted): neither the shared nor the static
#    package may need it;
#  - finds the package for the shared library with OpenSSL made unfindable
#    (CMAKE_DISABLE_FIND_PACKAGE_OpenSSL), and checks that asking for the
#    static component then fails.
# usage: install_test.sh SOURCE_DIR BUILD_DIR
set -eu
src=$1
build=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
libdir=$(ls -d "$tmp"/prefix/lib* | head -n1)
share="$tmp/prefix/share"
test -f "$tmp/prefix/include/hsscodec/hsscodec.h"
ls "$libdir"/libhsscodec.so.0 "$libdir"/libhsscodec.a >/dev/null
if [ -x "$tmp/prefix/bin/hsscodec" ]; then
    # Where man, bash-completion and zsh look for them.
    test -f "$share/bash-completion/completions/hsscodec"
    test -f "$share/zsh/site-functions/_hsscodec"
    found=$(MANPATH="$share/man" man -w hsscodec)
    if [ "$found" != "$share/man/man1/hsscodec.1" ]; then
        echo "FAIL: man -w hsscodec found '$found'"; exit 1
    fi
fi

bad=$(nm -D --defined-only "$libdir/libhsscodec.so.0" | awk '{print $3}' | grep -v '^hssc_' || true)
if [ -n "$bad" ]; then
    echo "FAIL: the shared library exports non-API symbols:"; echo "$bad"; exit 1
fi
echo "exports: $(nm -D --defined-only "$libdir/libhsscodec.so.0" | wc -l) symbols, all hssc_"

# Runs a consumer and compares what it prints (but the version line).
check_run() {
    "$@" >"$tmp/out"
    if ! tail -n +2 "$tmp/out" | diff -u "$src/tests/consumer/expected.txt" -; then
        echo "FAIL: $* printed something else"; exit 1
    fi
}

PKG_CONFIG_PATH="$libdir/pkgconfig"
export PKG_CONFIG_PATH
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror -o "$tmp/pc_shared" "$src/tests/consumer/main.c" $(pkg-config --cflags --libs hsscodec)
check_run env LD_LIBRARY_PATH="$libdir" "$tmp/pc_shared"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror -o "$tmp/pc_static" "$src/tests/consumer/main.c" $(pkg-config --static --cflags hsscodec) \
    "$libdir/libhsscodec.a" $(pkg-config --static --libs-only-l hsscodec | sed 's/-lhsscodec//')
check_run "$tmp/pc_static"
unset PKG_CONFIG_PATH

# find_package, shared and static: once as usual, once with pkg-config out
# of reach.
mkdir "$tmp/fakebin" "$tmp/no-pc"
cat >"$tmp/fakebin/pkg-config" <<EOS
#!/bin/sh
echo "pkg-config \$*" >>"$tmp/pkg-config-called"
exit 1
EOS
chmod +x "$tmp/fakebin/pkg-config"
cmake_consumer() { # NAME [cmake args...]
    name=$1
    shift
    cmake -S "$src/tests/consumer" -B "$tmp/$name" -DCMAKE_PREFIX_PATH="$tmp/prefix" "$@" >"$tmp/$name.log" 2>&1 &&
        cmake --build "$tmp/$name" >>"$tmp/$name.log" 2>&1
}
if ! cmake_consumer cm; then
    cat "$tmp/cm.log"; echo "FAIL: find_package(hsscodec) consumers"; exit 1
fi
check_run env LD_LIBRARY_PATH="$libdir" "$tmp/cm/consumer_shared"
check_run "$tmp/cm/consumer_static"
if ldd "$tmp/cm/consumer_static" | grep -q libhsscodec; then
    echo "FAIL: the static consumer links the shared library"; exit 1
fi

rm "$libdir/pkgconfig/hsscodec.pc"
if ! PATH="$tmp/fakebin:$PATH" PKG_CONFIG_LIBDIR="$tmp/no-pc" PKG_CONFIG_PATH="$tmp/no-pc" \
    cmake_consumer cm_nopc; then
    cat "$tmp/cm_nopc.log"; echo "FAIL: find_package(hsscodec) without pkg-config"; exit 1
fi
# FindOpenSSL probes for a pkg-config (--version) to take hints from it;
# the failed probe is how CMake sees an absent one. Any other call is a use.
if grep -v -x "pkg-config --version" "$tmp/pkg-config-called" 2>/dev/null; then
    echo "FAIL: find_package(hsscodec) ran pkg-config"; exit 1
fi
check_run env LD_LIBRARY_PATH="$libdir" "$tmp/cm_nopc/consumer_shared"
check_run "$tmp/cm_nopc/consumer_static"

# The shared library's package needs none of the static one's dependencies.
if ! cmake_consumer cm_shared_only -DWITH_STATIC=OFF -DCMAKE_DISABLE_FIND_PACKAGE_OpenSSL=ON; then
    cat "$tmp/cm_shared_only.log"; echo "FAIL: find_package(hsscodec) for the shared library needs OpenSSL"; exit 1
fi
check_run env LD_LIBRARY_PATH="$libdir" "$tmp/cm_shared_only/consumer_shared"
if cmake_consumer cm_static_no_ssl -DWITH_STATIC=ON -DCMAKE_DISABLE_FIND_PACKAGE_OpenSSL=ON; then
    echo "FAIL: COMPONENTS static was found without OpenSSL"; exit 1
fi
grep -q "OpenSSL" "$tmp/cm_static_no_ssl.log" || { cat "$tmp/cm_static_no_ssl.log"; exit 1; }

echo "install test: pkg-config (shared, static) and find_package (shared, static; with and" \
    "without pkg-config; shared without OpenSSL) consumers built, ran and printed the expected output"
