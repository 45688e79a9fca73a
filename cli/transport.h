/* One GET over libcurl, with the project's safety rules. */
#ifndef HSSC_CLI_TRANSPORT_H
#define HSSC_CLI_TRANSPORT_H

#include <stddef.h>

#include "cli.h"

typedef struct transport_opts {
    const char *url;           /* full URL (holds the password) */
    const char *const *headers; /* "Name: value" lines, NULL-terminated */
    const char *cacert;        /* CA bundle file, or NULL for the system's */
    int allow_http;            /* http:// (loopback testing only) */
    long connect_timeout_ms;
    long timeout_ms;
    size_t max_body;           /* the body is cut off (and the call fails) past this */
    int verbose;               /* redacted transfer log on stderr */
    /* Secrets that must never be printed (for --verbose): exact strings. */
    const char *const *secrets;
    const size_t *secret_lens;
    size_t n_secrets;
} transport_opts;

typedef struct transport_result {
    long status;
    char *body; /* malloc'd; wiped and freed by transport_result_free */
    size_t body_len;
    char content_type[128];
    char request_id[128];
    int have_content_type;
    int have_request_id;
    char error[256]; /* transport error message, when the call failed */
} transport_result;

/* Performs the GET. Returns HSSC_EXIT_OK when an HTTP answer was read in
 * full, or HSSC_EXIT_TRANSPORT with res->error set. */
int transport_get(const transport_opts *o, transport_result *res);

void transport_result_free(transport_result *res);

/* Writes (s, len) to f with every occurrence of each secret replaced by
 * "***", through cli_write_safe (terminal-safe). */
void redact_write(FILE *f, const char *s, size_t len, const char *const *secrets,
                  const size_t *secret_lens, size_t n_secrets);

#endif
