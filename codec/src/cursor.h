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

/* Reads one byte into *out: 1, or 0 at the end. */
static inline int hssc_cursor_read(hssc_cursor *c, unsigned char *out)
{
    return hssc_cursor_peek(c, 0, out) && hssc_cursor_skip(c, 1);
}

/* The value of an ASCII hex digit, or -1. */
static inline int hssc_hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Reads n (1..7) hex digits into *v: 1, or 0 (cursor unchanged) when fewer
 * than n bytes are left or one of them is not a hex digit. Both hex
 * decoders of the codec (percent escapes, JSON \u escapes) read here. */
static inline int hssc_cursor_hex(hssc_cursor *c, size_t n, unsigned *v)
{
    unsigned x = 0;
    for (size_t k = 0; k < n; k++) {
        unsigned char b = 0;
        if (!hssc_cursor_peek(c, k, &b) || hssc_hex_value(b) < 0) {
            return 0;
        }
        x = x * 16u + (unsigned)hssc_hex_value(b);
    }
    *v = x;
    c->at += n;
    return 1;
}

#endif /* HSSCODEC_CURSOR_H */
