/*
 * Error bodies (status >= 400), on the strict reader of json_reader.c. The HSS
 * API and its gateway answer {"error_code", "error_msg", "request_id"}; the
 * gateway also has a nested {"error": {"code", "message"}} form. Both map
 * onto the same three fields, so a code given in both forms is a duplicate
 * like any other.
 */
#include "hssc_internal.h"

static const hssc_json_key top_keys[] = {
    HSSC_JSON_KEY(HSSC_FIELD_ERROR_CODE, "error_code"),
    HSSC_JSON_KEY(HSSC_FIELD_ERROR_MSG, "error_msg"),
    HSSC_JSON_KEY(HSSC_FIELD_REQUEST_ID, "request_id"),
    HSSC_JSON_KEY(HSSC_FIELD_NONE, "error"), /* opens the nested form */
};

/* Inside "error": the gateway's names, and the flat names too, since which
 * of them a given gateway version writes there is not documented. */
static const hssc_json_key nested_keys[] = {
    HSSC_JSON_KEY(HSSC_FIELD_ERROR_CODE, "code"),
    HSSC_JSON_KEY(HSSC_FIELD_ERROR_MSG, "message"),
    HSSC_JSON_KEY(HSSC_FIELD_ERROR_CODE, "error_code"),
    HSSC_JSON_KEY(HSSC_FIELD_ERROR_MSG, "error_msg"),
    HSSC_JSON_KEY(HSSC_FIELD_REQUEST_ID, "request_id"),
};

HSSC_JSON_DOC(hssc_api_error_doc, hssc_api_error, hssc_api_error_field, top_keys, nested_keys,
              sizeof(nested_keys) / sizeof(nested_keys[0]));

hssc_code hssc_api_error_decode_arena(const char *body, size_t len, unsigned flags, size_t max_body,
                                      void *workspace, size_t workspace_cap, hssc_api_error *out,
                                      hssc_arena *arena_out, hssc_error *err)
{
    int nested = 0;
    HSSC_GUARD(hssc_json_decode(&hssc_api_error_doc, body, len, flags, max_body, workspace,
                                workspace_cap, out, sizeof(*out), &nested, arena_out, err));
    out->form = nested ? HSSC_API_ERROR_NESTED : HSSC_API_ERROR_FLAT;
    return HSSC_OK;
}

hssc_code hssc_api_error_decode(const char *body, size_t len, unsigned flags, size_t max_body,
                                void *workspace, size_t workspace_cap, hssc_api_error *out,
                                hssc_error *err)
{
    return hssc_api_error_decode_arena(body, len, flags, max_body, workspace, workspace_cap, out,
                                       NULL, err);
}
