/*
 * hsscodec check-response [--status N] [--allow-unknown] [--max-body BYTES] FILE|-
 *
 * Validates a captured response body. Status 200 (the default): the body
 * must be the API's 200 body; its fields are printed as one JSON object.
 * Status >= 400: the body must be an error body; status, code, message and
 * request id are printed and the exit code is 4 (the API answered with an
 * error; also when the error body is not JSON at all). Error bodies are
 * always read with HSSC_ALLOW_UNKNOWN, because the gateway's carry extra
 * keys (docs/response.md).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *const SUB = "check-response";

/* A body larger than this is not a response of this API whatever the
 * caller asks for; it also keeps the workspace a sane size. */
#define MAX_BODY_LIMIT (64u * 1024u * 1024u)

static void usage(FILE *f)
{
    fputs("usage: hsscodec check-response [--status N] [--allow-unknown] [--max-body BYTES] FILE|-\n"
          "\n"
          "Validates a captured response body (FILE, or - for standard input).\n"
          "\n"
          "  --status N         HTTP status of the response (default 200); for N >= 400\n"
          "                     the body is read as an error body\n"
          "  --allow-unknown    skip keys the 200 body does not define (error bodies\n"
          "                     always allow them)\n"
          "  --max-body BYTES   size cap of the body (default 65536)\n"
          "  --help             this text\n"
          "\n"
          "Output: the validated fields as one JSON object on standard output.\n"
          "Exit: 0 valid; 1 the body breaks the contract (field, rule and byte offset on\n"
          "standard error); 2 usage error; 4 an error body (status >= 400) that is\n"
          "valid, or not JSON at all (an HTML page from a proxy).\n",
          f);
}

/* Parses a decimal number without sign or blanks into 0..max. */
static int parse_number(const char *s, unsigned long long max, unsigned long long *out)
{
    if (s == NULL || s[0] < '0' || s[0] > '9') {
        return 0;
    }
    errno = 0;
    char *end = NULL;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || end == NULL || *end != '\0' || v > max) {
        return 0;
    }
    *out = v;
    return 1;
}

/* "--name VALUE" or "--name=VALUE": returns the value (advancing *i for
 * the first form), or NULL when argv[*i] is not this option. *missing is
 * set when the option has no value. */
static const char *option_value(int argc, char **argv, int *i, const char *name, int *missing)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n) != 0) {
        return NULL;
    }
    if (a[n] == '=') {
        return a + n + 1;
    }
    if (a[n] != '\0') {
        return NULL;
    }
    if (*i + 1 >= argc) {
        *missing = 1;
        return NULL;
    }
    *i += 1;
    return argv[*i];
}

static void print_str_member(FILE *f, const char *name, hssc_str s, int first)
{
    fprintf(f, "%s\"%s\":", first ? "" : ",", name);
    if (s.ptr == NULL) {
        fputs("null", f);
    } else {
        cli_write_json_string(f, s.ptr, s.len);
    }
}

static int check_ok(const char *body, size_t len, unsigned flags, size_t max_body)
{
    size_t ws_len = HSSC_RESPONSE_WORKSPACE_LEN(max_body);
    void *ws = malloc(ws_len);
    if (ws == NULL) {
        fprintf(stderr, "hsscodec: %s: out of memory\n", SUB);
        return HSSC_EXIT_TRANSPORT;
    }
    hssc_response r;
    hssc_error err;
    if (hssc_response_decode(body, len, flags, max_body, ws, ws_len, &r, &err) != HSSC_OK) {
        cli_report(SUB, &err);
        free(ws);
        return HSSC_EXIT_CONTRACT;
    }
    fputs("{", stdout);
    print_str_member(stdout, "image_command", r.image_command, 1);
    print_str_member(stdout, "images_download_url", r.images_download_url, 0);
    print_str_member(stdout, "swr_image_pull_command", r.swr_image_pull_command, 0);
    fputs("}\n", stdout);
    free(ws);
    return HSSC_EXIT_OK;
}

static int check_error(const char *body, size_t len, unsigned long long status, size_t max_body)
{
    size_t ws_len = HSSC_API_ERROR_WORKSPACE_LEN(max_body);
    void *ws = malloc(ws_len);
    if (ws == NULL) {
        fprintf(stderr, "hsscodec: %s: out of memory\n", SUB);
        return HSSC_EXIT_TRANSPORT;
    }
    hssc_api_error r;
    hssc_error err;
    hssc_code c = hssc_api_error_decode(body, len, HSSC_ALLOW_UNKNOWN, max_body, ws, ws_len, &r,
                                        &err);
    if (c == HSSC_E_NOT_JSON) {
        /* An HTML page from a proxy is still the server's error answer: the
         * exit code says so, as `get` does (docs/response.md). */
        fprintf(stderr, "hsscodec: %s: HTTP status %llu: the error body is not JSON (%zu bytes)\n",
                SUB, status, len);
        free(ws);
        return HSSC_EXIT_API;
    }
    if (c != HSSC_OK) {
        /* Say which status it was: "502 with an HTML page" is the answer a
         * person needs, not just "not JSON". */
        fprintf(stderr, "hsscodec: %s: HTTP status %llu, and the error body breaks the contract:\n",
                SUB, status);
        cli_report(SUB, &err);
        free(ws);
        return HSSC_EXIT_CONTRACT;
    }
    fprintf(stdout, "{\"status\":%llu,", status);
    print_str_member(stdout, "error_code", r.error_code, 1);
    print_str_member(stdout, "error_msg", r.error_msg, 0);
    print_str_member(stdout, "request_id", r.request_id, 0);
    fputs("}\n", stdout);
    fprintf(stderr, "hsscodec: %s: the API answered with HTTP status %llu\n", SUB, status);
    free(ws);
    return HSSC_EXIT_API;
}

int cli_cmd_check_response(int argc, char **argv)
{
    unsigned long long status = 200;
    unsigned long long max_body = HSSC_BODY_MAX_DEFAULT;
    unsigned flags = 0;
    const char *path = NULL;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int missing = 0;
        const char *v;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return HSSC_EXIT_OK;
        }
        if (strcmp(a, "--allow-unknown") == 0) {
            flags |= HSSC_ALLOW_UNKNOWN;
            continue;
        }
        if ((v = option_value(argc, argv, &i, "--status", &missing)) != NULL || missing) {
            if (missing || !parse_number(v, 599, &status) || status < 100) {
                return cli_usage_error(SUB, "--status needs an HTTP status from 100 to 599");
            }
            continue;
        }
        if ((v = option_value(argc, argv, &i, "--max-body", &missing)) != NULL || missing) {
            if (missing || !parse_number(v, MAX_BODY_LIMIT, &max_body)) {
                return cli_usage_error(SUB, "--max-body needs a number of bytes from 0 to 67108864");
            }
            continue;
        }
        if (strcmp(a, "--") == 0) {
            if (i + 2 != argc || path != NULL) {
                return cli_usage_error(SUB, "expected exactly one FILE (or - for standard input)");
            }
            path = argv[i + 1];
            break;
        }
        if (a[0] == '-' && a[1] != '\0') {
            return cli_usage_error(SUB, "unknown option (try --help)");
        }
        if (path != NULL) {
            return cli_usage_error(SUB, "expected exactly one FILE (or - for standard input)");
        }
        path = a;
    }
    if (path == NULL) {
        return cli_usage_error(SUB, "expected a FILE (or - for standard input); try --help");
    }
    if (status != 200 && status < 400) {
        fprintf(stderr,
                "hsscodec: %s: HTTP status %llu: the API answers 200 or an error status (>= 400)\n",
                SUB, status);
        return HSSC_EXIT_CONTRACT;
    }

    char *body = NULL;
    size_t len = 0;
    int rc = cli_read_all(path, (size_t)max_body, &body, &len);
    if (rc != 0) {
        return rc;
    }
    rc = status >= 400 ? check_error(body, len, status, (size_t)max_body)
                       : check_ok(body, len, flags, (size_t)max_body);
    free(body);
    return rc;
}
