/*
 * The field table of DESIGN.md: the one place that knows names, places,
 * lengths, rules and secrecy. Everything else reads it.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hssc_internal.h"

#define ROW(f, n, loc, req, lo, hi, rule, secret) \
    [f] = {n, sizeof(n) - 1, loc, req, lo, hi, rule, secret}

static const hssc_field_info field_table[HSSC_FIELD_COUNT_] = {
    ROW(HSSC_FIELD_NONE, "", HSSC_LOC_NONE, 0, 0, 0, HSSC_RULE_NONE, 0),
    ROW(HSSC_FIELD_PROJECT_ID, "project_id", HSSC_LOC_PATH, 1, 1, 256, HSSC_RULE_PATH_SEGMENT, 0),
    ROW(HSSC_FIELD_REGISTRY_ADDR, "registry_addr", HSSC_LOC_QUERY, 1, 1, 256,
        HSSC_RULE_REGISTRY_ADDR, 0),
    ROW(HSSC_FIELD_NAMESPACE, "namespace", HSSC_LOC_QUERY, 1, 1, 128, HSSC_RULE_NONE, 0),
    ROW(HSSC_FIELD_USERNAME, "username", HSSC_LOC_QUERY, 1, 1, 128, HSSC_RULE_NONE, 0),
    ROW(HSSC_FIELD_PASSWORD, "password", HSSC_LOC_QUERY, 1, 1, 128, HSSC_RULE_NONE, 1),
    ROW(HSSC_FIELD_ENTERPRISE_PROJECT_ID, "enterprise_project_id", HSSC_LOC_QUERY, 0, 1, 256,
        HSSC_RULE_NONE, 0),
    ROW(HSSC_FIELD_X_AUTH_TOKEN, "X-Auth-Token", HSSC_LOC_HEADER, 1, 1, 32768, HSSC_RULE_TOKEN, 1),
    ROW(HSSC_FIELD_IMAGE_COMMAND, "image_command", HSSC_LOC_RESPONSE, 1, 1, 1024, HSSC_RULE_NONE,
        0),
    ROW(HSSC_FIELD_IMAGES_DOWNLOAD_URL, "images_download_url", HSSC_LOC_RESPONSE, 1, 1, 256,
        HSSC_RULE_HTTP_URL, 0),
    ROW(HSSC_FIELD_SWR_IMAGE_PULL_COMMAND, "swr_image_pull_command", HSSC_LOC_RESPONSE, 1, 1, 1024,
        HSSC_RULE_NONE, 0),
    /* The error body's fields have no documented limits; these bound what
     * the decoder accepts and prints. */
    ROW(HSSC_FIELD_ERROR_CODE, "error_code", HSSC_LOC_ERROR_BODY, 1, 1, 64, HSSC_RULE_ERROR_CODE,
        0),
    ROW(HSSC_FIELD_ERROR_MSG, "error_msg", HSSC_LOC_ERROR_BODY, 1, 0, 4096, HSSC_RULE_NONE, 0),
    ROW(HSSC_FIELD_REQUEST_ID, "request_id", HSSC_LOC_ERROR_BODY, 0, 1, 256, HSSC_RULE_NONE, 0),
    ROW(HSSC_FIELD_TARGET, "request target", HSSC_LOC_NONE, 0, 0, HSSC_TARGET_MAX, HSSC_RULE_NONE,
        0),
    ROW(HSSC_FIELD_BODY, "body", HSSC_LOC_NONE, 0, 0, 0, HSSC_RULE_NONE, 0),
    ROW(HSSC_FIELD_ENDPOINT, "endpoint", HSSC_LOC_NONE, 0, 0, 0, HSSC_RULE_NONE, 0),
    /* AK/SK signing (docs/signing.md). Required only when signing, so 0
     * here; the signer requires them itself. The AK and SK have no
     * documented limits (IAM issues 20 and 40 characters): 128 bounds them.
     * The Authorization value is secret: within the gateway's 15 minutes of
     * clock tolerance it can be replayed. */
    ROW(HSSC_FIELD_X_SDK_DATE, "X-Sdk-Date", HSSC_LOC_HEADER, 0, 16, 16, HSSC_RULE_SDK_DATE, 0),
    ROW(HSSC_FIELD_ACCESS_KEY, "AK", HSSC_LOC_CREDENTIAL, 0, 1, 128, HSSC_RULE_ACCESS_KEY, 0),
    ROW(HSSC_FIELD_SECRET_KEY, "SK", HSSC_LOC_CREDENTIAL, 0, 1, 128, HSSC_RULE_VISIBLE, 1),
    ROW(HSSC_FIELD_X_SECURITY_TOKEN, "X-Security-Token", HSSC_LOC_HEADER, 0, 1, 32768,
        HSSC_RULE_VISIBLE, 1),
    ROW(HSSC_FIELD_AUTHORIZATION, "Authorization", HSSC_LOC_HEADER, 0, 1, 4096,
        HSSC_RULE_AUTHORIZATION, 1),
    ROW(HSSC_FIELD_HOST, "Host", HSSC_LOC_HEADER, 1, 1, 1024, HSSC_RULE_HOST, 0),
    ROW(HSSC_FIELD_METHOD, "method", HSSC_LOC_NONE, 0, 0, 0, HSSC_RULE_NONE, 0),
    ROW(HSSC_FIELD_HEADER, "header", HSSC_LOC_NONE, 0, 0, 0, HSSC_RULE_NONE, 0),
    ROW(HSSC_FIELD_SIGNED_HEADERS, "SignedHeaders", HSSC_LOC_NONE, 0, 0, 0, HSSC_RULE_NONE, 0),
};

/* Sorted by wire name: the canonical query order. */
const hssc_field hssc_query_fields[] = {
    HSSC_FIELD_ENTERPRISE_PROJECT_ID, HSSC_FIELD_NAMESPACE, HSSC_FIELD_PASSWORD,
    HSSC_FIELD_REGISTRY_ADDR,         HSSC_FIELD_USERNAME,
};
const size_t hssc_query_fields_count = sizeof(hssc_query_fields) / sizeof(hssc_query_fields[0]);

/* Where each field lives in its struct (the struct is the one of the row's
 * location). Fields without a member have has == 0. */
typedef struct member_row {
    unsigned char has;
    size_t offset;
} member_row;

#define MEMBER(f, type, m) [f] = {1, offsetof(type, m)}

static const member_row members[HSSC_FIELD_COUNT_] = {
    MEMBER(HSSC_FIELD_PROJECT_ID, hssc_request, project_id),
    MEMBER(HSSC_FIELD_REGISTRY_ADDR, hssc_request, registry_addr),
    MEMBER(HSSC_FIELD_NAMESPACE, hssc_request, namespace_),
    MEMBER(HSSC_FIELD_USERNAME, hssc_request, username),
    MEMBER(HSSC_FIELD_PASSWORD, hssc_request, password),
    MEMBER(HSSC_FIELD_ENTERPRISE_PROJECT_ID, hssc_request, enterprise_project_id),
    MEMBER(HSSC_FIELD_IMAGE_COMMAND, hssc_response, image_command),
    MEMBER(HSSC_FIELD_IMAGES_DOWNLOAD_URL, hssc_response, images_download_url),
    MEMBER(HSSC_FIELD_SWR_IMAGE_PULL_COMMAND, hssc_response, swr_image_pull_command),
    MEMBER(HSSC_FIELD_ERROR_CODE, hssc_api_error, error_code),
    MEMBER(HSSC_FIELD_ERROR_MSG, hssc_api_error, error_msg),
    MEMBER(HSSC_FIELD_REQUEST_ID, hssc_api_error, request_id),
};

/* The member of the struct at base for field f, when f's location is loc
 * or loc2. */
static hssc_str *member_of(const void *base, hssc_field f, hssc_location loc, hssc_location loc2)
{
    if (base == NULL || (unsigned)f >= HSSC_FIELD_COUNT_ || !members[f].has) {
        return NULL;
    }
    hssc_location at = field_table[f].location;
    if (at != loc && at != loc2) {
        return NULL;
    }
    /* The const of the _const accessors is given back by their return
     * type. */
    return (hssc_str *)(void *)((char *)(uintptr_t)base + members[f].offset);
}

hssc_str *hssc_request_field(hssc_request *req, hssc_field f)
{
    return member_of(req, f, HSSC_LOC_PATH, HSSC_LOC_QUERY);
}

const hssc_str *hssc_request_field_const(const hssc_request *req, hssc_field f)
{
    return member_of(req, f, HSSC_LOC_PATH, HSSC_LOC_QUERY);
}

hssc_str *hssc_response_field(hssc_response *resp, hssc_field f)
{
    return member_of(resp, f, HSSC_LOC_RESPONSE, HSSC_LOC_RESPONSE);
}

const hssc_str *hssc_response_field_const(const hssc_response *resp, hssc_field f)
{
    return member_of(resp, f, HSSC_LOC_RESPONSE, HSSC_LOC_RESPONSE);
}

hssc_str *hssc_api_error_field(hssc_api_error *e, hssc_field f)
{
    return member_of(e, f, HSSC_LOC_ERROR_BODY, HSSC_LOC_ERROR_BODY);
}

const hssc_str *hssc_api_error_field_const(const hssc_api_error *e, hssc_field f)
{
    return member_of(e, f, HSSC_LOC_ERROR_BODY, HSSC_LOC_ERROR_BODY);
}

const hssc_field_info *hssc_field_get(hssc_field field)
{
    if ((unsigned)field >= HSSC_FIELD_COUNT_) {
        return NULL;
    }
    return &field_table[field];
}

hssc_field hssc_field_lookup(const char *name, size_t len)
{
    if (name == NULL) {
        return HSSC_FIELD_NONE;
    }
    for (unsigned f = 1; f < HSSC_FIELD_COUNT_; f++) {
        const hssc_field_info *info = &field_table[f];
        if (info->location != HSSC_LOC_NONE && info->name_len == len &&
            memcmp(info->name, name, len) == 0) {
            return (hssc_field)f;
        }
    }
    return HSSC_FIELD_NONE;
}

hssc_code hssc_token_check(const char *token, size_t len, hssc_error *err)
{
    const hssc_field f = HSSC_FIELD_X_AUTH_TOKEN;
    const hssc_field_info *info = hssc_field_get(f);
    HSSC_ENSURE(token != NULL || len == 0, err, HSSC_E_ARGUMENT, f, 0);
    HSSC_ENSURE(len >= info->min_chars, err, HSSC_E_TOO_SHORT, f, 0);
    HSSC_ENSURE(len <= info->max_chars, err, HSSC_E_TOO_LONG, f, info->max_chars);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)token[i];
        HSSC_ENSURE(c >= 0x21 && c <= 0x7E, err, HSSC_E_TOKEN_CHAR, f, i);
    }
    return HSSC_OK;
}

/* Length in characters, UTF-8 and control characters: the rules every
 * field shares. */
hssc_code hssc_check_text(hssc_field f, const char *value, size_t len, hssc_error *err)
{
    const hssc_field_info *info = hssc_field_get(f);
    size_t chars = 0;
    size_t bad = 0;
    hssc_code rc = hssc_text_scan(value, len, &chars, &bad);
    HSSC_ENSURE(rc == HSSC_OK, err, rc, f, bad);
    HSSC_ENSURE(chars >= info->min_chars, err, HSSC_E_TOO_SHORT, f, len);
    /* The offset of a too-long value is where the first excess character
     * starts. */
    HSSC_ENSURE(chars <= info->max_chars, err, HSSC_E_TOO_LONG, f,
                hssc_text_char_offset(value, len, info->max_chars));
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

hssc_code hssc_field_check(hssc_field f, const char *value, size_t len, hssc_error *err)
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
        HSSC_GUARD(hssc_check_text(f, value, len, err));
        return hssc_authority_check(value, len,
                                    HSSC_AUTH_ALLOW_HTTP | HSSC_AUTH_NEED_SCHEME | HSSC_AUTH_ANY_PATH, f,
                                    err);
    case HSSC_RULE_PATH_SEGMENT:
        HSSC_GUARD(hssc_check_text(f, value, len, err));
        HSSC_ENSURE(!is_dot_segment(value, len), err, HSSC_E_DOT_SEGMENT, f, 0);
        return HSSC_OK;
    case HSSC_RULE_ERROR_CODE:
        HSSC_GUARD(hssc_check_text(f, value, len, err));
        HSSC_ENSURE(is_error_code(value, len), err, HSSC_E_CODE_FORMAT, f, 0);
        return HSSC_OK;
    case HSSC_RULE_SDK_DATE:
        HSSC_GUARD(hssc_check_text(f, value, len, err));
        return hssc_sdk_date_rule(value, len, err);
    case HSSC_RULE_VISIBLE:
        HSSC_GUARD(hssc_check_text(f, value, len, err));
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)value[i];
            HSSC_ENSURE(c >= 0x21 && c <= 0x7E, err, HSSC_E_TOKEN_CHAR, f, i);
        }
        return HSSC_OK;
    case HSSC_RULE_ACCESS_KEY:
        HSSC_GUARD(hssc_check_text(f, value, len, err));
        for (size_t i = 0; i < len; i++) {
            HSSC_ENSURE(hssc_is_unreserved((unsigned char)value[i]), err, HSSC_E_ACCESS_KEY_CHAR,
                        f, i);
        }
        return HSSC_OK;
    case HSSC_RULE_AUTHORIZATION:
        HSSC_GUARD(hssc_check_text(f, value, len, err));
        return hssc_authorization_rule(value, len, NULL, err);
    case HSSC_RULE_HOST:
        HSSC_GUARD(hssc_check_text(f, value, len, err));
        return hssc_host_rule(value, len, err);
    case HSSC_RULE_NONE:
        break;
    }
    return hssc_check_text(f, value, len, err);
}

hssc_code hssc_registry_addr_check(const char *value, size_t len, hssc_error *err)
{
    const hssc_field f = HSSC_FIELD_REGISTRY_ADDR;
    HSSC_ENSURE(value != NULL || len == 0, err, HSSC_E_ARGUMENT, f, 0);
    HSSC_GUARD(hssc_check_text(f, value, len, err));
    return hssc_authority_check(value, len, HSSC_AUTH_ALLOW_HTTP | HSSC_AUTH_ALLOW_SLASH, f, err);
}
