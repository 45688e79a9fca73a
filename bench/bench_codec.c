/*
 * Benchmarks of the codec's hot paths (issue 13), each row measured against
 * its baseline in the same process, on the same bytes:
 *
 *   response decode / yajl alloc + parse + free, no-op callbacks
 *       spec example; max-length fields; 64 KiB of unknown keys (allow-unknown)
 *   response decode / yajl_tree_parse + 3 lookups      (the same three inputs)
 *   request encode  / curl_easy_escape per value + snprintf   (spec example)
 *   request encode  / table-driven percent encoder, no validation  (max-length)
 *   request decode  / uriParseSingleUriA alone                (spec example)
 *
 * Before anything is timed, every input is checked: each decode must
 * succeed and give the same strings as the baseline's parse, and every
 * encoder must produce byte-identical output. A failed check exits 1.
 *
 * Usage:
 *   bench_codec                    check, then time every row (wall time)
 *   bench_codec --check            check only (what the ctest runs)
 *   bench_codec --rows             the rows, tab-separated, for bench/run.sh
 *   bench_codec --op NAME --iters N
 *                                  check, then run one operation N times
 *                                  inside bench_loop(), so that
 *                                  valgrind --tool=callgrind
 *                                  --toggle-collect=bench_loop counts the
 *                                  instructions of exactly N operations
 *   options: --rounds R (timing rounds, best of; default 7)
 *
 * Not a test: no threshold, nothing fails on a figure; read the ratios.
 * bench/run.sh prints the instruction ratios (callgrind), which do not
 * depend on the load of the machine.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <uriparser/Uri.h>
#include <yajl/yajl_parse.h>
#include <yajl/yajl_tree.h>

#include "hsscodec/hsscodec.h"
#include "yajl_noop.h"

/* Keeps the compiler from dropping the work. */
static volatile size_t sink;

static void die(const char *what)
{
    fprintf(stderr, "bench_codec: check failed: %s\n", what);
    exit(1);
}

/* ---- text built on a memory stream (POSIX open_memstream) ---- */

typedef struct buf {
    FILE *f;
    char *p; /* after buf_end: NUL-terminated, len bytes */
    size_t len;
} buf;

/* b must stay where it is until buf_end: the stream writes p and len. */
static void buf_start(buf *b)
{
    b->p = NULL;
    b->len = 0;
    b->f = open_memstream(&b->p, &b->len);
    if (b->f == NULL) {
        die("out of memory");
    }
}

static void buf_str(buf *b, const char *s)
{
    if (fputs(s, b->f) == EOF) {
        die("out of memory");
    }
}

/* Bytes written so far. */
static size_t buf_len(buf *b)
{
    long n = ftell(b->f);
    if (n < 0) {
        die("ftell");
    }
    return (size_t)n;
}

static char *buf_end(buf *b)
{
    if (fclose(b->f) != 0) {
        die("out of memory");
    }
    b->f = NULL;
    return b->p;
}

/* Appends units (each one character once decoded) from units[] in turn,
 * starting at phase, until chars characters are written. */
static void buf_chars(buf *b, const char *const *units, size_t nunits, size_t phase, size_t chars)
{
    for (size_t i = 0; i < chars; i++) {
        buf_str(b, units[(phase + i) % nunits]);
    }
}

/* ---- the inputs ---- */

/* The spec's example 200 body, as the spec prints it. */
static const char spec_body[] = "{\n"
                                "  \"image_command\" : \"docker load xxx\",\n"
                                "  \"images_download_url\" : \"https://xxx.zip\",\n"
                                "  \"swr_image_pull_command\" : \"docker pull xxx\"\n"
                                "}";

/* JSON string text, each unit one character once decoded: ASCII, raw
 * 2/3/4-byte UTF-8, \u escapes (BMP and a surrogate pair), simple escapes. */
static const char *const cmd_units[] = {
    "d",
    "o",
    "c",
    "k",
    "e",
    "r",
    " ",
    "\xC3\xA9",
    "\\u00e9",
    "\xE4\xB8\xAD",
    "\\u4e2d",
    "-",
    "\xF0\x9F\x98\x80",
    "\\ud83d\\ude00",
    "\\/",
    "\\\"",
    "\\\\",
    "l",
    "o",
    "a",
    "d",
    ":",
    "\\u0041",
    ".",
};
/* A URL path: ASCII only (uriparser's grammar), with \/ and \u escapes. */
static const char *const url_units[] = {
    "\\/", "s", "c", "a", "n", "\\u0062", "i", "n", "-", "0", "1", ".", "z", "i", "p", "_",
};
/* Raw UTF-8 request values, each unit one character: unreserved, reserved
 * and multi-byte characters, so that most of them are percent-encoded. */
static const char *const req_units[] = {
    "a",
    "B",
    "7",
    "-",
    ".",
    "_",
    "~",
    " ",
    "&",
    "=",
    "+",
    "%",
    "/",
    "\xC3\xA9",
    "\xE4\xB8\xAD",
    "\xF0\x9F\x98\x80",
    "?",
    "#",
    "x",
    "y",
};

#define NUNITS(a) (sizeof(a) / sizeof((a)[0]))

/* max-length fields: 1024 / 256 / 1024 characters. */
static buf make_max_body(void)
{
    buf b;
    buf_start(&b);
    buf_str(&b, "{\"image_command\":\"");
    buf_chars(&b, cmd_units, NUNITS(cmd_units), 0, 1024);
    static const char url_head[] = "https://hss-agent.example.com"; /* 29 characters */
    buf_str(&b, "\",\"images_download_url\":\"");
    buf_str(&b, url_head);
    buf_chars(&b, url_units, NUNITS(url_units), 0, 256 - (sizeof(url_head) - 1));
    buf_str(&b, "\",\"swr_image_pull_command\":\"");
    buf_chars(&b, cmd_units, NUNITS(cmd_units), 7, 1024);
    buf_str(&b, "\"}");
    (void)buf_end(&b);
    return b;
}

/* Just under 64 KiB (the default cap): the three fields (first, middle,
 * last) among unknown keys whose values are strings, numbers, literals,
 * arrays and objects. */
static buf make_unknown_body(void)
{
    static const char *const values[] = {
        "\"some text of an unknown field \\u00e9\\u4e2d\"",
        "12345.678e-3",
        "[true,false,null,1,\"two\"]",
        "{\"nested\":{\"k\":\"v\",\"n\":-1},\"list\":[]}",
        "\"https:\\/\\/example.com\\/path?q=1\"",
        "true",
    };
    static const char tail[] = ",\"swr_image_pull_command\":\"docker pull xxx\"}";
    buf b;
    buf_start(&b);
    buf_str(&b, "{\"image_command\":\"docker load xxx\"");
    int url_done = 0;
    for (unsigned i = 0;; i++) {
        char key[64];
        snprintf(key, sizeof(key), ",\"unknown_key_%05u\":", i);
        const char *v = values[i % NUNITS(values)];
        if (buf_len(&b) + strlen(key) + strlen(v) + sizeof(tail) - 1 > HSSC_BODY_MAX_DEFAULT) {
            break;
        }
        buf_str(&b, key);
        buf_str(&b, v);
        if (!url_done && buf_len(&b) > HSSC_BODY_MAX_DEFAULT / 2) {
            buf_str(&b, ",\"images_download_url\":\"https://xxx.zip\"");
            url_done = 1;
        }
    }
    buf_str(&b, tail);
    (void)buf_end(&b);
    return b;
}

typedef struct body_input {
    const char *name;
    size_t chars[3]; /* characters of the three decoded fields (0: any) */
    const char *p;   /* NUL-terminated (yajl_tree_parse needs it) */
    size_t len;
    unsigned flags;
    hssc_code want; /* HSSC_OK, or the error of a body that must be rejected */
    size_t within;  /* ... at an offset below this */
} body_input;

typedef struct req_input {
    const char *name;
    size_t chars[6]; /* characters of each field, in struct order (0: any) */
    hssc_request req;
    char *target; /* for decode: a NUL-terminated target */
    size_t target_len;
} req_input;

#define SPEC_PID "0605767a3300d5762fb7c0186d9e1779"

static hssc_str str_of(const char *s)
{
    return (hssc_str){s, strlen(s)};
}

/* The six request fields, in struct order: HSSC_FIELD_PROJECT_ID + i. */
#define REQ_FIELDS 6

static hssc_str *req_field(hssc_request *r, int i)
{
    return hssc_request_field(r, (hssc_field)(HSSC_FIELD_PROJECT_ID + i));
}

static const hssc_str *req_field_c(const hssc_request *r, int i)
{
    return hssc_request_field_const(r, (hssc_field)(HSSC_FIELD_PROJECT_ID + i));
}

static hssc_request request_of(const char *const values[REQ_FIELDS])
{
    hssc_request r;
    memset(&r, 0, sizeof(r));
    for (int i = 0; i < REQ_FIELDS; i++) {
        *req_field(&r, i) = str_of(values[i]);
    }
    return r;
}

static hssc_request spec_request(void)
{
    static const char *const values[REQ_FIELDS] = {
        SPEC_PID, "hub.docker.com", "test", "xxx", "xxxxxx", "all_granted_eps",
    };
    return request_of(values);
}

/* The spec's example request target, in the spec's parameter order. */
static char spec_target[] = "/v5/" SPEC_PID "/image/registries/image-upload-command"
                            "?registry_addr=hub.docker.com&namespace=test&username=xxx"
                            "&password=xxxxxx&enterprise_project_id=all_granted_eps";

static char *chars_value(size_t phase, size_t chars)
{
    buf b;
    buf_start(&b);
    buf_chars(&b, req_units, NUNITS(req_units), phase, chars);
    return buf_end(&b);
}

/* Every field at its maximum: 256 / 256 / 128 / 128 / 128 / 256
 * characters; registry_addr is https:// + four 60-character labels + :8443. */
static char *max_registry_addr(void)
{
    buf a;
    buf_start(&a);
    buf_str(&a, "https://");
    for (int label = 0; label < 4; label++) {
        for (int i = 0; i < 60; i++) {
            char c[2] = {(char)(i == 0 ? 'r' : "abcdefghijklmnopqrstuvwxyz0123456789-"[i % 37]),
                         '\0'};
            if (i == 59) {
                c[0] = 'z';
            }
            buf_str(&a, c);
        }
        buf_str(&a, label < 3 ? "." : ":8443");
    }
    return buf_end(&a);
}

static hssc_request max_request(void)
{
    const char *const values[REQ_FIELDS] = {
        chars_value(0, 256), max_registry_addr(), chars_value(3, 128),
        chars_value(5, 128), chars_value(9, 128), chars_value(11, 256),
    };
    return request_of(values);
}

/* ---- shared state of the operations ---- */

enum {
    BODY_SPEC,
    BODY_MAX,
    BODY_UNKNOWN,
    BODY_GOOD_,
    /* Rejected early, as most fuzz inputs are (issue 14): what a decode
     * costs when it stops at once on a long body. */
    BODY_EARLY_SYNTAX = BODY_GOOD_,
    BODY_EARLY_NUL,
    BODY_COUNT_
};
enum {
    REQ_SPEC,
    REQ_MAX,
    REQ_COUNT_
};

static body_input bodies[BODY_COUNT_];
static req_input reqs[REQ_COUNT_];
static void *workspace;
static size_t workspace_len;
static char enc_out[HSSC_REQUEST_ENCODED_MAX];
static char dec_scratch[HSSC_TARGET_MAX];
#define FINDINGS_CAP 64
static hssc_finding findings[FINDINGS_CAP];

/* ---- response decode and its baselines ---- */

static int yajl_noop_parse(const body_input *b)
{
    yajl_handle h = yajl_alloc(&noop_callbacks, NULL, NULL);
    yajl_status st = yajl_parse(h, (const unsigned char *)b->p, b->len);
    if (st == yajl_status_ok) {
        st = yajl_complete_parse(h);
    }
    yajl_free(h);
    return st == yajl_status_ok;
}

static const char *const path_ic[] = {"image_command", NULL};
static const char *const path_url[] = {"images_download_url", NULL};
static const char *const path_swr[] = {"swr_image_pull_command", NULL};

/* yajl_tree_parse (a malloc'd DOM) and the three lookups; the strings are
 * handed to check (may be NULL). Returns 1 when all three were found. */
static int yajl_tree_lookup(const body_input *b, const char *got[3])
{
    yajl_val v = yajl_tree_parse(b->p, NULL, 0);
    yajl_val ic = yajl_tree_get(v, (const char **)path_ic, yajl_t_string);
    yajl_val url = yajl_tree_get(v, (const char **)path_url, yajl_t_string);
    yajl_val swr = yajl_tree_get(v, (const char **)path_swr, yajl_t_string);
    int ok = ic != NULL && url != NULL && swr != NULL;
    if (got != NULL && ok) {
        got[0] = strdup(ic->u.string);
        got[1] = strdup(url->u.string);
        got[2] = strdup(swr->u.string);
    }
    sink += (size_t)ok;
    yajl_tree_free(v);
    return ok;
}

static hssc_code response_decode(const body_input *b, hssc_response *r)
{
    return hssc_response_decode(b->p, b->len, b->flags, HSSC_BODY_MAX_DEFAULT, workspace,
                                workspace_len, r, NULL);
}

/* ---- request encode and its baselines ---- */

static size_t request_encode(const hssc_request *req)
{
    size_t n = 0;
    if (hssc_request_encode(req, 0, enc_out, sizeof(enc_out), &n, NULL) != HSSC_OK) {
        return 0;
    }
    return n;
}

/* curl_easy_escape each value (libcurl keeps only the RFC 3986 unreserved
 * bytes and writes upper-case hex, as the codec does), then snprintf the
 * target with the query sorted by name. Returns the length, 0 on failure. */
static size_t curl_encode(const hssc_request *req, char *out, size_t cap)
{
    const hssc_str *v[] = {&req->project_id, &req->enterprise_project_id, &req->namespace_,
                           &req->password,   &req->registry_addr,         &req->username};
    char *e[6];
    int ok = 1;
    for (int i = 0; i < 6; i++) {
        e[i] = curl_easy_escape(NULL, v[i]->ptr, (int)v[i]->len);
        ok = ok && e[i] != NULL;
    }
    int n = -1;
    if (ok) {
        n = snprintf(out, cap,
                     "/v5/%s/image/registries/image-upload-command?enterprise_project_id=%s"
                     "&namespace=%s&password=%s&registry_addr=%s&username=%s",
                     e[0], e[1], e[2], e[3], e[4], e[5]);
    }
    for (int i = 0; i < 6; i++) {
        curl_free(e[i]);
    }
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

/* The floor of percent-encoding: a 256-entry table, no validation, no
 * bounds checks (out is big enough for any input here). */
static unsigned char unreserved_tab[256];

static void table_init(void)
{
    for (int c = 0; c < 256; c++) {
        unreserved_tab[c] =
            (unsigned char)((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~');
    }
}

static size_t table_pct(const hssc_str *v, char *out)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *s = (const unsigned char *)v->ptr;
    size_t k = 0;
    for (size_t i = 0; i < v->len; i++) {
        unsigned char c = s[i];
        if (unreserved_tab[c]) {
            out[k++] = (char)c;
        } else {
            out[k] = '%';
            out[k + 1] = hex[c >> 4];
            out[k + 2] = hex[c & 15];
            k += 3;
        }
    }
    return k;
}

static size_t table_lit(char *out, const char *s, size_t n)
{
    memcpy(out, s, n);
    return n;
}

#define LIT(out, s) table_lit((out), (s), sizeof(s) - 1)

static size_t table_encode(const hssc_request *req, char *out)
{
    size_t k = LIT(out, "/v5/");
    k += table_pct(&req->project_id, out + k);
    k += LIT(out + k, "/image/registries/image-upload-command?enterprise_project_id=");
    k += table_pct(&req->enterprise_project_id, out + k);
    k += LIT(out + k, "&namespace=");
    k += table_pct(&req->namespace_, out + k);
    k += LIT(out + k, "&password=");
    k += table_pct(&req->password, out + k);
    k += LIT(out + k, "&registry_addr=");
    k += table_pct(&req->registry_addr, out + k);
    k += LIT(out + k, "&username=");
    k += table_pct(&req->username, out + k);
    out[k] = '\0';
    return k;
}

static char base_out[HSSC_REQUEST_ENCODED_MAX];

/* ---- request decode and its baseline ---- */

static hssc_code request_decode(const req_input *q, hssc_request *out)
{
    return hssc_request_decode(q->target, q->target_len, 0, dec_scratch, sizeof(dec_scratch), out,
                               NULL);
}

static int uri_parse_alone(const req_input *q)
{
    UriUriA u;
    const char *errpos = NULL;
    int rc = uriParseSingleUriA(&u, q->target, &errpos);
    if (rc == URI_SUCCESS) {
        sink += (size_t)(u.query.afterLast - u.query.first);
        uriFreeUriMembersA(&u);
    }
    return rc == URI_SUCCESS;
}

/* ---- the operations ---- */

typedef void (*op_fn)(int arg);

static void op_response_decode(int i)
{
    hssc_response r;
    if (response_decode(&bodies[i], &r) == HSSC_OK) {
        sink += r.image_command.len;
    }
}
static void op_response_decode_all(int i)
{
    hssc_response r;
    hssc_findings fs = {findings, FINDINGS_CAP, 0, 0};
    const body_input *b = &bodies[i];
    if (hssc_response_decode_all(b->p, b->len, b->flags, HSSC_BODY_MAX_DEFAULT, workspace,
                                 workspace_len, &r, &fs, NULL) != HSSC_OK) {
        sink += fs.count;
    }
}
static void op_yajl_noop(int i)
{
    sink += (size_t)yajl_noop_parse(&bodies[i]);
}
static void op_yajl_tree(int i)
{
    (void)yajl_tree_lookup(&bodies[i], NULL);
}
static void op_request_encode(int i)
{
    sink += request_encode(&reqs[i].req);
}
static void op_curl_encode(int i)
{
    sink += curl_encode(&reqs[i].req, base_out, sizeof(base_out));
}
static void op_table_encode(int i)
{
    sink += table_encode(&reqs[i].req, base_out);
}
static void op_request_decode(int i)
{
    hssc_request r;
    if (request_decode(&reqs[i], &r) == HSSC_OK) {
        sink += r.password.len;
    }
}
static void op_uri_parse(int i)
{
    sink += (size_t)uri_parse_alone(&reqs[i]);
}

typedef struct op {
    const char *name;
    op_fn fn;
    int arg;
} op;

static const op ops[] = {
    {"response_decode:spec", op_response_decode, BODY_SPEC},
    {"response_decode:max", op_response_decode, BODY_MAX},
    {"response_decode:unknown64k", op_response_decode, BODY_UNKNOWN},
    {"response_decode:early_syntax64k", op_response_decode, BODY_EARLY_SYNTAX},
    {"response_decode:early_nul64k", op_response_decode, BODY_EARLY_NUL},
    {"response_decode_all:early_syntax64k", op_response_decode_all, BODY_EARLY_SYNTAX},
    {"response_decode_all:early_nul64k", op_response_decode_all, BODY_EARLY_NUL},
    {"yajl_noop:early_syntax64k", op_yajl_noop, BODY_EARLY_SYNTAX},
    {"yajl_noop:early_nul64k", op_yajl_noop, BODY_EARLY_NUL},
    {"yajl_noop:spec", op_yajl_noop, BODY_SPEC},
    {"yajl_noop:max", op_yajl_noop, BODY_MAX},
    {"yajl_noop:unknown64k", op_yajl_noop, BODY_UNKNOWN},
    {"yajl_tree:spec", op_yajl_tree, BODY_SPEC},
    {"yajl_tree:max", op_yajl_tree, BODY_MAX},
    {"yajl_tree:unknown64k", op_yajl_tree, BODY_UNKNOWN},
    {"request_encode:spec", op_request_encode, REQ_SPEC},
    {"curl_encode:spec", op_curl_encode, REQ_SPEC},
    {"request_encode:max", op_request_encode, REQ_MAX},
    {"table_encode:max", op_table_encode, REQ_MAX},
    {"request_decode:spec", op_request_decode, REQ_SPEC},
    {"uri_parse:spec", op_uri_parse, REQ_SPEC},
};

/* The rows of issue 13: operation, baseline, target ratio, and how many
 * operations a callgrind run counts (instruction counts are exact: a few
 * hundred suffice, fewer for the 64 KiB body). */
typedef struct row {
    const char *what;
    const char *input;
    const char *op;
    const char *base;
    double target;
    long cg_iters;
} row;

static const row rows[] = {
    {"response decode / yajl no-op parse", "spec", "response_decode:spec", "yajl_noop:spec", 1.5,
     400},
    {"response decode / yajl no-op parse", "max", "response_decode:max", "yajl_noop:max", 1.3, 200},
    {"response decode / yajl no-op parse", "unknown64k", "response_decode:unknown64k",
     "yajl_noop:unknown64k", 1.3, 10},
    {"response decode / yajl_tree+3 lookups", "spec", "response_decode:spec", "yajl_tree:spec", 1.0,
     400},
    {"response decode / yajl_tree+3 lookups", "max", "response_decode:max", "yajl_tree:max", 1.0,
     200},
    {"response decode / yajl_tree+3 lookups", "unknown64k", "response_decode:unknown64k",
     "yajl_tree:unknown64k", 1.0, 10},
    {"request encode / curl_easy_escape+snprintf", "spec", "request_encode:spec",
     "curl_encode:spec", 0.3, 400},
    {"request encode / table encoder", "max", "request_encode:max", "table_encode:max", 3.0, 200},
    {"request decode / uriParseSingleUriA", "spec", "request_decode:spec", "uri_parse:spec", 1.5,
     400},
    /* Not issue 13's: rejected bodies (issue 14), no target. */
    {"rejected: response decode / yajl no-op", "syntax@17", "response_decode:early_syntax64k",
     "yajl_noop:early_syntax64k", 0, 400},
    {"rejected: response decode / yajl no-op", "nul@25", "response_decode:early_nul64k",
     "yajl_noop:early_nul64k", 0, 400},
    {"rejected: decode_all / yajl no-op", "syntax@17", "response_decode_all:early_syntax64k",
     "yajl_noop:early_syntax64k", 0, 400},
    {"rejected: decode_all / yajl no-op", "nul@25", "response_decode_all:early_nul64k",
     "yajl_noop:early_nul64k", 0, 400},
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))
#define NOPS (sizeof(ops) / sizeof(ops[0]))

static const op *find_op(const char *name)
{
    for (size_t i = 0; i < NOPS; i++) {
        if (strcmp(ops[i].name, name) == 0) {
            return &ops[i];
        }
    }
    return NULL;
}

/* The loop callgrind counts (--toggle-collect=bench_loop): never inlined
 * or cloned, so that the symbol exists under this name. */
#if defined(__clang__)
__attribute__((noinline))
#else
__attribute__((noinline, noipa))
#endif
void bench_loop(const op *o, long iters);

void bench_loop(const op *o, long iters)
{
    for (long i = 0; i < iters; i++) {
        o->fn(o->arg);
    }
}

/* ---- checks before timing ---- */

static void check_same(const char *what, const char *a, size_t alen, const char *b, size_t blen)
{
    if (alen != blen || memcmp(a, b, alen) != 0) {
        fprintf(stderr, "bench_codec: %s: %zu bytes vs %zu bytes, differ\n", what, alen, blen);
        die(what);
    }
}

/* Characters of valid UTF-8 text: the bytes that do not continue one. */
static size_t utf8_chars(const hssc_str *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->len; i++) {
        n += ((unsigned char)s->ptr[i] & 0xC0) != 0x80;
    }
    return n;
}

static void check_body(const body_input *b)
{
    char what[128];
    hssc_response r;
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
    hssc_code rc = hssc_response_decode(b->p, b->len, b->flags, HSSC_BODY_MAX_DEFAULT, workspace,
                                        workspace_len, &r, &e);
    if (rc != HSSC_OK) {
        fprintf(stderr, "bench_codec: response decode of %s: %s (field %d, byte %zu)\n", b->name,
                hssc_code_name(rc), (int)e.field, e.offset);
        die("response decode");
    }
    snprintf(what, sizeof(what), "yajl no-op parse of %s", b->name);
    if (!yajl_noop_parse(b)) {
        die(what);
    }
    const char *got[3] = {NULL, NULL, NULL};
    snprintf(what, sizeof(what), "yajl_tree_parse + 3 lookups of %s", b->name);
    if (!yajl_tree_lookup(b, got)) {
        die(what);
    }
    const hssc_str *mine[3] = {&r.image_command, &r.images_download_url, &r.swr_image_pull_command};
    for (int i = 0; i < 3; i++) {
        snprintf(what, sizeof(what), "%s: field %d decoded by hsscodec vs yajl_tree", b->name, i);
        check_same(what, mine[i]->ptr, mine[i]->len, got[i], strlen(got[i]));
        free((void *)got[i]);
        snprintf(what, sizeof(what), "%s: field %d has %zu characters", b->name, i, b->chars[i]);
        if (utf8_chars(mine[i]) != b->chars[i]) {
            die(what);
        }
    }
}

/* A body that must be rejected early: the code, near the start, both by
 * the decoder and as the last finding of decode_all. */
static void check_rejected(const body_input *b)
{
    hssc_response r;
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
    hssc_code rc = hssc_response_decode(b->p, b->len, b->flags, HSSC_BODY_MAX_DEFAULT, workspace,
                                        workspace_len, &r, &e);
    hssc_findings fs = {findings, FINDINGS_CAP, 0, 0};
    hssc_code all = hssc_response_decode_all(b->p, b->len, b->flags, HSSC_BODY_MAX_DEFAULT,
                                             workspace, workspace_len, &r, &fs, NULL);
    if (rc != b->want || e.offset >= b->within || all != b->want || fs.count != 1 ||
        fs.items[0].offset != e.offset) {
        fprintf(stderr, "bench_codec: %s: %s at byte %zu (decode_all %s, %zu findings)\n", b->name,
                hssc_code_name(rc), e.offset, hssc_code_name(all), fs.count);
        die("a body that must be rejected early");
    }
}

static void check_request(const req_input *q)
{
    char what[128];
    for (int i = 0; i < REQ_FIELDS; i++) {
        snprintf(what, sizeof(what), "%s: field %d has %zu characters", q->name, i, q->chars[i]);
        if (q->chars[i] != 0 && utf8_chars(req_field_c(&q->req, i)) != q->chars[i]) {
            die(what);
        }
    }
    size_t n = request_encode(&q->req);
    if (n == 0) {
        snprintf(what, sizeof(what), "request encode of %s", q->name);
        die(what);
    }
    size_t c = curl_encode(&q->req, base_out, sizeof(base_out));
    snprintf(what, sizeof(what), "%s: request encode vs curl_easy_escape + snprintf", q->name);
    check_same(what, enc_out, n, base_out, c);
    size_t t = table_encode(&q->req, base_out);
    snprintf(what, sizeof(what), "%s: request encode vs the table encoder", q->name);
    check_same(what, enc_out, n, base_out, t);

    /* Decode: the spec's target, or (for the other inputs) what was
     * encoded; the decoded fields must be the request's. */
    if (q->target == NULL) {
        return;
    }
    hssc_request d;
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
    hssc_code rc =
        hssc_request_decode(q->target, q->target_len, 0, dec_scratch, sizeof(dec_scratch), &d, &e);
    if (rc != HSSC_OK) {
        fprintf(stderr, "bench_codec: request decode of %s: %s (field %d, byte %zu)\n", q->name,
                hssc_code_name(rc), (int)e.field, e.offset);
        die("request decode");
    }
    for (int i = 0; i < REQ_FIELDS; i++) {
        const hssc_str *a = req_field_c(&q->req, i);
        const hssc_str *b = req_field_c(&d, i);
        snprintf(what, sizeof(what), "%s: decoded field %d vs the request", q->name, i);
        check_same(what, b->ptr, b->len, a->ptr, a->len);
    }
    snprintf(what, sizeof(what), "uriParseSingleUriA of %s", q->name);
    if (!uri_parse_alone(q)) {
        die(what);
    }
}

static void setup(void)
{
    table_init();
    workspace_len = HSSC_RESPONSE_WORKSPACE_LEN(HSSC_BODY_MAX_DEFAULT);
    workspace = malloc(workspace_len);
    if (workspace == NULL) {
        die("out of memory");
    }
    buf mx = make_max_body();
    buf unk = make_unknown_body();
    bodies[BODY_SPEC] =
        (body_input){"spec", {15, 15, 15}, spec_body, sizeof(spec_body) - 1, 0, HSSC_OK, 0};
    bodies[BODY_MAX] = (body_input){"max", {1024, 256, 1024}, mx.p, mx.len, 0, HSSC_OK, 0};
    bodies[BODY_UNKNOWN] =
        (body_input){"unknown64k", {15, 15, 15}, unk.p, unk.len, HSSC_ALLOW_UNKNOWN, HSSC_OK, 0};
    /* The 64 KiB body, spoilt near its start: '=' for the first ':', or
     * "\u0000" for "load x" in the first value ({"image_command":"docker
     * load xxx",...). */
    char *syn = strdup(unk.p);
    char *nul = strdup(unk.p);
    if (syn == NULL || nul == NULL || strncmp(unk.p + 16, ":\"docker load x", 15) != 0) {
        die("the 64 KiB body's start");
    }
    syn[16] = '=';
    memcpy(nul + 25, "\\u0000", 6);
    bodies[BODY_EARLY_SYNTAX] = (body_input){
        "early_syntax64k", {0}, syn, unk.len, HSSC_ALLOW_UNKNOWN, HSSC_E_JSON_SYNTAX, 32};
    bodies[BODY_EARLY_NUL] =
        (body_input){"early_nul64k", {0}, nul, unk.len, HSSC_ALLOW_UNKNOWN, HSSC_E_JSON_NUL, 32};
    reqs[REQ_SPEC] = (req_input){"spec", {0}, spec_request(), spec_target, sizeof(spec_target) - 1};
    reqs[REQ_MAX] = (req_input){"max", {256, 256, 128, 128, 128, 256}, max_request(), NULL, 0};
}

static void check_all(void)
{
    for (int i = 0; i < BODY_GOOD_; i++) {
        check_body(&bodies[i]);
    }
    for (int i = BODY_GOOD_; i < BODY_COUNT_; i++) {
        check_rejected(&bodies[i]);
    }
    for (int i = 0; i < REQ_COUNT_; i++) {
        check_request(&reqs[i]);
    }
}

/* ---- timing ---- */

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Iterations for a round of about 5 ms. */
static long calibrate(const op *o)
{
    long n = 1;
    for (;;) {
        double t0 = now_ns();
        bench_loop(o, n);
        double t = now_ns() - t0;
        if (t >= 5e6 || n >= (1L << 24)) {
            return n;
        }
        n *= 2;
    }
}

/* Best ns/op of each, rounds interleaved (op, base, op, base, ...) so that
 * a burst of load hits both. */
static void time_pair(const op *a, const op *b, int rounds, long iters, double *ta, double *tb)
{
    long na = iters > 0 ? iters : calibrate(a);
    long nb = iters > 0 ? iters : calibrate(b);
    *ta = 1e300;
    *tb = 1e300;
    for (int r = 0; r < rounds; r++) {
        double t0 = now_ns();
        bench_loop(a, na);
        double t1 = now_ns();
        bench_loop(b, nb);
        double t2 = now_ns();
        double pa = (t1 - t0) / (double)na;
        double pb = (t2 - t1) / (double)nb;
        *ta = pa < *ta ? pa : *ta;
        *tb = pb < *tb ? pb : *tb;
    }
}

_Noreturn static void usage(void)
{
    fprintf(stderr, "usage: bench_codec [--check | --rows | --op NAME --iters N] [--rounds R]\n"
                    "operations:\n");
    for (size_t i = 0; i < NOPS; i++) {
        fprintf(stderr, "  %s\n", ops[i].name);
    }
    exit(2);
}

int main(int argc, char **argv)
{
    const char *op_name = NULL;
    long iters = 0;
    int rounds = 7;
    int check_only = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--check") == 0) {
            check_only = 1;
        } else if (strcmp(argv[i], "--rows") == 0) {
            for (size_t r = 0; r < NROWS; r++) {
                printf("%s\t%s\t%s\t%s\t%.2f\t%ld\n", rows[r].what, rows[r].input, rows[r].op,
                       rows[r].base, rows[r].target, rows[r].cg_iters);
            }
            return 0;
        } else if (strcmp(argv[i], "--op") == 0 && i + 1 < argc) {
            op_name = argv[++i];
        } else if (strcmp(argv[i], "--iters") == 0 && i + 1 < argc) {
            iters = strtol(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) {
            rounds = (int)strtol(argv[++i], NULL, 10);
        } else {
            usage();
        }
    }
    if (rounds < 1 || iters < 0) {
        usage();
    }
    setup();
    check_all();
    if (check_only) {
        printf("bench_codec: every decode succeeded and every encoder agrees (%s %s %s: "
               "%zu / %zu / %zu bytes)\n",
               bodies[0].name, bodies[1].name, bodies[2].name, bodies[0].len, bodies[1].len,
               bodies[2].len);
        return 0;
    }
    if (op_name != NULL) {
        const op *o = find_op(op_name);
        if (o == NULL || iters == 0) {
            usage();
        }
        o->fn(o->arg); /* warm: lazy binding, first touches */
        bench_loop(o, iters);
        return 0;
    }

    printf("hsscodec %s: wall time, best of %d interleaved rounds, ns/op (noisy on a loaded "
           "machine: bench/run.sh prints instruction ratios)\n",
           hssc_version(), rounds);
    printf("%-44s %-11s %12s %12s %7s %7s\n", "row", "input", "hsscodec", "baseline", "ratio",
           "target");
    for (size_t r = 0; r < NROWS; r++) {
        double t = 0;
        double b = 0;
        time_pair(find_op(rows[r].op), find_op(rows[r].base), rounds, iters, &t, &b);
        char target[16] = "-"; /* rows without a target (rejected bodies) */
        if (rows[r].target > 0) {
            snprintf(target, sizeof(target), "%.2f", rows[r].target);
        }
        printf("%-44s %-11s %12.1f %12.1f %7.2f %7s\n", rows[r].what, rows[r].input, t, b, t / b,
               target);
    }
    printf("inputs: response bodies %zu / %zu / %zu bytes, request targets %zu (spec) bytes\n",
           bodies[0].len, bodies[1].len, bodies[2].len, reqs[REQ_SPEC].target_len);
    return 0;
}
