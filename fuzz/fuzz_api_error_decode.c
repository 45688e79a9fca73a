/*
 * Target functions: hssc_api_error_decode (the strict JSON reader of
 * json_reader.c with the error-body document of apierror.c: the flat
 * {"error_code", "error_msg", "request_id"} form and the gateway's nested
 * {"error": {"code", "message", ...}} form), once per input, with the
 * flags byte 0 asks for.
 *
 * Input, workspace and the invariants of every decode: fuzz_body.h (byte 0
 * the options, the rest the body; the workspace exactly
 * HSSC_API_ERROR_WORKSPACE_LEN(max_body) bytes). Beyond those, a success
 * yields error_code and error_msg (and request_id when present), each
 * valid by the table, NUL-terminated, without a NUL, inside the workspace;
 * the form is flat or nested (fuzz_api_error.h).
 */
#include "fuzz_api_error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_body_run(&target, data, size, FUZZ_BODY_ONCE);
}
