/* codec/src/text.c: UTF-8 validation, control characters, character counts. */
#include "check_util.h"
#include "hssc_internal.h"

typedef struct scan_case {
    const char *in;
    size_t len;
    hssc_code rc;
    size_t at_or_chars; /* bad offset on failure, character count on success */
} scan_case;

#define S(lit) lit, sizeof(lit) - 1

static const scan_case cases[] = {
    {S(""), HSSC_OK, 0},
    {S("abc"), HSSC_OK, 3},
    {S("\xC3\xA9"), HSSC_OK, 1},         /* U+00E9 */
    {S("\xE2\x82\xAC"), HSSC_OK, 1},     /* U+20AC */
    {S("\xF0\x9F\x98\x80"), HSSC_OK, 1}, /* U+1F600 */
    {S("\xF4\x8F\xBF\xBF"), HSSC_OK, 1}, /* U+10FFFF */
    {S("\xEF\xBF\xBF"), HSSC_OK, 1},     /* U+FFFF: a noncharacter, still a scalar */
    {S("\xC2\xA0"), HSSC_OK, 1},         /* U+00A0: first non-C1 */
    {S("a\x00"
       "b"),
     HSSC_E_CONTROL, 1},
    {S("a\x1F"), HSSC_E_CONTROL, 1},
    {S("ab\x7F"), HSSC_E_CONTROL, 2},
    {S("x\xC2\x80"), HSSC_E_CONTROL, 1},     /* U+0080 C1 */
    {S("x\xC2\x9F"), HSSC_E_CONTROL, 1},     /* U+009F C1 */
    {S("\x1B[31m"), HSSC_E_CONTROL, 0},      /* ESC */
    {S("ab\x80"), HSSC_E_UTF8, 2},           /* lone continuation */
    {S("\xC0\xAF"), HSSC_E_UTF8, 0},         /* overlong '/' */
    {S("\xC1\xBF"), HSSC_E_UTF8, 0},         /* overlong */
    {S("\xE0\x80\xAF"), HSSC_E_UTF8, 0},     /* overlong 3-byte */
    {S("\xF0\x80\x80\xAF"), HSSC_E_UTF8, 0}, /* overlong 4-byte */
    {S("a\xED\xA0\x80"), HSSC_E_UTF8, 1},    /* U+D800 */
    {S("a\xED\xBF\xBF"), HSSC_E_UTF8, 1},    /* U+DFFF */
    {S("\xF4\x90\x80\x80"), HSSC_E_UTF8, 0}, /* U+110000 */
    {S("\xF5\x80\x80\x80"), HSSC_E_UTF8, 0},
    {S("\xFF"), HSSC_E_UTF8, 0},
    {S("ok\xE2\x82"), HSSC_E_UTF8, 2},           /* truncated */
    {S("ok\xF0\x9F\x98"), HSSC_E_UTF8, 2},       /* truncated */
    {S("\xE2\x28\xA1"), HSSC_E_UTF8, 0},         /* bad second byte */
    {S("\xF0\x9F\x28\x80"), HSSC_E_UTF8, 0},     /* bad third byte */
    {S("\xF8\x88\x80\x80\x80"), HSSC_E_UTF8, 0}, /* 5-byte form */
};

START_TEST(scan_table)
{
    const scan_case *c = &cases[_i];
    char *in = guard_copy(c->in, c->len);
    size_t chars = 12345;
    size_t bad = 12345;
    hssc_code rc = hssc_text_scan(in, c->len, &chars, &bad);
    ck_assert_msg(rc == c->rc, "case %d: rc %s", _i, hssc_code_name(rc));
    if (rc == HSSC_OK) {
        ck_assert_uint_eq(chars, c->at_or_chars);
    } else {
        ck_assert_uint_eq(bad, c->at_or_chars);
    }
    guard_free(in, c->len);
}
END_TEST

START_TEST(every_single_byte)
{
    /* A single byte is valid text exactly when it is printable ASCII. */
    for (unsigned b = 0; b < 256; b++) {
        char c = (char)b;
        size_t chars = 0;
        size_t bad = 99;
        hssc_code rc = hssc_text_scan(&c, 1, &chars, &bad);
        hssc_code want =
            (b >= 0x20 && b < 0x7F) ? HSSC_OK : (b < 0x80 ? HSSC_E_CONTROL : HSSC_E_UTF8);
        ck_assert_msg(rc == want, "byte %02x: %s", b, hssc_code_name(rc));
        if (rc != HSSC_OK) {
            ck_assert_uint_eq(bad, 0);
        }
    }
}
END_TEST

START_TEST(char_offset)
{
    const char *s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z";
    size_t len = strlen(s);
    ck_assert_uint_eq(hssc_text_char_offset(s, len, 0), 0);
    ck_assert_uint_eq(hssc_text_char_offset(s, len, 1), 1);
    ck_assert_uint_eq(hssc_text_char_offset(s, len, 2), 3);
    ck_assert_uint_eq(hssc_text_char_offset(s, len, 3), 6);
    ck_assert_uint_eq(hssc_text_char_offset(s, len, 4), 10);
    ck_assert_uint_eq(hssc_text_char_offset(s, len, 5), 11);
    ck_assert_uint_eq(hssc_text_char_offset(s, len, 9), 11);
}
END_TEST

/* ---- the word-at-a-time paths against a byte-by-byte reference ---- */

/* Length of the valid UTF-8 sequence at p (left bytes remain), 0 if there
 * is none: decoded and range-checked, written from RFC 3629 rather than
 * from the codec's tables. */
static size_t ref_seq(const unsigned char *p, size_t left, uint32_t *cp_out)
{
    unsigned c = p[0];
    size_t need;
    uint32_t cp;
    uint32_t min;
    if (c < 0x80) {
        *cp_out = c;
        return 1;
    }
    if (c >= 0xC0 && c <= 0xDF) {
        need = 1, cp = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2, cp = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF7) {
        need = 3, cp = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (left < need + 1) {
        return 0;
    }
    for (size_t k = 1; k <= need; k++) {
        if ((p[k] & 0xC0) != 0x80) {
            return 0;
        }
        cp = (cp << 6) | (p[k] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return 0;
    }
    *cp_out = cp;
    return need + 1;
}

/* Checks every scanning function on (s, len) against the reference. */
static void check_against_ref(const unsigned char *s, size_t len)
{
    size_t bad = len;
    size_t ctl = len;
    size_t chars = 0;
    int ascii = 1;
    for (size_t i = 0; i < len; i++) {
        ascii = ascii && s[i] < 0x80;
    }
    for (size_t i = 0; i < len;) {
        uint32_t cp = 0;
        size_t n = ref_seq(s + i, len - i, &cp);
        if (n == 0) {
            bad = i;
            break;
        }
        if (ctl == len && (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))) {
            ctl = i;
        }
        chars++;
        i += n;
    }
    /* Plain comparisons, one assertion at the end: a Check assertion per
     * case would cost a system call each. */
    const char *t = (const char *)s;
    size_t got_ctl = 99;
    size_t got_chars = 99;
    int ok = hssc_text_scan_ex(t, len, &got_ctl, &got_chars) == bad && got_ctl == ctl &&
             got_chars == chars && hssc_utf8_first_bad(t, len) == bad &&
             hssc_is_ascii(t, len) == ascii;
    size_t at = 99;
    size_t n = 99;
    hssc_code rc = hssc_text_scan(t, len, &n, &at);
    if (ctl < bad) {
        ok = ok && rc == HSSC_E_CONTROL && at == ctl;
    } else if (bad < len) {
        ok = ok && rc == HSSC_E_UTF8 && at == bad;
    } else {
        ok = ok && rc == HSSC_OK && n == chars;
    }
    if (!ok) {
        ck_abort_msg("scan of %zu bytes differs from the reference (bad %zu, ctl %zu, chars %zu)",
                     len, bad, ctl, chars);
    }
}

START_TEST(words_match_reference)
{
    /* Every byte pair, and every lead byte with edge continuations, at
     * offsets that put it at the start, inside, across and at the end of
     * the 8-byte words, in texts of every length up to 24 (printable
     * ASCII around it), all inside a guard-page copy. */
    static const unsigned char edges[] = {0x00, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xFF};
    static const size_t lens[] = {1, 2, 3, 5, 7, 8, 9, 11, 15, 16, 17, 24};
    unsigned char buf[24];
    for (size_t li = 0; li < sizeof(lens) / sizeof(lens[0]); li++) {
        size_t len = lens[li];
        unsigned char *g = (unsigned char *)guard_copy(buf, len);
        for (size_t at = 0; at < len; at++) {
            for (unsigned a = 0; a < 256; a++) {
                for (size_t e = 0; e < sizeof(edges); e++) {
                    memset(g, 'a', len);
                    g[at] = (unsigned char)a;
                    for (size_t k = at + 1; k < len && k < at + 4; k++) {
                        g[k] = edges[(e + k - at - 1) % sizeof(edges)];
                    }
                    check_against_ref(g, len);
                }
            }
        }
        guard_free((char *)g, len);
    }
    /* Every two-byte sequence inside a 24-byte text, and a control or an
     * invalid byte after valid multi-byte text (the first problem wins). */
    for (unsigned a = 0; a < 65536; a++) {
        memset(buf, 'b', sizeof(buf));
        buf[13] = (unsigned char)(a >> 8);
        buf[14] = (unsigned char)a;
        check_against_ref(buf, sizeof(buf));
    }
    static const char mixed[] = "\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80"
                                "abc\x1F\xC0\xAF";
    for (size_t len = 0; len <= sizeof(mixed) - 1; len++) {
        check_against_ref((const unsigned char *)mixed, len);
    }
}
END_TEST

/* hssc_visible_first_bad against a byte loop: every byte value at every
 * offset of texts of lengths that put it in the 32-byte blocks, the 8-byte
 * words and the tail (visible ASCII around it), inside a guard-page copy. */
START_TEST(visible_first_bad_matches_reference)
{
    static const size_t lens[] = {0, 1, 7, 8, 9, 31, 32, 33, 40, 63, 64, 65, 71, 72, 100};
    unsigned char buf[100];
    for (size_t li = 0; li < sizeof(lens) / sizeof(lens[0]); li++) {
        size_t len = lens[li];
        unsigned char *g = (unsigned char *)guard_copy(buf, len);
        for (size_t at = 0; at <= len; at++) {
            for (unsigned a = 0; a < 256; a++) {
                memset(g, '~', len);
                if (at < len) {
                    g[at] = (unsigned char)a;
                }
                size_t want = len;
                for (size_t i = 0; i < len; i++) {
                    if (g[i] < 0x21 || g[i] > 0x7E) {
                        want = i;
                        break;
                    }
                }
                size_t got = hssc_visible_first_bad((const char *)g, len);
                ck_assert_msg(got == want, "len %zu, byte 0x%02x at %zu: %zu, want %zu", len, a, at,
                              got, want);
            }
        }
        guard_free((char *)g, len);
    }
}
END_TEST

static const hssc_row text_rows[] = {
    HSSC_TCASE("scan", 0),
    HSSC_LOOP(scan_table, HSSC_NELEM(cases)),
    HSSC_TEST(every_single_byte),
    HSSC_TEST(char_offset),
    HSSC_TEST(words_match_reference),
    HSSC_TEST(visible_first_bad_matches_reference),
};

HSSC_CHECK_MAIN("text", text_rows)
