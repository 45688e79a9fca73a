/*
 * Target functions: hssc_response_decode, and hssc_response_decode_all (every finding,
 * checked against it: fuzz_check_findings) (so the strict JSON reader of
 * json_reader.c on yajl's callback parser, its arena and the field rules).
 *
 * Input, workspace and the invariants every body decoder target asserts:
 * fuzz_body.h (byte 0 the options, the rest the body; the workspace exactly
 * HSSC_RESPONSE_WORKSPACE_LEN(max_body) bytes). Beyond those:
 *  - a success yields the three fields, each valid by the table
 *    (hssc_field_check), NUL-terminated, without a NUL, inside the
 *    workspace;
 *  - the body decoded with HSSC_ALLOW_UNKNOWN flipped gives the same three
 *    fields, or the strict decode says HSSC_E_UNKNOWN.
 */
#include "fuzz_body.h"

FUZZ_BODY_ADAPTERS(HSSC_RESPONSE_WORKSPACE_LEN, hssc_response_decode, hssc_response_decode_all,
                   resp)

static void check_ok(const fuzz_body_out *out, const char *ws, size_t cap)
{
    const hssc_response *r = &out->resp;
    fuzz_check_in_workspace(HSSC_FIELD_IMAGE_COMMAND, &r->image_command, ws, cap);
    fuzz_check_in_workspace(HSSC_FIELD_IMAGES_DOWNLOAD_URL, &r->images_download_url, ws, cap);
    fuzz_check_in_workspace(HSSC_FIELD_SWR_IMAGE_PULL_COMMAND, &r->swr_image_pull_command, ws, cap);
}

static int same(const fuzz_body_out *a, const fuzz_body_out *b)
{
    return fuzz_same_str(&a->resp.image_command, &b->resp.image_command) &&
           fuzz_same_str(&a->resp.images_download_url, &b->resp.images_download_url) &&
           fuzz_same_str(&a->resp.swr_image_pull_command, &b->resp.swr_image_pull_command);
}

static const fuzz_body_target target = {
    sizeof(hssc_response), ws_len, decode, decode_all, check_ok, same};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_body_run(&target, data, size);
}
