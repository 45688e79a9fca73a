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
 *  - canonicalisation is idempotent: signing "URI?QUERY" taken from the
 *    canonical request gives the same canonical request, string to sign and
 *    Authorization;
 *  - the Authorization value passes hssc_authorization_parse.
 */
#include "fuzz_common.h"

#define STR(lit) ((hssc_str){(lit), sizeof(lit) - 1})

/* A buffer the canonical request of a len-byte target always fits: each
 * target byte becomes at most 3 (%XX), plus the method, headers and hash. */
#define CANON_CAP(len) (3u * (len) + 1024u)

static hssc_sign_request base(const char *t, size_t len)
{
    hssc_sign_request r;
    memset(&r, 0, sizeof(r));
    r.method = STR("GET");
    r.host = STR("hss.example.com");
    r.target = (hssc_str){t, len};
    r.project_id = STR("0123456789abcdef0123456789abcdef");
    r.sdk_date = STR("20240101T000000Z");
    r.access_key = STR("AK");
    r.secret_key = STR("SK");
    return r;
}

/* The bytes a canonical line may hold outside its %XX escapes: unreserved,
 * and '/' in the URI or '=' and '&' in the query. */
#define UNRESERVED "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"

static int is_upper_hex(char c)
{
    return memchr("0123456789ABCDEF", c, 16) != NULL;
}

/* Checks the escapes and bytes of a canonical line, which ends at a '\n':
 * one strspn (libc: libFuzzer is not called back per byte) that every byte
 * is allowed or '%' (the upper-case hex digits are unreserved), then at
 * each '%' (memchr) that two upper-case hex digits follow in the line. */
static void check_line(const char *s, size_t len, int in_query)
{
    FUZZ_CHECK(strspn(s, in_query ? UNRESERVED "=&%" : UNRESERVED "/%") == len);
    const char *end = s + len;
    for (const char *p = memchr(s, '%', len); p != NULL; p = memchr(p, '%', (size_t)(end - p))) {
        FUZZ_CHECK(end - p >= 3 && is_upper_hex(p[1]) && is_upper_hex(p[2]));
        p += 3;
    }
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
    cap2 = CANON_CAP(alen);
    canon2 = fuzz_block_get(1, cap2);
    size_t n2 = 0;
    hssc_error e3 = FUZZ_ERROR_POISON;
    hssc_code rc3 = hssc_sign_canonical_request(&r2, canon2, cap2, &n2, &e3);
    if (rc3 == HSSC_E_TARGET_TOO_LONG ||
        (rc3 == HSSC_E_TOO_LONG && e3.field == HSSC_FIELD_TARGET)) {
        /* Re-encoding can grow a target past the limits: not a bug. */
        goto out;
    }
    FUZZ_CHECK(rc3 == HSSC_OK && n2 == n && memcmp(canon1, canon2, n) == 0);

    char a1[512];
    char a2[512];
    size_t l1 = 0;
    size_t l2 = 0;
    FUZZ_CHECK(hssc_sign(&r, a1, sizeof(a1), &l1, &e3) == HSSC_OK);
    FUZZ_CHECK(hssc_sign(&r2, a2, sizeof(a2), &l2, &e3) == HSSC_OK);
    FUZZ_CHECK(l1 == l2 && memcmp(a1, a2, l1) == 0);
    hssc_authorization parts;
    FUZZ_CHECK(hssc_authorization_parse(a1, l1, &parts, &e3) == HSSC_OK);
    FUZZ_CHECK(parts.signature.len == 64);
    char s1[HSSC_STRING_TO_SIGN_LEN + 1];
    FUZZ_CHECK(hssc_sign_string_to_sign(&r, s1, sizeof(s1), &l1, &e3) == HSSC_OK);
    FUZZ_CHECK(l1 == HSSC_STRING_TO_SIGN_LEN);
out:
    if (canon2 != NULL) {
        fuzz_block_put(1, canon2, cap2);
    }
    free(again);
    fuzz_block_put(0, canon1, cap1);
    fuzz_free(t, size);
    return 0;
}
