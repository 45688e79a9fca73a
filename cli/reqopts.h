/* The request's options, shared by the subcommands that build a request. */
#ifndef HSSC_CLI_REQOPTS_H
#define HSSC_CLI_REQOPTS_H

#include <getopt.h>

#include "cli.h"

typedef struct reqopts {
    /* The request fields given as options (project_id, registry_addr,
     * namespace, username, enterprise_project_id), by field; NULL: not
     * given. The password comes from its own sources, below. */
    const char *field[HSSC_FIELD_COUNT_];
    const char *password_file;
    int password_stdin;
    const char *endpoint;
    const char *region;
    int allow_http;
    int show_secrets;
    char endpoint_buf[160]; /* https://hss.<region>.myhuaweicloud.com */
    cli_secret password;
} reqopts;

/* Long options every request-building subcommand takes; option values
 * start at 1000. */
enum {
    OPT_PROJECT_ID = 1000,
    OPT_REGISTRY_ADDR,
    OPT_NAMESPACE,
    OPT_USERNAME,
    OPT_EPS,
    OPT_PASSWORD_FILE,
    OPT_PASSWORD_STDIN,
    OPT_PASSWORD_ARGV,
    OPT_ENDPOINT,
    OPT_REGION,
    OPT_ALLOW_HTTP,
    OPT_SHOW_SECRETS,
    OPT_NEXT_ /* first value free for a subcommand's own options */
};

#define REQOPTS_LONG_OPTIONS                                                                       \
    {"project-id", required_argument, NULL, OPT_PROJECT_ID},                                       \
        {"registry-addr", required_argument, NULL, OPT_REGISTRY_ADDR},                             \
        {"namespace", required_argument, NULL, OPT_NAMESPACE},                                     \
        {"username", required_argument, NULL, OPT_USERNAME},                                       \
        {"enterprise-project-id", required_argument, NULL, OPT_EPS},                               \
        {"password-file", required_argument, NULL, OPT_PASSWORD_FILE},                             \
        {"password-stdin", no_argument, NULL, OPT_PASSWORD_STDIN},                                 \
        {"password", required_argument, NULL, OPT_PASSWORD_ARGV},                                  \
        {"endpoint", required_argument, NULL, OPT_ENDPOINT},                                       \
        {"region", required_argument, NULL, OPT_REGION},                                           \
        {"allow-http", no_argument, NULL, OPT_ALLOW_HTTP},                                         \
        {"show-secrets", no_argument, NULL, OPT_SHOW_SECRETS}, CLI_COMMON_LONG_OPTIONS

#define REQOPTS_HELP                                                                               \
    "  --project-id ID              project id (or env HSS_PROJECT_ID)\n"                          \
    "  --registry-addr ADDR         registry address: host[:port], IPv4[:port],\n"                 \
    "                               [IPv6][:port], optionally http:// or https://\n"               \
    "  --namespace NS               image repository project\n"                                    \
    "  --username USER              registry user name\n"                                          \
    "  --enterprise-project-id ID   optional, e.g. all_granted_eps\n"                              \
    "  registry password: env HSS_REGISTRY_PASSWORD, --password-file FILE or\n"                    \
    "                     --password-stdin (never on the command line)\n"                          \
    "  --endpoint URL               https://host[:port] of the API\n"                              \
    "  --region REGION              endpoint https://hss.REGION.myhuaweicloud.com\n"               \
    "  --allow-http                 accept an http:// endpoint (loopback testing)\n"               \
    "  --show-secrets               print secrets instead of ***\n"                                \
    "  -h, --help                   this text; -V, --version: the version\n"

/* Takes one option of the set; returns 1 if it was one, 0 if not, or
 * -HSSC_EXIT_USAGE for an option that must be refused. */
int reqopts_take(reqopts *o, int opt, char *arg, const char *sub);

/* After option parsing: environment defaults, the password, the endpoint.
 * need_password: whether a missing password is a usage error. Returns an
 * exit code (0: go on). */
int reqopts_finish(reqopts *o, const char *sub, int need_password);

/* The request as the codec sees it (points into o). */
hssc_request reqopts_request(const reqopts *o);

void reqopts_free(reqopts *o);

#endif
