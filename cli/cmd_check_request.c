/* hsscodec check-request: validate a captured request target or URL. */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

static const char check_request_help[] =
    "usage: hsscodec check-request [--allow-unknown] [--headers FILE] TARGET|-\n\n"
    "Validates a captured request target (/v5/...?...) or absolute URL\n"
    "(https://host/v5/...?...) against the contract and prints the decoded\n"
    "parameters, the password as ***. With '-' the target is read from standard\n"
    "input (one trailing newline is ignored): prefer that, since a captured\n"
    "request holds the registry password and the command line is visible to\n"
    "other users in the process list.\n\n"
    "options:\n"
    "  --allow-unknown   skip query parameters the API does not define\n"
    "  --headers FILE    also check captured request headers, one 'Name: value'\n"
    "                    per line: X-Auth-Token, or Authorization (the shape of\n"
    "                    SDK-HMAC-SHA256 ...) with X-Sdk-Date. A signature cannot\n"
    "                    be verified without the secret key; only its shape is.\n"
    "  -h, --help        this text; -V, --version: the version\n"
    "\nExit codes: 0 valid, 1 the request breaks the contract (field, rule and byte\n"
    "offset are printed), 2 usage error.\n";

static void check_request_help_print(FILE *f)
{
    fputs(check_request_help, f);
}

/* The decoded fields, in the order of the field table. */
static void print_request(const hssc_request *r)
{
    for (hssc_field f = HSSC_FIELD_NONE; f < HSSC_FIELD_COUNT_; f++) {
        const hssc_str *v = hssc_request_field_const(r, f);
        if (v == NULL || v->ptr == NULL) {
            continue; /* not a request field, or not in this request */
        }
        const hssc_field_info *info = hssc_field_get(f);
        printf("%s: ", info->name);
        if (info->secret) {
            fputs("***", stdout);
        } else {
            cli_write_safe(stdout, v->ptr, v->len, 0);
        }
        fputc('\n', stdout);
    }
}

/* Header lines ("Name: value"); names case-insensitive. */
static int header_value(const char *data, size_t len, const char *name, const char **v,
                        size_t *vlen)
{
    size_t n = strlen(name);
    size_t at = 0;
    while (at < len) {
        const char *nl = memchr(data + at, '\n', len - at);
        size_t end = nl != NULL ? (size_t)(nl - data) : len;
        size_t line = end - at;
        if (line > 0 && data[at + line - 1] == '\r') {
            line--;
        }
        if (line > n && data[at + n] == ':' && strncasecmp(data + at, name, n) == 0) {
            size_t s = at + n + 1;
            while (s < at + line && (data[s] == ' ' || data[s] == '\t')) {
                s++;
            }
            *v = data + s;
            *vlen = at + line - s;
            return 1;
        }
        at = end + 1;
    }
    return 0;
}

/* Checks the credentials headers of a captured request. */
static int check_headers(const char *path)
{
    char *data = NULL;
    size_t len = 0;
    int rc = cli_read_all("check-request", path, 1024 * 1024, &data, &len);
    if (rc != HSSC_EXIT_OK) {
        return rc;
    }
    const char *v = NULL;
    size_t vlen = 0;
    hssc_error err;
    if (header_value(data, len, "Authorization", &v, &vlen)) {
        hssc_authorization a;
        const char *d = NULL;
        size_t dlen = 0;
        if (hssc_authorization_parse(v, vlen, &a, &err) != HSSC_OK) {
            cli_report("check-request", &err);
            rc = HSSC_EXIT_CONTRACT;
        } else if (!header_value(data, len, "X-Sdk-Date", &d, &dlen)) {
            cli_say("check-request", "Authorization without X-Sdk-Date");
            rc = HSSC_EXIT_CONTRACT;
        } else if (hssc_sdk_date_check(d, dlen, &err) != HSSC_OK) {
            cli_report("check-request", &err);
            rc = HSSC_EXIT_CONTRACT;
        } else {
            printf("authorization: SDK-HMAC-SHA256, access key %.*s, signed headers %.*s\n"
                   "x-sdk-date: %.*s\n"
                   "signature: shape ok, not verified (that needs the secret key)\n",
                   (int)a.access_key.len, a.access_key.ptr, (int)a.signed_headers.len,
                   a.signed_headers.ptr, (int)dlen, d);
        }
    } else if (header_value(data, len, "X-Auth-Token", &v, &vlen)) {
        if (hssc_token_check(v, vlen, &err) != HSSC_OK) {
            cli_report("check-request", &err);
            rc = HSSC_EXIT_CONTRACT;
        } else {
            printf("X-Auth-Token: *** (%zu bytes, visible ASCII)\n", vlen);
        }
    } else {
        cli_say("check-request", "the headers carry neither X-Auth-Token nor Authorization");
        rc = HSSC_EXIT_CONTRACT;
    }
    explicit_bzero(data, len);
    free(data);
    return rc;
}

int cli_cmd_check_request(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"allow-unknown", no_argument, NULL, 'u'},
        {"headers", required_argument, NULL, 'H'},
        CLI_COMMON_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    unsigned flags = 0;
    const char *headers = NULL;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, CLI_SHORT_OPTIONS, longopts, NULL)) != -1) {
        if (opt == 'H') {
            headers = optarg;
        } else if (opt == 'u') {
            flags |= HSSC_ALLOW_UNKNOWN;
        } else {
            return cli_common_option("check-request", check_request_help_print, opt, argv);
        }
    }
    if (argc - optind != 1) {
        return cli_usage_error("check-request", "give exactly one TARGET, or - for standard input");
    }
    char *target = NULL;
    size_t len = 0;
    if (strcmp(argv[optind], "-") == 0) {
        /* Read somewhat more than the codec accepts, so that an over-long
         * target gets the codec's own verdict. */
        int rc = cli_read_all("check-request", "-", 4 * HSSC_TARGET_MAX, &target, &len);
        if (rc != HSSC_EXIT_OK) {
            return rc;
        }
        if (len > 0 && target[len - 1] == '\n') {
            len--;
            if (len > 0 && target[len - 1] == '\r') {
                len--;
            }
        }
    } else {
        len = strlen(argv[optind]);
        target = malloc(len + 1);
        if (target == NULL) {
            return HSSC_EXIT_TRANSPORT;
        }
        memcpy(target, argv[optind], len + 1);
        /* The target holds the password: take it out of our argv. */
        explicit_bzero(argv[optind], len);
    }
    char *scratch = malloc(len + 1);
    hssc_request req;
    hssc_error err;
    int rc = HSSC_EXIT_OK;
    if (scratch == NULL) {
        rc = HSSC_EXIT_TRANSPORT;
    } else if (hssc_request_decode(target, len, flags, scratch, len + 1, &req, &err) != HSSC_OK) {
        cli_report("check-request", &err);
        rc = HSSC_EXIT_CONTRACT;
    } else {
        print_request(&req);
        if (headers != NULL) {
            rc = check_headers(headers);
        }
    }
    if (scratch != NULL) {
        explicit_bzero(scratch, len + 1);
        free(scratch);
    }
    explicit_bzero(target, len);
    free(target);
    return rc;
}
