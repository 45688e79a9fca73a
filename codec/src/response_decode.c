/*
 * The 200 body's decoder, on the strict reader of json_reader.c.
 *
 * Floor 5: json_reader.c and the field table.
 */
#include <string.h>

#include "hssc_internal.h"

/* ---- the 200 body ---- */

#define KEY(f, n) {n, sizeof(n) - 1, f}

static const hssc_json_key response_keys[] = {
    KEY(HSSC_FIELD_IMAGE_COMMAND, "image_command"),
    KEY(HSSC_FIELD_IMAGES_DOWNLOAD_URL, "images_download_url"),
    KEY(HSSC_FIELD_SWR_IMAGE_PULL_COMMAND, "swr_image_pull_command"),
};

static const hssc_field response_fields[] = {
    HSSC_FIELD_IMAGE_COMMAND,
    HSSC_FIELD_IMAGES_DOWNLOAD_URL,
    HSSC_FIELD_SWR_IMAGE_PULL_COMMAND,
};

#define RESPONSE_FIELD_COUNT (sizeof(response_fields) / sizeof(response_fields[0]))

const hssc_json_doc hssc_response_doc = {
    response_keys, sizeof(response_keys) / sizeof(response_keys[0]), NULL, 0,
    response_fields, RESPONSE_FIELD_COUNT,
};

hssc_code hssc_response_decode_arena(const char *body, size_t len, unsigned flags, size_t max_body,
                                     void *workspace, size_t workspace_cap, hssc_response *out,
                                     hssc_arena *arena_out, hssc_error *err)
{
    HSSC_ENSURE(out != NULL, err, HSSC_E_ARGUMENT, HSSC_FIELD_BODY, 0);
    memset(out, 0, sizeof(*out));
    hssc_json_result res;
    HSSC_GUARD(hssc_json_read(&hssc_response_doc, body, len, flags, max_body, workspace,
                              workspace_cap, &res, arena_out, err));
    for (size_t i = 0; i < hssc_response_doc.field_count; i++) {
        hssc_field f = hssc_response_doc.fields[i];
        *hssc_response_field(out, f) = res.value[f];
    }
    return HSSC_OK;
}

hssc_code hssc_response_decode(const char *body, size_t len, unsigned flags, size_t max_body,
                               void *workspace, size_t workspace_cap, hssc_response *out,
                               hssc_error *err)
{
    return hssc_response_decode_arena(body, len, flags, max_body, workspace, workspace_cap, out,
                                      NULL, err);
}

