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

#include "cursor.h"
#include "redact.h"

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
        wipe_free(r->s[k].nfa, r->s[k].nfa_size);
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
    if (memchr(secret, '%', len) != NULL) {
        /* Two lists of text offsets (at most 2*len+1 live at once) and a
         * mark per offset (at most 3*len): see pct_match_nfa. */
        e->nfa_size = 2 * (2 * len + 2) * sizeof(size_t) + 3 * len + 4;
        e->nfa = calloc(1, e->nfa_size);
        if (e->nfa == NULL) {
            return -1;
        }
    }
    for (size_t f = 0; f < REDACT_B64_FORMS; f++) {
        if (b64_stable((const unsigned char *)secret, len, f % 3, f < 3 ? b64_std : b64_url,
                       &e->b64[f], &e->b64_len[f]) != 0) {
            return -1;
        }
    }
    return 0;
}

/* The byte of a "%XX" escape at t[p] (n bytes in all), or -1: read with
 * the codec's bounds-checked cursor and hex reader (codec/src/cursor.h,
 * header-only), so hex is decoded in one place. */
static int hex_pair(const unsigned char *t, size_t n, size_t p)
{
    hssc_cursor c = hssc_cursor_span(t, p, n);
    unsigned char b = 0;
    unsigned v = 0;
    if (!hssc_cursor_read(&c, &b) || b != '%' || !hssc_cursor_hex(&c, 2, &v)) {
        return -1;
    }
    return (int)v;
}

/*
 * Matches a secret without '%' at the start of t: each byte as itself or
 * as %XX, a space also as '+'. Without a '%' in the secret a "%XX" of the
 * text can only be an escape, so there is one reading. On a match returns 1
 * with the text length used in *used.
 */
static int pct_match_linear(const unsigned char *s, size_t m, const unsigned char *t, size_t n,
                            size_t *used)
{
    size_t p = 0;
    for (size_t j = 0; j < m; j++) {
        if (p >= n) {
            return 0;
        }
        if (t[p] == s[j] || (t[p] == '+' && s[j] == ' ')) {
            p++;
        } else if (hex_pair(t, n, p) == s[j]) {
            p += 3;
        } else {
            return 0;
        }
    }
    *used = p;
    return 1;
}

/*
 * The same for a secret with a '%': against "%25" in the text, that '%'
 * reads either as the escape or as a literal '%' followed by "25", so the
 * readings are followed all at once, as the set of text offsets reached
 * after j bytes of the secret (offsets lie in [j, 3j], so the set is small
 * and the work per start position at most O(len^2), never exponential).
 * The longest reading wins.
 */
static int pct_match_nfa(const redact_secret *e, const unsigned char *t, size_t n, size_t *used)
{
    const unsigned char *s = (const unsigned char *)e->ptr;
    size_t m = e->len;
    size_t *cur = e->nfa;
    size_t *nxt = cur + (2 * m + 2);
    unsigned char *seen = (unsigned char *)(nxt + (2 * m + 2));
    size_t nc = 1;
    cur[0] = 0;
    for (size_t j = 0; j < m && nc > 0; j++) {
        size_t nn = 0;
        for (size_t k = 0; k < nc; k++) {
            size_t p = cur[k];
            if (p >= n) {
                continue;
            }
            size_t to[2];
            size_t nto = 0;
            if (t[p] == s[j] || (t[p] == '+' && s[j] == ' ')) {
                to[nto++] = p + 1;
            }
            if (hex_pair(t, n, p) == s[j]) {
                to[nto++] = p + 3;
            }
            for (size_t q = 0; q < nto; q++) {
                if (!seen[to[q]]) {
                    seen[to[q]] = 1;
                    nxt[nn++] = to[q];
                }
            }
        }
        for (size_t k = 0; k < nn; k++) {
            seen[nxt[k]] = 0;
        }
        size_t *tmp = cur;
        cur = nxt;
        nxt = tmp;
        nc = nn;
    }
    if (nc == 0) {
        return 0;
    }
    size_t best = 0;
    for (size_t k = 0; k < nc; k++) {
        best = cur[k] > best ? cur[k] : best;
    }
    *used = best;
    return 1;
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
        size_t used = 0;
        int hit = e->nfa != NULL
                      ? pct_match_nfa(e, t, n, &used)
                      : pct_match_linear((const unsigned char *)e->ptr, e->len, t, n, &used);
        if (hit) {
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
