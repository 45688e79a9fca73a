/*
 * hsscodec check-response [--status N] [--allow-unknown] [--max-body BYTES]
 *                         [--field NAME] FILE|-
 *
 * Validates a captured response body. Status 200 (the default): the body
 * must be the API's 200 body; its fields are printed as one JSON object.
 * Status >= 400: the body must be an error body; status, code, message and
 * request id are printed and the exit code is 4 (the API answered with an
 * error; also when the error body is not JSON at all). Error bodies are
 * always read with HSSC_ALLOW_UNKNOWN, because the gateway's carry extra
 * keys (docs/response.md).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "response_out.h"

static const char *const SUB = "check-response";

static const char check_response_help[] =
    "usage: hsscodec check-response [--status N] [--allow-unknown] [--max-body BYTES]\n"
    "                               [--field NAME] FILE|-\n"
    "\n"
    "Validates a captured response body (FILE, or - for standard input).\n"
    "\n"
    "  --status N         HTTP status of the response (default 200); for N >= 400\n"
    "                     the body is read as an error body\n"
    "  --allow-unknown    skip keys the 200 body does not define (error bodies\n"
    "                     always allow them)\n"
    "  --max-body BYTES   size cap of the body (default %u)\n"
    "  --field NAME       print only this field of a 200 body, raw (as get)\n"
    "  -h, --help         this text; -V, --version: the version\n"
    "\n"
    "Output: the validated fields as one JSON object on standard output.\n"
    "Exit: 0 valid; 1 the body breaks the contract (field, rule and byte offset on\n"
    "standard error); 2 usage error; 4 an error body (status >= 400) that is\n"
    "valid, or not JSON at all (an HTML page from a proxy).\n";

static void check_response_help_print(FILE *f)
{
    fprintf(f, check_response_help, HSSC_BODY_MAX_DEFAULT);
}

static int check_error(const char *body, size_t len, unsigned long status, size_t max_body)
{
    size_t ws_len = HSSC_API_ERROR_WORKSPACE_LEN(max_body);
    void *ws = malloc(ws_len);
    if (ws == NULL) {
        cli_say(SUB, "out of memory");
        return HSSC_EXIT_TRANSPORT;
    }
    hssc_api_error r;
    hssc_error err;
    hssc_code c = hssc_api_error_decode(body, len, HSSC_ALLOW_UNKNOWN, max_body, ws, ws_len, &r,
                                        &err);
    int rc = HSSC_EXIT_API;
    if (c == HSSC_E_NOT_JSON) {
        /* An HTML page from a proxy is still the server's error answer: the
         * exit code says so, as `get` does (docs/response.md). */
        cli_say(SUB, "HTTP status %lu: the error body is not JSON (%zu bytes)", status, len);
    } else if (c != HSSC_OK) {
        /* Say which status it was: "502 with an HTML page" is the answer a
         * person needs, not just "not JSON". */
        char line[256];
        (void)hssc_error_format(&err, line, sizeof(line));
        cli_say(SUB, "HTTP status %lu, and the error body breaks the contract: %s", status, line);
        rc = HSSC_EXIT_CONTRACT;
    } else {
        char lead[32];
        (void)snprintf(lead, sizeof(lead), "\"status\":%lu", status);
        response_write_json(stdout, lead, NULL, &r, NULL);
        cli_say(SUB, "the API answered with HTTP status %lu", status);
    }
    free(ws);
    return rc;
}

enum { OPT_STATUS = 1000, OPT_ALLOW_UNKNOWN, OPT_MAX_BODY, OPT_FIELD };

int cli_cmd_check_response(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"status", required_argument, NULL, OPT_STATUS},
        {"allow-unknown", no_argument, NULL, OPT_ALLOW_UNKNOWN},
        {"max-body", required_argument, NULL, OPT_MAX_BODY},
        {"field", required_argument, NULL, OPT_FIELD},
        CLI_COMMON_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    unsigned long status = 200;
    unsigned long max_body = HSSC_BODY_MAX_DEFAULT;
    int allow_unknown = 0;
    const char *field = NULL;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, CLI_SHORT_OPTIONS, longopts, NULL)) != -1) {
        switch (opt) {
        case OPT_FIELD:
            if (response_field_option(SUB, optarg) != HSSC_EXIT_OK) {
                return HSSC_EXIT_USAGE;
            }
            field = optarg;
            break;
        case OPT_ALLOW_UNKNOWN:
            allow_unknown = 1;
            break;
        case OPT_STATUS:
            if (!cli_parse_number(optarg, 599, &status) || status < 100) {
                return cli_usage_error(SUB, "--status needs an HTTP status from 100 to 599");
            }
            break;
        case OPT_MAX_BODY:
            if (!cli_parse_number(optarg, CLI_MAX_BODY_LIMIT, &max_body)) {
                return cli_usage_error(SUB, "--max-body needs a number of bytes from 0 to 67108864");
            }
            break;
        default:
            return cli_common_option(SUB, check_response_help_print, opt, argv);
        }
    }
    if (argc - optind != 1) {
        return cli_usage_error(SUB, "give exactly one FILE, or - for standard input");
    }
    if (status != 200 && status < 400) {
        cli_say(SUB, "HTTP status %lu: the API answers 200 or an error status (>= 400)", status);
        return HSSC_EXIT_CONTRACT;
    }

    char *body = NULL;
    size_t len = 0;
    int rc = cli_read_all(SUB, argv[optind], (size_t)max_body, &body, &len);
    if (rc != HSSC_EXIT_OK) {
        return rc;
    }
    if (status >= 400) {
        rc = check_error(body, len, status, (size_t)max_body);
    } else {
        /* A 200 body: the same validation and printing as `get`. */
        response_view v = {
            .status = 200, .body = body, .body_len = len, .allow_unknown = allow_unknown,
            .field = field, .show_secrets = 1, .max_body = (size_t)max_body,
        };
        rc = response_print(SUB, &v);
    }
    free(body);
    return rc;
}
