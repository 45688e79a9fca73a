/*
 * Target functions: hssc_request_decode, once per input with the flags
 * byte 0 gives; on accepted input also hssc_request_encode (the canonical
 * form of what was decoded) and its decode.
 *
 * Input: byte 0 is the flags word given to hssc_request_decode, all eight
 * bits of it (so unknown flag bits are exercised too); the rest is the
 * captured request target or URL.
 *
 * Invariants: those of every decode (fuzz_request.h), and the canonical
 * encoding of a decoded request decodes to the same fields and re-encodes
 * to itself, byte for byte. Between the decoder's modes: fuzz_request_modes.
 */
#include "fuzz_request.h"

/* Encodes r into a fresh, exactly sized buffer; *n is its length. */
static char *encode(hssc_request *r, size_t *n)
{
    hssc_error e = FUZZ_ERROR_POISON;
    FUZZ_CHECK(hssc_request_encode(r, 0, NULL, 0, n, &e) == HSSC_OK);
    FUZZ_CHECK(*n > 0 && *n < HSSC_REQUEST_ENCODED_MAX);
    char *out = malloc(*n + 1);
    FUZZ_CHECK(out != NULL);
    size_t m = 0;
    FUZZ_CHECK(hssc_request_encode(r, 0, out, *n + 1, &m, &e) == HSSC_OK);
    FUZZ_CHECK(m == *n && out[m] == '\0');
    return out;
}

static void check_canonical(hssc_request *r)
{
    size_t n = 0;
    char *enc = encode(r, &n);
    decoded back;
    decode(enc, n, 0, 2, &back);
    FUZZ_CHECK(back.rc == HSSC_OK);
    FUZZ_CHECK(fuzz_same_request(r, &back.req));
    size_t n2 = 0;
    char *enc2 = encode(&back.req, &n2);
    FUZZ_CHECK(n2 == n && memcmp(enc, enc2, n) == 0);
    release(&back, n);
    hssc_wipe(enc, n);
    hssc_wipe(enc2, n2);
    free(enc);
    free(enc2);
}

/* A success's canonical encoding. */
static void canonical_of(const char *target, size_t len, unsigned flags, decoded *d)
{
    (void)target;
    (void)len;
    (void)flags;
    if (d->rc == HSSC_OK) {
        check_canonical(&d->req);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_request_run(data, size, canonical_of);
}
