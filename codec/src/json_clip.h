/*
 * The JSON pre-lexer that stands in front of yajl when a stream is larger
 * than any buffer the codec may hold (captures, check-har).
 *
 * yajl buffers a string token whole and, when the token spans two calls to
 * yajl_parse, rescans it from its start at every call: one 32 MiB string fed
 * in 64 KiB chunks takes seconds and as much memory as the string. So the
 * pre-lexer finds the string tokens itself and
 *
 *  - hands yajl every string of at most max_string raw bytes (between the
 *    quotes) whole, in one call: a string that spans two feeds is held in
 *    the caller's buffer until its closing quote arrives, so yajl never
 *    rescans; numbers and literals are held the same way, so no token ever
 *    spans two calls and yajl's error offsets do not depend on the feeds (a
 *    number or literal longer than max_string is a syntax error);
 *  - clips a longer string: yajl sees its first max_string raw bytes (cut at
 *    a character or escape boundary, so what yajl sees is still valid JSON)
 *    and a closing quote; the rest is read here and dropped;
 *  - checks every string byte itself, clipped or not, with the codec's
 *    strict UTF-8 rule (no overlongs, surrogates, > U+10FFFF; yajl lets
 *    those through), no raw control bytes, only the escapes RFC 8259 names,
 *    and rejects '\v' and '\f' between tokens (yajl takes them for
 *    whitespace). Offsets are exact stream offsets.
 *
 * What yajl cannot see is told in notes: a string that was clipped (with its
 * real raw length), or that holds a \u0000 escape or a lone or mis-paired
 * surrogate escape (yajl turns those into '?' or bytes). A string's note is
 * in the ring before yajl sees that string's closing quote; string tokens
 * (keys and values) are numbered from 0 in stream order, as yajl's callbacks
 * see them.
 *
 * Memory: the caller's buffer of max_string + HSSC_CLIP_SLACK bytes, nothing
 * else; time: linear in the input, whatever the size of any one string.
 */
#ifndef HSSC_JSON_CLIP_H
#define HSSC_JSON_CLIP_H

#include <stddef.h>
#include <stdint.h>

#include "hsscodec/hsscodec.h"

/* Flags of a note. */
enum {
    HSSC_CLIP_CLIPPED = 1u << 0,   /* longer than max_string: yajl saw a prefix */
    HSSC_CLIP_SURROGATE = 1u << 1, /* a lone or mis-paired surrogate escape */
    HSSC_CLIP_NUL = 1u << 2        /* a \u0000 escape */
};

typedef struct hssc_clip_note {
    uint64_t ordinal; /* the string token's number, from 0 */
    uint64_t raw_len; /* its bytes between the quotes, as in the input */
    uint64_t at;      /* stream offset of its opening quote */
    unsigned flags;
} hssc_clip_note;

/* The bytes yajl is to parse next, and the stream offset of p[0]. Returns
 * HSSC_OK to go on; anything else stops the feed and is returned by it. */
typedef hssc_code (*hssc_clip_sink)(void *ctx, const unsigned char *p, size_t n, uint64_t at);

/* A clipped string's cut may fall up to one escape past max_string, and the
 * held copy has both quotes. */
#define HSSC_CLIP_SLACK 16u
#define HSSC_CLIP_NOTES 8u

typedef struct hssc_clip {
    /* set by hssc_clip_init */
    size_t max_string;
    unsigned char *buf;
    hssc_clip_sink sink;
    void *ctx;
    size_t soft; /* see hssc_clip_set_limit */
    size_t (*limit_cb)(void *ctx);
    /* the stream */
    uint64_t off;     /* offset of the next input byte */
    uint64_t strings; /* string tokens opened so far */
    /* a number or literal (true, false, null) being read: its length so
     * far and start; tok: its bytes held in buf at a feed's end */
    uint64_t run;
    uint64_t run_at;
    size_t tok;
    /* the open string */
    uint64_t str_at; /* offset of its opening quote */
    uint64_t raw;    /* its raw bytes so far */
    size_t held;     /* bytes of it in buf (0: not held) */
    unsigned flags;
    unsigned char state;
    uint64_t seq_at;      /* offset of the open UTF-8 sequence's lead byte */
    unsigned char need;   /* UTF-8 continuation bytes still expected */
    unsigned char lo, hi; /* range of the next continuation byte */
    unsigned char hexn;   /* hex digits of a \u escape read so far */
    unsigned hex;         /* their value */
    unsigned char high;   /* the last unit was a high-surrogate escape */
    unsigned char clipped;
    unsigned char asked; /* limit_cb has been asked about it */
    size_t limit;        /* its clip length */
    /* notes, oldest first */
    hssc_clip_note notes[HSSC_CLIP_NOTES];
    unsigned head;
    unsigned count;
    /* the first error: code and stream offset */
    hssc_code code;
    uint64_t err_at;
} hssc_clip;

/*
 * Sets c up. buf (cap bytes, cap >= max_string + HSSC_CLIP_SLACK, max_string
 * >= 1) holds strings that span feeds. Returns HSSC_E_ARGUMENT when cap is
 * too small or a pointer is NULL.
 */
hssc_code hssc_clip_init(hssc_clip *c, size_t max_string, unsigned char *buf, size_t cap,
                         hssc_clip_sink sink, void *ctx);

/*
 * Clips strings at soft raw bytes unless the consumer wants more of one: a
 * string that reaches soft bytes is held while yajl is handed everything
 * before it, then limit(ctx) says how much of it yajl is to see (at most
 * max_string; soft or less cuts it there). So a consumer that needs only a
 * few strings long (a body) keeps yajl's work on the others small.
 */
void hssc_clip_set_limit(hssc_clip *c, size_t soft, size_t (*limit)(void *ctx));

/*
 * Reads the next len bytes of the stream. Returns HSSC_OK, a code from the
 * sink, or a lexical error with c->err_at its stream offset:
 * HSSC_E_UTF8 (invalid UTF-8 in a string), HSSC_E_JSON_SYNTAX (a raw control
 * byte or a bad escape in a string, '\v' or '\f' between tokens). After an
 * error every further feed returns the same error.
 */
hssc_code hssc_clip_feed(hssc_clip *c, const unsigned char *in, size_t len);

/*
 * The end of the stream: hands yajl what is left. A string still open is a
 * syntax error at the end of the stream (yajl would say so too).
 */
hssc_code hssc_clip_finish(hssc_clip *c);

/* The note of string token ordinal, or NULL when it has none (then yajl saw
 * it whole and the pre-lexer found nothing more to say). Notes of earlier
 * tokens are dropped. */
const hssc_clip_note *hssc_clip_note_for(hssc_clip *c, uint64_t ordinal);

/* ---- inside the pre-lexer: json_clip_notes.c ---- */

/* The open string closes with something to say: its note goes into the
 * ring (the oldest goes when the ring is full). */
void hssc_clip_note_add(hssc_clip *c);

#endif
