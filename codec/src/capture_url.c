/*
 * What the capture checks read of an entry's URL (request.url, absolute):
 * whether its path is this API's, whether request.queryString agrees with
 * its query, where the values of its "password" items stand, and the URL as
 * findings show it, with those values as ***. Comparisons decode percent
 * escapes on the fly, on the bounds-checked cursor.
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
static int next_item(const char *q, size_t len, size_t *i, har_qitem *it)
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
static int pair_agrees(const har_qitem *hq, const har_qitem *uq)
{
    return (same(hq->name, hq->nlen, 0, uq->name, uq->nlen, 0) &&
            same(hq->value, hq->vlen, 0, uq->value, uq->vlen, 0)) ||
           (same(hq->name, hq->nlen, 0, uq->name, uq->nlen, 1) &&
            same(hq->value, hq->vlen, 0, uq->value, uq->vlen, 1)) ||
           (same(hq->name, hq->nlen, 1, uq->name, uq->nlen, 1) &&
            same(hq->value, hq->vlen, 1, uq->value, uq->vlen, 1));
}

/* Every queryString pair matches a distinct URL item, and none is left. */
int hssc_har_query_agrees(const har_entry *e)
{
    const char *q;
    size_t qlen;
    url_query(e->url.ptr, e->url.len, &q, &qlen);
    size_t n_url = 0;
    har_qitem it;
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
        har_qitem hq;
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

/* ---- the passwords, and the URL as findings show it ---- */

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
static int item_at(const char *u, size_t len, size_t from, size_t i, har_qitem *it)
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

static int is_password_item(const har_qitem *it)
{
    const hssc_field_info *pw = hssc_field_get(HSSC_FIELD_PASSWORD);
    return it->vlen > 0 && same(it->name, it->nlen, 1, pw->name, pw->name_len, 0);
}

void hssc_har_password_items(const char *u, size_t len, const har_text *token, har_passwords *pw)
{
    size_t from = items_from(u, len);
    har_qitem it;
    pw->n = 0;
    pw->more = 0;
    memset(&pw->token, 0, sizeof(pw->token));
    if (token->present) {
        pw->token.value = token->ptr;
        pw->token.vlen = token->len;
    }
    for (size_t i = from + 1; !pw->more && i < len; i++) {
        if (item_at(u, len, from, i, &it) && is_password_item(&it)) {
            if (pw->n == HSSC_HAR_PASSWORDS_MAX) {
                pw->more = 1;
            } else {
                pw->item[pw->n++] = it;
            }
        }
    }
}

/* How many bytes of s from i spell the bytes of cursor a, where a side
 * that decodes (da, ds) reads percent-escapes as the bytes they stand for
 * (0: they do not stand there). */
static size_t spelled_at(hssc_cursor a, int da, const char *s, size_t len, size_t i, int ds)
{
    hssc_cursor cs = hssc_cursor_span(s, i, len);
    int x;
    while ((x = da ? next_decoded(&a) : next_plain(&a)) >= 0 &&
           (ds ? next_decoded(&cs) : next_plain(&cs)) == x) {
    }
    return x < 0 && cs.at > i ? cs.at - i : 0;
}

/* How many bytes of s from i are the secret, raw, or decoded on either side
 * ("password=a%62c" hides both "abc" and "a%62c" elsewhere; a token "a/b"
 * is hidden as "a%2Fb" too); 0: it does not stand there. */
static size_t password_at(const char *s, size_t len, size_t i, const har_qitem *pw)
{
    if (pw->vlen == 0 || i >= len) {
        return 0;
    }
    if (len - i >= pw->vlen && memcmp(s + i, pw->value, pw->vlen) == 0) {
        return pw->vlen;
    }
    hssc_cursor v = hssc_cursor_of(pw->value, pw->vlen);
    size_t n = spelled_at(v, 0, s, len, i, 1);
    if (n == 0 && hssc_pct_first_bad(pw->value, pw->vlen) == pw->vlen) {
        n = spelled_at(v, 1, s, len, i, 0);
    }
    return n;
}

/* Does (s, len) hold the password, in any of the forms password_at sees? */
static int holds_password(const char *s, size_t len, const har_qitem *pw)
{
    for (size_t i = 0; i < len; i++) {
        if (password_at(s, len, i, pw) > 0) {
            return 1;
        }
    }
    return 0;
}

/* Does (s, len) hold one of the passwords or the token, raw or decoded? */
int hssc_har_holds_any(const char *s, size_t len, const har_passwords *pw)
{
    if (pw->more || holds_password(s, len, &pw->token)) {
        return 1;
    }
    for (size_t k = 0; k < pw->n; k++) {
        if (holds_password(s, len, &pw->item[k])) {
            return 1;
        }
    }
    return 0;
}

/* The URL with the value of every "password" item (query or fragment) as
 * ***, and each such value and the token, raw or decoded, as *** wherever
 * else it stands; clipped to HSSC_HAR_SHOWN_URL_MAX bytes with "...". */
size_t hssc_har_shown_url(const har_entry *e, const har_passwords *pw, char *out)
{
    const char *u = e->url.ptr;
    size_t len = e->url.len;
    size_t from = items_from(u, len);
    size_t o = 0;
    const size_t max = HSSC_HAR_SHOWN_URL_MAX;
    if (pw->more && from < len) {
        len = from + 1; /* up to the '?' or '#'; "***" stands for the rest */
    }
    for (size_t i = 0; i < len && o < max;) {
        size_t skip = 0;
        har_qitem it;
        if (item_at(u, len, from, i, &it) && is_password_item(&it)) {
            /* a password item's value goes, whatever it is */
            size_t keep = (size_t)(it.value - (u + i));
            for (size_t k = 0; k < keep && o < max; k++) {
                out[o++] = u[i + k];
            }
            i += keep;
            skip = it.vlen;
        }
        skip = skip == 0 ? password_at(u, len, i, &pw->token) : skip;
        for (size_t k = 0; skip == 0 && k < pw->n; k++) {
            skip = password_at(u, len, i, &pw->item[k]);
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
    if (pw->more) {
        size_t n = max - o < 3 ? max - o : 3;
        memcpy(out + o, "***", n);
        o += n;
    }
    if (e->url.clipped || o == max) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    return o;
}
