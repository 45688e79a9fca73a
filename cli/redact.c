/*
 * Redaction of known secrets in every form a server may echo them in
 * (redact.h). Why a liberal percent matcher rather than a list of encoded
 * strings: encoders disagree on which bytes they leave raw (RFC 3986
 * unreserved, Python's quote keeps '/', encodeURI keeps '+' and '&'), so
 * each byte of the secret is accepted as itself or as any %XX spelling of
 * it; that is every percent form at once.
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include <stdlib.h>
#include <string.h>

#include "redact.h"

/* Branch points explored per start position before the matcher gives up
 * and reports the longest span the match could have (over-redaction, never
 * a leak). Only a '%' of the secret against "%25" in the text branches. */
#define PCT_BUDGET 1024

void redact_init(redact_set *r)
{
    memset(r, 0, sizeof(*r));
}

static void wipe_free(void *p, size_t n)
{
    if (p != NULL) {
        explicit_bzero(p, n);
        free(p);
    }
}

void redact_free(redact_set *r)
{
    for (size_t k = 0; k < r->n; k++) {
        for (size_t f = 0; f < REDACT_B64_FORMS; f++) {
            wipe_free(r->s[k].b64[f], r->s[k].b64_len[f]);
        }
    }
    memset(r, 0, sizeof(*r));
}

static const char b64_std[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char b64_url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/*
 * The characters of base64(prefix of `align` bytes, secret, ...) that depend
 * on the secret alone: character j covers bits [6j, 6j+6) of the data and
 * the secret covers [8*align, 8*(align+len)).
 */
static int b64_stable(const unsigned char *s, size_t len, size_t align, const char *alpha,
                      char **out, size_t *out_len)
{
    size_t lo = (8 * align + 5) / 6;
    size_t hi = 8 * (align + len) / 6;
    *out = NULL;
    *out_len = 0;
    if (hi <= lo) {
        return 0; /* no character depends on the secret alone */
    }
    char *frag = malloc(hi - lo);
    if (frag == NULL) {
        return -1;
    }
    for (size_t j = lo; j < hi; j++) {
        size_t bit = 6 * j;
        /* Bits [bit, bit+6) span at most two bytes of prefix+secret; the
         * prefix bytes are never read (j >= lo). */
        size_t byte = bit / 8 - align;
        unsigned v = (unsigned)s[byte] << 8;
        if (bit % 8 > 2) {
            v |= s[byte + 1];
        }
        frag[j - lo] = alpha[(v >> (10 - bit % 8)) & 63];
    }
    *out = frag;
    *out_len = hi - lo;
    return 0;
}

int redact_add(redact_set *r, const char *secret, size_t len)
{
    if (secret == NULL || len == 0) {
        return 0;
    }
    if (r->n == REDACT_MAX_SECRETS) {
        return -1;
    }
    redact_secret *e = &r->s[r->n];
    memset(e, 0, sizeof(*e));
    e->ptr = secret;
    e->len = len;
    r->n++; /* counted now, so redact_free wipes a half-built entry */
    for (size_t f = 0; f < REDACT_B64_FORMS; f++) {
        if (b64_stable((const unsigned char *)secret, len, f % 3, f < 3 ? b64_std : b64_url,
                       &e->b64[f], &e->b64_len[f]) != 0) {
            return -1;
        }
    }
    return 0;
}

static int hexval(unsigned char c)
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

static size_t min_size(size_t a, size_t b)
{
    return a < b ? a : b;
}

/*
 * Matches secret s (m bytes, m > 0) at the start of t (n bytes): each byte
 * as itself or as %XX, a space also as '+'. On a match returns 1 with the
 * longest text length used in *used.
 */
static int pct_match(const unsigned char *s, size_t m, const unsigned char *t, size_t n,
                     size_t *budget, size_t *used)
{
    size_t j = 0;
    size_t p = 0;
    size_t best = 0;
    int found = 0;
    while (j < m) {
        if (p >= n) {
            goto out;
        }
        unsigned char c = t[p];
        int dec = -1;
        if (c == '%' && n - p >= 3 && hexval(t[p + 1]) >= 0 && hexval(t[p + 2]) >= 0) {
            dec = hexval(t[p + 1]) * 16 + hexval(t[p + 2]);
        }
        int lit = c == s[j] || (c == '+' && s[j] == ' ');
        if (dec == s[j]) {
            if (lit) {
                /* s[j] is '%' and the text has "%25": try the literal
                 * reading too. */
                if (*budget == 0) {
                    found = 1;
                    best = p + min_size(3 * (m - j), n - p);
                    goto out;
                }
                (*budget)--;
                size_t u = 0;
                if (j + 1 == m) {
                    found = 1;
                    best = p + 1 > best ? p + 1 : best;
                } else if (pct_match(s + j + 1, m - j - 1, t + p + 1, n - p - 1, budget, &u)) {
                    found = 1;
                    best = p + 1 + u > best ? p + 1 + u : best;
                }
            }
            p += 3;
            j++;
        } else if (lit) {
            p++;
            j++;
        } else {
            goto out;
        }
    }
    found = 1;
    best = p > best ? p : best;
out:
    if (found) {
        *used = best;
    }
    return found;
}

size_t redact_match_at(const redact_set *r, size_t k, const char *text, size_t len, size_t i)
{
    const redact_secret *e = &r->s[k];
    const unsigned char *t = (const unsigned char *)text + i;
    size_t n = len - i;
    size_t best = 0;
    if (n == 0) {
        return 0;
    }
    unsigned char first = (unsigned char)e->ptr[0];
    if (t[0] == first || t[0] == '%' || (t[0] == '+' && first == ' ')) {
        size_t budget = PCT_BUDGET;
        size_t used = 0;
        if (pct_match((const unsigned char *)e->ptr, e->len, t, n, &budget, &used)) {
            best = used;
        }
    }
    for (size_t f = 0; f < REDACT_B64_FORMS; f++) {
        size_t fl = e->b64_len[f];
        if (fl > best && fl <= n && memcmp(t, e->b64[f], fl) == 0) {
            best = fl;
        }
    }
    return best;
}

static size_t longest(const redact_set *r, const char *text, size_t len, size_t i)
{
    size_t best = 0;
    for (size_t k = 0; k < r->n; k++) {
        size_t m = redact_match_at(r, k, text, len, i);
        best = m > best ? m : best;
    }
    return best;
}

size_t redact_scan(const redact_set *r, const char *text, size_t len, redact_emit_fn emit,
                   void *ctx)
{
    size_t kept = 0;
    size_t spans = 0;
    size_t i = 0;
    while (r != NULL && r->n > 0 && i < len) {
        size_t m = longest(r, text, len, i);
        if (m == 0) {
            i++;
            continue;
        }
        /* Merge every match that starts inside the span (or right after
         * it) and ends past it: kept and redacted pieces alternate. */
        size_t end = i + m;
        for (size_t k = i + 1; k <= end && k < len; k++) {
            size_t m2 = longest(r, text, len, k);
            end = k + m2 > end ? k + m2 : end;
        }
        if (i > kept) {
            emit(ctx, text + kept, i - kept, 0);
        }
        emit(ctx, text + i, end - i, 1);
        spans++;
        i = end;
        kept = end;
    }
    if (len > kept) {
        emit(ctx, text + kept, len - kept, 0);
    }
    return spans;
}
