/* Turning an HTTP answer into the CLI's output and exit code: `get` prints
 * every answer through response_print(). (`check-response` reports captures
 * through report.h instead: findings, not the decoded fields.) */
#ifndef HSSC_CLI_RESPONSE_OUT_H
#define HSSC_CLI_RESPONSE_OUT_H

#include <stddef.h>

#include "cli.h"

typedef struct response_view {
    long status;
    const char *body;
    size_t body_len;
    const char *content_type; /* NULL: not known (a captured body) */
    const char *request_id;   /* X-Request-Id, or NULL */
    int content_type_ok;      /* ignored when content_type is NULL */
    int allow_unknown;
    const char *field; /* print only this field, raw; NULL: all as JSON */
    int show_secrets;  /* 0: a known secret inside a 200 field prints as *** */
    size_t max_body;
    const redact_set *redact; /* redacted from anything printed */
} response_view;

/* Validates and prints; returns the exit code of the contract. */
int response_print(const char *sub, const response_view *v);

/* HSSC_EXIT_OK if name is a field of the 200 body, which --field may name;
 * else a usage error that lists them (from the field table). */
int response_field_option(const char *sub, const char *name);

/*
 * Writes a decoded body as one JSON object on one line to out: lead (e.g.
 * "\"status\":404", or NULL) first, then the fields of the body's struct in
 * table order, each "name":"value"; an optional field the body did not have
 * is null. resp for a 200 body, else ae. Values pass through the redactor
 * (r may be NULL) and are escaped as cli_write_json_chars. The one printer
 * of decoded bodies.
 */
void response_write_json(FILE *out, const char *lead, const hssc_response *resp,
                         const hssc_api_error *ae, const redact_set *r);

#endif
