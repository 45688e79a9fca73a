/*
 * The 200 body's decoder, on the strict reader of json_reader.c.
 *
 * Floor 5: json_reader.c and the field table.
 */
#include "hssc_internal.h"

/* ---- the 200 body ---- */

static const hssc_json_key response_keys[] = {
    HSSC_JSON_KEY(HSSC_FIELD_IMAGE_COMMAND, "image_command"),
    HSSC_JSON_KEY(HSSC_FIELD_IMAGES_DOWNLOAD_URL, "images_download_url"),
    HSSC_JSON_KEY(HSSC_FIELD_SWR_IMAGE_PULL_COMMAND, "swr_image_pull_command"),
};

HSSC_JSON_DOC(hssc_response_doc, hssc_response, hssc_response_field, response_keys, NULL, 0);

hssc_code hssc_response_decode_arena(const char *body, size_t len, unsigned flags, size_t max_body,
                                     void *workspace, size_t workspace_cap, hssc_response *out,
                                     hssc_arena *arena_out, hssc_error *err)
{
    return hssc_json_decode(&hssc_response_doc, body, len, flags, max_body, workspace,
                            workspace_cap, out, sizeof(*out), NULL, arena_out, err);
}

hssc_code hssc_response_decode(const char *body, size_t len, unsigned flags, size_t max_body,
                               void *workspace, size_t workspace_cap, hssc_response *out,
                               hssc_error *err)
{
    return hssc_response_decode_arena(body, len, flags, max_body, workspace, workspace_cap, out,
                                      NULL, err);
}
