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
 * Speed under the fuzzers (issue 14): libFuzzer calls back on every compare
 * the code executes, UBSan's checks included, so the signer's per-byte
 * paths (hssc_pct_decode, hssc_pct_recode, hssc_pct_first_bad) decide a
 * byte or an escape with looks into 256-aligned tables and masks, not
 * branches; eight bytes that stay as they are, or that each need an
 * escape, go at once; escapes are found by memchr.
 *
 * Floor 0: no other codec file, no dependency. (uriparser's escape
 * functions stop at a NUL byte and pass malformed escapes through; this is
 * short enough to write once without those traps.)
 */
#include <string.h>

#include "hssc_internal.h"

/* Aligned to 16: see the tables below (an index is at most 15). */
_Alignas(16) static const char HEXDIG[] = "0123456789ABCDEF";

/*
 * The tables below are aligned to their 256 bytes: in the fuzz build every
 * index into a table is a checked pointer sum (UBSan), whose compare
 * libFuzzer is called back on; with the table's address a multiple of 256
 * a byte index cannot overflow it, the compiler drops the check, and a
 * look costs what it costs in a release build.
 */

/* RFC 3986 unreserved bytes (A-Z a-z 0-9 - . _ ~), as hssc_is_unreserved:
 * 1 stays as is, 0 is written %XX. Bytes 0x80..0xFF (zero here) are always
 * escaped. A table: the encoder's one look per byte. */
/* clang-format off */
_Alignas(256) static const unsigned char keep[256] = {
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

/* What a byte is to the signer's decoders (pct_walk, hssc_pct_first_bad):
 * bits of its row, none for 0x80..0xFF. They decide a byte or an escape
 * with looks and masks, not branches (each a compare, and a callback, in
 * the fuzz build). */
#define K_QUERY 1u /* unreserved: stays itself in a canonical query */
#define K_PATH 2u  /* unreserved or '/': stays itself in a canonical path */
#define K_HEX 4u   /* a hex digit, either case */
#define K_PCT 8u   /* '%' */
#define K_PLUS 16u /* '+' */
#define K_ESCQ 32u /* ASCII but '%' and unreserved: %XX in a query ('+' as a space) */
#define K_ESCP 64u /* ASCII but '%', unreserved and '/': %XX in a path */
#define U (K_QUERY | K_PATH)
#define H (K_QUERY | K_PATH | K_HEX)
#define S (K_PATH | K_ESCQ)
#define P K_PCT
#define A (K_PLUS | K_ESCQ | K_ESCP)
#define O (K_ESCQ | K_ESCP)
/* clang-format off */
_Alignas(256) static const unsigned char cls[256] = {
    O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, /* 0x00 */
    O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, /* 0x10 */
    O, O, O, O, O, P, O, O, O, O, O, A, O, U, U, S, /* 0x20: % + - . / */
    H, H, H, H, H, H, H, H, H, H, O, O, O, O, O, O, /* 0x30: 0-9 */
    O, H, H, H, H, H, H, U, U, U, U, U, U, U, U, U, /* 0x40: A-O */
    U, U, U, U, U, U, U, U, U, U, U, O, O, O, O, U, /* 0x50: P-Z _ */
    O, H, H, H, H, H, H, U, U, U, U, U, U, U, U, U, /* 0x60: a-o */
    U, U, U, U, U, U, U, U, U, U, U, O, O, O, U, O, /* 0x70: p-z ~ */
};
/* clang-format on */
#undef U
#undef H
#undef S
#undef P
#undef A
#undef O

/* The per-unit helpers below are inlined however the build optimizes: out
 * of line (the fuzz build's -O1 keeps some so), each call and its pointer
 * arguments cost checks and compares per unit. */
#if defined(__GNUC__)
#define UNIT_INLINE static inline __attribute__((always_inline))
#else
#define UNIT_INLINE static inline
#endif

/* 1 when byte c has class bit b, else 0: (x + 127) >> 7 is 1 for a row's
 * bits (1..127), 0 for none. */
UNIT_INLINE unsigned has(unsigned char c, unsigned b)
{
    return ((cls[c] & b) + 127u) >> 7;
}

/* 1 when the three bytes at b are a well-formed %XX escape, else 0. */
UNIT_INLINE unsigned is_escape(const unsigned char b[3])
{
    return (cls[b[0]] >> 3) & ((cls[b[1]] & cls[b[2]]) >> 2) & 1u;
}

/* Byte c outside an escape, '+' a space when plus is 1. */
UNIT_INLINE unsigned raw_byte(unsigned char c, unsigned plus)
{
    return c ^ (((cls[c] >> 4) & plus) * ('+' ^ ' '));
}

/* The value of hex digit c (either case); any value for another byte. */
UNIT_INLINE unsigned hex_digit(unsigned c)
{
    return ((c & 15u) + 9u * ((c >> 6) & 1u)) & 15u;
}

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
    /* From '%' to '%' (memchr): most text has none. */
    if (len == 0) {
        return 0; /* s may be NULL then */
    }
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *end = p + len;
    const unsigned char *q = p;
    while ((q = memchr(q, '%', (size_t)(end - q))) != NULL) {
        if (end - q < 3 || (cls[q[1]] & cls[q[2]] & K_HEX) == 0) {
            return (size_t)(q - p);
        }
        q += 3;
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

/* The upper-case hex digit of x (0..15), by arithmetic (HEXDIG[x] is a
 * checked pointer sum in the fuzz build). */
UNIT_INLINE unsigned hex_upper(unsigned x)
{
    return '0' + x + 7u * ((x + 6u) >> 4);
}

/* What a walk writes: each decoded byte as itself when it has class bit
 * stay or when enc is 0 (decoding), else as %XX. */
typedef struct walk {
    unsigned plus; /* 1: '+' outside an escape is a space */
    unsigned enc;
    unsigned stay; /* K_QUERY or K_PATH */
    unsigned run;  /* the class of eight bytes copied as they are */
    unsigned esc;  /* the class of eight bytes each written %XX (enc 1) */
} walk;

/* One unit, whose first three bytes (or fewer, then zeros) are in b: a
 * well-formed %XX escape (3 bytes long), else one byte. Its bytes as the
 * walk writes them go to w[0..3) (after a byte kept as is, w[1] and w[2]
 * are scratch); *n is how many count. Returns the unit's length. */
UNIT_INLINE unsigned unit_put(walk k, const unsigned char b[3], unsigned char w[3], unsigned *n)
{
    unsigned esc = is_escape(b);
    unsigned m = 0u - esc;
    unsigned d = (((hex_digit(b[1]) << 4) | hex_digit(b[2])) & m) | (raw_byte(b[0], k.plus) & ~m);
    unsigned as_is = has((unsigned char)d, k.stay) | (k.enc ^ 1u);
    unsigned km = 0u - as_is;
    w[0] = (unsigned char)((d & km) | ('%' & ~km));
    w[1] = (unsigned char)hex_upper(d >> 4);
    w[2] = (unsigned char)hex_upper(d & 15u);
    *n = 3 - 2 * as_is;
    return 1 + 2 * esc;
}

/* The units from q while q < stop, four bytes from q and from *o readable
 * and writable for each (one load, one store: in the fuzz build a read or
 * write at an offset from a pointer is a checked sum, a compare more).
 * Returns where the units end (at most two bytes past stop). */
UNIT_INLINE const unsigned char *units4(walk k, const unsigned char *q, const unsigned char *stop,
                                        char **o)
{
    char *at = *o;
    do {
        unsigned char b[4];
        unsigned char w[4] = {0, 0, 0, 0};
        unsigned n = 0;
        memcpy(b, q, 4);
        q += unit_put(k, b, w, &n);
        memcpy(at, w, 4);
        at += n;
    } while (q < stop);
    *o = at;
    return q;
}

/* Whether the eight bytes at q all have class bit c. */
UNIT_INLINE int all_have(const unsigned char *q, unsigned c)
{
    unsigned char b[8];
    memcpy(b, q, 8);
    return (cls[b[0]] & cls[b[1]] & cls[b[2]] & cls[b[3]] & cls[b[4]] & cls[b[5]] & cls[b[6]] &
            cls[b[7]] & c) != 0;
}

/* Whether the four bytes at q all have class bit c. */
UNIT_INLINE int all_have4(const unsigned char *q, unsigned c)
{
    unsigned char b[4];
    memcpy(b, q, 4);
    return (cls[b[0]] & cls[b[1]] & cls[b[2]] & cls[b[3]] & c) != 0;
}

/* Whether the len (4..10) bytes at q all have class bit c: the first and
 * the last four or eight, overlapping. */
static int short_run(const unsigned char *q, size_t len, unsigned c)
{
    const unsigned char *tail = q + len;
    return len >= 8 ? all_have(q, c) && all_have(tail - 8, c)
                    : all_have4(q, c) && all_have4(tail - 4, c);
}

/* Decoded byte d written at o as the walk writes it, no scratch: returns
 * the end of what it wrote. */
static char *put_exact(walk k, unsigned d, char *o)
{
    if (has((unsigned char)d, k.stay) | (k.enc ^ 1u)) {
        *o = (char)d;
        return o + 1;
    }
    return o + hssc_pct_put((unsigned char)d, o);
}

/* Byte c of a run that needs an escape for every byte as %XX at w. */
UNIT_INLINE void esc3(unsigned char *w, unsigned char c, unsigned plus)
{
    unsigned d = raw_byte(c, plus);
    w[0] = '%';
    w[1] = (unsigned char)hex_upper(d >> 4);
    w[2] = (unsigned char)hex_upper(d & 15u);
}

/* The eight bytes at q, each as %XX, to o (24 bytes, one store): the
 * output of such a run moves by a constant, so it costs no compare per
 * byte in the fuzz build. */
UNIT_INLINE void put_escaped8(const unsigned char *q, unsigned plus, char *o)
{
    unsigned char in[8];
    unsigned char w[24];
    memcpy(in, q, 8);
    esc3(w, in[0], plus);
    esc3(w + 3, in[1], plus);
    esc3(w + 6, in[2], plus);
    esc3(w + 9, in[3], plus);
    esc3(w + 12, in[4], plus);
    esc3(w + 15, in[5], plus);
    esc3(w + 18, in[6], plus);
    esc3(w + 21, in[7], plus);
    memcpy(o, w, 24);
}

/* The walk of s into out, which has room for len bytes (enc 0) or 3 * len
 * (enc 1), all of which it may use as scratch. Returns the bytes written. */
static size_t pct_walk(walk k, const char *s, size_t len, char *out)
{
    const unsigned char *q = (const unsigned char *)s;
    char *o = out;
    if (len == 0) {
        return 0; /* s may be NULL then */
    }
    const unsigned char *end = q + len;
    /* A short value that stays as it is (most of a query's): one copy. */
    if (len >= 4 && len < 11 && short_run(q, len, k.run)) {
        memcpy(o, q, len);
        return len;
    }
    /* Eight bytes that stay (none '%' or '+') are copied at once, eight
     * that each need an escape written at once; else the units that start
     * among them one by one, an escape reaching two bytes past: eleven
     * bytes from q are read. */
    if (len >= 11) {
        for (const unsigned char *last = end - 11; q <= last;) {
            if (all_have(q, k.run)) {
                memcpy(o, q, 8);
                o += 8;
                q += 8;
            } else if (k.enc && all_have(q, k.esc)) {
                put_escaped8(q, k.plus, o);
                o += 24;
                q += 8;
            } else {
                q = units4(k, q, q + 8, &o);
            }
        }
    }
    /* Units with four bytes to read and (room past what counts: a unit
     * writes at most as many as it reads, decoding) to write. */
    if (end - q >= 4) {
        q = units4(k, q, end - 3, &o);
    }
    /* The last three bytes at most, where an escape takes all three: each
     * decoded byte written exactly (out may end there). */
    if (end - q == 3 && is_escape(q)) {
        o = put_exact(k, (hex_digit(q[1]) << 4) | hex_digit(q[2]), o);
        q += 3;
    }
    for (; q < end; q++) {
        o = put_exact(k, raw_byte(*q, k.plus), o);
    }
    return (size_t)(o - out);
}

size_t hssc_pct_whole_units(const char *s, size_t n)
{
    return n - (n >= 1 && s[n - 1] == '%' ? 1 : n >= 2 && s[n - 2] == '%' ? 2 : 0);
}

size_t hssc_pct_decode(const char *s, size_t len, int plus_is_space, char *out)
{
    /* Unreserved and '/' decode to themselves: enough to copy a run. */
    const walk k = {plus_is_space != 0, 0, 0, K_PATH, 0};
    return pct_walk(k, s, len, out);
}

size_t hssc_pct_recode(const char *s, size_t len, int plus_is_space, int keep_slash, char *out)
{
    const walk k = {plus_is_space != 0, 1, keep_slash ? K_PATH : K_QUERY,
                    keep_slash ? K_PATH : K_QUERY, keep_slash ? K_ESCP : K_ESCQ};
    return pct_walk(k, s, len, out);
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
