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

static const char hexdig[] = "0123456789abcdef";

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

/* Raw bytes recoded at a time by put_recoded. */
#define RECODE_CHUNK 256u

/* Decoded bytes d[0..n) percent-encoded onto s; '/' kept when keep_slash. */
static void put_encoded(sink *s, const char *d, size_t n, int keep_slash)
{
    char enc[3 * RECODE_CHUNK];
    size_t i = 0;
    while (i < n) {
        const char *slash = keep_slash ? memchr(d + i, '/', n - i) : NULL;
        size_t seg = slash != NULL ? (size_t)(slash - (d + i)) : n - i;
        size_t m = hssc_pct_encode(d + i, seg, enc);
        put(s, enc, m);
        hssc_wipe(enc, m);
        i += seg;
        if (slash != NULL) {
            put_byte(s, '/');
            i++;
        }
    }
}

/* The decoded bytes of t[from..end) ('+' a space when plus_is_space),
 * percent-encoded again ('/' kept when keep_slash), RECODE_CHUNK raw bytes
 * at a time through hssc_pct_decode and hssc_pct_encode. Returns the last
 * decoded byte (0 when none). */
static unsigned char put_recoded(sink *s, const char *t, size_t from, size_t end, int plus_is_space,
                                 int keep_slash)
{
    char dec[RECODE_CHUNK];
    unsigned char last = 0;
    while (from < end) {
        size_t n = end - from < RECODE_CHUNK ? end - from : RECODE_CHUNK;
        /* Escapes were checked (sign_input.c): every '%' has its two hex
         * digits, so one in a chunk's last two bytes starts the next. */
        if (n < end - from) {
            n -= t[from + n - 1] == '%' ? 1 : t[from + n - 2] == '%' ? 2 : 0;
        }
        size_t m = hssc_pct_decode(t + from, n, plus_is_space, dec);
        if (m > 0) {
            last = (unsigned char)dec[m - 1];
        }
        put_encoded(s, dec, m, keep_slash);
        hssc_wipe(dec, m);
        from += n;
    }
    return last;
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
        const hssc_qpair *x = &p->pairs[k];
        if (k > 0) {
            put_byte(s, '&');
        }
        (void)put_recoded(s, t, x->k_at, (size_t)x->k_at + x->k_len, 1, 0);
        put_byte(s, '=');
        (void)put_recoded(s, t, x->v_at, (size_t)x->v_at + x->v_len, 1, 0);
    }
    put_byte(s, '\n');

    for (size_t h = 0; h < p->nhdrs; h++) {
        const hssc_shdr *d = &p->hdrs[h];
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
        put_hex(sts, hash, SHA256_LEN);
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
    hssc_sign_input p;
    sink o;
    memset(&o, 0, sizeof(o));
    o.out = out;
    o.cap = cap;
    hssc_code rc = hssc_sign_prepare(r, &p, err);
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
