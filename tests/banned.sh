#!/bin/sh
# The project's own C code must not call functions that invite overflows or
# hide errors (curl's checksrc, in miniature).
# usage: banned.sh SOURCE_DIR
set -eu
cd "$1"
pattern='\b(strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol|atoll|atof|strncpy|strncat|alloca|tmpnam|mktemp|bzero|memset_s)[[:space:]]*\('
found=$(grep -rnE "$pattern" --include='*.c' --include='*.h' codec cli fuzz tests bench 2>/dev/null | grep -v 'explicit_bzero' || true)
if [ -n "$found" ]; then
    echo "banned functions used:"; echo "$found"; exit 1
fi
echo "no banned function in $(find codec cli fuzz tests bench -name '*.[ch]' 2>/dev/null | wc -l) C files"
