/*
 * A captured request target or URL read into its parts, the same way for
 * hssc_request_decode (request.c) and hssc_request_decode_all
 * (request_findings.c): see target.h.
 *
 * uriparser's positions are used as they are, with two exceptions: an
 * empty host's and an empty path segment's text are uriparser's static ""
 * rather than a place in the target, so those positions are counted here.
 *
 * Floor 3: addr.c (2: the endpoint's host and port rules), arena_uri.c (1),
 * percent.c and the field table (0), uriparser.
 */
#include <stdint.h>
#include <string.h>

#include "target.h"

/* A captured target has 5 path segments, an absolute URL's path the same;
 * more '/' than this before the query is rejected before uriparser builds
 * its segment list, which keeps that list inside HSSC_TARGET_ARENA. */
#define MAX_SLASHES 8u

static size_t at_of(const hssc_target *t, const char *p)
{
    return (size_t)(p - t->in);
}

static size_t span_len(const UriTextRangeA *r)
{
    return (size_t)(r->afterLast - r->first);
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

hssc_code hssc_target_parse(hssc_target *t, const char *in, size_t len, hssc_error *err)
{
    const hssc_field T = HSSC_FIELD_TARGET;
    t->in = in;
    t->len = len;
    /* uriparser recurses per path segment: cap the input first. */
    HSSC_ENSURE(len <= HSSC_TARGET_MAX, err, HSSC_E_TARGET_TOO_LONG, T, HSSC_TARGET_MAX);
    HSSC_ENSURE(len > 0, err, HSSC_E_SYNTAX, T, 0);
    size_t too_many = nth_slash(in, len, MAX_SLASHES + 1);
    HSSC_ENSURE(too_many == len, err, HSSC_E_PATH, T, too_many);
    const char *errpos = NULL;
    int urc = hssc_uri_parse(&t->u, in, len, &errpos, &t->arena, t->mem, sizeof(t->mem), &t->mm);
    if (urc == URI_SUCCESS) {
        return HSSC_OK;
    }
    size_t at = errpos != NULL ? at_of(t, errpos) : 0;
    /* uriparser's grammar rejects a malformed escape ("%zz", "%4", a
     * trailing '%') itself, stopping just after the '%': say what it is, at
     * the '%'. */
    size_t bad = hssc_pct_first_bad_upto(in, len, at);
    if (urc == URI_ERROR_SYNTAX && bad < len && at >= bad && at <= bad + 2) {
        return hssc_fail(err, HSSC_E_ESCAPE, T, bad);
    }
    return hssc_fail(err, urc == URI_ERROR_SYNTAX ? HSSC_E_SYNTAX : HSSC_E_WORKSPACE, T, at);
}

void hssc_target_free(hssc_target *t)
{
    uriFreeUriMembersMmA(&t->u, &t->mm);
}

/* Offset of the '/' that starts the path: 0 in origin form, else the first
 * '/', '?' or '#' after "scheme://" (user information is rejected before
 * this is used, so no '/' comes earlier). */
static size_t path_at(const hssc_target *t)
{
    if (t->u.scheme.first == NULL) {
        return 0;
    }
    size_t i = at_of(t, t->u.scheme.afterLast) + 3;
    while (i < t->len && t->in[i] != '/' && t->in[i] != '?' && t->in[i] != '#') {
        i++;
    }
    return i;
}

hssc_code hssc_target_origin(const hssc_target *t, hssc_error *err)
{
    const hssc_field T = HSSC_FIELD_TARGET;
    const UriUriA *u = &t->u;
    if (u->scheme.first == NULL) {
        /* Origin form: "/v5/...". "//host/..." would make "host" an
         * authority, and "v5/..." is relative: neither is a target. */
        HSSC_ENSURE(u->hostText.first == NULL && u->absolutePath, err, HSSC_E_PATH, T, 0);
        return HSSC_OK;
    }
    HSSC_ENSURE(hssc_http_scheme(u->scheme.first, span_len(&u->scheme)) != 0, err, HSSC_E_SCHEME, T,
                0);
    /* An empty host's position is right after "scheme:" and the "//" if
     * there is one. */
    size_t host_at = at_of(t, u->scheme.afterLast) + 1;
    if (t->len - host_at >= 2 && t->in[host_at] == '/' && t->in[host_at + 1] == '/') {
        host_at += 2;
    }
    HSSC_ENSURE(u->hostText.afterLast > u->hostText.first, err, HSSC_E_ADDR_HOST, T, host_at);
    HSSC_ENSURE(u->userInfo.first == NULL, err, HSSC_E_ADDR_USERINFO, T,
                at_of(t, u->userInfo.first));
    /* The host and port follow the same rules as an endpoint's. */
    return hssc_authority_check(t->in, path_at(t), HSSC_AUTH_NEED_SCHEME | HSSC_AUTH_ALLOW_HTTP, T,
                                err);
}

int hssc_target_path_readable(const hssc_target *t, hssc_code origin)
{
    if (t->u.scheme.first == NULL) {
        return origin == HSSC_OK;
    }
    return t->u.hostText.afterLast > t->u.hostText.first;
}

static int segment_is(const UriPathSegmentA *s, const char *lit)
{
    size_t n = strlen(lit);
    return span_len(&s->text) == n && memcmp(s->text.first, lit, n) == 0;
}

hssc_code hssc_target_path(const hssc_target *t, size_t *pid_at, size_t *pid_len, hssc_error *err)
{
    const hssc_field T = HSSC_FIELD_TARGET;
    static const char *const fixed[] = {"v5", NULL, "image", "registries", "image-upload-command"};
    *pid_at = SIZE_MAX;
    *pid_len = 0;
    const UriPathSegmentA *s = t->u.pathHead;
    /* Where segment s starts: each starts one byte after the previous one
     * ends (an empty segment's text is not in the target). */
    size_t at = path_at(t) + 1;
    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
        /* A missing segment is reported where the path ends. */
        HSSC_ENSURE(s != NULL, err, HSSC_E_PATH, T, i == 0 ? t->len : at - 1);
        if (fixed[i] == NULL) {
            *pid_at = at;
            *pid_len = span_len(&s->text);
        } else {
            HSSC_ENSURE(segment_is(s, fixed[i]), err, HSSC_E_PATH, T, at);
        }
        at += span_len(&s->text) + 1;
        s = s->next;
    }
    HSSC_ENSURE(s == NULL, err, HSSC_E_PATH, T, at - 1);
    return HSSC_OK;
}

void hssc_target_param_other(const char *p, hssc_target_param *q)
{
    /* The name's escapes, then the value's: where the value starts (after
     * '=', which is no hex digit) the name's last escape is judged as over
     * the whole parameter. */
    q->name_bad = hssc_pct_first_bad(p, q->name_len);
    if (q->name_bad < q->name_len) {
        return;
    }
    char name[64];
    /* Names are at most 21 bytes; even fully escaped that is 63. */
    if (q->name_len < sizeof(name) &&
        (memchr(p, '%', q->name_len) != NULL || memchr(p, '+', q->name_len) != NULL)) {
        q->field = hssc_query_field_lookup(name, hssc_pct_decode(p, q->name_len, 1, name));
    }
}
