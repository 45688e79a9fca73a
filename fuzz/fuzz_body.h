/*
 * The body decoder targets' one driver. Each body document has a
 * descriptor (fuzz_response.h, fuzz_api_error.h) and two targets:
 * fuzz_<doc>_decode runs fuzz_body_run once per input (FUZZ_BODY_ONCE),
 * fuzz_<doc>_modes with FUZZ_BODY_MODES.
 * What they assert is the same for both documents, only the decoder, its
 * workspace bound and the decoded type differ.
 *
 * Input: byte 0 holds the options (fuzz_max_body in fuzz_common.h): bit 0
 * is HSSC_ALLOW_UNKNOWN, bit 1 a size cap near the body's length instead of
 * HSSC_BODY_MAX_DEFAULT. The rest is the body, in an exactly sized heap
 * block. Each decode gets a workspace of exactly ws_len(max_body) bytes (a
 * reused block with the rest poisoned: fuzz_block_get), so ASan sees any
 * access past it, and the documented bound is tested: HSSC_E_WORKSPACE is
 * never the answer.
 *
 * Invariants of every decode (fuzz_body_decode; each target adds what a
 * success must hold, check_ok):
 *  - an error carries a known code, a field and an offset <= the body's
 *    length; *out is zeroed; a body over the cap is HSSC_E_BODY_TOO_LARGE
 *    at offset max_body, and nothing else is.
 * Invariants between the decoder's modes (fuzz_body_modes_of, three decodes
 * of each input, each held to the invariants above):
 *  - HSSC_ALLOW_UNKNOWN only ever turns HSSC_E_UNKNOWN into something else:
 *    the same body decoded with the flag flipped gives the same fields
 *    (same()), or the strict decode says HSSC_E_UNKNOWN;
 *  - the every-finding decoder (decode_all) agrees with the single-error
 *    one (fuzz_check_findings).
 * One decode per input in the _decode targets keeps them near the speed of
 * yajl alone; the _modes targets pay three (docs/fuzzing.md, "Harness
 * speed").
 */
#ifndef HSSC_FUZZ_BODY_H
#define HSSC_FUZZ_BODY_H

#include "fuzz_common.h"

/* What a body decoder writes: one of the decoded types. */
typedef union fuzz_body_out {
    hssc_response resp;
    hssc_api_error ae;
} fuzz_body_out;

typedef struct fuzz_body_target {
    size_t out_size; /* of the decoded type in fuzz_body_out */
    size_t (*ws_len)(size_t max_body);
    hssc_code (*decode)(const char *body, size_t len, unsigned flags, size_t max_body, void *ws,
                        size_t ws_len, fuzz_body_out *out, hssc_error *err);
    hssc_code (*decode_all)(const char *body, size_t len, unsigned flags, size_t max_body, void *ws,
                            size_t ws_len, fuzz_body_out *out, hssc_findings *fs, hssc_error *err);
    /* A success: every field as the target's type requires. */
    void (*check_ok)(const fuzz_body_out *out, const char *ws, size_t ws_len);
    /* Two successes decoded the same fields. */
    int (*same)(const fuzz_body_out *a, const fuzz_body_out *b);
} fuzz_body_target;

/* The three adapters of a descriptor, from the public names: WS, the
 * workspace bound macro; DEC and DEC_ALL, the decoders; MEMBER, the member
 * of fuzz_body_out they write. Defines ws_len, decode and decode_all. */
#define FUZZ_BODY_ADAPTERS(WS, DEC, DEC_ALL, MEMBER)                                               \
    static size_t ws_len(size_t max_body)                                                          \
    {                                                                                              \
        return WS(max_body);                                                                       \
    }                                                                                              \
    static hssc_code decode(const char *body, size_t len, unsigned flags, size_t max_body,         \
                            void *ws, size_t cap, fuzz_body_out *out, hssc_error *err)             \
    {                                                                                              \
        return DEC(body, len, flags, max_body, ws, cap, &out->MEMBER, err);                        \
    }                                                                                              \
    static hssc_code decode_all(const char *body, size_t len, unsigned flags, size_t max_body,     \
                                void *ws, size_t cap, fuzz_body_out *out, hssc_findings *fs,       \
                                hssc_error *err)                                                   \
    {                                                                                              \
        return DEC_ALL(body, len, flags, max_body, ws, cap, &out->MEMBER, fs, err);                \
    }

typedef struct fuzz_body_decoded {
    hssc_code rc;
    hssc_error err;
    fuzz_body_out out;
    char *ws;
    size_t ws_len;
} fuzz_body_decoded;

/* Decodes into workspace slot `slot` (fuzz_common.h), which stays out
 * until the caller puts it back. */
static inline void fuzz_body_decode(const fuzz_body_target *t, const char *body, size_t len,
                                    unsigned flags, size_t max_body, unsigned slot,
                                    fuzz_body_decoded *d)
{
    hssc_error poison = FUZZ_ERROR_POISON;
    d->err = poison;
    memset(&d->out, 0xA5, t->out_size);
    d->ws_len = t->ws_len(max_body);
    d->ws = fuzz_block_get(slot, d->ws_len);
    d->rc = t->decode(body, len, flags, max_body, d->ws, d->ws_len, &d->out, &d->err);
    FUZZ_CHECK(d->rc != HSSC_E_WORKSPACE && d->rc != HSSC_E_ARGUMENT);
    if (len > max_body) {
        FUZZ_CHECK(d->rc == HSSC_E_BODY_TOO_LARGE && d->err.offset == max_body);
        FUZZ_CHECK(d->err.field == HSSC_FIELD_BODY);
    } else {
        FUZZ_CHECK(d->rc != HSSC_E_BODY_TOO_LARGE);
    }
    if (d->rc == HSSC_OK) {
        t->check_ok(&d->out, d->ws, d->ws_len);
        return;
    }
    fuzz_check_error(d->rc, &d->err, len);
    fuzz_body_out zero;
    memset(&zero, 0, sizeof(zero));
    FUZZ_CHECK(memcmp(&d->out, &zero, t->out_size) == 0);
}

/* Every finding against the single decode d: the workspace and the
 * findings buffer are reused blocks too (slots 2 and 3). */
static inline void fuzz_body_check_all(const fuzz_body_target *t, const char *body, size_t len,
                                       unsigned flags, size_t max_body, const fuzz_body_decoded *d)
{
    hssc_findings fs = fuzz_findings_get(3, len);
    char *ws = fuzz_block_get(2, d->ws_len);
    fuzz_body_out out;
    hssc_error e = FUZZ_ERROR_POISON;
    hssc_code rc = t->decode_all(body, len, flags, max_body, ws, d->ws_len, &out, &fs, &e);
    fuzz_check_findings(d->rc, &d->err, &fs, rc, &e, len, max_body);
    fuzz_block_put(2, ws, d->ws_len);
    fuzz_findings_put(3, &fs);
}

/* The invariants between the decoder's modes, for the decode d: every
 * finding with the same flags, and the decode with HSSC_ALLOW_UNKNOWN
 * flipped (workspace slot 1). */
static inline void fuzz_body_modes_of(const fuzz_body_target *t, const char *body, size_t len,
                                      unsigned flags, size_t max_body, const fuzz_body_decoded *d)
{
    fuzz_body_check_all(t, body, len, flags, max_body, d);
    fuzz_body_decoded flipped;
    fuzz_body_decode(t, body, len, flags ^ HSSC_ALLOW_UNKNOWN, max_body, 1, &flipped);
    const fuzz_body_decoded *lenient = (flags & HSSC_ALLOW_UNKNOWN) != 0 ? d : &flipped;
    const fuzz_body_decoded *strict = lenient == d ? &flipped : d;
    fuzz_check_allow_unknown(strict->rc, lenient->rc);
    if (d->rc == HSSC_OK && flipped.rc == HSSC_OK) {
        FUZZ_CHECK(t->same(&d->out, &flipped.out));
    }
    fuzz_block_put(1, flipped.ws, flipped.ws_len);
}

enum {
    FUZZ_BODY_ONCE, /* the _decode targets: one decode */
    FUZZ_BODY_MODES /* the _modes targets: and fuzz_body_modes_of */
};

/* One input: the decode byte 0 asks for (flags and size cap), then, for
 * FUZZ_BODY_MODES, the invariants between the decoder's modes. */
static inline int fuzz_body_run(const fuzz_body_target *t, const uint8_t *data, size_t size,
                                int how)
{
    if (size < 1) {
        return 0;
    }
    unsigned char opts = data[0];
    unsigned flags = (opts & 1u) != 0 ? HSSC_ALLOW_UNKNOWN : 0;
    size_t len = size - 1;
    size_t max_body = fuzz_max_body(opts, len);
    char *body = fuzz_copy(data + 1, len);

    fuzz_body_decoded d;
    fuzz_body_decode(t, body, len, flags, max_body, 0, &d);
    if (how == FUZZ_BODY_MODES) {
        fuzz_body_modes_of(t, body, len, flags, max_body, &d);
    }

    fuzz_block_put(0, d.ws, d.ws_len);
    fuzz_free(body, len);
    return 0;
}

#endif /* HSSC_FUZZ_BODY_H */
