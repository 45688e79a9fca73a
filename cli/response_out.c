/* The CLI's view of an answer: 200 bodies printed as validated JSON, error
 * bodies as status, code, message and request id, everything the server
 * said passed through the redactor and the terminal filter. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "response_out.h"

/* Is f a field of the 200 body? */
static int is_response_field(hssc_field f)
{
    const hssc_field_info *info = hssc_field_get(f);
    return info != NULL && info->location == HSSC_LOC_RESPONSE;
}

int response_field_option(const char *sub, const char *name)
{
    hssc_field f = hssc_field_lookup(name, strlen(name));
    if (f != HSSC_FIELD_NONE && is_response_field(f)) {
        return HSSC_EXIT_OK;
    }
    /* The names, from the field table: "a, b or c". */
    char names[128];
    size_t used = 0;
    int left = 0;
    for (hssc_field g = HSSC_FIELD_NONE; g < HSSC_FIELD_COUNT_; g++) {
        left += is_response_field(g);
    }
    names[0] = '\0';
    for (hssc_field g = HSSC_FIELD_NONE; g < HSSC_FIELD_COUNT_; g++) {
        if (!is_response_field(g)) {
            continue;
        }
        left--;
        int n = snprintf(names + used, sizeof(names) - used, "%s%s", hssc_field_get(g)->name,
                         left > 1 ? ", " : (left == 1 ? " or " : ""));
        if (n < 0 || (size_t)n >= sizeof(names) - used) {
            break;
        }
        used += (size_t)n;
    }
    return cli_usage_error(sub, "--field takes %s", names);
}

void response_write_json(FILE *out, const char *lead, const hssc_response *resp,
                         const hssc_api_error *ae, const redact_set *r)
{
    fputc('{', out);
    int first = 1;
    if (lead != NULL) {
        fputs(lead, out);
        first = 0;
    }
    for (hssc_field f = HSSC_FIELD_NONE; f < HSSC_FIELD_COUNT_; f++) {
        const hssc_str *v =
            resp != NULL ? hssc_response_field_const(resp, f) : hssc_api_error_field_const(ae, f);
        if (v == NULL) {
            continue; /* not a field of this body */
        }
        fprintf(out, "%s\"%s\":", first ? "" : ",", hssc_field_get(f)->name);
        first = 0;
        if (v->ptr == NULL) {
            fputs("null", out); /* an optional field the body did not have */
            continue;
        }
        fputc('"', out);
        cli_write_redacted(out, v->ptr, v->len, r, 1);
        fputc('"', out);
    }
    fputs("}\n", out);
}

/* Server text on stderr (a header value, a message): redacted, escaped. */
static void say_server(const response_view *v, const char *s, size_t len)
{
    cli_write_redacted(stderr, s, len, v->redact, 0);
}

static int print_ok(const char *sub, const response_view *v, void *ws, size_t ws_len)
{
    if (v->content_type != NULL && !v->content_type_ok) {
        fprintf(stderr, "hsscodec: %s: HTTP %ld with Content-Type '", sub, v->status);
        say_server(v, v->content_type, strlen(v->content_type));
        fputs("', expected application/json\n", stderr);
        return HSSC_EXIT_CONTRACT;
    }
    hssc_response r;
    hssc_error err;
    int rc = HSSC_EXIT_OK;
    unsigned flags = v->allow_unknown ? HSSC_ALLOW_UNKNOWN : 0u;
    if (hssc_response_decode(v->body, v->body_len, flags, v->max_body, ws, ws_len, &r, &err) !=
        HSSC_OK) {
        cli_report(sub, &err);
        rc = HSSC_EXIT_CONTRACT;
    } else if (v->field != NULL) {
        /* A 200 field may quote the registry password (a "docker login"
         * line): unless asked, it is printed as *** like every other
         * secret. */
        const hssc_str *f =
            hssc_response_field_const(&r, hssc_field_lookup(v->field, strlen(v->field)));
        if (f != NULL) {
            cli_write_redacted(stdout, f->ptr, f->len, v->show_secrets ? NULL : v->redact, 0);
            fputc('\n', stdout);
        }
    } else {
        response_write_json(stdout, NULL, &r, NULL, v->show_secrets ? NULL : v->redact);
    }
    return rc;
}

static int print_api_error(const char *sub, const response_view *v, void *ws, size_t ws_len)
{
    hssc_api_error e;
    hssc_error err;
    /* Real gateway error bodies carry more keys than these: read them all. */
    hssc_code c = hssc_api_error_decode(v->body, v->body_len, HSSC_ALLOW_UNKNOWN, v->max_body, ws,
                                        ws_len, &e, &err);
    char line[512];
    if (c == HSSC_E_NOT_JSON) {
        fprintf(stderr, "hsscodec: %s: HTTP %ld: the error body is not JSON (", sub, v->status);
        if (v->content_type != NULL) {
            say_server(v, v->content_type, strlen(v->content_type));
            fputs(", ", stderr);
        }
        fprintf(stderr, "%zu bytes)", v->body_len);
    } else if (c != HSSC_OK) {
        (void)hssc_error_format(&err, line, sizeof(line));
        fprintf(stderr, "hsscodec: %s: HTTP %ld with an error body that breaks the contract: %s",
                sub, v->status, line);
    } else {
        fprintf(stderr, "hsscodec: %s: HTTP %ld: ", sub, v->status);
        say_server(v, e.error_code.ptr, e.error_code.len);
        fputs(": ", stderr);
        say_server(v, e.error_msg.ptr, e.error_msg.len);
        if (e.request_id.ptr != NULL) {
            fputs(" (request_id ", stderr);
            say_server(v, e.request_id.ptr, e.request_id.len);
            fputc(')', stderr);
        }
    }
    if (c == HSSC_OK && e.error_code.len >= 9 &&
        memcmp(e.error_code.ptr + e.error_code.len - 5, ".0301", 5) == 0 &&
        memcmp(e.error_code.ptr, "APIG", 4) == 0) {
        /* The gateway's authentication failure: with AK/SK the usual cause
         * is a clock more than about 15 minutes off. */
        fputs(" (authentication failed: check the token or AK/SK; with AK/SK also the clock,"
              " which the gateway allows about 15 minutes of skew)",
              stderr);
    }
    if (v->request_id != NULL) {
        fputs(" [X-Request-Id ", stderr);
        say_server(v, v->request_id, strlen(v->request_id));
        fputc(']', stderr);
    }
    fputc('\n', stderr);
    return HSSC_EXIT_API;
}

int response_print(const char *sub, const response_view *v)
{
    if (v->status != 200 && v->status < 400) {
        fprintf(stderr, "hsscodec: %s: HTTP %ld: unexpected status (redirects are not followed)\n",
                sub, v->status);
        return HSSC_EXIT_CONTRACT;
    }
    /* The decode workspace of the body the status says it is. */
    size_t ws_len = v->status == 200 ? HSSC_RESPONSE_WORKSPACE_LEN(v->max_body)
                                     : HSSC_API_ERROR_WORKSPACE_LEN(v->max_body);
    /* The options cap max_body at CLI_MAX_BODY_LIMIT; the length saturates
     * at SIZE_MAX for an absurd cap, which GCC sees: no such block. */
    void *ws = ws_len <= PTRDIFF_MAX ? malloc(ws_len) : NULL;
    if (ws == NULL) {
        cli_say(sub, "out of memory");
        return HSSC_EXIT_TRANSPORT;
    }
    int rc = v->status == 200 ? print_ok(sub, v, ws, ws_len) : print_api_error(sub, v, ws, ws_len);
    cli_wipe_free(ws, ws_len); /* decoded copies of the body */
    return rc;
}
