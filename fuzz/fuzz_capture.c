/*
 * Target functions: hssc_capture_init, hssc_capture_feed,
 * hssc_capture_finish (the HAR reader: the pre-lexer of json_clip.c in
 * front of yajl, capture_walk.c's callbacks keeping entries through
 * capture_keep.c, capture_entry.c's checks (capture_url.c for the URL) with
 * the request, response and error-body decoders behind them).
 *
 * Input: byte 0 holds the options: bit 0 is HSSC_ALLOW_UNKNOWN, bits 1..6
 * a chunk size of 1..64. The rest is the file, in an exactly sized heap
 * block.
 *
 * Invariants:
 *  - chunking does not matter: the file fed whole and fed in chunks of the
 *    chosen size gives the same findings, in the same order, the same
 *    summary and the same end (code and offset);
 *  - an error that stops the reader has a known code and an offset inside
 *    the file;
 *  - every finding has a known code, side and kind, a name of at most 64
 *    bytes, and a URL whose "password" items (query or fragment) all read
 *    "***" (the planted secret never reaches a report);
 *  - the summary adds up: valid + violating >= matching, matching <=
 *    entries.
 */
#include "fuzz_common.h"

typedef struct run {
    uint64_t hash;
    size_t findings;
    hssc_code rc;
    hssc_error err;
    hssc_capture_summary sum;
} run;

static void mix(uint64_t *h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        *h = (*h ^ b[i]) * 1099511628211ull;
    }
}

/* Every "password" item of the URL's query or fragment reads *** (or a
 * prefix of it, where the shown URL is clipped). Items run from a '?', '&'
 * or '#' to the next '&' or '#'. */
static void check_url(const hssc_str *u)
{
    const char *end = u->ptr + u->len;
    const char *p = u->ptr;
    while (p < end && *p != '?' && *p != '#') {
        p++;
    }
    while (p < end) {
        p++; /* past the separator */
        const char *stop = p;
        while (stop < end && *stop != '&' && *stop != '#') {
            stop++;
        }
        if ((size_t)(stop - p) >= 9 && memcmp(p, "password=", 9) == 0) {
            size_t n = (size_t)(stop - p) - 9;
            const char *v = p + 9;
            int ok = n == 0 || /* an empty value hides nothing */
                     (n == 3 && memcmp(v, "***", 3) == 0) ||
                     (stop == end && n >= 3 && memcmp(v + n - 3, "...", 3) == 0 &&
                      memcmp(v, "***", n - 3 < 3 ? n - 3 : 3) == 0);
            FUZZ_CHECK(ok);
        }
        p = stop;
    }
}

static void on_finding(void *ctx, const hssc_capture_finding *f)
{
    run *r = ctx;
    FUZZ_CHECK(f->error.code < HSSC_CODE_END_);
    FUZZ_CHECK(f->side >= HSSC_SIDE_REQUEST && f->side <= HSSC_SIDE_CAPTURE);
    FUZZ_CHECK(f->kind >= HSSC_FINDING_VIOLATION && f->kind <= HSSC_FINDING_API_ERROR);
    FUZZ_CHECK(f->name.len <= 64);
    FUZZ_CHECK(f->url.len <= HSSC_CAPTURE_URL_SHOWN_MAX + 3);
    check_url(&f->url);
    mix(&r->hash, &f->entry, sizeof(f->entry));
    mix(&r->hash, &f->side, sizeof(f->side));
    mix(&r->hash, &f->kind, sizeof(f->kind));
    mix(&r->hash, &f->error, sizeof(f->error));
    mix(&r->hash, &f->status, sizeof(f->status));
    const hssc_str *s[] = {&f->started, &f->method, &f->url, &f->name, &f->api_code};
    for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
        mix(&r->hash, &s[i]->len, sizeof(s[i]->len));
        if (s[i]->len > 0) {
            mix(&r->hash, s[i]->ptr, s[i]->len);
        }
    }
    r->findings++;
}

static void *ws;
static size_t ws_len;

static void read_file(const uint8_t *data, size_t len, unsigned flags, size_t chunk, run *r)
{
    memset(r, 0, sizeof(*r));
    r->hash = 14695981039346656037ull;
    hssc_capture *c;
    FUZZ_CHECK(hssc_capture_init(ws, ws_len, flags, 0, on_finding, r, &c, NULL) == HSSC_OK);
    hssc_code rc = HSSC_OK;
    for (size_t at = 0; at < len && rc == HSSC_OK; at += chunk) {
        size_t n = len - at < chunk ? len - at : chunk;
        rc = hssc_capture_feed(c, data + at, n, &r->err);
    }
    hssc_code end = hssc_capture_finish(c, &r->sum, rc == HSSC_OK ? &r->err : NULL);
    r->rc = rc != HSSC_OK ? rc : end;
    if (r->rc != HSSC_OK) {
        FUZZ_CHECK(r->err.code == r->rc && r->rc < HSSC_CODE_END_);
        FUZZ_CHECK(r->err.offset <= len);
    }
    FUZZ_CHECK(r->sum.matching <= r->sum.entries);
    FUZZ_CHECK(r->sum.valid + r->sum.violating >= r->sum.matching);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    if (ws == NULL) {
        ws_len = HSSC_CAPTURE_WORKSPACE_LEN(HSSC_BODY_MAX_DEFAULT);
        ws = malloc(ws_len);
        FUZZ_CHECK(ws != NULL);
    }
    unsigned flags = (data[0] & 1) ? HSSC_ALLOW_UNKNOWN : 0;
    size_t chunk = 1 + ((size_t)(data[0] >> 1) & 63);
    size_t len = size - 1;
    const uint8_t *file = (const uint8_t *)fuzz_copy(data + 1, len);
    run whole;
    run chunked;
    read_file(file, len, flags, len > 0 ? len : 1, &whole);
    read_file(file, len, flags, chunk, &chunked);
    FUZZ_CHECK(whole.rc == chunked.rc);
    FUZZ_CHECK(whole.rc == HSSC_OK || whole.err.offset == chunked.err.offset);
    FUZZ_CHECK(whole.findings == chunked.findings);
    FUZZ_CHECK(whole.hash == chunked.hash);
    FUZZ_CHECK(memcmp(&whole.sum, &chunked.sum, sizeof(whole.sum)) == 0);
    fuzz_free((char *)file, len);
    return 0;
}
