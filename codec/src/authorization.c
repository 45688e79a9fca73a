/*
 * The shape of the signing headers: SignedHeaders lists, header names, and
 * the Authorization value ("SDK-HMAC-SHA256 Access=AK, SignedHeaders=...,
 * Signature=64 hex").
 *
 * Floor 2: field_text.c and the field table.
 */
#include <string.h>

#include "hssc_internal.h"

#define ALGO HSSC_SIGN_ALGORITHM

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

hssc_code hssc_signed_headers_check(const char *s, size_t len, int stop, size_t base, hssc_field f,
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
            HSSC_ENSURE(hssc_is_tchar(c) && !(c >= 'A' && c <= 'Z'), err, HSSC_E_SIGNED_HEADERS, f,
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
    HSSC_GUARD(hssc_signed_headers_check(v + at, len - at, ',', at, f, &sh_end, err));
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

int hssc_name_cmp_ci(const char *a, size_t alen, const char *b, size_t blen)
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
