/* hsscodec url: build and print the request. */
#include <stdlib.h>
#include <string.h>

#include "reqopts.h"

static const char url_help[] =
    "usage: hsscodec url [options]\n\n"
    "Validates the parameters and prints the request target\n"
    "(/v5/{project_id}/image/registries/image-upload-command?...), or the full URL\n"
    "with --endpoint or --region. Parameters are percent-encoded (RFC 3986\n"
    "unreserved bytes stay) and sorted by name. The password is printed as ***\n"
    "unless --show-secrets is given.\n\noptions:\n" REQOPTS_HELP
    "\nExit codes: 0 ok, 1 a parameter breaks the contract, 2 usage error.\n";

static void url_help_print(FILE *f)
{
    fputs(url_help, f);
}

int cli_cmd_url(int argc, char **argv)
{
    static const struct option longopts[] = {REQOPTS_LONG_OPTIONS, {NULL, 0, NULL, 0}};
    reqopts o;
    memset(&o, 0, sizeof(o));
    optind = 1;
    int opt;
    int rc = HSSC_EXIT_OK;
    while ((opt = getopt_long(argc, argv, CLI_SHORT_OPTIONS, longopts, NULL)) != -1) {
        int took = reqopts_take(&o, opt, optarg, "url");
        if (took < 0) {
            return -took;
        }
        if (took == 0) {
            return cli_common_option("url", url_help_print, opt, argv);
        }
    }
    if (optind != argc) {
        return cli_usage_error("url", "unexpected argument");
    }
    rc = reqopts_finish(&o, "url", 1);
    if (rc != HSSC_EXIT_OK) {
        reqopts_free(&o);
        return rc;
    }
    hssc_request req = reqopts_request(&o);
    unsigned flags = (o.allow_http ? HSSC_ALLOW_HTTP : 0u) | (o.show_secrets ? 0u : HSSC_REDACT);
    hssc_error err;
    size_t need = 0;
    hssc_code c = o.endpoint != NULL ? hssc_request_encode_url(&req, o.endpoint, strlen(o.endpoint),
                                                               flags, NULL, 0, &need, &err)
                                     : hssc_request_encode(&req, flags, NULL, 0, &need, &err);
    char *out = c == HSSC_OK ? malloc(need + 1) : NULL;
    if (out != NULL) {
        c = o.endpoint != NULL ? hssc_request_encode_url(&req, o.endpoint, strlen(o.endpoint),
                                                         flags, out, need + 1, &need, &err)
                               : hssc_request_encode(&req, flags, out, need + 1, &need, &err);
    }
    if (c != HSSC_OK) {
        cli_report("url", &err);
        rc = err.code == HSSC_E_MISSING ? HSSC_EXIT_USAGE : HSSC_EXIT_CONTRACT;
    } else if (out == NULL) {
        cli_say("url", "out of memory");
        rc = HSSC_EXIT_TRANSPORT;
    } else {
        fwrite(out, 1, need, stdout);
        fputc('\n', stdout);
    }
    cli_wipe_free(out, need + 1);
    reqopts_free(&o);
    return rc;
}
