#!/bin/sh
# The project's own C code must not call functions that invite overflows or
# hide errors (curl's checksrc, in miniature).
# usage: banned.sh SOURCE_DIR
set -eu
cd "$1"
# A name counts only as a whole word: the boundary before it is not a letter,
# digit or '_', so explicit_bzero is not bzero, and a banned call on the same
# line as explicit_bzero is still seen.
pattern='(^|[^[:alnum:]_])(strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol|atoll|atof|strncpy|strncat|alloca|tmpnam|mktemp|bzero|memset_s)[[:space:]]*\('
# The pattern itself, on lines it must and must not flag.
for line in 'explicit_bzero(p, n); strcpy(a, b);' 'x = atoi(s);' 'bzero(p, n);' 'if (n) sprintf(b, "%d", n);'; do
    if ! printf '%s\n' "$line" | grep -qE "$pattern"; then
        echo "banned.sh: the pattern misses: $line"; exit 1
    fi
done
for line in 'explicit_bzero(p, n);' 'snprintf(b, n, "%d", n);' 'my_strcpy(a, b);' 'strtoul(s, &e, 10);'; do
    if printf '%s\n' "$line" | grep -qE "$pattern"; then
        echo "banned.sh: the pattern flags a good line: $line"; exit 1
    fi
done
found=$(grep -rnE "$pattern" --include='*.c' --include='*.h' codec cli fuzz tests bench 2>/dev/null || true)
if [ -n "$found" ]; then
    echo "banned functions used:"; echo "$found"; exit 1
fi
echo "no banned function in $(find codec cli fuzz tests bench -name '*.[ch]' 2>/dev/null | wc -l) C files"
