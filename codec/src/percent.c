/*
 * Percent-encoding (RFC 3986: unreserved bytes stay, the rest is %XX in
 * upper-case hex, space is %20) and decoding, on uriparser's escape
 * functions. uriparser's unescape passes malformed escapes through, so
 * hssc_pct_first_bad() must approve the text first.
 */
#include <string.h>

#include <uriparser/Uri.h>

#include "hssc_internal.h"

/* uriEscapeExA has no output size and needs 3 * n + 1 bytes: it is fed
 * chunks of at most this many bytes into a buffer on the stack. */
#define CHUNK 256u

static int is_unreserved(unsigned char c)
{
    return hssc_is_alpha(c) || hssc_is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

size_t hssc_pct_encoded_len(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        n += is_unreserved((unsigned char)s[i]) ? 1 : 3;
    }
    return n;
}

size_t hssc_pct_encode(const char *s, size_t len, char *out)
{
    char tmp[3 * CHUNK + 1];
    size_t written = 0;
    size_t used = 0;
    for (size_t at = 0; at < len; at += CHUNK) {
        size_t n = len - at < CHUNK ? len - at : CHUNK;
        const char *end = uriEscapeExA(s + at, s + at + n, tmp, URI_FALSE, URI_FALSE);
        size_t m = (size_t)(end - tmp);
        memcpy(out + written, tmp, m);
        written += m;
        used = m + 1 > used ? m + 1 : used;
    }
    hssc_wipe(tmp, used); /* it held part of a password: wipe what was written */
    return written;
}

size_t hssc_pct_first_bad(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '%' && (len - i < 3 || !hssc_is_hex((unsigned char)s[i + 1]) ||
                            !hssc_is_hex((unsigned char)s[i + 2]))) {
            return i;
        }
    }
    return len;
}

size_t hssc_pct_decode(const char *s, size_t len, int plus_is_space, char *out)
{
    if (len == 0) {
        return 0;
    }
    /* uriUnescapeInPlaceExA works on NUL-terminated text; out has exactly
     * len bytes, so the last byte is decoded separately when needed. The
     * input never holds a raw NUL (uriparser rejected it before). */
    memcpy(out, s, len);
    size_t tail = len;
    if (len >= 3 && s[len - 3] == '%') {
        tail = len - 3;
    } else {
        tail = len - 1;
    }
    char last[4] = {0};
    memcpy(last, s + tail, len - tail);
    out[tail] = '\0';
    const char *end = uriUnescapeInPlaceExA(out, plus_is_space ? URI_TRUE : URI_FALSE,
                                            URI_BR_DONT_TOUCH);
    size_t n = (size_t)(end - out);
    const char *lend = uriUnescapeInPlaceExA(last, plus_is_space ? URI_TRUE : URI_FALSE,
                                             URI_BR_DONT_TOUCH);
    size_t m = (size_t)(lend - last);
    memcpy(out + n, last, m);
    hssc_wipe(last, sizeof(last));
    return n + m;
}

size_t hssc_pct_raw_offset(const char *s, size_t len, size_t nth)
{
    size_t i = 0;
    for (size_t k = 0; k < nth && i < len; k++) {
        i += s[i] == '%' ? 3 : 1;
    }
    return i < len ? i : len;
}
