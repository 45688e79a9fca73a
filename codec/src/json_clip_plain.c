/*
 * The plain bytes of a JSON string, for the pre-lexer (json_clip.h): which
 * bytes need a look, and the run of those that do not, eight at a time.
 */
#include <string.h>

#include "json_clip.h"

/* Bytes of a string that need a look: the quote, the backslash, controls,
 * and every non-ASCII byte. */
/* clang-format off */
const unsigned char hssc_clip_special[256] = {
    /* 0x00..0x1F */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    /* 0x20..0x7F: '"' (0x22) and '\\' (0x5C) */
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    /* 0x80..0xFF */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};
/* clang-format on */

/* The end of the run of plain string bytes from i (before stop): eight at
 * a time while no byte of a word is special (below 0x20, '"', '\\', or
 * 0x80 and up; the zero-byte tests may flag a word too many, never too
 * few), then byte by byte. */
size_t hssc_clip_plain_run(const unsigned char *in, size_t i, size_t stop)
{
    const uint64_t ones = 0x0101010101010101ull;
    const uint64_t high = 0x8080808080808080ull;
    while (stop - i >= 8) {
        uint64_t w;
        memcpy(&w, in + i, 8);
        uint64_t q = w ^ (ones * '"');
        uint64_t bs = w ^ (ones * '\\');
        uint64_t flag =
            (w | ((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((bs - ones) & ~bs)) & high;
        if (flag != 0) {
            break;
        }
        i += 8;
    }
    while (i < stop && !hssc_clip_special[in[i]]) {
        i++;
    }
    return i;
}
