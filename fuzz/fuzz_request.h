/*
 * A decode of a captured request target for fuzz_request_decode and
 * fuzz_request_modes, held to the invariants of every decode:
 *  - an error carries a known code, a field and an offset <= the target's
 *    length; *out is zeroed and no decoded byte (a password) is left in
 *    scratch;
 *  - a success yields every required field, each value valid by the table
 *    and inside scratch.
 * The scratch buffer is exactly as large as the documented bound (the
 * target's length), zeroed, in a reused block with the rest poisoned
 * (fuzz_block_get), so ASan sees any access past it.
 */
#ifndef HSSC_FUZZ_REQUEST_H
#define HSSC_FUZZ_REQUEST_H

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
static inline void decode(const char *target, size_t len, unsigned flags, unsigned slot, decoded *d)
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

static inline void release(decoded *d, size_t len)
{
    hssc_wipe(d->scratch, len);
    fuzz_block_put(d->slot, d->scratch, len);
}

/* One input: byte 0 the flags, the rest the target in an exactly sized
 * heap block; decoded into slot 0, then handed to more() with it. */
static inline int fuzz_request_run(const uint8_t *data, size_t size,
                                   void (*more)(const char *target, size_t len, unsigned flags,
                                                decoded *d))
{
    if (size < 1) {
        return 0;
    }
    unsigned flags = data[0];
    size_t len = size - 1;
    char *target = fuzz_copy(data + 1, len);
    decoded d;
    decode(target, len, flags, 0, &d);
    more(target, len, flags, &d);
    release(&d, len);
    fuzz_free(target, len);
    return 0;
}

#endif /* HSSC_FUZZ_REQUEST_H */
