/*
 * Target functions: hssc_authority_check (its fast path,
 * hssc_authority_fast_ok, in front of uriparser) against
 * hssc_authority_check_uri (the same checks with every input through
 * uriparser's uriParseSingleUriExMmA): a differential target. uriparser
 * stays the authority for URLs; the fast path may only settle inputs that
 * uriparser's path accepts.
 *
 * Input: byte 0 picks one of the ways the codec checks an authority (the
 * flags and field of registry_addr, images_download_url, an endpoint with
 * and without http://, a captured absolute URL, the Host header); the rest
 * is the text.
 *
 * Invariants:
 *  - on every input both give the same result: the same code, and on an
 *    error the same field and offset (so the fast path never accepts what
 *    uriparser's path rejects, and never changes an error);
 *  - an error carries a known code, the field asked for and an offset
 *    <= the text's length.
 */
#include "fuzz_common.h"
#include "hssc_internal.h"

typedef struct use {
    unsigned flags;
    hssc_field field;
} use;

/* Every call of hssc_authority_check in codec/src. */
static const use uses[] = {
    {HSSC_AUTH_ALLOW_HTTP | HSSC_AUTH_ALLOW_SLASH, HSSC_FIELD_REGISTRY_ADDR},
    {HSSC_AUTH_ALLOW_HTTP | HSSC_AUTH_NEED_SCHEME | HSSC_AUTH_ANY_PATH,
     HSSC_FIELD_IMAGES_DOWNLOAD_URL},
    {HSSC_AUTH_NEED_SCHEME | HSSC_AUTH_ALLOW_SLASH, HSSC_FIELD_ENDPOINT},
    {HSSC_AUTH_NEED_SCHEME | HSSC_AUTH_ALLOW_SLASH | HSSC_AUTH_ALLOW_HTTP, HSSC_FIELD_ENDPOINT},
    {HSSC_AUTH_NEED_SCHEME | HSSC_AUTH_ALLOW_HTTP, HSSC_FIELD_TARGET},
    {0, HSSC_FIELD_HOST},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) {
        return 0;
    }
    const use *u = &uses[data[0] % (sizeof(uses) / sizeof(uses[0]))];
    size_t len = size - 1;
    char *text = fuzz_copy(data + 1, len);

    hssc_error fast = FUZZ_ERROR_POISON;
    hssc_error slow = FUZZ_ERROR_POISON;
    hssc_code rc_fast = hssc_authority_check(text, len, u->flags, u->field, &fast);
    hssc_code rc_slow = hssc_authority_check_uri(text, len, u->flags, u->field, &slow);
    FUZZ_CHECK(rc_fast == rc_slow);
    if (rc_slow != HSSC_OK) {
        fuzz_check_error(rc_slow, &slow, len);
        FUZZ_CHECK(slow.field == u->field);
        FUZZ_CHECK(fast.code == slow.code && fast.field == slow.field &&
                   fast.offset == slow.offset);
    }
    fuzz_free(text, len);
    return 0;
}
