/*
 * The response body's descriptor for the body decoder driver (fuzz_body.h),
 * shared by fuzz_response_decode and fuzz_response_modes: a success yields
 * the three fields, each valid by the table (hssc_field_check),
 * NUL-terminated, without a NUL, inside the workspace; two successes are
 * the same when the three fields are.
 */
#ifndef HSSC_FUZZ_RESPONSE_H
#define HSSC_FUZZ_RESPONSE_H

#include "fuzz_body.h"

FUZZ_BODY_ADAPTERS(HSSC_RESPONSE_WORKSPACE_LEN, hssc_response_decode, hssc_response_decode_all,
                   resp)

/* The three members of a decoded response, with their fields. */
static const hssc_field fields[3] = {HSSC_FIELD_IMAGE_COMMAND, HSSC_FIELD_IMAGES_DOWNLOAD_URL,
                                     HSSC_FIELD_SWR_IMAGE_PULL_COMMAND};

static void members(const fuzz_body_out *out, const hssc_str *v[3])
{
    v[0] = &out->resp.image_command;
    v[1] = &out->resp.images_download_url;
    v[2] = &out->resp.swr_image_pull_command;
}

static void check_ok(const fuzz_body_out *out, const char *ws, size_t cap)
{
    const hssc_str *v[3];
    members(out, v);
    for (size_t i = 0; i < 3; i++) {
        fuzz_check_in_workspace(fields[i], v[i], ws, cap);
    }
}

static int same(const fuzz_body_out *a, const fuzz_body_out *b)
{
    const hssc_str *va[3];
    const hssc_str *vb[3];
    members(a, va);
    members(b, vb);
    int eq = 1;
    for (size_t i = 0; i < 3; i++) {
        eq &= fuzz_same_str(va[i], vb[i]);
    }
    return eq;
}

static const fuzz_body_target target = {
    sizeof(hssc_response), ws_len, decode, decode_all, check_ok, same};

#endif /* HSSC_FUZZ_RESPONSE_H */
