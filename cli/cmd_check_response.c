/*
 * hsscodec check-response: validate captured responses, many inputs at
 * once, every finding of each (hssc_response_decode_all,
 * hssc_api_error_decode_all), as one report (report.h). An input is a body,
 * or a raw HTTP response message whose status line and Content-Type say
 * what the body must be. A valid error body (status >= 400) keeps the
 * contract: it is reported as an api_error finding, not a violation. Error
 * bodies are always read with HSSC_ALLOW_UNKNOWN, because the gateway's
 * carry extra keys (docs/response.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check_cmd.h"
#include "check_input.h"
#include "cli.h"
#include "report.h"
#include "response_out.h"

static const char *const SUB = "check-response";

static const char check_response_help[] =
    "usage: hsscodec check-response [--format text|jsonl] [--status N] [--allow-unknown]\n"
    "                               [--max-body BYTES] [--field NAME] INPUT...\n"
    "\n"
    "Validates captured responses (each INPUT a FILE, or - for standard input) and\n"
    "reports every finding. An input that starts with 'HTTP/' is a raw HTTP\n"
    "response message (status line, headers, an empty line, the body): the status\n"
    "and Content-Type come from it. Any other input is a body, of status 200 unless\n"
    "--status says otherwise. A body that is not JSON is told apart: a UTF-8 byte\n"
    "order mark, gzip data, an HTTP status line (a whole message given with\n"
    "--status), an HTML page.\n"
    "\n"
    "  --format text|jsonl  text (default): one line per finding,\n"
    "                     'INPUT: response: field: reason at byte N', N the byte\n"
    "                     offset in the body; then a summary line. jsonl: one JSON\n"
    "                     object per finding and a summary (docs/report.schema.json)\n"
    "  --status N         the status of every INPUT, each then read as a body\n"
    "                     (N >= 400: an error body)\n"
    "  --allow-unknown    skip keys the 200 body does not define (error bodies\n"
    "                     always allow them)\n"
    "  --max-body BYTES   size cap of a body (default %u)\n"
    "  --field NAME       print this field of each valid 200 body, raw (as get),\n"
    "                     on standard output; the report then goes to standard error\n"
    "  -h, --help         this text; -V, --version: the version\n"
    "\n"
    "Exit: 0 every response keeps the contract (a valid error body is an\n"
    "'api_error' finding, not a violation); 1 one breaks it; 2 usage error or an\n"
    "input that cannot be read.\n";

/* Room for a message's status line and headers beyond the body cap. */
#define HEADERS_MAX (1024ul * 1024ul)

typedef struct checker {
    report *rep;
    unsigned flags;
    size_t max_body;
    int status; /* --status, or 0: from the message, else 200 */
    void *ws;
    size_t ws_len;
    hssc_finding *items;
    size_t cap;
    const char *field; /* --field: print it of each valid 200 body */
} checker;

static void violation(checker *k, const report_finding *base, hssc_code code, size_t offset)
{
    report_finding rf = *base;
    rf.error = (hssc_error){code, HSSC_FIELD_BODY, offset};
    report_finding_print(k->rep, &rf);
}

/* The body's findings; returns 1 when it has none (for status >= 400,
 * *api_code then holds the error code). */
static int check_body(checker *k, const report_finding *base, int status, const char *b, size_t len,
                      hssc_str *api_code)
{
    hssc_findings fs = {k->items, k->cap, 0, 0};
    hssc_error err;
    hssc_code rc;
    if (status >= 400) {
        hssc_api_error e;
        rc = hssc_api_error_decode_all(b, len, HSSC_ALLOW_UNKNOWN, k->max_body, k->ws, k->ws_len,
                                       &e, &fs, &err);
        *api_code = e.error_code;
    } else {
        hssc_response r;
        rc = hssc_response_decode_all(b, len, k->flags, k->max_body, k->ws, k->ws_len, &r, &fs,
                                      &err);
    }
    if (rc == HSSC_OK) {
        return 1;
    }
    size_t at = 0;
    hssc_code what = in_sniff_body(b, len, &at);
    if (fs.count == 1 && fs.items[0].code == HSSC_E_NOT_JSON && what != HSSC_OK) {
        violation(k, base, what, at);
        return 0;
    }
    in_report_findings(k->rep, base, &fs, b, 0);
    return 0;
}

/* One input: a body, or a response message. Returns 1 when it keeps the
 * contract. */
static int check_input(checker *k, const char *name, const char *d, size_t len)
{
    report_finding base = report_finding_of(name, HSSC_SIDE_RESPONSE);
    int status = k->status != 0 ? k->status : 200;
    const char *body = d;
    size_t body_len = len;
    if (k->status == 0 && in_starts_with_status_line(d, len)) {
        in_response m;
        size_t at = 0;
        if (in_response_parse(d, len, &m, &at) != HSSC_OK) {
            violation(k, &base, HSSC_E_HTTP_MESSAGE, at);
            return 0;
        }
        status = m.status;
        body = m.body;
        body_len = m.body_len;
        base.status = status;
        hssc_str ct;
        long long line = 0;
        if (status == 200 &&
            (!in_header_find(m.headers, m.headers_len, "Content-Type", &ct, &line) ||
             !hssc_content_type_is_json(ct.ptr, ct.len))) {
            violation(k, &base, HSSC_E_CONTENT_TYPE, 0);
            (void)check_body(k, &base, status, body, body_len, &ct); /* its findings too */
            return 0;
        }
    }
    if (status != 200 && status < 400) {
        violation(k, &base, HSSC_E_STATUS, 0);
        return 0;
    }
    hssc_str api_code = {NULL, 0};
    if (!check_body(k, &base, status, body, body_len, &api_code)) {
        return 0;
    }
    if (status == 200 && k->field != NULL) {
        /* as get --field prints it (the body is valid: it cannot fail) */
        response_view v = {.status = 200,
                           .body = body,
                           .body_len = body_len,
                           .allow_unknown = (k->flags & HSSC_ALLOW_UNKNOWN) != 0,
                           .field = k->field,
                           .show_secrets = 1,
                           .max_body = k->max_body};
        (void)response_print(SUB, &v);
    }
    if (status >= 400) {
        report_finding rf = base;
        rf.kind = HSSC_FINDING_API_ERROR;
        rf.error.field = HSSC_FIELD_BODY;
        rf.status = status;
        rf.api_code = api_code;
        report_finding_print(k->rep, &rf);
        k->rep->sum.api_errors++;
    }
    return 1;
}

static int run(void *ctx, const char *name, const char *d, size_t len)
{
    checker *k = ctx;
    if (in_findings_reserve(&k->items, &k->cap, len) != 0) {
        return HSSC_EXIT_TRANSPORT;
    }
    k->rep->inputs++;
    report_count_entry(k->rep, !check_input(k, name, d, len));
    return HSSC_EXIT_OK;
}

/* Past the cap and any headers: too large, whatever it is. */
static void too_large(void *ctx, const char *name)
{
    checker *k = ctx;
    report_finding base = report_finding_of(name, HSSC_SIDE_RESPONSE);
    k->rep->inputs++;
    report_count_entry(k->rep, 1);
    violation(k, &base, HSSC_E_BODY_TOO_LARGE, k->max_body);
}

static void check_response_help_print(FILE *f)
{
    fprintf(f, check_response_help, HSSC_BODY_MAX_DEFAULT);
}

static int take_option(void *ctx, int opt, const char *arg)
{
    checker *k = ctx;
    if (opt == 'F') {
        if (response_field_option(SUB, arg) != HSSC_EXIT_OK) {
            return -HSSC_EXIT_USAGE;
        }
        k->field = arg;
    } else if (opt == 's') {
        unsigned long status = 0;
        if (!cli_parse_number(arg, 599, &status) || status < 100) {
            return -cli_usage_error(SUB, "--status needs an HTTP status from 100 to 599");
        }
        k->status = (int)status;
    } else if (opt == 'm') {
        unsigned long max_body = 0;
        if (!cli_parse_number(arg, CLI_MAX_BODY_LIMIT, &max_body)) {
            return -cli_usage_error(SUB, "--max-body needs a number of bytes from 0 to 67108864");
        }
        k->max_body = max_body;
    } else {
        return 0;
    }
    return 1;
}

static const check_cmd check_response_cmd = {
    .sub = SUB,
    .help = check_response_help_print,
    .own = {{"status", required_argument, NULL, 's'},
            {"max-body", required_argument, NULL, 'm'},
            {"field", required_argument, NULL, 'F'}},
    .take = take_option,
    .each = run,
    .too_large = too_large,
};

int cli_cmd_check_response(int argc, char **argv)
{
    checker k;
    memset(&k, 0, sizeof(k));
    k.max_body = HSSC_BODY_MAX_DEFAULT;
    check_opts opts;
    int rc = check_cmd_parse(&check_response_cmd, &k, &opts, argc, argv);
    if (rc != CHECK_GO_ON) {
        return rc;
    }
    k.flags = opts.flags;
    k.ws_len = HSSC_API_ERROR_WORKSPACE_LEN(k.max_body) > HSSC_RESPONSE_WORKSPACE_LEN(k.max_body)
                   ? HSSC_API_ERROR_WORKSPACE_LEN(k.max_body)
                   : HSSC_RESPONSE_WORKSPACE_LEN(k.max_body);
    k.ws = malloc(k.ws_len);
    if (k.ws == NULL) {
        cli_say(SUB, "out of memory");
        return HSSC_EXIT_TRANSPORT;
    }
    report rep;
    report_init(&rep, opts.format, k.field != NULL ? stderr : stdout);
    rep.no_summary = k.field != NULL; /* stdout holds the values; stderr only findings */
    k.rep = &rep;
    rc = check_cmd_inputs(&check_response_cmd, &k, &rep, k.max_body + HEADERS_MAX, argc, argv);
    free(k.items);
    cli_wipe_free(k.ws, k.ws_len); /* decoded copies of the bodies */
    return check_cmd_finish(&check_response_cmd, &rep, rc);
}
