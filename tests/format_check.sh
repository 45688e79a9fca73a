#!/bin/sh
# The tree is formatted with .clang-format (clang-format 14, Debian 12's
# clang-format package). Fails listing every file clang-format would change.
# Usage: format_check.sh SOURCE_DIR
set -eu
src=${1:?usage: format_check.sh SOURCE_DIR}
cd "$src"
cf=$(command -v clang-format-14 || command -v clang-format) || {
    echo "format_check: clang-format not found (scripts/setup-deps.sh installs it)" >&2
    exit 1
}
if [ -e .git ]; then
    files=$(git ls-files '*.c' '*.h')
else
    files=$(find codec cli fuzz tests bench -name '*.c' -o -name '*.h')
fi
# Control: a file that breaks the style must be refused, or the check proves nothing.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp .clang-format "$tmp/"
printf 'int f(int x){ if(x) {return 1;} return 0; }\n' >"$tmp/bad.c"
if (cd "$tmp" && "$cf" --style=file --dry-run --Werror bad.c >/dev/null 2>&1); then
    echo "format_check: control failed: clang-format accepted a misformatted file" >&2
    exit 1
fi
bad=0
n=0
for f in $files; do
    n=$((n + 1))
    if ! "$cf" --style=file --dry-run --Werror "$f" >/dev/null 2>&1; then
        echo "format_check: $f is not formatted; run: $cf -i $f" >&2
        bad=$((bad + 1))
    fi
done
if [ "$n" -eq 0 ]; then
    echo "format_check: no C files found under $src" >&2
    exit 1
fi
echo "format_check: $n files, $bad not formatted"
[ "$bad" -eq 0 ]
