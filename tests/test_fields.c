/*
 * codec/src/field_table.c, field_text.c, field_check.c, error_codes.c,
 * error.c, wipe.c, version.c: the field table, field lookup, the field ->
 * member accessors, single-value checks, the token check, error codes and
 * error messages.
 */
#include "check_util.h"
#include "hssc_internal.h"

/* ---- the table ---- */

typedef struct row_want {
    hssc_field field;
    const char *name;
    hssc_location loc;
    int required;
    size_t min;
    size_t max;
    hssc_rule rule;
    int secret;
} row_want;

/* DESIGN.md's table, written out again on purpose: a change to the codec's
 * table must show up here as a failure. */
static const row_want rows[] = {
    {HSSC_FIELD_PROJECT_ID, "project_id", HSSC_LOC_PATH, 1, 1, 256, HSSC_RULE_PATH_SEGMENT, 0},
    {HSSC_FIELD_REGISTRY_ADDR, "registry_addr", HSSC_LOC_QUERY, 1, 1, 256, HSSC_RULE_REGISTRY_ADDR,
     0},
    {HSSC_FIELD_NAMESPACE, "namespace", HSSC_LOC_QUERY, 1, 1, 128, HSSC_RULE_NONE, 0},
    {HSSC_FIELD_USERNAME, "username", HSSC_LOC_QUERY, 1, 1, 128, HSSC_RULE_NONE, 0},
    {HSSC_FIELD_PASSWORD, "password", HSSC_LOC_QUERY, 1, 1, 128, HSSC_RULE_NONE, 1},
    {HSSC_FIELD_ENTERPRISE_PROJECT_ID, "enterprise_project_id", HSSC_LOC_QUERY, 0, 1, 256,
     HSSC_RULE_NONE, 0},
    {HSSC_FIELD_X_AUTH_TOKEN, "X-Auth-Token", HSSC_LOC_HEADER, 1, 1, 32768, HSSC_RULE_TOKEN, 1},
    {HSSC_FIELD_IMAGE_COMMAND, "image_command", HSSC_LOC_RESPONSE, 1, 1, 1024, HSSC_RULE_NONE, 0},
    {HSSC_FIELD_IMAGES_DOWNLOAD_URL, "images_download_url", HSSC_LOC_RESPONSE, 1, 1, 256,
     HSSC_RULE_HTTP_URL, 0},
    {HSSC_FIELD_SWR_IMAGE_PULL_COMMAND, "swr_image_pull_command", HSSC_LOC_RESPONSE, 1, 1, 1024,
     HSSC_RULE_NONE, 0},
    {HSSC_FIELD_ERROR_CODE, "error_code", HSSC_LOC_ERROR_BODY, 1, 1, 64, HSSC_RULE_ERROR_CODE, 0},
    {HSSC_FIELD_ERROR_MSG, "error_msg", HSSC_LOC_ERROR_BODY, 1, 0, 4096, HSSC_RULE_PROSE, 0},
    {HSSC_FIELD_REQUEST_ID, "request_id", HSSC_LOC_ERROR_BODY, 0, 1, 256, HSSC_RULE_NONE, 0},
    /* AK/SK signing (docs/signing.md). */
    {HSSC_FIELD_X_SDK_DATE, "X-Sdk-Date", HSSC_LOC_HEADER, 0, 16, 16, HSSC_RULE_SDK_DATE, 0},
    {HSSC_FIELD_ACCESS_KEY, "AK", HSSC_LOC_CREDENTIAL, 0, 1, 128, HSSC_RULE_ACCESS_KEY, 0},
    {HSSC_FIELD_SECRET_KEY, "SK", HSSC_LOC_CREDENTIAL, 0, 1, 128, HSSC_RULE_VISIBLE, 1},
    {HSSC_FIELD_X_SECURITY_TOKEN, "X-Security-Token", HSSC_LOC_HEADER, 0, 1, 32768,
     HSSC_RULE_VISIBLE, 1},
    {HSSC_FIELD_AUTHORIZATION, "Authorization", HSSC_LOC_HEADER, 0, 1, 4096,
     HSSC_RULE_AUTHORIZATION, 1},
    {HSSC_FIELD_HOST, "Host", HSSC_LOC_HEADER, 1, 1, 1024, HSSC_RULE_HOST, 0},
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

START_TEST(table_rows)
{
    const row_want *w = &rows[_i];
    const hssc_field_info *info = hssc_field_get(w->field);
    ck_assert_ptr_nonnull(info);
    ck_assert_str_eq(info->name, w->name);
    ck_assert_uint_eq(info->name_len, strlen(w->name));
    ck_assert_int_eq(info->location, w->loc);
    ck_assert_int_eq(info->required, w->required);
    ck_assert_uint_eq(info->min_chars, w->min);
    ck_assert_uint_eq(info->max_chars, w->max);
    ck_assert_int_eq(info->rule, w->rule);
    ck_assert_int_eq(info->secret, w->secret);
}
END_TEST

START_TEST(table_pseudo_fields)
{
    /* The pseudo-fields have no place on the wire and no name lookup. */
    static const hssc_field pseudo[] = {
        HSSC_FIELD_NONE,   HSSC_FIELD_TARGET, HSSC_FIELD_BODY,          HSSC_FIELD_ENDPOINT,
        HSSC_FIELD_METHOD, HSSC_FIELD_HEADER, HSSC_FIELD_SIGNED_HEADERS};
    for (size_t i = 0; i < sizeof(pseudo) / sizeof(pseudo[0]); i++) {
        const hssc_field_info *info = hssc_field_get(pseudo[i]);
        ck_assert_ptr_nonnull(info);
        ck_assert_int_eq(info->location, HSSC_LOC_NONE);
        ck_assert_int_eq(info->secret, 0);
        ck_assert_uint_eq(info->name_len, strlen(info->name));
    }
    ck_assert_ptr_null(hssc_field_get(HSSC_FIELD_COUNT_));
    ck_assert_ptr_null(hssc_field_get((hssc_field)1000));
    ck_assert_ptr_null(hssc_field_get((hssc_field)-1));
    /* Every field below the count has a row; exactly the secrets are secret:
     * password, X-Auth-Token, SK, X-Security-Token, Authorization. */
    int secrets = 0;
    for (int f = 0; f < HSSC_FIELD_COUNT_; f++) {
        const hssc_field_info *info = hssc_field_get((hssc_field)f);
        ck_assert_ptr_nonnull(info);
        ck_assert_ptr_nonnull(info->name);
        secrets += info->secret;
    }
    ck_assert_int_eq(secrets, 5);
    ck_assert_int_eq(HSSC_FIELD_COUNT_, 26);
}
END_TEST

START_TEST(table_query_order)
{
    /* The canonical query: every query field once, sorted by wire name. */
    ck_assert_uint_eq(hssc_query_fields_count, 5);
    static const char *const want[] = {"enterprise_project_id", "namespace", "password",
                                       "registry_addr", "username"};
    hssc_request r;
    const hssc_str *members[] = {&r.enterprise_project_id, &r.namespace_, &r.password,
                                 &r.registry_addr, &r.username};
    for (size_t i = 0; i < hssc_query_fields_count; i++) {
        const hssc_field_info *info = hssc_field_get(hssc_query_fields[i]);
        ck_assert_str_eq(info->name, want[i]);
        ck_assert_int_eq(info->location, HSSC_LOC_QUERY);
        ck_assert_ptr_eq(hssc_request_field(&r, hssc_query_fields[i]), members[i]);
        if (i > 0) {
            ck_assert_int_lt(strcmp(hssc_field_get(hssc_query_fields[i - 1])->name, info->name), 0);
        }
    }
}
END_TEST

START_TEST(table_members)
{
    /* The accessors reach a distinct member, inside its struct, for every
     * field of their location, and nothing else. */
    hssc_request rq;
    hssc_response rs;
    hssc_api_error ae;
    size_t n_req = 0, n_resp = 0, n_err = 0;
    for (int f = -1; f <= HSSC_FIELD_COUNT_; f++) {
        const hssc_field_info *info = hssc_field_get((hssc_field)f);
        hssc_location loc = info != NULL ? info->location : HSSC_LOC_NONE;
        const hssc_str *a = hssc_request_field(&rq, (hssc_field)f);
        const hssc_str *b = hssc_response_field(&rs, (hssc_field)f);
        const hssc_str *c = hssc_api_error_field(&ae, (hssc_field)f);
        ck_assert_ptr_eq(hssc_request_field_const(&rq, (hssc_field)f), a);
        ck_assert_ptr_eq(hssc_response_field_const(&rs, (hssc_field)f), b);
        ck_assert_ptr_eq(hssc_api_error_field_const(&ae, (hssc_field)f), c);
        ck_assert_int_eq(a != NULL, loc == HSSC_LOC_PATH || loc == HSSC_LOC_QUERY);
        ck_assert_int_eq(b != NULL, loc == HSSC_LOC_RESPONSE);
        ck_assert_int_eq(c != NULL, loc == HSSC_LOC_ERROR_BODY);
        ck_assert_ptr_null(hssc_request_field(NULL, (hssc_field)f));
        ck_assert_ptr_null(hssc_response_field(NULL, (hssc_field)f));
        ck_assert_ptr_null(hssc_api_error_field(NULL, (hssc_field)f));
        if (a != NULL) {
            ck_assert_uint_eq((size_t)((const char *)a - (const char *)&rq) % sizeof(hssc_str), 0);
            ck_assert_uint_lt((size_t)((const char *)a - (const char *)&rq), sizeof(rq));
            ck_assert_uint_eq((size_t)((const char *)a - (const char *)&rq) / sizeof(hssc_str),
                              n_req++);
        }
        if (b != NULL) {
            ck_assert_uint_eq((size_t)((const char *)b - (const char *)&rs) / sizeof(hssc_str),
                              n_resp++);
        }
        if (c != NULL) {
            ck_assert_uint_eq((size_t)((const char *)c - (const char *)&ae) / sizeof(hssc_str),
                              n_err++);
        }
    }
    /* Each struct's members, in declaration order, are the table's fields
     * in enum order: every member is reached once. */
    ck_assert_uint_eq(n_req, sizeof(rq) / sizeof(hssc_str));
    ck_assert_uint_eq(n_resp, sizeof(rs) / sizeof(hssc_str));
    ck_assert_uint_eq(n_err, 3);
    ck_assert_ptr_eq(hssc_request_field(&rq, HSSC_FIELD_NAMESPACE), &rq.namespace_);
    ck_assert_ptr_eq(hssc_response_field(&rs, HSSC_FIELD_SWR_IMAGE_PULL_COMMAND),
                     &rs.swr_image_pull_command);
    ck_assert_ptr_eq(hssc_api_error_field(&ae, HSSC_FIELD_REQUEST_ID), &ae.request_id);
}
END_TEST

/* ---- lookup ---- */

START_TEST(lookup_names)
{
    for (size_t i = 0; i < NROWS; i++) {
        char *name = guard_copy(rows[i].name, strlen(rows[i].name));
        ck_assert_int_eq(hssc_field_lookup(name, strlen(rows[i].name)), rows[i].field);
        /* A strict prefix and a longer span are other names. */
        ck_assert_int_eq(hssc_field_lookup(name, strlen(rows[i].name) - 1), HSSC_FIELD_NONE);
        guard_free(name, strlen(rows[i].name));
    }
    ck_assert_int_eq(hssc_field_lookup("username\0", 9), HSSC_FIELD_NONE);
    ck_assert_int_eq(hssc_field_lookup("usernamex", 9), HSSC_FIELD_NONE);
    ck_assert_int_eq(hssc_field_lookup("usernamex", 8), HSSC_FIELD_USERNAME);
    ck_assert_int_eq(hssc_field_lookup("Username", 8), HSSC_FIELD_NONE);
    ck_assert_int_eq(hssc_field_lookup("x-auth-token", 12), HSSC_FIELD_NONE);
    ck_assert_int_eq(hssc_field_lookup("", 0), HSSC_FIELD_NONE);
    ck_assert_int_eq(hssc_field_lookup(NULL, 0), HSSC_FIELD_NONE);
    ck_assert_int_eq(hssc_field_lookup(NULL, 8), HSSC_FIELD_NONE);
    /* Pseudo-fields are not wire names. */
    ck_assert_int_eq(hssc_field_lookup("request target", 14), HSSC_FIELD_NONE);
    ck_assert_int_eq(hssc_field_lookup("body", 4), HSSC_FIELD_NONE);
    ck_assert_int_eq(hssc_field_lookup("endpoint", 8), HSSC_FIELD_NONE);
    /* The C member name is not the wire name. */
    ck_assert_int_eq(hssc_field_lookup("namespace_", 10), HSSC_FIELD_NONE);
}
END_TEST

/* ---- field_check: lengths in characters, in four byte widths ---- */

static const hssc_field request_fields[] = {
    HSSC_FIELD_PROJECT_ID, HSSC_FIELD_REGISTRY_ADDR, HSSC_FIELD_NAMESPACE,
    HSSC_FIELD_USERNAME,   HSSC_FIELD_PASSWORD,      HSSC_FIELD_ENTERPRISE_PROJECT_ID,
};
#define NREQ (sizeof(request_fields) / sizeof(request_fields[0]))

/* One character of each UTF-8 width. */
static const char *const widths[] = {"a", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"};

/* A valid registry address of exactly n ASCII characters (1 <= n <= 257):
 * labels of at most 63, then ":5000/" to pad past the 253 of a host name. */
static size_t make_addr(char *out, size_t n)
{
    if (n <= 253) {
        for (size_t i = 0; i < n; i++) {
            out[i] = (i % 64 == 63) ? '.' : 'a';
        }
        return n;
    }
    size_t host = n - 6;
    size_t len = make_addr(out, host);
    memcpy(out + len, ":5000/", 6);
    return len + 6;
}

/* n characters of one width; registry_addr gets a valid address for ASCII. */
static size_t make_value(hssc_field f, size_t width, size_t n, char *out)
{
    if (f == HSSC_FIELD_REGISTRY_ADDR && width == 0 && n > 0) {
        return make_addr(out, n);
    }
    size_t w = strlen(widths[width]);
    for (size_t i = 0; i < n; i++) {
        memcpy(out + i * w, widths[width], w);
    }
    return n * w;
}

START_TEST(field_lengths)
{
    /* _i walks fields x widths. */
    hssc_field f = request_fields[(size_t)_i / 4];
    size_t width = (size_t)_i % 4;
    size_t w = strlen(widths[width]);
    size_t max = hssc_field_get(f)->max_chars;
    static char buf[4 * 300];
    const size_t counts[] = {0, 1, max, max + 1};
    for (size_t k = 0; k < 4; k++) {
        size_t n = counts[k];
        size_t len = make_value(f, width, n, buf);
        ck_assert_uint_eq(len, width == 0 ? n : n * w);
        char *v = guard_copy(buf, len);
        hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 777};
        hssc_code rc = hssc_field_check(f, v, len, &e);
        if (n == 0) {
            ck_assert_error(rc, e, HSSC_E_TOO_SHORT, f, 0);
        } else if (n == max + 1) {
            /* The offset is where the first excess character starts. */
            ck_assert_error(rc, e, HSSC_E_TOO_LONG, f, max * w);
        } else if (f == HSSC_FIELD_REGISTRY_ADDR && width > 0) {
            /* Right length, but a host name is ASCII: uriparser stops at
             * the first non-ASCII byte. */
            ck_assert_error(rc, e, HSSC_E_ADDR_SYNTAX, f, 0);
        } else {
            ck_assert_msg(rc == HSSC_OK, "field %d width %zu n %zu: %s at %zu", (int)f, w, n,
                          hssc_code_name(rc), e.offset);
        }
        /* The registry_addr entry point agrees with the generic one. */
        if (f == HSSC_FIELD_REGISTRY_ADDR) {
            hssc_error e2 = {HSSC_OK, HSSC_FIELD_NONE, 0};
            ck_assert_int_eq(hssc_registry_addr_check(v, len, &e2), rc);
            if (rc != HSSC_OK) {
                ck_assert_uint_eq(e2.offset, e.offset);
            }
        }
        guard_free(v, len);
    }
}
END_TEST

START_TEST(field_text_rules)
{
    /* Every request field shares the UTF-8 and control-character rules. */
    static const hssc_bad_bytes bad[] = {
        {"ab\x1B[0m", 6, HSSC_E_CONTROL, 2},
        {"ab\x00", 3, HSSC_E_CONTROL, 2},
        {"\x7F", 1, HSSC_E_CONTROL, 0},
        {"a\xC2\x85", 3, HSSC_E_CONTROL, 1}, /* C1 NEL */
        {"a\xC2\x9B"
         "31m",
         6, HSSC_E_CONTROL, 1}, /* C1 CSI */
        {"a\r\n", 3, HSSC_E_CONTROL, 1},
        {"ab\xC0\xAF", 4, HSSC_E_UTF8, 2},
        {"a\xED\xA0\x80", 4, HSSC_E_UTF8, 1},
        {"a\xF4\x90\x80\x80", 5, HSSC_E_UTF8, 1},
        {"abc\xE2\x82", 5, HSSC_E_UTF8, 3},
    };
    for (size_t i = 0; i < NREQ; i++) {
        for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
            char *v = guard_copy(bad[k].v, bad[k].len);
            hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
            hssc_code rc = hssc_field_check(request_fields[i], v, bad[k].len, &e);
            ck_assert_error(rc, e, bad[k].code, request_fields[i], bad[k].off);
            guard_free(v, bad[k].len);
        }
    }
}
END_TEST

START_TEST(field_project_id_dots)
{
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
    const hssc_field f = HSSC_FIELD_PROJECT_ID;
    ck_assert_error(hssc_field_check(f, ".", 1, &e), e, HSSC_E_DOT_SEGMENT, f, 0);
    ck_assert_error(hssc_field_check(f, "..", 2, &e), e, HSSC_E_DOT_SEGMENT, f, 0);
    ck_assert_int_eq(hssc_field_check(f, "...", 3, &e), HSSC_OK);
    ck_assert_int_eq(hssc_field_check(f, ".a", 2, &e), HSSC_OK);
    ck_assert_int_eq(hssc_field_check(f, "a/b", 3, &e), HSSC_OK); /* encoded as %2F */
    /* The dot rule is the path segment's only: other fields take dots. */
    ck_assert_int_eq(hssc_field_check(HSSC_FIELD_NAMESPACE, ".", 1, &e), HSSC_OK);
    ck_assert_int_eq(hssc_field_check(HSSC_FIELD_PASSWORD, "..", 2, &e), HSSC_OK);
}
END_TEST

START_TEST(field_arguments)
{
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
    /* Pseudo-fields and unknown numbers are not checkable. */
    ck_assert_error(hssc_field_check(HSSC_FIELD_NONE, "a", 1, &e), e, HSSC_E_ARGUMENT,
                    HSSC_FIELD_NONE, 0);
    ck_assert_error(hssc_field_check(HSSC_FIELD_TARGET, "a", 1, &e), e, HSSC_E_ARGUMENT,
                    HSSC_FIELD_TARGET, 0);
    ck_assert_error(hssc_field_check(HSSC_FIELD_ENDPOINT, "a", 1, &e), e, HSSC_E_ARGUMENT,
                    HSSC_FIELD_ENDPOINT, 0);
    ck_assert_error(hssc_field_check((hssc_field)99, "a", 1, &e), e, HSSC_E_ARGUMENT,
                    (hssc_field)99, 0);
    /* NULL with a length is an argument error; NULL with 0 is empty. */
    ck_assert_error(hssc_field_check(HSSC_FIELD_USERNAME, NULL, 3, &e), e, HSSC_E_ARGUMENT,
                    HSSC_FIELD_USERNAME, 0);
    ck_assert_error(hssc_field_check(HSSC_FIELD_USERNAME, NULL, 0, &e), e, HSSC_E_TOO_SHORT,
                    HSSC_FIELD_USERNAME, 0);
    ck_assert_error(hssc_registry_addr_check(NULL, 3, &e), e, HSSC_E_ARGUMENT,
                    HSSC_FIELD_REGISTRY_ADDR, 0);
    /* err may be NULL. */
    ck_assert_int_eq(hssc_field_check(HSSC_FIELD_USERNAME, "", 0, NULL), HSSC_E_TOO_SHORT);
    ck_assert_int_eq(hssc_field_check(HSSC_FIELD_USERNAME, "u", 1, NULL), HSSC_OK);
}
END_TEST

START_TEST(field_other_rows)
{
    /* The response and error-body rows go through the same entry point. */
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
    ck_assert_int_eq(hssc_field_check(HSSC_FIELD_ERROR_CODE, "HSS.0001", 8, &e), HSSC_OK);
    ck_assert_int_eq(hssc_field_check(HSSC_FIELD_ERROR_CODE, "APIGW.0301", 10, &e), HSSC_OK);
    ck_assert_error(hssc_field_check(HSSC_FIELD_ERROR_CODE, "HSS.", 4, &e), e, HSSC_E_CODE_FORMAT,
                    HSSC_FIELD_ERROR_CODE, 0);
    ck_assert_error(hssc_field_check(HSSC_FIELD_ERROR_CODE, "hss.0001", 8, &e), e,
                    HSSC_E_CODE_FORMAT, HSSC_FIELD_ERROR_CODE, 0);
    ck_assert_int_eq(hssc_field_check(HSSC_FIELD_ERROR_MSG, "", 0, &e), HSSC_OK); /* min 0 */
    ck_assert_int_eq(hssc_field_check(HSSC_FIELD_IMAGES_DOWNLOAD_URL, "https://h/x?y", 13, &e),
                     HSSC_OK);
    ck_assert_error(hssc_field_check(HSSC_FIELD_IMAGES_DOWNLOAD_URL, "h/x", 3, &e), e, HSSC_E_URL,
                    HSSC_FIELD_IMAGES_DOWNLOAD_URL, 0);
}
END_TEST

/* ---- token ---- */

START_TEST(token_lengths)
{
    const hssc_field f = HSSC_FIELD_X_AUTH_TOKEN;
    static char tok[32769];
    for (size_t i = 0; i < sizeof(tok); i++) {
        tok[i] = (char)(0x21 + i % 94); /* every visible ASCII byte */
    }
    const size_t lens[] = {1, 2, 94, 32767, 32768};
    for (size_t k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
        char *t = guard_copy(tok, lens[k]);
        hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
        ck_assert_int_eq(hssc_token_check(t, lens[k], &e), HSSC_OK);
        ck_assert_int_eq(hssc_field_check(f, t, lens[k], &e), HSSC_OK);
        guard_free(t, lens[k]);
    }
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
    ck_assert_error(hssc_token_check(tok, 0, &e), e, HSSC_E_TOO_SHORT, f, 0);
    ck_assert_error(hssc_token_check(tok, 32769, &e), e, HSSC_E_TOO_LONG, f, 32768);
    ck_assert_error(hssc_field_check(f, tok, 32769, &e), e, HSSC_E_TOO_LONG, f, 32768);
    ck_assert_error(hssc_token_check(NULL, 1, &e), e, HSSC_E_ARGUMENT, f, 0);
}
END_TEST

START_TEST(token_bad_bytes)
{
    /* Each forbidden byte at the start, the middle and the end. */
    static const unsigned char bad[] = {'\r', '\n', '\0', ' ', 0x7F, 0x80, '\t', 0xFF, 0xC3};
    const hssc_field f = HSSC_FIELD_X_AUTH_TOKEN;
    for (size_t k = 0; k < sizeof(bad); k++) {
        for (size_t at = 0; at < 9; at += 4) {
            char t[9];
            memset(t, 'T', sizeof(t));
            t[at] = (char)bad[k];
            char *g = guard_copy(t, sizeof(t));
            hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
            ck_assert_error(hssc_token_check(g, sizeof(t), &e), e, HSSC_E_TOKEN_CHAR, f, at);
            ck_assert_error(hssc_field_check(f, g, sizeof(t), &e), e, HSSC_E_TOKEN_CHAR, f, at);
            guard_free(g, sizeof(t));
        }
    }
    /* The first bad byte wins. */
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
    ck_assert_error(hssc_token_check("ab\r\n\0", 5, &e), e, HSSC_E_TOKEN_CHAR, f, 2);
    /* Every single byte. */
    for (unsigned b = 0; b < 256; b++) {
        char c = (char)b;
        hssc_code rc = hssc_token_check(&c, 1, &e);
        ck_assert_int_eq(rc, (b >= 0x21 && b <= 0x7E) ? HSSC_OK : HSSC_E_TOKEN_CHAR);
    }
}
END_TEST

/* ---- codes and messages ---- */

START_TEST(codes_all)
{
    static const struct {
        hssc_code code;
        int num;
        const char *name;
        const char *reason;
    } want[] = {
#define HSSC_X_WANT(sym, num, reason) {sym, num, #sym, reason},
        HSSC_ERROR_TABLE(HSSC_X_WANT)
#undef HSSC_X_WANT
    };
    size_t n = sizeof(want) / sizeof(want[0]);
    /* Numbers are dense from 0: append-only, nothing skipped. */
    ck_assert_uint_eq(n, (size_t)HSSC_CODE_END_);
    ck_assert_int_eq(HSSC_CODE_END_, 65);
    for (size_t i = 0; i < n; i++) {
        ck_assert_int_eq(want[i].num, (int)i);
        ck_assert_int_eq((int)want[i].code, (int)i);
        ck_assert_str_eq(hssc_code_name(want[i].code), want[i].name);
        ck_assert_str_eq(hssc_code_reason(want[i].code), want[i].reason);
        ck_assert_uint_gt(strlen(want[i].reason), 5);
        ck_assert_str_ne(hssc_code_reason(want[i].code), "unknown error code");
        for (size_t j = 0; j < i; j++) {
            ck_assert_str_ne(hssc_code_name(want[i].code), hssc_code_name(want[j].code));
        }
    }
    /* Spot checks against the numbers the ABI fixes. */
    ck_assert_str_eq(hssc_code_name((hssc_code)0), "HSSC_OK");
    ck_assert_str_eq(hssc_code_name((hssc_code)5), "HSSC_E_TOO_LONG");
    ck_assert_str_eq(hssc_code_name((hssc_code)22), "HSSC_E_TARGET_TOO_LONG");
    ck_assert_str_eq(hssc_code_name((hssc_code)38), "HSSC_E_SYNTAX");
    ck_assert_str_eq(hssc_code_name((hssc_code)39), "HSSC_E_SDK_DATE");
    ck_assert_str_eq(hssc_code_name((hssc_code)48), "HSSC_E_CRYPTO");
    const hssc_code unknown[] = {HSSC_CODE_END_, (hssc_code)1000, (hssc_code)-1};
    for (size_t i = 0; i < 3; i++) {
        ck_assert_str_eq(hssc_code_reason(unknown[i]), "unknown error code");
        ck_assert_str_eq(hssc_code_name(unknown[i]), "HSSC_E_UNKNOWN_CODE");
    }
}
END_TEST

/* The symbolic names reports print are stable: tests/data/code_names.txt
 * lists every code's number and name, append-only; the table must give
 * exactly those names, each once, and the file must cover every code. */
START_TEST(code_names_stable)
{
    FILE *f = fopen(HSSC_TEST_DATA "/code_names.txt", "r");
    ck_assert_ptr_nonnull(f);
    char line[256];
    int next = 0;
    while (fgets(line, sizeof(line), f) != NULL) {
        if (line[0] == '#') {
            continue;
        }
        int num = -1;
        char name[128];
        ck_assert_int_eq(sscanf(line, "%d %127s", &num, name), 2);
        ck_assert_int_eq(num, next);
        ck_assert_str_eq(hssc_code_name((hssc_code)num), name);
        ck_assert_int_eq(strncmp(name, num == 0 ? "HSSC_OK" : "HSSC_E_", 7), 0);
        next++;
    }
    fclose(f);
    ck_assert_int_eq(next, HSSC_CODE_END_);
}
END_TEST

START_TEST(format_lines)
{
    char out[256];
    hssc_error e = {HSSC_E_TOO_LONG, HSSC_FIELD_NAMESPACE, 130};
    size_t n = hssc_error_format(&e, out, sizeof(out));
    ck_assert_str_eq(
        out, "namespace: longer than the field's maximum length (128 characters) at byte 130");
    ck_assert_uint_eq(n, strlen(out));

    e = (hssc_error){HSSC_E_TOO_LONG, HSSC_FIELD_X_AUTH_TOKEN, 32768};
    (void)hssc_error_format(&e, out, sizeof(out));
    ck_assert_str_eq(
        out, "X-Auth-Token: longer than the field's maximum length (32768 bytes) at byte 32768");

    e = (hssc_error){HSSC_E_TOO_SHORT, HSSC_FIELD_PASSWORD, 0};
    (void)hssc_error_format(&e, out, sizeof(out));
    ck_assert_str_eq(out,
                     "password: shorter than the field's minimum length (1 character) at byte 0");

    e = (hssc_error){HSSC_E_ARGUMENT, HSSC_FIELD_NONE, 0};
    (void)hssc_error_format(&e, out, sizeof(out));
    ck_assert_str_eq(out, "input: invalid argument (NULL pointer or bad option) at byte 0");

    e = (hssc_error){HSSC_E_ESCAPE, HSSC_FIELD_TARGET, 77};
    (void)hssc_error_format(&e, out, sizeof(out));
    ck_assert_str_eq(
        out, "request target: malformed percent escape (needs '%' and two hex digits) at byte 77");

    /* An out-of-range field is "input"; an unknown code says so. */
    e = (hssc_error){(hssc_code)500, (hssc_field)500, 3};
    (void)hssc_error_format(&e, out, sizeof(out));
    ck_assert_str_eq(out, "input: unknown error code at byte 3");

    ck_assert_uint_eq(hssc_error_format(NULL, out, sizeof(out)), 0);
}
END_TEST

START_TEST(format_every_code_and_field)
{
    for (int c = 0; c < HSSC_CODE_END_; c++) {
        for (int f = 0; f < HSSC_FIELD_COUNT_; f++) {
            hssc_error e = {(hssc_code)c, (hssc_field)f, 4242};
            char out[512];
            size_t n = hssc_error_format(&e, out, sizeof(out));
            ck_assert_uint_eq(n, strlen(out));
            const char *name = f == 0 ? "input" : hssc_field_get((hssc_field)f)->name;
            ck_assert_msg(strncmp(out, name, strlen(name)) == 0 && out[strlen(name)] == ':', "%s",
                          out);
            ck_assert_ptr_nonnull(strstr(out, hssc_code_reason((hssc_code)c)));
            ck_assert_ptr_nonnull(strstr(out, " at byte 4242"));
        }
    }
}
END_TEST

START_TEST(format_truncates)
{
    hssc_error e = {HSSC_E_TOO_LONG, HSSC_FIELD_NAMESPACE, 130};
    char full[256];
    size_t n = hssc_error_format(&e, full, sizeof(full));
    char small[10];
    memset(small, 'Z', sizeof(small));
    ck_assert_uint_eq(hssc_error_format(&e, small, sizeof(small)), n);
    ck_assert_uint_eq(strlen(small), 9);
    ck_assert_int_eq(memcmp(small, full, 9), 0);
    /* Size query. */
    ck_assert_uint_eq(hssc_error_format(&e, NULL, 0), n);
}
END_TEST

START_TEST(format_never_echoes_input)
{
    /* A rejected secret: whatever the error, the message holds no byte of
     * the value (the formatter is never given the value). */
    static const char *const secrets[] = {"hunter2-secret\x01", "hunter2-secret\xC0\xAF",
                                          "hunter2-secret-that-is-too-long-xxxxxxxxxxxxxxxxxxxxxx"
                                          "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                                          "xxxxxxxxxxxxxxxxxxxxxxxxxxxxx"};
    for (size_t i = 0; i < 3; i++) {
        hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
        ck_assert_int_ne(hssc_field_check(HSSC_FIELD_PASSWORD, secrets[i], strlen(secrets[i]), &e),
                         HSSC_OK);
        char out[256];
        (void)hssc_error_format(&e, out, sizeof(out));
        ck_assert_ptr_null(strstr(out, "hunter2"));
        ck_assert_ptr_nonnull(strstr(out, "password: "));
    }
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
    ck_assert_int_ne(hssc_token_check("tok-secret\r\n", 12, &e), HSSC_OK);
    char out[256];
    (void)hssc_error_format(&e, out, sizeof(out));
    ck_assert_str_eq(out, "X-Auth-Token: only visible ASCII (0x21..0x7E) is allowed at byte 10");
}
END_TEST

START_TEST(version_and_wipe)
{
    ck_assert_str_eq(hssc_version(), HSSC_VERSION_STRING);
    char buf[16];
    memset(buf, 'x', sizeof(buf));
    hssc_wipe(buf + 2, 10);
    for (size_t i = 0; i < sizeof(buf); i++) {
        ck_assert_int_eq(buf[i], (i >= 2 && i < 12) ? 0 : 'x');
    }
    hssc_wipe(NULL, 0);
}
END_TEST

static const hssc_row fields_rows[] = {
    HSSC_TCASE("table", 0),         HSSC_LOOP(table_rows, NROWS),
    HSSC_TEST(table_pseudo_fields), HSSC_TEST(table_query_order),
    HSSC_TEST(table_members),       HSSC_TEST(lookup_names),
    HSSC_TCASE("check", 0),         HSSC_LOOP(field_lengths, (int)(NREQ * 4)),
    HSSC_TEST(field_text_rules),    HSSC_TEST(field_project_id_dots),
    HSSC_TEST(field_arguments),     HSSC_TEST(field_other_rows),
    HSSC_TCASE("token", 0),         HSSC_TEST(token_lengths),
    HSSC_TEST(token_bad_bytes),     HSSC_TCASE("error", 0),
    HSSC_TEST(codes_all),           HSSC_TEST(code_names_stable),
    HSSC_TEST(format_lines),        HSSC_TEST(format_every_code_and_field),
    HSSC_TEST(format_truncates),    HSSC_TEST(format_never_echoes_input),
    HSSC_TEST(version_and_wipe),
};

HSSC_CHECK_MAIN("fields", fields_rows)
