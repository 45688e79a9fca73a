/*
 * The field table of DESIGN.md: the one place that knows names, places,
 * lengths, rules and secrecy, and which struct member holds each field.
 * Everything else reads it.
 *
 * Floor 0: no other codec file, no dependency.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hssc_internal.h"

#define ROW(f, n, loc, req, lo, hi, rule, secret)                                                  \
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
    ROW(HSSC_FIELD_ERROR_MSG, "error_msg", HSSC_LOC_ERROR_BODY, 1, 0, 4096, HSSC_RULE_PROSE, 0),
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

/* Where each field lives in its struct: the struct of the row's location
 * (every field of the path, the query, the 200 body and the error body has
 * a member; no other field has one). */
#define REQ(f, m) [HSSC_FIELD_##f] = offsetof(hssc_request, m)
#define RESP(f, m) [HSSC_FIELD_##f] = offsetof(hssc_response, m)
#define ERR(f, m) [HSSC_FIELD_##f] = offsetof(hssc_api_error, m)

static const size_t members[HSSC_FIELD_COUNT_] = {
    REQ(PROJECT_ID, project_id),
    REQ(REGISTRY_ADDR, registry_addr),
    REQ(NAMESPACE, namespace_),
    REQ(USERNAME, username),
    REQ(PASSWORD, password),
    REQ(ENTERPRISE_PROJECT_ID, enterprise_project_id),
    RESP(IMAGE_COMMAND, image_command),
    RESP(IMAGES_DOWNLOAD_URL, images_download_url),
    RESP(SWR_IMAGE_PULL_COMMAND, swr_image_pull_command),
    ERR(ERROR_CODE, error_code),
    ERR(ERROR_MSG, error_msg),
    ERR(REQUEST_ID, request_id)};

/* The member of the struct at base for field f, when f's location is loc
 * or loc2 (the struct's locations: then f has a member). */
static hssc_str *member_of(const void *base, hssc_field f, hssc_location loc, hssc_location loc2)
{
    if (base == NULL || (unsigned)f >= HSSC_FIELD_COUNT_) {
        return NULL;
    }
    hssc_location at = field_table[f].location;
    if (at != loc && at != loc2) {
        return NULL;
    }
    /* The const of the _const accessors is given back by their return
     * type. */
    return (hssc_str *)(void *)((char *)(uintptr_t)base + members[f]);
}

/* An accessor and its const twin for one struct. */
#define ACCESSORS(name, type, loc, loc2)                                                           \
    hssc_str *name(type *s, hssc_field f)                                                          \
    {                                                                                              \
        return member_of(s, f, loc, loc2);                                                         \
    }                                                                                              \
    const hssc_str *name##_const(const type *s, hssc_field f)                                      \
    {                                                                                              \
        return member_of(s, f, loc, loc2);                                                         \
    }

ACCESSORS(hssc_request_field, hssc_request, HSSC_LOC_PATH, HSSC_LOC_QUERY)
ACCESSORS(hssc_response_field, hssc_response, HSSC_LOC_RESPONSE, HSSC_LOC_RESPONSE)
ACCESSORS(hssc_api_error_field, hssc_api_error, HSSC_LOC_ERROR_BODY, HSSC_LOC_ERROR_BODY)

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

hssc_field hssc_query_field_lookup(const char *name, size_t len)
{
    /* The request decoder's lookup, once per parameter: five rows. */
    for (size_t i = 0; i < hssc_query_fields_count; i++) {
        const hssc_field_info *info = &field_table[hssc_query_fields[i]];
        if (info->name_len == len && memcmp(info->name, name, len) == 0) {
            return hssc_query_fields[i];
        }
    }
    return HSSC_FIELD_NONE;
}
