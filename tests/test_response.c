/*
 * codec/src/json_reader.c, json_escape.c, response_decode.c and
 * response_encode.c: the strict JSON reader, the 200 body's decoder and its
 * canonical encoder. Every decoder input sits flush against a guard
 * page; every decode asserts that yajl's arena never failed and stayed
 * under HSSC_JSON_ARENA_LEN(len).
 */
#include "body_util.h" /* first: it sets _DEFAULT_SOURCE */

#include <dirent.h>
#include <stdint.h>

#include "hssc_internal.h"

/* ---- helpers ---- */

#define MiB (1024u * 1024u)
#define BIG_BODY (1u * MiB)

/* Results point into the workspace, so it outlives each decode. */
static unsigned char ws[HSSC_RESPONSE_WORKSPACE_LEN(BIG_BODY)];

typedef struct outcome {
    hssc_code rc;
    hssc_error e;
    hssc_response r;
    hssc_arena arena;
} outcome;

static outcome decode_cap(const char *body, size_t len, unsigned flags, size_t max_body)
{
    outcome o;
    memset(&o, 0, sizeof(o));
    char *in = guard_copy(body, len);
    o.e.code = HSSC_OK;
    o.e.field = HSSC_FIELD_NONE;
    o.e.offset = 12345;
    o.rc =
        hssc_response_decode_arena(in, len, flags, max_body, ws, sizeof(ws), &o.r, &o.arena, &o.e);
    guard_free(in, len);
    /* yajl never saw a failed allocation, and the documented bound held. */
    ck_assert_uint_eq(o.arena.fails, 0);
    ck_assert_uint_le(o.arena.peak, HSSC_JSON_ARENA_LEN(len));
    if (o.rc != HSSC_OK) {
        ck_assert_ptr_null(o.r.image_command.ptr);
        ck_assert_ptr_null(o.r.images_download_url.ptr);
        ck_assert_ptr_null(o.r.swr_image_pull_command.ptr);
    }
    return o;
}

static outcome decode(const char *body, size_t len, unsigned flags)
{
    return decode_cap(body, len, flags, BIG_BODY);
}

/* decode_cap() under the default cap, as a body_decoder. */
static hssc_code decode_default_cap(const char *body, size_t len, unsigned flags, hssc_error *e)
{
    outcome o = decode_cap(body, len, flags, HSSC_BODY_MAX_DEFAULT);
    *e = o.e;
    return o.rc;
}

/* decode() as a body_decoder. */
static hssc_code decode_rc(const char *body, size_t len, unsigned flags, hssc_error *e)
{
    outcome o = decode(body, len, flags);
    *e = o.e;
    return o.rc;
}

/* A growable byte string for building bodies. */
typedef struct sb {
    char *p;
    size_t len;
    size_t cap;
} sb;

static void sb_add(sb *b, const void *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->p = realloc(b->p, b->cap);
        ck_assert_ptr_nonnull(b->p);
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_str(sb *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

static void sb_rep(sb *b, const char *s, size_t times)
{
    for (size_t i = 0; i < times; i++) {
        sb_str(b, s);
    }
}

static void sb_free(sb *b)
{
    free(b->p);
    memset(b, 0, sizeof(*b));
}

#define IC "\"image_command\":"
#define URL "\"images_download_url\":"
#define SWR "\"swr_image_pull_command\":"
#define GOOD_IC "\"docker load xxx\""
#define GOOD_URL "\"https://xxx.zip\""
#define GOOD_SWR "\"docker pull xxx\""
#define SAMPLE "{" IC GOOD_IC "," URL GOOD_URL "," SWR GOOD_SWR "}"

static const hssc_field resp_fields[] = {HSSC_FIELD_IMAGE_COMMAND, HSSC_FIELD_IMAGES_DOWNLOAD_URL,
                                         HSSC_FIELD_SWR_IMAGE_PULL_COMMAND};

/* ---- accepted bodies ---- */

/* body decodes (with flags) to the values given for image_command,
 * images_download_url and swr_image_pull_command; NULL: not checked. */
static void decodes_to(const char *body, size_t len, unsigned flags, const char *ic,
                       const char *url, const char *swr)
{
    outcome o = decode(body, len, flags);
    BODY_ACCEPTED(&hssc_response_doc, o, resp_fields, ic, url, swr);
}

START_TEST(spec_example)
{
    /* The spec's example, with its blanks. */
    static const char body[] = "{\n  \"image_command\" : \"docker load xxx\",\n"
                               "  \"images_download_url\" : \"https://xxx.zip\",\n"
                               "  \"swr_image_pull_command\" : \"docker pull xxx\"\n}\n";
    decodes_to(S(body), 0, "docker load xxx", "https://xxx.zip", "docker pull xxx");
}
END_TEST

START_TEST(any_key_order_and_escapes)
{
    static const char body[] = "{" SWR "\"a\\\"b\\\\c\\/d\\u00e9\\ud83d\\ude00\"," URL
                               "\"http://h.io:8080/p?q=1#f\"," IC "\"x\"}";
    decodes_to(S(body), 0, "x", "http://h.io:8080/p?q=1#f", "a\"b\\c/d\xC3\xA9\xF0\x9F\x98\x80");
}
END_TEST

START_TEST(escaped_keys_are_keys)
{
    static const char body[] = "{\"image\\u005fcommand\":\"a\",\"\\u0069mages_download_url\":"
                               "\"https://h.io\",\"swr_image_pull_comman\\u0064\":\"b\"}";
    decodes_to(S(body), 0, "a", NULL, "b");
}
END_TEST

/* ---- lengths: 0, 1, max, max + 1 characters, four spellings ---- */

typedef struct spelling {
    const char *name;
    const char *unit;    /* how one character is written in the body */
    size_t raw;          /* bytes of unit */
    const char *decoded; /* what it decodes to */
} spelling;

static const spelling spellings[] = {
    {"ascii", "a", 1, "a"},
    {"utf8-2", "\xC3\xA9", 2, "\xC3\xA9"},
    {"utf8-4", "\xF0\x9F\x98\x80", 4, "\xF0\x9F\x98\x80"},
    {"escaped", "\\u00e9", 6, "\xC3\xA9"},
    {"escaped-pair", "\\ud83d\\ude00", 12, "\xF0\x9F\x98\x80"},
};
#define N_SPELLINGS (sizeof(spellings) / sizeof(spellings[0]))

/* A body with every field good except f, whose value is written as
 * prefix + n units; *at is the offset of f's value (after its quote). */
static void body_with(sb *b, hssc_field f, const char *prefix, const spelling *sp, size_t n,
                      size_t *at)
{
    sb_str(b, "{");
    for (size_t i = 0; i < 3; i++) {
        const hssc_field_info *info = hssc_field_get(resp_fields[i]);
        sb_str(b, i == 0 ? "\"" : ",\"");
        sb_str(b, info->name);
        sb_str(b, "\":\"");
        if (resp_fields[i] == f) {
            *at = b->len;
            sb_str(b, prefix);
            sb_rep(b, sp->unit, n);
        } else {
            sb_str(b, resp_fields[i] == HSSC_FIELD_IMAGES_DOWNLOAD_URL ? "https://h.io/x" : "cmd");
        }
        sb_str(b, "\"");
    }
    sb_str(b, "}");
}

START_TEST(lengths)
{
    /* _i walks field x spelling. */
    hssc_field f = resp_fields[_i / N_SPELLINGS];
    const spelling *sp = &spellings[_i % N_SPELLINGS];
    const hssc_field_info *info = hssc_field_get(f);
    int is_url = f == HSSC_FIELD_IMAGES_DOWNLOAD_URL;
    /* A URL needs a scheme and host: "https://h.io/" then the characters
     * under test in its path, where only ASCII is a valid URL. */
    const char *prefix = is_url ? "https://h.io/" : "";
    size_t pre = strlen(prefix);
    const size_t counts[] = {0, 1, info->max_chars, info->max_chars + 1};
    for (size_t k = 0; k < 4; k++) {
        size_t chars = counts[k];
        size_t units = chars >= pre && chars > 0 ? chars - pre : chars;
        const char *use_prefix = chars >= pre && chars > 0 ? prefix : "";
        sb b = {0};
        size_t at = 0;
        body_with(&b, f, use_prefix, sp, units, &at);
        outcome o = decode(b.p, b.len, 0);
        size_t upre = strlen(use_prefix);
        if (chars == 0) {
            ck_assert_error(o.rc, o.e, HSSC_E_TOO_SHORT, f, at);
        } else if (chars > info->max_chars) {
            /* The first character past the maximum. */
            ck_assert_error(o.rc, o.e, HSSC_E_TOO_LONG, f,
                            at + upre + (info->max_chars - upre) * sp->raw);
        } else if (is_url && chars == 1) {
            /* One character is never an absolute URL. */
            ck_assert_error(o.rc, o.e, HSSC_E_URL, f, at);
        } else if (is_url && sp->raw > 1 && sp->unit[0] != '\\') {
            /* Raw non-ASCII is not URL syntax (IRIs are not accepted). */
            ck_assert_msg(o.rc == HSSC_E_ADDR_SYNTAX && o.e.field == f, "%s %s", sp->name,
                          hssc_code_name(o.rc));
        } else if (is_url && sp->raw > 1) {
            ck_assert_msg(o.rc == HSSC_E_ADDR_SYNTAX && o.e.field == f, "%s %s", sp->name,
                          hssc_code_name(o.rc));
        } else {
            ck_assert_msg(o.rc == HSSC_OK, "%s %s chars %zu: %s", info->name, sp->name, chars,
                          hssc_code_name(o.rc));
            const hssc_str *v = f == HSSC_FIELD_IMAGE_COMMAND ? &o.r.image_command
                                : f == HSSC_FIELD_SWR_IMAGE_PULL_COMMAND
                                    ? &o.r.swr_image_pull_command
                                    : &o.r.images_download_url;
            size_t dlen = strlen(sp->decoded);
            ck_assert_uint_eq(v->len, upre + units * dlen);
            for (size_t u = 0; u < units; u++) {
                ck_assert(memcmp(v->ptr + upre + u * dlen, sp->decoded, dlen) == 0);
            }
        }
        sb_free(&b);
    }
}
END_TEST

/* ---- types, missing, unknown, duplicate ---- */

#define B HSSC_FIELD_BODY
#define FIC HSSC_FIELD_IMAGE_COMMAND

static const char *const non_strings[] = {"1",  "-1.5e3", "true",      "false",   "null",
                                          "{}", "[]",     "{\"a\":1}", "[\"s\"]", "0"};

START_TEST(every_type_in_every_slot)
{
    for (size_t i = 0; i < 3; i++) {
        for (size_t t = 0; t < sizeof(non_strings) / sizeof(non_strings[0]); t++) {
            for (unsigned flags = 0; flags <= HSSC_ALLOW_UNKNOWN; flags += HSSC_ALLOW_UNKNOWN) {
                sb b = {0};
                size_t at = 0;
                sb_str(&b, "{");
                for (size_t j = 0; j < 3; j++) {
                    sb_str(&b, j == 0 ? "\"" : ", \"");
                    sb_str(&b, hssc_field_get(resp_fields[j])->name);
                    sb_str(&b, "\": ");
                    if (j == i) {
                        at = b.len;
                        sb_str(&b, non_strings[t]);
                    } else {
                        sb_str(&b, j == 1 ? GOOD_URL : GOOD_IC);
                    }
                }
                sb_str(&b, "}");
                outcome o = decode(b.p, b.len, flags);
                ck_assert_error(o.rc, o.e, HSSC_E_JSON_TYPE, resp_fields[i], at);
                sb_free(&b);
            }
        }
    }
}
END_TEST

#define ONLY_URL_SWR "{" URL GOOD_URL "," SWR GOOD_SWR "}"
#define ONLY_IC_SWR "{" IC GOOD_IC "," SWR GOOD_SWR "}"
#define ONLY_IC_URL "{" IC GOOD_IC "," URL GOOD_URL "}"

static const reject_case missing[] = {
    {S(ONLY_URL_SWR), 0, HSSC_E_MISSING, FIC, sizeof(ONLY_URL_SWR) - 1},
    {S(ONLY_IC_SWR), 0, HSSC_E_MISSING, HSSC_FIELD_IMAGES_DOWNLOAD_URL, sizeof(ONLY_IC_SWR) - 1},
    {S(ONLY_IC_URL), 0, HSSC_E_MISSING, HSSC_FIELD_SWR_IMAGE_PULL_COMMAND, sizeof(ONLY_IC_URL) - 1},
    {S("{}"), 0, HSSC_E_MISSING, FIC, 2},
    {S(" { } "), HSSC_ALLOW_UNKNOWN, HSSC_E_MISSING, FIC, 5},
};

START_TEST(missing_keys)
{
    BODIES_REJECTED(missing, decode_rc);
}
END_TEST

START_TEST(unknown_keys)
{
    static const char body[] = "{" IC GOOD_IC ",\"extra\":1," URL GOOD_URL "," SWR GOOD_SWR "}";
    outcome o = decode(S(body), 0);
    ck_assert_error(o.rc, o.e, HSSC_E_UNKNOWN, HSSC_FIELD_BODY, 35);
    o = decode(S(body), HSSC_ALLOW_UNKNOWN);
    ck_assert_int_eq(o.rc, HSSC_OK);
    ck_assert(str_eq(o.r.image_command, "docker load xxx"));

    /* A near-miss of a known key is unknown, not that key. */
    static const char near[] = "{\"Image_command\":\"x\"}";
    o = decode(S(near), 0);
    ck_assert_error(o.rc, o.e, HSSC_E_UNKNOWN, HSSC_FIELD_BODY, 1);

    /* Skipped whatever its type, known keys inside a skipped value are not
     * read, and duplicates among unknown keys do not matter. */
    static const char any[] =
        "{\"a\":null,\"b\":true,\"c\":-0.5e-7,\"d\":\"s\\n\\u0001\",\"e\":[1,[2,{\"image_command\":"
        "3}]],"
        "\"f\":{\"image_command\":{},\"images_download_url\":[]},\"a\":1e999999," IC GOOD_IC
        "," URL GOOD_URL "," SWR GOOD_SWR "}";
    o = decode(S(any), HSSC_ALLOW_UNKNOWN);
    ck_assert_int_eq(o.rc, HSSC_OK);
    ck_assert(str_eq(o.r.image_command, "docker load xxx"));
}
END_TEST

START_TEST(unknown_deep_and_large)
{
    /* 63 nested containers inside the top-level object: 64 open, allowed. */
    sb b = {0};
    sb_str(&b, "{\"deep\":");
    sb_rep(&b, "[{\"k\":", 31);
    sb_str(&b, "[1]");
    sb_rep(&b, "}]", 31);
    sb_str(&b, "," IC GOOD_IC "," URL GOOD_URL "," SWR GOOD_SWR "}");
    outcome o = decode(b.p, b.len, HSSC_ALLOW_UNKNOWN);
    ck_assert_int_eq(o.rc, HSSC_OK);
    sb_free(&b);

    /* One more level: the 65th container is refused at its bracket. */
    sb_str(&b, "{\"deep\":");
    size_t at = b.len;
    sb_rep(&b, "[", 64);
    sb_rep(&b, "]", 64);
    sb_str(&b, "}");
    o = decode(b.p, b.len, HSSC_ALLOW_UNKNOWN);
    ck_assert_error(o.rc, o.e, HSSC_E_JSON_DEPTH, HSSC_FIELD_BODY, at + 63);
    /* Without HSSC_ALLOW_UNKNOWN too: depth is a well-formedness rule. */
    o = decode(b.p, b.len, 0);
    ck_assert_error(o.rc, o.e, HSSC_E_JSON_DEPTH, HSSC_FIELD_BODY, at + 63);
    sb_free(&b);

    /* Large skipped values: a 60000-byte escaped string, a long array. */
    sb_str(&b, "{\"big\":\"");
    sb_rep(&b, "\\u0041", 10000);
    sb_str(&b, "\",\"arr\":[");
    sb_rep(&b, "1,", 2000);
    sb_str(&b, "{}]," IC GOOD_IC "," URL GOOD_URL "," SWR GOOD_SWR "}");
    ck_assert_uint_le(b.len, HSSC_BODY_MAX_DEFAULT);
    o = decode_cap(b.p, b.len, HSSC_ALLOW_UNKNOWN, HSSC_BODY_MAX_DEFAULT);
    ck_assert_int_eq(o.rc, HSSC_OK);
    ck_assert(str_eq(o.r.swr_image_pull_command, "docker pull xxx"));
    sb_free(&b);
}
END_TEST

static const reject_case duplicated[] = {
    {S("{" IC "\"a\"," IC "\"b\"}"), 0, HSSC_E_DUPLICATE, FIC, 21},
    {S("{" IC "\"a\",\"image\\u005fcommand\":\"b\"}"), 0, HSSC_E_DUPLICATE, FIC, 21},
    {S("{\"\\u0069mage_command\":\"a\"," IC "\"a\"}"), HSSC_ALLOW_UNKNOWN, HSSC_E_DUPLICATE, FIC,
     26},
    /* The same value twice is still two values. */
    {S("{" URL GOOD_URL "," IC GOOD_IC "," URL GOOD_URL "}"), 0, HSSC_E_DUPLICATE,
     HSSC_FIELD_IMAGES_DOWNLOAD_URL, 75},
};

START_TEST(duplicates)
{
    BODIES_REJECTED(duplicated, decode_rc);
}
END_TEST

/* ---- not one JSON object ---- */

static const reject_case rejects[] = {
    /* Trailing data and second values. */
    {S(SAMPLE " x"), 0, HSSC_E_JSON_SYNTAX, B, sizeof(SAMPLE) + 1},
    {S(SAMPLE SAMPLE), 0, HSSC_E_JSON_SYNTAX, B, sizeof(SAMPLE)},
    {S(SAMPLE "\n{}"), 0, HSSC_E_JSON_SYNTAX, B, sizeof(SAMPLE) + 1},
    {S(SAMPLE ","), 0, HSSC_E_JSON_SYNTAX, B, sizeof(SAMPLE)},
    {S(SAMPLE "\0"), 0, HSSC_E_JSON_SYNTAX, B, sizeof(SAMPLE)},
    /* BOM, comments, NaN and friends. */
    {S("\xEF\xBB\xBF" SAMPLE), 0, HSSC_E_NOT_JSON, B, 0},
    {S("/* c */" SAMPLE), 0, HSSC_E_NOT_JSON, B, 0},
    {S("{/* c */" IC GOOD_IC "}"), 0, HSSC_E_JSON_SYNTAX, B, 1},
    {S(SAMPLE "// c"), 0, HSSC_E_JSON_SYNTAX, B, sizeof(SAMPLE) - 1},
    {S("{" IC "NaN}"), 0, HSSC_E_JSON_SYNTAX, B, 18},
    {S("{" IC "Infinity}"), 0, HSSC_E_JSON_SYNTAX, B, 18},
    {S("{" IC "-Infinity}"), 0, HSSC_E_JSON_SYNTAX, B, 18},
    {S("NaN"), 0, HSSC_E_NOT_JSON, B, 0},
    {S("{'image_command':'x'}"), 0, HSSC_E_JSON_SYNTAX, B, 2},
    /* yajl takes vertical tab and form feed for blanks; JSON does not. */
    {S(SAMPLE "\f"), 0, HSSC_E_JSON_SYNTAX, B, sizeof(SAMPLE) - 1},
    {S("{\v" IC GOOD_IC "}"), HSSC_ALLOW_UNKNOWN, HSSC_E_JSON_SYNTAX, B, 1},
    /* Top-level values that are not an object (offset: the value). */
    {S("\"image_command\""), 0, HSSC_E_JSON_NOT_OBJECT, B, 0},
    {S("  1"), 0, HSSC_E_JSON_NOT_OBJECT, B, 2},
    {S("-0.5"), 0, HSSC_E_JSON_NOT_OBJECT, B, 0},
    {S("true"), 0, HSSC_E_JSON_NOT_OBJECT, B, 0},
    {S("false"), 0, HSSC_E_JSON_NOT_OBJECT, B, 0},
    {S("null"), 0, HSSC_E_JSON_NOT_OBJECT, B, 0},
    {S("[]"), 0, HSSC_E_JSON_NOT_OBJECT, B, 0},
    {S("\n[" SAMPLE "]"), 0, HSSC_E_JSON_NOT_OBJECT, B, 1},
    /* ... but a top-level array that is not even JSON is a syntax error. */
    {S("[1,]"), 0, HSSC_E_JSON_SYNTAX, B, 4},
    /* Not JSON at all. */
    {S(""), 0, HSSC_E_NOT_JSON, B, 0},
    {S("  \r\n\t"), 0, HSSC_E_NOT_JSON, B, 5},
    {S("<html><body>502 Bad Gateway</body></html>"), 0, HSSC_E_NOT_JSON, B, 0},
    {S("\x00{}"), 0, HSSC_E_NOT_JSON, B, 0},
    /* Escapes: \u0000, lone and mis-paired surrogates, in values and keys
     * (offset: the backslash), whether or not the key is known. */
    {S("{" IC "\"a\\u0000\"}"), 0, HSSC_E_JSON_NUL, FIC, 19},
    {S("{" IC "\"a\\ud800\"}"), 0, HSSC_E_JSON_SURROGATE, FIC, 19},
    {S("{" IC "\"a\\ud800x\"}"), 0, HSSC_E_JSON_SURROGATE, FIC, 19},
    {S("{" IC "\"a\\ud800\\u0041\"}"), 0, HSSC_E_JSON_SURROGATE, FIC, 19},
    {S("{" IC "\"a\\ud800\\ud800\"}"), 0, HSSC_E_JSON_SURROGATE, FIC, 19},
    {S("{" IC "\"a\\udc00\\ud800\"}"), 0, HSSC_E_JSON_SURROGATE, FIC, 19},
    {S("{" IC "\"a\\uDFFF\"}"), 0, HSSC_E_JSON_SURROGATE, FIC, 19},
    {S("{" IC "\"a\\ud800\\n\"}"), 0, HSSC_E_JSON_SURROGATE, FIC, 19},
    {S("{\"k\\u0000\":1}"), HSSC_ALLOW_UNKNOWN, HSSC_E_JSON_NUL, B, 3},
    {S("{\"k\\udbff\":1}"), HSSC_ALLOW_UNKNOWN, HSSC_E_JSON_SURROGATE, B, 3},
    {S("{\"k\":[\"\\ud800\"]}"), HSSC_ALLOW_UNKNOWN, HSSC_E_JSON_SURROGATE, B, 7},
    /* Escapes are checked before the schema: an unknown key with a bad
     * escape later in the body is still refused for the escape. */
    {S("{\"k\":1,\"z\":\"\\u0000\"}"), 0, HSSC_E_JSON_NUL, B, 12},
    /* UTF-8 that yajl lets through (overlong, surrogate, > U+10FFFF) and
     * that it refuses (0xFF, truncated), with the field when it is read. */
    {S("{" IC "\"a\xC0\xAF\"}"), 0, HSSC_E_UTF8, FIC, 19},
    {S("{" IC "\"ab\xED\xA0\x80\"}"), 0, HSSC_E_UTF8, FIC, 20},
    {S("{" IC "\"\xF4\x90\x80\x80\"}"), 0, HSSC_E_UTF8, FIC, 18},
    {S("{" IC "\"a\xFF\"}"), 0, HSSC_E_UTF8, FIC, 19},
    {S("{" IC "\"a\xE2\x82\"}"), 0, HSSC_E_UTF8, FIC, 19},
    {S("{\"k\xC0\xAF\":1}"), HSSC_ALLOW_UNKNOWN, HSSC_E_UTF8, B, 3},
    {S("{\"k\":\"\xC0\xAF\"}"), HSSC_ALLOW_UNKNOWN, HSSC_E_UTF8, B, 6},
    {S("{\"k\":1}\xC0"), HSSC_ALLOW_UNKNOWN, HSSC_E_UTF8, B, 7},
    /* The offset of a bad byte after escapes is that byte's. */
    {S("{" IC "\"\\u00e9\\ud83d\\ude00\\n\xC0\xAF\"}"), 0, HSSC_E_UTF8, FIC, 38},
    /* Control characters: raw ones are JSON syntax errors; escaped ones
     * break the field rule, in C0, DEL and C1, at the escape. */
    {S("{" IC "\"a\x01\"}"), 0, HSSC_E_JSON_SYNTAX, B, 19},
    {S("{" IC "\"a\\n\"}"), 0, HSSC_E_CONTROL, FIC, 19},
    {S("{" IC "\"a\\u001b[31m\"}"), 0, HSSC_E_CONTROL, FIC, 19},
    {S("{" IC "\"a\\u007f\"}"), 0, HSSC_E_CONTROL, FIC, 19},
    {S("{" IC "\"a\x7F\"}"), 0, HSSC_E_CONTROL, FIC, 19},
    {S("{" IC "\"a\\u009b\"}"), 0, HSSC_E_CONTROL, FIC, 19},
    {S("{" IC "\"ab\xC2\x9B\"}"), 0, HSSC_E_CONTROL, FIC, 20},
    /* The URL rule, with its offsets into the body. */
    {S("{" URL "\"ftp://h.io/x\"}"), 0, HSSC_E_URL, HSSC_FIELD_IMAGES_DOWNLOAD_URL, 24},
    {S("{" URL "\"https://u:p@h.io/x\"}"), 0, HSSC_E_ADDR_USERINFO, HSSC_FIELD_IMAGES_DOWNLOAD_URL,
     32},
    {S("{" URL "\"h.io/x.zip\"}"), 0, HSSC_E_URL, HSSC_FIELD_IMAGES_DOWNLOAD_URL, 24},
    {S("{" URL "\"https:\\/\\/h.io:99999\\/x\"}"), 0, HSSC_E_ADDR_PORT,
     HSSC_FIELD_IMAGES_DOWNLOAD_URL, 39},
    /* A schema error never hides a later syntax error ... */
    {S("{\"x\":1,\"y\":}"), 0, HSSC_E_JSON_SYNTAX, B, 12},
    {S("{" IC "1,}"), 0, HSSC_E_JSON_SYNTAX, B, 20},
    /* ... and the first schema error is the one reported. */
    {S("{\"x\":1," IC "2}"), 0, HSSC_E_UNKNOWN, B, 1},
    {S("{" IC "2,\"x\":1}"), 0, HSSC_E_JSON_TYPE, FIC, 17},
};

START_TEST(reject_table)
{
    body_rejected("rejects", (size_t)_i, &rejects[_i], decode_rc);
}
END_TEST

START_TEST(nesting_bomb)
{
    /* 100000 '[': refused at the 65th, before yajl's own stack grows. */
    size_t n = 100000;
    char *bomb = malloc(n);
    ck_assert_ptr_nonnull(bomb);
    memset(bomb, '[', n);
    outcome o = decode(bomb, n, 0);
    ck_assert_error(o.rc, o.e, HSSC_E_JSON_DEPTH, HSSC_FIELD_BODY, 64);
    /* Inside an object, skipped: the 64th '[' is the 65th container. */
    memcpy(bomb, "{\"x\":", 5);
    o = decode(bomb, n, HSSC_ALLOW_UNKNOWN);
    ck_assert_error(o.rc, o.e, HSSC_E_JSON_DEPTH, HSSC_FIELD_BODY, 5 + 63);
    /* Over the default cap it is refused before it is read. */
    o = decode_cap(bomb, n, 0, HSSC_BODY_MAX_DEFAULT);
    ck_assert_error(o.rc, o.e, HSSC_E_BODY_TOO_LARGE, HSSC_FIELD_BODY, HSSC_BODY_MAX_DEFAULT);
    free(bomb);
}
END_TEST

/* Is the last UTF-8 sequence of s cut off? Returns its lead's offset, or
 * len when it is complete. */
static size_t cut_sequence(const unsigned char *s, size_t len)
{
    for (size_t back = 1; back <= 4 && back <= len; back++) {
        unsigned char c = s[len - back];
        if ((c & 0xC0) == 0x80) {
            continue;
        }
        size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        return need > back ? len - back : len;
    }
    return len;
}

START_TEST(truncated_everywhere)
{
    static const char body[] =
        "{\"image_command\":\"d\\u00e9\\ud83d\\ude00 \xC3\xA9\xF0\x9F\x98\x80\","
        "\"images_download_url\":\"https://h.io/x\","
        "\"swr_image_pull_command\":\"\\\"pull\\\"\"}";
    outcome o = decode(S(body), 0);
    ck_assert_int_eq(o.rc, HSSC_OK);
    for (size_t k = 0; k < sizeof(body) - 1; k++) {
        o = decode(body, k, 0);
        size_t cut = cut_sequence((const unsigned char *)body, k);
        if (k == 0) {
            ck_assert_error(o.rc, o.e, HSSC_E_NOT_JSON, HSSC_FIELD_BODY, 0);
        } else if (cut < k) {
            /* Cut inside a UTF-8 sequence: that sequence is invalid. */
            ck_assert_int_eq(o.rc, HSSC_E_UTF8);
            ck_assert_uint_eq(o.e.offset, cut);
        } else {
            /* yajl's "premature EOF", at the end. */
            ck_assert_msg(o.rc == HSSC_E_JSON_SYNTAX && o.e.field == HSSC_FIELD_BODY &&
                              o.e.offset == k,
                          "k %zu: %s field %d offset %zu", k, hssc_code_name(o.rc), (int)o.e.field,
                          o.e.offset);
        }
    }
}
END_TEST

START_TEST(size_cap)
{
    /* A valid body padded with blanks to exactly the cap, and one byte
     * more. */
    char *body = body_cap_checked(decode_default_cap, S(SAMPLE));
    /* A caller's own cap. */
    outcome o = decode_cap(body, sizeof(SAMPLE) - 1, 0, sizeof(SAMPLE) - 1);
    ck_assert_int_eq(o.rc, HSSC_OK);
    o = decode_cap(body, sizeof(SAMPLE), 0, sizeof(SAMPLE) - 1);
    ck_assert_error(o.rc, o.e, HSSC_E_BODY_TOO_LARGE, HSSC_FIELD_BODY, sizeof(SAMPLE) - 1);
    free(body);
}
END_TEST

START_TEST(workspace_and_arguments)
{
    size_t need = HSSC_RESPONSE_WORKSPACE_LEN(sizeof(SAMPLE) - 1);
    ck_assert_uint_eq(hssc_json_strings_len(&hssc_response_doc), HSSC_RESPONSE_STRINGS_LEN);
    char *mem = malloc(need + 16);
    ck_assert_ptr_nonnull(mem);
    hssc_response r;
    hssc_error e;
    /* Exactly enough works, at any alignment of the workspace. */
    hssc_code rc;
    for (size_t skew = 0; skew < 16; skew++) {
        rc = hssc_response_decode(S(SAMPLE), 0, HSSC_BODY_MAX_DEFAULT, mem + skew, need, &r, &e);
        ck_assert_int_eq(rc, HSSC_OK);
        ck_assert(str_eq(r.image_command, "docker load xxx"));
    }
    rc = hssc_response_decode(S(SAMPLE), 0, HSSC_BODY_MAX_DEFAULT, mem, need - 1, &r, &e);
    ck_assert_error(rc, e, HSSC_E_WORKSPACE, HSSC_FIELD_BODY, 0);
    rc = hssc_response_decode(NULL, 1, 0, HSSC_BODY_MAX_DEFAULT, mem, need, &r, &e);
    ck_assert_error(rc, e, HSSC_E_ARGUMENT, HSSC_FIELD_BODY, 0);
    rc = hssc_response_decode(S(SAMPLE), 0x80, HSSC_BODY_MAX_DEFAULT, mem, need, &r, &e);
    ck_assert_error(rc, e, HSSC_E_ARGUMENT, HSSC_FIELD_BODY, 0);
    rc = hssc_response_decode(S(SAMPLE), 0, HSSC_BODY_MAX_DEFAULT, mem, need, NULL, &e);
    ck_assert_error(rc, e, HSSC_E_ARGUMENT, HSSC_FIELD_BODY, 0);
    rc = hssc_response_decode(NULL, 0, 0, HSSC_BODY_MAX_DEFAULT, mem, need, &r, NULL);
    ck_assert_int_eq(rc, HSSC_E_NOT_JSON);
    free(mem);
    /* The workspace macros saturate. */
    ck_assert_uint_eq(HSSC_RESPONSE_WORKSPACE_LEN(SIZE_MAX), SIZE_MAX);
    ck_assert_uint_eq(HSSC_API_ERROR_WORKSPACE_LEN(SIZE_MAX / 2), SIZE_MAX);
}
END_TEST

/* ---- the arena: what yajl really needs ---- */

static size_t peak_of(const char *body, size_t len, unsigned flags, hssc_code want,
                      const char *what)
{
    outcome o = decode_cap(body, len, flags, HSSC_BODY_MAX_DEFAULT);
    ck_assert_msg(o.rc == want, "%s: %s", what, hssc_code_name(o.rc));
    fprintf(stderr, "arena peak %-46s body %6zu bytes: %6zu (bound %6zu)\n", what, len,
            o.arena.peak, HSSC_JSON_ARENA_LEN(len));
    return o.arena.peak;
}

/* A body of 64 KiB at most: head, unit1 n1 times, mid, then unit2 for as
 * long as the length plus reserve stays within the cap, then tail. */
typedef struct junk_body {
    const char *what;
    unsigned flags;
    hssc_code want;
    const char *head;
    const char *unit1;
    size_t n1;
    const char *mid;
    const char *unit2;
    size_t reserve;
    const char *tail;
} junk_body;

#define AU HSSC_ALLOW_UNKNOWN
#define HALF_ESCAPED ((HSSC_BODY_MAX_DEFAULT / 2) / 6)

static const junk_body junk[] = {
    {"64 KiB: one escaped unknown string", AU, HSSC_E_MISSING, "{\"x\":\"", "", 0, "", "\\u0041",
     6 + 2, "\"}"},
    {"64 KiB: cut inside a string", AU, HSSC_E_JSON_SYNTAX, "{\"x\":\"", "", 0, "", "a", 1, ""},
    {"64 KiB: escaped string, then cut", AU, HSSC_E_JSON_SYNTAX, "{\"x\":\"", "\\u0041",
     HALF_ESCAPED, "\",\"y\":\"", "a", 1, ""},
    /* One escape, so yajl unescapes the whole 64 KiB string. */
    {"64 KiB: one long string with an escape", AU, HSSC_E_MISSING, "{\"x\":\"\\n", "", 0, "", "a",
     1 + 2, "\"}"},
    /* Both buffers at once: half unescaped, half cut off. */
    {"64 KiB: long escaped string, then cut", AU, HSSC_E_JSON_SYNTAX, "{\"x\":\"\\n", "a", 16384,
     "\",\"y\":\"", "a", 1, ""},
    {"64 KiB: long escaped string, then cut", AU, HSSC_E_JSON_SYNTAX, "{\"x\":\"\\n", "a", 32768,
     "\",\"y\":\"", "a", 1, ""},
    {"64 KiB: long escaped string, then cut", AU, HSSC_E_JSON_SYNTAX, "{\"x\":\"\\n", "a", 49152,
     "\",\"y\":\"", "a", 1, ""},
    {"64 KiB: cut inside a number", AU, HSSC_E_JSON_SYNTAX, "{\"x\":", "", 0, "", "1", 1, ""},
    {"64 KiB: many escaped keys", AU, HSSC_E_MISSING, "{", "", 0, "", "\"k\\u0041\":\"\\n\",", 16,
     "\"z\":0}"},
    {"64 KiB: blanks, then cut", 0, HSSC_E_JSON_SYNTAX, "", "", 0, "", " ", 1 + 1, "{"},
};

/* sb_str, but an empty s adds nothing (not even the first allocation). */
static void sb_str_nonempty(sb *b, const char *s)
{
    if (s[0] != '\0') {
        sb_str(b, s);
    }
}

START_TEST(arena_peaks)
{
    /* The largest valid body: every field at its maximum, every character
     * in its longest spelling: a 12-byte surrogate-pair escape in the
     * commands, a 6-byte \u0061 (or \/) in the URL. */
    sb b = {0};
    sb_str(&b, "{" IC "\"");
    sb_rep(&b, "\\ud83d\\ude00", 1024);
    sb_str(&b, "\"," URL "\"https:\\/\\/h.io\\/");
    sb_rep(&b, "\\u0061", 256 - 13);
    sb_str(&b, "\"," SWR "\"");
    sb_rep(&b, "\\ud83d\\ude00", 1024);
    sb_str(&b, "\"}");
    peak_of(b.p, b.len, 0, HSSC_OK, "largest valid 200 body");
    sb_free(&b);

    peak_of(S(SAMPLE), 0, HSSC_OK, "spec example");
    peak_of(S("{"), 0, HSSC_E_JSON_SYNTAX, "smallest body");

    size_t cap = HSSC_BODY_MAX_DEFAULT;
    /* 64 KiB of junk, in the shapes that grow yajl's two buffers. */
    for (size_t i = 0; i < HSSC_NELEM(junk); i++) {
        const junk_body *j = &junk[i];
        sb_str_nonempty(&b, j->head);
        sb_rep(&b, j->unit1, j->n1);
        sb_str_nonempty(&b, j->mid);
        while (b.len + j->reserve <= cap) {
            sb_str(&b, j->unit2);
        }
        sb_str_nonempty(&b, j->tail);
        peak_of(b.p, b.len, j->flags, j->want, j->what);
        sb_free(&b);
    }

    sb_str(&b, "{\"x\":[");
    while (b.len + 64 + 64 + 2 <= cap) {
        sb_rep(&b, "[", 62);
        sb_rep(&b, "]", 62);
        sb_str(&b, ",");
    }
    sb_str(&b, "0]}");
    peak_of(b.p, b.len, HSSC_ALLOW_UNKNOWN, HSSC_E_MISSING, "64 KiB: nesting to 64, repeated");
    sb_free(&b);
}
END_TEST

/* ---- no malloc on the decode or encode path ---- */

/*
 * malloc and friends are interposed here (the executable's definitions win
 * over libc's for every library, libyajl included) and counted while
 * `counting` is set. Left out explicitly where the interposer cannot work:
 * under ASan, which interposes them itself (at build time), and under
 * valgrind, whose own replacements win (at run time, said on stderr).
 * Anywhere else a dead interposer fails the positive control.
 */
#if defined(__SANITIZE_ADDRESS__)
#define HSSC_NO_INTERPOSE 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HSSC_NO_INTERPOSE 1
#endif
#endif

#ifndef HSSC_NO_INTERPOSE
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define UNDER_VALGRIND() (RUNNING_ON_VALGRIND != 0)
#endif
#endif
#ifndef UNDER_VALGRIND
#define UNDER_VALGRIND() 0
#endif

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t m);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

static volatile int counting;
static volatile size_t alloc_calls;

void *malloc(size_t n)
{
    if (counting) {
        alloc_calls++;
    }
    return __libc_malloc(n);
}

void *calloc(size_t n, size_t m)
{
    if (counting) {
        alloc_calls++;
    }
    return __libc_calloc(n, m);
}

void *realloc(void *p, size_t n)
{
    if (counting) {
        alloc_calls++;
    }
    return __libc_realloc(p, n);
}

void free(void *p)
{
    if (counting && p != NULL) {
        alloc_calls++;
    }
    __libc_free(p);
}

START_TEST(no_malloc)
{
    /* Positive control: the interposer sees a direct call. */
    alloc_calls = 0;
    counting = 1;
    void *volatile p = malloc(16);
    counting = 0;
    free(p);
    ck_assert_msg(alloc_calls == 1,
                  "malloc is not interposed (%zu calls seen): no_malloc would "
                  "check nothing",
                  (size_t)alloc_calls);

    static const char escaped[] =
        "{\"x\":[{\"\\u0041\":\"\\u00e9\"}]," IC "\"a\\u00e9\"," URL GOOD_URL "," SWR GOOD_SWR "}";
    static char out[HSSC_RESPONSE_ENCODED_MAX];
    hssc_response r;
    hssc_error e;
    size_t n = 0;
    alloc_calls = 0;
    counting = 1;
    hssc_code rc1 = hssc_response_decode(escaped, sizeof(escaped) - 1, HSSC_ALLOW_UNKNOWN,
                                         HSSC_BODY_MAX_DEFAULT, ws, sizeof(ws), &r, &e);
    hssc_code rc2 = hssc_response_encode(&r, out, sizeof(out), &n, &e);
    hssc_code rc3 =
        hssc_response_decode(S("[1,{\"a\":tru"), 0, HSSC_BODY_MAX_DEFAULT, ws, sizeof(ws), &r, &e);
    /* Every finding: the caller's buffer and workspace, nothing else. */
    hssc_finding items[8];
    hssc_findings fs = {items, 8, 0, 0};
    hssc_code rc4 = hssc_response_decode_all(S("{\"image_command\":1,\"x\":2,\"y\":tru"), 0,
                                             HSSC_BODY_MAX_DEFAULT, ws, sizeof(ws), &r, &fs, &e);
    hssc_api_error ae;
    hssc_findings fs2 = {items, 8, 0, 0};
    hssc_code rc5 = hssc_api_error_decode_all(S("{\"error_code\":\"HSS.1\",\"error_msg\":\"\"}"), 0,
                                              HSSC_BODY_MAX_DEFAULT, ws, sizeof(ws), &ae, &fs2, &e);
    static const char t[] =
        "/v5/p/image/registries/image-upload-command?namespace=&x=1&password=pw";
    char scratch[sizeof(t)];
    hssc_request req;
    hssc_findings fs3 = {items, 8, 0, 0};
    hssc_code rc6 =
        hssc_request_decode_all(t, sizeof(t) - 1, 0, scratch, sizeof(scratch), &req, &fs3, &e);
    counting = 0;
    ck_assert_int_eq(rc4, HSSC_E_JSON_TYPE);
    ck_assert_uint_eq(fs.count, 4); /* type, two unknown keys, syntax */
    ck_assert_int_eq(rc5, HSSC_OK);
    ck_assert_int_eq(rc6, HSSC_E_UNKNOWN);
    ck_assert_uint_eq(fs3.count, 4);
    ck_assert_int_eq(rc1, HSSC_OK);
    ck_assert_int_eq(rc2, HSSC_OK);
    ck_assert_int_eq(rc3, HSSC_E_JSON_SYNTAX);
    ck_assert_uint_eq(alloc_calls, 0);

    /* The request codec too (this is the one suite that interposes
     * malloc): both encoder passes (a buffer of HSSC_REQUEST_ENCODED_MAX,
     * one of the exact size), and decodes whose registry address takes the
     * fast path and uriparser's (an IPv6 literal). */
    static char target[HSSC_REQUEST_ENCODED_MAX];
    static char exact[512];
    static char scratch2[HSSC_TARGET_MAX];
    static const char *const addrs[] = {"hub.docker.com:5000", "https://[2001:db8::1]:8443/"};
    for (size_t i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
        hssc_request q = {{"0605767a3300d5762fb7c0186d9e1779", 32},
                          {addrs[i], strlen(addrs[i])},
                          {"test", 4},
                          {"xxx", 3},
                          {"p@ss w/rd", 9},
                          {"all_granted_eps", 15}};
        hssc_request d;
        size_t tn = 0;
        size_t en = 0;
        alloc_calls = 0;
        counting = 1;
        hssc_code e1 = hssc_request_encode(&q, 0, target, sizeof(target), &tn, &e);
        hssc_code e2 = hssc_request_encode(&q, 0, exact, tn + 1, &en, &e);
        hssc_code d1 = hssc_request_decode(target, tn, 0, scratch2, sizeof(scratch2), &d, &e);
        counting = 0;
        ck_assert_int_eq(e1, HSSC_OK);
        ck_assert_int_eq(e2, HSSC_OK);
        ck_assert_uint_eq(en, tn);
        ck_assert_int_eq(d1, HSSC_OK);
        ck_assert_uint_eq(alloc_calls, 0);
    }
}
END_TEST
#endif

/* ---- the encoder ---- */

static hssc_response resp_of(const char *ic, const char *url, const char *swr)
{
    hssc_response r = {{ic, ic != NULL ? strlen(ic) : 0},
                       {url, url != NULL ? strlen(url) : 0},
                       {swr, swr != NULL ? strlen(swr) : 0}};
    return r;
}

START_TEST(encode_canonical)
{
    hssc_response in = resp_of("docker load xxx", "https://xxx.zip", "docker pull xxx");
    char out[256];
    size_t n = 0;
    hssc_error e;
    ck_assert_int_eq(hssc_response_encode(&in, out, sizeof(out), &n, &e), HSSC_OK);
    ck_assert_str_eq(out, SAMPLE);
    ck_assert_uint_eq(n, sizeof(SAMPLE) - 1);
    /* Size query. */
    size_t q = 99;
    ck_assert_int_eq(hssc_response_encode(&in, NULL, 0, &q, &e), HSSC_OK);
    ck_assert_uint_eq(q, n);
    /* Too small by one (no room for the NUL): the size, a cleared buffer. */
    memset(out, 'x', sizeof(out));
    ck_assert_int_eq(hssc_response_encode(&in, out, n, &q, &e), HSSC_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(q, n);
    for (size_t i = 0; i < n; i++) {
        ck_assert_int_eq(out[i], 0);
    }
    ck_assert_int_eq(hssc_response_encode(&in, out, n + 1, &q, &e), HSSC_OK);
    ck_assert_str_eq(out, SAMPLE);
}
END_TEST

START_TEST(encode_rejects)
{
    char out[64];
    size_t n = 7;
    hssc_error e;
    hssc_response bad = resp_of("a\nb", "https://h.io", "c");
    memset(out, 'x', sizeof(out));
    hssc_code rc = hssc_response_encode(&bad, out, sizeof(out), &n, &e);
    ck_assert_error(rc, e, HSSC_E_CONTROL, HSSC_FIELD_IMAGE_COMMAND, 1);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(out[0], 0);
    bad = resp_of("a", "ftp://h.io", "c");
    rc = hssc_response_encode(&bad, out, sizeof(out), &n, &e);
    ck_assert_error(rc, e, HSSC_E_URL, HSSC_FIELD_IMAGES_DOWNLOAD_URL, 0);
    bad = resp_of("a", "https://h.io", NULL);
    rc = hssc_response_encode(&bad, out, sizeof(out), &n, &e);
    ck_assert_error(rc, e, HSSC_E_MISSING, HSSC_FIELD_SWR_IMAGE_PULL_COMMAND, 0);
    bad = resp_of("a", "https://h.io", "");
    rc = hssc_response_encode(&bad, out, sizeof(out), &n, &e);
    ck_assert_error(rc, e, HSSC_E_TOO_SHORT, HSSC_FIELD_SWR_IMAGE_PULL_COMMAND, 0);
    bad = resp_of("a\xC0\xAF", "https://h.io", "c");
    rc = hssc_response_encode(&bad, out, sizeof(out), &n, &e);
    ck_assert_error(rc, e, HSSC_E_UTF8, HSSC_FIELD_IMAGE_COMMAND, 1);
    rc = hssc_response_encode(NULL, out, sizeof(out), &n, &e);
    ck_assert_int_eq(rc, HSSC_E_ARGUMENT);
    hssc_response good = resp_of("a", "https://h.io", "c");
    rc = hssc_response_encode(&good, NULL, 5, &n, &e);
    ck_assert_int_eq(rc, HSSC_E_ARGUMENT);
}
END_TEST

static void round_trip(const hssc_response *in)
{
    static char out[HSSC_RESPONSE_ENCODED_MAX];
    size_t n = 0;
    hssc_error e;
    hssc_code rc = hssc_response_encode(in, out, sizeof(out), &n, &e);
    ck_assert_msg(rc == HSSC_OK, "encode: %s", hssc_code_name(rc));
    ck_assert_uint_lt(n, HSSC_RESPONSE_ENCODED_MAX);
    ck_assert_uint_eq(strlen(out), n);
    outcome o = decode(out, n, 0);
    ck_assert_msg(o.rc == HSSC_OK, "decode: %s at %zu", hssc_code_name(o.rc), o.e.offset);
    const hssc_str *a[] = {&in->image_command, &in->images_download_url,
                           &in->swr_image_pull_command};
    const hssc_str *b[] = {&o.r.image_command, &o.r.images_download_url,
                           &o.r.swr_image_pull_command};
    for (size_t i = 0; i < 3; i++) {
        ck_assert_uint_eq(a[i]->len, b[i]->len);
        ck_assert(memcmp(a[i]->ptr, b[i]->ptr, a[i]->len) == 0);
    }
}

START_TEST(encode_round_trip)
{
    hssc_response r =
        resp_of("docker load < \"x.tar\" && echo \\ done / ok", "http://[::1]:8080/a/b?c=d&e#f",
                "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80 \xEF\xBF\xBF \xC2\xA0");
    round_trip(&r);

    /* The largest output: every character 4 bytes, or an escaped quote. */
    static char ic[1024 * 4 + 1];
    static char swr[1024 + 1];
    static char url[257];
    for (size_t i = 0; i < 1024; i++) {
        memcpy(ic + 4 * i, "\xF0\x9F\x98\x80", 4);
        swr[i] = i % 2 ? '"' : '\\';
    }
    memcpy(url, "https://h.io/", 13);
    memset(url + 13, 'u', 256 - 13);
    r = resp_of(ic, url, swr);
    round_trip(&r);
    size_t n = 0;
    hssc_error e;
    ck_assert_int_eq(hssc_response_encode(&r, NULL, 0, &n, &e), HSSC_OK);
    ck_assert_uint_le(n + 1, HSSC_RESPONSE_ENCODED_MAX);

    /* Pseudo-random values of valid characters, many lengths. */
    static const char *const pieces[] = {
        "a", " ", "\"", "\\", "/", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
        "~", "{", "}",  ":",  ","};
    uint32_t seed = 12345;
    for (int round = 0; round < 200; round++) {
        static char v1[4097];
        static char v2[4097];
        size_t l1 = 0;
        size_t l2 = 0;
        size_t c1 = 1 + (size_t)(round * 5) % 1024;
        size_t c2 = 1 + (size_t)(round * 13) % 1024;
        for (size_t i = 0; i < c1; i++) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % (sizeof(pieces) / sizeof(pieces[0]))];
            memcpy(v1 + l1, p, strlen(p));
            l1 += strlen(p);
        }
        for (size_t i = 0; i < c2; i++) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % (sizeof(pieces) / sizeof(pieces[0]))];
            memcpy(v2 + l2, p, strlen(p));
            l2 += strlen(p);
        }
        hssc_response rr = {{v1, l1}, {"https://h.io/", 13}, {v2, l2}};
        round_trip(&rr);
    }
}
END_TEST

START_TEST(encode_arena)
{
    /* yajl_gen's arena is a fixed 2 KiB on the stack: show what it uses. */
    hssc_response r = resp_of("a", "https://h.io", "c");
    char out[128];
    size_t n = 0;
    hssc_error e;
    hssc_arena a;
    ck_assert_int_eq(hssc_response_encode_arena(&r, out, sizeof(out), &n, &a, &e), HSSC_OK);
    fprintf(stderr, "encode arena peak %zu of %zu\n", a.peak, a.cap);
    ck_assert_uint_eq(a.fails, 0);
    ck_assert_uint_le(a.peak, 2048 - 16);
}
END_TEST

/* ---- JSONTestSuite ---- */

/*
 * Each file is decoded twice: as it is (flags 0), and wrapped as the value
 * of an unknown key in an otherwise valid 200 body (HSSC_ALLOW_UNKNOWN), so
 * that the whole value grammar is exercised, not just "not an object".
 *
 * Syntax-class codes (the body is not well-formed I-JSON): JSON_SYNTAX,
 * NOT_JSON, UTF8, JSON_DEPTH (two n_ files are unterminated nesting bombs,
 * refused at the 65th level before yajl finds the missing end),
 * JSON_SURROGATE and JSON_NUL (I-JSON's rules on escapes). n_ files must get
 * one of the first four in both modes. y_ files must never get a
 * syntax-class code except JSON_NUL for the two with \u0000 (I-JSON); raw,
 * they get schema codes (JSON_NOT_OBJECT, UNKNOWN, MISSING); wrapped, OK.
 */
static const char wrap_pre[] = "{" IC GOOD_IC "," URL GOOD_URL "," SWR GOOD_SWR ",\"x\":";

static int is_syntax_class(hssc_code c)
{
    return c == HSSC_E_JSON_SYNTAX || c == HSSC_E_NOT_JSON || c == HSSC_E_UTF8 ||
           c == HSSC_E_JSON_DEPTH;
}

typedef struct verdict {
    const char *file;
    hssc_code raw;
    hssc_code wrapped;
    const char *why;
} verdict;

/* Every i_ file's verdict: what the codec does and why. */
static const verdict i_verdicts[] = {
    {"i_number_double_huge_neg_exp.json", HSSC_E_JSON_NOT_OBJECT, HSSC_OK,
     "numbers are never converted"},
    {"i_number_huge_exp.json", HSSC_E_JSON_NOT_OBJECT, HSSC_OK, "numbers are never converted"},
    {"i_number_neg_int_huge_exp.json", HSSC_E_JSON_NOT_OBJECT, HSSC_OK,
     "numbers are never converted"},
    {"i_number_pos_double_huge_exp.json", HSSC_E_JSON_NOT_OBJECT, HSSC_OK,
     "numbers are never converted"},
    {"i_number_real_neg_overflow.json", HSSC_E_JSON_NOT_OBJECT, HSSC_OK,
     "numbers are never converted"},
    {"i_number_real_pos_overflow.json", HSSC_E_JSON_NOT_OBJECT, HSSC_OK,
     "numbers are never converted"},
    {"i_number_real_underflow.json", HSSC_E_JSON_NOT_OBJECT, HSSC_OK,
     "numbers are never converted"},
    {"i_number_too_big_neg_int.json", HSSC_E_JSON_NOT_OBJECT, HSSC_OK,
     "numbers are never converted"},
    {"i_number_too_big_pos_int.json", HSSC_E_JSON_NOT_OBJECT, HSSC_OK,
     "numbers are never converted"},
    {"i_number_very_big_negative_int.json", HSSC_E_JSON_NOT_OBJECT, HSSC_OK,
     "numbers are never converted"},
    {"i_object_key_lone_2nd_surrogate.json", HSSC_E_JSON_SURROGATE, HSSC_E_JSON_SURROGATE,
     "lone low surrogate escape, in a key"},
    {"i_string_1st_surrogate_but_2nd_missing.json", HSSC_E_JSON_SURROGATE, HSSC_E_JSON_SURROGATE,
     "lone high surrogate escape"},
    {"i_string_1st_valid_surrogate_2nd_invalid.json", HSSC_E_JSON_SURROGATE, HSSC_E_JSON_SURROGATE,
     "high surrogate then not a low one"},
    {"i_string_UTF-16LE_with_BOM.json", HSSC_E_NOT_JSON, HSSC_E_UTF8, "UTF-16 is not UTF-8"},
    {"i_string_UTF-8_invalid_sequence.json", HSSC_E_UTF8, HSSC_E_UTF8, "invalid UTF-8"},
    {"i_string_UTF8_surrogate_U+D800.json", HSSC_E_UTF8, HSSC_E_UTF8,
     "encoded surrogate (yajl lets it through)"},
    {"i_string_incomplete_surrogate_and_escape_valid.json", HSSC_E_JSON_SURROGATE,
     HSSC_E_JSON_SURROGATE, "high surrogate then \\n"},
    {"i_string_incomplete_surrogate_pair.json", HSSC_E_JSON_SURROGATE, HSSC_E_JSON_SURROGATE,
     "high surrogate then text"},
    {"i_string_incomplete_surrogates_escape_valid.json", HSSC_E_JSON_SURROGATE,
     HSSC_E_JSON_SURROGATE, "two high surrogates"},
    {"i_string_invalid_lonely_surrogate.json", HSSC_E_JSON_SURROGATE, HSSC_E_JSON_SURROGATE,
     "lone high surrogate escape"},
    {"i_string_invalid_surrogate.json", HSSC_E_JSON_SURROGATE, HSSC_E_JSON_SURROGATE,
     "high surrogate then \"abc\""},
    {"i_string_invalid_utf-8.json", HSSC_E_UTF8, HSSC_E_UTF8, "0xFF"},
    {"i_string_inverted_surrogates_U+1D11E.json", HSSC_E_JSON_SURROGATE, HSSC_E_JSON_SURROGATE,
     "low before high"},
    {"i_string_iso_latin_1.json", HSSC_E_UTF8, HSSC_E_UTF8, "Latin-1 is not UTF-8"},
    {"i_string_lone_second_surrogate.json", HSSC_E_JSON_SURROGATE, HSSC_E_JSON_SURROGATE,
     "lone low surrogate escape"},
    {"i_string_lone_utf8_continuation_byte.json", HSSC_E_UTF8, HSSC_E_UTF8,
     "lone continuation byte"},
    {"i_string_not_in_unicode_range.json", HSSC_E_UTF8, HSSC_E_UTF8,
     "above U+10FFFF (yajl lets it through)"},
    {"i_string_overlong_sequence_2_bytes.json", HSSC_E_UTF8, HSSC_E_UTF8,
     "overlong (yajl lets it through)"},
    {"i_string_overlong_sequence_6_bytes.json", HSSC_E_UTF8, HSSC_E_UTF8, "6-byte form"},
    {"i_string_overlong_sequence_6_bytes_null.json", HSSC_E_UTF8, HSSC_E_UTF8,
     "6-byte form of NUL"},
    {"i_string_truncated-utf-8.json", HSSC_E_UTF8, HSSC_E_UTF8, "truncated sequence"},
    {"i_string_utf16BE_no_BOM.json", HSSC_E_NOT_JSON, HSSC_E_JSON_SYNTAX,
     "UTF-16: starts with NUL"},
    {"i_string_utf16LE_no_BOM.json", HSSC_E_JSON_SYNTAX, HSSC_E_JSON_SYNTAX,
     "UTF-16: NUL after '['"},
    {"i_structure_500_nested_arrays.json", HSSC_E_JSON_DEPTH, HSSC_E_JSON_DEPTH, "deeper than 64"},
    {"i_structure_UTF-8_BOM_empty_object.json", HSSC_E_NOT_JSON, HSSC_E_JSON_SYNTAX, "no BOM"},
};

/* test_transform/: all accepted-but-ambiguous inputs; the codec's answer. */
static const verdict transform_verdicts[] = {
    {"number_-9223372036854775808.json", HSSC_E_JSON_NOT_OBJECT, HSSC_OK, "not converted"},
    {"number_-9223372036854775809.json", HSSC_E_JSON_NOT_OBJECT, HSSC_OK, "not converted"},
    {"number_1.0.json", HSSC_E_JSON_NOT_OBJECT, HSSC_OK, "not converted"},
    {"number_1.000000000000000005.json", HSSC_E_JSON_NOT_OBJECT, HSSC_OK, "not converted"},
    {"number_1000000000000000.json", HSSC_E_JSON_NOT_OBJECT, HSSC_OK, "not converted"},
    {"number_10000000000000000999.json", HSSC_E_JSON_NOT_OBJECT, HSSC_OK, "not converted"},
    {"number_1e-999.json", HSSC_E_JSON_NOT_OBJECT, HSSC_OK, "not converted"},
    {"number_1e6.json", HSSC_E_JSON_NOT_OBJECT, HSSC_OK, "not converted"},
    {"number_9223372036854775807.json", HSSC_E_JSON_NOT_OBJECT, HSSC_OK, "not converted"},
    {"number_9223372036854775808.json", HSSC_E_JSON_NOT_OBJECT, HSSC_OK, "not converted"},
    {"object_key_nfc_nfd.json", HSSC_E_UNKNOWN, HSSC_OK, "keys compared as bytes; both unknown"},
    {"object_key_nfd_nfc.json", HSSC_E_UNKNOWN, HSSC_OK, "keys compared as bytes; both unknown"},
    {"object_same_key_different_values.json", HSSC_E_UNKNOWN, HSSC_OK,
     "duplicates of an unknown key are skipped"},
    {"object_same_key_same_value.json", HSSC_E_UNKNOWN, HSSC_OK,
     "duplicates of an unknown key are skipped"},
    {"object_same_key_unclear_values.json", HSSC_E_UNKNOWN, HSSC_OK,
     "duplicates of an unknown key are skipped"},
    {"string_1_escaped_invalid_codepoint.json", HSSC_E_JSON_SURROGATE, HSSC_E_JSON_SURROGATE,
     "lone surrogate escape"},
    {"string_1_invalid_codepoint.json", HSSC_E_UTF8, HSSC_E_UTF8, "encoded surrogate"},
    {"string_2_escaped_invalid_codepoints.json", HSSC_E_JSON_SURROGATE, HSSC_E_JSON_SURROGATE,
     "lone surrogate escapes"},
    {"string_2_invalid_codepoints.json", HSSC_E_UTF8, HSSC_E_UTF8, "encoded surrogates"},
    {"string_3_escaped_invalid_codepoints.json", HSSC_E_JSON_SURROGATE, HSSC_E_JSON_SURROGATE,
     "lone surrogate escapes"},
    {"string_3_invalid_codepoints.json", HSSC_E_UTF8, HSSC_E_UTF8, "encoded surrogates"},
    {"string_with_escaped_NULL.json", HSSC_E_JSON_NUL, HSSC_E_JSON_NUL, "\\u0000 (I-JSON)"},
};

static const verdict *find_verdict(const verdict *v, size_t n, const char *file)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i].file, file) == 0) {
            return &v[i];
        }
    }
    return NULL;
}

static char *read_file_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    sb b = {0};
    char buf[65536];
    size_t n;
    sb_add(&b, "", 0);
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
        sb_add(&b, buf, n);
    }
    fclose(f);
    *len = b.len;
    return b.p;
}

typedef struct suite_counts {
    int files;
    int checked_verdicts;
} suite_counts;

static void run_dir(const char *sub, const verdict *table, size_t table_n, suite_counts *counts)
{
    char dir[4096];
    (void)snprintf(dir, sizeof(dir), "%s/JSONTestSuite/%s", HSSC_TEST_DATA, sub);
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "cannot open %s", dir);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        const char *name = de->d_name;
        size_t nl = strlen(name);
        if (nl < 5 || strcmp(name + nl - 5, ".json") != 0) {
            continue;
        }
        char path[8192];
        (void)snprintf(path, sizeof(path), "%s/%s", dir, name);
        size_t len = 0;
        char *body = read_file_all(path, &len);
        sb w = {0};
        sb_str(&w, wrap_pre);
        sb_add(&w, body, len);
        sb_str(&w, "}");
        outcome raw = decode(body, len, 0);
        outcome wrapped = decode(w.p, w.len, HSSC_ALLOW_UNKNOWN);
        const verdict *v = find_verdict(table, table_n, name);
        if (name[0] == 'n' && name[1] == '_' && table == NULL) {
            ck_assert_msg(is_syntax_class(raw.rc) && is_syntax_class(wrapped.rc),
                          "%s: raw %s, wrapped %s", name, hssc_code_name(raw.rc),
                          hssc_code_name(wrapped.rc));
        } else if (name[0] == 'y' && name[1] == '_' && table == NULL) {
            int nul = strcmp(name, "y_string_null_escape.json") == 0 ||
                      strcmp(name, "y_object_escaped_null_in_key.json") == 0;
            if (nul) {
                ck_assert_int_eq(raw.rc, HSSC_E_JSON_NUL);
                ck_assert_int_eq(wrapped.rc, HSSC_E_JSON_NUL);
            } else {
                ck_assert_msg(raw.rc == HSSC_E_JSON_NOT_OBJECT || raw.rc == HSSC_E_UNKNOWN ||
                                  raw.rc == HSSC_E_MISSING,
                              "%s: raw %s", name, hssc_code_name(raw.rc));
                ck_assert_msg(wrapped.rc == HSSC_OK, "%s: wrapped %s at %zu", name,
                              hssc_code_name(wrapped.rc), wrapped.e.offset);
            }
        } else {
            if (table == NULL) {
                v = find_verdict(i_verdicts, sizeof(i_verdicts) / sizeof(i_verdicts[0]), name);
            }
            ck_assert_msg(v != NULL, "%s: no verdict in the table", name);
            ck_assert_msg(raw.rc == v->raw && wrapped.rc == v->wrapped,
                          "%s (%s): raw %s want %s, wrapped %s want %s", name, v->why,
                          hssc_code_name(raw.rc), hssc_code_name(v->raw),
                          hssc_code_name(wrapped.rc), hssc_code_name(v->wrapped));
            counts->checked_verdicts++;
        }
        counts->files++;
        sb_free(&w);
        free(body);
    }
    closedir(d);
}

START_TEST(json_test_suite_parsing)
{
    suite_counts c = {0, 0};
    run_dir("test_parsing", NULL, 0, &c);
    ck_assert_int_eq(c.files, 318);
    ck_assert_int_eq(c.checked_verdicts, (int)(sizeof(i_verdicts) / sizeof(i_verdicts[0])));
}
END_TEST

START_TEST(json_test_suite_transform)
{
    suite_counts c = {0, 0};
    run_dir("test_transform", transform_verdicts,
            sizeof(transform_verdicts) / sizeof(transform_verdicts[0]), &c);
    ck_assert_int_eq(c.files, 22);
    ck_assert_int_eq(c.checked_verdicts, 22);
}
END_TEST

#ifndef HSSC_NO_INTERPOSE
static int not_under_valgrind(void)
{
    if (UNDER_VALGRIND()) {
        fprintf(stderr, "no_malloc: left out under valgrind (its malloc wins over the "
                        "interposer); the arena counters still check every decode\n");
        return 0;
    }
    return 1;
}
#endif

static const hssc_row response_rows[] = {
    HSSC_TCASE("decode", 120),
    HSSC_TEST(spec_example),
    HSSC_TEST(any_key_order_and_escapes),
    HSSC_TEST(escaped_keys_are_keys),
    HSSC_LOOP(lengths, 3 * N_SPELLINGS),
    HSSC_TEST(every_type_in_every_slot),
    HSSC_TEST(missing_keys),
    HSSC_TEST(unknown_keys),
    HSSC_TEST(unknown_deep_and_large),
    HSSC_TEST(duplicates),
    HSSC_LOOP(reject_table, HSSC_NELEM(rejects)),
    HSSC_TEST(nesting_bomb),
    HSSC_TEST(truncated_everywhere),
    HSSC_TEST(size_cap),
    HSSC_TEST(workspace_and_arguments),
    HSSC_TEST(arena_peaks),
#ifndef HSSC_NO_INTERPOSE
    HSSC_TEST_IF(no_malloc, not_under_valgrind),
#endif
    HSSC_TCASE("encode", 0),
    HSSC_TEST(encode_canonical),
    HSSC_TEST(encode_rejects),
    HSSC_TEST(encode_round_trip),
    HSSC_TEST(encode_arena),
    HSSC_TCASE("JSONTestSuite", 300),
    HSSC_TEST(json_test_suite_parsing),
    HSSC_TEST(json_test_suite_transform),
};

HSSC_CHECK_MAIN("response", response_rows)
