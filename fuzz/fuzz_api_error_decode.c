/*
 * Target functions: hssc_api_error_decode, and hssc_api_error_decode_all (every finding,
 * checked against it: fuzz_check_findings) (the strict JSON reader of
 * json_reader.c with the error-body document of apierror.c: the flat
 * {"error_code", "error_msg", "request_id"} form and the gateway's nested
 * {"error": {"code", "message", ...}} form).
 *
 * Input, workspace and the invariants every body decoder target asserts:
 * fuzz_body.h (byte 0 the options, the rest the body; the workspace exactly
 * HSSC_API_ERROR_WORKSPACE_LEN(max_body) bytes). Beyond those:
 *  - a success yields error_code and error_msg (and request_id when
 *    present), each valid by the table (hssc_field_check), NUL-terminated,
 *    without a NUL, inside the workspace; the form is flat or nested;
 *  - the body decoded with HSSC_ALLOW_UNKNOWN flipped gives the same fields
 *    and form, or the strict decode says HSSC_E_UNKNOWN.
 */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_body_run(&target, data, size);
}
