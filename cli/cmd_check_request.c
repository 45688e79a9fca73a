/*
 * hsscodec check-request: validate captured requests, many inputs at once,
 * every finding of each (hssc_request_decode_all), as one report
 * (report.h: text or JSON Lines).
 */
#include <stdlib.h>
#include <string.h>

#include "check_cmd.h"
#include "check_input.h"
#include "cli.h"
#include "report.h"

static const char *const SUB = "check-request";

static const char check_request_help[] =
    "usage: hsscodec check-request [--format text|jsonl] [--allow-unknown]\n"
    "                              [--headers FILE] INPUT...\n\n"
    "Validates captured requests against the contract and reports every finding:\n"
    "each parameter is checked on its own, so a bad password does not hide a bad\n"
    "namespace. INPUT is a FILE, or - for standard input (prefer files or '-':\n"
    "a captured request holds the registry password, and the command line is\n"
    "visible to other users in the process list). An INPUT that starts with\n"
    "/v5/, http:// or https:// is itself one request target or URL.\n\n"
    "What an input holds, told apart by its first two lines:\n"
    "  one request message   the first line is a request line (METHOD TARGET or\n"
    "                        METHOD TARGET HTTP/1.1) and the second a header line\n"
    "                        (Name: value): a raw HTTP/1.1 request, or what a\n"
    "                        dry run of 'hsscodec get' prints. Its headers are\n"
    "                        checked as --headers does, and Host when present;\n"
    "                        an HTTP/1.1 message needs Host.\n"
    "  one item per line     otherwise: each line that is not blank is a request\n"
    "                        target (/v5/...?...), an absolute URL\n"
    "                        (https://host/v5/...?...) or a request line\n"
    "                        (GET /v5/... HTTP/1.1).\n"
    "The method must be GET; a version, when given, HTTP/1.1 or HTTP/1.0.\n\n"
    "options:\n"
    "  --format text|jsonl   text (default): one line per finding,\n"
    "                        'INPUT:LINE: request: field: reason at byte N', N the\n"
    "                        byte offset in the target or URL (in the header value\n"
    "                        for a header); then a summary line. jsonl: one JSON\n"
    "                        object per finding and a summary object\n"
    "                        (docs/report.schema.json).\n"
    "  --allow-unknown       skip query parameters the API does not define\n"
    "  --headers FILE        also check captured request headers, one 'Name: value'\n"
    "                        per line: X-Auth-Token, or Authorization (the shape of\n"
    "                        SDK-HMAC-SHA256 ...) with X-Sdk-Date. A signature cannot\n"
    "                        be verified without the secret key; only its shape is.\n"
    "  -h, --help            this text; -V, --version: the version\n\n"
    "Reports name an unknown parameter (escaped, at most 64 bytes), never a value,\n"
    "and never a name that holds the request's password.\n\n"
    "Exit codes: 0 every request keeps the contract, 1 one breaks it, 2 usage error\n"
    "or an input that cannot be read.\n";

/* Longest input read: many targets, one per line. */
#define INPUT_MAX (64u * 1024u * 1024u)

typedef struct checker {
    report *rep;
    unsigned flags;
    hssc_finding *items;
    size_t cap;
    int item_broken; /* a violation in the current item */
} checker;

static void finding(checker *k, const report_finding *base, hssc_code code, hssc_field f,
                    size_t offset)
{
    report_finding rf = *base;
    rf.error = (hssc_error){code, f, offset};
    report_finding_print(k->rep, &rf);
    k->item_broken = 1;
}

/* The findings of one request target (offsets into it). */
static int check_target(checker *k, const report_finding *base, const char *t, size_t len)
{
    if (in_findings_reserve(&k->items, &k->cap, len) != 0) {
        return HSSC_EXIT_TRANSPORT;
    }
    char *scratch = malloc(len + 1);
    if (scratch == NULL) {
        return HSSC_EXIT_TRANSPORT;
    }
    hssc_findings fs = {k->items, k->cap, 0, 0};
    hssc_request req;
    hssc_error err;
    if (hssc_request_decode_all(t, len, k->flags, scratch, len + 1, &req, &fs, &err) != HSSC_OK) {
        in_report_findings(k->rep, base, &fs, t, 0);
        k->item_broken = 1;
    }
    cli_wipe_free(scratch, len + 1);
    return HSSC_EXIT_OK;
}

/* The method and version of a request line. */
static void check_line_shape(checker *k, const report_finding *base, hssc_str method,
                             hssc_str version)
{
    if (!(method.len == 3 && memcmp(method.ptr, "GET", 3) == 0)) {
        finding(k, base, HSSC_E_NOT_GET, HSSC_FIELD_METHOD, 0);
    }
    if (version.ptr != NULL && !(version.len == 8 && (memcmp(version.ptr, "HTTP/1.1", 8) == 0 ||
                                                      memcmp(version.ptr, "HTTP/1.0", 8) == 0))) {
        finding(k, base, HSSC_E_HTTP_MESSAGE, HSSC_FIELD_TARGET, 0);
    }
}

/* The credential headers among (h, len): X-Auth-Token, or Authorization
 * with X-Sdk-Date; Host when given (required when need_host). line_base:
 * the line number of the first header line, minus 1. */
static void check_headers(checker *k, const report_finding *base, const char *h, size_t len,
                          long long line_base, int need_host)
{
    report_finding at = *base;
    hssc_str v;
    long long line = 0;
    hssc_error err;
    if (in_header_find(h, len, "Host", &v, &line)) {
        at.line = line_base + line;
        if (hssc_field_check(HSSC_FIELD_HOST, v.ptr, v.len, &err) != HSSC_OK) {
            finding(k, &at, err.code, HSSC_FIELD_HOST, err.offset);
        }
    } else if (need_host) {
        finding(k, base, HSSC_E_MISSING, HSSC_FIELD_HOST, 0);
    }
    if (in_header_find(h, len, "Authorization", &v, &line)) {
        at.line = line_base + line;
        if (hssc_authorization_parse(v.ptr, v.len, NULL, &err) != HSSC_OK) {
            finding(k, &at, err.code, HSSC_FIELD_AUTHORIZATION, err.offset);
        }
        if (!in_header_find(h, len, "X-Sdk-Date", &v, &line)) {
            finding(k, base, HSSC_E_MISSING, HSSC_FIELD_X_SDK_DATE, 0);
        } else if (hssc_sdk_date_check(v.ptr, v.len, &err) != HSSC_OK) {
            at.line = line_base + line;
            finding(k, &at, err.code, HSSC_FIELD_X_SDK_DATE, err.offset);
        }
    } else if (in_header_find(h, len, "X-Auth-Token", &v, &line)) {
        at.line = line_base + line;
        if (hssc_token_check(v.ptr, v.len, &err) != HSSC_OK) {
            finding(k, &at, err.code, HSSC_FIELD_X_AUTH_TOKEN, err.offset);
        }
    } else {
        finding(k, base, HSSC_E_HEADER_MISSING, HSSC_FIELD_X_AUTH_TOKEN, 0);
    }
}

/* One request message: the request line, then header lines up to an empty
 * line or the end. */
static int check_message(checker *k, const report_finding *base, const char *d, size_t len)
{
    size_t at = 0;
    in_line l = {0};
    hssc_str method, target, version;
    (void)in_next_line(d, len, &at, &l);
    (void)in_request_line(l.ptr, l.len, &method, &target, &version); /* the caller saw it is one */
    report_finding rf = *base;
    rf.line = 1;
    check_line_shape(k, &rf, method, version);
    int rc = check_target(k, &rf, target.ptr, target.len);
    size_t headers_at = at;
    size_t headers_end = len;
    while (in_next_line(d, len, &at, &l)) {
        if (l.len == 0) {
            headers_end = (size_t)(l.ptr - d);
            break;
        }
        hssc_str n, v;
        if (!in_header_line(l.ptr, l.len, &n, &v)) {
            rf.line = l.number;
            finding(k, &rf, HSSC_E_HTTP_MESSAGE, HSSC_FIELD_HEADER, 0);
        }
    }
    rf.line = 1;
    check_headers(k, &rf, d + headers_at, headers_end - headers_at, 1, version.ptr != NULL);
    return rc;
}

static void count_item(checker *k)
{
    report_count_entry(k->rep, k->item_broken);
    k->item_broken = 0;
}

/* One input: a message, or one item per line. */
static int check_input(void *ctx, const char *name, const char *d, size_t len)
{
    checker *k = ctx;
    report_finding base = report_finding_of(name, HSSC_SIDE_REQUEST);
    k->rep->inputs++;
    if (in_is_request_message(d, len)) {
        int rc = check_message(k, &base, d, len);
        count_item(k);
        return rc;
    }
    size_t at = 0;
    in_line l = {0};
    while (in_next_line(d, len, &at, &l)) {
        if (l.len == 0) {
            continue;
        }
        base.line = l.number;
        hssc_str method, target, version;
        int rc;
        if (in_request_line(l.ptr, l.len, &method, &target, &version)) {
            check_line_shape(k, &base, method, version);
            rc = check_target(k, &base, target.ptr, target.len);
        } else {
            rc = check_target(k, &base, l.ptr, l.len);
        }
        count_item(k);
        if (rc != HSSC_EXIT_OK) {
            return rc;
        }
    }
    return HSSC_EXIT_OK;
}

static int is_item_argument(const char *a)
{
    return strncmp(a, "/v5/", 4) == 0 || strncmp(a, "http://", 7) == 0 ||
           strncmp(a, "https://", 8) == 0;
}

/* --headers FILE: the credential headers on their own. */
static int check_headers_file(checker *k, const char *path)
{
    char *data = NULL;
    size_t len = 0;
    if (cli_read_all(SUB, path, 1024 * 1024, &data, &len) != HSSC_EXIT_OK) {
        report_input_unreadable(k->rep, path);
        return HSSC_EXIT_OK;
    }
    report_finding base = report_finding_of(path, HSSC_SIDE_REQUEST);
    check_headers(k, &base, data, len, 0, 0);
    k->item_broken = 0;
    cli_wipe_free(data, len);
    return HSSC_EXIT_OK;
}

static void check_request_help_print(FILE *f)
{
    fputs(check_request_help, f);
}

typedef struct request_args {
    const char *headers; /* --headers FILE */
} request_args;

static int take_option(void *ctx, int opt, const char *arg)
{
    if (opt != 'H') {
        return 0;
    }
    ((request_args *)ctx)->headers = arg;
    return 1;
}

static const check_cmd check_request_cmd = {
    .sub = SUB,
    .help = check_request_help_print,
    .own = {{"headers", required_argument, NULL, 'H'}},
    .take = take_option,
    .is_item = is_item_argument,
    .each = check_input,
};

int cli_cmd_check_request(int argc, char **argv)
{
    request_args args = {NULL};
    check_opts opts;
    int rc = check_cmd_parse(&check_request_cmd, &args, &opts, argc, argv);
    if (rc != CHECK_GO_ON) {
        return rc;
    }
    checker k;
    memset(&k, 0, sizeof(k));
    k.flags = opts.flags;
    report rep;
    report_init(&rep, opts.format, stdout);
    k.rep = &rep;
    rc = check_cmd_inputs(&check_request_cmd, &k, &rep, INPUT_MAX, argc, argv);
    if (rc == HSSC_EXIT_OK && args.headers != NULL) {
        rc = check_headers_file(&k, args.headers);
    }
    free(k.items);
    return check_cmd_finish(&check_request_cmd, &rep, rc);
}
