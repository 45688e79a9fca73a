/*
 * Target functions: hssc_field_check, hssc_token_check,
 * hssc_registry_addr_check (as the rule of its field), hssc_field_get,
 * hssc_sdk_date_check and hssc_authorization_parse (as the rules of theirs).
 *
 * One target for every single-value check: byte 0 picks the field (modulo
 * HSSC_FIELD_COUNT_ + 1, so the "no field", the pseudo-fields and one value
 * past the table are picked too); the rest is the value. The X-Auth-Token
 * checks live here rather than in a target of their own: their rule is
 * simple enough to have an exact reference below, which a target of its own
 * would only repeat.
 *
 * Invariants, against references written here from DESIGN.md and not from
 * codec/src:
 *  - a field without a row, or a pseudo-field, is HSSC_E_ARGUMENT;
 *  - the token rule (1..32768 bytes of 0x21..0x7E) decides exactly, with
 *    the documented offsets, and hssc_token_check agrees with
 *    hssc_field_check;
 *  - for every other field the shared text rules (UTF-8 in shortest form,
 *    no surrogates, <= U+10FFFF; no C0, DEL or C1; min..max characters)
 *    decide exactly, code and offset; when they pass, the field's extra
 *    rule decides: none (accepted), '.'/'..' (rejected), the error-code
 *    form (exact reference), registry_addr (same verdict as
 *    hssc_registry_addr_check), URL (accepted ones start with http:// or
 *    https://); the signing rows: visible ASCII and the AK's unreserved
 *    bytes (exact, with offsets), X-Sdk-Date (an exact calendar
 *    reference), Authorization (same verdict as hssc_authorization_parse,
 *    accepted ones start with the algorithm and end in 64 lower-case hex
 *    digits), Host (accepted ones hold no '/' and no '@');
 *  - every error carries a known code, the field and an offset <= length.
 */
#include "fuzz_common.h"

typedef struct ref {
    hssc_code code;
    size_t offset;
} ref;

/* The shared text rules, from DESIGN.md, on the targets' reference UTF-8
 * decoder (fuzz_ref_utf8). */
static ref ref_text(const unsigned char *s, size_t len, const hssc_field_info *info)
{
    size_t i = 0;
    size_t chars = 0;
    size_t max_at = len; /* offset of the character number max_chars */
    while (i < len) {
        if (chars == info->max_chars) {
            max_at = i;
        }
        unsigned cp = 0;
        size_t n = fuzz_ref_utf8(s + i, len - i, &cp);
        if (n == 0) {
            return (ref){HSSC_E_UTF8, i};
        }
        /* controls: refused, except in the gateway's prose */
        if ((cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) && info->rule != HSSC_RULE_PROSE) {
            return (ref){HSSC_E_CONTROL, i};
        }
        i += n;
        chars++;
    }
    if (chars < info->min_chars) {
        return (ref){HSSC_E_TOO_SHORT, len};
    }
    if (chars > info->max_chars) {
        return (ref){HSSC_E_TOO_LONG, max_at};
    }
    return (ref){HSSC_OK, 0};
}

static ref ref_token(const unsigned char *s, size_t len)
{
    if (len < 1) {
        return (ref){HSSC_E_TOO_SHORT, 0};
    }
    if (len > 32768) {
        return (ref){HSSC_E_TOO_LONG, 32768};
    }
    for (size_t i = 0; i < len; i++) {
        if (s[i] < 0x21 || s[i] > 0x7E) {
            return (ref){HSSC_E_TOKEN_CHAR, i};
        }
    }
    return (ref){HSSC_OK, 0};
}

/* HSS.0001, APIG.0301, APIGW.0301: upper-case letters, '.', digits. */
static int ref_error_code(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len && s[i] >= 'A' && s[i] <= 'Z') {
        i++;
    }
    if (i == 0 || i == len || s[i] != '.') {
        return 0;
    }
    size_t start = ++i;
    while (i < len && s[i] >= '0' && s[i] <= '9') {
        i++;
    }
    return i == len && i > start;
}

/* X-Sdk-Date, from the vectors' doc: YYYYMMDDTHHMMSSZ, a real UTC date
 * and time (years 0001..9999, Gregorian leap years, no leap second). */
static int ref_sdk_date(const unsigned char *s, size_t len)
{
    static const char shape[] = "DDDDDDDDTDDDDDDZ";
    if (len != 16) {
        return 0;
    }
    int v[14];
    int nv = 0;
    for (size_t i = 0; i < 16; i++) {
        if (shape[i] == 'D') {
            if (s[i] < '0' || s[i] > '9') {
                return 0;
            }
            v[nv++] = s[i] - '0';
        } else if (s[i] != (unsigned char)shape[i]) {
            return 0;
        }
    }
    int y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
    int mo = v[4] * 10 + v[5];
    int d = v[6] * 10 + v[7];
    int h = v[8] * 10 + v[9];
    int mi = v[10] * 10 + v[11];
    int se = v[12] * 10 + v[13];
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    static const int dim[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || mo < 1 || mo > 12 || d < 1) {
        return 0;
    }
    if (d > dim[mo] + (mo == 2 && leap ? 1 : 0)) {
        return 0;
    }
    return h <= 23 && mi <= 59 && se <= 59;
}

/* Offset of the first byte not accepted by ok(), or len. */
static size_t first_not(const unsigned char *s, size_t len, int (*ok)(unsigned char))
{
    for (size_t i = 0; i < len; i++) {
        if (!ok(s[i])) {
            return i;
        }
    }
    return len;
}

static int is_visible(unsigned char c)
{
    return c >= 0x21 && c <= 0x7E;
}

static int is_unreserved_ref(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

static void same_error(hssc_code a, const hssc_error *ea, hssc_code b, const hssc_error *eb)
{
    FUZZ_CHECK(a == b);
    if (a != HSSC_OK) {
        FUZZ_CHECK(ea->code == eb->code && ea->field == eb->field && ea->offset == eb->offset);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    hssc_field f = (hssc_field)(data[0] % (HSSC_FIELD_COUNT_ + 1));
    size_t len = size - 1;
    char *value = fuzz_copy(data + 1, len);
    const unsigned char *u = (const unsigned char *)value;

    hssc_error e = FUZZ_ERROR_POISON;
    hssc_code rc = hssc_field_check(f, value, len, &e);
    const hssc_field_info *info = hssc_field_get(f);
    if (info == NULL || info->location == HSSC_LOC_NONE) {
        FUZZ_CHECK(rc == HSSC_E_ARGUMENT && e.code == rc);
        fuzz_free(value, len);
        return 0;
    }
    FUZZ_CHECK(info->name != NULL && strlen(info->name) == info->name_len);
    FUZZ_CHECK(hssc_field_lookup(info->name, info->name_len) == f);
    if (rc != HSSC_OK) {
        fuzz_check_error(rc, &e, len);
        FUZZ_CHECK(e.field == f);
    }

    ref want;
    if (info->rule == HSSC_RULE_TOKEN) {
        want = ref_token(u, len);
        hssc_error e2 = FUZZ_ERROR_POISON;
        same_error(rc, &e, hssc_token_check(value, len, &e2), &e2);
    } else {
        want = ref_text(u, len, info);
    }
    if (want.code != HSSC_OK) {
        FUZZ_CHECK(rc == want.code);
        FUZZ_CHECK(e.offset == want.offset);
        fuzz_free(value, len);
        return 0;
    }

    /* The text rules pass: the extra rule decides. */
    switch (info->rule) {
    case HSSC_RULE_NONE:
    case HSSC_RULE_PROSE:
    case HSSC_RULE_TOKEN:
        FUZZ_CHECK(rc == HSSC_OK);
        break;
    case HSSC_RULE_PATH_SEGMENT: {
        int dot = (len == 1 && u[0] == '.') || (len == 2 && u[0] == '.' && u[1] == '.');
        FUZZ_CHECK(dot ? (rc == HSSC_E_DOT_SEGMENT && e.offset == 0) : rc == HSSC_OK);
        break;
    }
    case HSSC_RULE_ERROR_CODE:
        FUZZ_CHECK(ref_error_code(u, len) ? rc == HSSC_OK
                                          : (rc == HSSC_E_CODE_FORMAT && e.offset == 0));
        break;
    case HSSC_RULE_REGISTRY_ADDR: {
        hssc_error e2 = FUZZ_ERROR_POISON;
        same_error(rc, &e, hssc_registry_addr_check(value, len, &e2), &e2);
        break;
    }
    case HSSC_RULE_HTTP_URL:
        if (rc == HSSC_OK) {
            FUZZ_CHECK(fuzz_starts_ci(u, len, "http://") || fuzz_starts_ci(u, len, "https://"));
        }
        break;
    case HSSC_RULE_VISIBLE: {
        size_t bad = first_not(u, len, is_visible);
        FUZZ_CHECK(bad == len ? rc == HSSC_OK : (rc == HSSC_E_TOKEN_CHAR && e.offset == bad));
        break;
    }
    case HSSC_RULE_ACCESS_KEY: {
        size_t bad = first_not(u, len, is_unreserved_ref);
        FUZZ_CHECK(bad == len ? rc == HSSC_OK : (rc == HSSC_E_ACCESS_KEY_CHAR && e.offset == bad));
        break;
    }
    case HSSC_RULE_SDK_DATE:
        FUZZ_CHECK(ref_sdk_date(u, len) ? rc == HSSC_OK : rc == HSSC_E_SDK_DATE);
        break;
    case HSSC_RULE_AUTHORIZATION: {
        hssc_error e2 = FUZZ_ERROR_POISON;
        hssc_authorization a;
        same_error(rc, &e, hssc_authorization_parse(value, len, &a, &e2), &e2);
        if (rc == HSSC_OK) {
            FUZZ_CHECK(len > 80 && memcmp(u, "SDK-HMAC-SHA256 Access=", 23) == 0);
            FUZZ_CHECK(a.signature.ptr == value + len - 64 && a.signature.len == 64);
            for (size_t i = len - 64; i < len; i++) {
                FUZZ_CHECK((u[i] >= '0' && u[i] <= '9') || (u[i] >= 'a' && u[i] <= 'f'));
            }
        }
        break;
    }
    case HSSC_RULE_HOST:
        if (rc == HSSC_OK) {
            FUZZ_CHECK(memchr(u, '/', len) == NULL && memchr(u, '@', len) == NULL);
        }
        break;
    default:
        FUZZ_CHECK(!"a rule this target does not know: add it here");
    }
    fuzz_free(value, len);
    return 0;
}
