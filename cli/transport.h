/* One GET over libcurl, with the project's safety rules. */
#ifndef HSSC_CLI_TRANSPORT_H
#define HSSC_CLI_TRANSPORT_H

#include <stddef.h>

#include "cli.h"

typedef struct transport_opts {
    const char *url;            /* full URL (holds the password) */
    const char *const *headers; /* "Name: value" lines, NULL-terminated */
    const char *cacert;         /* CA bundle file, or NULL for the system's */
    int allow_http;             /* http:// (loopback testing only) */
    long connect_timeout_ms;
    long timeout_ms;
    size_t max_body;          /* the body is cut off (and the call fails) past this */
    size_t max_headers;       /* header + trailer bytes; past it the call fails */
    int verbose;              /* redacted transfer log on stderr */
    const redact_set *redact; /* secrets never printed (--verbose) */
} transport_opts;

typedef struct transport_result {
    long status;
    char *body; /* malloc'd; wiped and freed by transport_result_free */
    size_t body_len;
    /* Whole header values (malloc'd, NULL when absent): never cut, so a
     * secret in one cannot be cut past where the redactor would see it. */
    char *content_type;
    char *request_id;
    char error[256]; /* transport error message, when the call failed */
} transport_result;

/* Performs the GET. Returns HSSC_EXIT_OK when an HTTP answer was read in
 * full, or HSSC_EXIT_TRANSPORT with res->error set. */
int transport_get(const transport_opts *o, transport_result *res);

void transport_result_free(transport_result *res);

#endif
