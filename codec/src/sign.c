/*
 * AK/SK request signing (SDK-HMAC-SHA256) and the shape checks of its
 * headers. SHA-256 and HMAC come from OpenSSL libcrypto; see
 * docs/signing.md for the algorithm and the decisions.
 *
 * The canonical request is never held whole: it is streamed through a
 * small staging buffer into the digest (or into the caller's buffer, for
 * hssc_sign_canonical_request), so the only bounded memory is a table of
 * query pairs and one of headers on the stack.
 */
#include <string.h>

#include <openssl/evp.h>

#include "hssc_internal.h"

#define ALGO HSSC_SIGN_ALGORITHM
#define ALGO_LEN (sizeof(ALGO) - 1)
#define SHA256_LEN 32u
#define METHOD_MAX 16u
#define HEADER_NAME_MAX 64u
#define HEADER_VALUE_MAX 8192u
/* The four headers the signer builds plus the caller's. */
#define HEADERS_MAX (4u + HSSC_SIGN_HEADERS_MAX)

static const char hexdig[] = "0123456789abcdef";
static const char HEXDIG[] = "0123456789ABCDEF";

/* ======================================================================== */
/* X-Sdk-Date                                                                */
/* ======================================================================== */

/* Value of the n ASCII digits at s[at..], or -1 (and *bad the offset of the
 * first non-digit). */
static long digits(const char *s, size_t at, size_t n, size_t *bad)
{
    long v = 0;
    for (size_t i = at; i < at + n; i++) {
        if (!hssc_is_digit((unsigned char)s[i])) {
            *bad = i;
            return -1;
        }
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int is_leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static long days_in_month(long y, long m)
{
    static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

hssc_code hssc_sdk_date_rule(const char *v, size_t len, hssc_error *err)
{
    const hssc_field f = HSSC_FIELD_X_SDK_DATE;
    /* The text rules passed: 16 characters, which may still be more than
     * 16 bytes; the first non-ASCII byte fails a position below. */
    static const struct {
        size_t at;
        size_t n;
        long lo;
    } parts[6] = {{0, 4, 1}, {4, 2, 1}, {6, 2, 1}, {9, 2, 0}, {11, 2, 0}, {13, 2, 0}};
    static const long hi[6] = {9999, 12, 31, 23, 59, 59};
    long val[6];
    size_t bad = 0;
    HSSC_ENSURE(len >= HSSC_SDK_DATE_LEN, err, HSSC_E_SDK_DATE, f, len);
    for (size_t k = 0; k < 6; k++) {
        val[k] = digits(v, parts[k].at, parts[k].n, &bad);
        HSSC_ENSURE(val[k] >= 0, err, HSSC_E_SDK_DATE, f, bad);
        if (k == 2) {
            HSSC_ENSURE(v[8] == 'T', err, HSSC_E_SDK_DATE, f, 8);
        }
    }
    HSSC_ENSURE(v[15] == 'Z', err, HSSC_E_SDK_DATE, f, 15);
    HSSC_ENSURE(len == HSSC_SDK_DATE_LEN, err, HSSC_E_SDK_DATE, f, HSSC_SDK_DATE_LEN);
    for (size_t k = 0; k < 6; k++) {
        long top = k == 2 ? days_in_month(val[0], val[1]) : hi[k];
        HSSC_ENSURE(val[k] >= parts[k].lo && val[k] <= top, err, HSSC_E_SDK_DATE, f, parts[k].at);
    }
    return HSSC_OK;
}

hssc_code hssc_sdk_date_check(const char *value, size_t len, hssc_error *err)
{
    return hssc_field_check(HSSC_FIELD_X_SDK_DATE, value, len, err);
}

hssc_code hssc_sdk_date_format(long long unix_seconds, char *out, size_t cap, hssc_error *err)
{
    const hssc_field f = HSSC_FIELD_X_SDK_DATE;
    HSSC_ENSURE(out != NULL && cap > HSSC_SDK_DATE_LEN, err, HSSC_E_BUFFER_TOO_SMALL, f, 0);
    /* 1970-01-01 .. 9999-12-31T23:59:59Z */
    HSSC_ENSURE(unix_seconds >= 0 && unix_seconds <= 253402300799LL, err, HSSC_E_SDK_DATE, f, 0);
    long long days = unix_seconds / 86400;
    long secs = (long)(unix_seconds % 86400);
    /* Civil date from days since the epoch (H. Hinnant's days_from_civil
     * inverse), in the proleptic Gregorian calendar. */
    long long z = days + 719468;
    long long era = z / 146097;
    long doe = (long)(z - era * 146097);
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2 ? 1 : 0;
    long fields[6] = {(long)y, m, d, secs / 3600, secs / 60 % 60, secs % 60};
    static const size_t at[6] = {0, 4, 6, 9, 11, 13};
    static const size_t width[6] = {4, 2, 2, 2, 2, 2};
    for (size_t k = 0; k < 6; k++) {
        long x = fields[k];
        for (size_t i = width[k]; i > 0; i--) {
            out[at[k] + i - 1] = (char)('0' + x % 10);
            x /= 10;
        }
    }
    out[8] = 'T';
    out[15] = 'Z';
    out[16] = '\0';
    return HSSC_OK;
}

/* ======================================================================== */
/* Header names, SignedHeaders lists, Authorization                          */
/* ======================================================================== */

/* RFC 9110 tchar. */
static int is_tchar(unsigned char c)
{
    return hssc_is_alpha(c) || hssc_is_digit(c) || (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* Byte-wise comparison of two spans, shorter first on a common prefix. */
static int span_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t n = alen < blen ? alen : blen;
    int c = n > 0 ? memcmp(a, b, n) : 0;
    if (c != 0) {
        return c;
    }
    return alen < blen ? -1 : alen > blen ? 1 : 0;
}

/*
 * Checks a SignedHeaders list: lower-case tchar names, single ';' between
 * them, strictly ascending. Stops at the end or at stop (a byte that ends
 * the list in an Authorization value; 0: none). Stores where it stopped in
 * *end. Offsets are base + offset into s.
 */
static hssc_code check_list(const char *s, size_t len, int stop, size_t base, hssc_field f,
                            size_t *end, hssc_error *err)
{
    size_t i = 0;
    size_t prev_at = 0;
    size_t prev_len = 0;
    int have_prev = 0;
    for (;;) {
        size_t at = i;
        while (i < len && s[i] != ';' && s[i] != stop) {
            unsigned char c = (unsigned char)s[i];
            HSSC_ENSURE(is_tchar(c) && !(c >= 'A' && c <= 'Z'), err, HSSC_E_SIGNED_HEADERS, f,
                        base + i);
            i++;
        }
        HSSC_ENSURE(i > at, err, HSSC_E_SIGNED_HEADERS, f, base + at);
        HSSC_ENSURE(!have_prev || span_cmp(s + prev_at, prev_len, s + at, i - at) < 0, err,
                    HSSC_E_SIGNED_HEADERS, f, base + at);
        prev_at = at;
        prev_len = i - at;
        have_prev = 1;
        if (i < len && s[i] == ';') {
            i++;
            continue;
        }
        break;
    }
    *end = i;
    return HSSC_OK;
}

/* Matches literal lit at v[*at..]; on a mismatch returns code at the first
 * differing byte. */
static hssc_code expect(const char *v, size_t len, size_t *at, const char *lit, hssc_code code,
                        hssc_error *err)
{
    const hssc_field f = HSSC_FIELD_AUTHORIZATION;
    for (size_t k = 0; lit[k] != '\0'; k++) {
        HSSC_ENSURE(*at < len && v[*at] == lit[k], err, code, f, *at);
        (*at)++;
    }
    return HSSC_OK;
}

hssc_code hssc_authorization_rule(const char *v, size_t len, hssc_authorization *out,
                                  hssc_error *err)
{
    const hssc_field f = HSSC_FIELD_AUTHORIZATION;
    const hssc_field_info *ak_info = hssc_field_get(HSSC_FIELD_ACCESS_KEY);
    size_t at = 0;
    HSSC_GUARD(expect(v, len, &at, ALGO " ", HSSC_E_AUTH_SCHEME, err));
    HSSC_GUARD(expect(v, len, &at, "Access=", HSSC_E_AUTH_SYNTAX, err));
    size_t ak_at = at;
    while (at < len && v[at] != ',') {
        HSSC_ENSURE(hssc_is_unreserved((unsigned char)v[at]), err, HSSC_E_ACCESS_KEY_CHAR, f, at);
        HSSC_ENSURE(at - ak_at < ak_info->max_chars, err, HSSC_E_AUTH_SYNTAX, f, at);
        at++;
    }
    size_t ak_len = at - ak_at;
    HSSC_ENSURE(ak_len > 0, err, HSSC_E_AUTH_SYNTAX, f, at);
    HSSC_GUARD(expect(v, len, &at, ", SignedHeaders=", HSSC_E_AUTH_SYNTAX, err));
    size_t sh_at = at;
    size_t sh_end = 0;
    HSSC_GUARD(check_list(v + at, len - at, ',', at, f, &sh_end, err));
    at += sh_end;
    size_t sh_len = at - sh_at;
    HSSC_GUARD(expect(v, len, &at, ", Signature=", HSSC_E_AUTH_SYNTAX, err));
    size_t sig_at = at;
    for (size_t k = 0; k < HSSC_SIGNATURE_HEX_LEN; k++, at++) {
        HSSC_ENSURE(at < len, err, HSSC_E_SIGNATURE, f, len);
        unsigned char c = (unsigned char)v[at];
        HSSC_ENSURE(hssc_is_digit(c) || (c >= 'a' && c <= 'f'), err, HSSC_E_SIGNATURE, f, at);
    }
    HSSC_ENSURE(at == len, err, HSSC_E_AUTH_SYNTAX, f, at);
    if (out != NULL) {
        out->access_key = (hssc_str){v + ak_at, ak_len};
        out->signed_headers = (hssc_str){v + sh_at, sh_len};
        out->signature = (hssc_str){v + sig_at, HSSC_SIGNATURE_HEX_LEN};
    }
    return HSSC_OK;
}

hssc_code hssc_authorization_parse(const char *value, size_t len, hssc_authorization *out,
                                   hssc_error *err)
{
    if (out != NULL) {
        memset(out, 0, sizeof(*out));
    }
    HSSC_ENSURE(value != NULL || len == 0, err, HSSC_E_ARGUMENT, HSSC_FIELD_AUTHORIZATION, 0);
    HSSC_GUARD(hssc_check_text(HSSC_FIELD_AUTHORIZATION, value, len, err));
    hssc_code rc = hssc_authorization_rule(value, len, out, err);
    if (rc != HSSC_OK && out != NULL) {
        memset(out, 0, sizeof(*out));
    }
    return rc;
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

/* ======================================================================== */
/* The canonical request                                                     */
/* ======================================================================== */

/*
 * Where canonical text goes: into the caller's buffer (out, may be NULL to
 * count only) and/or a digest. Bytes pass through a small staging buffer
 * so the digest is not fed one byte at a time; it may hold secrets and is
 * wiped at the end.
 */
typedef struct sink {
    char *out;
    size_t cap;
    size_t len;
    EVP_MD_CTX *md;
    int failed;
    size_t staged;
    unsigned char stage[256];
} sink;

static void sink_flush(sink *s)
{
    if (s->staged == 0) {
        return;
    }
    if (s->out != NULL && s->len < s->cap) {
        size_t room = s->cap - s->len;
        memcpy(s->out + s->len, s->stage, s->staged < room ? s->staged : room);
    }
    if (s->md != NULL && EVP_DigestUpdate(s->md, s->stage, s->staged) != 1) {
        s->failed = 1;
    }
    s->len += s->staged;
    s->staged = 0;
}

static void put_byte(sink *s, unsigned char c)
{
    if (s->staged == sizeof(s->stage)) {
        sink_flush(s);
    }
    s->stage[s->staged++] = c;
}

static void put(sink *s, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        put_byte(s, (unsigned char)p[i]);
    }
}

static void put_lit(sink *s, const char *lit)
{
    put(s, lit, strlen(lit));
}

/* One byte percent-encoded for the canonical URI/query; keep_slash keeps
 * '/' (path). */
static void put_encoded(sink *s, unsigned char c, int keep_slash)
{
    if (hssc_is_unreserved(c) || (keep_slash && c == '/')) {
        put_byte(s, c);
    } else {
        put_byte(s, '%');
        put_byte(s, (unsigned char)HEXDIG[c >> 4]);
        put_byte(s, (unsigned char)HEXDIG[c & 15]);
    }
}

static int hexval(unsigned char c)
{
    return hssc_is_digit(c) ? c - '0' : (hssc_lower(c) - 'a' + 10);
}

/* The decoded byte at s[*i] (escapes already checked), advancing *i. */
static unsigned char next_decoded(const char *s, size_t *i, int plus_is_space)
{
    unsigned char c = (unsigned char)s[*i];
    if (c == '%') {
        c = (unsigned char)(hexval((unsigned char)s[*i + 1]) * 16 + hexval((unsigned char)s[*i + 2]));
        *i += 3;
        return c;
    }
    (*i)++;
    return plus_is_space && c == '+' ? ' ' : c;
}

/* Compares the decoded forms of two raw query spans. */
static int decoded_cmp(const char *t, size_t a, size_t alen, size_t b, size_t blen)
{
    size_t i = a;
    size_t j = b;
    while (i < a + alen && j < b + blen) {
        unsigned char x = next_decoded(t, &i, 1);
        unsigned char y = next_decoded(t, &j, 1);
        if (x != y) {
            return x < y ? -1 : 1;
        }
    }
    int left_a = i < a + alen;
    int left_b = j < b + blen;
    return left_a == left_b ? 0 : left_a ? 1 : -1;
}

/* A query pair: raw spans into the target (a target is at most 16 KiB). */
typedef struct qpair {
    uint16_t k_at;
    uint16_t k_len;
    uint16_t v_at;
    uint16_t v_len;
} qpair;

static int pair_cmp(const char *t, const qpair *x, const qpair *y)
{
    int c = decoded_cmp(t, x->k_at, x->k_len, y->k_at, y->k_len);
    return c != 0 ? c : decoded_cmp(t, x->v_at, x->v_len, y->v_at, y->v_len);
}

/* A header as signed: its name (lower-cased on output) and trimmed value. */
typedef struct shdr {
    const char *name;
    size_t name_len;
    const char *value;
    size_t value_len;
    int selected;
} shdr;

/* Everything sign needs once the input is validated. */
typedef struct prepared {
    size_t path_len; /* the target's path: target[0..path_len) */
    qpair pairs[HSSC_SIGN_PARAMS_MAX];
    size_t npairs;
    shdr hdrs[HEADERS_MAX]; /* sorted by lower-cased name */
    size_t nhdrs;
    const char *payload_hash; /* X-Sdk-Content-Sha256's trimmed value, or NULL */
    size_t payload_hash_len;
} prepared;

static int name_cmp_ci(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t n = alen < blen ? alen : blen;
    for (size_t i = 0; i < n; i++) {
        unsigned char x = hssc_lower((unsigned char)a[i]);
        unsigned char y = hssc_lower((unsigned char)b[i]);
        if (x != y) {
            return x < y ? -1 : 1;
        }
    }
    return alen < blen ? -1 : alen > blen ? 1 : 0;
}

static int is_ows(char c)
{
    return c == ' ' || c == '\t';
}

static void add_header(prepared *p, const char *name, size_t name_len, const char *value,
                       size_t value_len)
{
    while (value_len > 0 && is_ows(value[0])) {
        value++;
        value_len--;
    }
    while (value_len > 0 && is_ows(value[value_len - 1])) {
        value_len--;
    }
    /* Insertion sort: at most HEADERS_MAX entries. */
    size_t i = p->nhdrs++;
    while (i > 0 && name_cmp_ci(p->hdrs[i - 1].name, p->hdrs[i - 1].name_len, name, name_len) > 0) {
        p->hdrs[i] = p->hdrs[i - 1];
        i--;
    }
    p->hdrs[i] = (shdr){name, name_len, value, value_len, 1};
}

#define CONTENT_SHA256 "x-sdk-content-sha256"

static const shdr *find_header(const prepared *p, const char *name, size_t len)
{
    for (size_t h = 0; h < p->nhdrs; h++) {
        if (name_cmp_ci(p->hdrs[h].name, p->hdrs[h].name_len, name, len) == 0) {
            return &p->hdrs[h];
        }
    }
    return NULL;
}

static const char *const reserved_names[] = {"host", "x-project-id", "x-sdk-date",
                                             "x-security-token", "authorization"};

static hssc_code check_extra_header(const hssc_sign_request *r, size_t k, hssc_error *err)
{
    const hssc_field f = HSSC_FIELD_HEADER;
    const hssc_header *h = &r->headers[k];
    HSSC_ENSURE(h->name.ptr != NULL && (h->value.ptr != NULL || h->value.len == 0), err,
                HSSC_E_ARGUMENT, f, 0);
    HSSC_ENSURE(h->name.len > 0, err, HSSC_E_HEADER_NAME, f, 0);
    HSSC_ENSURE(h->name.len <= HEADER_NAME_MAX, err, HSSC_E_TOO_LONG, f, HEADER_NAME_MAX);
    for (size_t i = 0; i < h->name.len; i++) {
        HSSC_ENSURE(is_tchar((unsigned char)h->name.ptr[i]), err, HSSC_E_HEADER_NAME, f, i);
    }
    for (size_t i = 0; i < sizeof(reserved_names) / sizeof(reserved_names[0]); i++) {
        HSSC_ENSURE(name_cmp_ci(h->name.ptr, h->name.len, reserved_names[i],
                                strlen(reserved_names[i])) != 0,
                    err, HSSC_E_HEADER_NAME, f, 0);
    }
    for (size_t j = 0; j < k; j++) {
        HSSC_ENSURE(name_cmp_ci(h->name.ptr, h->name.len, r->headers[j].name.ptr,
                                r->headers[j].name.len) != 0,
                    err, HSSC_E_DUPLICATE, f, 0);
    }
    /* Field values: no C0 control but HTAB, no DEL (RFC 9110 field-value;
     * CR and LF would split the header). */
    HSSC_ENSURE(h->value.len <= HEADER_VALUE_MAX, err, HSSC_E_TOO_LONG, f, HEADER_VALUE_MAX);
    for (size_t i = 0; i < h->value.len; i++) {
        unsigned char c = (unsigned char)h->value.ptr[i];
        HSSC_ENSURE((c >= 0x20 && c != 0x7F) || c == '\t', err, HSSC_E_CONTROL, f, i);
    }
    return HSSC_OK;
}

static hssc_code check_target(const char *t, size_t len, prepared *p, hssc_error *err)
{
    const hssc_field f = HSSC_FIELD_TARGET;
    HSSC_ENSURE(t != NULL, err, HSSC_E_MISSING, f, 0);
    HSSC_ENSURE(len <= HSSC_TARGET_MAX, err, HSSC_E_TARGET_TOO_LONG, f, HSSC_TARGET_MAX);
    HSSC_ENSURE(len > 0 && t[0] == '/', err, HSSC_E_SYNTAX, f, 0);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)t[i];
        HSSC_ENSURE(c != '#', err, HSSC_E_FRAGMENT, f, i);
        HSSC_ENSURE(c >= 0x21 && c <= 0x7E, err, HSSC_E_SYNTAX, f, i);
    }
    size_t bad = hssc_pct_first_bad(t, len);
    HSSC_ENSURE(bad == len, err, HSSC_E_ESCAPE, f, bad);

    const char *q = memchr(t, '?', len);
    p->path_len = q != NULL ? (size_t)(q - t) : len;
    p->npairs = 0;
    size_t i = p->path_len + 1;
    while (i <= len) {
        size_t at = i;
        while (i < len && t[i] != '&') {
            i++;
        }
        if (i > at) {
            HSSC_ENSURE(p->npairs < HSSC_SIGN_PARAMS_MAX, err, HSSC_E_TOO_LONG, f, at);
            const char *eq = memchr(t + at, '=', i - at);
            size_t k_end = eq != NULL ? (size_t)(eq - t) : i;
            size_t v_at = eq != NULL ? k_end + 1 : i;
            qpair x = {(uint16_t)at, (uint16_t)(k_end - at), (uint16_t)v_at, (uint16_t)(i - v_at)};
            /* Insertion sort, stable: equal pairs keep their order (and are
             * the same bytes once re-encoded anyway). */
            size_t n = p->npairs++;
            while (n > 0 && pair_cmp(t, &p->pairs[n - 1], &x) > 0) {
                p->pairs[n] = p->pairs[n - 1];
                n--;
            }
            p->pairs[n] = x;
        }
        i++;
    }
    return HSSC_OK;
}

/* Checks an optional (member may be absent) or required field. */
static hssc_code check_member(hssc_field f, hssc_str v, int required, hssc_error *err)
{
    if (v.ptr == NULL) {
        HSSC_ENSURE(!required && v.len == 0, err, required ? HSSC_E_MISSING : HSSC_E_ARGUMENT, f,
                    0);
        return HSSC_OK;
    }
    return hssc_field_check(f, v.ptr, v.len, err);
}

static hssc_code prepare(const hssc_sign_request *r, prepared *p, hssc_error *err)
{
    /* The method. */
    HSSC_ENSURE(r->method.ptr != NULL, err, HSSC_E_MISSING, HSSC_FIELD_METHOD, 0);
    HSSC_ENSURE(r->method.len > 0, err, HSSC_E_METHOD, HSSC_FIELD_METHOD, 0);
    HSSC_ENSURE(r->method.len <= METHOD_MAX, err, HSSC_E_METHOD, HSSC_FIELD_METHOD, METHOD_MAX);
    for (size_t i = 0; i < r->method.len; i++) {
        unsigned char c = (unsigned char)r->method.ptr[i];
        HSSC_ENSURE(c >= 'A' && c <= 'Z', err, HSSC_E_METHOD, HSSC_FIELD_METHOD, i);
    }
    HSSC_GUARD(check_member(HSSC_FIELD_HOST, r->host, 1, err));
    HSSC_GUARD(check_target(r->target.ptr, r->target.len, p, err));
    HSSC_GUARD(check_member(HSSC_FIELD_PROJECT_ID, r->project_id, 0, err));
    HSSC_GUARD(check_member(HSSC_FIELD_X_SDK_DATE, r->sdk_date, 1, err));
    HSSC_GUARD(check_member(HSSC_FIELD_ACCESS_KEY, r->access_key, 1, err));
    HSSC_GUARD(check_member(HSSC_FIELD_SECRET_KEY, r->secret_key, 1, err));
    HSSC_GUARD(check_member(HSSC_FIELD_X_SECURITY_TOKEN, r->security_token, 0, err));
    HSSC_ENSURE(r->headers != NULL || r->header_count == 0, err, HSSC_E_ARGUMENT, HSSC_FIELD_HEADER,
                0);
    HSSC_ENSURE(r->header_count <= HSSC_SIGN_HEADERS_MAX, err, HSSC_E_TOO_LONG, HSSC_FIELD_HEADER,
                HSSC_SIGN_HEADERS_MAX);
    for (size_t k = 0; k < r->header_count; k++) {
        HSSC_GUARD(check_extra_header(r, k, err));
    }
    HSSC_ENSURE(r->body.ptr != NULL || r->body.len == 0, err, HSSC_E_ARGUMENT, HSSC_FIELD_BODY, 0);

    /* The headers the request carries, sorted by name. */
    p->nhdrs = 0;
    add_header(p, "host", 4, r->host.ptr, r->host.len);
    if (r->project_id.ptr != NULL) {
        add_header(p, "x-project-id", 12, r->project_id.ptr, r->project_id.len);
    }
    add_header(p, "x-sdk-date", 10, r->sdk_date.ptr, r->sdk_date.len);
    if (r->security_token.ptr != NULL) {
        add_header(p, "x-security-token", 16, r->security_token.ptr, r->security_token.len);
    }
    p->payload_hash = NULL;
    p->payload_hash_len = 0;
    for (size_t k = 0; k < r->header_count; k++) {
        const hssc_header *h = &r->headers[k];
        add_header(p, h->name.ptr, h->name.len, h->value.ptr, h->value.len);
        if (name_cmp_ci(h->name.ptr, h->name.len, CONTENT_SHA256, sizeof(CONTENT_SHA256) - 1) == 0) {
            /* As in the SDKs: this header's value stands in for the body's
             * hash (UNSIGNED-PAYLOAD, or a hash the caller computed). */
            const shdr *d = find_header(p, h->name.ptr, h->name.len);
            p->payload_hash = d->value;
            p->payload_hash_len = d->value_len;
        }
    }

    /* Which of them are signed. */
    if (r->signed_headers.ptr == NULL) {
        HSSC_ENSURE(r->signed_headers.len == 0, err, HSSC_E_ARGUMENT, HSSC_FIELD_SIGNED_HEADERS, 0);
        return HSSC_OK;
    }
    const char *s = r->signed_headers.ptr;
    size_t len = r->signed_headers.len;
    size_t end = 0;
    HSSC_GUARD(check_list(s, len, 0, 0, HSSC_FIELD_SIGNED_HEADERS, &end, err));
    HSSC_ENSURE(end == len, err, HSSC_E_SIGNED_HEADERS, HSSC_FIELD_SIGNED_HEADERS, end);
    for (size_t h = 0; h < p->nhdrs; h++) {
        p->hdrs[h].selected = 0;
    }
    size_t i = 0;
    while (i < len) {
        size_t at = i;
        while (i < len && s[i] != ';') {
            i++;
        }
        shdr *d = (shdr *)find_header(p, s + at, i - at);
        HSSC_ENSURE(d != NULL, err, HSSC_E_NOT_SIGNABLE, HSSC_FIELD_SIGNED_HEADERS, at);
        d->selected = 1;
        i++;
    }
    return HSSC_OK;
}

/* The SignedHeaders list: the selected names, lower-cased, in order. */
static void put_signed_list(sink *s, const prepared *p)
{
    int first = 1;
    for (size_t h = 0; h < p->nhdrs; h++) {
        if (!p->hdrs[h].selected) {
            continue;
        }
        if (!first) {
            put_byte(s, ';');
        }
        first = 0;
        for (size_t i = 0; i < p->hdrs[h].name_len; i++) {
            put_byte(s, hssc_lower((unsigned char)p->hdrs[h].name[i]));
        }
    }
}

static void put_hex(sink *s, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        put_byte(s, (unsigned char)hexdig[b[i] >> 4]);
        put_byte(s, (unsigned char)hexdig[b[i] & 15]);
    }
}

static hssc_code put_canonical(sink *s, const hssc_sign_request *r, const prepared *p,
                               hssc_error *err)
{
    const char *t = r->target.ptr;
    put(s, r->method.ptr, r->method.len);
    put_byte(s, '\n');

    /* URI: the path decoded, every byte but '/' and unreserved encoded. */
    unsigned char last = 0;
    for (size_t i = 0; i < p->path_len;) {
        last = next_decoded(t, &i, 0);
        put_encoded(s, last, 1);
    }
    if (last != '/') {
        put_byte(s, '/');
    }
    put_byte(s, '\n');

    /* Query: sorted pairs, decoded ('+' is a space) and re-encoded. */
    for (size_t k = 0; k < p->npairs; k++) {
        const qpair *x = &p->pairs[k];
        if (k > 0) {
            put_byte(s, '&');
        }
        for (size_t i = x->k_at; i < (size_t)x->k_at + x->k_len;) {
            put_encoded(s, next_decoded(t, &i, 1), 0);
        }
        put_byte(s, '=');
        for (size_t i = x->v_at; i < (size_t)x->v_at + x->v_len;) {
            put_encoded(s, next_decoded(t, &i, 1), 0);
        }
    }
    put_byte(s, '\n');

    for (size_t h = 0; h < p->nhdrs; h++) {
        const shdr *d = &p->hdrs[h];
        if (!d->selected) {
            continue;
        }
        for (size_t i = 0; i < d->name_len; i++) {
            put_byte(s, hssc_lower((unsigned char)d->name[i]));
        }
        put_byte(s, ':');
        put(s, d->value, d->value_len);
        put_byte(s, '\n');
    }
    put_byte(s, '\n');
    put_signed_list(s, p);
    put_byte(s, '\n');

    if (p->payload_hash != NULL) {
        put(s, p->payload_hash, p->payload_hash_len);
        sink_flush(s);
        HSSC_ENSURE(!s->failed, err, HSSC_E_CRYPTO, HSSC_FIELD_NONE, 0);
        return HSSC_OK;
    }
    unsigned char hash[SHA256_LEN];
    unsigned int hash_len = 0;
    static const char empty[1] = {0};
    const void *body = r->body.len > 0 ? (const void *)r->body.ptr : (const void *)empty;
    HSSC_ENSURE(EVP_Digest(body, r->body.len, hash, &hash_len, EVP_sha256(), NULL) == 1 &&
                    hash_len == SHA256_LEN,
                err, HSSC_E_CRYPTO, HSSC_FIELD_BODY, 0);
    put_hex(s, hash, SHA256_LEN);
    sink_flush(s);
    HSSC_ENSURE(!s->failed, err, HSSC_E_CRYPTO, HSSC_FIELD_NONE, 0);
    return HSSC_OK;
}

/* What a call writes. */
enum { WANT_CANONICAL, WANT_STRING_TO_SIGN, WANT_AUTHORIZATION };

/* string to sign: "SDK-HMAC-SHA256\n" date "\n" hex(sha256(canonical)) */
static hssc_code string_to_sign(const hssc_sign_request *r, const prepared *p, sink *sts,
                                hssc_error *err)
{
    sink s;
    memset(&s, 0, sizeof(s));
    s.md = EVP_MD_CTX_new();
    HSSC_ENSURE(s.md != NULL, err, HSSC_E_CRYPTO, HSSC_FIELD_NONE, 0);
    unsigned char hash[SHA256_LEN];
    unsigned int hash_len = 0;
    hssc_code rc = HSSC_OK;
    if (EVP_DigestInit_ex(s.md, EVP_sha256(), NULL) != 1) {
        rc = hssc_fail(err, HSSC_E_CRYPTO, HSSC_FIELD_NONE, 0);
    } else {
        rc = put_canonical(&s, r, p, err);
    }
    if (rc == HSSC_OK &&
        (EVP_DigestFinal_ex(s.md, hash, &hash_len) != 1 || hash_len != SHA256_LEN)) {
        rc = hssc_fail(err, HSSC_E_CRYPTO, HSSC_FIELD_NONE, 0);
    }
    EVP_MD_CTX_free(s.md);
    /* The stage held the tail of the canonical request (the query, the
     * token). */
    hssc_wipe(&s, sizeof(s));
    if (rc == HSSC_OK) {
        put_lit(sts, ALGO "\n");
        put(sts, r->sdk_date.ptr, r->sdk_date.len);
        put_byte(sts, '\n');
        put_hex(sts, hash, SHA256_LEN);
    }
    hssc_wipe(hash, sizeof(hash));
    return rc;
}

static hssc_code sign_into(const hssc_sign_request *r, const prepared *p, int want, sink *o,
                           hssc_error *err)
{
    if (want == WANT_CANONICAL) {
        return put_canonical(o, r, p, err);
    }
    if (want == WANT_STRING_TO_SIGN) {
        return string_to_sign(r, p, o, err);
    }
    /* The string to sign into a small sink of its own, then the MAC. */
    sink sts;
    memset(&sts, 0, sizeof(sts));
    char sts_buf[HSSC_STRING_TO_SIGN_LEN];
    sts.out = sts_buf;
    sts.cap = sizeof(sts_buf);
    HSSC_GUARD(string_to_sign(r, p, &sts, err));
    sink_flush(&sts);
    unsigned char mac[SHA256_LEN];
    size_t mac_len = 0;
    /* EVP_Q_mac: one-shot HMAC over libcrypto's MAC provider. The SK is
     * passed straight from the caller's memory: the codec makes no copy;
     * libcrypto's copies live in its MAC context, which it cleanses when
     * it frees it. */
    unsigned char *ok = EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, r->secret_key.ptr,
                                  r->secret_key.len, (const unsigned char *)sts_buf, sts.len, mac,
                                  sizeof(mac), &mac_len);
    hssc_wipe(&sts, sizeof(sts));
    hssc_wipe(sts_buf, sizeof(sts_buf));
    if (ok == NULL || mac_len != SHA256_LEN) {
        hssc_wipe(mac, sizeof(mac));
        return hssc_fail(err, HSSC_E_CRYPTO, HSSC_FIELD_NONE, 0);
    }
    put_lit(o, ALGO " Access=");
    put(o, r->access_key.ptr, r->access_key.len);
    put_lit(o, ", SignedHeaders=");
    put_signed_list(o, p);
    put_lit(o, ", Signature=");
    put_hex(o, mac, SHA256_LEN);
    sink_flush(o);
    hssc_wipe(mac, sizeof(mac));
    return HSSC_OK;
}

static hssc_code sign_common(const hssc_sign_request *r, int want, char *out, size_t cap,
                             size_t *out_len, hssc_error *err)
{
    if (out_len != NULL) {
        *out_len = 0;
    }
    HSSC_ENSURE(r != NULL && out_len != NULL && (out != NULL || cap == 0), err, HSSC_E_ARGUMENT,
                HSSC_FIELD_NONE, 0);
    prepared p;
    sink o;
    memset(&o, 0, sizeof(o));
    o.out = out;
    o.cap = cap;
    hssc_code rc = prepare(r, &p, err);
    if (rc == HSSC_OK) {
        rc = sign_into(r, &p, want, &o, err);
    }
    sink_flush(&o);
    size_t n = o.len;
    hssc_wipe(&o, sizeof(o));
    if (rc == HSSC_OK && out != NULL && n >= cap) {
        rc = hssc_fail(err, HSSC_E_BUFFER_TOO_SMALL, HSSC_FIELD_NONE, cap);
    }
    if (rc != HSSC_OK) {
        if (cap > 0) {
            hssc_wipe(out, cap);
        }
        *out_len = rc == HSSC_E_BUFFER_TOO_SMALL ? n : 0;
        return rc;
    }
    if (out != NULL) {
        out[n] = '\0';
    }
    *out_len = n;
    return HSSC_OK;
}

hssc_code hssc_sign(const hssc_sign_request *req, char *out, size_t cap, size_t *out_len,
                    hssc_error *err)
{
    return sign_common(req, WANT_AUTHORIZATION, out, cap, out_len, err);
}

hssc_code hssc_sign_canonical_request(const hssc_sign_request *req, char *out, size_t cap,
                                      size_t *out_len, hssc_error *err)
{
    return sign_common(req, WANT_CANONICAL, out, cap, out_len, err);
}

hssc_code hssc_sign_string_to_sign(const hssc_sign_request *req, char *out, size_t cap,
                                   size_t *out_len, hssc_error *err)
{
    return sign_common(req, WANT_STRING_TO_SIGN, out, cap, out_len, err);
}
