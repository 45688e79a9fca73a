/*
 * Target functions: hssc_api_error_decode with both settings of
 * HSSC_ALLOW_UNKNOWN, and hssc_api_error_decode_all (every finding).
 *
 * Input as fuzz_api_error_decode (the same corpus format). Each input is
 * decoded three times, each decode held to fuzz_api_error_decode's
 * invariants, and (fuzz_body.h, fuzz_body_modes_of):
 *  - the body decoded with HSSC_ALLOW_UNKNOWN flipped gives the same fields
 *    and form, or the strict decode says HSSC_E_UNKNOWN;
 *  - the every-finding decoder agrees with the single-error one
 *    (fuzz_check_findings).
 */
#include "fuzz_api_error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_body_run(&target, data, size, FUZZ_BODY_MODES);
}
