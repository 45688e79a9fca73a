/*
 * AK/SK request signing (SDK-HMAC-SHA256): the canonical request, the
 * string to sign, the HMAC. SHA-256 and HMAC come from OpenSSL libcrypto;
 * see docs/signing.md for the algorithm and the decisions.
 *
 * The canonical request is never held whole: it is streamed through a
 * small staging buffer into the digest (or into the caller's buffer, for
 * hssc_sign_canonical_request), so the only bounded memory is the checked
 * input of sign_input.c on the stack.
 *
 * Floor 5: sign_input.c, percent.c, wipe.c, OpenSSL.
 */
#include <string.h>

#include <openssl/evp.h>

#include "hssc_internal.h"

#define ALGO HSSC_SIGN_ALGORITHM
#define SHA256_LEN 32u

/* SHA-256 of no bytes, the body hash of a request without a body (in the
 * signing vectors; test_sign also checks it against libcrypto). */
#define EMPTY_SHA256_HEX "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

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
    unsigned char stage[1024];
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
    while (n > 0) {
        if (s->staged == sizeof(s->stage)) {
            sink_flush(s);
        }
        size_t room = sizeof(s->stage) - s->staged;
        size_t k = n < room ? n : room;
        memcpy(s->stage + s->staged, p, k);
        s->staged += k;
        p += k;
        n -= k;
    }
}

static void put_lit(sink *s, const char *lit)
{
    put(s, lit, strlen(lit));
}

/* Raw bytes recoded at a time by put_recoded: their worst case (3 bytes
 * each) fits the stage. */
#define RECODE_CHUNK 256u

/* The decoded bytes of t[from..end) ('+' a space when plus_is_space),
 * percent-encoded again ('/' kept when keep_slash), RECODE_CHUNK raw bytes
 * at a time through hssc_pct_recode straight into the stage (the scratch
 * it leaves past the result is the stage's, wiped with it). Returns the
 * last byte written (0 when none): '/' exactly when the last decoded byte
 * is '/' (kept then). */
static unsigned char put_recoded(sink *s, const char *t, size_t from, size_t end, int plus_is_space,
                                 int keep_slash)
{
    unsigned char last = 0;
    while (from < end) {
        size_t n = end - from < RECODE_CHUNK ? end - from : RECODE_CHUNK;
        /* An escape the chunk would cut starts the next one. */
        if (n < end - from) {
            n = hssc_pct_whole_units(t + from, n);
        }
        if (sizeof(s->stage) - s->staged < 3 * n) {
            sink_flush(s);
        }
        unsigned char *at = s->stage + s->staged;
        size_t m = hssc_pct_recode(t + from, n, plus_is_space, keep_slash, (char *)at);
        s->staged += m;
        last = m > 0 ? at[m - 1] : last;
        from += n;
    }
    return last;
}

/* One query pair, "KEY=VALUE" recoded, after a '&' when amp is 1: a pair
 * whose worst case fits the stage recoded straight into it after one room
 * check (most pairs), a longer one through put_recoded. */
static void put_pair(sink *s, const char *t, hssc_qpair x, int amp)
{
    size_t need = 3 * ((size_t)x.k_len + x.v_len) + 2;
    if (need > sizeof(s->stage)) {
        if (amp) {
            put_byte(s, '&');
        }
        (void)put_recoded(s, t, x.k_at, (size_t)x.k_at + x.k_len, 1, 0);
        put_byte(s, '=');
        (void)put_recoded(s, t, x.v_at, (size_t)x.v_at + x.v_len, 1, 0);
        return;
    }
    if (sizeof(s->stage) - s->staged < need) {
        sink_flush(s);
    }
    /* Each recode's scratch (past its result) is overwritten by what
     * follows or left in the stage, wiped with it. */
    unsigned char *at = s->stage + s->staged;
    *at = '&';
    at += amp;
    at += hssc_pct_recode(t + x.k_at, x.k_len, 1, 0, (char *)at);
    *at++ = '=';
    at += hssc_pct_recode(t + x.v_at, x.v_len, 1, 0, (char *)at);
    s->staged = (size_t)(at - s->stage);
}

/* A header name, lower-cased, put a piece at a time. */
static void put_lower(sink *s, const char *name, size_t len)
{
    char low[64];
    while (len > 0) {
        size_t n = len < sizeof(low) ? len : sizeof(low);
        char *o = low;
        for (const char *q = name; q < name + n; q++) {
            *o++ = (char)hssc_lower((unsigned char)*q);
        }
        put(s, low, n);
        name += n;
        len -= n;
    }
}

/* The SignedHeaders list: the selected names, lower-cased, in order. */
static void put_signed_list(sink *s, const hssc_sign_input *p)
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
        put_lower(s, p->hdrs[h].name, p->hdrs[h].name_len);
    }
}

/* Lower-case hex digits, aligned to 16: in the fuzz build an index into a
 * table is a checked pointer sum, which the compiler drops when the index
 * (0..15) cannot carry past the table's alignment. */
_Alignas(16) static const char hexdig[] = "0123456789abcdef";

/* A SHA-256 value in lower-case hex, written at once, four bytes a turn
 * (a turn of a loop is a compare in the fuzz build). */
static void put_hex(sink *s, const unsigned char b[SHA256_LEN])
{
    char hex[2 * SHA256_LEN];
    char *o = hex;
    for (const unsigned char *q = b; q < b + SHA256_LEN; q += 4, o += 8) {
        unsigned char in[4];
        memcpy(in, q, 4);
        char d[8] = {hexdig[in[0] >> 4],  hexdig[in[0] & 15u], hexdig[in[1] >> 4],
                     hexdig[in[1] & 15u], hexdig[in[2] >> 4],  hexdig[in[2] & 15u],
                     hexdig[in[3] >> 4],  hexdig[in[3] & 15u]};
        memcpy(o, d, 8);
    }
    put(s, hex, sizeof(hex));
    /* A MAC or a hash of the (secret-bearing) canonical request. */
    hssc_wipe(hex, sizeof(hex));
}

static hssc_code put_canonical(sink *s, const hssc_sign_request *r, const hssc_sign_input *p,
                               hssc_error *err)
{
    const char *t = r->target.ptr;
    put(s, r->method.ptr, r->method.len);
    put_byte(s, '\n');

    /* URI: the path decoded, every byte but '/' and unreserved encoded. */
    if (put_recoded(s, t, 0, p->path_len, 0, 1) != '/') {
        put_byte(s, '/');
    }
    put_byte(s, '\n');

    /* Query: sorted pairs, decoded ('+' is a space) and re-encoded. */
    for (size_t k = 0; k < p->npairs; k++) {
        put_pair(s, t, p->pairs[k], k > 0);
    }
    put_byte(s, '\n');

    for (size_t h = 0; h < p->nhdrs; h++) {
        const hssc_shdr *d = &p->hdrs[h];
        if (!d->selected) {
            continue;
        }
        put_lower(s, d->name, d->name_len);
        put_byte(s, ':');
        put(s, d->value, d->value_len);
        put_byte(s, '\n');
    }
    put_byte(s, '\n');
    put_signed_list(s, p);
    put_byte(s, '\n');

    if (p->payload_hash != NULL) {
        put(s, p->payload_hash, p->payload_hash_len);
    } else if (r->body.len == 0) {
        /* Every GET of this API: a constant, not a digest context. */
        put_lit(s, EMPTY_SHA256_HEX);
    } else {
        unsigned char hash[SHA256_LEN];
        unsigned int hash_len = 0;
        HSSC_ENSURE(EVP_Digest(r->body.ptr, r->body.len, hash, &hash_len, EVP_sha256(), NULL) ==
                            1 &&
                        hash_len == SHA256_LEN,
                    err, HSSC_E_CRYPTO, HSSC_FIELD_BODY, 0);
        put_hex(s, hash);
    }
    sink_flush(s);
    HSSC_ENSURE(!s->failed, err, HSSC_E_CRYPTO, HSSC_FIELD_NONE, 0);
    return HSSC_OK;
}

/* What a call writes. */
enum {
    WANT_CANONICAL,
    WANT_STRING_TO_SIGN,
    WANT_AUTHORIZATION
};

/* string to sign: "SDK-HMAC-SHA256\n" date "\n" hex(sha256(canonical)) */
static hssc_code string_to_sign(const hssc_sign_request *r, const hssc_sign_input *p, sink *sts,
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
        put_hex(sts, hash);
    }
    hssc_wipe(hash, sizeof(hash));
    return rc;
}

static hssc_code sign_into(const hssc_sign_request *r, const hssc_sign_input *p, int want, sink *o,
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
    unsigned char *ok =
        EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, r->secret_key.ptr, r->secret_key.len,
                  (const unsigned char *)sts_buf, sts.len, mac, sizeof(mac), &mac_len);
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
    put_hex(o, mac);
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
    hssc_sign_input p;
    sink o;
    memset(&o, 0, sizeof(o));
    o.out = out;
    o.cap = cap;
    /* A size query of the canonical request: its length does not depend
     * on the order of the query pairs, so they are not sorted. */
    int order = want != WANT_CANONICAL || out != NULL;
    hssc_code rc = hssc_sign_prepare(r, order, &p, err);
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
