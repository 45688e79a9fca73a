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
    {S("\xC3\xA9"), HSSC_OK, 1},                  /* U+00E9 */
    {S("\xE2\x82\xAC"), HSSC_OK, 1},              /* U+20AC */
    {S("\xF0\x9F\x98\x80"), HSSC_OK, 1},          /* U+1F600 */
    {S("\xF4\x8F\xBF\xBF"), HSSC_OK, 1},          /* U+10FFFF */
    {S("\xEF\xBF\xBF"), HSSC_OK, 1},              /* U+FFFF: a noncharacter, still a scalar */
    {S("\xC2\xA0"), HSSC_OK, 1},                  /* U+00A0: first non-C1 */
    {S("a\x00" "b"), HSSC_E_CONTROL, 1},
    {S("a\x1F"), HSSC_E_CONTROL, 1},
    {S("ab\x7F"), HSSC_E_CONTROL, 2},
    {S("x\xC2\x80"), HSSC_E_CONTROL, 1},          /* U+0080 C1 */
    {S("x\xC2\x9F"), HSSC_E_CONTROL, 1},          /* U+009F C1 */
    {S("\x1B[31m"), HSSC_E_CONTROL, 0},           /* ESC */
    {S("ab\x80"), HSSC_E_UTF8, 2},                /* lone continuation */
    {S("\xC0\xAF"), HSSC_E_UTF8, 0},              /* overlong '/' */
    {S("\xC1\xBF"), HSSC_E_UTF8, 0},              /* overlong */
    {S("\xE0\x80\xAF"), HSSC_E_UTF8, 0},          /* overlong 3-byte */
    {S("\xF0\x80\x80\xAF"), HSSC_E_UTF8, 0},      /* overlong 4-byte */
    {S("a\xED\xA0\x80"), HSSC_E_UTF8, 1},         /* U+D800 */
    {S("a\xED\xBF\xBF"), HSSC_E_UTF8, 1},         /* U+DFFF */
    {S("\xF4\x90\x80\x80"), HSSC_E_UTF8, 0},      /* U+110000 */
    {S("\xF5\x80\x80\x80"), HSSC_E_UTF8, 0},
    {S("\xFF"), HSSC_E_UTF8, 0},
    {S("ok\xE2\x82"), HSSC_E_UTF8, 2},            /* truncated */
    {S("ok\xF0\x9F\x98"), HSSC_E_UTF8, 2},        /* truncated */
    {S("\xE2\x28\xA1"), HSSC_E_UTF8, 0},          /* bad second byte */
    {S("\xF0\x9F\x28\x80"), HSSC_E_UTF8, 0},      /* bad third byte */
    {S("\xF8\x88\x80\x80\x80"), HSSC_E_UTF8, 0},  /* 5-byte form */
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
        hssc_code want = (b >= 0x20 && b < 0x7F) ? HSSC_OK : (b < 0x80 ? HSSC_E_CONTROL : HSSC_E_UTF8);
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

static Suite *text_suite(void)
{
    Suite *s = suite_create("text");
    TCase *tc = tcase_create("scan");
    tcase_add_loop_test(tc, scan_table, 0, (int)(sizeof(cases) / sizeof(cases[0])));
    tcase_add_test(tc, every_single_byte);
    tcase_add_test(tc, char_offset);
    suite_add_tcase(s, tc);
    return s;
}

HSSC_CHECK_MAIN(text_suite)
