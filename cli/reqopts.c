/* Options of the request-building subcommands (url, get). */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include <stdlib.h>
#include <string.h>

#include "reqopts.h"

/* The options that carry a request field, and how a missing one is named. */
static const struct {
    int opt;
    hssc_field field;
    const char *flag;
} field_opts[] = {
    {OPT_PROJECT_ID, HSSC_FIELD_PROJECT_ID, "--project-id (or HSS_PROJECT_ID)"},
    {OPT_REGISTRY_ADDR, HSSC_FIELD_REGISTRY_ADDR, "--registry-addr"},
    {OPT_NAMESPACE, HSSC_FIELD_NAMESPACE, "--namespace"},
    {OPT_USERNAME, HSSC_FIELD_USERNAME, "--username"},
    {OPT_EPS, HSSC_FIELD_ENTERPRISE_PROJECT_ID, "--enterprise-project-id"},
};
#define N_FIELD_OPTS (sizeof(field_opts) / sizeof(field_opts[0]))

int reqopts_take(reqopts *o, int opt, char *arg, const char *sub)
{
    for (size_t i = 0; i < N_FIELD_OPTS; i++) {
        if (field_opts[i].opt == opt) {
            o->field[field_opts[i].field] = arg;
            return 1;
        }
    }
    if (opt == OPT_PASSWORD_ARGV) {
        /* It is already in the process table; at least do not keep it in
         * ours (curl's cleanarg does the same). */
        explicit_bzero(arg, strlen(arg));
        return -cli_usage_error(sub, "the password is not accepted on the command line: use "
                                     "HSS_REGISTRY_PASSWORD, --password-file or --password-stdin");
    }
    /* The other options: where the value goes, or which flag is set. */
    const struct {
        int opt;
        const char **value;
        int *flag;
    } others[] = {
        {OPT_PASSWORD_FILE, &o->password_file, NULL},
        {OPT_PASSWORD_STDIN, NULL, &o->password_stdin},
        {OPT_ENDPOINT, &o->endpoint, NULL},
        {OPT_REGION, &o->region, NULL},
        {OPT_ALLOW_HTTP, NULL, &o->allow_http},
        {OPT_SHOW_SECRETS, NULL, &o->show_secrets},
    };
    for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
        if (others[i].opt != opt) {
            continue;
        }
        if (others[i].value != NULL) {
            *others[i].value = arg;
        } else {
            *others[i].flag = 1;
        }
        return 1;
    }
    return 0;
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
    if (o->field[HSSC_FIELD_PROJECT_ID] == NULL) {
        o->field[HSSC_FIELD_PROJECT_ID] = getenv("HSS_PROJECT_ID");
    }
    for (size_t i = 0; i < N_FIELD_OPTS; i++) {
        hssc_field f = field_opts[i].field;
        if (o->field[f] == NULL && hssc_field_get(f)->required) {
            return cli_usage_error(sub, "missing %s", field_opts[i].flag);
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
    int rc = cli_secret_read(sub, &o->password, "registry password", "HSS_REGISTRY_PASSWORD",
                             o->password_file, o->password_stdin,
                             4 * cli_field_max(HSSC_FIELD_PASSWORD) /* UTF-8 */);
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
    memset(&r, 0, sizeof(r));
    for (size_t i = 0; i < N_FIELD_OPTS; i++) {
        *hssc_request_field(&r, field_opts[i].field) = str_of(o->field[field_opts[i].field]);
    }
    *hssc_request_field(&r, HSSC_FIELD_PASSWORD) = (hssc_str){o->password.ptr, o->password.len};
    return r;
}

void reqopts_free(reqopts *o)
{
    cli_secret_free(&o->password);
}
