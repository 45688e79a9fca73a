/*
 * codec/src/sign.c: AK/SK signing (SDK-HMAC-SHA256) against the vectors of
 * tests/data/signing/aksk-signing.md (the official SDK cores' own tests
 * and two captures of this API), byte for byte; X-Sdk-Date checks and
 * formatting; the Authorization shape checker; the size-query convention;
 * and that the SK is in no output. Inputs to the checkers sit flush against
 * a guard page.
 */
#include <stddef.h>

#include "check_util.h"
#include "hssc_internal.h"

#include <openssl/evp.h>

#define STR(lit) ((hssc_str){(lit), sizeof(lit) - 1})
#define NOSTR ((hssc_str){NULL, 0})
#define EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

#define PID "0123456789abcdef0123456789abcdef"
#define API_PATH "/v5/" PID "/image/registries/image-upload-command"
#define V5_TARGET                                                                                  \
    API_PATH "?namespace=ns1&password=p%40ss%20w%2Frd%26%3D%2B%25%E4%B8%AD"                        \
             "&registry_addr=myharbor.com%3A8443&username=admin"
#define V4_TARGET                                                                                  \
    API_PATH "?registry_addr=myharbor.com%3A8443&namespace=hss%20ns&username=admin"                \
             "&password=p%40ss%20w%2Frd%26%3D%2B%25%E4%B8%AD"

/* What vectors 1 and 5 sign to. */
#define V1_AUTHORIZATION                                                                           \
    "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, "                            \
    "Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842"
#define V5_AUTHORIZATION                                                                           \
    "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=content-type;host;x-project-id;x-sdk-date, "  \
    "Signature=52f459e45d0f194893d8fd5bbbc58d599885ff15029d9abe62da86d2195a24a8"

static char OUT[70000];

/* The three signing outputs share one signature. */
typedef hssc_code (*sign_fn)(const hssc_sign_request *, char *, size_t, size_t *, hssc_error *);

/* fn's output for r in OUT, asserting success (what names fn). */
static const char *output_ok(sign_fn fn, const char *what, const hssc_sign_request *r)
{
    size_t n = 12345;
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
    hssc_code rc = fn(r, OUT, sizeof(OUT), &n, &e);
    ck_assert_msg(rc == HSSC_OK, "%s: %s field %d offset %zu", what, hssc_code_name(rc),
                  (int)e.field, e.offset);
    ck_assert_uint_eq(n, strlen(OUT));
    return OUT;
}

/* The Authorization value. */
static const char *sign_ok(const hssc_sign_request *r)
{
    return output_ok(hssc_sign, "sign", r);
}

static const char *canonical_ok(const hssc_sign_request *r)
{
    return output_ok(hssc_sign_canonical_request, "canonical", r);
}

static const char *sts_ok(const hssc_sign_request *r)
{
    const char *s = output_ok(hssc_sign_string_to_sign, "sts", r);
    ck_assert_uint_eq(strlen(s), HSSC_STRING_TO_SIGN_LEN);
    return s;
}

/* Signing must fail with exactly (code, field, offset), clear the buffer
 * and set *out_len to 0; table[row] names the case in a failure. */
static void sign_fails(const char *table, size_t row, const hssc_sign_request *r, hssc_code c,
                       hssc_field f, size_t off)
{
    char buf[512];
    memset(buf, 'Z', sizeof(buf));
    size_t n = 777;
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 4242};
    hssc_code rc = hssc_sign(r, buf, sizeof(buf), &n, &e);
    ck_assert_error_row(table, row, rc, e, c, f, off);
    ck_assert_msg(n == 0, "%s[%zu]: out_len %zu", table, row, n);
    for (size_t i = 0; i < sizeof(buf); i++) {
        ck_assert_msg(buf[i] == 0, "%s[%zu]: byte %zu not cleared", table, row, i);
    }
    n = 777;
    rc = hssc_sign_canonical_request(r, NULL, 0, &n, &e);
    ck_assert_error_row(table, row, rc, e, c, f, off);
    ck_assert_msg(n == 0, "%s[%zu]: canonical out_len %zu", table, row, n);
}
/* A single case, named in a failure by its test and line. */
#define ASSERT_SIGN_FAILS(r, c, f, off) sign_fails(__func__, __LINE__, (r), (c), (f), (off))

/* A table of rejected requests: v1() with one string member (at offset
 * member of hssc_sign_request) replaced by value fails with (code, field,
 * offset). */
#define S(lit)                                                                                     \
    {                                                                                              \
        (lit), sizeof(lit) - 1                                                                     \
    }
#define M(name) offsetof(hssc_sign_request, name)
typedef struct {
    size_t member;
    hssc_str value;
    hssc_code code;
    hssc_field field;
    size_t off;
} sign_reject;

static hssc_sign_request v1(void);

#define SIGN_REJECTS(rows) sign_rejects(#rows, (rows), HSSC_NELEM(rows))
static void sign_rejects(const char *table, const sign_reject *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        hssc_sign_request r = v1();
        memcpy((char *)&r + rows[i].member, &rows[i].value, sizeof(hssc_str));
        sign_fails(table, i, &r, rows[i].code, rows[i].field, rows[i].off);
    }
}

/* ---- the vectors' requests ---- */

static hssc_sign_request v1(void)
{
    return (hssc_sign_request){.method = STR("GET"),
                               .host = STR("service.endpoint.myhuaweicloud.com"),
                               .target = STR("/resources?size=1"),
                               .sdk_date = STR("20200608T023900Z"),
                               .access_key = STR("AccessKey"),
                               .secret_key = STR("SecretKey")};
}

static const hssc_header content_type = {{"content-type", 12}, {"application/json", 16}};

/* A request of this API as vectors 4 and 5 sign it: GET, the project id
 * and a content-type header. */
static hssc_sign_request this_api(hssc_str host, hssc_str target, hssc_str date, hssc_str ak,
                                  hssc_str sk)
{
    return (hssc_sign_request){.method = STR("GET"),
                               .host = host,
                               .target = target,
                               .project_id = STR(PID),
                               .sdk_date = date,
                               .access_key = ak,
                               .secret_key = sk,
                               .headers = &content_type,
                               .header_count = 1};
}

static hssc_sign_request v4(void)
{
    return this_api(STR("127.0.0.1:18765"), STR(V4_TARGET), STR("20261128T083633Z"),
                    STR("AKEXAMPLEAKEXAMPLE00"), STR("SKexampleSKexampleSKexampleSKexample0000"));
}

static hssc_sign_request v5(void)
{
    return this_api(STR("hss.cn-north-4.myhuaweicloud.com"), STR(V5_TARGET),
                    STR("20240101T000000Z"), STR("AccessKey"), STR("SecretKey"));
}

/* ======================================================================== */
/* vectors                                                                   */
/* ======================================================================== */

START_TEST(vector1_python_get)
{
    hssc_sign_request r = v1();
    ck_assert_str_eq(canonical_ok(&r), "GET\n/resources/\nsize=1\n"
                                       "host:service.endpoint.myhuaweicloud.com\n"
                                       "x-sdk-date:20200608T023900Z\n\n"
                                       "host;x-sdk-date\n" EMPTY_SHA256);
    ck_assert_str_eq(sign_ok(&r), V1_AUTHORIZATION);
    /* The same list given explicitly signs the same. */
    r.signed_headers = STR("host;x-sdk-date");
    ck_assert_str_eq(sign_ok(&r), V1_AUTHORIZATION);
    /* The string to sign: algorithm, date, hash of the canonical request. */
    const char *sts = sts_ok(&r);
    ck_assert_int_eq(strncmp(sts, "SDK-HMAC-SHA256\n20200608T023900Z\n", 33), 0);
}
END_TEST

START_TEST(vector2_python_post_body)
{
    hssc_sign_request r = v1();
    r.method = STR("POST");
    r.body = STR("{\"name\":\"test\",\"id\":1}");
    ck_assert_str_eq(sign_ok(&r),
                     "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, "
                     "Signature=436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f");
    const char *c = canonical_ok(&r);
    ck_assert_int_eq(strncmp(c, "POST\n/resources/\nsize=1\n", 24), 0);
    /* SHA-256 of the body, not of the empty string. */
    ck_assert_ptr_null(strstr(c, EMPTY_SHA256));
}
END_TEST

/* A request without a body signs the SHA-256 of no bytes, which the codec
 * writes as a constant: the same as libcrypto's digest of "", whether the
 * body is absent or an empty string. */
START_TEST(empty_body_hash_is_libcrypto_sha256)
{
    unsigned char h[32];
    unsigned int hl = 0;
    ck_assert_int_eq(EVP_Digest("", 0, h, &hl, EVP_sha256(), NULL), 1);
    ck_assert_uint_eq(hl, 32);
    char hex[65];
    for (size_t i = 0; i < 32; i++) {
        snprintf(hex + 2 * i, 3, "%02x", h[i]);
    }
    ck_assert_str_eq(hex, EMPTY_SHA256);
    hssc_sign_request r = v1();
    r.method = STR("POST");
    r.body = STR("");
    const char *c = canonical_ok(&r);
    ck_assert_str_eq(c + strlen(c) - 64, hex);
    r.body = NOSTR;
    c = canonical_ok(&r);
    ck_assert_str_eq(c + strlen(c) - 64, hex);
}
END_TEST

/* The python core's multi-valued, escaped query, given shuffled and in
 * several spellings of the same bytes. */
START_TEST(vector2_multi_valued_query)
{
    static const char want[] = "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&"
                               "test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29";
    static const char *const targets[] = {
        "/resources?test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29&multi=3&multi=1&path=/tmp/123"
        "&limit=1&multi=2&enable=true",
        "/resources?multi=2&multi=3&multi=1&enable=true&limit=1&path=%2ftmp%2f123"
        "&test=%e4%b8%80+(%26%3D%3F!%23%25.*)",
        "/resources?&&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25%2E%2A%29&limit=1"
        "&enable=true&multi=1&multi=2&multi=3&",
    };
    for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
        hssc_sign_request r = v1();
        r.target = (hssc_str){targets[i], strlen(targets[i])};
        const char *c = canonical_ok(&r);
        const char *q = strchr(c, '\n') + 1;
        q = strchr(q, '\n') + 1;
        ck_assert_msg(strncmp(q, want, sizeof(want) - 1) == 0 && q[sizeof(want) - 1] == '\n',
                      "target %zu: %s", i, q);
    }
}
END_TEST

START_TEST(vector3_go_date_only)
{
    hssc_sign_request r = v1();
    r.host = STR("example.huaweicloud.com");
    r.target = STR("/path?limit=1");
    r.sdk_date = STR("20060102T150405Z");
    r.signed_headers = STR("x-sdk-date");
    ck_assert_str_eq(canonical_ok(&r), "GET\n/path/\nlimit=1\nx-sdk-date:20060102T150405Z\n\n"
                                       "x-sdk-date\n" EMPTY_SHA256);
    ck_assert_str_eq(sign_ok(&r),
                     "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, "
                     "Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624");
}
END_TEST

static const char v4_canonical[] = "GET\n" API_PATH "/\n"
                                   "namespace=hss%20ns&password=p%40ss%20w%2Frd%26%3D%2B%25%E4%B8%"
                                   "AD&registry_addr=myharbor.com%3A8443"
                                   "&username=admin\n"
                                   "content-type:application/json\n"
                                   "host:127.0.0.1:18765\n"
                                   "x-project-id:" PID "\n"
                                   "x-sdk-date:20261128T083633Z\n"
                                   "\n"
                                   "content-type;host;x-project-id;x-sdk-date\n" EMPTY_SHA256;

START_TEST(vector4_node_capture)
{
    hssc_sign_request r = v4();
    ck_assert_str_eq(canonical_ok(&r), v4_canonical);
    ck_assert_str_eq(sts_ok(&r),
                     "SDK-HMAC-SHA256\n20261128T083633Z\n"
                     "83e1d3880631acc1afa599d97d17f6c2cfeec5ebc01de30dc22e72bf049575a3");
    ck_assert_str_eq(sign_ok(&r),
                     "SDK-HMAC-SHA256 Access=AKEXAMPLEAKEXAMPLE00, "
                     "SignedHeaders=content-type;host;x-project-id;x-sdk-date, "
                     "Signature=cc8051dcdca835eead80c87850f7329a85dd579c16522d0808d802190774c7f5");
    /* Header names are case-insensitive; values are trimmed. */
    static const hssc_header ct2 = {{"Content-Type", 12}, {" \tapplication/json\t ", 20}};
    r.headers = &ct2;
    ck_assert_str_eq(canonical_ok(&r), v4_canonical);
    /* The default this codec signs (no extra header) is equally valid. */
    r = v4();
    r.headers = NULL;
    r.header_count = 0;
    const char *a = sign_ok(&r);
    ck_assert_int_eq(strncmp(a,
                             "SDK-HMAC-SHA256 Access=AKEXAMPLEAKEXAMPLE00, "
                             "SignedHeaders=host;x-project-id;x-sdk-date, Signature=",
                             99),
                     0);
    /* A header given but left out of an explicit list is not signed. */
    r = v4();
    r.signed_headers = STR("host;x-project-id;x-sdk-date");
    ck_assert_ptr_null(strstr(canonical_ok(&r), "content-type"));
}
END_TEST

START_TEST(vector5_python_this_api)
{
    hssc_sign_request r = v5();
    ck_assert_str_eq(canonical_ok(&r), "GET\n" API_PATH "/\n"
                                       "namespace=ns1&password=p%40ss%20w%2Frd%26%3D%2B%25%E4%B8%AD"
                                       "&registry_addr=myharbor.com%3A8443&username=admin\n"
                                       "content-type:application/json\n"
                                       "host:hss.cn-north-4.myhuaweicloud.com\n"
                                       "x-project-id:" PID "\n"
                                       "x-sdk-date:20240101T000000Z\n"
                                       "\n"
                                       "content-type;host;x-project-id;x-sdk-date\n" EMPTY_SHA256);
    ck_assert_str_eq(sign_ok(&r), V5_AUTHORIZATION);
}
END_TEST

/* Vector 5 end to end: hssc_request_encode's target is what is signed. */
START_TEST(vector5_from_request_encode)
{
    hssc_request q = hssc_request_of((const char *const[]){PID, "myharbor.com:8443", "ns1", "admin",
                                                           "p@ss w/rd&=+%\xE4\xB8\xAD", NULL});
    char target[HSSC_REQUEST_ENCODED_MAX];
    size_t n = 0;
    hssc_error e;
    ck_assert_int_eq(hssc_request_encode(&q, 0, target, sizeof(target), &n, &e), HSSC_OK);
    ck_assert_str_eq(target, V5_TARGET);
    hssc_sign_request r = v5();
    r.target = (hssc_str){target, n};
    ck_assert_str_eq(sign_ok(&r), V5_AUTHORIZATION);
    hssc_wipe(target, sizeof(target));
}
END_TEST

/* The doc's other facts: X-Sdk-Content-Sha256 replaces the body hash. */
START_TEST(content_sha256_replaces_body_hash)
{
    hssc_sign_request r = v1();
    r.method = STR("POST");
    r.body = STR("{\"name\":\"test\",\"id\":1}");
    static const hssc_header h = {{"X-Sdk-Content-Sha256", 20}, {"UNSIGNED-PAYLOAD", 16}};
    r.headers = &h;
    r.header_count = 1;
    ck_assert_str_eq(canonical_ok(&r), "POST\n/resources/\nsize=1\n"
                                       "host:service.endpoint.myhuaweicloud.com\n"
                                       "x-sdk-content-sha256:UNSIGNED-PAYLOAD\n"
                                       "x-sdk-date:20200608T023900Z\n\n"
                                       "host;x-sdk-content-sha256;x-sdk-date\nUNSIGNED-PAYLOAD");
    /* Not in the list: still replaces the hash, as in the SDKs. */
    r.signed_headers = STR("host;x-sdk-date");
    const char *c = canonical_ok(&r);
    ck_assert_str_eq(c + strlen(c) - 17, "\nUNSIGNED-PAYLOAD");
}
END_TEST

/* ======================================================================== */
/* canonicalisation details                                                  */
/* ======================================================================== */

/* Targets and the canonical URI and query they sign. */
static const struct {
    const char *target, *uri, *query;
} canonical_cases[] = {
    {"/", "/", ""},
    {"/a/b/", "/a/b/", ""},
    {"/a/b", "/a/b/", ""},
    {"/a%20b/c+d/%7e!", "/a%20b/c%2Bd/~%21/", ""},
    /* %2F in a path is a '/' once decoded, as the SDKs read it. */
    {"/a%2Fb", "/a/b/", ""},
    {"/x?", "/x/", ""},
    {"/x?b&a=", "/x/", "a=&b="},
    {"/x?a=1=2", "/x/", "a=1%3D2"},
    {"/x?a+b=c+d", "/x/", "a%20b=c%20d"},
    {"/x?b=2&a=2&a=10&a=1", "/x/", "a=1&a=10&a=2&b=2"},
    /* Sorted by decoded bytes, unsigned: 'Z' < 'a' < 0xC3. */
    {"/x?%C3%A9=1&a=1&Z=1", "/x/", "Z=1&a=1&%C3%A9=1"},
    /* A prefix sorts first; a duplicate pair stays. */
    {"/x?ab=1&a=1&a=1", "/x/", "a=1&a=1&ab=1"},
    {"/x?a=%00", "/x/", "a=%00"},
};

START_TEST(canonical_uri_and_query)
{
    for (size_t i = 0; i < HSSC_NELEM(canonical_cases); i++) {
        const char *target = canonical_cases[i].target;
        hssc_sign_request r = v1();
        r.target = (hssc_str){target, strlen(target)};
        const char *c = canonical_ok(&r);
        char want[1024];
        int n = snprintf(want, sizeof(want), "GET\n%s\n%s\n", canonical_cases[i].uri,
                         canonical_cases[i].query);
        ck_assert_int_gt(n, 0);
        ck_assert_msg(strncmp(c, want, (size_t)n) == 0, "canonical_cases[%zu] %s: got %s", i,
                      target, c);
    }
}
END_TEST

START_TEST(security_token_signed)
{
    hssc_sign_request r = v1();
    r.project_id = STR(PID);
    r.security_token = STR("tok-EN.value_1~");
    const char *c = canonical_ok(&r);
    ck_assert_ptr_nonnull(strstr(c, "\nx-security-token:tok-EN.value_1~\n\n"
                                    "host;x-project-id;x-sdk-date;x-security-token\n"));
    const char *a = sign_ok(&r);
    ck_assert_ptr_nonnull(
        strstr(a, "SignedHeaders=host;x-project-id;x-sdk-date;x-security-token, "));
    ck_assert_ptr_null(strstr(a, "tok-EN"));
    ck_assert_uint_lt(strlen(a), HSSC_AUTHORIZATION_DEFAULT_MAX);
}
END_TEST

/* ======================================================================== */
/* rejected inputs                                                           */
/* ======================================================================== */

static const sign_reject missing_and_empty[] = {
    {M(method), {NULL, 0}, HSSC_E_MISSING, HSSC_FIELD_METHOD, 0},
    {M(host), {NULL, 0}, HSSC_E_MISSING, HSSC_FIELD_HOST, 0},
    {M(target), {NULL, 0}, HSSC_E_MISSING, HSSC_FIELD_TARGET, 0},
    {M(sdk_date), {NULL, 0}, HSSC_E_MISSING, HSSC_FIELD_X_SDK_DATE, 0},
    {M(access_key), {NULL, 0}, HSSC_E_MISSING, HSSC_FIELD_ACCESS_KEY, 0},
    {M(secret_key), {NULL, 0}, HSSC_E_MISSING, HSSC_FIELD_SECRET_KEY, 0},
    /* Empty AK and SK. */
    {M(access_key), S(""), HSSC_E_TOO_SHORT, HSSC_FIELD_ACCESS_KEY, 0},
    {M(secret_key), S(""), HSSC_E_TOO_SHORT, HSSC_FIELD_SECRET_KEY, 0},
    {M(security_token), S(""), HSSC_E_TOO_SHORT, HSSC_FIELD_X_SECURITY_TOKEN, 0},
    {M(body), {NULL, 3}, HSSC_E_ARGUMENT, HSSC_FIELD_BODY, 0},
};

START_TEST(reject_required_and_arguments)
{
    hssc_sign_request r = v1();
    size_t n = 9;
    hssc_error e;
    hssc_code rc = hssc_sign(NULL, OUT, sizeof(OUT), &n, &e);
    ck_assert_error(rc, e, HSSC_E_ARGUMENT, HSSC_FIELD_NONE, 0);
    rc = hssc_sign(&r, OUT, sizeof(OUT), NULL, &e);
    ck_assert_error(rc, e, HSSC_E_ARGUMENT, HSSC_FIELD_NONE, 0);
    rc = hssc_sign(&r, NULL, 10, &n, &e);
    ck_assert_error(rc, e, HSSC_E_ARGUMENT, HSSC_FIELD_NONE, 0);

    SIGN_REJECTS(missing_and_empty);
    r = v1();
    r.header_count = 1;
    ASSERT_SIGN_FAILS(&r, HSSC_E_ARGUMENT, HSSC_FIELD_HEADER, 0);
}
END_TEST

#define A16 "AAAAAAAAAAAAAAAA"
#define A128 A16 A16 A16 A16 A16 A16 A16 A16

static const sign_reject bad_values[] = {
    {M(method), S("get"), HSSC_E_METHOD, HSSC_FIELD_METHOD, 0},
    {M(method), S(""), HSSC_E_METHOD, HSSC_FIELD_METHOD, 0},
    {M(method), S("GET "), HSSC_E_METHOD, HSSC_FIELD_METHOD, 3},
    {M(host), S("https://h.example"), HSSC_E_ADDR_SCHEME, HSSC_FIELD_HOST, 0},
    {M(host), S("h.example:0"), HSSC_E_ADDR_PORT, HSSC_FIELD_HOST, 10},
    {M(host), S("u:p@h.example"), HSSC_E_ADDR_USERINFO, HSSC_FIELD_HOST, 0},
    {M(host), S("h.example/x"), HSSC_E_ADDR_PATH, HSSC_FIELD_HOST, 10},
    {M(host), S("h\r\nX: y"), HSSC_E_CONTROL, HSSC_FIELD_HOST, 1},
    {M(access_key), S("Access Key"), HSSC_E_ACCESS_KEY_CHAR, HSSC_FIELD_ACCESS_KEY, 6},
    {M(access_key), S("AK,x"), HSSC_E_ACCESS_KEY_CHAR, HSSC_FIELD_ACCESS_KEY, 2},
    {M(secret_key), S("Secret Key"), HSSC_E_TOKEN_CHAR, HSSC_FIELD_SECRET_KEY, 6},
    {M(secret_key), S("Sec\nret"), HSSC_E_CONTROL, HSSC_FIELD_SECRET_KEY, 3},
    {M(security_token), S("a\x7F"), HSSC_E_CONTROL, HSSC_FIELD_X_SECURITY_TOKEN, 1},
    {M(project_id), S(".."), HSSC_E_DOT_SEGMENT, HSSC_FIELD_PROJECT_ID, 0},
    {M(sdk_date), S("20200608T023900z"), HSSC_E_SDK_DATE, HSSC_FIELD_X_SDK_DATE, 15},
    /* An AK of 129 characters. */
    {M(access_key), S(A128 "A"), HSSC_E_TOO_LONG, HSSC_FIELD_ACCESS_KEY, 128},
};

START_TEST(reject_values)
{
    SIGN_REJECTS(bad_values);
}
END_TEST

static const sign_reject bad_targets[] = {
    {M(target), S(""), HSSC_E_SYNTAX, HSSC_FIELD_TARGET, 0},
    {M(target), S("resources"), HSSC_E_SYNTAX, HSSC_FIELD_TARGET, 0},
    {M(target), S("https://h/x"), HSSC_E_SYNTAX, HSSC_FIELD_TARGET, 0},
    {M(target), S("/a b"), HSSC_E_SYNTAX, HSSC_FIELD_TARGET, 2},
    {M(target), S("/a?x=\xC3\xA9"), HSSC_E_SYNTAX, HSSC_FIELD_TARGET, 5},
    {M(target), S("/a?x=1#frag"), HSSC_E_FRAGMENT, HSSC_FIELD_TARGET, 6},
    {M(target), S("/a?x=%zz"), HSSC_E_ESCAPE, HSSC_FIELD_TARGET, 5},
    {M(target), S("/a%4?x=1"), HSSC_E_ESCAPE, HSSC_FIELD_TARGET, 2},
    {M(target), S("/a?x=%"), HSSC_E_ESCAPE, HSSC_FIELD_TARGET, 5},
};

START_TEST(reject_targets)
{
    hssc_sign_request r;
    SIGN_REJECTS(bad_targets);

    static char t[HSSC_TARGET_MAX + 2];
    memset(t, 'a', sizeof(t));
    t[0] = '/';
    r = v1();
    r.target = (hssc_str){t, HSSC_TARGET_MAX + 1};
    ASSERT_SIGN_FAILS(&r, HSSC_E_TARGET_TOO_LONG, HSSC_FIELD_TARGET, HSSC_TARGET_MAX);
    r.target.len = HSSC_TARGET_MAX;
    (void)sign_ok(&r);

    /* Too many parameters: the 257th starts at 3 + 2 * 256. */
    t[1] = '?';
    for (size_t i = 2; i < 2 + 2 * 300; i += 2) {
        t[i] = 'a';
        t[i + 1] = '&';
    }
    r.target.len = 2 + 2 * 256;
    (void)sign_ok(&r);
    r.target.len = 2 + 2 * 300;
    ASSERT_SIGN_FAILS(&r, HSSC_E_TOO_LONG, HSSC_FIELD_TARGET, 2 + 2 * 256);
}
END_TEST

START_TEST(reject_headers)
{
    hssc_sign_request r;
    hssc_header h[HSSC_SIGN_HEADERS_MAX + 1];
    for (size_t i = 0; i < HSSC_SIGN_HEADERS_MAX + 1; i++) {
        static char names[HSSC_SIGN_HEADERS_MAX + 1][8];
        names[i][0] = 'x';
        names[i][1] = (char)('a' + i);
        h[i] = (hssc_header){{names[i], 2}, {"v", 1}};
    }
    r = v1();
    r.headers = h;
    r.header_count = HSSC_SIGN_HEADERS_MAX;
    (void)sign_ok(&r);
    r.header_count = HSSC_SIGN_HEADERS_MAX + 1;
    ASSERT_SIGN_FAILS(&r, HSSC_E_TOO_LONG, HSSC_FIELD_HEADER, HSSC_SIGN_HEADERS_MAX);

    static const char *const reserved[] = {"Host", "X-Sdk-Date", "x-project-id", "X-Security-Token",
                                           "AUTHORIZATION"};
    for (size_t i = 0; i < 5; i++) {
        hssc_header one = {{reserved[i], strlen(reserved[i])}, {"v", 1}};
        r = v1();
        r.headers = &one;
        r.header_count = 1;
        ASSERT_SIGN_FAILS(&r, HSSC_E_HEADER_NAME, HSSC_FIELD_HEADER, 0);
    }
    hssc_header two[2] = {{{"X-A", 3}, {"1", 1}}, {{"x-a", 3}, {"2", 1}}};
    r = v1();
    r.headers = two;
    r.header_count = 2;
    ASSERT_SIGN_FAILS(&r, HSSC_E_DUPLICATE, HSSC_FIELD_HEADER, 0);
    hssc_header bad_name = {{"Content Type", 12}, {"v", 1}};
    r = v1();
    r.headers = &bad_name;
    r.header_count = 1;
    ASSERT_SIGN_FAILS(&r, HSSC_E_HEADER_NAME, HSSC_FIELD_HEADER, 7);
    hssc_header empty_name = {{"", 0}, {"v", 1}};
    r.headers = &empty_name;
    ASSERT_SIGN_FAILS(&r, HSSC_E_HEADER_NAME, HSSC_FIELD_HEADER, 0);
    hssc_header crlf = {{"x-a", 3}, {"v\r\nx-b: 1", 9}};
    r.headers = &crlf;
    ASSERT_SIGN_FAILS(&r, HSSC_E_CONTROL, HSSC_FIELD_HEADER, 1);
}
END_TEST

static const sign_reject bad_signed_headers[] = {
    {M(signed_headers), S(""), HSSC_E_SIGNED_HEADERS, HSSC_FIELD_SIGNED_HEADERS, 0},
    {M(signed_headers), S("x-sdk-date;host"), HSSC_E_SIGNED_HEADERS, HSSC_FIELD_SIGNED_HEADERS, 11},
    {M(signed_headers), S("Host;x-sdk-date"), HSSC_E_SIGNED_HEADERS, HSSC_FIELD_SIGNED_HEADERS, 0},
    {M(signed_headers), S("host;;x-sdk-date"), HSSC_E_SIGNED_HEADERS, HSSC_FIELD_SIGNED_HEADERS, 5},
    {M(signed_headers), S("host;host"), HSSC_E_SIGNED_HEADERS, HSSC_FIELD_SIGNED_HEADERS, 5},
    {M(signed_headers), S("host;"), HSSC_E_SIGNED_HEADERS, HSSC_FIELD_SIGNED_HEADERS, 5},
    {M(signed_headers), S("host; x-sdk-date"), HSSC_E_SIGNED_HEADERS, HSSC_FIELD_SIGNED_HEADERS, 5},
    /* x-project-id is not carried when no project id is given. */
    {M(signed_headers), S("host;x-project-id;x-sdk-date"), HSSC_E_NOT_SIGNABLE,
     HSSC_FIELD_SIGNED_HEADERS, 5},
    {M(signed_headers), S("content-type;host"), HSSC_E_NOT_SIGNABLE, HSSC_FIELD_SIGNED_HEADERS, 0},
};

START_TEST(reject_signed_headers)
{
    SIGN_REJECTS(bad_signed_headers);
}
END_TEST

/* ======================================================================== */
/* output buffers                                                            */
/* ======================================================================== */

START_TEST(size_query_and_small_buffers)
{
    hssc_sign_request r = v4();
    size_t want = strlen(sign_ok(&r));
    static const sign_fn fns[] = {hssc_sign, hssc_sign_canonical_request, hssc_sign_string_to_sign};
    for (size_t k = 0; k < 3; k++) {
        size_t n = 0;
        hssc_error e;
        ck_assert_int_eq(fns[k](&r, NULL, 0, &n, &e), HSSC_OK);
        size_t full = n;
        if (k == 0) {
            ck_assert_uint_eq(full, want);
        } else if (k == 1) {
            ck_assert_uint_eq(full, sizeof(v4_canonical) - 1);
        } else {
            ck_assert_uint_eq(full, HSSC_STRING_TO_SIGN_LEN);
        }
        /* Every cap from 1 to full is too small; full + 1 fits. */
        for (size_t cap = 1; cap <= full; cap++) {
            char *b = malloc(cap);
            ck_assert_ptr_nonnull(b);
            memset(b, 'Z', cap);
            n = 1;
            hssc_code rc = fns[k](&r, b, cap, &n, &e);
            ck_assert_error(rc, e, HSSC_E_BUFFER_TOO_SMALL, HSSC_FIELD_NONE, cap);
            ck_assert_uint_eq(n, full);
            for (size_t i = 0; i < cap; i++) {
                ck_assert_int_eq(b[i], 0);
            }
            free(b);
        }
        char *b = malloc(full + 1);
        ck_assert_ptr_nonnull(b);
        ck_assert_int_eq(fns[k](&r, b, full + 1, &n, &e), HSSC_OK);
        ck_assert_uint_eq(n, full);
        ck_assert_int_eq(b[full], '\0');
        ck_assert_uint_eq(strlen(b), full);
        free(b);
    }
}
END_TEST

/* The SK's bytes are in no output; the token is only in the canonical
 * request (as a signed header). */
START_TEST(secret_not_in_outputs)
{
    static const char sk[] = "SKexampleSKexampleSKexampleSKexample0000";
    hssc_sign_request r = v4();
    r.security_token = STR("TOKENtokenTOKENtoken");
    const char *outs[3];
    char a[512];
    char c[2048];
    char s[256];
    size_t n;
    hssc_error e;
    ck_assert_int_eq(hssc_sign(&r, a, sizeof(a), &n, &e), HSSC_OK);
    ck_assert_int_eq(hssc_sign_canonical_request(&r, c, sizeof(c), &n, &e), HSSC_OK);
    ck_assert_int_eq(hssc_sign_string_to_sign(&r, s, sizeof(s), &n, &e), HSSC_OK);
    outs[0] = a;
    outs[1] = c;
    outs[2] = s;
    for (size_t i = 0; i < 3; i++) {
        /* Not even 8 bytes of it in a row. */
        for (size_t at = 0; at + 8 <= sizeof(sk) - 1; at++) {
            char piece[9];
            memcpy(piece, sk + at, 8);
            piece[8] = '\0';
            ck_assert_ptr_null(strstr(outs[i], piece));
        }
    }
    ck_assert_ptr_null(strstr(a, "TOKENtoken"));
    ck_assert_ptr_null(strstr(s, "TOKENtoken"));
    ck_assert_ptr_nonnull(strstr(c, "x-security-token:TOKENtokenTOKENtoken\n"));
    /* A different SK gives a different signature; the same SK the same. */
    char a2[512];
    ck_assert_int_eq(hssc_sign(&r, a2, sizeof(a2), &n, &e), HSSC_OK);
    ck_assert_str_eq(a, a2);
    r.secret_key = STR("SKexampleSKexampleSKexampleSKexample0001");
    ck_assert_int_eq(hssc_sign(&r, a2, sizeof(a2), &n, &e), HSSC_OK);
    ck_assert_str_ne(a, a2);
    /* An error in the SK carries only (code, field, offset). */
    r.secret_key = STR("SKexample SK");
    ck_assert_int_eq(hssc_sign(&r, a2, sizeof(a2), &n, &e), HSSC_E_TOKEN_CHAR);
    char line[256];
    (void)hssc_error_format(&e, line, sizeof(line));
    ck_assert_str_eq(line, "SK: only visible ASCII (0x21..0x7E) is allowed at byte 9");
}
END_TEST

/* ======================================================================== */
/* X-Sdk-Date                                                                */
/* ======================================================================== */

static void date_fails(const char *v, size_t len, hssc_code c, size_t off)
{
    char *g = guard_copy(v, len);
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 4242};
    hssc_code rc = hssc_sdk_date_check(g, len, &e);
    ck_assert_msg(rc == c && e.code == c && e.field == HSSC_FIELD_X_SDK_DATE && e.offset == off,
                  "'%.*s': want %s at %zu, got %s at %zu", (int)len, v, hssc_code_name(c), off,
                  hssc_code_name(rc), e.offset);
    /* The field table routes to the same check. */
    hssc_error e2;
    ck_assert_int_eq(hssc_field_check(HSSC_FIELD_X_SDK_DATE, g, len, &e2), rc);
    ck_assert_uint_eq(e2.offset, e.offset);
    guard_free(g, len);
}

static void date_ok(const char *v)
{
    size_t len = strlen(v);
    char *g = guard_copy(v, len);
    hssc_error e;
    ck_assert_msg(hssc_sdk_date_check(g, len, &e) == HSSC_OK, "%s rejected", v);
    guard_free(g, len);
}

static const char *const good_dates[] = {"20200608T023900Z", "20240229T235959Z", "20000229T000000Z",
                                         "00011231T120000Z", "99991231T235959Z"};

static const hssc_bad_bytes bad_dates[] = {
    {"20201308T023900Z", 16, HSSC_E_SDK_DATE, 4}, /* month 13 */
    {"20200008T023900Z", 16, HSSC_E_SDK_DATE, 4}, /* month 0 */
    {"20200230T023900Z", 16, HSSC_E_SDK_DATE, 6}, /* Feb 30 */
    {"20230229T023900Z", 16, HSSC_E_SDK_DATE, 6}, /* not a leap year */
    {"19000229T023900Z", 16, HSSC_E_SDK_DATE, 6}, /* century */
    {"20200431T023900Z", 16, HSSC_E_SDK_DATE, 6}, /* April 31 */
    {"20200600T023900Z", 16, HSSC_E_SDK_DATE, 6}, /* day 0 */
    {"00000608T023900Z", 16, HSSC_E_SDK_DATE, 0}, /* year 0 */
    {"20200608T243900Z", 16, HSSC_E_SDK_DATE, 9},
    {"20200608T026000Z", 16, HSSC_E_SDK_DATE, 11},
    {"20200608T023960Z", 16, HSSC_E_SDK_DATE, 13}, /* no leap second */
    {"20200608t023900Z", 16, HSSC_E_SDK_DATE, 8},  /* lower-case t */
    {"20200608T023900z", 16, HSSC_E_SDK_DATE, 15}, /* lower-case z */
    {"2020-06-08T02:3Z", 16, HSSC_E_SDK_DATE, 4},
    {"20200608 023900Z", 16, HSSC_E_SDK_DATE, 8},
    {"2020060AT023900Z", 16, HSSC_E_SDK_DATE, 7},
    {"20200608T023900+", 16, HSSC_E_SDK_DATE, 15},
    /* Wrong lengths. */
    {"20200608T023900", 15, HSSC_E_TOO_SHORT, 15},
    {"20200608T0239Z", 14, HSSC_E_TOO_SHORT, 14},
    {"", 0, HSSC_E_TOO_SHORT, 0},
    {"20200608T023900ZZ", 17, HSSC_E_TOO_LONG, 16},
    {"20200608T023900Z\n", 17, HSSC_E_CONTROL, 16},
    /* 16 characters, more bytes: a digit that is not ASCII. */
    {"202\xD9\xA0"
     "0608T023900Z",
     17, HSSC_E_SDK_DATE, 3},
};

START_TEST(sdk_date_check)
{
    for (size_t i = 0; i < HSSC_NELEM(good_dates); i++) {
        date_ok(good_dates[i]);
    }
    for (size_t i = 0; i < HSSC_NELEM(bad_dates); i++) {
        date_fails(bad_dates[i].v, bad_dates[i].len, bad_dates[i].code, bad_dates[i].off);
    }
    hssc_error e;
    ck_assert_int_eq(hssc_sdk_date_check(NULL, 16, &e), HSSC_E_ARGUMENT);
}
END_TEST

START_TEST(sdk_date_format)
{
    static const struct {
        long long t;
        const char *want;
    } cases[] = {
        {0, "19700101T000000Z"},
        {1591583940, "20200608T023900Z"},
        {1136214245, "20060102T150405Z"},
        {1704067200, "20240101T000000Z"},
        {1709251199, "20240229T235959Z"},
        {951782400, "20000229T000000Z"},
        {253402300799LL, "99991231T235959Z"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char out[HSSC_SDK_DATE_LEN + 1];
        hssc_error e;
        ck_assert_int_eq(hssc_sdk_date_format(cases[i].t, out, sizeof(out), &e), HSSC_OK);
        ck_assert_str_eq(out, cases[i].want);
        ck_assert_int_eq(hssc_sdk_date_check(out, HSSC_SDK_DATE_LEN, &e), HSSC_OK);
    }
    /* Every day for 30 years formats to a valid date. */
    for (long long t = 0; t < 30LL * 366 * 86400; t += 86399) {
        char out[HSSC_SDK_DATE_LEN + 1];
        hssc_error e;
        ck_assert_int_eq(hssc_sdk_date_format(t, out, sizeof(out), &e), HSSC_OK);
        ck_assert_int_eq(hssc_sdk_date_check(out, HSSC_SDK_DATE_LEN, &e), HSSC_OK);
    }
    char out[HSSC_SDK_DATE_LEN + 1];
    hssc_error e;
    ck_assert_int_eq(hssc_sdk_date_format(-1, out, sizeof(out), &e), HSSC_E_SDK_DATE);
    ck_assert_int_eq(hssc_sdk_date_format(253402300800LL, out, sizeof(out), &e), HSSC_E_SDK_DATE);
    ck_assert_int_eq(hssc_sdk_date_format(0, out, HSSC_SDK_DATE_LEN, &e), HSSC_E_BUFFER_TOO_SMALL);
    ck_assert_int_eq(hssc_sdk_date_format(0, NULL, 0, &e), HSSC_E_BUFFER_TOO_SMALL);
}
END_TEST

/* ======================================================================== */
/* Authorization shape                                                       */
/* ======================================================================== */

#define SIG64 "cc8051dcdca835eead80c87850f7329a85dd579c16522d0808d802190774c7f5"
#define AUTH_OK                                                                                    \
    "SDK-HMAC-SHA256 Access=AKEXAMPLEAKEXAMPLE00, "                                                \
    "SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=" SIG64

static void auth_fails(const char *v, hssc_code c, size_t off)
{
    size_t len = strlen(v);
    char *g = guard_copy(v, len);
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 4242};
    hssc_authorization a;
    memset(&a, 0x5A, sizeof(a));
    hssc_code rc = hssc_authorization_parse(g, len, &a, &e);
    ck_assert_msg(rc == c && e.code == c && e.field == HSSC_FIELD_AUTHORIZATION && e.offset == off,
                  "'%s': want %s at %zu, got %s field %d at %zu", v, hssc_code_name(c), off,
                  hssc_code_name(rc), (int)e.field, e.offset);
    ck_assert_ptr_null(a.access_key.ptr);
    ck_assert_ptr_null(a.signature.ptr);
    hssc_error e2;
    ck_assert_int_eq(hssc_field_check(HSSC_FIELD_AUTHORIZATION, g, len, &e2), rc);
    ck_assert_uint_eq(e2.offset, e.offset);
    guard_free(g, len);
}

START_TEST(authorization_accepts_vectors)
{
    static const char *const ok[] = {
        AUTH_OK,
        "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, "
        "Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842",
        "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, "
        "Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624",
    };
    for (size_t i = 0; i < 3; i++) {
        size_t len = strlen(ok[i]);
        char *g = guard_copy(ok[i], len);
        hssc_authorization a;
        hssc_error e;
        ck_assert_int_eq(hssc_authorization_parse(g, len, &a, &e), HSSC_OK);
        ck_assert_int_eq(hssc_authorization_parse(g, len, NULL, &e), HSSC_OK);
        ck_assert_int_eq(hssc_field_check(HSSC_FIELD_AUTHORIZATION, g, len, &e), HSSC_OK);
        ck_assert_uint_eq(a.signature.len, 64);
        ck_assert_ptr_eq(a.signature.ptr, g + len - 64);
        ck_assert_int_eq(strncmp(a.access_key.ptr, "A", 1), 0);
        guard_free(g, len);
    }
    /* What the signer writes, the checker accepts, and the parts match. */
    hssc_sign_request r = v4();
    const char *s = sign_ok(&r);
    hssc_authorization a;
    hssc_error e;
    ck_assert_int_eq(hssc_authorization_parse(s, strlen(s), &a, &e), HSSC_OK);
    ck_assert_uint_eq(a.access_key.len, 20);
    ck_assert_int_eq(memcmp(a.access_key.ptr, "AKEXAMPLEAKEXAMPLE00", 20), 0);
    ck_assert_uint_eq(a.signed_headers.len, strlen("content-type;host;x-project-id;x-sdk-date"));
    ck_assert_int_eq(memcmp(a.signature.ptr, SIG64, 64), 0);
}
END_TEST

static const struct {
    const char *v;
    hssc_code code;
    size_t off;
} bad_auths[] = {
    {"", HSSC_E_TOO_SHORT, 0},
    {"SDK-HMAC-SHA1 Access=AK, SignedHeaders=host, Signature=" SIG64, HSSC_E_AUTH_SCHEME, 12},
    {"sdk-hmac-sha256 Access=AK, SignedHeaders=host, Signature=" SIG64, HSSC_E_AUTH_SCHEME, 0},
    {"SDK-HMAC-SHA256  Access=AK, SignedHeaders=host, Signature=" SIG64, HSSC_E_AUTH_SYNTAX, 16},
    {"SDK-HMAC-SHA256 access=AK, SignedHeaders=host, Signature=" SIG64, HSSC_E_AUTH_SYNTAX, 16},
    {"SDK-HMAC-SHA256 Access=, SignedHeaders=host, Signature=" SIG64, HSSC_E_AUTH_SYNTAX, 23},
    {"SDK-HMAC-SHA256 Access=A K, SignedHeaders=host, Signature=" SIG64, HSSC_E_ACCESS_KEY_CHAR,
     24},
    {"SDK-HMAC-SHA256 Access=AK,SignedHeaders=host, Signature=" SIG64, HSSC_E_AUTH_SYNTAX, 26},
    {"SDK-HMAC-SHA256 Access=AK, Signature=" SIG64 ", SignedHeaders=host", HSSC_E_AUTH_SYNTAX, 31},
    {"SDK-HMAC-SHA256 Access=AK, SignedHeaders=Host, Signature=" SIG64, HSSC_E_SIGNED_HEADERS, 41},
    {"SDK-HMAC-SHA256 Access=AK, SignedHeaders=x-sdk-date;host, Signature=" SIG64,
     HSSC_E_SIGNED_HEADERS, 52},
    {"SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;host, Signature=" SIG64, HSSC_E_SIGNED_HEADERS,
     46},
    {"SDK-HMAC-SHA256 Access=AK, SignedHeaders=, Signature=" SIG64, HSSC_E_SIGNED_HEADERS, 41},
    {"SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;, Signature=" SIG64, HSSC_E_SIGNED_HEADERS, 46},
    {"SDK-HMAC-SHA256 Access=AK, SignedHeaders=host x, Signature=" SIG64, HSSC_E_SIGNED_HEADERS,
     45},
    {"SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=" SIG64 "0", HSSC_E_AUTH_SYNTAX,
     121},
    {"SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=" SIG64 " ", HSSC_E_AUTH_SYNTAX,
     121},
    {"SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=CC8051", HSSC_E_SIGNATURE, 57},
    {"SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=cc8051", HSSC_E_SIGNATURE, 63},
    {"SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=", HSSC_E_SIGNATURE, 57},
    {"SDK-HMAC-SHA256 Access=AK, SignedHeaders=host", HSSC_E_AUTH_SYNTAX, 45},
    {"SDK-HMAC-SHA256 Access=AK\r\n, SignedHeaders=host", HSSC_E_CONTROL, 25},
    {"SDK-HMAC-SHA256", HSSC_E_AUTH_SCHEME, 15},
    {"Bearer x", HSSC_E_AUTH_SCHEME, 0},
};

START_TEST(authorization_rejects)
{
    for (size_t i = 0; i < HSSC_NELEM(bad_auths); i++) {
        auth_fails(bad_auths[i].v, bad_auths[i].code, bad_auths[i].off);
    }
    /* An AK over 128 bytes. */
    char v[512];
    int n = snprintf(v, sizeof(v),
                     "SDK-HMAC-SHA256 Access=%0129d, SignedHeaders=host, Signature=" SIG64, 0);
    ck_assert_int_gt(n, 0);
    auth_fails(v, HSSC_E_AUTH_SYNTAX, 23 + 128);
    hssc_error e;
    ck_assert_int_eq(hssc_authorization_parse(NULL, 3, NULL, &e), HSSC_E_ARGUMENT);
}
END_TEST

/* ======================================================================== */
/* the field table's signing rows                                            */
/* ======================================================================== */

START_TEST(field_rows)
{
    const hssc_field_info *i;
    i = hssc_field_get(HSSC_FIELD_SECRET_KEY);
    ck_assert_str_eq(i->name, "SK");
    ck_assert_int_eq(i->secret, 1);
    ck_assert_int_eq(i->location, HSSC_LOC_CREDENTIAL);
    i = hssc_field_get(HSSC_FIELD_ACCESS_KEY);
    ck_assert_str_eq(i->name, "AK");
    ck_assert_int_eq(i->secret, 0);
    ck_assert_int_eq(hssc_field_get(HSSC_FIELD_X_SECURITY_TOKEN)->secret, 1);
    ck_assert_int_eq(hssc_field_get(HSSC_FIELD_AUTHORIZATION)->secret, 1);
    ck_assert_int_eq(hssc_field_get(HSSC_FIELD_X_SDK_DATE)->secret, 0);
    ck_assert_int_eq(hssc_field_lookup("X-Sdk-Date", 10), HSSC_FIELD_X_SDK_DATE);
    ck_assert_int_eq(hssc_field_lookup("Host", 4), HSSC_FIELD_HOST);
    hssc_error e;
    ck_assert_int_eq(hssc_field_check(HSSC_FIELD_HOST, "127.0.0.1:18765", 15, &e), HSSC_OK);
    ck_assert_int_eq(hssc_field_check(HSSC_FIELD_HOST, "[::1]:8443", 10, &e), HSSC_OK);
    ck_assert_int_eq(hssc_field_check(HSSC_FIELD_METHOD, "GET", 3, &e), HSSC_E_ARGUMENT);
}
END_TEST

static const hssc_row sign_rows[] = {
    HSSC_TCASE("vectors", 0),
    HSSC_TEST(vector1_python_get),
    HSSC_TEST(vector2_python_post_body),
    HSSC_TEST(empty_body_hash_is_libcrypto_sha256),
    HSSC_TEST(vector2_multi_valued_query),
    HSSC_TEST(vector3_go_date_only),
    HSSC_TEST(vector4_node_capture),
    HSSC_TEST(vector5_python_this_api),
    HSSC_TEST(vector5_from_request_encode),
    HSSC_TEST(content_sha256_replaces_body_hash),
    HSSC_TCASE("canonical", 0),
    HSSC_TEST(canonical_uri_and_query),
    HSSC_TEST(security_token_signed),
    HSSC_TCASE("reject", 0),
    HSSC_TEST(reject_required_and_arguments),
    HSSC_TEST(reject_values),
    HSSC_TEST(reject_targets),
    HSSC_TEST(reject_headers),
    HSSC_TEST(reject_signed_headers),
    HSSC_TCASE("buffers", 60),
    HSSC_TEST(size_query_and_small_buffers),
    HSSC_TEST(secret_not_in_outputs),
    HSSC_TCASE("date", 60),
    HSSC_TEST(sdk_date_check),
    HSSC_TEST(sdk_date_format),
    HSSC_TCASE("authorization", 0),
    HSSC_TEST(authorization_accepts_vectors),
    HSSC_TEST(authorization_rejects),
    HSSC_TEST(field_rows),
};

HSSC_CHECK_MAIN("sign", sign_rows)
