/*
 * Percent-encoding (RFC 3986: unreserved bytes stay, the rest is %XX in
 * upper-case hex, space is %20) and decoding. The one percent decoder of
 * the codec: the request decoder and the signer's canonical URI and query
 * read escapes through hssc_pct_next().
 *
 * Floor 0: no other codec file, no dependency. (uriparser's escape
 * functions stop at a NUL byte and pass malformed escapes through; this is
 * short enough to write once without those traps.)
 */
#include "hssc_internal.h"

static const char HEXDIG[] = "0123456789ABCDEF";

size_t hssc_pct_encoded_len(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        n += hssc_is_unreserved((unsigned char)s[i]) ? 1 : 3;
    }
    return n;
}

size_t hssc_pct_put(unsigned char c, char *out)
{
    if (hssc_is_unreserved(c)) {
        out[0] = (char)c;
        return 1;
    }
    out[0] = '%';
    out[1] = HEXDIG[c >> 4];
    out[2] = HEXDIG[c & 15];
    return 3;
}

size_t hssc_pct_encode(const char *s, size_t len, char *out)
{
    size_t written = 0;
    for (size_t i = 0; i < len; i++) {
        written += hssc_pct_put((unsigned char)s[i], out + written);
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
    hssc_cursor c = hssc_cursor_of(s, len);
    unsigned char b = 0;
    int r;
    while ((r = hssc_pct_next(&c, 0, &b)) > 0) {
    }
    return r < 0 ? c.at : len;
}

size_t hssc_pct_decode(const char *s, size_t len, int plus_is_space, char *out)
{
    hssc_cursor c = hssc_cursor_of(s, len);
    size_t n = 0;
    unsigned char b = 0;
    int r;
    while ((r = hssc_pct_next(&c, plus_is_space, &b)) != 0) {
        if (r < 0) {
            /* Not reached for checked input; a bad '%' stays itself. */
            b = '%';
            (void)hssc_cursor_skip(&c, 1);
        }
        out[n++] = (char)b;
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
