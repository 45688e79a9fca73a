/*
 * The error body's descriptor for the body decoder driver (fuzz_body.h),
 * shared by fuzz_api_error_decode and fuzz_api_error_modes: a success
 * yields error_code and error_msg (and request_id when present), each
 * valid by the table (hssc_field_check), NUL-terminated, without a NUL,
 * inside the workspace, and a form that is flat or nested; two successes
 * are the same when those fields and the form are.
 */
#ifndef HSSC_FUZZ_API_ERROR_H
#define HSSC_FUZZ_API_ERROR_H

#include "fuzz_body.h"

FUZZ_BODY_ADAPTERS(HSSC_API_ERROR_WORKSPACE_LEN, hssc_api_error_decode, hssc_api_error_decode_all,
                   ae)

static void check_ok(const fuzz_body_out *out, const char *ws, size_t cap)
{
    const hssc_api_error *a = &out->ae;
    fuzz_check_in_workspace(HSSC_FIELD_ERROR_CODE, &a->error_code, ws, cap);
    fuzz_check_in_workspace(HSSC_FIELD_ERROR_MSG, &a->error_msg, ws, cap);
    if (a->request_id.ptr != NULL) {
        fuzz_check_in_workspace(HSSC_FIELD_REQUEST_ID, &a->request_id, ws, cap);
    } else {
        FUZZ_CHECK(a->request_id.len == 0);
    }
    FUZZ_CHECK(a->form == HSSC_API_ERROR_FLAT || a->form == HSSC_API_ERROR_NESTED);
}

static int same(const fuzz_body_out *a, const fuzz_body_out *b)
{
    return fuzz_same_str(&a->ae.error_code, &b->ae.error_code) &&
           fuzz_same_str(&a->ae.error_msg, &b->ae.error_msg) &&
           fuzz_same_str(&a->ae.request_id, &b->ae.request_id) && a->ae.form == b->ae.form;
}

static const fuzz_body_target target = {
    sizeof(hssc_api_error), ws_len, decode, decode_all, check_ok, same};

#endif /* HSSC_FUZZ_API_ERROR_H */
