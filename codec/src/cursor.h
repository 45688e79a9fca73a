/*
 * One bounds-checked cursor for input the codec reads by hand (s2n-tls
 * s2n_stuffer_skip_read, picohttpparser CHECK_EOF): every read of a byte
 * goes through it, so there is one place that gets the bounds right. A read
 * past the end fails (returns 0) and leaves the cursor where it was; no
 * caller relies on an earlier check to stay in bounds.
 *
 * Floor 0: header-only, depends on nothing.
 */
#ifndef HSSCODEC_CURSOR_H
#define HSSCODEC_CURSOR_H

#include <stddef.h>
#include <string.h>

typedef struct hssc_cursor {
    const unsigned char *p; /* the input; positions are offsets into it */
    size_t end;             /* one past the last byte that may be read */
    size_t at;              /* the next byte to read */
} hssc_cursor;

/* A cursor over p[from..end) (end <= the length of p). */
static inline hssc_cursor hssc_cursor_span(const void *p, size_t from, size_t end)
{
    hssc_cursor c = {(const unsigned char *)p, end, from <= end ? from : end};
    return c;
}

/* A cursor over all len bytes of p. */
static inline hssc_cursor hssc_cursor_of(const void *p, size_t len)
{
    return hssc_cursor_span(p, 0, len);
}

static inline size_t hssc_cursor_left(const hssc_cursor *c)
{
    return c->end - c->at;
}

/* The byte k places ahead into *out: 1, or 0 when that is past the end. */
static inline int hssc_cursor_peek(const hssc_cursor *c, size_t k, unsigned char *out)
{
    if (k >= hssc_cursor_left(c)) {
        return 0;
    }
    *out = c->p[c->at + k];
    return 1;
}

/* Moves past n bytes: 1, or 0 (cursor unchanged) when fewer are left. */
static inline int hssc_cursor_skip(hssc_cursor *c, size_t n)
{
    if (n > hssc_cursor_left(c)) {
        return 0;
    }
    c->at += n;
    return 1;
}

/* The next n bytes, to read in place: a pointer, or NULL when fewer are
 * left. (The one bounds check for reads of a fixed-size token.) */
static inline const unsigned char *hssc_cursor_look(const hssc_cursor *c, size_t n)
{
    return n <= hssc_cursor_left(c) ? c->p + c->at : NULL;
}

/* Moves to the next byte equal to b (memchr over what is left): 1, or 0
 * (cursor at the end) when there is none. */
static inline int hssc_cursor_find(hssc_cursor *c, unsigned char b)
{
    if (hssc_cursor_left(c) == 0) {
        return 0; /* and p may be NULL then: no memchr */
    }
    if (c->p[c->at] == b) {
        return 1; /* right here: escapes often come in a row */
    }
    const unsigned char *hit = memchr(c->p + c->at, b, hssc_cursor_left(c));
    c->at = hit != NULL ? (size_t)(hit - c->p) : c->end;
    return hit != NULL;
}

/* Reads one byte into *out: 1, or 0 at the end. */
static inline int hssc_cursor_read(hssc_cursor *c, unsigned char *out)
{
    return hssc_cursor_peek(c, 0, out) && hssc_cursor_skip(c, 1);
}

/* The value of an ASCII hex digit, or -1. Two range tests (unsigned
 * wrap-around: a byte below '0' or 'a' lands far above 9 or 5), not six. */
static inline int hssc_hex_value(unsigned char c)
{
    unsigned d = (unsigned)c - '0';
    if (d < 10u) {
        return (int)d;
    }
    unsigned l = ((unsigned)c | 0x20u) - 'a'; /* 'A'..'F' folded onto 'a'..'f' */
    return l < 6u ? (int)l + 10 : -1;
}

/* Reads n (1..7) hex digits into *v: 1, or 0 (cursor unchanged) when fewer
 * than n bytes are left or one of them is not a hex digit. Both hex
 * decoders of the codec (percent escapes, JSON \u escapes) read here. */
static inline int hssc_cursor_hex(hssc_cursor *c, size_t n, unsigned *v)
{
    const unsigned char *d = hssc_cursor_look(c, n);
    if (d == NULL) {
        return 0;
    }
    unsigned x = 0;
    for (size_t k = 0; k < n; k++) {
        int h = hssc_hex_value(d[k]);
        if (h < 0) {
            return 0;
        }
        x = x * 16u + (unsigned)h;
    }
    *v = x;
    c->at += n;
    return 1;
}

#endif /* HSSCODEC_CURSOR_H */
