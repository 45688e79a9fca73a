/*
 * Target functions: hssc_registry_addr_check (and through it uriparser's
 * uriParseSingleUriExMmA on the codec's arena, and the host/port rules
 * shared with endpoints and download URLs).
 *
 * Input: the whole input is the value.
 *
 * Invariants:
 *  - an error carries a known code, field registry_addr and an offset
 *    <= the value's length; hssc_field_check(HSSC_FIELD_REGISTRY_ADDR)
 *    gives the very same error;
 *  - an accepted value has the shape DESIGN.md allows, checked by a small
 *    reference written here: [http:// | https://] host-or-IP [:port] [/],
 *    where a name host is RFC 1123 (labels of 1..63 letters, digits and
 *    inner hyphens, at most 253 characters, one optional trailing dot), an
 *    IPv4 literal is four decimal octets, an IPv6 literal sits in brackets
 *    and holds only hex digits, ':' and '.', and the port is 1..65535
 *    without sign or leading zero; so no user information, path, query,
 *    fragment or whitespace ever passes;
 *  - an accepted value without a scheme is still accepted behind
 *    "https://" and "http://" (when that fits in 256 characters).
 */
#include "fuzz_common.h"

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int is_alnum(unsigned char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_hex(unsigned char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int ref_port(const unsigned char *p, size_t len)
{
    if (len == 0 || len > 5 || p[0] == '0') {
        return 0;
    }
    unsigned long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (!is_digit(p[i])) {
            return 0;
        }
        v = v * 10 + (unsigned long)(p[i] - '0');
    }
    return v <= 65535;
}

static int ref_ipv4(const unsigned char *s, size_t len)
{
    size_t dots = 0;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == '.') {
            size_t n = i - start;
            if (n == 0 || n > 3 || (n > 1 && s[start] == '0')) {
                return 0;
            }
            unsigned v = 0;
            for (size_t k = start; k < i; k++) {
                v = v * 10 + (unsigned)(s[k] - '0');
            }
            if (v > 255) {
                return 0;
            }
            dots += i < len;
            start = i + 1;
        } else if (!is_digit(s[i])) {
            return 0;
        }
    }
    return dots == 3;
}

static int ref_hostname(const unsigned char *s, size_t len)
{
    if (len > 0 && s[len - 1] == '.') {
        len--;
    }
    if (len == 0 || len > 253) {
        return 0;
    }
    size_t start = 0;
    size_t last = 0; /* start of the last label */
    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == '.') {
            size_t n = i - start;
            if (n == 0 || n > 63 || s[start] == '-' || s[i - 1] == '-') {
                return 0;
            }
            last = start;
            start = i + 1;
        } else if (!is_alnum(s[i]) && s[i] != '-') {
            return 0;
        }
    }
    /* A last label of digits only is never a name (RFC 3696 2): such a
     * host is an IPv4 literal or nothing. */
    for (size_t i = last; i < len; i++) {
        if (!is_digit(s[i])) {
            return 1;
        }
    }
    return 0;
}

static int ref_shape(const unsigned char *s, size_t len)
{
    if (fuzz_starts_ci(s, len, "https://")) {
        s += 8;
        len -= 8;
    } else if (fuzz_starts_ci(s, len, "http://")) {
        s += 7;
        len -= 7;
    }
    if (len > 0 && s[len - 1] == '/') {
        len--;
    }
    if (len == 0) {
        return 0;
    }
    size_t host_end;
    if (s[0] == '[') {
        const unsigned char *close = memchr(s, ']', len);
        if (close == NULL) {
            return 0;
        }
        host_end = (size_t)(close - s) + 1;
        if (host_end < 3) {
            return 0;
        }
        for (size_t i = 1; i + 1 < host_end; i++) {
            if (!is_hex(s[i]) && s[i] != ':' && s[i] != '.') {
                return 0;
            }
        }
    } else {
        const unsigned char *colon = memchr(s, ':', len);
        host_end = colon != NULL ? (size_t)(colon - s) : len;
        if (!ref_ipv4(s, host_end) && !ref_hostname(s, host_end)) {
            return 0;
        }
    }
    if (host_end == len) {
        return 1;
    }
    return s[host_end] == ':' && ref_port(s + host_end + 1, len - host_end - 1);
}

static hssc_code check(const char *v, size_t len, hssc_error *e)
{
    char *copy = fuzz_copy((const uint8_t *)v, len);
    hssc_error poison = FUZZ_ERROR_POISON;
    *e = poison;
    hssc_code rc = hssc_registry_addr_check(copy, len, e);
    if (rc != HSSC_OK) {
        fuzz_check_error(rc, e, len);
        FUZZ_CHECK(e->field == HSSC_FIELD_REGISTRY_ADDR);
    }
    fuzz_free(copy, len);
    return rc;
}

/* Characters (UTF-8 lead bytes) in an accepted value. */
static size_t chars(const unsigned char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        n += (s[i] & 0xC0) != 0x80;
    }
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *value = fuzz_copy(data, size);
    const unsigned char *u = (const unsigned char *)value;
    hssc_error e;
    hssc_code rc = check(value, size, &e);

    hssc_error e2 = FUZZ_ERROR_POISON;
    hssc_code rc2 = hssc_field_check(HSSC_FIELD_REGISTRY_ADDR, value, size, &e2);
    FUZZ_CHECK(rc2 == rc);
    if (rc != HSSC_OK) {
        FUZZ_CHECK(e2.code == e.code && e2.field == e.field && e2.offset == e.offset);
    }

    if (rc == HSSC_OK) {
        FUZZ_CHECK(ref_shape(u, size));
        int has_scheme = fuzz_starts_ci(u, size, "http://") || fuzz_starts_ci(u, size, "https://");
        if (!has_scheme && chars(u, size) + 8 <= 256) {
            static const char *const schemes[] = {"https://", "http://"};
            for (size_t i = 0; i < 2; i++) {
                size_t n = strlen(schemes[i]);
                char *with = malloc(n + size);
                FUZZ_CHECK(with != NULL);
                memcpy(with, schemes[i], n);
                memcpy(with + n, value, size);
                FUZZ_CHECK(check(with, n + size, &e2) == HSSC_OK);
                free(with);
            }
        }
    }
    fuzz_free(value, size);
    return 0;
}
