/*
 * codec/src/apierror.c: error bodies (status >= 400), flat and nested, on
 * the same strict reader as the 200 body. Inputs sit against a guard page;
 * every decode asserts the arena never failed and stayed in its bound.
 */
#include "body_util.h" /* first: it sets _DEFAULT_SOURCE */

#include "hssc_internal.h"

static unsigned char ws[HSSC_API_ERROR_WORKSPACE_LEN(HSSC_BODY_MAX_DEFAULT)];
static const hssc_field err_fields[] = {HSSC_FIELD_ERROR_CODE, HSSC_FIELD_ERROR_MSG,
                                        HSSC_FIELD_REQUEST_ID};

typedef struct outcome {
    hssc_code rc;
    hssc_error e;
    hssc_api_error r;
} outcome;

static outcome decode(const char *body, size_t len, unsigned flags)
{
    outcome o;
    memset(&o, 0, sizeof(o));
    char *in = guard_copy(body, len);
    hssc_arena a;
    o.rc = hssc_api_error_decode_arena(in, len, flags, HSSC_BODY_MAX_DEFAULT, ws, sizeof(ws), &o.r,
                                       &a, &o.e);
    guard_free(in, len);
    ck_assert_uint_eq(a.fails, 0);
    ck_assert_uint_le(a.peak, HSSC_JSON_ARENA_LEN(len));
    if (o.rc != HSSC_OK) {
        ck_assert_ptr_null(o.r.error_code.ptr);
        ck_assert_ptr_null(o.r.error_msg.ptr);
        ck_assert_ptr_null(o.r.request_id.ptr);
        ck_assert_int_eq((int)o.r.form, 0);
    }
    return o;
}

/* decode() as a body_decoder. */
static hssc_code decode_rc(const char *body, size_t len, unsigned flags, hssc_error *e)
{
    outcome o = decode(body, len, flags);
    *e = o.e;
    return o.rc;
}

/* body decodes (with flags) to the values given for error_code, error_msg
 * and request_id; NULL: not checked. */
static outcome decodes_to(const char *body, size_t len, unsigned flags, const char *code,
                          const char *msg, const char *request_id)
{
    outcome o = decode(body, len, flags);
    BODY_ACCEPTED(&hssc_api_error_doc, o, err_fields, code, msg, request_id);
    return o;
}

START_TEST(flat)
{
    static const char body[] = "{\"error_code\":\"HSS.1014\",\"error_msg\":\"Invalid "
                               "parameter\",\"request_id\":\"4f6c2a\"}";
    outcome o = decodes_to(S(body), 0, "HSS.1014", "Invalid parameter", "4f6c2a");
    ck_assert_int_eq(o.r.form, HSSC_API_ERROR_FLAT);

    /* Without request_id; the message may be empty; any key order. */
    static const char bare[] = "{\"error_msg\":\"\",\"error_code\":\"APIG.0301\"}";
    o = decodes_to(S(bare), 0, "APIG.0301", "", NULL);
    ck_assert_ptr_null(o.r.request_id.ptr);
}
END_TEST

START_TEST(gateway_bodies)
{
    /* Shapes the API gateway answers with, including its extra keys,
     * which need HSSC_ALLOW_UNKNOWN. */
    static const char not_found[] =
        "{\"error_msg\":\"The API does not exist or has not been published in the environment\","
        "\"error_code\":\"APIGW.0101\",\"request_id\":\"a1b2c3d4e5f60718293a4b5c6d7e8f90\"}";
    (void)decodes_to(S(not_found), 0, "APIGW.0101", NULL, NULL);

    static const char forbidden[] =
        "{\"error_msg\":\"Policy doesn't allow hss:image:get to be performed.\","
        "\"error_code\":\"APIGW.0302\",\"request_id\":\"r1\","
        "\"encoded_authorization_message\":\"Q2FmZ...==\"}";
    outcome o = decode(S(forbidden), 0);
    ck_assert_error(o.rc, o.e, HSSC_E_UNKNOWN, HSSC_FIELD_BODY, 111);
    (void)decodes_to(S(forbidden), HSSC_ALLOW_UNKNOWN, "APIGW.0302", NULL, "r1");

    /* A message that echoes a canonical request, with escapes. */
    static const char sig[] =
        "{\"error_code\":\"APIGW.0301\",\"error_msg\":\"Incorrect IAM authentication information: "
        "verify aksk signature fail, canonicalRequest: GET\\n/v5/p\\/image\"}";
    /* A newline in the gateway's prose is accepted (DESIGN.md, "Error
     * bodies"): the caller prints it escaped. */
    (void)decodes_to(S(sig), 0, NULL,
                     "Incorrect IAM authentication information: "
                     "verify aksk signature fail, canonicalRequest: GET\n/v5/p/image",
                     NULL);
    /* so are the other controls (ESC, DEL, a C1), as characters; invalid
     * UTF-8 still is not, at its byte */
    static const char ctl[] =
        "{\"error_code\":\"HSS.0001\",\"error_msg\":\"a\\u001b[31m\x7f\xc2\x85\\t\"}";
    (void)decodes_to(S(ctl), 0, NULL, "a\x1b[31m\x7f\xc2\x85\t", NULL);
    static const char bad[] = "{\"error_code\":\"HSS.0001\",\"error_msg\":\"ab\xc0\xaf\"}";
    o = decode(S(bad), 0);
    ck_assert_error(o.rc, o.e, HSSC_E_UTF8, HSSC_FIELD_ERROR_MSG, 40);
}
END_TEST

START_TEST(nested)
{
    static const char body[] = "{\"error\":{\"code\":\"APIGW.0301\",\"message\":\"Incorrect IAM "
                               "authentication information\"}}";
    outcome o =
        decodes_to(S(body), 0, "APIGW.0301", "Incorrect IAM authentication information", NULL);
    ck_assert_ptr_null(o.r.request_id.ptr);
    ck_assert_int_eq(o.r.form, HSSC_API_ERROR_NESTED);

    /* request_id beside "error", or inside it; flat names inside. */
    static const char beside[] =
        "{\"request_id\":\"r9\",\"error\":{\"message\":\"m\",\"code\":\"APIG.1002\"}}";
    (void)decodes_to(S(beside), 0, NULL, NULL, "r9");
    static const char inside[] =
        "{\"error\":{\"error_code\":\"HSS.0001\",\"error_msg\":\"m\",\"request_id\":\"r8\"}}";
    (void)decodes_to(S(inside), 0, "HSS.0001", NULL, "r8");

    /* Keystone-style extra keys inside "error": only when allowed. */
    static const char title[] =
        "{\"error\":{\"code\":\"APIGW.0301\",\"title\":\"Unauthorized\",\"message\":\"m\"}}";
    o = decode(S(title), 0);
    ck_assert_error(o.rc, o.e, HSSC_E_UNKNOWN, HSSC_FIELD_BODY, 30);
    o = decode(S(title), HSSC_ALLOW_UNKNOWN);
    ck_assert_int_eq(o.rc, HSSC_OK);
}
END_TEST

#define B HSSC_FIELD_BODY
#define FC HSSC_FIELD_ERROR_CODE
#define FM HSSC_FIELD_ERROR_MSG
#define FR HSSC_FIELD_REQUEST_ID

static const reject_case rejects[] = {
    /* Not JSON: a clear result, whatever a proxy sent. */
    {S(""), 0, HSSC_E_NOT_JSON, B, 0},
    {S("\r\n"), 0, HSSC_E_NOT_JSON, B, 2},
    {S("<html><head><title>502 Bad Gateway</title></head></html>"), 0, HSSC_E_NOT_JSON, B, 0},
    {S("\n<!DOCTYPE html>"), 0, HSSC_E_NOT_JSON, B, 1},
    {S("Bad Gateway"), 0, HSSC_E_NOT_JSON, B, 0},
    {S("\xEF\xBB\xBF{}"), 0, HSSC_E_NOT_JSON, B, 0},
    /* JSON, but broken or the wrong shape. */
    {S("{\"error_code\":\"HSS.1\""), 0, HSSC_E_JSON_SYNTAX, B, 21},
    {S("nope"), 0, HSSC_E_JSON_SYNTAX, B, 1},
    {S("[\"HSS.1\"]"), 0, HSSC_E_JSON_NOT_OBJECT, B, 0},
    {S("\"HSS.1\""), 0, HSSC_E_JSON_NOT_OBJECT, B, 0},
    {S("{}"), 0, HSSC_E_MISSING, FC, 2},
    {S("{\"error_code\":\"HSS.1\"}"), 0, HSSC_E_MISSING, FM, 22},
    {S("{\"error\":{}}"), 0, HSSC_E_MISSING, FC, 12},
    {S("{\"error\":{\"code\":\"HSS.1\"}}"), 0, HSSC_E_MISSING, FM, 26},
    /* Codes: PREFIX.DIGITS. */
    {S("{\"error_code\":\"401\",\"error_msg\":\"m\"}"), 0, HSSC_E_CODE_FORMAT, FC, 15},
    {S("{\"error_code\":\"hss.1\",\"error_msg\":\"m\"}"), 0, HSSC_E_CODE_FORMAT, FC, 15},
    {S("{\"error_code\":\"HSS.\",\"error_msg\":\"m\"}"), 0, HSSC_E_CODE_FORMAT, FC, 15},
    {S("{\"error_code\":\"HSS.1 \",\"error_msg\":\"m\"}"), 0, HSSC_E_CODE_FORMAT, FC, 15},
    {S("{\"error_code\":\"\",\"error_msg\":\"m\"}"), 0, HSSC_E_TOO_SHORT, FC, 15},
    {S("{\"error\":{\"code\":\"Unauthorized\",\"message\":\"m\"}}"), 0, HSSC_E_CODE_FORMAT, FC, 18},
    /* Types. */
    {S("{\"error_code\":401,\"error_msg\":\"m\"}"), 0, HSSC_E_JSON_TYPE, FC, 14},
    {S("{\"error_code\":\"HSS.1\",\"error_msg\":null}"), 0, HSSC_E_JSON_TYPE, FM, 34},
    {S("{\"error_code\":\"HSS.1\",\"error_msg\":\"m\",\"request_id\":7}"), 0, HSSC_E_JSON_TYPE, FR,
     51},
    {S("{\"error\":\"APIGW.0301\"}"), 0, HSSC_E_JSON_TYPE, B, 9},
    {S("{\"error\":[]}"), 0, HSSC_E_JSON_TYPE, B, 9},
    {S("{\"error\":{\"code\":{}}}"), 0, HSSC_E_JSON_TYPE, FC, 17},
    /* Each field once, in either form. */
    {S("{\"error_code\":\"HSS.1\",\"error_code\":\"HSS.2\"}"), 0, HSSC_E_DUPLICATE, FC, 22},
    {S("{\"error_code\":\"HSS.1\",\"error\":{\"code\":\"HSS.2\"}}"), 0, HSSC_E_DUPLICATE, FC, 31},
    {S("{\"error\":{\"code\":\"HSS.1\",\"error_code\":\"HSS.1\"}}"), 0, HSSC_E_DUPLICATE, FC, 25},
    {S("{\"error\":{},\"error\":{}}"), 0, HSSC_E_DUPLICATE, B, 12},
    {S("{\"request_id\":\"a\",\"error\":{\"request_id\":\"b\"}}"), 0, HSSC_E_DUPLICATE, FR, 27},
    {S("{\"error\\u005fcode\":\"HSS.1\",\"error_code\":\"HSS.1\"}"), 0, HSSC_E_DUPLICATE, FC, 27},
    /* Unknown keys. */
    {S("{\"error_code\":\"HSS.1\",\"error_msg\":\"m\",\"x\":1}"), 0, HSSC_E_UNKNOWN, B, 38},
    /* The same well-formedness rules as a 200 body. */
    {S("{\"error_code\":\"HSS.1\",\"error_msg\":\"\xC0\xAF\"}"), 0, HSSC_E_UTF8, FM, 35},
    {S("{\"error_code\":\"HSS.1\",\"error_msg\":\"\xFF\"}"), 0, HSSC_E_UTF8, FM, 35},
    {S("{\"error_code\":\"HSS.1\",\"error_msg\":\"\\ud800\"}"), 0, HSSC_E_JSON_SURROGATE, FM, 35},
    {S("{\"error_code\":\"HSS.1\",\"error_msg\":\"a\\u0000\"}"), 0, HSSC_E_JSON_NUL, FM, 36},
    /* (an ESC in error_msg is accepted: the gateway's prose, see "flat") */
    {S("{\"x\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
       "[["),
     HSSC_ALLOW_UNKNOWN, HSSC_E_JSON_DEPTH, B, 5 + 63},
    {S("{\"error_code\":\"HSS.1\",\"error_msg\":\"m\"} {}"), 0, HSSC_E_JSON_SYNTAX, B, 40},
};

START_TEST(reject_table)
{
    body_rejected("rejects", (size_t)_i, &rejects[_i], decode_rc);
}
END_TEST

START_TEST(lengths)
{
    /* error_msg 4096 characters (4-byte ones) is fine; 4097 is too long. */
    size_t cap = 64 + 4097 * 4;
    char *body = malloc(cap);
    ck_assert_ptr_nonnull(body);
    for (size_t chars = 4096; chars <= 4097; chars++) {
        size_t n = 0;
        memcpy(body, "{\"error_code\":\"HSS.1\",\"error_msg\":\"", 35);
        n = 35;
        for (size_t i = 0; i < chars; i++) {
            memcpy(body + n, "\xF0\x9F\x98\x80", 4);
            n += 4;
        }
        memcpy(body + n, "\"}", 2);
        n += 2;
        outcome o = decode(body, n, 0);
        if (chars == 4096) {
            ck_assert_int_eq(o.rc, HSSC_OK);
            ck_assert_uint_eq(o.r.error_msg.len, 4096 * 4);
        } else {
            ck_assert_error(o.rc, o.e, HSSC_E_TOO_LONG, FM, 35 + 4096 * 4);
        }
    }
    /* error_code: 64 characters at most. */
    static const char long_code[] =
        "{\"error_code\":\"ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ"
        ".0123456789123\",\"error_msg\":\"m\"}";
    outcome o = decode(S(long_code), 0);
    ck_assert_error(o.rc, o.e, HSSC_E_TOO_LONG, FC, 15 + 64);
    free(body);
}
END_TEST

START_TEST(truncated_everywhere)
{
    static const char body[] =
        "{\"error\":{\"code\":\"APIGW.0301\",\"message\":\"caf\\u00e9\"},\"request_id\":\"r\"}";
    outcome o = decode(S(body), 0);
    ck_assert_int_eq(o.rc, HSSC_OK);
    ck_assert(str_eq(o.r.error_msg, "caf\xC3\xA9"));
    for (size_t k = 1; k < sizeof(body) - 1; k++) {
        o = decode(body, k, 0);
        ck_assert_error(o.rc, o.e, HSSC_E_JSON_SYNTAX, B, k);
    }
}
END_TEST

START_TEST(size_cap_and_workspace)
{
    size_t cap = HSSC_BODY_MAX_DEFAULT;
    char *body = body_cap_checked(decode_rc, "{\"error_code\":\"HSS.1\",\"error_msg\":\"m\"}", 38);
    ck_assert_uint_eq(hssc_json_strings_len(&hssc_api_error_doc), HSSC_API_ERROR_STRINGS_LEN);
    hssc_api_error r;
    hssc_error e;
    hssc_code rc =
        hssc_api_error_decode(body, 38, 0, cap, ws, HSSC_API_ERROR_WORKSPACE_LEN(38) - 1, &r, &e);
    ck_assert_error(rc, e, HSSC_E_WORKSPACE, B, 0);
    rc = hssc_api_error_decode(body, 38, 0, cap, ws, HSSC_API_ERROR_WORKSPACE_LEN(38), &r, &e);
    ck_assert_int_eq(rc, HSSC_OK);
    rc = hssc_api_error_decode(body, 38, 0, cap, ws, sizeof(ws), NULL, &e);
    ck_assert_error(rc, e, HSSC_E_ARGUMENT, B, 0);
    free(body);
}
END_TEST

static const hssc_row apierror_rows[] = {
    HSSC_TCASE("decode", 0),
    HSSC_TEST(flat),
    HSSC_TEST(gateway_bodies),
    HSSC_TEST(nested),
    HSSC_LOOP(reject_table, HSSC_NELEM(rejects)),
    HSSC_TEST(lengths),
    HSSC_TEST(truncated_everywhere),
    HSSC_TEST(size_cap_and_workspace),
};

HSSC_CHECK_MAIN("apierror", apierror_rows)
