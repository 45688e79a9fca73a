/* hsscodec get: call the API for real and print a validated answer. */
#define _DEFAULT_SOURCE /* explicit_bzero, strncasecmp */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <uriparser/Uri.h>

#include "reqopts.h"
#include "response_out.h"
#include "transport.h"

enum {
    OPT_TOKEN_FILE = OPT_NEXT_,
    OPT_TOKEN_ARGV,
    OPT_CACERT,
    OPT_CONNECT_TIMEOUT,
    OPT_TIMEOUT,
    OPT_MAX_BODY,
    OPT_FIELD,
    OPT_DRY_RUN,
    OPT_VERBOSE,
    OPT_ALLOW_UNKNOWN,
    OPT_SDK_DATE
};

static const char get_help[] =
    "usage: hsscodec get [options]\n\n"
    "Calls GET /v5/{project_id}/image/registries/image-upload-command and prints\n"
    "the validated response as JSON (or one field raw with --field). Error\n"
    "answers are decoded and printed with their status, code, message and\n"
    "request id; any secret the server echoes is shown as ***.\n\noptions:\n" REQOPTS_HELP
    "  token: env HSS_AUTH_TOKEN or --token-file FILE (never on the command line)\n"
    "  or AK/SK signing (SDK-HMAC-SHA256): env CLOUD_SDK_AK and CLOUD_SDK_SK, plus\n"
    "        CLOUD_SDK_SECURITY_TOKEN for temporary credentials\n"
    "  --sdk-date YYYYMMDDTHHMMSSZ  fix the signing time (reproducible dry runs)\n"
    "  --cacert FILE                trust this CA bundle (TLS is always verified)\n"
    "  --connect-timeout SECONDS    default 10\n"
    "  --timeout SECONDS            whole transfer, default 30\n"
    "  --max-body BYTES             response size cap, default %u\n"
    "  --field NAME                 print only this response field, raw\n"
    "  --allow-unknown              accept (and drop) unknown keys in the response\n"
    "  --dry-run                    print the exact request, secrets as *** (exact\n"
    "                               with --show-secrets); send nothing\n"
    "  --verbose                    log the transfer on stderr, secrets as ***\n"
    "\n--allow-http accepts http:// only for loopback hosts (127.0.0.0/8, ::1,\n"
    "localhost), for tests against a local mock.\n"
    "\nExit codes: 0 ok, 1 the response broke the contract, 2 usage error,\n"
    "3 transport error (DNS, TLS, timeout, size cap), 4 the API answered with an\n"
    "error status.\n";

static void get_help_print(FILE *f)
{
    fprintf(f, get_help, HSSC_BODY_MAX_DEFAULT);
}

/* Header and trailer bytes accepted from the server: real answers carry a
 * few hundred; libcurl caps headers (100 KiB a line) but not trailers. */
#define MAX_HEADER_BYTES (64u * 1024u)

typedef struct getopts {
    reqopts req;
    const char *token_file;
    const char *cacert;
    long connect_timeout_ms;
    long timeout_ms;
    size_t max_body;
    const char *field;
    int dry_run;
    int verbose;
    int allow_unknown;
    const char *sdk_date;
    cli_secret token;
    /* AK/SK signing: used when CLOUD_SDK_AK and CLOUD_SDK_SK are set. */
    const char *ak;
    cli_secret sk;
    cli_secret security_token;
} getopts;

static int parse_args(getopts *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        REQOPTS_LONG_OPTIONS,
        {"token-file", required_argument, NULL, OPT_TOKEN_FILE},
        {"token", required_argument, NULL, OPT_TOKEN_ARGV},
        {"cacert", required_argument, NULL, OPT_CACERT},
        {"connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"max-body", required_argument, NULL, OPT_MAX_BODY},
        {"field", required_argument, NULL, OPT_FIELD},
        {"dry-run", no_argument, NULL, OPT_DRY_RUN},
        {"verbose", no_argument, NULL, OPT_VERBOSE},
        {"allow-unknown", no_argument, NULL, OPT_ALLOW_UNKNOWN},
        {"sdk-date", required_argument, NULL, OPT_SDK_DATE},
        {NULL, 0, NULL, 0},
    };
    optind = 1;
    int opt;
    unsigned long n = 0;
    while ((opt = getopt_long(argc, argv, CLI_SHORT_OPTIONS, longopts, NULL)) != -1) {
        int took = reqopts_take(&g->req, opt, optarg, "get");
        if (took < 0) {
            return -took;
        }
        if (took > 0) {
            continue;
        }
        switch (opt) {
        case OPT_TOKEN_FILE:
            g->token_file = optarg;
            break;
        case OPT_TOKEN_ARGV:
            explicit_bzero(optarg, strlen(optarg));
            return cli_usage_error("get", "the token is not accepted on the command line: use "
                                          "HSS_AUTH_TOKEN or --token-file");
        case OPT_CACERT:
            g->cacert = optarg;
            break;
        case OPT_CONNECT_TIMEOUT:
        case OPT_TIMEOUT:
            if (!cli_parse_number(optarg, 3600, &n) || n == 0) {
                return cli_usage_error("get", "timeouts are whole seconds from 1 to 3600");
            }
            *(opt == OPT_TIMEOUT ? &g->timeout_ms : &g->connect_timeout_ms) = (long)n * 1000;
            break;
        case OPT_MAX_BODY:
            if (!cli_parse_number(optarg, CLI_MAX_BODY_LIMIT, &n) || n == 0) {
                return cli_usage_error("get", "--max-body takes bytes from 1 to %lu",
                                       CLI_MAX_BODY_LIMIT);
            }
            g->max_body = n;
            break;
        case OPT_FIELD:
            g->field = optarg;
            break;
        case OPT_DRY_RUN:
            g->dry_run = 1;
            break;
        case OPT_VERBOSE:
            g->verbose = 1;
            break;
        case OPT_ALLOW_UNKNOWN:
            g->allow_unknown = 1;
            break;
        case OPT_SDK_DATE:
            g->sdk_date = optarg;
            break;
        default: {
            /* -1: help or version printed, nothing more to do. */
            int rc = cli_common_option("get", get_help_print, opt, argv);
            return rc == HSSC_EXIT_OK ? -1 : rc;
        }
        }
    }
    if (optind != argc) {
        return cli_usage_error("get", "unexpected argument");
    }
    if (g->field != NULL) {
        return response_field_option("get", g->field);
    }
    return HSSC_EXIT_OK;
}

/*
 * http:// is for a local mock: decided on the host as uriparser parses it
 * (DESIGN.md), never on a string prefix ("http://127.attacker.example" and
 * "http://127.0.0.1@evil.example" are not loopback). Loopback is a dotted
 * IPv4 literal in 127.0.0.0/8, [::1], or the name localhost (ASCII case
 * ignored, no trailing dot).
 */
static int loopback_http(const char *endpoint)
{
    UriUriA uri;
    const char *err_pos = NULL;
    if (uriParseSingleUriA(&uri, endpoint, &err_pos) != URI_SUCCESS) {
        return 0;
    }
    int ok = 0;
    size_t host_len = (size_t)(uri.hostText.afterLast - uri.hostText.first);
    static const unsigned char v6_loopback[16] = {[15] = 1};
    if (uri.hostText.first == NULL || uri.userInfo.first != NULL) {
        ok = 0;
    } else if (uri.hostData.ip4 != NULL) {
        ok = uri.hostData.ip4->data[0] == 127;
    } else if (uri.hostData.ip6 != NULL) {
        ok = memcmp(uri.hostData.ip6->data, v6_loopback, 16) == 0;
    } else if (uri.hostData.ipFuture.first == NULL) {
        ok = host_len == 9 && strncasecmp(uri.hostText.first, "localhost", 9) == 0;
    }
    uriFreeUriMembersA(&uri);
    return ok;
}

/* Builds the URL, real and redacted (the password as ***). */
static int build_url(getopts *g, char **url, char **shown, hssc_error *err)
{
    hssc_request req = reqopts_request(&g->req);
    const char *ep = g->req.endpoint;
    unsigned flags = g->req.allow_http ? HSSC_ALLOW_HTTP : 0u;
    size_t need = 0;
    size_t need_shown = 0;
    *url = NULL;
    *shown = NULL;
    if (hssc_request_encode_url(&req, ep, strlen(ep), flags, NULL, 0, &need, err) != HSSC_OK ||
        hssc_request_encode_url(&req, ep, strlen(ep), flags | HSSC_REDACT, NULL, 0, &need_shown,
                                err) != HSSC_OK) {
        return HSSC_EXIT_CONTRACT;
    }
    *url = calloc(need + 1, 1);
    *shown = calloc(need_shown + 1, 1);
    if (*url == NULL || *shown == NULL ||
        hssc_request_encode_url(&req, ep, strlen(ep), flags, *url, need + 1, &need, err) !=
            HSSC_OK ||
        hssc_request_encode_url(&req, ep, strlen(ep), flags | HSSC_REDACT, *shown, need_shown + 1,
                                &need_shown, err) != HSSC_OK) {
        return HSSC_EXIT_TRANSPORT;
    }
    return HSSC_EXIT_OK;
}

/* The request as it would be sent; with --show-secrets exactly so (the
 * URL with the password, the token), so it can be fed to check-request. */
static void dry_run(const getopts *g, const char *url, const char *shown,
                    const char *const *headers)
{
    if (g->req.show_secrets) {
        shown = url;
    }
    printf("GET %s\n", shown);
    /* libcurl adds Host from the URL: scheme://HOST[:PORT]/... */
    const char *host = strstr(shown, "://") + 3;
    printf("Host: %.*s\n", (int)strcspn(host, "/?"), host);
    for (size_t i = 0; headers[i] != NULL; i++) {
        if (strncasecmp(headers[i], "X-Auth-Token:", 13) == 0) {
            printf("X-Auth-Token: %s\n", g->req.show_secrets ? headers[i] + 14 : "***");
        } else if (strncasecmp(headers[i], "X-Security-Token:", 17) == 0) {
            printf("X-Security-Token: %s\n", g->req.show_secrets ? headers[i] + 18 : "***");
        } else if (strncasecmp(headers[i], "Host:", 5) == 0) {
            continue; /* printed above, from the URL */
        } else {
            printf("%s\n", headers[i]);
        }
    }
}

/* The token, or AK/SK for signing: exactly one of the two. */
static int read_credentials(getopts *g)
{
    const char *ak = getenv("CLOUD_SDK_AK");
    int have_sk = getenv("CLOUD_SDK_SK") != NULL;
    int have_token = getenv("HSS_AUTH_TOKEN") != NULL || g->token_file != NULL;
    if ((ak != NULL || have_sk) && have_token) {
        return cli_usage_error("get", "both HSS_AUTH_TOKEN (or --token-file) and CLOUD_SDK_AK/"
                                      "CLOUD_SDK_SK are set: use one of the two");
    }
    if ((ak != NULL) != have_sk) {
        return cli_usage_error("get", "AK/SK signing needs both CLOUD_SDK_AK and CLOUD_SDK_SK");
    }
    if (g->sdk_date != NULL && ak == NULL) {
        return cli_usage_error("get",
                               "--sdk-date is for AK/SK signing (CLOUD_SDK_AK/CLOUD_SDK_SK)");
    }
    if (ak == NULL) {
        int rc = cli_secret_read("get", &g->token, "token", "HSS_AUTH_TOKEN", g->token_file, 0,
                                 cli_field_max(HSSC_FIELD_X_AUTH_TOKEN));
        if (rc == HSSC_EXIT_OK && g->token.ptr == NULL) {
            rc =
                cli_usage_error("get", "no credentials: set HSS_AUTH_TOKEN (or --token-file FILE), "
                                       "or CLOUD_SDK_AK and CLOUD_SDK_SK");
        }
        return rc;
    }
    g->ak = ak;
    int rc = cli_secret_read("get", &g->sk, "secret key", "CLOUD_SDK_SK", NULL, 0,
                             cli_field_max(HSSC_FIELD_SECRET_KEY));
    if (rc == HSSC_EXIT_OK) {
        rc =
            cli_secret_read("get", &g->security_token, "security token", "CLOUD_SDK_SECURITY_TOKEN",
                            NULL, 0, cli_field_max(HSSC_FIELD_X_SECURITY_TOKEN));
    }
    return rc;
}

/* The credential headers, as "Name: value" lines: the token's one, or the
 * ones AK/SK signing adds (Host, Content-Type, X-Project-Id, X-Sdk-Date,
 * Authorization, X-Security-Token). They hold secrets: wiped when freed. */
#define AUTH_LINES_MAX 6

typedef struct auth_lines {
    char *line[AUTH_LINES_MAX];
    size_t count;
} auth_lines;

static void auth_lines_free(auth_lines *al)
{
    for (size_t i = 0; i < al->count; i++) {
        cli_wipe_free(al->line[i], strlen(al->line[i]));
    }
    al->count = 0;
}

static int add_line(auth_lines *al, const char *name, const char *value, size_t len)
{
    assert(al->count < AUTH_LINES_MAX);
    size_t n = strlen(name);
    char *l = malloc(n + 2 + len + 1);
    if (l == NULL) {
        return HSSC_EXIT_TRANSPORT;
    }
    memcpy(l, name, n);
    memcpy(l + n, ": ", 2);
    if (len > 0) {
        memcpy(l + n + 2, value, len);
    }
    l[n + 2 + len] = '\0';
    al->line[al->count++] = l;
    return HSSC_EXIT_OK;
}

/*
 * Signs the request as the official SDK cores do: Host, Content-Type,
 * X-Project-Id and X-Sdk-Date are sent and signed (plus X-Security-Token for
 * temporary credentials). Host is sent explicitly, so the signed value is the
 * sent one whatever libcurl would have chosen.
 */
static int sign(getopts *g, const char *url, auth_lines *sh)
{
    const char *host = strstr(url, "://") + 3;
    size_t host_len = strcspn(host, "/?");
    const char *target = host + host_len;
    char date[HSSC_SDK_DATE_LEN + 1];
    hssc_error err;
    if (g->sdk_date != NULL) {
        if (hssc_sdk_date_check(g->sdk_date, strlen(g->sdk_date), &err) != HSSC_OK) {
            cli_report("get", &err);
            return HSSC_EXIT_USAGE;
        }
        (void)snprintf(date, sizeof(date), "%s", g->sdk_date);
    } else if (hssc_sdk_date_format((long long)time(NULL), date, sizeof(date), &err) != HSSC_OK) {
        cli_report("get", &err);
        return HSSC_EXIT_TRANSPORT;
    }
    static const hssc_header content_type = {{"Content-Type", 12}, {"application/json", 16}};
    hssc_sign_request sr;
    memset(&sr, 0, sizeof(sr));
    sr.method = (hssc_str){"GET", 3};
    sr.host = (hssc_str){host, host_len};
    sr.target = (hssc_str){target, strlen(target)};
    const char *project_id = g->req.field[HSSC_FIELD_PROJECT_ID];
    sr.project_id = (hssc_str){project_id, strlen(project_id)};
    sr.sdk_date = (hssc_str){date, HSSC_SDK_DATE_LEN};
    sr.access_key = (hssc_str){g->ak, strlen(g->ak)};
    sr.secret_key = (hssc_str){g->sk.ptr, g->sk.len};
    if (g->security_token.ptr != NULL) {
        sr.security_token = (hssc_str){g->security_token.ptr, g->security_token.len};
    }
    sr.headers = &content_type;
    sr.header_count = 1;
    /* One extra signed header (content-type) beyond the default list. */
    char authz[HSSC_AUTHORIZATION_DEFAULT_MAX + sizeof("content-type;") - 1];
    size_t authz_len = 0;
    if (hssc_sign(&sr, authz, sizeof(authz), &authz_len, &err) != HSSC_OK) {
        cli_report("get", &err);
        return HSSC_EXIT_CONTRACT;
    }
    int rc = add_line(sh, "Host", host, host_len);
    rc = rc != HSSC_EXIT_OK ? rc : add_line(sh, "Content-Type", "application/json", 16);
    rc = rc != HSSC_EXIT_OK ? rc
                            : add_line(sh, "X-Project-Id", sr.project_id.ptr, sr.project_id.len);
    rc = rc != HSSC_EXIT_OK ? rc : add_line(sh, "X-Sdk-Date", date, HSSC_SDK_DATE_LEN);
    rc = rc != HSSC_EXIT_OK ? rc : add_line(sh, "Authorization", authz, authz_len);
    if (rc == HSSC_EXIT_OK && g->security_token.ptr != NULL) {
        rc = add_line(sh, "X-Security-Token", g->security_token.ptr, g->security_token.len);
    }
    return rc;
}

/* After the options: the password, the endpoint, the credentials. */
static int setup(getopts *g)
{
    int rc = reqopts_finish(&g->req, "get", 1);
    if (rc != HSSC_EXIT_OK) {
        return rc;
    }
    const char *ep = g->req.endpoint;
    if (ep == NULL) {
        return cli_usage_error("get", "give --endpoint URL or --region REGION");
    }
    if (g->req.allow_http && strncasecmp(ep, "http:", 5) == 0 && !loopback_http(ep)) {
        return cli_usage_error("get", "--allow-http is for loopback endpoints only");
    }
    return read_credentials(g);
}

/* Sends the request and prints the answer. */
static int fetch(const getopts *g, const char *url, const char *const *headers,
                 const redact_set *secrets)
{
    transport_opts t = {
        .url = url,
        .headers = headers,
        .cacert = g->cacert,
        .allow_http = g->req.allow_http,
        .connect_timeout_ms = g->connect_timeout_ms,
        .timeout_ms = g->timeout_ms,
        .max_body = g->max_body,
        .verbose = g->verbose,
        .max_headers = MAX_HEADER_BYTES,
        .redact = secrets,
    };
    transport_result res;
    int rc = transport_get(&t, &res);
    if (rc != HSSC_EXIT_OK) {
        cli_say("get", "transport error: %s", res.error);
    } else {
        response_view v = {
            .status = res.status,
            .body = res.body,
            .body_len = res.body_len,
            .content_type = res.content_type,
            .request_id = res.request_id,
            .content_type_ok = hssc_content_type_is_json(
                res.content_type, res.content_type != NULL ? strlen(res.content_type) : 0),
            .allow_unknown = g->allow_unknown,
            .field = g->field,
            .max_body = g->max_body,
            .show_secrets = g->req.show_secrets,
            .redact = secrets,
        };
        rc = response_print("get", &v);
    }
    transport_result_free(&res);
    return rc;
}

int cli_cmd_get(int argc, char **argv)
{
    getopts g;
    memset(&g, 0, sizeof(g));
    g.connect_timeout_ms = 10000;
    g.timeout_ms = 30000;
    g.max_body = HSSC_BODY_MAX_DEFAULT;
    int rc = parse_args(&g, argc, argv);
    if (rc != HSSC_EXIT_OK) {
        return rc < 0 ? HSSC_EXIT_OK : rc;
    }
    char *url = NULL;
    char *shown = NULL;
    auth_lines al;
    memset(&al, 0, sizeof(al));
    /* Every secret, in every form a server may echo it in. */
    redact_set secrets;
    redact_init(&secrets);
    hssc_error err;
    const char *headers[2 + AUTH_LINES_MAX + 1] = {"Accept: application/json",
                                                   "User-Agent: hsscodec/" HSSC_VERSION_STRING};
    size_t nh = 2;

    rc = setup(&g);
    /* Whichever source won (or was never read): no secret stays in the
     * environment. */
    static const char *const secret_env[] = {"HSS_REGISTRY_PASSWORD", "HSS_AUTH_TOKEN",
                                             "CLOUD_SDK_SK", "CLOUD_SDK_SECURITY_TOKEN"};
    for (size_t i = 0; i < sizeof(secret_env) / sizeof(secret_env[0]); i++) {
        cli_env_scrub(secret_env[i]);
    }
    if (rc != HSSC_EXIT_OK) {
        goto out;
    }
    if (g.sk.ptr == NULL && hssc_token_check(g.token.ptr, g.token.len, &err) != HSSC_OK) {
        cli_report("get", &err);
        rc = HSSC_EXIT_CONTRACT;
        goto out;
    }
    rc = build_url(&g, &url, &shown, &err);
    if (rc != HSSC_EXIT_OK) {
        if (rc == HSSC_EXIT_CONTRACT) {
            cli_report("get", &err);
        }
        goto out;
    }
    rc = g.sk.ptr != NULL ? sign(&g, url, &al)
                          : add_line(&al, "X-Auth-Token", g.token.ptr, g.token.len);
    if (rc != HSSC_EXIT_OK) {
        goto out;
    }
    if (redact_add(&secrets, g.req.password.ptr, g.req.password.len) != 0 ||
        redact_add(&secrets, g.token.ptr, g.token.len) != 0 ||
        redact_add(&secrets, g.sk.ptr, g.sk.len) != 0 ||
        redact_add(&secrets, g.security_token.ptr, g.security_token.len) != 0) {
        fputs("hsscodec: get: out of memory\n", stderr);
        rc = HSSC_EXIT_TRANSPORT;
        goto out;
    }
    for (size_t i = 0; i < al.count; i++) {
        headers[nh++] = al.line[i];
    }
    headers[nh] = NULL;
    if (g.dry_run) {
        dry_run(&g, url, shown, headers);
    } else {
        rc = fetch(&g, url, headers, &secrets);
    }
out:
    redact_free(&secrets);
    if (url != NULL) {
        cli_wipe_free(url, strlen(url));
    }
    free(shown);
    auth_lines_free(&al);
    cli_secret_free(&g.token);
    cli_secret_free(&g.sk);
    cli_secret_free(&g.security_token);
    reqopts_free(&g.req);
    return rc;
}
