/*
 * The field-check dispatch: a value against its row of the field table,
 * the text rules first, then the row's extra rule.
 *
 * Floor 3: the rules of floor 2 (addr.c, sdk_date.c, authorization.c) and
 * the text rules below them.
 */
#include <stddef.h>

#include "hssc_internal.h"

hssc_code hssc_token_check(const char *token, size_t len, hssc_error *err)
{
    const hssc_field f = HSSC_FIELD_X_AUTH_TOKEN;
    const hssc_field_info *info = hssc_field_get(f);
    HSSC_ENSURE(token != NULL || len == 0, err, HSSC_E_ARGUMENT, f, 0);
    HSSC_ENSURE(len >= info->min_chars, err, HSSC_E_TOO_SHORT, f, 0);
    HSSC_ENSURE(len <= info->max_chars, err, HSSC_E_TOO_LONG, f, info->max_chars);
    size_t bad = hssc_visible_first_bad(token, len);
    HSSC_ENSURE(bad == len, err, HSSC_E_TOKEN_CHAR, f, bad);
    return HSSC_OK;
}

static int is_dot_segment(const char *v, size_t len)
{
    return (len == 1 && v[0] == '.') || (len == 2 && v[0] == '.' && v[1] == '.');
}

static int is_error_code(const char *v, size_t len)
{
    /* PREFIX.DIGITS: an upper-case prefix of letters (HSS, APIG, APIGW,
     * ...), a dot, then one or more digits. */
    size_t i = 0;
    while (i < len && v[i] >= 'A' && v[i] <= 'Z') {
        i++;
    }
    if (i == 0 || i >= len || v[i] != '.') {
        return 0;
    }
    size_t digits = ++i;
    while (i < len && hssc_is_digit((unsigned char)v[i])) {
        i++;
    }
    return i == len && i > digits;
}

/* The dispatch; inline in both entry points, so that neither adds a call. */
static inline hssc_code field_check(hssc_field f, const char *value, size_t len,
                                    const hssc_text_info *ti, hssc_error *err)
{
    const hssc_field_info *info = hssc_field_get(f);
    HSSC_ENSURE(info != NULL && info->location != HSSC_LOC_NONE, err, HSSC_E_ARGUMENT, f, 0);
    HSSC_ENSURE(value != NULL || len == 0, err, HSSC_E_ARGUMENT, f, 0);
    switch (info->rule) {
    case HSSC_RULE_TOKEN:
        return hssc_token_check(value, len, err);
    case HSSC_RULE_REGISTRY_ADDR:
        return hssc_registry_addr_check(value, len, err);
    case HSSC_RULE_HTTP_URL:
        HSSC_GUARD(hssc_check_text_scanned(f, value, len, ti, err));
        return hssc_authority_check(
            value, len, HSSC_AUTH_ALLOW_HTTP | HSSC_AUTH_NEED_SCHEME | HSSC_AUTH_ANY_PATH, f, err);
    case HSSC_RULE_PATH_SEGMENT:
        HSSC_GUARD(hssc_check_text_scanned(f, value, len, ti, err));
        HSSC_ENSURE(!is_dot_segment(value, len), err, HSSC_E_DOT_SEGMENT, f, 0);
        return HSSC_OK;
    case HSSC_RULE_ERROR_CODE:
        HSSC_GUARD(hssc_check_text_scanned(f, value, len, ti, err));
        HSSC_ENSURE(is_error_code(value, len), err, HSSC_E_CODE_FORMAT, f, 0);
        return HSSC_OK;
    case HSSC_RULE_SDK_DATE:
        HSSC_GUARD(hssc_check_text_scanned(f, value, len, ti, err));
        return hssc_sdk_date_rule(value, len, err);
    case HSSC_RULE_VISIBLE: {
        HSSC_GUARD(hssc_check_text_scanned(f, value, len, ti, err));
        size_t bad = hssc_visible_first_bad(value, len);
        HSSC_ENSURE(bad == len, err, HSSC_E_TOKEN_CHAR, f, bad);
        return HSSC_OK;
    }
    case HSSC_RULE_ACCESS_KEY:
        HSSC_GUARD(hssc_check_text_scanned(f, value, len, ti, err));
        for (size_t i = 0; i < len; i++) {
            HSSC_ENSURE(hssc_is_unreserved((unsigned char)value[i]), err, HSSC_E_ACCESS_KEY_CHAR, f,
                        i);
        }
        return HSSC_OK;
    case HSSC_RULE_AUTHORIZATION:
        HSSC_GUARD(hssc_check_text_scanned(f, value, len, ti, err));
        return hssc_authorization_rule(value, len, NULL, err);
    case HSSC_RULE_HOST:
        HSSC_GUARD(hssc_check_text_scanned(f, value, len, ti, err));
        return hssc_host_rule(value, len, err);
    case HSSC_RULE_NONE:
    case HSSC_RULE_PROSE: /* the text rules alone, which know prose */
        break;
    }
    return hssc_check_text_scanned(f, value, len, ti, err);
}

hssc_code hssc_field_check(hssc_field f, const char *value, size_t len, hssc_error *err)
{
    return field_check(f, value, len, NULL, err);
}

hssc_code hssc_field_check_scanned(hssc_field f, const char *value, size_t len,
                                   const hssc_text_info *ti, hssc_error *err)
{
    return field_check(f, value, len, ti, err);
}
