/* Options of the request-building subcommands (url, get). */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include <stdlib.h>
#include <string.h>

#include "reqopts.h"

int reqopts_take(reqopts *o, int opt, char *arg, const char *sub)
{
    switch (opt) {
    case OPT_PROJECT_ID:
        o->project_id = arg;
        return 1;
    case OPT_REGISTRY_ADDR:
        o->registry_addr = arg;
        return 1;
    case OPT_NAMESPACE:
        o->namespace_ = arg;
        return 1;
    case OPT_USERNAME:
        o->username = arg;
        return 1;
    case OPT_EPS:
        o->enterprise_project_id = arg;
        return 1;
    case OPT_PASSWORD_FILE:
        o->password_file = arg;
        return 1;
    case OPT_PASSWORD_STDIN:
        o->password_stdin = 1;
        return 1;
    case OPT_PASSWORD_ARGV:
        /* It is already in the process table; at least do not keep it in
         * ours (curl's cleanarg does the same). */
        explicit_bzero(arg, strlen(arg));
        return -cli_usage_error(sub, "the password is not accepted on the command line: use "
                                     "HSS_REGISTRY_PASSWORD, --password-file or --password-stdin");
    case OPT_ENDPOINT:
        o->endpoint = arg;
        return 1;
    case OPT_REGION:
        o->region = arg;
        return 1;
    case OPT_ALLOW_HTTP:
        o->allow_http = 1;
        return 1;
    case OPT_SHOW_SECRETS:
        o->show_secrets = 1;
        return 1;
    default:
        return 0;
    }
}

static int region_ok(const char *r)
{
    size_t n = strlen(r);
    if (n == 0 || n > 64) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        char c = r[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
            return 0;
        }
    }
    return 1;
}

int reqopts_finish(reqopts *o, const char *sub, int need_password)
{
    if (o->project_id == NULL) {
        o->project_id = getenv("HSS_PROJECT_ID");
    }
    static const struct {
        const char *flag;
        size_t offset;
    } required[] = {
        {"--project-id (or HSS_PROJECT_ID)", offsetof(reqopts, project_id)},
        {"--registry-addr", offsetof(reqopts, registry_addr)},
        {"--namespace", offsetof(reqopts, namespace_)},
        {"--username", offsetof(reqopts, username)},
    };
    for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
        const char *const *v = (const char *const *)(const void *)((const char *)o + required[i].offset);
        if (*v == NULL) {
            fprintf(stderr, "hsscodec: %s: missing %s\n", sub, required[i].flag);
            return HSSC_EXIT_USAGE;
        }
    }
    if (o->endpoint != NULL && o->region != NULL) {
        return cli_usage_error(sub, "give --endpoint or --region, not both");
    }
    if (o->region != NULL) {
        if (!region_ok(o->region)) {
            return cli_usage_error(sub, "--region takes a region name such as ap-southeast-1");
        }
        (void)snprintf(o->endpoint_buf, sizeof(o->endpoint_buf), "https://hss.%s.myhuaweicloud.com",
                       o->region);
        o->endpoint = o->endpoint_buf;
    }
    int rc = cli_secret_read(&o->password, "registry password", "HSS_REGISTRY_PASSWORD",
                             o->password_file, o->password_stdin, 4 * 128);
    if (rc != HSSC_EXIT_OK) {
        return rc;
    }
    if (o->password.ptr == NULL && need_password) {
        return cli_usage_error(sub, "no registry password: set HSS_REGISTRY_PASSWORD, or use "
                                    "--password-file FILE or --password-stdin");
    }
    return HSSC_EXIT_OK;
}

static hssc_str str_of(const char *s)
{
    hssc_str v = {s, s != NULL ? strlen(s) : 0};
    return v;
}

hssc_request reqopts_request(const reqopts *o)
{
    hssc_request r;
    r.project_id = str_of(o->project_id);
    r.registry_addr = str_of(o->registry_addr);
    r.namespace_ = str_of(o->namespace_);
    r.username = str_of(o->username);
    r.password.ptr = o->password.ptr;
    r.password.len = o->password.len;
    r.enterprise_project_id = str_of(o->enterprise_project_id);
    return r;
}

void reqopts_free(reqopts *o)
{
    cli_secret_free(&o->password);
}
