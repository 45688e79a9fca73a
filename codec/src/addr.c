/*
 * Host and port rules, shared by registry_addr, the endpoint of a full URL
 * and the response's images_download_url. The URI grammar is uriparser's;
 * what it accepts but we do not (user information, host names that are not
 * RFC 1123, ports out of range) is checked here on its output. Also the
 * Host header's rule and registry_addr's check.
 *
 * Speed (issue 13): the common shapes (a host name, a port, then nothing,
 * one '/', or a plain path and query) are settled by a fast path that
 * accepts only what the uriparser path accepts; anything else, and every
 * error, goes through uriparser. fuzz/fuzz_authority_fast.c runs both on
 * every input and requires the same answer.
 *
 * Floor 2: arena_uri.c (uriparser), field_text.c, text.c, wipe.c.
 */
#include <string.h>

#include <uriparser/Uri.h>

#include "hssc_internal.h"

/* Longest text this module parses (registry_addr and URLs are at most 256
 * characters, i.e. 1024 bytes); more is HSSC_E_TOO_LONG before uriparser
 * sees it. */
#define AUTH_TEXT_MAX 1024u
/* Enough for uriparser's path segment list of the longest URL. */
#define AUTH_ARENA 16384u

/* The checks at the end of a label [start, i) of s. */
static size_t label_bad(const char *s, size_t start, size_t i)
{
    size_t label = i - start;
    if (label == 0 || s[i - 1] == '-') {
        return 1 + (label == 0 ? i : i - 1);
    }
    if (label > 63) {
        return 1 + start + 63;
    }
    return 0;
}

size_t hssc_hostname_bad(const char *s, size_t len)
{
    if (len > 0 && s[len - 1] == '.') {
        len--; /* one trailing dot: the root label */
    }
    if (len == 0) {
        return 1;
    }
    if (len > 253) {
        return 1 + 253;
    }
    size_t start = 0;
    int all_digits = 1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (hssc_is_alpha(c)) {
            all_digits = 0;
        } else if (c == '.') {
            size_t bad = label_bad(s, start, i);
            if (bad != 0) {
                return bad;
            }
            start = i + 1;
            all_digits = 1;
        } else if (c == '-' && i != start) {
            all_digits = 0;
        } else if (!hssc_is_digit(c)) {
            return 1 + i;
        }
    }
    size_t bad = label_bad(s, start, len);
    if (bad != 0) {
        return bad;
    }
    /* A top-level label is never all digits (RFC 3696 2): this rejects
     * 256.1.1.1 and 01.2.3.4 posing as IPv4. */
    return all_digits ? 1 + start : 0;
}

static int port_ok(const char *p, size_t len)
{
    /* 1..65535, decimal, no sign, no leading zero. */
    if (len == 0 || len > 5 || p[0] == '0') {
        return 0;
    }
    unsigned long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (!hssc_is_digit((unsigned char)p[i])) {
            return 0;
        }
        v = v * 10 + (unsigned long)(p[i] - '0');
    }
    return v <= 65535; /* >= 1: no leading zero */
}

/* Length of a "scheme://" prefix of s (0 when there is none): the first ':'
 * followed by "//", with only scheme characters before it. */
static size_t scheme_len(const char *s, size_t len)
{
    /* Only the bytes before the first ':' can be a scheme: most values
     * (host[:port]) have none, or it comes late. */
    const char *colon = len > 0 ? memchr(s, ':', len) : NULL;
    if (colon == NULL) {
        return 0;
    }
    size_t n = (size_t)(colon - s);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(hssc_is_alpha(c) ||
              (i > 0 && (hssc_is_digit(c) || c == '+' || c == '-' || c == '.')))) {
            return 0;
        }
    }
    return (n > 0 && len - n >= 3 && s[n + 1] == '/' && s[n + 2] == '/') ? n : 0;
}

int hssc_http_scheme(const char *s, size_t n)
{
    if (n == 5 && hssc_has_prefix_ci(s, n, "https")) {
        return HSSC_SCHEME_HTTPS;
    }
    return n == 4 && hssc_has_prefix_ci(s, n, "http") ? HSSC_SCHEME_HTTP : 0;
}

static hssc_code no_scheme_code(hssc_field f)
{
    if (f == HSSC_FIELD_ENDPOINT) {
        return HSSC_E_ENDPOINT;
    }
    return f == HSSC_FIELD_REGISTRY_ADDR ? HSSC_E_ADDR_SCHEME : HSSC_E_URL;
}

/* Checks the parsed pieces. buf holds the parsed text; pre is how many bytes
 * of buf ("//") are not in the caller's input; auth_at is where the
 * authority starts in the caller's input. */
static hssc_code check_parsed(const UriUriA *u, const char *buf, size_t buflen, size_t pre,
                              size_t auth_at, unsigned flags, hssc_field f, hssc_error *err)
{
#define OFF(ptr) ((size_t)((ptr)-buf) >= pre ? (size_t)((ptr)-buf) - pre : 0)
    HSSC_ENSURE(u->userInfo.first == NULL, err, HSSC_E_ADDR_USERINFO, f, OFF(u->userInfo.first));
    /* uriparser points an empty host at a static string of its own, not
     * into buf: its offset is that of the (empty) authority. */
    HSSC_ENSURE(u->hostText.first != NULL && u->hostText.afterLast > u->hostText.first, err,
                HSSC_E_ADDR_HOST, f, auth_at);
    HSSC_ENSURE(u->hostData.ipFuture.first == NULL, err, HSSC_E_ADDR_HOST, f,
                OFF(u->hostText.first));
    if (u->hostData.ip4 == NULL && u->hostData.ip6 == NULL) {
        size_t bad = hssc_hostname_bad(u->hostText.first,
                                       (size_t)(u->hostText.afterLast - u->hostText.first));
        HSSC_ENSURE(bad == 0, err, HSSC_E_ADDR_HOST, f, OFF(u->hostText.first) + bad - 1);
    }
    const char *auth_end = u->hostText.afterLast + (u->hostData.ip6 != NULL ? 1 : 0);
    if (u->portText.first != NULL) {
        HSSC_ENSURE(port_ok(u->portText.first, (size_t)(u->portText.afterLast - u->portText.first)),
                    err, HSSC_E_ADDR_PORT, f, OFF(u->portText.first));
        auth_end = u->portText.afterLast;
    }
    if ((flags & HSSC_AUTH_ANY_PATH) != 0) {
        return HSSC_OK;
    }
    const char *end = buf + buflen;
    const char *path_end = auth_end;
    while (path_end < end && *path_end != '?' && *path_end != '#') {
        path_end++;
    }
    size_t path_len = (size_t)(path_end - auth_end);
    int slash_ok = (flags & HSSC_AUTH_ALLOW_SLASH) != 0 && path_len == 1;
    HSSC_ENSURE(path_len == 0 || slash_ok, err, HSSC_E_ADDR_PATH, f,
                OFF(auth_end) + (*auth_end == '/' ? 1 : 0));
    HSSC_ENSURE(u->query.first == NULL, err, HSSC_E_ADDR_QUERY, f, OFF(u->query.first - 1));
    HSSC_ENSURE(u->fragment.first == NULL, err, HSSC_E_ADDR_FRAGMENT, f,
                OFF(u->fragment.first - 1));
    return HSSC_OK;
#undef OFF
}

/* What may follow the authority of a URL without any question: RFC 3986
 * pchar minus '%' (escapes are checked apart), plus '/' and '?' (1), and
 * the bytes the loop below treats itself: '%' and '#' (2). A table: one
 * look per byte of a path. */
static const unsigned char url_byte[128] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x00 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x10 */
    0, 1, 0, 2, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20: ! # $ % & ' ( ) * + , - . / */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, /* 0x30: 0-9 : ; = ? */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x40: @ A-O */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, /* 0x50: P-Z _ */
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x60: a-o */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0, /* 0x70: p-z ~ */
};

/* uriparser builds a list entry per path segment on the AUTH_ARENA: past
 * 341 segments it runs dry and the parse fails (HSSC_E_WORKSPACE, measured
 * on uriparser 0.9.7; found by fuzz_authority_fast). The fast path leaves
 * any path with more than this many to uriparser, so that verdict stays
 * uriparser's. */
#define FAST_MAX_SEGMENTS 128u

/* Is what follows the authority, s[i..len), certainly fine for flags? */
static int fast_rest_ok(const char *s, size_t i, size_t len, unsigned flags)
{
    if (i == len) {
        return 1;
    }
    if ((flags & HSSC_AUTH_ANY_PATH) == 0) {
        return (flags & HSSC_AUTH_ALLOW_SLASH) != 0 && s[i] == '/' && i + 1 == len;
    }
    if (s[i] != '/' && s[i] != '?' && s[i] != '#') {
        return 0;
    }
    int query = 0;
    int fragment = 0;
    size_t segments = 0;
    for (; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        unsigned kind = c < 128 ? url_byte[c] : 0;
        if (kind == 1) {
            if (c == '/' && !query && !fragment && ++segments > FAST_MAX_SEGMENTS) {
                return 0;
            }
            query = query || c == '?';
        } else if (c == '#' && !fragment) {
            fragment = 1;
        } else if (c == '%' && len - i >= 3 && hssc_is_hex((unsigned char)s[i + 1]) &&
                   hssc_is_hex((unsigned char)s[i + 2])) {
            i += 2;
        } else {
            return 0;
        }
    }
    return 1;
}

/* Where the host name that starts at s[from] ends, when it is certainly
 * one that hssc_hostname_bad accepts (RFC 1123 labels of 1 to 63 bytes, at
 * most 253 bytes, its last label not all digits), read in one pass; 0 when
 * not sure (also for a trailing dot, which uriparser's path settles). */
static size_t fast_host_end(const char *s, size_t from, size_t len)
{
    size_t start = from; /* of the label */
    int all_digits = 1;
    size_t i = from;
    for (; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (hssc_is_alpha(c)) {
            all_digits = 0;
        } else if (hssc_is_digit(c)) {
            continue;
        } else if (c == '-' && i != start) {
            all_digits = 0;
        } else if (c == '.' && i != start && s[i - 1] != '-' && i - start <= 63) {
            start = i + 1;
            all_digits = 1;
        } else if (c == '-' || c == '.') {
            return 0; /* a label that starts with '-', is empty or too long */
        } else {
            break; /* the end of the name */
        }
    }
    int label_ok = i != start && s[i - 1] != '-' && i - start <= 63;
    return label_ok && !all_digits && i - from <= 253 ? i : 0;
}

int hssc_authority_fast_ok(const char *s, size_t len, size_t scheme, unsigned flags)
{
    size_t i = scheme > 0 ? scheme + 3 : 0;
    /* A name, never an IP literal: its last label is not all digits. */
    i = fast_host_end(s, i, len);
    if (i == 0) {
        return 0;
    }
    if (i < len && s[i] == ':') {
        size_t port = ++i;
        while (i < len && hssc_is_digit((unsigned char)s[i])) {
            i++;
        }
        if (!port_ok(s + port, i - port)) {
            return 0;
        }
    }
    return fast_rest_ok(s, i, len, flags);
}

/* The checks before any parse: length, scheme, what flags require. */
static hssc_code authority_precheck(const char *s, size_t len, unsigned flags, hssc_field f,
                                    size_t *scheme_out, hssc_error *err)
{
    HSSC_ENSURE(len <= AUTH_TEXT_MAX, err, HSSC_E_TOO_LONG, f, AUTH_TEXT_MAX);
    size_t scheme = scheme_len(s, len);
    if (scheme > 0) {
        int kind = hssc_http_scheme(s, scheme);
        HSSC_ENSURE(kind != 0, err, no_scheme_code(f), f, 0);
        HSSC_ENSURE(kind == HSSC_SCHEME_HTTPS || (flags & HSSC_AUTH_ALLOW_HTTP) != 0, err,
                    HSSC_E_HTTP_NOT_ALLOWED, f, 0);
    } else {
        HSSC_ENSURE((flags & HSSC_AUTH_NEED_SCHEME) == 0, err, no_scheme_code(f), f, 0);
    }
    *scheme_out = scheme;
    return HSSC_OK;
}

/* The authority through uriparser, after authority_precheck. */
static hssc_code authority_parse(const char *s, size_t len, size_t scheme, unsigned flags,
                                 hssc_field f, hssc_error *err)
{
    /* uriparser reads "host:5000" as scheme "host": scheme-less input is
     * parsed as a network-path reference, "//" + input. */
    char buf[AUTH_TEXT_MAX + 3];
    size_t pre = scheme > 0 ? 0 : 2;
    memcpy(buf, "//", pre);
    if (len > 0) {
        memcpy(buf + pre, s, len);
    }
    size_t buflen = pre + len;

    unsigned char mem[AUTH_ARENA];
    hssc_arena arena;
    UriMemoryManager mm;
    UriUriA u;
    const char *errpos;
    int rc = hssc_uri_parse(&u, buf, buflen, &errpos, &arena, mem, sizeof(mem), &mm);
    if (rc != URI_SUCCESS) {
        size_t at =
            errpos != NULL && (size_t)(errpos - buf) >= pre ? (size_t)(errpos - buf) - pre : 0;
        hssc_wipe(buf, buflen);
        return hssc_fail(err, rc == URI_ERROR_SYNTAX ? HSSC_E_ADDR_SYNTAX : HSSC_E_WORKSPACE, f,
                         at);
    }
    hssc_code out = check_parsed(&u, buf, buflen, pre, scheme > 0 ? scheme + 3 : 0, flags, f, err);
    uriFreeUriMembersMmA(&u, &mm);
    /* A rejected "user:password@host" left a password here. */
    hssc_wipe(buf, buflen);
    return out;
}

hssc_code hssc_authority_check(const char *s, size_t len, unsigned flags, hssc_field f,
                               hssc_error *err)
{
    size_t scheme = 0;
    HSSC_GUARD(authority_precheck(s, len, flags, f, &scheme, err));
    /* The common shapes are settled without a parse; anything else, and
     * every error with its offset, is uriparser's to decide. */
    if (hssc_authority_fast_ok(s, len, scheme, flags)) {
        return HSSC_OK;
    }
    return authority_parse(s, len, scheme, flags, f, err);
}

hssc_code hssc_authority_check_uri(const char *s, size_t len, unsigned flags, hssc_field f,
                                   hssc_error *err)
{
    size_t scheme = 0;
    HSSC_GUARD(authority_precheck(s, len, flags, f, &scheme, err));
    return authority_parse(s, len, scheme, flags, f, err);
}

hssc_code hssc_host_rule(const char *v, size_t len, hssc_error *err)
{
    const hssc_field f = HSSC_FIELD_HOST;
    /* Host is an authority: a scheme in front is a caller's mistake. */
    for (size_t i = 0; i + 2 < len; i++) {
        HSSC_ENSURE(!(v[i] == ':' && v[i + 1] == '/' && v[i + 2] == '/'), err, HSSC_E_ADDR_SCHEME,
                    f, 0);
    }
    return hssc_authority_check(v, len, 0, f, err);
}

hssc_code hssc_registry_addr_check(const char *value, size_t len, hssc_error *err)
{
    const hssc_field f = HSSC_FIELD_REGISTRY_ADDR;
    HSSC_ENSURE(value != NULL || len == 0, err, HSSC_E_ARGUMENT, f, 0);
    HSSC_GUARD(hssc_check_text(f, value, len, err));
    return hssc_authority_check(value, len, HSSC_AUTH_ALLOW_HTTP | HSSC_AUTH_ALLOW_SLASH, f, err);
}
