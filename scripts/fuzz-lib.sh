# Shared by fuzz-smoke.sh and fuzz-campaign.sh (sourced, not run).
#
# fuzz_build DIR T.. builds fuzz targets T.. (HSSC_FUZZ=ON, clang) in DIR,
#                    against the instrumented yajl of build-yajl-fuzz.sh
#                    (DIR/yajl) unless FUZZ_YAJL=system or it cannot be built
# fuzz_targets       the target names (fuzz_<name>), from fuzz/fuzz_*.c
# fuzz_select T..    the named targets (fuzz_ prefix optional), every one
#                    if none is named; fails on a name that is no target
# fuzz_max_len T     max_len from fuzz/T.options (empty if none)
# fuzz_flags T       -dict=... -max_len=... for target T
# fuzz_options ARG..  -h/--help: the caller's usage(), exit 0; another
#                    option: usage on stderr, exit 2 (before any build)
# fuzz_setup S ARG.. fuzz_options, then sets targets (fuzz_select; exit 2
#                    on a name that is no target), seconds (FUZZ_SECONDS,
#                    default S) and bdir (FUZZ_BUILD_DIR, default
#                    build/fuzz-smoke)

fuzz_root=$(cd "$(dirname "$0")/.." && pwd)

fuzz_options() {
  case ${1:-} in
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; exit 2 ;;
  esac
}

fuzz_setup() {
  default_seconds=$1
  shift
  fuzz_options "$@"
  targets=$(fuzz_select "$@") || exit 2
  seconds=${FUZZ_SECONDS:-$default_seconds}
  bdir=${FUZZ_BUILD_DIR:-$fuzz_root/build/fuzz-smoke}
}

fuzz_log() {
  echo "[fuzz] $*"
}

fuzz_targets() {
  for src in "$fuzz_root"/fuzz/fuzz_*.c; do
    [ -f "$src" ] && basename "$src" .c
  done
}

fuzz_select() {
  if [ $# -eq 0 ]; then
    fuzz_targets
    return 0
  fi
  all=$(fuzz_targets)
  for name in "$@"; do
    t=fuzz_${name#fuzz_}
    case " $(echo $all) " in
      *" $t "*) echo "$t" ;;
      *) echo "[fuzz] no target $name; targets: $(echo $all)" >&2; return 1 ;;
    esac
  done
}

fuzz_max_len() {
  [ -f "$fuzz_root/fuzz/$1.options" ] &&
    sed -n 's/^[[:space:]]*max_len[[:space:]]*=[[:space:]]*\([0-9]*\).*/\1/p' "$fuzz_root/fuzz/$1.options"
  return 0
}

fuzz_flags() {
  flags=
  [ -f "$fuzz_root/fuzz/$1.dict" ] && flags="-dict=$fuzz_root/fuzz/$1.dict"
  ml=$(fuzz_max_len "$1")
  [ -n "$ml" ] && flags="$flags -max_len=$ml"
  echo "$flags"
}

fuzz_build() {
  dir=$1
  shift
  mkdir -p "$dir"
  for tool in clang cmake pkg-config; do
    command -v "$tool" >/dev/null 2>&1 || { echo "[fuzz] $tool not found" >&2; return 1; }
  done
  pcpath=
  if [ "${FUZZ_YAJL:-instrumented}" = system ]; then
    fuzz_log "yajl: system library (FUZZ_YAJL=system)"
  elif CC=clang "$fuzz_root/scripts/build-yajl-fuzz.sh" "$dir/yajl"; then
    pcpath=$dir/yajl/prefix/lib/pkgconfig
    fuzz_log "yajl: instrumented, $dir/yajl/prefix/lib/libyajl_s.a"
  else
    fuzz_log "yajl: the instrumented build failed (see above): using the system library"
  fi
  # --fresh: the choice of yajl is cached by pkg_check_modules.
  PKG_CONFIG_PATH=$pcpath${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH} CC=clang \
    cmake --fresh -S "$fuzz_root" -B "$dir/cmake" -DHSSC_FUZZ=ON -DHSSC_BUILD_TESTS=OFF \
    -DHSSC_BUILD_CLI=OFF -DCMAKE_BUILD_TYPE= > "$dir/configure.log" 2>&1 ||
    { cat "$dir/configure.log" >&2; return 1; }
  # shellcheck disable=SC2046
  cmake --build "$dir/cmake" -j "${FUZZ_BUILD_JOBS:-2}" $(for t in "$@"; do echo --target "$t"; done) \
    > "$dir/build.log" 2>&1 || { tail -n 40 "$dir/build.log" >&2; return 1; }
  fuzz_log "built: $*"
}

# The last "#N DONE/pulse" status line of a libFuzzer log, and its fields.
fuzz_status() {
  grep -E '^#[0-9]+' "$1" | tail -n 1
}
fuzz_field() {
  # fuzz_field LINE NAME: the value after "NAME:" in a status line
  echo "$1" | sed -n "s|.* $2:\{0,1\} *\([^ ]*\).*|\1|p"
}
