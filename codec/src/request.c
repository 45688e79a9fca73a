/*
 * The request: validation, the canonical target (path + sorted query), the
 * full URL, and decoding of captured targets and URLs.
 */
#include <assert.h>
#include <string.h>

#include <uriparser/Uri.h>

#include "hssc_internal.h"

#define PREFIX_LEN (sizeof(HSSC_PATH_PREFIX) - 1)
#define SUFFIX_LEN (sizeof(HSSC_PATH_SUFFIX) - 1)

/* A captured target has 5 path segments, an absolute URL's path the same;
 * more '/' than this before the query is rejected before uriparser builds
 * its segment list, which keeps that list inside a small stack arena. */
#define MAX_SLASHES 8u
#define DECODE_ARENA 4096u

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

/* ---- decoding ---- */

typedef struct decoder {
    const char *in; /* the whole target */
    size_t len;
    unsigned flags;
    char *scratch;
    size_t cap;
    size_t used;
    hssc_request *out;
    /* Where each field's raw (encoded) value starts and how long it is, to
     * map an offset in a decoded value back to the target. */
    size_t raw_at[HSSC_FIELD_COUNT_];
    size_t raw_len[HSSC_FIELD_COUNT_];
    hssc_error *err;
} decoder;

static size_t off(const decoder *d, const char *p)
{
    return (size_t)(p - d->in);
}

/* The error of a value that does not fit in what is left of scratch: a bad
 * escape is said first, as when the value fits. */
static hssc_code value_too_big(decoder *d, hssc_field f, const char *p, size_t n)
{
    size_t bad = hssc_pct_first_bad(p, n);
    HSSC_ENSURE(bad == n, d->err, HSSC_E_ESCAPE, f, off(d, p) + bad);
    return hssc_fail(d->err, HSSC_E_BUFFER_TOO_SMALL, f, off(d, p));
}

/* Offset of the nth '/' before the query or fragment, or len: from '/' to
 * '/' (memchr) where a byte loop would test each byte three times. */
static size_t nth_slash(const char *s, size_t len, size_t nth)
{
    const char *q = memchr(s, '?', len);
    size_t end = q != NULL ? (size_t)(q - s) : len;
    const char *h = memchr(s, '#', end);
    end = h != NULL ? (size_t)(h - s) : end;
    const char *p = s;
    for (size_t k = 0; k < nth; k++) {
        p = memchr(p, '/', end - (size_t)(p - s));
        if (p == NULL) {
            return len;
        }
        p++;
    }
    return (size_t)(p - 1 - s);
}

/* Percent-decodes the raw span [p, p+n) into scratch and points *v at it;
 * its escapes are checked as they are decoded (one read of the value). */
static hssc_code decode_value(decoder *d, hssc_field f, const char *p, size_t n, int plus,
                              hssc_str *v)
{
    if (d->cap - d->used < n) {
        return value_too_big(d, f, p, n);
    }
    char *dst = d->scratch + d->used;
    size_t m = 0;
    size_t bad = hssc_pct_decode_strict(p, n, plus, dst, &m);
    /* The m bytes written count as used even when an escape is bad: the
     * wipe on failure covers them. */
    d->used += m;
    HSSC_ENSURE(bad == n, d->err, HSSC_E_ESCAPE, f, off(d, p) + bad);
    v->ptr = dst;
    v->len = m;
    d->raw_at[f] = off(d, p);
    d->raw_len[f] = n;
    return HSSC_OK;
}

static int seg_is(const UriPathSegmentA *s, const char *lit)
{
    size_t n = strlen(lit);
    return s != NULL && (size_t)(s->text.afterLast - s->text.first) == n &&
           memcmp(s->text.first, lit, n) == 0;
}

static size_t seg_len(const UriPathSegmentA *s)
{
    return (size_t)(s->text.afterLast - s->text.first);
}

/* Offset of the '/' that starts the path: 0 in origin form, else the
 * first '/' after "scheme://host[:port]" (user information is rejected
 * before this, so no '/' comes earlier). */
static size_t path_start(const decoder *d, const UriUriA *u)
{
    if (u->scheme.first == NULL) {
        return 0;
    }
    size_t i = off(d, u->scheme.afterLast) + 3;
    while (i < d->len && d->in[i] != '/' && d->in[i] != '?' && d->in[i] != '#') {
        i++;
    }
    return i;
}

/* uriparser points an empty segment's text at a static "" rather than into
 * the target, so segment positions are counted here instead: each starts
 * one byte after the previous one ends. */
static hssc_code decode_path(decoder *d, const UriUriA *u)
{
    const hssc_field T = HSSC_FIELD_TARGET;
    const UriPathSegmentA *s = u->pathHead;
    size_t at = path_start(d, u) + 1;
    HSSC_ENSURE(seg_is(s, "v5"), d->err, HSSC_E_PATH, T, s != NULL ? at : d->len);
    at += seg_len(s) + 1;
    s = s->next;
    /* A missing segment is reported where the path ends. */
    HSSC_ENSURE(s != NULL, d->err, HSSC_E_PATH, T, at - 1);
    HSSC_GUARD(
        decode_value(d, HSSC_FIELD_PROJECT_ID, d->in + at, seg_len(s), 0, &d->out->project_id));
    static const char *const rest[] = {"image", "registries", "image-upload-command"};
    for (size_t i = 0; i < sizeof(rest) / sizeof(rest[0]); i++) {
        at += seg_len(s) + 1;
        s = s->next;
        HSSC_ENSURE(seg_is(s, rest[i]), d->err, HSSC_E_PATH, T, s != NULL ? at : at - 1);
    }
    HSSC_ENSURE(s->next == NULL, d->err, HSSC_E_PATH, T, at + seg_len(s));
    return HSSC_OK;
}

/* Which query field the raw name [p, p+n) denotes (HSSC_FIELD_NONE:
 * unknown); *bad is the offset of its first malformed escape, n if none. */
static hssc_field name_field(const char *p, size_t n, size_t *bad)
{
    /* No known name holds '%' or '+': a raw name equal to one is that one
     * (every name a client sends) and well-formed; only another needs its
     * escapes checked and decoding. */
    *bad = n;
    hssc_field f = hssc_query_field_lookup(p, n);
    if (f != HSSC_FIELD_NONE) {
        return f;
    }
    *bad = hssc_pct_first_bad(p, n);
    char name[64];
    /* Names are at most 21 bytes; even fully escaped that is 63. */
    if (*bad < n || n >= sizeof(name) || (memchr(p, '%', n) == NULL && memchr(p, '+', n) == NULL)) {
        return HSSC_FIELD_NONE;
    }
    return hssc_query_field_lookup(name, hssc_pct_decode(p, n, 1, name));
}

static hssc_code decode_param(decoder *d, const char *p, const char *end)
{
    const hssc_field T = HSSC_FIELD_TARGET;
    size_t n = (size_t)(end - p);
    const char *eq = memchr(p, '=', n);
    size_t name_len = eq != NULL ? (size_t)(eq - p) : n;
    /* The name's escapes, then the value's: where the value starts (after
     * '=', which is no hex digit) the name's last escape is judged as over
     * the whole parameter. */
    size_t bad = 0;
    hssc_field f = name_field(p, name_len, &bad);
    HSSC_ENSURE(bad == name_len, d->err, HSSC_E_ESCAPE, T, off(d, p) + bad);
    const char *value = eq != NULL ? eq + 1 : end;
    size_t value_len = (size_t)(end - value);
    if (f == HSSC_FIELD_NONE) {
        HSSC_ENSURE((d->flags & HSSC_ALLOW_UNKNOWN) != 0, d->err, HSSC_E_UNKNOWN, T, off(d, p));
        /* A skipped parameter must still be well-formed. */
        bad = hssc_pct_first_bad(value, value_len);
        HSSC_ENSURE(bad == value_len, d->err, HSSC_E_ESCAPE, T, off(d, value) + bad);
        return HSSC_OK;
    }
    hssc_str *v = hssc_request_field(d->out, f);
    assert(v != NULL); /* name_field gives query fields only */
    HSSC_ENSURE(v->ptr == NULL, d->err, HSSC_E_DUPLICATE, f, off(d, p));
    return decode_value(d, f, value, value_len, 1, v);
}

static hssc_code decode_query(decoder *d, const UriUriA *u)
{
    if (u->query.first == NULL) {
        return HSSC_OK;
    }
    /* '&' separates; empty pieces ("&&", a trailing '&') are skipped; ';'
     * is an ordinary byte. */
    const char *p = u->query.first;
    const char *end = u->query.afterLast;
    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *piece_end = amp != NULL ? amp : end;
        if (piece_end > p) {
            HSSC_GUARD(decode_param(d, p, piece_end));
        }
        p = piece_end + (amp != NULL ? 1 : 0);
    }
    return HSSC_OK;
}

/* Checks the decoded values, mapping offsets back into the target. */
static hssc_code check_decoded(decoder *d)
{
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
    if (hssc_request_validate(d->out, &e) == HSSC_OK) {
        return HSSC_OK;
    }
    hssc_field f = e.field;
    const hssc_str *v = hssc_request_field_const(d->out, f);
    if (v == NULL || v->ptr == NULL) {
        return hssc_fail(d->err, e.code, f, d->len); /* missing: "at the end" */
    }
    size_t at = d->raw_at[f] + hssc_pct_raw_offset(d->in + d->raw_at[f], d->raw_len[f], e.offset);
    return hssc_fail(d->err, e.code, f, at);
}

static hssc_code decode_uri(decoder *d, const UriUriA *u)
{
    const hssc_field T = HSSC_FIELD_TARGET;
    if (u->scheme.first != NULL) {
        size_t n = (size_t)(u->scheme.afterLast - u->scheme.first);
        int ok = (n == 5 && hssc_has_prefix_ci(u->scheme.first, n, "https")) ||
                 (n == 4 && hssc_has_prefix_ci(u->scheme.first, n, "http"));
        HSSC_ENSURE(ok, d->err, HSSC_E_SCHEME, T, 0);
        /* An empty host's text is uriparser's static "": its position is
         * right after "scheme:" and the "//" if there is one. */
        size_t host_at = off(d, u->scheme.afterLast) + 1;
        if (d->len - host_at >= 2 && d->in[host_at] == '/' && d->in[host_at + 1] == '/') {
            host_at += 2;
        }
        HSSC_ENSURE(u->hostText.afterLast > u->hostText.first, d->err, HSSC_E_ADDR_HOST, T,
                    host_at);
        HSSC_ENSURE(u->userInfo.first == NULL, d->err, HSSC_E_ADDR_USERINFO, T,
                    off(d, u->userInfo.first));
        /* The host and port follow the same rules as an endpoint's. */
        HSSC_GUARD(hssc_authority_check(d->in, path_start(d, u),
                                        HSSC_AUTH_NEED_SCHEME | HSSC_AUTH_ALLOW_HTTP, T, d->err));
    } else {
        /* Origin form: "/v5/...". "//host/..." would make "host" an
         * authority, and "v5/..." is relative: neither is a target. */
        HSSC_ENSURE(u->hostText.first == NULL && u->absolutePath, d->err, HSSC_E_PATH, T, 0);
    }
    HSSC_ENSURE(u->fragment.first == NULL, d->err, HSSC_E_FRAGMENT, T,
                off(d, u->fragment.first) - 1);
    HSSC_GUARD(decode_path(d, u));
    HSSC_GUARD(decode_query(d, u));
    return check_decoded(d);
}

hssc_code hssc_request_decode(const char *target, size_t len, unsigned flags, char *scratch,
                              size_t scratch_cap, hssc_request *out, hssc_error *err)
{
    const hssc_field T = HSSC_FIELD_TARGET;
    if (out != NULL) {
        memset(out, 0, sizeof(*out));
    }
    HSSC_ENSURE(out != NULL && (target != NULL || len == 0) &&
                    (scratch != NULL || scratch_cap == 0),
                err, HSSC_E_ARGUMENT, T, 0);
    /* uriparser recurses per path segment: cap the input first. */
    HSSC_ENSURE(len <= HSSC_TARGET_MAX, err, HSSC_E_TARGET_TOO_LONG, T, HSSC_TARGET_MAX);
    HSSC_ENSURE(len > 0, err, HSSC_E_SYNTAX, T, 0);
    size_t too_many = nth_slash(target, len, MAX_SLASHES + 1);
    HSSC_ENSURE(too_many == len, err, HSSC_E_PATH, T, too_many);

    unsigned char mem[DECODE_ARENA];
    hssc_arena arena;
    UriMemoryManager mm;
    UriUriA u;
    const char *errpos;
    int urc = hssc_uri_parse(&u, target, len, &errpos, &arena, mem, sizeof(mem), &mm);
    if (urc != URI_SUCCESS) {
        size_t at = errpos != NULL ? (size_t)(errpos - target) : 0;
        /* uriparser's grammar rejects a malformed escape ("%zz", "%4", a
         * trailing '%') itself, stopping just after the '%': say what it
         * is, at the '%'. */
        size_t bad = hssc_pct_first_bad_upto(target, len, at);
        if (urc == URI_ERROR_SYNTAX && bad < len && at >= bad && at <= bad + 2) {
            return hssc_fail(err, HSSC_E_ESCAPE, T, bad);
        }
        return hssc_fail(err, urc == URI_ERROR_SYNTAX ? HSSC_E_SYNTAX : HSSC_E_WORKSPACE, T, at);
    }
    decoder d = {.in = target,
                 .len = len,
                 .flags = flags,
                 .scratch = scratch,
                 .cap = scratch_cap,
                 .out = out,
                 .err = err};
    hssc_code rc = decode_uri(&d, &u);
    uriFreeUriMembersMmA(&u, &mm);
    if (rc != HSSC_OK) {
        memset(out, 0, sizeof(*out));
        hssc_wipe(scratch, d.used);
    }
    return rc;
}
