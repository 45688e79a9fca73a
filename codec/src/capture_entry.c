/*
 * Checks one HAR entry the reader has kept (capture.c) and reports its
 * findings: DESIGN.md, "Captured traffic", rule by rule.
 */
#include <string.h>

#include "capture_internal.h"
#include "cursor.h"

/* ---- matching ---- */

/* Splits an absolute URL as RFC 3986 appendix B does: the path runs from
 * the first '/' after "scheme://authority" to '?' or '#'. */
static int url_path(const char *u, size_t len, size_t *from, size_t *to)
{
    size_t i = 0;
    while (i < len && (hssc_is_alpha((unsigned char)u[i]) || hssc_is_digit((unsigned char)u[i]) ||
                       u[i] == '+' || u[i] == '-' || u[i] == '.')) {
        i++;
    }
    if (i == 0 || len - i < 3 || memcmp(u + i, "://", 3) != 0) {
        return 0;
    }
    i += 3;
    while (i < len && u[i] != '/' && u[i] != '?' && u[i] != '#') {
        i++;
    }
    *from = i;
    while (i < len && u[i] != '?' && u[i] != '#') {
        i++;
    }
    *to = i;
    return 1;
}

int hssc_har_url_matches(const char *url, size_t len)
{
    static const char pre[] = HSSC_PATH_PREFIX;
    static const char suf[] = HSSC_PATH_SUFFIX;
    const size_t np = sizeof(pre) - 1;
    const size_t ns = sizeof(suf) - 1;
    size_t a;
    size_t b;
    if (!url_path(url, len, &a, &b) || b - a < np + 1 + ns) {
        return 0;
    }
    if (memcmp(url + a, pre, np) != 0 || memcmp(url + b - ns, suf, ns) != 0) {
        return 0;
    }
    /* one segment between them */
    return memchr(url + a + np, '/', b - a - np - ns) == NULL;
}

/* ---- percent-decoding on the fly, for comparisons ---- */

/* The next decoded byte of s from the cursor ('+' is a space); -1 at the
 * end. The escapes have been checked well-formed. */
static int next_decoded(hssc_cursor *cur)
{
    unsigned char b;
    return hssc_pct_next(cur, 1, &b) == 1 ? b : -1;
}

static int next_plain(hssc_cursor *cur)
{
    unsigned char b;
    return hssc_cursor_read(cur, &b) ? b : -1;
}

/* dec(a) == dec(b), where a plain side is taken as is (da, db: decode it). */
static int same(const char *a, size_t alen, int da, const char *b, size_t blen, int db)
{
    if ((da && hssc_pct_first_bad(a, alen) != alen) ||
        (db && hssc_pct_first_bad(b, blen) != blen)) {
        return 0;
    }
    hssc_cursor ca = hssc_cursor_of(a, alen);
    hssc_cursor cb = hssc_cursor_of(b, blen);
    for (;;) {
        int x = da ? next_decoded(&ca) : next_plain(&ca);
        int y = db ? next_decoded(&cb) : next_plain(&cb);
        if (x != y) {
            return 0;
        }
        if (x < 0) {
            return 1;
        }
    }
}

/* The query of an absolute URL, item by item ("&&" and a trailing '&' give
 * no item, as the request decoder reads them). */
typedef struct qitem {
    const char *name;
    size_t nlen;
    const char *value;
    size_t vlen;
} qitem;

static int next_item(const char *q, size_t len, size_t *i, qitem *it)
{
    while (*i < len && q[*i] == '&') {
        (*i)++;
    }
    if (*i >= len) {
        return 0;
    }
    size_t s = *i;
    while (*i < len && q[*i] != '&') {
        (*i)++;
    }
    const char *eq = memchr(q + s, '=', *i - s);
    it->name = q + s;
    it->nlen = eq != NULL ? (size_t)(eq - (q + s)) : *i - s;
    it->value = eq != NULL ? eq + 1 : q + *i;
    it->vlen = eq != NULL ? (size_t)(q + *i - (eq + 1)) : 0;
    return 1;
}

static void url_query(const char *u, size_t len, const char **q, size_t *qlen)
{
    size_t a;
    size_t b;
    *q = u + len;
    *qlen = 0;
    if (url_path(u, len, &a, &b) && b < len && u[b] == '?') {
        size_t e = b + 1;
        while (e < len && u[e] != '#') {
            e++;
        }
        *q = u + b + 1;
        *qlen = e - (b + 1);
    }
}

/* A queryString pair agrees with a URL item when equal raw, when the pair
 * holds the item decoded, or when both decode to the same bytes. */
static int pair_agrees(const qitem *hq, const qitem *uq)
{
    return (same(hq->name, hq->nlen, 0, uq->name, uq->nlen, 0) &&
            same(hq->value, hq->vlen, 0, uq->value, uq->vlen, 0)) ||
           (same(hq->name, hq->nlen, 0, uq->name, uq->nlen, 1) &&
            same(hq->value, hq->vlen, 0, uq->value, uq->vlen, 1)) ||
           (same(hq->name, hq->nlen, 1, uq->name, uq->nlen, 1) &&
            same(hq->value, hq->vlen, 1, uq->value, uq->vlen, 1));
}

/* Every queryString pair matches a distinct URL item, and none is left. */
static int query_agrees(const har_entry *e)
{
    const char *q;
    size_t qlen;
    url_query(e->url.ptr, e->url.len, &q, &qlen);
    size_t n_url = 0;
    qitem it;
    for (size_t i = 0; next_item(q, qlen, &i, &it);) {
        n_url++;
    }
    /* exporters keep "?=" as one pair with an empty name and value, and
     * leave out what has neither */
    size_t n_har = 0;
    for (size_t at = 0; at < e->query_len; n_har++) {
        uint32_t l1;
        uint32_t l2;
        memcpy(&l1, e->query + at, 4);
        memcpy(&l2, e->query + at + 4 + l1, 4);
        at += 8 + l1 + l2;
    }
    if (e->query_overflow || n_har != n_url || n_url > HSSC_HAR_QUERY_ITEMS_MAX) {
        return 0;
    }
    unsigned char used[HSSC_HAR_QUERY_ITEMS_MAX / 8];
    memset(used, 0, sizeof(used));
    for (size_t at = 0; at < e->query_len;) {
        qitem hq;
        uint32_t l1;
        uint32_t l2;
        memcpy(&l1, e->query + at, 4);
        hq.name = e->query + at + 4;
        hq.nlen = l1;
        memcpy(&l2, e->query + at + 4 + l1, 4);
        hq.value = e->query + at + 8 + l1;
        hq.vlen = l2;
        at += 8 + l1 + l2;
        int found = 0;
        size_t k = 0;
        for (size_t i = 0; next_item(q, qlen, &i, &it); k++) {
            if (!(used[k / 8] & (1u << (k % 8))) && pair_agrees(&hq, &it)) {
                used[k / 8] |= (unsigned char)(1u << (k % 8));
                found = 1;
                break;
            }
        }
        if (!found) {
            return 0;
        }
    }
    return 1;
}

/* ---- the URL as findings show it ---- */

/* The raw values of the URL's "password" items (names compared once
 * decoded); a URL may carry the parameter more than once. */
#define PW_MAX 8

typedef struct passwords {
    qitem item[PW_MAX];
    size_t n;
} passwords;

/* Where a URL's query (or, without one, its fragment) starts: items are
 * looked for from there on, the fragment included (a password in it is
 * never sent, but it is in the capture). */
static size_t items_from(const char *u, size_t len)
{
    size_t a;
    size_t b;
    return url_path(u, len, &a, &b) ? b : len;
}

/* The "name=value" item that starts at i (after a '?', '&' or '#' past
 * from), up to the next '&' or '#': 1, or 0 when none starts there. */
static int item_at(const char *u, size_t len, size_t from, size_t i, qitem *it)
{
    if (i <= from || i > len || (u[i - 1] != '?' && u[i - 1] != '&' && u[i - 1] != '#')) {
        return 0;
    }
    size_t e = i;
    while (e < len && u[e] != '&' && u[e] != '#') {
        e++;
    }
    const char *eq = memchr(u + i, '=', e - i);
    it->name = u + i;
    it->nlen = eq != NULL ? (size_t)(eq - (u + i)) : e - i;
    it->value = eq != NULL ? eq + 1 : u + e;
    it->vlen = eq != NULL ? (size_t)(u + e - (eq + 1)) : 0;
    return 1;
}

static int is_password_item(const qitem *it)
{
    return it->vlen > 0 && same(it->name, it->nlen, 1, "password", 8, 0);
}

static void password_items(const char *u, size_t len, passwords *pw)
{
    size_t from = items_from(u, len);
    qitem it;
    pw->n = 0;
    for (size_t i = from + 1; pw->n < PW_MAX && i < len; i++) {
        if (item_at(u, len, from, i, &it) && is_password_item(&it)) {
            pw->item[pw->n++] = it;
        }
    }
}

static int has_bytes(const char *s, size_t len, const char *needle, size_t n)
{
    for (size_t i = 0; n > 0 && i + n <= len; i++) {
        if (memcmp(s + i, needle, n) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Does (s, len) hold the password, raw or decoded? */
static int holds_password(const char *s, size_t len, const qitem *pw)
{
    if (pw->vlen == 0) {
        return 0;
    }
    if (has_bytes(s, len, pw->value, pw->vlen)) {
        return 1;
    }
    if (hssc_pct_first_bad(pw->value, pw->vlen) != pw->vlen) {
        return 0;
    }
    /* the password decoded, as it stands in s */
    for (size_t i = 0; i < len; i++) {
        hssc_cursor cp = hssc_cursor_of(pw->value, pw->vlen);
        hssc_cursor cs = hssc_cursor_span(s, i, len);
        int y;
        while ((y = next_decoded(&cp)) >= 0 && next_plain(&cs) == y) {
        }
        if (y < 0) {
            return 1;
        }
    }
    return 0;
}

/* Does (s, len) hold one of the passwords, raw or decoded? */
static int holds_any(const char *s, size_t len, const passwords *pw)
{
    for (size_t k = 0; k < pw->n; k++) {
        if (holds_password(s, len, &pw->item[k])) {
            return 1;
        }
    }
    return 0;
}

/* The URL with the value of every "password" item (query or fragment) as
 * ***, and each such value as *** wherever else it stands; clipped to HSSC_HAR_SHOWN_URL_MAX
 * bytes with "...". */
static size_t shown_url(const har_entry *e, const passwords *pw, char *out)
{
    const char *u = e->url.ptr;
    size_t len = e->url.len;
    size_t from = items_from(u, len);
    size_t o = 0;
    const size_t max = HSSC_HAR_SHOWN_URL_MAX;
    for (size_t i = 0; i < len && o < max;) {
        size_t skip = 0;
        qitem it;
        if (item_at(u, len, from, i, &it) && is_password_item(&it)) {
            /* a password item's value goes, whatever it is */
            size_t keep = (size_t)(it.value - (u + i));
            for (size_t k = 0; k < keep && o < max; k++) {
                out[o++] = u[i + k];
            }
            i += keep;
            skip = it.vlen;
        }
        for (size_t k = 0; skip == 0 && k < pw->n; k++) {
            if (len - i >= pw->item[k].vlen &&
                memcmp(u + i, pw->item[k].value, pw->item[k].vlen) == 0) {
                skip = pw->item[k].vlen;
            }
        }
        if (skip > 0) {
            size_t n = max - o < 3 ? max - o : 3;
            memcpy(out + o, "***", n);
            o += n;
            i += skip;
            continue;
        }
        out[o++] = u[i++];
    }
    if (e->url.clipped || o == max) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    return o;
}

/* ---- findings ---- */

typedef struct entry_report {
    hssc_capture *c;
    hssc_capture_finding f;
    passwords pw;
    int violations;
    int not_captured;
    int api_error;
} entry_report;

static void report(entry_report *r, hssc_side side, hssc_finding_kind kind, hssc_code code,
                   hssc_field field, size_t offset)
{
    hssc_capture_finding f = r->f;
    f.side = side;
    f.kind = kind;
    f.error.code = code;
    f.error.field = field;
    f.error.offset = offset;
    r->violations += kind == HSSC_FINDING_VIOLATION;
    r->not_captured += kind == HSSC_FINDING_NOT_CAPTURED;
    r->api_error += kind == HSSC_FINDING_API_ERROR;
    r->c->cb(r->c->cb_ctx, &f);
}

static void violation(entry_report *r, hssc_side side, const hssc_error *err)
{
    report(r, side, HSSC_FINDING_VIOLATION, err->code, err->field, err->offset);
}

/* An unknown or repeated parameter is named (at most 64 bytes as written),
 * unless the name holds the password. */
static void request_violation(entry_report *r, const hssc_error *err)
{
    const har_entry *e = &r->c->e;
    if ((err->code == HSSC_E_UNKNOWN || err->code == HSSC_E_DUPLICATE) &&
        err->offset < e->url.len) {
        const char *s = e->url.ptr + err->offset;
        size_t n = 0;
        while (err->offset + n < e->url.len && s[n] != '=' && s[n] != '&' && s[n] != '#') {
            n++;
        }
        if (!holds_any(s, n, &r->pw)) {
            r->f.name.ptr = s;
            r->f.name.len = n > 64 ? 64 : n;
        }
    }
    violation(r, HSSC_SIDE_REQUEST, err);
    r->f.name.ptr = NULL;
    r->f.name.len = 0;
}

/* Does t hold the entry's password (raw or decoded) or token? */
static int holds_secret(const entry_report *r, const har_text *t)
{
    const har_text *tok = &r->c->e.token.v;
    return holds_any(t->ptr, t->len, &r->pw) ||
           (tok->present && tok->len > 0 && has_bytes(t->ptr, t->len, tok->ptr, tok->len));
}

/* ---- the request side ---- */

static void check_request(entry_report *r)
{
    hssc_capture *c = r->c;
    har_entry *e = &c->e;
    hssc_error err;
    if (e->url.notes != 0) {
        report(r, HSSC_SIDE_CAPTURE, HSSC_FINDING_VIOLATION, HSSC_E_HAR_STRING, HSSC_FIELD_TARGET,
               0);
    }
    if (!e->method.present) {
        report(r, HSSC_SIDE_CAPTURE, HSSC_FINDING_VIOLATION, HSSC_E_MISSING, HSSC_FIELD_METHOD, 0);
    } else if (e->method.len != 3 || memcmp(e->method.ptr, "GET", 3) != 0) {
        report(r, HSSC_SIDE_REQUEST, HSSC_FINDING_VIOLATION, HSSC_E_NOT_GET, HSSC_FIELD_METHOD, 0);
    }
    hssc_request req;
    if (hssc_request_decode(e->url.ptr, e->url.len, c->flags & HSSC_ALLOW_UNKNOWN, c->scratch,
                            c->scratch_cap, &req, &err) != HSSC_OK) {
        request_violation(r, &err);
    }
    hssc_wipe(c->scratch, e->url.len < c->scratch_cap ? e->url.len : c->scratch_cap);
    if (e->have_query && !query_agrees(e)) {
        report(r, HSSC_SIDE_CAPTURE, HSSC_FINDING_VIOLATION, HSSC_E_QUERY_MISMATCH,
               HSSC_FIELD_TARGET, 0);
    }
    /* the credentials: the token, or a signature and its date */
    const har_header *hs[3] = {&e->token, &e->authorization, &e->sdk_date};
    static const hssc_field hf[3] = {HSSC_FIELD_X_AUTH_TOKEN, HSSC_FIELD_AUTHORIZATION,
                                     HSSC_FIELD_X_SDK_DATE};
    for (size_t i = 0; i < 3; i++) {
        if (!hs[i]->v.present) {
            continue;
        }
        if (hs[i]->conflict) {
            report(r, HSSC_SIDE_REQUEST, HSSC_FINDING_VIOLATION, HSSC_E_DUPLICATE, hf[i], 0);
        }
        if (hs[i]->v.notes != 0) {
            report(r, HSSC_SIDE_CAPTURE, HSSC_FINDING_VIOLATION, HSSC_E_HAR_STRING, hf[i], 0);
        }
        if (hssc_field_check(hf[i], hs[i]->v.ptr, hs[i]->v.len, &err) != HSSC_OK) {
            violation(r, HSSC_SIDE_REQUEST, &err);
        }
    }
    if (!e->token.v.present && !e->authorization.v.present) {
        report(r, HSSC_SIDE_REQUEST, HSSC_FINDING_NOT_CAPTURED, HSSC_E_NOT_CAPTURED,
               HSSC_FIELD_X_AUTH_TOKEN, 0);
    } else if (e->authorization.v.present && !e->sdk_date.v.present) {
        report(r, HSSC_SIDE_REQUEST, HSSC_FINDING_NOT_CAPTURED, HSSC_E_NOT_CAPTURED,
               HSSC_FIELD_X_SDK_DATE, 0);
    }
}

/* ---- the response side ---- */

static int b64_value(unsigned char ch)
{
    if (ch >= 'A' && ch <= 'Z') {
        return ch - 'A';
    }
    if (ch >= 'a' && ch <= 'z') {
        return ch - 'a' + 26;
    }
    if (hssc_is_digit(ch)) {
        return ch - '0' + 52;
    }
    return ch == '+' ? 62 : ch == '/' ? 63 : -1;
}

/* Decodes standard base64 (RFC 4648 section 4, padded) in place. Returns 1
 * and the length, or 0 and the offset of the first bad byte. */
static int base64_decode(char *s, size_t len, size_t *out_len, size_t *bad)
{
    size_t o = 0;
    if (len % 4 != 0) {
        *bad = len;
        return 0;
    }
    for (size_t i = 0; i < len; i += 4) {
        int v[4];
        int pad = 0;
        for (size_t k = 0; k < 4; k++) {
            unsigned char ch = (unsigned char)s[i + k];
            if (ch == '=' && i + 4 == len && k >= 2 && (k == 3 || s[i + 3] == '=')) {
                v[k] = 0;
                pad++;
                continue;
            }
            v[k] = b64_value(ch);
            if (v[k] < 0 || pad > 0) {
                *bad = i + k;
                return 0;
            }
        }
        unsigned w = ((unsigned)v[0] << 18) | ((unsigned)v[1] << 12) | ((unsigned)v[2] << 6) |
                     (unsigned)v[3];
        s[o++] = (char)(w >> 16);
        if (pad < 2) {
            s[o++] = (char)((w >> 8) & 0xFF);
        }
        if (pad < 1) {
            s[o++] = (char)(w & 0xFF);
        }
    }
    *out_len = o;
    return 1;
}

static void check_response(entry_report *r)
{
    hssc_capture *c = r->c;
    har_entry *e = &c->e;
    hssc_error err;
    if (!e->have_response || !e->have_status || e->status_bad || e->status == 0 ||
        !e->text.present) {
        if (!e->status_bad) {
            report(r, HSSC_SIDE_RESPONSE, HSSC_FINDING_NOT_CAPTURED, HSSC_E_NOT_CAPTURED,
                   HSSC_FIELD_BODY, 0);
        }
        return;
    }
    if (e->text.notes != 0) {
        report(r, HSSC_SIDE_CAPTURE, HSSC_FINDING_VIOLATION, HSSC_E_HAR_STRING, HSSC_FIELD_BODY, 0);
        return;
    }
    /* the body, decoded from base64 when so marked, at most max_body */
    char *body = e->text.ptr;
    size_t len = e->text.len;
    int too_large = e->text.clipped;
    if (e->encoding.present) {
        if (e->encoding.len != 6 || memcmp(e->encoding.ptr, "base64", 6) != 0) {
            report(r, HSSC_SIDE_CAPTURE, HSSC_FINDING_VIOLATION, HSSC_E_HAR_ENCODING,
                   HSSC_FIELD_BODY, 0);
            return;
        }
        size_t bad;
        if (!too_large && !base64_decode(body, len, &len, &bad)) {
            report(r, HSSC_SIDE_CAPTURE, HSSC_FINDING_VIOLATION, HSSC_E_BASE64, HSSC_FIELD_BODY,
                   bad);
            return;
        }
    }
    if (too_large || len > c->max_body) {
        report(r, HSSC_SIDE_RESPONSE, HSSC_FINDING_VIOLATION, HSSC_E_BODY_TOO_LARGE,
               HSSC_FIELD_BODY, c->max_body);
        return;
    }
    if (e->status == 200) {
        const har_text *ct = &e->content_type.v;
        if (e->resp_headers > 0 && (!ct->present || !hssc_content_type_is_json(ct->ptr, ct->len))) {
            report(r, HSSC_SIDE_RESPONSE, HSSC_FINDING_VIOLATION, HSSC_E_CONTENT_TYPE,
                   HSSC_FIELD_BODY, 0);
        }
        hssc_response resp;
        if (hssc_response_decode(body, len, c->flags & HSSC_ALLOW_UNKNOWN, c->max_body,
                                 c->decode_ws, c->decode_ws_cap, &resp, &err) != HSSC_OK) {
            violation(r, HSSC_SIDE_RESPONSE, &err);
        }
    } else if (e->status >= 400) {
        hssc_api_error ae;
        if (hssc_api_error_decode(body, len, c->flags & HSSC_ALLOW_UNKNOWN, c->max_body,
                                  c->decode_ws, c->decode_ws_cap, &ae, &err) != HSSC_OK) {
            violation(r, HSSC_SIDE_RESPONSE, &err);
        } else {
            r->f.api_code = ae.error_code;
            report(r, HSSC_SIDE_RESPONSE, HSSC_FINDING_API_ERROR, HSSC_OK, HSSC_FIELD_ERROR_CODE,
                   0);
            r->f.api_code.ptr = NULL;
            r->f.api_code.len = 0;
        }
    } else {
        report(r, HSSC_SIDE_RESPONSE, HSSC_FINDING_VIOLATION, HSSC_E_STATUS, HSSC_FIELD_BODY, 0);
    }
    /* the decoders' workspace held the body's strings */
    hssc_wipe(c->decode_ws,
              c->decode_ws_cap < 2 * len + 65536 ? c->decode_ws_cap : 2 * len + 65536);
}

void hssc_har_entry_check(hssc_capture *c)
{
    har_entry *e = &c->e;
    entry_report r;
    memset(&r, 0, sizeof(r));
    r.c = c;
    r.f.entry = c->sum.entries - 1;
    r.f.started.ptr = e->started.ptr;
    r.f.started.len = e->started.len;
    r.f.method.ptr = e->method.ptr;
    r.f.method.len = e->method.len;
    r.f.status = e->have_status && !e->status_bad ? (int)e->status : 0;
    if (!e->url.present) {
        /* Without request.url nobody can tell what the entry was: the
         * capture is broken. */
        r.f.url.ptr = "";
        report(&r, HSSC_SIDE_CAPTURE, HSSC_FINDING_VIOLATION,
               e->have_request  ? HSSC_E_MISSING
               : e->n_shape > 0 ? e->shape[0].code
                                : HSSC_E_MISSING,
               HSSC_FIELD_TARGET, 0);
        c->sum.violating++;
        return;
    }
    if (!hssc_har_url_matches(e->url.ptr, e->url.len)) {
        return;
    }
    c->sum.matching++;
    password_items(e->url.ptr, e->url.len, &r.pw);
    /* what names the entry never carries its secrets */
    if (holds_secret(&r, &e->started)) {
        r.f.started.ptr = "***";
        r.f.started.len = 3;
    }
    if (holds_secret(&r, &e->method)) {
        r.f.method.ptr = "***";
        r.f.method.len = 3;
    }
    r.f.url.ptr = c->shown_url;
    r.f.url.len = shown_url(e, &r.pw, c->shown_url);
    for (size_t i = 0; i < e->n_shape; i++) {
        report(&r, HSSC_SIDE_CAPTURE, HSSC_FINDING_VIOLATION, e->shape[i].code, e->shape[i].field,
               0);
    }
    check_request(&r);
    check_response(&r);
    hssc_wipe(c->shown_url, r.f.url.len);
    if (r.violations > 0) {
        c->sum.violating++;
    } else {
        c->sum.valid++;
    }
    c->sum.not_captured += r.not_captured > 0;
    c->sum.api_errors += r.api_error > 0;
}
