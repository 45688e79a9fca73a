/*
 * The 200 body's decoder, on the strict reader of json_reader.c.
 *
 * Floor 5: json_reader.c and the field table.
 */
#include "hssc_internal.h"

/* ---- the 200 body ---- */

#define KEY(f, n)                                                                                  \
    {                                                                                              \
        n, sizeof(n) - 1, f                                                                        \
    }

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

static hssc_str *member(void *out, hssc_field f)
{
    return hssc_response_field((hssc_response *)out, f);
}

const hssc_json_doc hssc_response_doc = {
    response_keys,   sizeof(response_keys) / sizeof(response_keys[0]),     NULL,   0,
    response_fields, sizeof(response_fields) / sizeof(response_fields[0]), member,
};

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
