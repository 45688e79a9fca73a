/*
 * Target functions: hssc_response_decode (so the strict JSON reader of
 * json_reader.c on yajl's callback parser, its arena and the field rules),
 * once per input, with the flags byte 0 asks for.
 *
 * Input, workspace and the invariants of every decode: fuzz_body.h (byte 0
 * the options, the rest the body; the workspace exactly
 * HSSC_RESPONSE_WORKSPACE_LEN(max_body) bytes). Beyond those, a success
 * yields the three fields, each valid by the table (hssc_field_check),
 * NUL-terminated, without a NUL, inside the workspace (fuzz_response.h).
 */
#include "fuzz_response.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_body_run(&target, data, size, FUZZ_BODY_ONCE);
}
