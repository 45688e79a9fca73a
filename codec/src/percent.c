/*
 * Percent-encoding (RFC 3986: unreserved bytes stay, the rest is %XX in
 * upper-case hex, space is %20) and decoding. The one percent decoder of
 * the codec: the request decoder and the signer's canonical URI and query
 * read escapes through hssc_pct_next().
 *
 * Speed (issue 13): a 256-entry table decides each byte of the encoder,
 * eight bytes that stay are copied at once; the decoder copies the text
 * between escapes whole and checks each escape as it decodes it (one read
 * of a value, where a check and then a decode read its escapes twice).
 *
 * Floor 0: no other codec file, no dependency. (uriparser's escape
 * functions stop at a NUL byte and pass malformed escapes through; this is
 * short enough to write once without those traps.)
 */
#include <string.h>

#include "hssc_internal.h"

static const char HEXDIG[] = "0123456789ABCDEF";

/* RFC 3986 unreserved bytes (A-Z a-z 0-9 - . _ ~), as hssc_is_unreserved:
 * 1 stays as is, 0 is written %XX. Bytes 0x80..0xFF (zero here) are always
 * escaped. A table: the encoder's one look per byte. */
/* clang-format off */
static const unsigned char keep[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x00 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x10 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, /* 0x20: - . */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, /* 0x30: 0-9 */
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x40: A-O */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, /* 0x50: P-Z _ */
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x60: a-o */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0, /* 0x70: p-z ~ */
};
/* clang-format on */

size_t hssc_pct_encoded_len(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 3 * len;
    for (size_t i = 0; i < len; i++) {
        n -= 2u * keep[p[i]];
    }
    return n;
}

size_t hssc_pct_put(unsigned char c, char *out)
{
    out[0] = (char)c;
    if (keep[c]) {
        return 1;
    }
    out[0] = '%';
    out[1] = HEXDIG[c >> 4];
    out[2] = HEXDIG[c & 15];
    return 3;
}

/* Whether the n bytes at q all stay as they are. */
static int all_keep(const unsigned char *q, size_t n)
{
    unsigned k = 1;
    for (size_t b = 0; b < n; b++) {
        k &= keep[q[b]];
    }
    return k != 0;
}

size_t hssc_pct_encode(const char *s, size_t len, char *out)
{
    /* Eight bytes that all stay are copied at once. */
    const unsigned char *p = (const unsigned char *)s;
    size_t written = 0;
    size_t i = 0;
    for (; len - i >= 8; i += 8) {
        const unsigned char *q = p + i;
        if (all_keep(q, 8)) {
            memcpy(out + written, q, 8);
            written += 8;
            continue;
        }
        for (size_t b = 0; b < 8; b++) {
            written += hssc_pct_put(q[b], out + written);
        }
    }
    /* The last 1..7 bytes of a value that has needed no escape so far (out
     * is then s itself so far): when the last eight, or (in a value of 4 to
     * 7 bytes) its first and last four, all stay, they are copied at once,
     * over bytes already written. */
    if (written == i && i < len) {
        if (len >= 8 && all_keep(p + len - 8, 8)) {
            memcpy(out + len - 8, p + len - 8, 8);
            return len;
        }
        if (len >= 4 && len < 8 && all_keep(p, 4) && all_keep(p + len - 4, 4)) {
            memcpy(out, p, 4);
            memcpy(out + len - 4, p + len - 4, 4);
            return len;
        }
    }
    for (; i < len; i++) {
        written += hssc_pct_put(p[i], out + written);
    }
    return written;
}

int hssc_pct_next(hssc_cursor *c, int plus_is_space, unsigned char *out)
{
    unsigned char b = 0;
    if (!hssc_cursor_peek(c, 0, &b)) {
        return 0;
    }
    if (b == '%') {
        hssc_cursor t = *c;
        unsigned v = 0;
        (void)hssc_cursor_skip(&t, 1);
        if (!hssc_cursor_hex(&t, 2, &v)) {
            return -1;
        }
        *c = t;
        *out = (unsigned char)v;
        return 1;
    }
    (void)hssc_cursor_skip(c, 1);
    *out = plus_is_space && b == '+' ? (unsigned char)' ' : b;
    return 1;
}

size_t hssc_pct_first_bad(const char *s, size_t len)
{
    /* From '%' to '%': most text has none. */
    hssc_cursor c = hssc_cursor_of(s, len);
    unsigned char b = 0;
    while (hssc_cursor_find(&c, '%')) {
        if (hssc_pct_next(&c, 0, &b) < 0) {
            return c.at;
        }
    }
    return len;
}

size_t hssc_pct_first_bad_upto(const char *s, size_t len, size_t upto)
{
    /* An escape that starts at or before upto ends before upto + 3: no
     * byte after that can change the answer. */
    size_t end = upto < len && len - upto > 3 ? upto + 3 : len;
    size_t bad = hssc_pct_first_bad(s, end);
    return bad <= upto ? bad : len;
}

/* Copies a run without escapes, '+' a space when plus_is_space. */
static size_t copy_run(const char *s, size_t len, int plus_is_space, char *out)
{
    if (len == 0) {
        return 0; /* s may be NULL then, which memcpy does not allow */
    }
    memcpy(out, s, len);
    if (plus_is_space) {
        char *end = out + len;
        for (char *q = out; (q = memchr(q, '+', (size_t)(end - q))) != NULL; q++) {
            *q = ' ';
        }
    }
    return len;
}

/* hssc_pct_decode_strict of text that holds a '%'. */
static size_t decode_escapes(const char *s, size_t len, int plus_is_space, char *out,
                             size_t *out_len)
{
    /* From '%' to '%': the text between is copied whole, each escape is
     * checked as it is decoded, so a value's escapes are read once. */
    hssc_cursor c = hssc_cursor_of(s, len);
    size_t n = 0;
    for (;;) {
        size_t from = c.at;
        int escape = hssc_cursor_find(&c, '%');
        n += copy_run(s + from, c.at - from, plus_is_space, out + n);
        unsigned char b = 0;
        if (!escape) {
            break;
        }
        if (hssc_pct_next(&c, 0, &b) < 0) {
            *out_len = n;
            return c.at;
        }
        out[n++] = (char)b;
    }
    *out_len = n;
    return len;
}

size_t hssc_pct_decode_strict(const char *s, size_t len, int plus_is_space, char *out,
                              size_t *out_len)
{
    if (len == 0 || memchr(s, '%', len) == NULL) {
        *out_len = copy_run(s, len, plus_is_space, out); /* no escape: most values */
        return len;
    }
    return decode_escapes(s, len, plus_is_space, out, out_len);
}

size_t hssc_pct_decode(const char *s, size_t len, int plus_is_space, char *out)
{
    size_t n = 0;
    size_t at = 0;
    while (at < len) {
        size_t m = 0;
        size_t bad = at + hssc_pct_decode_strict(s + at, len - at, plus_is_space, out + n, &m);
        n += m;
        if (bad == len) {
            break;
        }
        /* Not reached for checked input; a bad '%' stays itself. */
        out[n++] = '%';
        at = bad + 1;
    }
    return n;
}

size_t hssc_pct_raw_offset(const char *s, size_t len, size_t nth)
{
    hssc_cursor c = hssc_cursor_of(s, len);
    unsigned char b = 0;
    for (size_t k = 0; k < nth; k++) {
        int r = hssc_pct_next(&c, 0, &b);
        if (r == 0) {
            break;
        }
        if (r < 0) {
            (void)hssc_cursor_skip(&c, 1);
        }
    }
    return c.at;
}
