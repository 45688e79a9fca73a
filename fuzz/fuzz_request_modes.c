/*
 * Target functions: hssc_request_decode with both settings of
 * HSSC_ALLOW_UNKNOWN, and hssc_request_decode_all (every finding).
 *
 * Input as fuzz_request_decode (the same corpus format). Each input is
 * decoded three times, each decode held to the invariants of every decode
 * (fuzz_request.h), and:
 *  - HSSC_ALLOW_UNKNOWN only ever turns HSSC_E_UNKNOWN into something else:
 *    the same input decoded with the flag flipped gives the same fields, or
 *    the strict decode says HSSC_E_UNKNOWN;
 *  - hssc_request_decode_all agrees (fuzz_check_findings) and, on success,
 *    gives the same fields.
 */
#include "fuzz_request.h"

/* Every finding against the single decode d; its scratch (zeroed) and
 * findings buffer are reused blocks too (slots 2 and 3). */
static void check_all(const char *target, size_t len, unsigned flags, decoded *d)
{
    hssc_findings fs = fuzz_findings_get(3, len);
    char *scratch = fuzz_block_get(2, len);
    if (len > 0) {
        memset(scratch, 0, len);
    }
    hssc_request r;
    hssc_error e = FUZZ_ERROR_POISON;
    hssc_code rc = hssc_request_decode_all(target, len, flags, scratch, len, &r, &fs, &e);
    fuzz_check_findings(d->rc, &d->err, &fs, rc, &e, len, HSSC_TARGET_MAX);
    if (rc == HSSC_OK) {
        FUZZ_CHECK(fuzz_same_request(&d->req, &r));
    } else {
        FUZZ_CHECK(fuzz_all_zero(scratch, len));
    }
    hssc_wipe(scratch, len);
    fuzz_block_put(2, scratch, len);
    fuzz_findings_put(3, &fs);
}

/* The invariants between the decoder's modes, for the decode d. */
static void modes_of(const char *target, size_t len, unsigned flags, decoded *d)
{
    decoded flipped;
    decode(target, len, flags ^ HSSC_ALLOW_UNKNOWN, 1, &flipped);
    decoded *lenient = (flags & HSSC_ALLOW_UNKNOWN) != 0 ? d : &flipped;
    decoded *strict = lenient == d ? &flipped : d;
    fuzz_check_allow_unknown(strict->rc, lenient->rc);
    if (d->rc == HSSC_OK && flipped.rc == HSSC_OK) {
        FUZZ_CHECK(fuzz_same_request(&d->req, &flipped.req));
    }
    check_all(target, len, flags, d);
    release(&flipped, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_request_run(data, size, modes_of);
}
