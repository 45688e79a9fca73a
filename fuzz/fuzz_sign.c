/*
 * Target functions: hssc_sign_canonical_request, hssc_sign,
 * hssc_sign_string_to_sign, hssc_authorization_parse.
 *
 * The input is a request target to sign (origin form, as sent). Invariants:
 *  - every error is a known code with field TARGET (the other members are
 *    fixed and valid) and an offset <= length; *out_len is 0 and the buffer
 *    cleared;
 *  - the size query agrees with the written length;
 *  - the canonical URI starts and ends with '/', the canonical query is
 *    "k=v" pairs joined by '&'; both hold only unreserved bytes, '/', '=',
 *    '&' and %XX with upper-case hex;
 *  - the canonical query's pairs are in order: decoded key, then decoded
 *    value, as unsigned bytes (a reference decoder of the target's own);
 *  - canonicalisation is idempotent: signing "URI?QUERY" taken from the
 *    canonical request gives the same string to sign, which holds the
 *    SHA-256 of the canonical request, so the same canonical request (on a
 *    difference, the canonical requests are compared to say which);
 *  - the string to sign and the Authorization are what the documented
 *    algorithm makes of the canonical request, computed here with
 *    libcrypto's SHA-256 and HMAC (so the Authorization of "URI?QUERY" is
 *    the same too: it is a function of the same canonical request);
 *  - the Authorization value passes hssc_authorization_parse.
 */
#include "fuzz_common.h"

#include <openssl/evp.h>

#define STR(lit) ((hssc_str){(lit), sizeof(lit) - 1})

/* A buffer the canonical request of a len-byte target always fits: each
 * target byte becomes at most 3 (%XX), plus the method, headers and hash. */
#define CANON_CAP(len) (3u * (len) + 1024u)

#define DATE "20240101T000000Z"
#define SK "SK"
#define AK "AK"

static hssc_sign_request base(const char *t, size_t len)
{
    hssc_sign_request r;
    memset(&r, 0, sizeof(r));
    r.method = STR("GET");
    r.host = STR("hss.example.com");
    r.target = (hssc_str){t, len};
    r.project_id = STR("0123456789abcdef0123456789abcdef");
    r.sdk_date = STR(DATE);
    r.access_key = STR(AK);
    r.secret_key = STR(SK);
    return r;
}

/* What a byte may be in a canonical line outside its %XX escapes: 1
 * unreserved, 2 '/' (the URI), 4 '=' or '&' (the query), 8 an upper-case
 * hex digit. */
static unsigned char line_class[256];

static FUZZ_NOCOV void line_class_init(void)
{
    const char *u = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    for (; *u != '\0'; u++) {
        line_class[(unsigned char)*u] = 1;
    }
    for (const char *h = "0123456789ABCDEF"; *h != '\0'; h++) {
        line_class[(unsigned char)*h] |= 8;
    }
    line_class['/'] = 2;
    line_class['='] = 4;
    line_class['&'] = 4;
}

/* Checks the escapes and bytes of a canonical line: each byte allowed (2
 * in the URI, 4 in the query), or '%' and two upper-case hex digits. */
static FUZZ_NOCOV void check_line(const char *s, size_t len, int in_query)
{
    unsigned allowed = 1u | (in_query ? 4u : 2u);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%') {
            FUZZ_CHECK(len - i >= 3 && (line_class[(unsigned char)s[i + 1]] & 8) != 0 &&
                       (line_class[(unsigned char)s[i + 2]] & 8) != 0);
            i += 2;
        } else {
            FUZZ_CHECK((line_class[c] & allowed) != 0);
        }
    }
}

/* The next decoded byte of a checked canonical span s[*i..end), or -1 at
 * its end. */
static FUZZ_NOCOV int next_decoded(const char *s, size_t *i, size_t end)
{
    if (*i >= end) {
        return -1;
    }
    unsigned char c = (unsigned char)s[*i];
    if (c != '%') {
        (*i)++;
        return c;
    }
    unsigned v = 0;
    for (size_t k = 1; k <= 2; k++) {
        unsigned char h = (unsigned char)s[*i + k];
        v = v * 16 + (unsigned)(h <= '9' ? h - '0' : h - 'A' + 10);
    }
    *i += 3;
    return (int)v;
}

/* The order of the decoded forms of two canonical spans: <0, 0, >0, the
 * shorter first on a tie. */
static FUZZ_NOCOV int decoded_order(const char *s, size_t a, size_t a_end, size_t b, size_t b_end)
{
    for (;;) {
        int x = next_decoded(s, &a, a_end);
        int y = next_decoded(s, &b, b_end);
        if (x != y || x < 0) {
            return x - y;
        }
    }
}

/* Checks that the pairs of the canonical query q[0..len) are sorted by
 * decoded key, then decoded value. In a canonical pair the first '=' ends
 * the key (an '=' of the key itself is %3D). */
static FUZZ_NOCOV void check_order(const char *q, size_t len)
{
    size_t pk = 0, pk_end = 0, pv_end = 0; /* the previous pair */
    int have_prev = 0;
    size_t at = 0;
    while (at < len) {
        size_t end = at;
        while (end < len && q[end] != '&') {
            end++;
        }
        size_t eq = at;
        while (eq < end && q[eq] != '=') {
            eq++;
        }
        FUZZ_CHECK(eq < end);
        if (have_prev) {
            int c = decoded_order(q, pk, pk_end, at, eq);
            FUZZ_CHECK(c < 0 || (c == 0 && decoded_order(q, pk_end + 1, pv_end, eq + 1, end) <= 0));
        }
        pk = at;
        pk_end = eq;
        pv_end = end;
        have_prev = 1;
        at = end + 1;
    }
}

/* Lower-case hex of n bytes into out (2n bytes). */
static FUZZ_NOCOV void to_hex(const unsigned char *b, size_t n, char *out)
{
    static const char d[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = d[b[i] >> 4];
        out[2 * i + 1] = d[b[i] & 15];
    }
}

/* libcrypto's SHA-256 and HMAC-SHA256, fetched once: the reference the
 * codec's outputs are held to. */
static EVP_MD *oracle_md;
static EVP_MD_CTX *oracle_md_ctx;
static EVP_MAC_CTX *oracle_mac_ctx;

static FUZZ_NOCOV void oracle_init(void)
{
    oracle_md = EVP_MD_fetch(NULL, "SHA256", NULL);
    oracle_md_ctx = EVP_MD_CTX_new();
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    FUZZ_CHECK(oracle_md != NULL && oracle_md_ctx != NULL && mac != NULL);
    oracle_mac_ctx = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac); /* the context keeps its own reference */
    FUZZ_CHECK(oracle_mac_ctx != NULL);
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest, 0),
                           OSSL_PARAM_construct_end()};
    FUZZ_CHECK(EVP_MAC_CTX_set_params(oracle_mac_ctx, params) == 1);
}

/* The string to sign of canonical request c[0..n) into sts
 * (HSSC_STRING_TO_SIGN_LEN bytes): "SDK-HMAC-SHA256\n" date "\n"
 * hex(SHA-256(c)). */
static FUZZ_NOCOV void oracle_sts(const char *c, size_t n, char *sts)
{
    unsigned char h[32];
    unsigned int hl = 0;
    FUZZ_CHECK(EVP_DigestInit_ex2(oracle_md_ctx, oracle_md, NULL) == 1 &&
               EVP_DigestUpdate(oracle_md_ctx, c, n) == 1 &&
               EVP_DigestFinal_ex(oracle_md_ctx, h, &hl) == 1 && hl == 32);
    const char head[] = HSSC_SIGN_ALGORITHM "\n" DATE "\n";
    memcpy(sts, head, sizeof(head) - 1);
    to_hex(h, 32, sts + sizeof(head) - 1);
}

/* The Authorization of string to sign sts into a (at least 256 bytes);
 * returns its length. */
static FUZZ_NOCOV size_t oracle_authorization(const char *sts, char *a)
{
    unsigned char mac[32];
    size_t ml = 0;
    FUZZ_CHECK(
        EVP_MAC_init(oracle_mac_ctx, (const unsigned char *)SK, sizeof(SK) - 1, NULL) == 1 &&
        EVP_MAC_update(oracle_mac_ctx, (const unsigned char *)sts, HSSC_STRING_TO_SIGN_LEN) == 1 &&
        EVP_MAC_final(oracle_mac_ctx, mac, &ml, sizeof(mac)) == 1 && ml == 32);
    const char head[] = HSSC_SIGN_ALGORITHM
        " Access=" AK ", SignedHeaders=host;x-project-id;x-sdk-date, Signature=";
    memcpy(a, head, sizeof(head) - 1);
    to_hex(mac, 32, a + sizeof(head) - 1);
    return sizeof(head) - 1 + 64;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    line_class_init();
    oracle_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *t = fuzz_copy(data, size);
    hssc_sign_request r = base(t, size);
    /* The canonical requests go to reused blocks of exactly CANON_CAP bytes
     * (fuzz_block_get: ASan sees any access past them), which the codec
     * wipes whole on failure. */
    size_t cap1 = CANON_CAP(size);
    char *canon1 = fuzz_block_get(0, cap1);
    char *canon2 = NULL;
    size_t cap2 = 0;
    char *again = NULL;
    size_t want = 0;
    hssc_error e = FUZZ_ERROR_POISON;
    hssc_code rc = hssc_sign_canonical_request(&r, NULL, 0, &want, &e);
    size_t n = 1;
    hssc_error e2 = FUZZ_ERROR_POISON;
    hssc_code rc2 = hssc_sign_canonical_request(&r, canon1, cap1, &n, &e2);
    FUZZ_CHECK(rc == rc2);
    if (rc != HSSC_OK) {
        fuzz_check_error(rc, &e, size);
        FUZZ_CHECK(e.field == HSSC_FIELD_TARGET);
        FUZZ_CHECK(e2.code == e.code && e2.field == e.field && e2.offset == e.offset);
        FUZZ_CHECK(n == 0 && fuzz_all_zero(canon1, cap1));
        goto out;
    }
    FUZZ_CHECK(n == want && strlen(canon1) == n);

    /* GET \n URI \n QUERY \n ... */
    FUZZ_CHECK(memcmp(canon1, "GET\n", 4) == 0);
    const char *uri = canon1 + 4;
    const char *uri_end = strchr(uri, '\n');
    FUZZ_CHECK(uri_end != NULL && uri_end > uri && uri[0] == '/' && uri_end[-1] == '/');
    const char *q = uri_end + 1;
    const char *q_end = strchr(q, '\n');
    FUZZ_CHECK(q_end != NULL);
    check_line(uri, (size_t)(uri_end - uri), 0);
    check_line(q, (size_t)(q_end - q), 1);
    check_order(q, (size_t)(q_end - q));

    /* The string to sign and Authorization the canonical request makes. */
    char sts[HSSC_STRING_TO_SIGN_LEN];
    oracle_sts(canon1, n, sts);
    char auth[256];
    size_t auth_len = oracle_authorization(sts, auth);

    char a1[512];
    size_t l1 = 0;
    hssc_error e3 = FUZZ_ERROR_POISON;
    FUZZ_CHECK(hssc_sign(&r, a1, sizeof(a1), &l1, &e3) == HSSC_OK);
    FUZZ_CHECK(l1 == auth_len && memcmp(a1, auth, l1) == 0);
    hssc_authorization parts;
    FUZZ_CHECK(hssc_authorization_parse(a1, l1, &parts, &e3) == HSSC_OK);
    FUZZ_CHECK(parts.signature.len == 64);

    /* Idempotence: "URI?QUERY", in an exactly sized heap block. */
    size_t ulen = (size_t)(uri_end - uri);
    size_t qlen = (size_t)(q_end - q);
    size_t alen = ulen + (qlen > 0 ? 1 + qlen : 0);
    again = malloc(alen);
    FUZZ_CHECK(again != NULL);
    memcpy(again, uri, ulen);
    if (qlen > 0) {
        again[ulen] = '?';
        memcpy(again + ulen + 1, q, qlen);
    }
    hssc_sign_request r2 = base(again, alen);
    /* Its string to sign holds the SHA-256 of its canonical request: the
     * same string means the same canonical request. */
    char s2[HSSC_STRING_TO_SIGN_LEN + 1];
    size_t l2 = 0;
    hssc_code rc3 = hssc_sign_string_to_sign(&r2, s2, sizeof(s2), &l2, &e3);
    if (rc3 == HSSC_E_TARGET_TOO_LONG ||
        (rc3 == HSSC_E_TOO_LONG && e3.field == HSSC_FIELD_TARGET)) {
        /* Re-encoding can grow a target past the limits: not a bug. */
        goto out;
    }
    FUZZ_CHECK(rc3 == HSSC_OK && l2 == HSSC_STRING_TO_SIGN_LEN);
    if (memcmp(s2, sts, l2) != 0) {
        /* Which: the canonical request, or the string made of it. */
        cap2 = CANON_CAP(alen);
        canon2 = fuzz_block_get(1, cap2);
        size_t n2 = 0;
        FUZZ_CHECK(hssc_sign_canonical_request(&r2, canon2, cap2, &n2, &e3) == HSSC_OK);
        FUZZ_CHECK(n2 == n && memcmp(canon1, canon2, n) == 0);
        FUZZ_CHECK(memcmp(s2, sts, l2) == 0);
    }
out:
    if (canon2 != NULL) {
        fuzz_block_put(1, canon2, cap2);
    }
    free(again);
    fuzz_block_put(0, canon1, cap1);
    fuzz_free(t, size);
    return 0;
}
