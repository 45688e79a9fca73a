/*
 * Target functions: hssc_request_decode; on accepted input also
 * hssc_request_encode (the canonical form of what was decoded);
 * hssc_request_decode_all (every finding) on the same input.
 *
 * Input: byte 0 is the flags word given to hssc_request_decode, all eight
 * bits of it (so unknown flag bits are exercised too); the rest is the
 * captured request target or URL. The scratch buffer is exactly as large as
 * the documented bound (the target's length), zeroed, in a reused block with
 * the rest poisoned (fuzz_block_get), so ASan sees any access past it.
 *
 * Invariants:
 *  - an error carries a known code, a field and an offset <= the target's
 *    length; *out is zeroed and no decoded byte (a password) is left in
 *    scratch;
 *  - a success yields every required field, each value valid by the table
 *    and inside scratch;
 *  - HSSC_ALLOW_UNKNOWN only ever turns HSSC_E_UNKNOWN into something else:
 *    the same input decoded with the flag flipped gives the same fields, or
 *    the strict decode says HSSC_E_UNKNOWN;
 *  - the canonical encoding of a decoded request decodes to the same fields
 *    and re-encodes to itself, byte for byte;
 *  - hssc_request_decode_all agrees (fuzz_check_findings) and, on success,
 *    gives the same fields.
 */
#include "fuzz_common.h"

typedef struct decoded {
    hssc_code rc;
    hssc_error err;
    hssc_request req;
    char *scratch;
    unsigned slot;
} decoded;

/* Decodes into scratch from slot `slot` (fuzz_common.h); release() puts it
 * back. */
static void decode(const char *target, size_t len, unsigned flags, unsigned slot, decoded *d)
{
    hssc_error poison = FUZZ_ERROR_POISON;
    d->err = poison;
    memset(&d->req, 0xA5, sizeof(d->req));
    d->slot = slot;
    d->scratch = fuzz_block_get(slot, len);
    if (len > 0) {
        memset(d->scratch, 0, len);
    }
    d->rc = hssc_request_decode(target, len, flags, d->scratch, len, &d->req, &d->err);
    if (d->rc == HSSC_OK) {
        fuzz_check_decoded(&d->req, d->scratch, len);
        return;
    }
    fuzz_check_error(d->rc, &d->err, len);
    hssc_request zero;
    memset(&zero, 0, sizeof(zero));
    FUZZ_CHECK(memcmp(&d->req, &zero, sizeof(zero)) == 0);
    FUZZ_CHECK(fuzz_all_zero(d->scratch, len));
}

static void release(decoded *d, size_t len)
{
    hssc_wipe(d->scratch, len);
    fuzz_block_put(d->slot, d->scratch, len);
}

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    unsigned flags = data[0];
    size_t len = size - 1;
    char *target = fuzz_copy(data + 1, len);

    decoded d;
    decode(target, len, flags, 0, &d);
    decoded flipped;
    decode(target, len, flags ^ HSSC_ALLOW_UNKNOWN, 1, &flipped);
    decoded *lenient = (flags & HSSC_ALLOW_UNKNOWN) != 0 ? &d : &flipped;
    decoded *strict = lenient == &d ? &flipped : &d;
    fuzz_check_allow_unknown(strict->rc, lenient->rc);
    if (d.rc == HSSC_OK && flipped.rc == HSSC_OK) {
        FUZZ_CHECK(fuzz_same_request(&d.req, &flipped.req));
    }
    if (d.rc == HSSC_OK) {
        check_canonical(&d.req);
    }
    check_all(target, len, flags, &d);

    release(&d, len);
    release(&flipped, len);
    fuzz_free(target, len);
    return 0;
}
