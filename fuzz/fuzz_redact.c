/*
 * Target functions: redact_init, redact_add, redact_scan, redact_free
 * (cli/redact.c, the CLI's one redaction routine).
 *
 * Input: byte 0 picks how many secrets (1..3); then each secret is one
 * length byte (1..40 after a modulo) and that many bytes; the rest is the
 * text. Secrets and text are both fuzzed; a secret may be any bytes.
 *
 * Invariants, against references written here from DESIGN.md and not from
 * cli/redact.c:
 *  - the pieces are never empty, alternate kept/redacted, and concatenated
 *    are exactly the text; the count returned is the number of redacted
 *    pieces; the printed size (kept bytes + 3 per redacted piece) is at
 *    most 3 x the text;
 *  - whatever the text, no kept piece holds any form of any secret: the
 *    secret percent-encoded in any mix (each byte raw or %XX in either hex
 *    case, a space also '+': a bit-parallel matcher below), or the
 *    stable inner part of its base64 encoding, standard or URL-safe, at
 *    each of the three alignments (an encoder below);
 *  - a text that holds no form of any secret comes back unchanged (one
 *    kept piece, nothing redacted).
 */
#define _GNU_SOURCE /* memmem */
#include "fuzz_common.h"
#include "redact.h"

#define MAX_SECRET 40
/* The bit-parallel matcher keeps one bit per secret byte in a uint64_t. */
_Static_assert(MAX_SECRET < 64, "the matcher's state is one uint64_t");

typedef struct pieces {
    const char *text;
    size_t len;
    size_t at; /* bytes of text covered so far */
    int last;
    size_t redacted;
    size_t printed;
    /* kept pieces, for the form check */
    size_t kept_off[4096];
    size_t kept_len[4096];
    size_t n_kept;
} pieces;

static void on_piece(void *ctx, const char *p, size_t n, int redacted)
{
    pieces *c = ctx;
    FUZZ_CHECK(n > 0);
    FUZZ_CHECK(c->last != redacted);
    FUZZ_CHECK(p == c->text + c->at && n <= c->len - c->at);
    c->last = redacted;
    c->at += n;
    if (redacted) {
        c->redacted++;
        c->printed += 3;
    } else {
        FUZZ_CHECK(c->n_kept < sizeof(c->kept_off) / sizeof(c->kept_off[0]));
        c->kept_off[c->n_kept] = (size_t)(p - c->text);
        c->kept_len[c->n_kept] = n;
        c->n_kept++;
        c->printed += n;
    }
}

static int ref_hex(unsigned char c)
{
    const char *h = "0123456789abcdef0123456789ABCDEF";
    const char *q = c != 0 ? strchr(h, c) : NULL;
    return q == NULL ? -1 : (int)((q - h) % 16);
}

/* 1 if some percent form of s (m bytes) occurs in t (n bytes). A
 * bit-parallel matcher (shift-and over the secret's positions): d[p] holds
 * bit j when s[0..j) can be read from some t[q..p); a byte of t extends j
 * by one when it is s[j] (or '+' for a space), an escape %XX extends it
 * three bytes on when XX is s[j]; bit m is a whole form. One pass over t
 * instead of a table of m x n cells (checked against that dynamic
 * program on 3 M random cases before it replaced it). */
static int ref_pct_occurs(const unsigned char *s, size_t m, const unsigned char *t, size_t n)
{
    FUZZ_CHECK(m <= MAX_SECRET && n <= 4096);
    if (m == 0) {
        return n > 0;
    }
    uint64_t eq[256]; /* bit j: s[j] is this byte */
    memset(eq, 0, sizeof(eq));
    for (size_t j = 0; j < m; j++) {
        eq[s[j]] |= (uint64_t)1 << j;
    }
    const uint64_t done = (uint64_t)1 << m;
    uint64_t d[4] = {1, 1, 1, 1}; /* d[p], ..., d[p + 3], by p % 4 */
    for (size_t p = 0; p < n; p++) {
        uint64_t cur = d[p % 4];
        d[p % 4] = 1;
        uint64_t lit = eq[t[p]] | (t[p] == '+' ? eq[' '] : 0);
        d[(p + 1) % 4] |= (cur & lit) << 1;
        if (t[p] == '%' && p + 3 <= n) {
            int hi = ref_hex(t[p + 1]);
            int lo = ref_hex(t[p + 2]);
            if (hi >= 0 && lo >= 0) {
                d[(p + 3) % 4] |= (cur & eq[hi * 16 + lo]) << 1;
            }
        }
        if (((d[(p + 1) % 4] | d[(p + 3) % 4]) & done) != 0) {
            return 1;
        }
    }
    return 0;
}

/* Plain base64 of (d, n), no padding needed (whole groups are encoded). */
static size_t ref_b64(const unsigned char *d, size_t n, int url, char *out)
{
    const char *a = url ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                        : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    for (size_t i = 0; i + 3 <= n; i += 3) {
        unsigned long v = (unsigned long)d[i] << 16 | (unsigned long)d[i + 1] << 8 | d[i + 2];
        for (int k = 3; k >= 0; k--) {
            out[o++] = a[(v >> (6 * k)) & 63];
        }
    }
    return o;
}

/* The characters of base64(align zero bytes, s, ...) that only s decides:
 * a character covers 6 bits, s covers bits [8*align, 8*(align+m)). */
static size_t ref_stable(const unsigned char *s, size_t m, size_t align, int url, char *out)
{
    unsigned char d[MAX_SECRET + 8] = {0};
    memcpy(d + align, s, m);
    size_t total = align + m + 2;
    total -= total % 3;
    char enc[2 * (MAX_SECRET + 8)];
    size_t el = ref_b64(d, total, url, enc);
    size_t n = 0;
    for (size_t j = 0; j < el; j++) {
        if (6 * j >= 8 * align && 6 * j + 6 <= 8 * (align + m)) {
            out[n++] = enc[j];
        }
    }
    return n;
}

static int ref_occurs(const unsigned char *s, size_t m, const unsigned char *t, size_t n)
{
    if (ref_pct_occurs(s, m, t, n)) {
        return 1;
    }
    for (size_t f = 0; f < 6; f++) {
        char st[2 * MAX_SECRET];
        size_t sl = ref_stable(s, m, f % 3, f >= 3, st);
        /* One search (memmem) rather than a memcmp per position: under
         * libFuzzer each memcmp is a hooked call. */
        if (sl > 0 && sl <= n && memmem(t, n, st, sl) != NULL) {
            return 1;
        }
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096) {
        return 0;
    }
    size_t n_secrets = data[0] % 3 + 1;
    size_t at = 1;
    char *secret[3] = {NULL, NULL, NULL};
    size_t secret_len[3] = {0, 0, 0};
    redact_set r;
    redact_init(&r);
    for (size_t k = 0; k < n_secrets; k++) {
        if (at >= size) {
            n_secrets = k;
            break;
        }
        size_t m = data[at++] % MAX_SECRET + 1;
        if (m > size - at) {
            m = size - at;
        }
        if (m == 0) {
            n_secrets = k;
            break;
        }
        secret[k] = fuzz_copy(data + at, m);
        secret_len[k] = m;
        at += m;
        FUZZ_CHECK(redact_add(&r, secret[k], m) == 0);
    }
    size_t len = size - at;
    char *text = fuzz_copy(data + at, len);

    static pieces c;
    c.text = text;
    c.len = len;
    c.at = 0;
    c.last = -1;
    c.redacted = 0;
    c.printed = 0;
    c.n_kept = 0;
    size_t spans = redact_scan(&r, text, len, on_piece, &c);
    FUZZ_CHECK(c.at == len);
    FUZZ_CHECK(spans == c.redacted);
    FUZZ_CHECK(c.printed <= 3 * len);

    /* A text without any form of any secret is unchanged. */
    int any = 0;
    for (size_t k = 0; k < n_secrets && !any; k++) {
        any = ref_occurs((const unsigned char *)secret[k], secret_len[k],
                         (const unsigned char *)text, len);
    }
    if (!any) {
        FUZZ_CHECK(spans == 0);
        FUZZ_CHECK(len == 0 || (c.n_kept == 1 && c.kept_len[0] == len));
    } else {
        /* No form of any secret survives in what is printed as is. (With
         * no form in the whole text, none is in a kept piece, which is a
         * part of it: the check above proves this one then.) */
        for (size_t i = 0; i < c.n_kept; i++) {
            for (size_t k = 0; k < n_secrets; k++) {
                FUZZ_CHECK(!ref_occurs((const unsigned char *)secret[k], secret_len[k],
                                       (const unsigned char *)text + c.kept_off[i], c.kept_len[i]));
            }
        }
    }

    redact_free(&r);
    fuzz_free(text, len);
    for (size_t k = 0; k < n_secrets; k++) {
        fuzz_free(secret[k], secret_len[k]);
    }
    return 0;
}
