/*
 * codec/src/request.c: validate, encode (target and full URL), decode of
 * captured targets and URLs, and round trips. Every decoder input sits
 * flush against a guard page.
 */
#include "check_util.h"
#include "hssc_internal.h"

#define STR(lit) ((hssc_str){(lit), sizeof(lit) - 1})
#define PATH_OF(pid) "/v5/" pid "/image/registries/image-upload-command"
#define PID "0605767a3300d5762fb7c0186d9e1779"

/* The spec's example request. */
static hssc_request spec_req(void)
{
    return hssc_request_of(
        (const char *const[]){PID, "hub.docker.com", "test", "xxx", "xxxxxx", "all_granted_eps"});
}

static const char spec_target[] =
    PATH_OF(PID) "?enterprise_project_id=all_granted_eps&namespace=test&password=xxxxxx"
                 "&registry_addr=hub.docker.com&username=xxx";

/* Offset of needle in t (which must hold it). */
static size_t pos(const char *t, const char *needle)
{
    const char *p = strstr(t, needle);
    ck_assert_msg(p != NULL, "'%s' not in the target", needle);
    return (size_t)(p - t);
}

static int all_zero(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        if (b[i] != 0) {
            return 0;
        }
    }
    return 1;
}

static int str_eq(hssc_str a, hssc_str b)
{
    if (a.ptr == NULL || b.ptr == NULL) {
        return a.ptr == NULL && b.ptr == NULL;
    }
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

static int req_eq(const hssc_request *a, const hssc_request *b)
{
    return str_eq(a->project_id, b->project_id) && str_eq(a->registry_addr, b->registry_addr) &&
           str_eq(a->namespace_, b->namespace_) && str_eq(a->username, b->username) &&
           str_eq(a->password, b->password) &&
           str_eq(a->enterprise_project_id, b->enterprise_project_id);
}

/* ---- decoding helper: target flush against a guard page ---- */

typedef struct dec {
    hssc_code rc;
    hssc_error e;
    hssc_request r;
    char scratch[HSSC_TARGET_MAX + 1];
} dec;

static dec D; /* big: static, one per test process */

static hssc_code decode_n(const char *t, size_t len, unsigned flags, size_t scratch_cap)
{
    ck_assert_uint_le(scratch_cap, sizeof(D.scratch));
    char *g = guard_copy(t, len);
    memset(&D.r, 0x5A, sizeof(D.r));
    memset(D.scratch, 0x5A, sizeof(D.scratch));
    D.e = (hssc_error){HSSC_OK, HSSC_FIELD_NONE, 424242};
    D.rc = hssc_request_decode(g, len, flags, D.scratch, scratch_cap, &D.r, &D.e);
    if (D.rc != HSSC_OK) {
        hssc_request zero;
        memset(&zero, 0, sizeof(zero));
        ck_assert_msg(memcmp(&D.r, &zero, sizeof(zero)) == 0, "*out not zeroed on failure");
    }
    guard_free(g, len);
    return D.rc;
}

static hssc_code decode_s(const char *t, unsigned flags)
{
    return decode_n(t, strlen(t), flags, sizeof(D.scratch));
}

#define ASSERT_DECODE_FAILS(t, flags, want_c, want_f, off)                                         \
    do {                                                                                           \
        const char *t_ = (t);                                                                      \
        (void)decode_s(t_, (flags));                                                               \
        ck_assert_msg(D.rc == (want_c) && D.e.code == (want_c) && D.e.field == (want_f) &&         \
                          D.e.offset == (size_t)(off),                                             \
                      "'%s': want %s field %d at %zu, got %s field %d at %zu", t_,                 \
                      hssc_code_name(want_c), (int)(want_f), (size_t)(off), hssc_code_name(D.rc),  \
                      (int)D.e.field, D.e.offset);                                                 \
    } while (0)

#define Q_NS "namespace=n"
#define Q_PW "password=p"
#define Q_RA "registry_addr=h"
#define Q_UN "username=u"
#define BASEQ Q_NS "&" Q_PW "&" Q_RA "&" Q_UN
#define T_OK PATH_OF("p") "?" BASEQ
#define TARGET HSSC_FIELD_TARGET
/* A target with the password value v (and the other three required). */
#define PW_T(v) PATH_OF("p") "?" Q_NS "&" Q_RA "&" Q_UN "&password=" v
/* The length of a string literal. */
#define LEN(lit) (sizeof(lit) - 1)

/* A target the decoder refuses with (code, field, offset). */
typedef struct bad_target {
    const char *t;
    unsigned flags;
    hssc_code code;
    hssc_field field;
    size_t off;
} bad_target;

/* Every row, behind prefix (whose length is added to its offset), is
 * refused as it says. */
static void refused_after(const char *prefix, const bad_target *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char t[1024];
        int k = snprintf(t, sizeof(t), "%s%s", prefix, rows[i].t);
        if (k < 0 || (size_t)k >= sizeof(t)) {
            ck_abort_msg("row %zu: target too long for the test's buffer", i);
        }
        ASSERT_DECODE_FAILS(t, rows[i].flags, rows[i].code, rows[i].field,
                            strlen(prefix) + rows[i].off);
    }
}
#define REFUSED(rows) refused_after("", (rows), HSSC_NELEM(rows))
#define REFUSED_AFTER(prefix, rows) refused_after((prefix), (rows), HSSC_NELEM(rows))

/* t decodes, and its password is want. */
static void password_is(const char *t, const char *want)
{
    ck_assert_msg(decode_s(t, 0) == HSSC_OK, "%s: %s", t, hssc_code_name(D.rc));
    ck_assert_msg(str_eq(D.r.password, hssc_str_from_cstr(want)), "%s: not the password %s", t,
                  want);
}

/* ======================================================================== */
/* encode                                                                    */
/* ======================================================================== */

START_TEST(encode_spec_example)
{
    hssc_request r = spec_req();
    char out[512];
    size_t n = 0;
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
    ck_assert_int_eq(hssc_request_validate(&r, &e), HSSC_OK);
    ck_assert_int_eq(hssc_request_encode(&r, 0, out, sizeof(out), &n, &e), HSSC_OK);
    ck_assert_str_eq(out, spec_target);
    ck_assert_uint_eq(n, sizeof(spec_target) - 1);
    /* Size query: out NULL, cap 0. */
    size_t q = 0;
    ck_assert_int_eq(hssc_request_encode(&r, 0, NULL, 0, &q, &e), HSSC_OK);
    ck_assert_uint_eq(q, n);
    ck_assert_uint_lt(n + 1, HSSC_REQUEST_ENCODED_MAX);
    /* Deterministic. */
    char again[512];
    ck_assert_int_eq(hssc_request_encode(&r, 0, again, sizeof(again), &q, &e), HSSC_OK);
    ck_assert_str_eq(again, out);
    /* Without the optional parameter it is simply not sent. */
    r.enterprise_project_id = (hssc_str){NULL, 0};
    ck_assert_int_eq(hssc_request_encode(&r, 0, out, sizeof(out), &n, &e), HSSC_OK);
    ck_assert_str_eq(out, PATH_OF(PID) "?namespace=test&password=xxxxxx"
                                       "&registry_addr=hub.docker.com&username=xxx");
}
END_TEST

START_TEST(encode_escapes)
{
    hssc_request r = hssc_request_of(
        (const char *const[]){"a b/c", "https://[2001:db8::1]:5000/", "n s+~-._!*'()",
                              "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", "p&w=d?#%", "e;f"});
    char out[512];
    size_t n = 0;
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
    ck_assert_int_eq(hssc_request_encode(&r, 0, out, sizeof(out), &n, &e), HSSC_OK);
    ck_assert_str_eq(
        out, PATH_OF("a%20b%2Fc") "?enterprise_project_id=e%3Bf"
                                  "&namespace=n%20s%2B~-._%21%2A%27%28%29"
                                  "&password=p%26w%3Dd%3F%23%25"
                                  "&registry_addr=https%3A%2F%2F%5B2001%3Adb8%3A%3A1%5D%3A5000%2F"
                                  "&username=%C3%A9%E2%82%AC%F0%9F%98%80");
    ck_assert_uint_eq(n, strlen(out));
}
END_TEST

START_TEST(encode_buffer_too_small)
{
    hssc_request r = spec_req();
    const size_t need = sizeof(spec_target) - 1;
    const size_t caps[] = {1, 2, need - 1, need};
    for (size_t k = 0; k < sizeof(caps) / sizeof(caps[0]); k++) {
        char out[512];
        memset(out, 'Q', sizeof(out));
        size_t n = 12345;
        hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
        hssc_code rc = hssc_request_encode(&r, 0, out, caps[k], &n, &e);
        ck_assert_error(rc, e, HSSC_E_BUFFER_TOO_SMALL, HSSC_FIELD_NONE, caps[k]);
        ck_assert_uint_eq(n, need);          /* the size that is needed */
        ck_assert(all_zero(out, caps[k]));   /* output cleared */
        ck_assert_int_eq(out[caps[k]], 'Q'); /* and nothing past cap touched */
    }
    /* Exactly enough. */
    char out[sizeof(spec_target)];
    size_t n = 0;
    ck_assert_int_eq(hssc_request_encode(&r, 0, out, sizeof(out), &n, NULL), HSSC_OK);
    ck_assert_str_eq(out, spec_target);
    /* cap 0 with a buffer is too small, not a size query. */
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
    ck_assert_error(hssc_request_encode(&r, 0, out, 0, &n, &e), e, HSSC_E_BUFFER_TOO_SMALL,
                    HSSC_FIELD_NONE, 0);
    ck_assert_uint_eq(n, need);
}
END_TEST

START_TEST(encode_arguments)
{
    hssc_request r = spec_req();
    char out[512];
    size_t n = 99;
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
    ck_assert_error(hssc_request_encode(NULL, 0, out, sizeof(out), &n, &e), e, HSSC_E_ARGUMENT,
                    HSSC_FIELD_NONE, 0);
    ck_assert_uint_eq(n, 0);
    ck_assert_error(hssc_request_encode(&r, 0, out, sizeof(out), NULL, &e), e, HSSC_E_ARGUMENT,
                    HSSC_FIELD_NONE, 0);
    n = 99;
    ck_assert_error(hssc_request_encode(&r, 0, NULL, 10, &n, &e), e, HSSC_E_ARGUMENT,
                    HSSC_FIELD_NONE, 0);
    ck_assert_uint_eq(n, 0);
    ck_assert_error(hssc_request_validate(NULL, &e), e, HSSC_E_ARGUMENT, HSSC_FIELD_NONE, 0);
}
END_TEST

START_TEST(encode_redact)
{
    hssc_request r = spec_req();
    char out[512];
    size_t n = 0;
    ck_assert_int_eq(hssc_request_encode(&r, HSSC_REDACT, out, sizeof(out), &n, NULL), HSSC_OK);
    ck_assert_str_eq(out, PATH_OF(PID) "?enterprise_project_id=all_granted_eps&namespace=test"
                                       "&password=***&registry_addr=hub.docker.com&username=xxx");
    ck_assert_uint_eq(n, strlen(out));
    size_t q = 0;
    ck_assert_int_eq(hssc_request_encode(&r, HSSC_REDACT, NULL, 0, &q, NULL), HSSC_OK);
    ck_assert_uint_eq(q, n);
    /* A long password still becomes three bytes; its bytes appear nowhere. */
    r.password = STR("hunter2 with spaces and \xC3\xA9");
    ck_assert_int_eq(hssc_request_encode(&r, HSSC_REDACT, out, sizeof(out), &n, NULL), HSSC_OK);
    ck_assert_ptr_nonnull(strstr(out, "&password=***&"));
    ck_assert_ptr_null(strstr(out, "hunter2"));
    /* Redaction does not skip validation. */
    r.password = STR("bad\n");
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
    ck_assert_error(hssc_request_encode(&r, HSSC_REDACT, out, sizeof(out), &n, &e), e,
                    HSSC_E_CONTROL, HSSC_FIELD_PASSWORD, 3);
}
END_TEST

START_TEST(encode_url_endpoints)
{
    hssc_request r = spec_req();
    static const struct {
        const char *ep;
        unsigned flags;
        const char *prefix;
    } ok[] = {
        {"https://hss.ap-southeast-1.myhuaweicloud.com", 0,
         "https://hss.ap-southeast-1.myhuaweicloud.com"},
        {"https://hss.example.com/", 0, "https://hss.example.com"},
        {"https://hss.example.com:8443", 0, "https://hss.example.com:8443"},
        {"https://10.0.0.1:8443/", 0, "https://10.0.0.1:8443"},
        {"https://[::1]:8443", 0, "https://[::1]:8443"},
        {"HTTPS://Hss.Example.com", 0, "HTTPS://Hss.Example.com"},
        {"http://127.0.0.1:8080", HSSC_ALLOW_HTTP, "http://127.0.0.1:8080"},
        {"https://h", HSSC_ALLOW_HTTP, "https://h"},
    };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        char out[1024];
        char want[1024];
        size_t n = 0;
        hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
        hssc_code rc = hssc_request_encode_url(&r, ok[i].ep, strlen(ok[i].ep), ok[i].flags, out,
                                               sizeof(out), &n, &e);
        ck_assert_msg(rc == HSSC_OK, "%s: %s", ok[i].ep, hssc_code_name(rc));
        snprintf(want, sizeof(want), "%s%s", ok[i].prefix, spec_target);
        ck_assert_str_eq(out, want);
        ck_assert_uint_eq(n, strlen(want));
        size_t q = 0;
        ck_assert_int_eq(
            hssc_request_encode_url(&r, ok[i].ep, strlen(ok[i].ep), ok[i].flags, NULL, 0, &q, NULL),
            HSSC_OK);
        ck_assert_uint_eq(q, n);
    }
    /* Redacted URL. */
    char out[1024];
    size_t n = 0;
    ck_assert_int_eq(
        hssc_request_encode_url(&r, "https://h", 9, HSSC_REDACT, out, sizeof(out), &n, NULL),
        HSSC_OK);
    ck_assert_ptr_nonnull(strstr(out, "https://h/v5/"));
    ck_assert_ptr_nonnull(strstr(out, "&password=***&"));
    /* Too small: needed size reported, buffer cleared. */
    memset(out, 'Q', sizeof(out));
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
    ck_assert_error(hssc_request_encode_url(&r, "https://h", 9, 0, out, 20, &n, &e), e,
                    HSSC_E_BUFFER_TOO_SMALL, HSSC_FIELD_NONE, 20);
    ck_assert_uint_eq(n, strlen("https://h") + strlen(spec_target));
    ck_assert(all_zero(out, 20));
}
END_TEST

/* Endpoints refused, as (code, offset) in the endpoint, with flags. */
static const bad_target bad_endpoints[] = {
    {"http://hss.example.com", 0, HSSC_E_HTTP_NOT_ALLOWED, HSSC_FIELD_ENDPOINT, 0},
    {"http://hss.example.com", HSSC_REDACT, HSSC_E_HTTP_NOT_ALLOWED, HSSC_FIELD_ENDPOINT, 0},
    {"hss.example.com", 0, HSSC_E_ENDPOINT, HSSC_FIELD_ENDPOINT, 0},
    {"hss.example.com", HSSC_ALLOW_HTTP, HSSC_E_ENDPOINT, HSSC_FIELD_ENDPOINT, 0},
    {"ftp://hss.example.com", HSSC_ALLOW_HTTP, HSSC_E_ENDPOINT, HSSC_FIELD_ENDPOINT, 0},
    {"https://hss.example.com/v5", 0, HSSC_E_ADDR_PATH, HSSC_FIELD_ENDPOINT, 24},
    {"https://hss.example.com//", 0, HSSC_E_ADDR_PATH, HSSC_FIELD_ENDPOINT, 24},
    {"https://hss.example.com?x=1", 0, HSSC_E_ADDR_QUERY, HSSC_FIELD_ENDPOINT, 23},
    {"https://hss.example.com/?", 0, HSSC_E_ADDR_QUERY, HSSC_FIELD_ENDPOINT, 24},
    {"https://hss.example.com#f", 0, HSSC_E_ADDR_FRAGMENT, HSSC_FIELD_ENDPOINT, 23},
    {"https://user:pw@hss.example.com", 0, HSSC_E_ADDR_USERINFO, HSSC_FIELD_ENDPOINT, 8},
    {"https://user@hss.example.com", 0, HSSC_E_ADDR_USERINFO, HSSC_FIELD_ENDPOINT, 8},
    {"https://", 0, HSSC_E_ADDR_HOST, HSSC_FIELD_ENDPOINT, 8},
    {"https://hss.example.com:0", 0, HSSC_E_ADDR_PORT, HSSC_FIELD_ENDPOINT, 24},
    {"https://hss.example.com:65536", 0, HSSC_E_ADDR_PORT, HSSC_FIELD_ENDPOINT, 24},
    {"https://hss_example.com", 0, HSSC_E_ADDR_HOST, HSSC_FIELD_ENDPOINT, 11},
    {"https://hss example.com", 0, HSSC_E_ADDR_SYNTAX, HSSC_FIELD_ENDPOINT, 11},
    {"", 0, HSSC_E_ENDPOINT, HSSC_FIELD_ENDPOINT, 0},
};

START_TEST(encode_url_rejected_endpoints)
{
    hssc_request r = spec_req();
    const hssc_field E = HSSC_FIELD_ENDPOINT;
    for (size_t i = 0; i < HSSC_NELEM(bad_endpoints); i++) {
        char out[1024];
        memset(out, 'Q', sizeof(out));
        size_t n = 77;
        hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
        hssc_code rc = hssc_request_encode_url(&r, bad_endpoints[i].t, strlen(bad_endpoints[i].t),
                                               bad_endpoints[i].flags, out, sizeof(out), &n, &e);
        ck_assert_msg(rc == bad_endpoints[i].code && e.code == bad_endpoints[i].code &&
                          e.field == E && e.offset == bad_endpoints[i].off,
                      "%s: want %s at %zu, got %s field %d at %zu", bad_endpoints[i].t,
                      hssc_code_name(bad_endpoints[i].code), bad_endpoints[i].off,
                      hssc_code_name(rc), (int)e.field, e.offset);
        ck_assert_uint_eq(n, 0);
        ck_assert(all_zero(out, sizeof(out)));
    }
    size_t n = 0;
    char out[16];
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
    ck_assert_error(hssc_request_encode_url(&r, NULL, 0, 0, out, sizeof(out), &n, &e), e,
                    HSSC_E_ARGUMENT, E, 0);
    /* An over-long endpoint is refused before uriparser sees it. */
    static char longep[2000];
    memcpy(longep, "https://", 8);
    memset(longep + 8, 'a', sizeof(longep) - 8);
    ck_assert_error(
        hssc_request_encode_url(&r, longep, sizeof(longep), 0, out, sizeof(out), &n, &e), e,
        HSSC_E_TOO_LONG, E, 1024);
    /* A bad request behind a good endpoint: the field's own error. */
    r.username = (hssc_str){NULL, 0};
    ck_assert_error(hssc_request_encode_url(&r, "https://h", 9, 0, out, sizeof(out), &n, &e), e,
                    HSSC_E_MISSING, HSSC_FIELD_USERNAME, 0);
}
END_TEST

/* ---- every field's boundaries, through encode ---- */

/* The fields of hssc_request, in declaration order. */
static const hssc_field rfields[] = {
    HSSC_FIELD_PROJECT_ID, HSSC_FIELD_REGISTRY_ADDR, HSSC_FIELD_NAMESPACE,
    HSSC_FIELD_USERNAME,   HSSC_FIELD_PASSWORD,      HSSC_FIELD_ENTERPRISE_PROJECT_ID,
};
#define NRF (sizeof(rfields) / sizeof(rfields[0]))

/* The member of r for field f, through the one accessor. */
static hssc_str *member(hssc_request *r, hssc_field f)
{
    hssc_str *v = hssc_request_field(r, f);
    ck_assert_ptr_nonnull(v);
    return v;
}

static const char *const widths[] = {"a", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"};

/* n characters for field f: multibyte for free-text fields, a valid
 * address (ASCII) for registry_addr. */
static size_t fill(hssc_field f, size_t width, size_t n, char *out)
{
    if (f == HSSC_FIELD_REGISTRY_ADDR) {
        /* "a.a.a..." keeps every label at one character. */
        for (size_t i = 0; i < n; i++) {
            out[i] = (i % 2 == 0) ? 'a' : '.';
        }
        if (n > 253) {
            /* Past a host name's 253: "https://" in front instead. */
            memcpy(out, "https://", 8);
            for (size_t i = 8; i < n; i++) {
                out[i] = (i % 2 == 0) ? 'a' : '.';
            }
            out[n - 1] = 'a';
            if (n > 8 + 253) {
                memcpy(out + n - 6, ":5000/", 6);
            }
        }
        return n;
    }
    size_t w = strlen(widths[width]);
    for (size_t i = 0; i < n; i++) {
        memcpy(out + i * w, widths[width], w);
    }
    return n * w;
}

/* Case k of encode_field_boundaries: a field and a width, every field in
 * all four widths but the address in ASCII only (an address is ASCII; its
 * multibyte lengths are in test_fields.c). NBOUNDARY cases in all. */
#define NBOUNDARY (NRF * 4 - 3)
static int boundary_case(size_t k, hssc_field *f, size_t *width)
{
    for (size_t i = 0; i < NRF; i++) {
        size_t n = rfields[i] == HSSC_FIELD_REGISTRY_ADDR ? 1 : 4;
        if (k < n) {
            *f = rfields[i];
            *width = k;
            return 1;
        }
        k -= n;
    }
    return 0;
}

START_TEST(encode_field_boundaries)
{
    hssc_field rf = HSSC_FIELD_NONE;
    size_t width = 0;
    ck_assert(boundary_case((size_t)_i, &rf, &width));
    size_t w = strlen(widths[width]);
    size_t max = hssc_field_get(rf)->max_chars;
    static char val[4 * 300];
    static char out[HSSC_REQUEST_ENCODED_MAX];
    const size_t counts[] = {0, 1, max, max + 1};
    for (size_t k = 0; k < 4; k++) {
        hssc_request r = spec_req();
        size_t len = fill(rf, width, counts[k], val);
        *member(&r, rf) = (hssc_str){val, len};
        size_t n = 5;
        hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
        hssc_code rc = hssc_request_encode(&r, 0, out, sizeof(out), &n, &e);
        if (counts[k] == 0) {
            ck_assert_error(rc, e, HSSC_E_TOO_SHORT, rf, 0);
        } else if (counts[k] == max + 1) {
            ck_assert_error(rc, e, HSSC_E_TOO_LONG, rf, max * w);
        } else {
            ck_assert_msg(rc == HSSC_OK, "field %d n %zu: %s at %zu", (int)rf, counts[k],
                          hssc_code_name(rc), e.offset);
            ck_assert_uint_eq(n, strlen(out));
            /* And back. */
            ck_assert_int_eq(decode_n(out, n, 0, n), HSSC_OK);
            ck_assert(req_eq(&D.r, &r));
            continue;
        }
        ck_assert_uint_eq(n, 0);
        ck_assert(all_zero(out, sizeof(out)));
        /* validate agrees */
        hssc_error e2 = {HSSC_OK, HSSC_FIELD_NONE, 0};
        ck_assert_int_eq(hssc_request_validate(&r, &e2), rc);
        ck_assert_uint_eq(e2.offset, e.offset);
    }
    /* Absent: required fields are missing; the optional one is fine. */
    hssc_request r = spec_req();
    *member(&r, rf) = (hssc_str){NULL, 0};
    size_t n = 0;
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
    hssc_code rc = hssc_request_encode(&r, 0, NULL, 0, &n, &e);
    if (hssc_field_get(rf)->required) {
        ck_assert_error(rc, e, HSSC_E_MISSING, rf, 0);
    } else {
        ck_assert_int_eq(rc, HSSC_OK);
    }
}
END_TEST

START_TEST(encode_worst_case_fits)
{
    /* Every free-text field at its maximum of 4-byte characters, the
     * address at 256 escaped characters: within HSSC_REQUEST_ENCODED_MAX. */
    static char bufs[NRF][4 * 256];
    hssc_request r;
    memset(&r, 0, sizeof(r));
    for (size_t i = 0; i < NRF; i++) {
        size_t max = hssc_field_get(rfields[i])->max_chars;
        size_t len = fill(rfields[i], 3, max, bufs[i]);
        *member(&r, rfields[i]) = (hssc_str){bufs[i], len};
    }
    size_t n = 0;
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
    ck_assert_int_eq(hssc_request_encode(&r, 0, NULL, 0, &n, &e), HSSC_OK);
    ck_assert_uint_le(n + 1, HSSC_REQUEST_ENCODED_MAX);
    static char out[HSSC_REQUEST_ENCODED_MAX];
    ck_assert_int_eq(hssc_request_encode(&r, 0, out, sizeof(out), &n, &e), HSSC_OK);
    /* Its decode fits a scratch of the target's length and gives it back. */
    ck_assert_uint_le(n, HSSC_TARGET_MAX);
    ck_assert_int_eq(decode_n(out, n, 0, n), HSSC_OK);
    ck_assert(req_eq(&D.r, &r));
}
END_TEST

START_TEST(encode_every_byte_value)
{
    /* Byte b between two letters, in each free-text field: rejected with the
     * right code at offset 1, or encoded and decoded back unchanged. */
    for (unsigned b = 0; b < 256; b++) {
        for (size_t i = 0; i < NRF; i++) {
            if (rfields[i] == HSSC_FIELD_REGISTRY_ADDR) {
                continue;
            }
            char val[3] = {'a', (char)b, 'z'};
            hssc_request r = spec_req();
            *member(&r, rfields[i]) = (hssc_str){val, 3};
            char out[512];
            size_t n = 0;
            hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
            hssc_code rc = hssc_request_encode(&r, 0, out, sizeof(out), &n, &e);
            if (b < 0x20 || b == 0x7F) {
                ck_assert_error(rc, e, HSSC_E_CONTROL, rfields[i], 1);
            } else if (b >= 0x80) {
                ck_assert_error(rc, e, HSSC_E_UTF8, rfields[i], 1);
            } else {
                ck_assert_int_eq(rc, HSSC_OK);
                ck_assert_int_eq(decode_n(out, n, 0, n), HSSC_OK);
                ck_assert_msg(req_eq(&D.r, &r), "byte %02x field %d", b, (int)rfields[i]);
            }
        }
    }
    /* Each byte as a second byte after C3, and as 3rd/4th bytes: valid UTF-8
     * round-trips, invalid is HSSC_E_UTF8 at the lead byte. */
    for (unsigned b = 0; b < 256; b++) {
        char val[2] = {(char)0xC3, (char)b};
        hssc_request r = spec_req();
        r.username = (hssc_str){val, 2};
        char out[512];
        size_t n = 0;
        hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
        hssc_code rc = hssc_request_encode(&r, 0, out, sizeof(out), &n, &e);
        if (b >= 0x80 && b <= 0xBF) {
            ck_assert_int_eq(rc, HSSC_OK);
            ck_assert_int_eq(decode_n(out, n, 0, n), HSSC_OK);
            ck_assert(req_eq(&D.r, &r));
        } else {
            ck_assert_error(rc, e, HSSC_E_UTF8, HSSC_FIELD_USERNAME, 0);
        }
    }
}
END_TEST

/* ======================================================================== */
/* decode                                                                    */
/* ======================================================================== */

START_TEST(decode_spec_example)
{
    hssc_request want = spec_req();
    ck_assert_int_eq(decode_s(spec_target, 0), HSSC_OK);
    ck_assert(req_eq(&D.r, &want));
    /* Values point into scratch. */
    ck_assert(D.r.password.ptr >= D.scratch && D.r.password.ptr < D.scratch + sizeof(D.scratch));
    /* The spec's own order (not sorted) decodes the same. */
    ck_assert_int_eq(decode_s(PATH_OF(PID) "?registry_addr=hub.docker.com&namespace=test"
                                           "&username=xxx&password=xxxxxx"
                                           "&enterprise_project_id=all_granted_eps",
                              0),
                     HSSC_OK);
    ck_assert(req_eq(&D.r, &want));
    /* As absolute URLs. */
    static const char *const pre[] = {"https://hss.example.com", "http://hss.example.com",
                                      "HTTPS://HSS.example.com:443", "https://10.1.2.3:8443",
                                      "https://[::1]"};
    for (size_t i = 0; i < sizeof(pre) / sizeof(pre[0]); i++) {
        char t[512];
        snprintf(t, sizeof(t), "%s%s", pre[i], spec_target);
        ck_assert_msg(decode_s(t, 0) == HSSC_OK, "%s: %s", t, hssc_code_name(D.rc));
        ck_assert(req_eq(&D.r, &want));
    }
    /* Without the optional parameter it stays absent. */
    ck_assert_int_eq(decode_s(T_OK, 0), HSSC_OK);
    ck_assert_ptr_null(D.r.enterprise_project_id.ptr);
    ck_assert_uint_eq(D.r.enterprise_project_id.len, 0);
}
END_TEST

static const bad_target bad_project_ids[] = {
    {PATH_OF(".") "?" BASEQ, 0, HSSC_E_DOT_SEGMENT, HSSC_FIELD_PROJECT_ID, 4},
    {PATH_OF("..") "?" BASEQ, 0, HSSC_E_DOT_SEGMENT, HSSC_FIELD_PROJECT_ID, 4},
    {PATH_OF("%2E") "?" BASEQ, 0, HSSC_E_DOT_SEGMENT, HSSC_FIELD_PROJECT_ID, 4},
    {PATH_OF("%2e%2E") "?" BASEQ, 0, HSSC_E_DOT_SEGMENT, HSSC_FIELD_PROJECT_ID, 4},
    {PATH_OF(".%2e") "?" BASEQ, 0, HSSC_E_DOT_SEGMENT, HSSC_FIELD_PROJECT_ID, 4},
    {"https://h" PATH_OF("..") "?" BASEQ, 0, HSSC_E_DOT_SEGMENT, HSSC_FIELD_PROJECT_ID, 13},
    /* Empty: too short, at the (empty) segment. */
    {PATH_OF("") "?" BASEQ, 0, HSSC_E_TOO_SHORT, HSSC_FIELD_PROJECT_ID, 4},
    {"https://h" PATH_OF("") "?" BASEQ, 0, HSSC_E_TOO_SHORT, HSSC_FIELD_PROJECT_ID, 13},
    /* Bad content in the segment, at the escape that made it. */
    {PATH_OF("ab%0A") "?" BASEQ, 0, HSSC_E_CONTROL, HSSC_FIELD_PROJECT_ID, 6},
    {PATH_OF("ab%C0%AF") "?" BASEQ, 0, HSSC_E_UTF8, HSSC_FIELD_PROJECT_ID, 6},
    {PATH_OF("ab%zz") "?" BASEQ, 0, HSSC_E_ESCAPE, TARGET, 6},
};

START_TEST(decode_project_id)
{
    REFUSED(bad_project_ids);
    /* Escapes in the segment: decoded, '+' is not a space in a path. */
    ck_assert_int_eq(decode_s(PATH_OF("a%2Fb+c%20d") "?" BASEQ, 0), HSSC_OK);
    ck_assert(str_eq(D.r.project_id, STR("a/b+c d")));
    ck_assert_int_eq(decode_s(PATH_OF("...") "?" BASEQ, 0), HSSC_OK);
    ck_assert(str_eq(D.r.project_id, STR("...")));
}
END_TEST

static const bad_target bad_paths[] = {
    {"/v4/p/image/registries/image-upload-command?" BASEQ, 0, HSSC_E_PATH, TARGET, 1},
    {"/V5/p/image/registries/image-upload-command?" BASEQ, 0, HSSC_E_PATH, TARGET, 1},
    {"/v5/p/images/registries/image-upload-command?" BASEQ, 0, HSSC_E_PATH, TARGET, 6},
    {"/v5/p/image/registries/image-upload-commands?" BASEQ, 0, HSSC_E_PATH, TARGET, 23},
    {"/v5/p/image/registries/image-upload-command/?" BASEQ, 0, HSSC_E_PATH, TARGET, 43},
    {"/v5/p/image/registries/image-upload-command/x?" BASEQ, 0, HSSC_E_PATH, TARGET, 43},
    {"/v5/p/image/registries?" BASEQ, 0, HSSC_E_PATH, TARGET, 22},
    /* A missing segment: where the path ends. */
    {"/v5/p?" BASEQ, 0, HSSC_E_PATH, TARGET, 5},
    {"https://h/v5?" BASEQ, 0, HSSC_E_PATH, TARGET, 12},
    {"/v5", 0, HSSC_E_PATH, TARGET, 3},
    {"/", 0, HSSC_E_PATH, TARGET, 1},
    /* Empty segments where a fixed one belongs: at the empty segment. */
    {"/v5/p//registries/image-upload-command?" BASEQ, 0, HSSC_E_PATH, TARGET, 6},
    {"/v5/p/image//image-upload-command?" BASEQ, 0, HSSC_E_PATH, TARGET, 12},
    {"//v5/p/image/registries/image-upload-command?" BASEQ, 0, HSSC_E_PATH, TARGET, 0},
    {"v5/p/image/registries/image-upload-command?" BASEQ, 0, HSSC_E_PATH, TARGET, 0},
    {"?" BASEQ, 0, HSSC_E_PATH, TARGET, 0},
    {"", 0, HSSC_E_SYNTAX, TARGET, 0},
    {PATH_OF("p") "?" BASEQ " ", 0, HSSC_E_SYNTAX, TARGET, LEN(T_OK)},
    {PATH_OF("p q") "?" BASEQ, 0, HSSC_E_SYNTAX, TARGET, 5},
    /* Raw UTF-8 is not a URI character (it must be escaped on the wire). */
    {PATH_OF("\xC3\xA9") "?" BASEQ, 0, HSSC_E_SYNTAX, TARGET, 4},
};

START_TEST(decode_path_shape)
{
    REFUSED(bad_paths);
}
END_TEST

static const bad_target bad_urls[] = {
    {"ftp://h" T_OK, 0, HSSC_E_SCHEME, TARGET, 0},
    {"file://h" T_OK, 0, HSSC_E_SCHEME, TARGET, 0},
    {"httpx://h" T_OK, 0, HSSC_E_SCHEME, TARGET, 0},
    {"https://user:pw@h" T_OK, 0, HSSC_E_ADDR_USERINFO, TARGET, 8},
    {"http://user@h:80" T_OK, 0, HSSC_E_ADDR_USERINFO, TARGET, 7},
    {"https://@h" T_OK, 0, HSSC_E_ADDR_USERINFO, TARGET, 8},
    /* No host: right after "://". */
    {"https://" T_OK, 0, HSSC_E_ADDR_HOST, TARGET, 8},
    {"https://:443" T_OK, 0, HSSC_E_ADDR_HOST, TARGET, 8},
    {"https:" T_OK, 0, HSSC_E_ADDR_HOST, TARGET, 6},
    {"https://h" T_OK "#frag", 0, HSSC_E_FRAGMENT, TARGET, LEN("https://h" T_OK)},
    /* Host and port follow the endpoint rules. */
    {"https://h:0" T_OK, 0, HSSC_E_ADDR_PORT, TARGET, 10},
    {"https://h:99999" T_OK, 0, HSSC_E_ADDR_PORT, TARGET, 10},
    {"https://h_x" T_OK, 0, HSSC_E_ADDR_HOST, TARGET, 9},
    {"https://256.1.1.1" T_OK, 0, HSSC_E_ADDR_HOST, TARGET, 16},
};

START_TEST(decode_absolute_urls)
{
    REFUSED(bad_urls);
    ck_assert_int_eq(decode_s("https://hss.ap-southeast-1.myhuaweicloud.com:443" T_OK, 0), HSSC_OK);
    ck_assert_int_eq(decode_s("http://[::1]:8080" T_OK, 0), HSSC_OK);
}
END_TEST

/* Raw password values and what they decode to. */
static const struct {
    const char *raw;
    const char *decoded;
} plus_and_escapes[] = {
    {"a+b", "a b"}, {"a%20b", "a b"}, {"a%2Bb", "a+b"}, {"a%2bb%2B+", "a+b+ "}, {"%252B", "%2B"},
};

/* Password values refused (offsets into the value). */
static const bad_target bad_passwords[] = {
    /* %00 decodes to NUL: a control character, at the escape. */
    {"%00", 0, HSSC_E_CONTROL, HSSC_FIELD_PASSWORD, 0},
    {"ab%00cd", 0, HSSC_E_CONTROL, HSSC_FIELD_PASSWORD, 2},
    {"a+%41%0D%0A", 0, HSSC_E_CONTROL, HSSC_FIELD_PASSWORD, 5},
    {"%C2%9B", 0, HSSC_E_CONTROL, HSSC_FIELD_PASSWORD, 0},
    {"x%ED%A0%80", 0, HSSC_E_UTF8, HSSC_FIELD_PASSWORD, 1},
    {"x%E2%82", 0, HSSC_E_UTF8, HSSC_FIELD_PASSWORD, 1},
};

START_TEST(decode_plus_and_escapes)
{
    for (size_t i = 0; i < HSSC_NELEM(plus_and_escapes); i++) {
        char t[512];
        snprintf(t, sizeof(t), "%s%s", PW_T(""), plus_and_escapes[i].raw);
        password_is(t, plus_and_escapes[i].decoded);
    }
    /* A '+' in a name is a space too: "user+name" is not username. */
    ASSERT_DECODE_FAILS(T_OK "&user+name=x", 0, HSSC_E_UNKNOWN, HSSC_FIELD_TARGET,
                        strlen(T_OK) + 1);
    /* Malformed escapes: at the '%', in a value, in a name, at the end. */
    const hssc_field T = HSSC_FIELD_TARGET;
    const char *b = PW_T("");
    size_t at = strlen(b);
    char t[512];
    static const char *const bad[] = {"%zz", "%4", "%", "x%4", "x%", "%4g", "%g4", "%%41"};
    static const size_t bad_at[] = {0, 0, 0, 1, 1, 0, 0, 0};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(t, sizeof(t), "%s%s", b, bad[i]);
        ASSERT_DECODE_FAILS(t, 0, HSSC_E_ESCAPE, T, at + bad_at[i]);
        snprintf(t, sizeof(t), "%s%s&x=1", b, bad[i]);
        ASSERT_DECODE_FAILS(t, HSSC_ALLOW_UNKNOWN, HSSC_E_ESCAPE, T, at + bad_at[i]);
    }
    ASSERT_DECODE_FAILS(T_OK "&na%zzme=1", HSSC_ALLOW_UNKNOWN, HSSC_E_ESCAPE, T, strlen(T_OK) + 3);
    ASSERT_DECODE_FAILS(T_OK "&x=%", HSSC_ALLOW_UNKNOWN, HSSC_E_ESCAPE, T, strlen(T_OK) + 3);
    REFUSED_AFTER(b, bad_passwords);
}
END_TEST

/* Errors found in decoded values point at the raw byte or escape
 * (offsets into the value). */
static const bad_target bad_addrs[] = {
    {"http%3A%2F%2Fu%40h", 0, HSSC_E_ADDR_USERINFO, HSSC_FIELD_REGISTRY_ADDR, 13},
    {"h%3A0", 0, HSSC_E_ADDR_PORT, HSSC_FIELD_REGISTRY_ADDR, 4},
    {"h%2Fx", 0, HSSC_E_ADDR_PATH, HSSC_FIELD_REGISTRY_ADDR, 4},
    {"h+x", 0, HSSC_E_ADDR_SYNTAX, HSSC_FIELD_REGISTRY_ADDR, 1},
    {"ftp%3A%2F%2Fh", 0, HSSC_E_ADDR_SCHEME, HSSC_FIELD_REGISTRY_ADDR, 0},
};

#define U_T PATH_OF("p") "?" Q_NS "&" Q_PW "&" Q_RA "&username"

/* Empty values: too short, at where the value is. */
static const bad_target empty_values[] = {
    {U_T "=", 0, HSSC_E_TOO_SHORT, HSSC_FIELD_USERNAME, LEN(U_T "=")},
    {U_T, 0, HSSC_E_TOO_SHORT, HSSC_FIELD_USERNAME, LEN(U_T)},
    {T_OK "&enterprise_project_id=", 0, HSSC_E_TOO_SHORT, HSSC_FIELD_ENTERPRISE_PROJECT_ID,
     LEN(T_OK "&enterprise_project_id=")},
};

START_TEST(decode_offsets_map_back)
{
    const char *pre = PATH_OF("p") "?" Q_NS "&" Q_PW "&" Q_UN "&registry_addr=";
    REFUSED_AFTER(pre, bad_addrs);
    char t[1024];
    snprintf(t, sizeof(t), "%s%s", pre, "h");
    ck_assert_int_eq(decode_s(t, 0), HSSC_OK);
    /* Too long: at the first excess character's first escape. */
    char big[2048];
    int n = snprintf(big, sizeof(big), "%s&namespace=", PATH_OF("p") "?" Q_PW "&" Q_RA "&" Q_UN);
    size_t vat = (size_t)n;
    for (size_t i = 0; i < 129; i++) {
        n += snprintf(big + n, sizeof(big) - (size_t)n, "%%C3%%A9");
    }
    ASSERT_DECODE_FAILS(big, 0, HSSC_E_TOO_LONG, HSSC_FIELD_NAMESPACE, vat + 128 * 6);
    /* 128 of them are fine. */
    big[n - 6] = '\0';
    ck_assert_int_eq(decode_s(big, 0), HSSC_OK);
    ck_assert_uint_eq(D.r.namespace_.len, 256);
    REFUSED(empty_values);
}
END_TEST

/* Parameters after T_OK that repeat one of it (offsets after T_OK). */
static const bad_target duplicated[] = {
    {"&username=v", 0, HSSC_E_DUPLICATE, HSSC_FIELD_USERNAME, 1},
    {"&user%6Eame=v", 0, HSSC_E_DUPLICATE, HSSC_FIELD_USERNAME, 1},
    {"&%75%73%65%72%6E%61%6D%65=v", 0, HSSC_E_DUPLICATE, HSSC_FIELD_USERNAME, 1},
    {"&password=", 0, HSSC_E_DUPLICATE, HSSC_FIELD_PASSWORD, 1},
    {"&registry_addr", 0, HSSC_E_DUPLICATE, HSSC_FIELD_REGISTRY_ADDR, 1},
    {"&enterprise_project_id=a&enterprise_project_id=a", 0, HSSC_E_DUPLICATE,
     HSSC_FIELD_ENTERPRISE_PROJECT_ID, 1 + LEN("enterprise_project_id=a&")},
};

START_TEST(decode_duplicates_missing_unknown)
{
    const hssc_field T = HSSC_FIELD_TARGET;
    size_t end = strlen(T_OK);
    REFUSED_AFTER(T_OK, duplicated);
    ASSERT_DECODE_FAILS(PATH_OF("p") "?password=&password=x&" Q_NS "&" Q_RA "&" Q_UN, 0,
                        HSSC_E_DUPLICATE, HSSC_FIELD_PASSWORD,
                        pos(PATH_OF("p") "?password=&password=x", "&password=x") + 1);
    /* Duplicates are duplicates even when unknown names are allowed. */
    ASSERT_DECODE_FAILS(T_OK "&username=v", HSSC_ALLOW_UNKNOWN, HSSC_E_DUPLICATE,
                        HSSC_FIELD_USERNAME, end + 1);
    /* Missing: "at the end". */
    static const struct {
        const char *t;
        hssc_field f;
    } missing[] = {
        {PATH_OF("p") "?" Q_PW "&" Q_RA "&" Q_UN, HSSC_FIELD_NAMESPACE},
        {PATH_OF("p") "?" Q_NS "&" Q_RA "&" Q_UN, HSSC_FIELD_PASSWORD},
        {PATH_OF("p") "?" Q_NS "&" Q_PW "&" Q_UN, HSSC_FIELD_REGISTRY_ADDR},
        {PATH_OF("p") "?" Q_NS "&" Q_PW "&" Q_RA, HSSC_FIELD_USERNAME},
        {PATH_OF("p") "?" Q_PW "&" Q_UN, HSSC_FIELD_NAMESPACE},
        {PATH_OF("p"), HSSC_FIELD_NAMESPACE},
        {PATH_OF("p") "?", HSSC_FIELD_NAMESPACE},
        {"https://h" PATH_OF("p"), HSSC_FIELD_NAMESPACE},
    };
    for (size_t i = 0; i < sizeof(missing) / sizeof(missing[0]); i++) {
        ASSERT_DECODE_FAILS(missing[i].t, 0, HSSC_E_MISSING, missing[i].f, strlen(missing[i].t));
    }
    /* Unknown: an error unless allowed; names are exact. */
    static const char *const unknown[] = {
        "x=1",          "Username=u", "project_id=p",    "X-Auth-Token=t",
        "namespace_=n", "=v",         "image_command=c", "usernam=u",
        "usernamee=u",  "user%6E=u",  "u%00=1"};
    for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
        char t[512];
        snprintf(t, sizeof(t), "%s&%s&z", T_OK, unknown[i]);
        ASSERT_DECODE_FAILS(t, 0, HSSC_E_UNKNOWN, T, end + 1);
        ck_assert_msg(decode_s(t, HSSC_ALLOW_UNKNOWN) == HSSC_OK, "%s: %s", unknown[i],
                      hssc_code_name(D.rc));
        ck_assert(str_eq(D.r.username, STR("u")));
        /* Before the known ones too. */
        snprintf(t, sizeof(t), "%s?%s&%s", PATH_OF("p"), unknown[i], BASEQ);
        ASSERT_DECODE_FAILS(t, 0, HSSC_E_UNKNOWN, T, strlen(PATH_OF("p")) + 1);
        ck_assert_int_eq(decode_s(t, HSSC_ALLOW_UNKNOWN), HSSC_OK);
    }
    /* A very long unknown name. */
    char t[512];
    int n = snprintf(t, sizeof(t), "%s&", T_OK);
    memset(t + n, 'k', 200);
    memcpy(t + n + 200, "=v", 3);
    ASSERT_DECODE_FAILS(t, 0, HSSC_E_UNKNOWN, T, end + 1);
    ck_assert_int_eq(decode_s(t, HSSC_ALLOW_UNKNOWN), HSSC_OK);
}
END_TEST

START_TEST(decode_all_orders)
{
    /* All 120 orders of the 5 parameters decode to the same values. */
    static const char *const params[] = {"enterprise_project_id=e%20p", "namespace=n+s",
                                         "password=p%26w", "registry_addr=https%3A%2F%2Fh%3A1%2F",
                                         "username=%C3%A9"};
    hssc_request want = hssc_request_of(
        (const char *const[]){"p", "https://h:1/", "n s", "\xC3\xA9", "p&w", "e p"});
    size_t count = 0;
    int idx[5];
    for (idx[0] = 0; idx[0] < 5; idx[0]++) {
        for (idx[1] = 0; idx[1] < 5; idx[1]++) {
            for (idx[2] = 0; idx[2] < 5; idx[2]++) {
                for (idx[3] = 0; idx[3] < 5; idx[3]++) {
                    for (idx[4] = 0; idx[4] < 5; idx[4]++) {
                        int seen = 0;
                        for (int k = 0; k < 5; k++) {
                            seen |= 1 << idx[k];
                        }
                        if (seen != 0x1F) {
                            continue;
                        }
                        char t[512];
                        int n = snprintf(t, sizeof(t), "%s", PATH_OF("p"));
                        for (int k = 0; k < 5; k++) {
                            n += snprintf(t + n, sizeof(t) - (size_t)n, "%c%s", k == 0 ? '?' : '&',
                                          params[idx[k]]);
                        }
                        ck_assert_msg(decode_s(t, 0) == HSSC_OK, "%s: %s", t, hssc_code_name(D.rc));
                        ck_assert(req_eq(&D.r, &want));
                        count++;
                    }
                }
            }
        }
    }
    ck_assert_uint_eq(count, 120);
}
END_TEST

START_TEST(decode_separators)
{
    static const char *const ok[] = {
        PATH_OF("p") "?&&" Q_NS "&&" Q_PW "&&&" Q_RA "&" Q_UN "&",
        PATH_OF("p") "?&" BASEQ "&&&&",
        PATH_OF("p") "?" BASEQ "&",
    };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        ck_assert_msg(decode_s(ok[i], 0) == HSSC_OK, "%s: %s", ok[i], hssc_code_name(D.rc));
        ck_assert(str_eq(D.r.username, STR("u")));
        ck_assert(str_eq(D.r.namespace_, STR("n")));
    }
    /* ';' is an ordinary byte, not a separator. */
    ck_assert_int_eq(decode_s(PATH_OF("p") "?" Q_NS "&" Q_PW "&" Q_RA "&username=u;namespace=x", 0),
                     HSSC_OK);
    ck_assert(str_eq(D.r.username, STR("u;namespace=x")));
    ck_assert(str_eq(D.r.namespace_, STR("n")));
    ASSERT_DECODE_FAILS(PATH_OF("p") "?" Q_PW "&" Q_RA "&username=u;namespace=x", 0, HSSC_E_MISSING,
                        HSSC_FIELD_NAMESPACE,
                        strlen(PATH_OF("p") "?" Q_PW "&" Q_RA "&username=u;namespace=x"));
    /* A value splits at the first '=' only. */
    password_is(PW_T("a=b=="), "a=b==");
    /* '?' inside the query is data. */
    password_is(PW_T("a?b/c"), "a?b/c");
}
END_TEST

static const bad_target fragments[] = {
    {T_OK "#", 0, HSSC_E_FRAGMENT, TARGET, LEN(T_OK)},
    {T_OK "#top", 0, HSSC_E_FRAGMENT, TARGET, LEN(T_OK)},
    {PATH_OF("p") "#x?" BASEQ, 0, HSSC_E_FRAGMENT, TARGET, LEN(PATH_OF("p"))},
    {PATH_OF("p") "?#", 0, HSSC_E_FRAGMENT, TARGET, LEN(PATH_OF("p")) + 1},
};

START_TEST(decode_fragment)
{
    REFUSED(fragments);
    /* Escaped, '#' is data. */
    password_is(PW_T("%23"), "#");
}
END_TEST

START_TEST(decode_lengths)
{
    const hssc_field T = HSSC_FIELD_TARGET;
    static char t[HSSC_TARGET_MAX + 2];
    size_t base = strlen(T_OK);
    memcpy(t, T_OK, base);
    /* Exactly 16 KiB: accepted ('&' padding is skipped)... */
    memset(t + base, '&', HSSC_TARGET_MAX - base);
    ck_assert_int_eq(decode_n(t, HSSC_TARGET_MAX, 0, HSSC_TARGET_MAX), HSSC_OK);
    ck_assert(str_eq(D.r.username, STR("u")));
    /* ...one more byte is too long, before anything is parsed. */
    t[HSSC_TARGET_MAX] = '&';
    (void)decode_n(t, HSSC_TARGET_MAX + 1, 0, sizeof(D.scratch));
    ck_assert_error(D.rc, D.e, HSSC_E_TARGET_TOO_LONG, T, HSSC_TARGET_MAX);
    /* Exactly 16 KiB rejected for another reason: an unknown parameter. */
    memcpy(t + base, "&x=", 3);
    memset(t + base + 3, 'v', HSSC_TARGET_MAX - base - 3);
    (void)decode_n(t, HSSC_TARGET_MAX, 0, HSSC_TARGET_MAX);
    ck_assert_error(D.rc, D.e, HSSC_E_UNKNOWN, T, base + 1);
    ck_assert_int_eq(decode_n(t, HSSC_TARGET_MAX, HSSC_ALLOW_UNKNOWN, HSSC_TARGET_MAX), HSSC_OK);
    /* ...or a value too long. */
    memcpy(t + base, "&enterprise_project_id=", 23);
    memset(t + base + 23, 'v', HSSC_TARGET_MAX - base - 23);
    (void)decode_n(t, HSSC_TARGET_MAX, 0, HSSC_TARGET_MAX);
    ck_assert_error(D.rc, D.e, HSSC_E_TOO_LONG, HSSC_FIELD_ENTERPRISE_PROJECT_ID, base + 23 + 256);
}
END_TEST

START_TEST(decode_many_slashes)
{
    const hssc_field T = HSSC_FIELD_TARGET;
    /* More '/' than the path can have is refused before uriparser builds
     * its segment list, at the first '/' too many. */
    static char t[HSSC_TARGET_MAX];
    memset(t, '/', sizeof(t));
    (void)decode_n(t, sizeof(t), 0, sizeof(t));
    ck_assert_error(D.rc, D.e, HSSC_E_PATH, T, 8);
    ASSERT_DECODE_FAILS(PATH_OF("p") "//////?" BASEQ, 0, HSSC_E_PATH, T, strlen(PATH_OF("p")) + 3);
    /* "https://" has two of the eight already. */
    ASSERT_DECODE_FAILS("https://h" PATH_OF("p") "//?" BASEQ, 0, HSSC_E_PATH, T,
                        strlen("https://h" PATH_OF("p")) + 1);
    /* Slashes in the query and fragment do not count. */
    char q[HSSC_TARGET_MAX];
    int n = snprintf(q, sizeof(q), "%s&password=", PATH_OF("p") "?" Q_NS "&" Q_RA "&" Q_UN);
    memset(q + n, '/', 128);
    q[n + 128] = '\0';
    ck_assert_int_eq(decode_s(q, 0), HSSC_OK);
    ck_assert_uint_eq(D.r.password.len, 128);
    /* The same length of segments that uriparser would have to build. */
    memcpy(t, PATH_OF("p"), strlen(PATH_OF("p")));
    for (size_t i = strlen(PATH_OF("p")); i < sizeof(t); i++) {
        t[i] = (i % 2 == 0) ? '/' : 'a'; /* "...commanda/a/a/a/..." */
    }
    (void)decode_n(t, sizeof(t), 0, sizeof(t));
    ck_assert_error(D.rc, D.e, HSSC_E_PATH, T, strlen(PATH_OF("p")) + 7);
}
END_TEST

START_TEST(decode_scratch)
{
    /* Scratch needs the decoded bytes: "p" + "n" + "p" + "h" + "u". */
    ck_assert_int_eq(decode_n(T_OK, strlen(T_OK), 0, 5), HSSC_OK);
    ck_assert(str_eq(D.r.username, STR("u")));
    /* One byte short: the value that does not fit, at its raw offset. */
    (void)decode_n(T_OK, strlen(T_OK), 0, 4);
    ck_assert_error(D.rc, D.e, HSSC_E_BUFFER_TOO_SMALL, HSSC_FIELD_USERNAME, strlen(T_OK) - 1);
    /* The part already decoded (the password among it) is wiped. */
    ck_assert(all_zero(D.scratch, 4));
    (void)decode_n(T_OK, strlen(T_OK), 0, 0);
    ck_assert_error(D.rc, D.e, HSSC_E_BUFFER_TOO_SMALL, HSSC_FIELD_PROJECT_ID, 4);
    /* NULL scratch with cap 0. */
    char *g = guard_copy(T_OK, strlen(T_OK));
    hssc_request r;
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
    ck_assert_error(hssc_request_decode(g, strlen(T_OK), 0, NULL, 0, &r, &e), e,
                    HSSC_E_BUFFER_TOO_SMALL, HSSC_FIELD_PROJECT_ID, 4);
    /* Arguments. */
    ck_assert_error(hssc_request_decode(g, strlen(T_OK), 0, D.scratch, 10, NULL, &e), e,
                    HSSC_E_ARGUMENT, HSSC_FIELD_TARGET, 0);
    ck_assert_error(hssc_request_decode(NULL, 5, 0, D.scratch, 10, &r, &e), e, HSSC_E_ARGUMENT,
                    HSSC_FIELD_TARGET, 0);
    ck_assert_error(hssc_request_decode(g, strlen(T_OK), 0, NULL, 10, &r, &e), e, HSSC_E_ARGUMENT,
                    HSSC_FIELD_TARGET, 0);
    guard_free(g, strlen(T_OK));
    /* Any failure after decoding began wipes scratch. */
    (void)decode_s(T_OK "&x=1", 0);
    ck_assert_int_eq(D.rc, HSSC_E_UNKNOWN);
    ck_assert(all_zero(D.scratch, 5));
}
END_TEST

/* ======================================================================== */
/* round trip                                                                */
/* ======================================================================== */

static unsigned long long rng_state;

static unsigned rnd(unsigned n)
{
    /* xorshift64*: deterministic, so a failure reproduces. */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (unsigned)((rng_state * 2685821657736338717ULL) >> 33) % n;
}

static size_t put_utf8(unsigned cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* A random valid character: unreserved, other printable ASCII (space, '+',
 * '%', '&', '=', '#', ...), 2-, 3- and 4-byte UTF-8 (no controls, no
 * surrogates). */
static unsigned rnd_char(void)
{
    static const char unres[] = "ABCXYZabcxyz0189-._~";
    static const char other[] = " !\"#$%&'()*+,/:;<=>?@[\\]^`{|}";
    switch (rnd(5)) {
    case 0:
        return (unsigned char)unres[rnd(sizeof(unres) - 1)];
    case 1:
        return (unsigned char)other[rnd(sizeof(other) - 1)];
    case 2:
        return 0xA0 + rnd(0x800 - 0xA0);
    case 3: {
        unsigned cp = 0x800 + rnd(0x10000 - 0x800);
        return (cp >= 0xD800 && cp <= 0xDFFF) ? 0xE000 : cp;
    }
    default:
        return 0x10000 + rnd(0x110000 - 0x10000);
    }
}

static size_t rnd_text(char *out, size_t max_chars)
{
    size_t n = 1 + rnd(rnd(4) == 0 ? (unsigned)max_chars : 12);
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        len += put_utf8(rnd_char(), out + len);
    }
    return len;
}

static size_t rnd_addr(char *out)
{
    static const char *const ips[] = {"10.0.0.1", "[2001:db8::1]", "[::1]", "192.168.255.254"};
    char host[128];
    if (rnd(3) == 0) {
        snprintf(host, sizeof(host), "%s", ips[rnd(4)]);
    } else {
        size_t labels = 1 + rnd(4);
        size_t n = 0;
        for (size_t l = 0; l < labels; l++) {
            size_t ll = 1 + rnd(20);
            for (size_t i = 0; i < ll; i++) {
                static const char lc[] = "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789";
                host[n++] = lc[rnd(sizeof(lc) - 1)];
                if (i > 0 && i + 1 < ll && rnd(6) == 0) {
                    host[n++] = '-';
                }
            }
            host[n++] = '.';
        }
        memcpy(host + n, "example", 8); /* a letter in the top label */
    }
    unsigned port = 1 + rnd(65535);
    switch (rnd(5)) {
    case 0:
        return (size_t)snprintf(out, 300, "%s", host);
    case 1:
        return (size_t)snprintf(out, 300, "%s:%u", host, port);
    case 2:
        return (size_t)snprintf(out, 300, "http://%s", host);
    case 3:
        return (size_t)snprintf(out, 300, "https://%s:%u/", host, port);
    default:
        return (size_t)snprintf(out, 300, "%s/", host);
    }
}

START_TEST(roundtrip_random)
{
    rng_state = 0x9E3779B97F4A7C15ULL;
    static char bufs[6][4 * 256 + 8];
    static char target[HSSC_REQUEST_ENCODED_MAX];
    static char url[HSSC_REQUEST_ENCODED_MAX + 64];
    for (int iter = 0; iter < 400; iter++) {
        hssc_request r;
        memset(&r, 0, sizeof(r));
        size_t len = rnd_text(bufs[0], 256);
        if ((len == 1 && bufs[0][0] == '.') || (len == 2 && memcmp(bufs[0], "..", 2) == 0)) {
            bufs[0][0] = 'x';
        }
        r.project_id = (hssc_str){bufs[0], len};
        r.registry_addr = (hssc_str){bufs[1], rnd_addr(bufs[1])};
        r.namespace_ = (hssc_str){bufs[2], rnd_text(bufs[2], 128)};
        r.username = (hssc_str){bufs[3], rnd_text(bufs[3], 128)};
        r.password = (hssc_str){bufs[4], rnd_text(bufs[4], 128)};
        if (rnd(2) == 0) {
            r.enterprise_project_id = (hssc_str){bufs[5], rnd_text(bufs[5], 256)};
        }
        size_t n = 0;
        hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
        hssc_code rc = hssc_request_encode(&r, 0, target, sizeof(target), &n, &e);
        ck_assert_msg(rc == HSSC_OK, "iteration %d: %s field %d at %zu", iter, hssc_code_name(rc),
                      (int)e.field, e.offset);
        ck_assert_int_eq(decode_n(target, n, 0, n), HSSC_OK);
        ck_assert_msg(req_eq(&D.r, &r), "iteration %d", iter);
        /* And as a full URL. */
        rc = hssc_request_encode_url(&r, "https://hss.example.com:443/", 28, 0, url, sizeof(url),
                                     &n, &e);
        ck_assert_int_eq(rc, HSSC_OK);
        ck_assert_int_eq(decode_n(url, n, 0, n), HSSC_OK);
        ck_assert(req_eq(&D.r, &r));
    }
}
END_TEST

/* HSSC_STR and hssc_str_from_cstr (public header): the spec's example
 * built with them encodes to the same target; NULL is "absent", "" is an
 * empty value (rejected by the field's minimum), an embedded NUL counts. */
START_TEST(str_helpers)
{
    hssc_request r = {
        .project_id = HSSC_STR(PID),
        .registry_addr = HSSC_STR("hub.docker.com"),
        .namespace_ = HSSC_STR("test"),
        .username = HSSC_STR("xxx"),
        .password = HSSC_STR("xxxxxx"),
        .enterprise_project_id = HSSC_STR("all_granted_eps"),
    };
    char out[512];
    size_t n = 0;
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
    ck_assert_int_eq(hssc_request_encode(&r, 0, out, sizeof(out), &n, &e), HSSC_OK);
    ck_assert_str_eq(out, spec_target);

    const char *pw = "xxxxxx";
    r.password = hssc_str_from_cstr(pw);
    ck_assert_ptr_eq(r.password.ptr, pw);
    ck_assert_uint_eq(r.password.len, 6);
    r.username = (hssc_str)HSSC_STR("xxx");
    ck_assert_int_eq(hssc_request_encode(&r, 0, out, sizeof(out), &n, &e), HSSC_OK);
    ck_assert_str_eq(out, spec_target);

    r.enterprise_project_id = hssc_str_from_cstr(NULL);
    ck_assert_ptr_null(r.enterprise_project_id.ptr);
    ck_assert_uint_eq(r.enterprise_project_id.len, 0);
    ck_assert_int_eq(hssc_request_encode(&r, 0, out, sizeof(out), &n, &e), HSSC_OK);
    ck_assert_str_eq(out, PATH_OF(PID) "?namespace=test&password=xxxxxx"
                                       "&registry_addr=hub.docker.com&username=xxx");

    r.namespace_ = hssc_str_from_cstr("");
    ck_assert_ptr_nonnull(r.namespace_.ptr);
    ck_assert_uint_eq(r.namespace_.len, 0);
    ck_assert_int_eq(hssc_request_validate(&r, &e), HSSC_E_TOO_SHORT);
    ck_assert_int_eq(e.field, HSSC_FIELD_NAMESPACE);

    hssc_str nul = HSSC_STR("a\0b");
    ck_assert_uint_eq(nul.len, 3);
    ck_assert_uint_eq(hssc_str_from_cstr(nul.ptr).len, 1);
    r.namespace_ = nul;
    ck_assert_int_eq(hssc_request_validate(&r, &e), HSSC_E_CONTROL);
    ck_assert_int_eq(e.field, HSSC_FIELD_NAMESPACE);
    ck_assert_uint_eq(e.offset, 1);
}
END_TEST

static const hssc_row request_rows[] = {
    HSSC_TCASE("encode", 0),
    HSSC_TEST(encode_spec_example),
    HSSC_TEST(str_helpers),
    HSSC_TEST(encode_escapes),
    HSSC_TEST(encode_buffer_too_small),
    HSSC_TEST(encode_arguments),
    HSSC_TEST(encode_redact),
    HSSC_TEST(encode_url_endpoints),
    HSSC_TEST(encode_url_rejected_endpoints),
    HSSC_LOOP(encode_field_boundaries, NBOUNDARY),
    HSSC_TEST(encode_worst_case_fits),
    HSSC_TEST(encode_every_byte_value),
    HSSC_TCASE("decode", 0),
    HSSC_TEST(decode_spec_example),
    HSSC_TEST(decode_project_id),
    HSSC_TEST(decode_path_shape),
    HSSC_TEST(decode_absolute_urls),
    HSSC_TEST(decode_plus_and_escapes),
    HSSC_TEST(decode_offsets_map_back),
    HSSC_TEST(decode_duplicates_missing_unknown),
    HSSC_TEST(decode_all_orders),
    HSSC_TEST(decode_separators),
    HSSC_TEST(decode_fragment),
    HSSC_TEST(decode_lengths),
    HSSC_TEST(decode_many_slashes),
    HSSC_TEST(decode_scratch),
    HSSC_TCASE("roundtrip", 60),
    HSSC_TEST(roundtrip_random),
};

HSSC_CHECK_MAIN("request", request_rows)
