/* codec/src/capture*.c (stream, walk, keep, workspace, entry, url): the HAR reader. Synthetic captures
 * in the shapes five exporters write, checked finding by finding, in every
 * chunk size; the real exports of tests/data/har; the bounds. */
#include "check_util.h"

#include <stdarg.h>
#include <stdint.h>

#include "capture_internal.h"

/* ---- running a capture ---- */

#define MAX_FINDINGS 256
#define LINE 400

typedef struct result {
    hssc_code rc;
    hssc_error err;
    hssc_capture_summary sum;
    char lines[MAX_FINDINGS][LINE];
    size_t n;
    int leaked; /* a finding carried the planted secret */
} result;

static const char *const secrets[] = {"S3cr",       "S3cr%2Bt", "S3cr+t", "tok-SECRET",
                                      "Zz9-second", "Qq7-frag", NULL};

static int has(const char *s, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++) {
        if (memcmp(s + i, needle, n) == 0) {
            return 1;
        }
    }
    return 0;
}

static void on_finding(void *ctx, const hssc_capture_finding *f)
{
    result *r = ctx;
    ck_assert_uint_lt(r->n, MAX_FINDINGS);
    static const char *const side[] = {"?", "req", "resp", "cap"};
    static const char *const kind[] = {"?", "violation", "not_captured", "api_error"};
    const hssc_field_info *fi = hssc_field_get(f->error.field);
    snprintf(r->lines[r->n], LINE, "%llu %s %s %s %s %zu%s%.*s%s%.*s", f->entry, side[f->side],
             kind[f->kind], hssc_code_name(f->error.code), fi != NULL ? fi->name : "-",
             f->error.offset, f->name.len > 0 ? " name=" : "", (int)f->name.len,
             f->name.ptr != NULL ? f->name.ptr : "", f->api_code.len > 0 ? " code=" : "",
             (int)f->api_code.len, f->api_code.ptr != NULL ? f->api_code.ptr : "");
    r->n++;
    for (size_t i = 0; secrets[i] != NULL; i++) {
        if (has(f->url.ptr, f->url.len, secrets[i]) ||
            (f->name.len > 0 && has(f->name.ptr, f->name.len, secrets[i])) ||
            has(f->started.ptr, f->started.len, secrets[i]) ||
            has(f->method.ptr, f->method.len, secrets[i])) {
            r->leaked = 1;
        }
    }
    /* a finding about the call shows its URL (only an entry the capture
     * broke may have none) */
    if (f->side != HSSC_SIDE_CAPTURE) {
        ck_assert_uint_gt(f->url.len, 0);
    }
}

static void *workspace(size_t *cap)
{
    *cap = HSSC_CAPTURE_WORKSPACE_LEN(HSSC_BODY_MAX_DEFAULT);
    void *ws = malloc(*cap);
    ck_assert_ptr_nonnull(ws);
    return ws;
}

/* chunk 0: the whole file at once */
static void run(const char *data, size_t len, size_t chunk, unsigned flags, result *r)
{
    memset(r, 0, sizeof(*r));
    size_t cap;
    void *ws = workspace(&cap);
    hssc_capture *c;
    ck_assert_int_eq(hssc_capture_init(ws, cap, flags, 0, on_finding, r, &c, &r->err), HSSC_OK);
    size_t step = chunk == 0 ? (len == 0 ? 1 : len) : chunk;
    hssc_code rc = HSSC_OK;
    /* each chunk is copied flush against a guard page: one mapping for all */
    char *slot = guard_copy(data, len);
    char *slot_end = slot + len;
    for (size_t at = 0; at < len && rc == HSSC_OK; at += step) {
        size_t n = len - at < step ? len - at : step;
        memmove(slot_end - n, data + at, n);
        rc = hssc_capture_feed(c, slot_end - n, n, &r->err);
    }
    guard_free(slot, len);
    hssc_code rc2 = hssc_capture_finish(c, &r->sum, rc == HSSC_OK ? &r->err : NULL);
    r->rc = rc != HSSC_OK ? rc : rc2;
    hssc_capture_wipe(c);
    free(ws);
}

static void expect(const result *r, const char *const *want)
{
    size_t n = 0;
    while (want[n] != NULL) {
        n++;
    }
    for (size_t i = 0; i < r->n || i < n; i++) {
        ck_assert_msg(i < r->n && i < n && strcmp(r->lines[i], want[i]) == 0,
                      "finding %zu: got '%s', want '%s'", i, i < r->n ? r->lines[i] : "(none)",
                      i < n ? want[i] : "(none)");
    }
    ck_assert_int_eq(r->leaked, 0);
}

/* ---- synthetic captures ---- */

typedef struct buf {
    char *p;
    size_t len;
    size_t cap;
} buf;

static void put(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(buf *b, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        ck_assert_int_ge(n, 0);
        if ((size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        b->cap = b->cap * 2 + (size_t)n;
        b->p = realloc(b->p, b->cap);
        ck_assert_ptr_nonnull(b->p);
    }
}

#define HOST "https://hss.ap-southeast-1.myhuaweicloud.com"
#define PATH "/v5/2a473356cca5487f8373be891bffc1cf/image/registries/image-upload-command"
#define QUERY                                                                                      \
    "enterprise_project_id=all_granted_eps&namespace=test&password=S3cr%2Bt%20pw&"                 \
    "registry_addr=hub.docker.com&username=xxx"
#define URL HOST PATH "?" QUERY
#define TOKEN "tok-SECRET-0123456789"
#define AUTHZ                                                                                      \
    "SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=content-type;host;x-project-id;x-sdk-date, "  \
    "Signature=52f459e4bd5a1e72d6a6e2a2c4b4f0b4a9c5f6d6e1a0b3c2d7e8f9a0b1c2a248"
#define BODY_OK                                                                                    \
    "{\\\"image_command\\\":\\\"docker login -u xxx "                                              \
    "hub.docker.com\\\",\\\"images_download_url\\\":"                                              \
    "\\\"https://example.com/scanner.tar\\\",\\\"swr_image_pull_command\\\":\\\"docker pull "      \
    "x\\\"}"
/* the same, base64 */
#define BODY_OK_B64                                                                                \
    "eyJpbWFnZV9jb21tYW5kIjoiZG9ja2VyIGxvZ2luIC11IHh4eCBodWIuZG9ja2VyLmNvbSIsImltYWdlc19kb3du"     \
    "bG9hZF91cmwiOiJodHRwczovL2V4YW1wbGUuY29tL3NjYW5uZXIudGFyIiwic3dyX2ltYWdlX3B1bGxfY29tbWFu"     \
    "ZCI6ImRvY2tlciBwdWxsIHgifQ=="
#define BODY_401                                                                                   \
    "{\\\"error_code\\\":\\\"APIGW.0301\\\",\\\"error_msg\\\":\\\"Incorrect IAM authentication "   \
    "information\\\"}"

typedef enum style {
    CHROME,
    FIREFOX,
    SAFARI,
    CHARLES,
    MITMPROXY,
    N_STYLES
} style;

typedef struct spec {
    const char *method;
    const char *url;
    const char *req_headers; /* JSON array members */
    const char *query;       /* JSON array members; NULL: taken from the URL */
    int status;
    const char *resp_headers;
    const char *text; /* JSON string contents; NULL: no text */
    const char *encoding;
} spec;

#define CT_JSON "{\"name\":\"Content-Type\",\"value\":\"application/json;charset=UTF-8\"}"
#define H_TOKEN "{\"name\":\"X-Auth-Token\",\"value\":\"" TOKEN "\"}"

/* The query as exporters keep it: raw (Chrome, Firefox, Safari, Charles)
 * or decoded (mitmproxy). */
static void put_query(buf *b, const char *url, int decoded)
{
    const char *q = strchr(url, '?');
    if (q == NULL) {
        return;
    }
    q++;
    int first = 1;
    while (*q != '\0') {
        const char *end = strchr(q, '&');
        size_t n = end != NULL ? (size_t)(end - q) : strlen(q);
        if (n > 0) {
            const char *eq = memchr(q, '=', n);
            size_t nl = eq != NULL ? (size_t)(eq - q) : n;
            const char *v = eq != NULL ? eq + 1 : q + n;
            size_t vl = eq != NULL ? n - nl - 1 : 0;
            put(b, "%s{\"name\":\"", first ? "" : ",");
            for (int part = 0; part < 2; part++) {
                const char *s = part == 0 ? q : v;
                size_t l = part == 0 ? nl : vl;
                for (size_t i = 0; i < l; i++) {
                    if (decoded && s[i] == '%' && i + 2 < l + 0 + 1) {
                        unsigned x;
                        sscanf(s + i + 1, "%2x", &x);
                        put(b, x == '"' || x == '\\' ? "\\%c" : "%c", (char)x);
                        i += 2;
                    } else if (decoded && s[i] == '+') {
                        put(b, " ");
                    } else {
                        put(b, "%c", s[i]);
                    }
                }
                put(b, part == 0 ? "\",\"value\":\"" : "\"}");
            }
            first = 0;
        }
        q += n + (end != NULL);
        if (end == NULL) {
            break;
        }
    }
}

/* response.content, in the member order of each exporter */
static void put_content(buf *b, style st, const spec *s)
{
    if (s->text == NULL) {
        put(b, "{\"size\":0,\"mimeType\":\"x-unknown\"}");
        return;
    }
    const char *enc = s->encoding;
    if (st == CHROME) { /* text before encoding */
        put(b, "{\"size\":-1,\"mimeType\":\"application/json\",\"text\":\"%s\"", s->text);
        if (enc != NULL) {
            put(b, ",\"encoding\":\"%s\"", enc);
        }
        put(b, "}");
        return;
    }
    put(b, "{\"mimeType\":\"application/json\",\"size\":12");
    if (enc != NULL) {
        put(b, ",\"encoding\":\"%s\"", enc);
    }
    put(b, ",\"text\":\"%s\"%s}", s->text, st == SAFARI ? ",\"compression\":-10" : "");
}

/* The entries of three exporters, around their content: the same
 * members, in each one's order and spelling. */
#define FIREFOX_HEAD                                                                               \
    "{\"pageref\":\"page_1\",\"startedDateTime\":\"2024-05-01T10:00:0%d.123-07:00\","              \
    "\"request\":"                                                                                 \
    "{\"bodySize\":0,\"method\":\"%s\",\"url\":\"%s\",\"httpVersion\":\"HTTP/"                     \
    "3\",\"headers\":[%s],"                                                                        \
    "\"cookies\":[],\"queryString\":[%s],\"headersSize\":100},\"response\":{\"status\":%d,"        \
    "\"statusText\":\"OK\",\"httpVersion\":\"HTTP/"                                                \
    "3\",\"headers\":[%s],\"cookies\":[],\"content\":"
#define FIREFOX_TAIL                                                                               \
    ",\"redirectURL\":\"\",\"headersSize\":200,\"bodySize\":-1},\"cache\":{},"                     \
    "\"timings\":{},"                                                                              \
    "\"time\":3,\"_securityState\":\"secure\"}"
#define SAFARI_HEAD                                                                                \
    "{\"pageref\":\"page_0\",\"startedDateTime\":\"2024-05-01T10:00:0%d.123Z\",\"time\":"          \
    "1.23456789012345,\"request\":{\"method\":\"%s\",\"url\":\"%s\",\"httpVersion\":\"\","         \
    "\"cookies\":[],"                                                                              \
    "\"headers\":[%s],\"queryString\":[%s],\"headersSize\":-1,\"bodySize\":-1},"                   \
    "\"response\":"                                                                                \
    "{\"status\":%d,\"statusText\":\"\",\"httpVersion\":\"\",\"cookies\":[],\"headers\":[%"        \
    "s],"                                                                                          \
    "\"content\":"
#define SAFARI_TAIL                                                                                \
    ",\"redirectURL\":\"\",\"headersSize\":-1,\"bodySize\":-1,\"_transferSize\":0},"               \
    "\"cache\":{},"                                                                                \
    "\"timings\":{\"blocked\":0.1,\"dns\":-1,\"connect\":-1,\"ssl\":-1,\"send\":0,"                \
    "\"wait\":1.5,"                                                                                \
    "\"receive\":0.2},\"_fetchType\":\"Network Load\",\"_priority\":\"medium\"}"
#define CHARLES_HEAD                                                                               \
    "{\"startedDateTime\":\"2024-05-01T10:00:0%d.123-07:00\",\"time\":20,\"request\":{"            \
    "\"method\":"                                                                                  \
    "\"%s\",\"url\":\"%s\",\"httpVersion\":\"HTTP/"                                                \
    "1.1\",\"cookies\":[],\"headers\":[%s],\"queryString\":"                                       \
    "[%s],\"headersSize\":120,\"bodySize\":0},\"response\":{\"_charlesStatus\":"                   \
    "\"COMPLETE\","                                                                                \
    "\"status\":%d,\"statusText\":\"OK\",\"httpVersion\":\"HTTP/"                                  \
    "1.1\",\"cookies\":[],\"headers\":[%s],"                                                       \
    "\"content\":"
#define CHARLES_TAIL                                                                               \
    ",\"redirectURL\":null,\"headersSize\":0,\"bodySize\":12},\"serverIPAddress\":\"1.2."          \
    "3.4\","                                                                                       \
    "\"cache\":{},\"timings\":{\"dns\":0,\"connect\":1,\"ssl\":2,\"send\":0,\"wait\":15,"          \
    "\"receive\":1}}"

static void put_entry(buf *b, style st, const spec *s, int idx)
{
    buf q = {0};
    q.cap = 64;
    q.p = calloc(1, q.cap);
    if (s->query != NULL) {
        put(&q, "%s", s->query);
    } else {
        put_query(&q, s->url, st == MITMPROXY);
    }
    const char *method = s->method != NULL ? s->method : "GET";
    if (idx > 0) {
        put(b, ",");
    }
    switch (st) {
    case CHROME: /* members in alphabetical order, deep _initiator */
        put(b,
            "{\"_initiator\":{\"type\":\"script\",\"stack\":{\"callFrames\":[],\"parent\":{"
            "\"callFrames\":"
            "[{\"functionName\":\"f\",\"lineNumber\":1}],\"parent\":{\"callFrames\":[]}}}},"
            "\"_priority\":\"High\",\"_resourceType\":\"fetch\",\"cache\":{},\"connection\":"
            "\"443\","
            "\"pageref\":\"page_1\",\"request\":{\"method\":\"%s\",\"url\":\"%s\",\"httpVersion\":"
            "\"http/2.0\","
            "\"headers\":[{\"name\":\":authority\",\"value\":\"hss\"}%s%s],\"queryString\":[%s],"
            "\"cookies\":[],"
            "\"headersSize\":-1,\"bodySize\":0},\"response\":{\"status\":%d,\"statusText\":\"\","
            "\"httpVersion\":\"http/2.0\",\"headers\":[%s],\"cookies\":[],\"content\":",
            method, s->url, s->req_headers[0] ? "," : "", s->req_headers, q.p, s->status,
            s->resp_headers);
        put_content(b, st, s);
        put(b,
            ",\"redirectURL\":\"\",\"headersSize\":-1,\"bodySize\":-1,\"_transferSize\":300,\"_"
            "error\":null},"
            "\"serverIPAddress\":\"1.2.3.4\",\"startedDateTime\":\"2024-05-01T10:00:0%d.123Z\","
            "\"time\":12.5,"
            "\"timings\":{\"blocked\":-1,\"dns\":-1,\"ssl\":-1,\"connect\":-1,\"send\":0.1,"
            "\"wait\":10,"
            "\"receive\":1,\"_blocked_queueing\":-1}}",
            idx % 10);
        break;
    case FIREFOX:
    case SAFARI:
    case CHARLES:
        put(b,
            st == FIREFOX  ? FIREFOX_HEAD
            : st == SAFARI ? SAFARI_HEAD
                           : CHARLES_HEAD,
            idx % 10, method, s->url, s->req_headers, q.p, s->status, s->resp_headers);
        put_content(b, st, s);
        put(b, "%s", st == FIREFOX ? FIREFOX_TAIL : st == SAFARI ? SAFARI_TAIL : CHARLES_TAIL);
        break;
    default: /* mitmproxy: response before request, decoded queryString */
        put(b,
            "{\"startedDateTime\":\"2024-05-01T10:00:0%d.123456+00:00\",\"time\":489.44,"
            "\"response\":"
            "{\"status\":%d,\"statusText\":\"\",\"httpVersion\":\"HTTP/"
            "2.0\",\"cookies\":[],\"headers\":[%s],"
            "\"content\":",
            idx % 10, s->status, s->resp_headers);
        put_content(b, st, s);
        put(b,
            ",\"redirectURL\":\"\",\"headersSize\":100,\"bodySize\":12},\"request\":{\"method\":\"%"
            "s\","
            "\"url\":\"%s\",\"httpVersion\":\"HTTP/"
            "2.0\",\"cookies\":[],\"headers\":[%s],\"queryString\":[%s],"
            "\"headersSize\":61,\"bodySize\":0},\"cache\":{},\"timings\":{\"connect\":-1.0,\"ssl\":"
            "-1.0,"
            "\"send\":0.1,\"receive\":0.2,\"wait\":3.5}}",
            method, s->url, s->req_headers, q.p);
        break;
    }
    free(q.p);
}

/* Each exporter's "log" up to its entries, by style. */
static const char *const log_heads[N_STYLES] = {
    "\xEF\xBB\xBF{\"log\":{\"version\":\"1.2\",\"creator\":{\"name\":\"WebInspector\","
    "\"version\":\"537.36\"},"
    "\"pages\":[{\"startedDateTime\":\"2024-05-01T10:00:00.000Z\",\"id\":\"page_1\","
    "\"title\":\"x\","
    "\"pageTimings\":{\"onContentLoad\":-1,\"onLoad\":-1}}],\"entries\":[",
    "{\"log\":{\"version\":\"1.2\",\"creator\":{\"name\":\"Firefox\",\"version\":\"111."
    "0.1\"},"
    "\"browser\":{\"name\":\"Firefox\",\"version\":\"111.0.1\"},\"pages\":[],"
    "\"entries\":[",
    "{\"log\":{\"version\":\"1.2\",\"creator\":{\"name\":\"WebKit Web "
    "Inspector\",\"version\":\"1.0\"},"
    "\"pages\":[{\"id\":\"page_0\",\"title\":\"\",\"startedDateTime\":\"2024-05-01T10:"
    "00:00.000Z\","
    "\"pageTimings\":{\"onContentLoad\":1.5,\"onLoad\":2.5}}],\"entries\":[",
    "{\"log\":{\"version\":\"1.2\",\"creator\":{\"name\":\"Charles "
    "Proxy\",\"version\":\"4.6.3\"},"
    "\"entries\":[",
    "{\"log\":{\"version\":\"1.2\",\"creator\":{\"name\":\"mitmproxy\",\"version\":"
    "\"10.0\","
    "\"comment\":\"\"},\"pages\":[],\"entries\":[",
};

static char *make_capture(style st, const spec *specs, size_t n, size_t *len)
{
    buf b = {0};
    b.cap = 4096;
    b.p = malloc(b.cap);
    ck_assert_ptr_nonnull(b.p);
    put(&b, "%s", log_heads[st]);
    for (size_t i = 0; i < n; i++) {
        put_entry(&b, st, &specs[i], (int)i);
    }
    put(&b, "]%s}}\n", st == FIREFOX ? ",\"comment\":\"exported\"" : "");
    *len = b.len;
    return b.p;
}

/* One entry per finding kind, among clean ones and one that does not match. */
static const spec specs[] = {
    /* 0: clean, token, 200 */
    {NULL, URL, H_TOKEN, NULL, 200, CT_JSON, BODY_OK, NULL},
    /* 1: clean, AK/SK, 200 body in base64 */
    {NULL, URL,
     "{\"name\":\"Authorization\",\"value\":\"" AUTHZ
     "\"},{\"name\":\"X-Sdk-Date\",\"value\":\"20240501T100000Z\"}",
     NULL, 200, CT_JSON, BODY_OK_B64, "base64"},
    /* 2: not this API: skipped */
    {NULL, "https://example.com/logo.png?x=1", "", NULL, 200, "", "iVBORw0KGgo=", "base64"},
    /* 3: namespace of 129 characters */
    {NULL,
     HOST PATH
     "?enterprise_project_id=all_granted_eps&namespace="
     "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
     "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn&password=S3cr%2Bt%20pw&registry_addr=hub.docker.com&"
     "username=xxx",
     H_TOKEN, NULL, 200, CT_JSON, BODY_OK, NULL},
    /* 4: POST */
    {"POST", URL, H_TOKEN, NULL, 200, CT_JSON, BODY_OK, NULL},
    /* 5: a valid 401 */
    {NULL, URL, H_TOKEN, NULL, 401, CT_JSON, BODY_401, NULL},
    /* 6: an HTML 502 */
    {NULL, URL, H_TOKEN, NULL, 502, "{\"name\":\"Content-Type\",\"value\":\"text/html\"}",
     "<html><body>Bad Gateway</body></html>", NULL},
    /* 7: failed call, auth stripped */
    {NULL, URL, "", NULL, 0, "", NULL, NULL},
    /* 8: 200 as text/html */
    {NULL, URL, H_TOKEN, NULL, 200, "{\"name\":\"content-type\",\"value\":\"text/html\"}", BODY_OK,
     NULL},
    /* 9: queryString that disagrees */
    {NULL, URL, H_TOKEN, "{\"name\":\"namespace\",\"value\":\"other\"}", 200, CT_JSON, BODY_OK,
     NULL},
    /* 10: bad base64 */
    {NULL, URL, H_TOKEN, NULL, 200, CT_JSON, "eyJpbW*=", "base64"},
    /* 11: a redirect */
    {NULL, URL, H_TOKEN, NULL, 302, "", "", NULL},
    /* 12: unknown parameter */
    {NULL, URL "&debug=1", H_TOKEN, NULL, 200, CT_JSON, BODY_OK, NULL},
    /* 13: unknown parameter whose name holds the password */
    {NULL, URL "&xS3cr%2Bt%20pwx=1", H_TOKEN, NULL, 200, CT_JSON, BODY_OK, NULL},
    /* 14: a 200 body without swr_image_pull_command */
    {NULL, URL, H_TOKEN, NULL, 200, CT_JSON,
     "{\\\"image_command\\\":\\\"x\\\",\\\"images_download_url\\\":\\\"https://e.com/a\\\"}", NULL},
    /* 15: a token with a space */
    {NULL, URL, "{\"name\":\"x-auth-token\",\"value\":\"tok-SECRET a\"}", NULL, 200, CT_JSON,
     BODY_OK, NULL},
    /* 16: Authorization without X-Sdk-Date */
    {NULL, URL, "{\"name\":\"authorization\",\"value\":\"" AUTHZ "\"}", NULL, 200, CT_JSON, BODY_OK,
     NULL},
    /* 17: an unknown encoding */
    {NULL, URL, H_TOKEN, NULL, 200, CT_JSON, BODY_OK, "gzip"},
};

static const char *const expected[] = {
    "3 req violation HSSC_E_TOO_LONG namespace 295",
    "4 req violation HSSC_E_NOT_GET method 0",
    "5 resp api_error HSSC_OK error_code 0 code=APIGW.0301",
    "6 resp violation HSSC_E_NOT_JSON body 0",
    "7 req not_captured HSSC_E_NOT_CAPTURED X-Auth-Token 0",
    "7 resp not_captured HSSC_E_NOT_CAPTURED body 0",
    "8 resp violation HSSC_E_CONTENT_TYPE body 0",
    "9 cap violation HSSC_E_QUERY_MISMATCH request target 0",
    "10 cap violation HSSC_E_BASE64 body 6",
    "11 resp violation HSSC_E_STATUS body 0",
    "12 req violation HSSC_E_UNKNOWN request target 237 name=debug",
    "13 req violation HSSC_E_UNKNOWN request target 237",
    "14 resp violation HSSC_E_MISSING swr_image_pull_command 61",
    "15 req violation HSSC_E_TOKEN_CHAR X-Auth-Token 10",
    "16 req not_captured HSSC_E_NOT_CAPTURED X-Sdk-Date 0",
    "17 cap violation HSSC_E_HAR_ENCODING body 0",
    NULL,
};

START_TEST(exporter_shapes)
{
    size_t len;
    char *har = make_capture((style)_i, specs, sizeof(specs) / sizeof(specs[0]), &len);
    result r;
    run(har, len, 0, 0, &r);
    ck_assert_msg(r.rc == HSSC_OK, "style %d: %s at %zu", _i, hssc_code_name(r.rc), r.err.offset);
    expect(&r, expected);
    ck_assert_uint_eq(r.sum.entries, 18);
    ck_assert_uint_eq(r.sum.matching, 17);
    ck_assert_uint_eq(r.sum.violating, 12);
    ck_assert_uint_eq(r.sum.valid, 5);
    ck_assert_uint_eq(r.sum.not_captured, 2);
    ck_assert_uint_eq(r.sum.api_errors, 1);
    free(har);
}
END_TEST

/* Every chunk size gives the same report. */
START_TEST(chunk_invariance)
{
    size_t len;
    char *har = make_capture((style)_i, specs, sizeof(specs) / sizeof(specs[0]), &len);
    result whole;
    run(har, len, 0, 0, &whole);
    for (size_t chunk = 1; chunk <= 64; chunk++) {
        result r;
        run(har, len, chunk, 0, &r);
        ck_assert_int_eq(r.rc, whole.rc);
        ck_assert_uint_eq(r.n, whole.n);
        for (size_t i = 0; i < r.n; i++) {
            ck_assert_str_eq(r.lines[i], whole.lines[i]);
        }
        ck_assert_mem_eq(&r.sum, &whole.sum, sizeof(r.sum));
    }
    free(har);
}
END_TEST

START_TEST(allow_unknown)
{
    size_t len;
    char *har = make_capture(CHROME, &specs[12], 2, &len);
    result r;
    run(har, len, 0, HSSC_ALLOW_UNKNOWN, &r);
    ck_assert_int_eq(r.rc, HSSC_OK);
    ck_assert_uint_eq(r.n, 0);
    ck_assert_uint_eq(r.sum.valid, 2);
    free(har);
}
END_TEST

/* ---- files that are not HARs ---- */

typedef struct bad_file {
    const char *in;
    size_t len;
    hssc_code rc;
    size_t at;
} bad_file;

#define S(lit) lit, sizeof(lit) - 1

static const bad_file bad_files[] = {
    {S(""), HSSC_E_JSON_SYNTAX, 0},
    {S("<html>"), HSSC_E_JSON_SYNTAX, 0},
    {S("[1,2]"), HSSC_E_NOT_HAR, 0},
    {S("  \"log\""), HSSC_E_NOT_HAR, 2},
    {S("{\"log\":[]}"), HSSC_E_NOT_HAR, 7},
    {S("{\"log\":{\"entries\":{}}}"), HSSC_E_NOT_HAR, 18},
    {S("{\"log\":{\"version\":\"1.2\"}}"), HSSC_E_NOT_HAR, 24},
    {S("{\"x\":1}"), HSSC_E_NOT_HAR, 6},
    {S("{\"log\":{\"entries\":[]}} x"), HSSC_E_JSON_SYNTAX, 23},
    {S("{\"log\":{\"entries\":[]}"), HSSC_E_JSON_SYNTAX, 21},
    {S("{\"log\":{\"entries\":[\"\xC0\xAF\"]}}"), HSSC_E_UTF8, 20},
    {S("{\"log\":{\"entries\":[1,\v2]}}"), HSSC_E_JSON_SYNTAX, 21},
    {S("\xEF\xBB{}"), HSSC_E_JSON_SYNTAX, 0},
    {S("\xEF\xBB\xBF\xEF\xBB\xBF{}"), HSSC_E_JSON_SYNTAX, 3},
    /* yajl's own errors, at the offending token whatever the feeds */
    {S("{\"log\":{\"entries\":[],\"a\":\"b\" \"\"}}"), HSSC_E_JSON_SYNTAX, 29},
    {S("{\"log\":{\"entries\":[],\"a\":\"b\":1}}"), HSSC_E_JSON_SYNTAX, 28},
    {S("{\"log\":{\"entries\":[],\"a\":tru}}"), HSSC_E_JSON_SYNTAX, 25},
    {S("{\"log\":{\"entries\":[],\"a\":1 2}}"), HSSC_E_JSON_SYNTAX, 27},
    {S("{\"log\":{\"entries\":[1,/]}}"), HSSC_E_JSON_SYNTAX, 21},
};

START_TEST(not_a_har)
{
    const bad_file *b = &bad_files[_i];
    for (size_t chunk = 0; chunk <= 8; chunk++) {
        result r;
        run(b->in, b->len, chunk, 0, &r);
        ck_assert_msg(r.rc == b->rc && r.err.code == b->rc && r.err.offset == b->at,
                      "case %d chunk %zu: %s at %zu", _i, chunk, hssc_code_name(r.rc),
                      r.err.offset);
    }
}
END_TEST

/* Broken entries are findings of their own; the rest is read. */
START_TEST(broken_entries)
{
    static const char har[] = "{\"log\":{\"entries\":[1,{\"request\":{}},{\"request\":{\"url\":5}},"
                              "{\"request\":{\"url\":\"https://e.com/\"}}]}}";
    result r;
    run(har, sizeof(har) - 1, 0, 0, &r);
    ck_assert_int_eq(r.rc, HSSC_OK);
    static const char *const want[] = {
        "0 cap violation HSSC_E_HAR_TYPE request target 0",
        "1 cap violation HSSC_E_MISSING request target 0",
        "2 cap violation HSSC_E_MISSING request target 0",
        NULL,
    };
    expect(&r, want);
    ck_assert_uint_eq(r.sum.entries, 4);
    ck_assert_uint_eq(r.sum.matching, 0);
    ck_assert_uint_eq(r.sum.violating, 3);
}
END_TEST

/* The password wherever it stands, twice with two values, the token in
 * the entry's startedDateTime: no finding carries any of them. */
START_TEST(secrets_never_reported)
{
    static const char har[] =
        "{\"log\":{\"entries\":[{\"startedDateTime\":\"x-tok-SECRET-0123456789-y\","
        "\"request\":{\"method\":\"GET\",\"url\":\"https://h.example.com/v5/Zz9-second/image/"
        "registries/"
        "image-upload-command?namespace=test&password=S3cr%2Bt%20pw&registry_addr=hub.docker.com&"
        "username=xxx"
        "&pass%77ord=Zz9-second#S3cr%2Bt%20pw&password=Qq7-frag\",\"headers\":[" H_TOKEN "]},"
        "\"response\":{\"status\":0}}]}}";
    result r;
    run(har, sizeof(har) - 1, 0, 0, &r);
    ck_assert_int_eq(r.rc, HSSC_OK);
    ck_assert_uint_gt(r.n, 1);
    ck_assert_int_eq(r.leaked, 0);
}
END_TEST

/* ---- the real exports ---- */

static char *slurp(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/har/%s", HSSC_TEST_DATA, name);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    ck_assert_int_ge(n, 0);
    rewind(f);
    char *p = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(fread(p, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return p;
}

typedef struct real_file {
    const char *name;
    hssc_code rc;
    unsigned long long entries;
    unsigned long long violating; /* entries without request.url */
} real_file;

static const real_file real_files[] = {
    {"mitmproxy/chrome.har", HSSC_OK, 3, 0},
    {"mitmproxy/firefox.har", HSSC_OK, 14, 0},
    {"mitmproxy/safari.har", HSSC_OK, 19, 0},
    {"mitmproxy/charles.har", HSSC_OK, 1, 0},
    {"mitmproxy/insomnia.har", HSSC_OK, 1, 0},
    {"mitmproxy/with-bom.har", HSSC_OK, 1, 0},
    {"mitmproxy/successful_log.har", HSSC_OK, 2, 0},
    {"mitmproxy/error_log.har", HSSC_OK, 2, 0},
    {"haralyzer/humanssuck.net.har", HSSC_OK, 4, 0},
    {"haralyzer/missing_page.har", HSSC_OK, 1, 1},
    {"har-validator/har-valid.json", HSSC_OK, 1, 0},
    {"har-validator/har-invalid.json", HSSC_E_NOT_HAR, 0, 0},
    {"optic/optic-capture.har", HSSC_OK, 10, 0},
    {"har-to-k6/url-search-params-double-inclusion.har", HSSC_OK, 2, 0},
    {"har-to-k6/postDataConflict.har", HSSC_OK, 1, 0},
};

START_TEST(real_exports)
{
    const real_file *f = &real_files[_i];
    size_t len;
    char *data = slurp(f->name, &len);
    static const size_t chunks[] = {0, 1, 7, 4096};
    for (size_t k = 0; k < sizeof(chunks) / sizeof(chunks[0]); k++) {
        result r;
        run(data, len, chunks[k], 0, &r);
        ck_assert_msg(r.rc == f->rc, "%s: %s at %zu", f->name, hssc_code_name(r.rc), r.err.offset);
        ck_assert_uint_eq(r.sum.entries, f->entries);
        ck_assert_uint_eq(r.sum.matching, 0); /* none of them calls this API */
        ck_assert_uint_eq(r.sum.violating, f->violating);
        ck_assert_uint_eq(r.n, f->violating);
    }
    free(data);
}
END_TEST

/* ---- bounds ---- */

/* A 64 MiB string in an unrelated entry goes through the fixed workspace;
 * yajl never sees more than the clip length of it. */
START_TEST(huge_string_fixed_memory)
{
    static const char head[] =
        "{\"log\":{\"entries\":[{\"request\":{\"url\":\"https://e.com/v.mp4\"},"
        "\"response\":{\"status\":200,\"content\":{\"text\":\"";
    static const char tail[] = "\",\"encoding\":\"base64\"}}},";
    size_t n = (size_t)64 << 20;
    size_t cap;
    void *ws = workspace(&cap);
    result r;
    memset(&r, 0, sizeof(r));
    hssc_capture *c;
    ck_assert_int_eq(hssc_capture_init(ws, cap, 0, 0, on_finding, &r, &c, NULL), HSSC_OK);
    ck_assert_int_eq(hssc_capture_feed(c, head, sizeof(head) - 1, NULL), HSSC_OK);
    char *chunk = malloc(65536);
    ck_assert_ptr_nonnull(chunk);
    memset(chunk, 'A', 65536);
    for (size_t at = 0; at < n; at += 65536) {
        ck_assert_int_eq(hssc_capture_feed(c, chunk, 65536, NULL), HSSC_OK);
    }
    ck_assert_int_eq(hssc_capture_feed(c, tail, sizeof(tail) - 1, NULL), HSSC_OK);
    /* a matching entry after it, too large the same way */
    static const char m1[] =
        "{\"request\":{\"method\":\"GET\",\"url\":\"" URL "\",\"headers\":[" H_TOKEN "]},"
        "\"response\":{\"status\":200,\"content\":{\"text\":\"";
    ck_assert_int_eq(hssc_capture_feed(c, m1, sizeof(m1) - 1, NULL), HSSC_OK);
    for (size_t at = 0; at < ((size_t)8 << 20); at += 65536) {
        ck_assert_int_eq(hssc_capture_feed(c, chunk, 65536, NULL), HSSC_OK);
    }
    static const char end[] = "\"}}}]}}";
    ck_assert_int_eq(hssc_capture_feed(c, end, sizeof(end) - 1, NULL), HSSC_OK);
    hssc_capture_summary sum;
    ck_assert_int_eq(hssc_capture_finish(c, &sum, NULL), HSSC_OK);
    ck_assert_uint_eq(sum.entries, 2);
    ck_assert_uint_eq(sum.matching, 1);
    ck_assert_uint_eq(r.n, 1);
    ck_assert_str_eq(r.lines[0], "1 resp violation HSSC_E_BODY_TOO_LARGE body 65536");
    ck_assert_uint_eq(c->arena.fails, 0);
    ck_assert_uint_le(c->arena.peak, c->arena.cap);
    free(chunk);
    free(ws);
}
END_TEST

START_TEST(init_checks)
{
    size_t cap;
    void *ws = workspace(&cap);
    hssc_capture *c;
    hssc_error err;
    result r;
    /* a workspace too small says how much is needed */
    ck_assert_int_eq(hssc_capture_init(ws, 1000, 0, 0, on_finding, &r, &c, &err), HSSC_E_WORKSPACE);
    ck_assert_ptr_null(c);
    size_t need = err.offset;
    ck_assert_uint_le(need, cap);
    ck_assert_int_eq(hssc_capture_init(ws, need - 1, 0, 0, on_finding, &r, &c, &err),
                     HSSC_E_WORKSPACE);
    ck_assert_int_eq(hssc_capture_init(ws, need, 0, 0, on_finding, &r, &c, &err), HSSC_OK);
    ck_assert_int_eq(hssc_capture_init(ws, cap, 0x80, 0, on_finding, &r, &c, &err),
                     HSSC_E_ARGUMENT);
    ck_assert_int_eq(hssc_capture_init(ws, cap, 0, 0, NULL, &r, &c, &err), HSSC_E_ARGUMENT);
    ck_assert_int_eq(
        hssc_capture_init(ws, cap, 0, HSSC_CAPTURE_BODY_MAX + 1, on_finding, &r, &c, &err),
        HSSC_E_ARGUMENT);
    /* the macro fits every cap it allows */
    static const size_t bodies[] = {1, 1000, 65536, 1u << 20, HSSC_CAPTURE_BODY_MAX};
    for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        size_t len = HSSC_CAPTURE_WORKSPACE_LEN(bodies[i]);
        ck_assert_int_eq(hssc_capture_init(ws, 1000, 0, bodies[i], on_finding, &r, &c, &err),
                         HSSC_E_WORKSPACE);
        ck_assert_uint_le(err.offset, len);
    }
    free(ws);
}
END_TEST

static const hssc_row capture_rows[] = {
    HSSC_TCASE("capture", 300),
    HSSC_LOOP(exporter_shapes, N_STYLES),
    HSSC_LOOP(chunk_invariance, N_STYLES),
    HSSC_TEST(allow_unknown),
    HSSC_LOOP(not_a_har, HSSC_NELEM(bad_files)),
    HSSC_TEST(broken_entries),
    HSSC_TEST(secrets_never_reported),
    HSSC_LOOP(real_exports, HSSC_NELEM(real_files)),
    HSSC_TEST(huge_string_fixed_memory),
    HSSC_TEST(init_checks),
};

HSSC_CHECK_MAIN("capture", capture_rows)
