/*
 * A JSON string's bytes as the pre-lexer (json_clip.c) checks them, inline:
 * which bytes need a look, the run of those that do not (eight at a time),
 * and the pairing of surrogate escapes. They run for every string byte of a
 * capture, so they stay in the one file that includes this header (no
 * call, no floor: docs/architecture.md).
 */
#ifndef HSSC_JSON_CLIP_STRING_H
#define HSSC_JSON_CLIP_STRING_H

#include <stdint.h>
#include <string.h>

#include "json_clip.h"

/* Bytes of a string that need a look: the quote, the backslash, controls,
 * and every non-ASCII byte. */
/* clang-format off */
static const unsigned char hssc_clip_special[256] = {
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
static inline size_t hssc_clip_plain_run(const unsigned char *in, size_t i, size_t stop)
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

/* A \u escape's value is complete: surrogates must pair. */
static inline void hssc_clip_escape_done(hssc_clip *c)
{
    unsigned v = c->hex;
    if (v >= 0xD800 && v <= 0xDBFF) {
        if (c->high) {
            c->flags |= HSSC_CLIP_SURROGATE;
        }
        c->high = 1;
        return;
    }
    if (v >= 0xDC00 && v <= 0xDFFF) {
        if (!c->high) {
            c->flags |= HSSC_CLIP_SURROGATE;
        }
    } else if (c->high) {
        c->flags |= HSSC_CLIP_SURROGATE;
    }
    if (v == 0) {
        c->flags |= HSSC_CLIP_NUL;
    }
    c->high = 0;
}

/* Any unit that is not a \u escape ends a pending high surrogate. */
static inline void hssc_clip_unit_done(hssc_clip *c)
{
    if (c->high) {
        c->flags |= HSSC_CLIP_SURROGATE;
        c->high = 0;
    }
}

#endif
