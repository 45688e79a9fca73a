/*
 * A sign request checked and laid out for signing: every member validated
 * by its row of the field table, the target split into path and sorted
 * query pairs, the headers trimmed, sorted and selected.
 *
 * Floor 4: field_check.c, authorization.c (SignedHeaders, header names),
 * percent.c (decoded comparisons through the cursor).
 */
#include <string.h>

#include "hssc_internal.h"

#define METHOD_MAX 16u
#define HEADER_NAME_MAX 64u
#define HEADER_VALUE_MAX 8192u

/* Raw bytes of a query span decoded at a time by decoded_cmp. */
#define CMP_CHUNK 64u

/* A query span being decoded: the raw bytes t[at..end) still to read,
 * buf[pos..len) decoded and not yet compared. */
typedef struct decoding {
    const char *t;
    size_t at;
    size_t end;
    size_t pos;
    size_t len;
    size_t dirty; /* buf[0..dirty) written (scratch included): wiped at the end */
    char buf[CMP_CHUNK];
} decoding;

/* Refills d->buf when it is used up; 0 at the end of the span. Escapes
 * were checked: every '%' has its two hex digits, so one in a chunk's last
 * two bytes starts the next chunk. */
static int decoding_more(decoding *d)
{
    if (d->pos < d->len) {
        return 1;
    }
    size_t n = d->end - d->at < CMP_CHUNK ? d->end - d->at : CMP_CHUNK;
    if (n < d->end - d->at) {
        n = hssc_pct_whole_units(d->t + d->at, n);
    }
    d->len = hssc_pct_decode(d->t + d->at, n, 1, d->buf);
    d->dirty = n > d->dirty ? n : d->dirty;
    d->pos = 0;
    d->at += n;
    return d->len > 0;
}

/* How many bytes x and y (n each) share from the start: eight at a time
 * (one compare each in the fuzz build), then one by one. */
static size_t shared_prefix(const char *x, const char *y, size_t n)
{
    size_t i = 0;
    while (n - i >= 8 && memcmp(x + i, y + i, 8) == 0) {
        i += 8;
    }
    while (i < n && x[i] == y[i]) {
        i++;
    }
    return i;
}

/* Compares the decoded forms ('+' a space) of two raw query spans of t.
 * The raw bytes both start with decode alike up to the unit that holds
 * their first difference (an escape starting one or two bytes before it):
 * from there, a chunk of each at a time (hssc_pct_decode, memcmp). */
static int decoded_cmp(const char *t, size_t a, size_t alen, size_t b, size_t blen)
{
    size_t same = shared_prefix(t + a, t + b, alen < blen ? alen : blen);
    if (same == alen && same == blen) {
        return 0; /* the same raw bytes: a repeated key or value */
    }
    same = hssc_pct_whole_units(t + a, same);
    decoding x;
    decoding y;
    x.t = t;
    x.at = a + same;
    x.end = a + alen;
    x.pos = x.len = x.dirty = 0;
    y.t = t;
    y.at = b + same;
    y.end = b + blen;
    y.pos = y.len = y.dirty = 0;
    int c = 0;
    for (;;) {
        int mx = decoding_more(&x);
        int my = decoding_more(&y);
        if (!mx || !my) {
            c = mx - my;
            break;
        }
        size_t k = x.len - x.pos < y.len - y.pos ? x.len - x.pos : y.len - y.pos;
        c = memcmp(x.buf + x.pos, y.buf + y.pos, k);
        if (c != 0) {
            c = c < 0 ? -1 : 1;
            break;
        }
        x.pos += k;
        y.pos += k;
    }
    /* The decoded query may hold a secret (a token). */
    hssc_wipe(x.buf, x.dirty);
    hssc_wipe(y.buf, y.dirty);
    return c;
}

static int pair_cmp(const char *t, const hssc_qpair *x, const hssc_qpair *y)
{
    int c = decoded_cmp(t, x->k_at, x->k_len, y->k_at, y->k_len);
    return c != 0 ? c : decoded_cmp(t, x->v_at, x->v_len, y->v_at, y->v_len);
}

/* A pair with the first eight bytes of its decoded key, big-endian (zeros
 * past a shorter key): two different prefixes order two pairs at once, the
 * same prefix leaves it to tie_less. */
typedef struct sort_item {
    uint64_t pre;
    uint64_t vpre; /* a short pair's value's eight bytes as pre; else NOT_SHORT */
    hssc_qpair q;
    int plain; /* neither '%' nor '+' in the pair: its bytes are its decoded bytes */
} sort_item;

/* The vpre of a pair that is not short (plain, key and value at most eight
 * bytes): its top bit is never set in a short pair's (visible ASCII). */
#define NOT_SHORT UINT64_MAX
_Static_assert(offsetof(sort_item, vpre) == sizeof(uint64_t), "item_less reads pre, vpre at once");

/* Raw bytes that always decode to at least eight bytes when the key has
 * them: 27, less at most 2 for an escape cut at the end, is 25 >= 3 x 8 + 1. */
#define PREFIX_RAW 27u

/* Sets *v to the first n (at most 8) bytes of s as a big-endian number,
 * zeros past them: the bytes go straight into *v (no copy of them is left
 * elsewhere), then are put in order where they are. */
static void set_prefix(uint64_t *v, const char *s, size_t n)
{
    *v = 0;
    memcpy(v, s, n);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    *v = __builtin_bswap64(*v);
#elif !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_BIG_ENDIAN__
    unsigned char b[8];
    memcpy(b, v, 8);
    *v = (uint64_t)b[0] << 56 | (uint64_t)b[1] << 48 | (uint64_t)b[2] << 40 | (uint64_t)b[3] << 32 |
         (uint64_t)b[4] << 24 | (uint64_t)b[5] << 16 | (uint64_t)b[6] << 8 | b[7];
    hssc_wipe(b, sizeof(b));
#endif
}

/* The key prefix of item x: its raw bytes when plain, else the first
 * PREFIX_RAW raw bytes (an escape cut at their end left out) decoded. */
static void set_key_prefix(sort_item *x, const char *t)
{
    const hssc_qpair *q = &x->q;
    if (x->plain) {
        set_prefix(&x->pre, t + q->k_at, q->k_len < 8 ? q->k_len : 8);
        return;
    }
    size_t n = q->k_len < PREFIX_RAW ? q->k_len : PREFIX_RAW;
    if (n < q->k_len) {
        n = hssc_pct_whole_units(t + q->k_at, n);
    }
    char dec[PREFIX_RAW];
    size_t m = hssc_pct_decode(t + q->k_at, n, 1, dec);
    set_prefix(&x->pre, dec, m < 8 ? m : 8);
    hssc_wipe(dec, sizeof(dec));
}

/* memcmp order of two raw spans of t, the shorter first on a tie: the
 * decoded order of spans that decode to themselves. */
static int raw_cmp(const char *t, size_t a, size_t alen, size_t b, size_t blen)
{
    int c = memcmp(t + a, t + b, alen < blen ? alen : blen);
    if (c != 0) {
        return c;
    }
    return alen < blen ? -1 : alen > blen;
}

/* Whether x sorts before y, given their prefixes are the same. */
static int tie_less(const char *t, const sort_item *x, const sort_item *y)
{
    if (x->plain && y->plain) {
        int c = raw_cmp(t, x->q.k_at, x->q.k_len, y->q.k_at, y->q.k_len);
        return (c != 0 ? c : raw_cmp(t, x->q.v_at, x->q.v_len, y->q.v_at, y->q.v_len)) < 0;
    }
    return pair_cmp(t, &x->q, &y->q) < 0;
}

/* Whether x sorts before y: their prefixes, then tie_less. Two short
 * pairs with the same prefix have the same key (no NUL in a plain key: the
 * target is visible ASCII), so their values' prefixes order them. The two
 * prefixes are copied out (in the fuzz build each access through an item
 * pointer is an alignment check, a compare libFuzzer is called back on). */
static inline int item_less(const char *t, const sort_item *x, const sort_item *y)
{
    uint64_t kx[2];
    uint64_t ky[2];
    memcpy(kx, x, sizeof(kx));
    memcpy(ky, y, sizeof(ky));
    if (kx[0] != ky[0]) {
        return kx[0] < ky[0];
    }
    return (kx[1] | ky[1]) >> 63 == 0 ? kx[1] < ky[1] : tie_less(t, x, y);
}

/* Merges the sorted runs [i, mid) and [mid, hi) into o; the left first
 * when equal: stable. */
static void merge(const char *t, const sort_item *i, const sort_item *mid, const sort_item *hi,
                  sort_item *o)
{
    const sort_item *j = mid;
    while (i < mid && j < hi) {
        const sort_item *next = item_less(t, j, i) ? j++ : i++;
        memcpy(o++, next, sizeof(*o));
    }
    memcpy(o, i, (size_t)(mid - i) * sizeof(*i));
    memcpy(o + (mid - i), j, (size_t)(hi - j) * sizeof(*j));
}

/* Sorts the query pairs by decoded key, then value, stably (equal pairs
 * keep their order, and are the same bytes once re-encoded anyway): a
 * bottom-up merge sort, O(n log n) comparisons for up to
 * HSSC_SIGN_PARAMS_MAX pairs, most decided by the keys' prefixes; none
 * when one pass finds them in order (a canonical query: re-signing). */
static void sort_pairs(const char *t, hssc_sign_input *p)
{
    sort_item a[HSSC_SIGN_PARAMS_MAX];
    sort_item b[HSSC_SIGN_PARAMS_MAX];
    size_t n = p->npairs;
    const hssc_qpair *q = p->pairs;
    int sorted = 1;
    for (sort_item *x = a; x < a + n; x++, q++) {
        /* Built in a local and copied in whole: see item_less. */
        sort_item it;
        memcpy(&it.q, q, sizeof(it.q));
        const char *raw = t + it.q.k_at;
        size_t raw_len = (size_t)it.q.v_at + it.q.v_len - it.q.k_at;
        it.plain = memchr(raw, '%', raw_len) == NULL && memchr(raw, '+', raw_len) == NULL;
        set_key_prefix(&it, t);
        it.vpre = NOT_SHORT;
        if (it.plain && it.q.k_len <= 8 && it.q.v_len <= 8) {
            set_prefix(&it.vpre, t + it.q.v_at, it.q.v_len);
        }
        sorted = sorted && (x == a || !item_less(t, &it, x - 1));
        memcpy(x, &it, sizeof(it));
    }
    sort_item *from = a;
    sort_item *to = b;
    for (size_t w = 1; !sorted && w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n;
            size_t hi = mid + w < n ? mid + w : n;
            merge(t, from + lo, from + mid, from + hi, to + lo);
        }
        sort_item *swap = from;
        from = to;
        to = swap;
    }
    hssc_qpair *out = p->pairs;
    for (const sort_item *x = from; x < from + n; x++) {
        *out++ = x->q;
    }
    /* The prefixes are bytes of the query. */
    hssc_wipe(a, n * sizeof(a[0]));
    hssc_wipe(b, n * sizeof(b[0]));
}

static int is_ows(char c)
{
    return c == ' ' || c == '\t';
}

static void add_header(hssc_sign_input *p, const char *name, size_t name_len, const char *value,
                       size_t value_len)
{
    while (value_len > 0 && is_ows(value[0])) {
        value++;
        value_len--;
    }
    while (value_len > 0 && is_ows(value[value_len - 1])) {
        value_len--;
    }
    /* Insertion sort: at most HSSC_SIGN_HDRS_MAX entries. */
    size_t i = p->nhdrs++;
    while (i > 0 &&
           hssc_name_cmp_ci(p->hdrs[i - 1].name, p->hdrs[i - 1].name_len, name, name_len) > 0) {
        p->hdrs[i] = p->hdrs[i - 1];
        i--;
    }
    p->hdrs[i] = (hssc_shdr){name, name_len, value, value_len, 1};
}

#define CONTENT_SHA256 "x-sdk-content-sha256"

static const hssc_shdr *find_header(const hssc_sign_input *p, const char *name, size_t len)
{
    for (size_t h = 0; h < p->nhdrs; h++) {
        if (hssc_name_cmp_ci(p->hdrs[h].name, p->hdrs[h].name_len, name, len) == 0) {
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
        HSSC_ENSURE(hssc_is_tchar((unsigned char)h->name.ptr[i]), err, HSSC_E_HEADER_NAME, f, i);
    }
    for (size_t i = 0; i < sizeof(reserved_names) / sizeof(reserved_names[0]); i++) {
        HSSC_ENSURE(hssc_name_cmp_ci(h->name.ptr, h->name.len, reserved_names[i],
                                     strlen(reserved_names[i])) != 0,
                    err, HSSC_E_HEADER_NAME, f, 0);
    }
    for (size_t j = 0; j < k; j++) {
        HSSC_ENSURE(hssc_name_cmp_ci(h->name.ptr, h->name.len, r->headers[j].name.ptr,
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

static hssc_code check_target(const char *t, size_t len, int order, hssc_sign_input *p,
                              hssc_error *err)
{
    const hssc_field f = HSSC_FIELD_TARGET;
    HSSC_ENSURE(t != NULL, err, HSSC_E_MISSING, f, 0);
    HSSC_ENSURE(len <= HSSC_TARGET_MAX, err, HSSC_E_TARGET_TOO_LONG, f, HSSC_TARGET_MAX);
    HSSC_ENSURE(len > 0 && t[0] == '/', err, HSSC_E_SYNTAX, f, 0);
    /* The first byte that is '#' or not visible ASCII decides. */
    size_t vis = hssc_visible_first_bad(t, len);
    const char *hash = memchr(t, '#', vis);
    HSSC_ENSURE(hash == NULL, err, HSSC_E_FRAGMENT, f, (size_t)(hash - t));
    HSSC_ENSURE(vis == len, err, HSSC_E_SYNTAX, f, vis);
    size_t bad = hssc_pct_first_bad(t, len);
    HSSC_ENSURE(bad == len, err, HSSC_E_ESCAPE, f, bad);

    const char *q = memchr(t, '?', len);
    p->path_len = q != NULL ? (size_t)(q - t) : len;
    p->npairs = 0;
    size_t i = p->path_len + 1;
    while (i <= len) {
        size_t at = i;
        const char *amp = memchr(t + at, '&', len - at);
        i = amp != NULL ? (size_t)(amp - t) : len;
        if (i > at) {
            HSSC_ENSURE(p->npairs < HSSC_SIGN_PARAMS_MAX, err, HSSC_E_TOO_LONG, f, at);
            const char *eq = memchr(t + at, '=', i - at);
            size_t k_end = eq != NULL ? (size_t)(eq - t) : i;
            size_t v_at = eq != NULL ? k_end + 1 : i;
            hssc_qpair x = {(uint16_t)at, (uint16_t)(k_end - at), (uint16_t)v_at,
                            (uint16_t)(i - v_at)};
            p->pairs[p->npairs++] = x;
        }
        i++;
    }
    if (order) {
        sort_pairs(t, p);
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

hssc_code hssc_sign_prepare(const hssc_sign_request *r, int order, hssc_sign_input *p,
                            hssc_error *err)
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
    HSSC_GUARD(check_target(r->target.ptr, r->target.len, order, p, err));
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
        if (hssc_name_cmp_ci(h->name.ptr, h->name.len, CONTENT_SHA256,
                             sizeof(CONTENT_SHA256) - 1) == 0) {
            /* As in the SDKs: this header's value stands in for the body's
             * hash (UNSIGNED-PAYLOAD, or a hash the caller computed). */
            const hssc_shdr *d = find_header(p, h->name.ptr, h->name.len);
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
    HSSC_GUARD(hssc_signed_headers_check(s, len, 0, 0, HSSC_FIELD_SIGNED_HEADERS, &end, err));
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
        hssc_shdr *d = (hssc_shdr *)find_header(p, s + at, i - at);
        HSSC_ENSURE(d != NULL, err, HSSC_E_NOT_SIGNABLE, HSSC_FIELD_SIGNED_HEADERS, at);
        d->selected = 1;
        i++;
    }
    return HSSC_OK;
}
