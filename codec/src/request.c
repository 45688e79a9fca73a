/*
 * The request: validation, the canonical target (path + sorted query), the
 * full URL, and decoding of captured targets and URLs (their parts are read
 * by target.c, as for hssc_request_decode_all).
 *
 * Floor 4: target.c and field_check.c (3), addr.c (2), percent.c and the
 * field table (0).
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "target.h"

#define PREFIX_LEN (sizeof(HSSC_PATH_PREFIX) - 1)
#define SUFFIX_LEN (sizeof(HSSC_PATH_SUFFIX) - 1)

static hssc_code check_member(hssc_field f, const hssc_str *v, hssc_error *err)
{
    if (v->ptr == NULL) {
        HSSC_ENSURE(!hssc_field_get(f)->required, err, HSSC_E_MISSING, f, 0);
        return HSSC_OK;
    }
    return hssc_field_check(f, v->ptr, v->len, err);
}

hssc_code hssc_request_validate(const hssc_request *req, hssc_error *err)
{
    HSSC_ENSURE(req != NULL, err, HSSC_E_ARGUMENT, HSSC_FIELD_NONE, 0);
    HSSC_GUARD(check_member(HSSC_FIELD_PROJECT_ID, &req->project_id, err));
    for (size_t i = 0; i < hssc_query_fields_count; i++) {
        hssc_field f = hssc_query_fields[i];
        HSSC_GUARD(check_member(f, hssc_request_field_const(req, f), err));
    }
    return HSSC_OK;
}

#define REDACTED "***"

/* What is written for a value: the percent-encoded value, or "***" for a
 * secret when redacting. */
static int redacted(hssc_field f, unsigned flags)
{
    return (flags & HSSC_REDACT) != 0 && hssc_field_get(f)->secret;
}

static size_t value_len(hssc_field f, const hssc_str *v, unsigned flags)
{
    return redacted(f, flags) ? sizeof(REDACTED) - 1 : hssc_pct_encoded_len(v->ptr, v->len);
}

static size_t put_value(hssc_field f, const hssc_str *v, unsigned flags, char *out)
{
    if (redacted(f, flags)) {
        memcpy(out, REDACTED, sizeof(REDACTED) - 1);
        return sizeof(REDACTED) - 1;
    }
    return hssc_pct_encode(v->ptr, v->len, out);
}

/* Length of the target of a validated request. */
static size_t target_len(const hssc_request *req, unsigned flags)
{
    size_t n = PREFIX_LEN + value_len(HSSC_FIELD_PROJECT_ID, &req->project_id, flags) + SUFFIX_LEN;
    for (size_t i = 0; i < hssc_query_fields_count; i++) {
        hssc_field f = hssc_query_fields[i];
        const hssc_str *v = hssc_request_field_const(req, f);
        if (v->ptr != NULL) {
            n += 1 + hssc_field_get(f)->name_len + 1 + value_len(f, v, flags);
        }
    }
    return n;
}

static size_t put(char *out, size_t at, const char *s, size_t len)
{
    if (len == 0) {
        return at; /* s may be NULL then, which memcpy does not allow */
    }
    memcpy(out + at, s, len);
    return at + len;
}

/* Writes the target of a validated request; returns its length. */
static size_t write_target(const hssc_request *req, unsigned flags, char *out)
{
    size_t at = put(out, 0, HSSC_PATH_PREFIX, PREFIX_LEN);
    at += put_value(HSSC_FIELD_PROJECT_ID, &req->project_id, flags, out + at);
    at = put(out, at, HSSC_PATH_SUFFIX, SUFFIX_LEN);
    char sep = '?';
    for (size_t i = 0; i < hssc_query_fields_count; i++) {
        hssc_field f = hssc_query_fields[i];
        const hssc_str *v = hssc_request_field_const(req, f);
        if (v->ptr == NULL) {
            continue;
        }
        const hssc_field_info *info = hssc_field_get(f);
        out[at++] = sep;
        sep = '&';
        at = put(out, at, info->name, info->name_len);
        out[at++] = '=';
        at += put_value(f, v, flags, out + at);
    }
    return at;
}

/* The output protocol shared by the encoders: size query, too small, or
 * write (prefix, then target) and terminate. */
static hssc_code emit(const hssc_request *req, unsigned flags, const char *prefix,
                      size_t prefix_len, char *out, size_t cap, size_t *out_len, hssc_error *err)
{
    /* A buffer that fits any valid request (HSSC_REQUEST_ENCODED_MAX, the
     * public worst case, after the prefix) is written in one pass; else
     * the exact length comes first. */
    if (out != NULL && cap >= prefix_len && cap - prefix_len >= HSSC_REQUEST_ENCODED_MAX) {
        size_t at = put(out, 0, prefix, prefix_len);
        at += write_target(req, flags, out + at);
        out[at] = '\0';
        *out_len = at;
        return HSSC_OK;
    }
    size_t need = prefix_len + target_len(req, flags);
    *out_len = need;
    if (out == NULL) {
        return HSSC_OK;
    }
    if (cap < need + 1) {
        hssc_wipe(out, cap);
        return hssc_fail(err, HSSC_E_BUFFER_TOO_SMALL, HSSC_FIELD_NONE, cap);
    }
    size_t at = put(out, 0, prefix, prefix_len);
    at += write_target(req, flags, out + at);
    out[at] = '\0';
    return HSSC_OK;
}

static hssc_code fail_clear(char *out, size_t cap, size_t *out_len, hssc_code rc)
{
    if (out != NULL) {
        hssc_wipe(out, cap);
    }
    if (out_len != NULL) {
        *out_len = 0;
    }
    return rc;
}

/* The checks before an encoder writes: arguments, the endpoint (when
 * endpoint_field is HSSC_FIELD_ENDPOINT), the request. */
static hssc_code encode_checks(const hssc_request *req, hssc_field endpoint_field,
                               const char *endpoint, size_t endpoint_len, unsigned flags,
                               const char *out, size_t cap, const size_t *out_len, hssc_error *err)
{
    HSSC_ENSURE(req != NULL && out_len != NULL && (out != NULL || cap == 0), err, HSSC_E_ARGUMENT,
                HSSC_FIELD_NONE, 0);
    if (endpoint_field == HSSC_FIELD_ENDPOINT) {
        HSSC_ENSURE(endpoint != NULL, err, HSSC_E_ARGUMENT, HSSC_FIELD_ENDPOINT, 0);
        unsigned auth = HSSC_AUTH_NEED_SCHEME | HSSC_AUTH_ALLOW_SLASH |
                        ((flags & HSSC_ALLOW_HTTP) != 0 ? HSSC_AUTH_ALLOW_HTTP : 0u);
        HSSC_GUARD(hssc_authority_check(endpoint, endpoint_len, auth, HSSC_FIELD_ENDPOINT, err));
    }
    return hssc_request_validate(req, err);
}

hssc_code hssc_request_encode(const hssc_request *req, unsigned flags, char *out, size_t cap,
                              size_t *out_len, hssc_error *err)
{
    hssc_code rc = encode_checks(req, HSSC_FIELD_NONE, NULL, 0, flags, out, cap, out_len, err);
    if (rc != HSSC_OK) {
        return fail_clear(out, cap, out_len, rc);
    }
    return emit(req, flags, "", 0, out, cap, out_len, err);
}

hssc_code hssc_request_encode_url(const hssc_request *req, const char *endpoint,
                                  size_t endpoint_len, unsigned flags, char *out, size_t cap,
                                  size_t *out_len, hssc_error *err)
{
    hssc_code rc = encode_checks(req, HSSC_FIELD_ENDPOINT, endpoint, endpoint_len, flags, out, cap,
                                 out_len, err);
    if (rc != HSSC_OK) {
        return fail_clear(out, cap, out_len, rc);
    }
    assert(endpoint != NULL); /* encode_checks */
    if (endpoint_len > 0 && endpoint[endpoint_len - 1] == '/') {
        endpoint_len--;
    }
    return emit(req, flags, endpoint, endpoint_len, out, cap, out_len, err);
}

/* ---- decoding (the target's parts: target.c) ---- */

typedef struct decoder {
    hssc_target_values v;
    hssc_error *err;
} decoder;

static size_t off(const decoder *d, const char *p)
{
    return (size_t)(p - d->v.in);
}

/* Percent-decodes the raw value [p, p+n) of f into scratch and points *v
 * at it. */
static hssc_code decode_value(decoder *d, hssc_field f, const char *p, size_t n, int plus,
                              hssc_str *v)
{
    size_t at = 0;
    hssc_code rc = hssc_target_take(&d->v, f, p, n, plus, v, &at);
    return rc == HSSC_OK ? HSSC_OK : hssc_fail(d->err, rc, f, at);
}

static hssc_code decode_path(decoder *d, const hssc_target *t)
{
    size_t pid_at = 0;
    size_t pid_len = 0;
    /* A wrong segment after project_id is said after project_id's own
     * error: the path is read in order. */
    hssc_code path = hssc_target_path(t, &pid_at, &pid_len, d->err);
    if (pid_at != SIZE_MAX) {
        HSSC_GUARD(decode_value(d, HSSC_FIELD_PROJECT_ID, d->v.in + pid_at, pid_len, 0,
                                &d->v.out->project_id));
    }
    return path;
}

static hssc_code decode_param(decoder *d, const char *p, size_t n)
{
    const hssc_field T = HSSC_FIELD_TARGET;
    hssc_target_param q;
    hssc_target_param_read(p, n, &q);
    HSSC_ENSURE(q.name_bad == q.name_len, d->err, HSSC_E_ESCAPE, T, off(d, p) + q.name_bad);
    if (q.field == HSSC_FIELD_NONE) {
        HSSC_ENSURE((d->v.flags & HSSC_ALLOW_UNKNOWN) != 0, d->err, HSSC_E_UNKNOWN, T, off(d, p));
        size_t bad = hssc_target_value_bad(p, n, &q);
        HSSC_ENSURE(bad == n, d->err, HSSC_E_ESCAPE, T, off(d, p) + bad);
        return HSSC_OK;
    }
    hssc_str *v = hssc_request_field(d->v.out, q.field);
    assert(v != NULL); /* hssc_target_param_read gives query fields only */
    HSSC_ENSURE(v->ptr == NULL, d->err, HSSC_E_DUPLICATE, q.field, off(d, p));
    return decode_value(d, q.field, p + q.value_at, n - q.value_at, 1, v);
}

/* Checks the decoded values, mapping offsets back into the target. */
static hssc_code check_decoded(decoder *d)
{
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
    if (hssc_request_validate(d->v.out, &e) == HSSC_OK) {
        return HSSC_OK;
    }
    hssc_field f = e.field;
    const hssc_str *v = hssc_request_field_const(d->v.out, f);
    if (v == NULL || v->ptr == NULL) {
        return hssc_fail(d->err, e.code, f, d->v.len); /* missing: "at the end" */
    }
    return hssc_fail(d->err, e.code, f, hssc_target_raw_offset(&d->v, f, e.offset));
}

static hssc_code decode_target(decoder *d, const hssc_target *t)
{
    HSSC_GUARD(hssc_target_origin(t, d->err));
    const char *frag = t->u.fragment.first;
    HSSC_ENSURE(frag == NULL, d->err, HSSC_E_FRAGMENT, HSSC_FIELD_TARGET, off(d, frag) - 1);
    HSSC_GUARD(decode_path(d, t));
    hssc_query_iter it = hssc_target_query(t);
    const char *p = NULL;
    size_t n = 0;
    while (hssc_target_next_param(&it, &p, &n)) {
        HSSC_GUARD(decode_param(d, p, n));
    }
    return check_decoded(d);
}

hssc_code hssc_request_decode(const char *target, size_t len, unsigned flags, char *scratch,
                              size_t scratch_cap, hssc_request *out, hssc_error *err)
{
    if (out != NULL) {
        memset(out, 0, sizeof(*out));
    }
    HSSC_ENSURE(out != NULL && (target != NULL || len == 0) &&
                    (scratch != NULL || scratch_cap == 0),
                err, HSSC_E_ARGUMENT, HSSC_FIELD_TARGET, 0);
    hssc_target t;
    HSSC_GUARD(hssc_target_parse(&t, target, len, err));
    decoder d = {.v = {.in = target,
                       .len = len,
                       .flags = flags,
                       .scratch = scratch,
                       .cap = scratch_cap,
                       .out = out},
                 .err = err};
    hssc_code rc = decode_target(&d, &t);
    hssc_target_free(&t);
    if (rc != HSSC_OK) {
        memset(out, 0, sizeof(*out));
        hssc_wipe(scratch, d.v.used);
    }
    return rc;
}
