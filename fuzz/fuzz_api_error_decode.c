/*
 * Target functions: hssc_api_error_decode, and hssc_api_error_decode_all (every finding,
 * checked against it: fuzz_check_findings) (the strict JSON reader of
 * json_reader.c with the error-body document of apierror.c: the flat
 * {"error_code", "error_msg", "request_id"} form and the gateway's nested
 * {"error": {"code", "message", ...}} form).
 *
 * Input: byte 0 holds the options (fuzz_max_body in fuzz_common.h): bit 0
 * is HSSC_ALLOW_UNKNOWN, bit 1 a size cap near the body's length instead of
 * HSSC_BODY_MAX_DEFAULT. The rest is the body, in an exactly sized heap
 * block. The workspace is exactly HSSC_API_ERROR_WORKSPACE_LEN(max_body)
 * bytes (a reused block with the rest poisoned: fuzz_block_get), so ASan
 * sees any access past it.
 *
 * Invariants:
 *  - an error carries a known code, a field and an offset <= the body's
 *    length; *out is zeroed; a body over the cap is HSSC_E_BODY_TOO_LARGE
 *    at offset max_body, and nothing else is;
 *  - a success yields error_code and error_msg (and request_id when
 *    present), each valid by the table (hssc_field_check), NUL-terminated,
 *    without a NUL, inside the workspace; the form is flat or nested;
 *  - HSSC_ALLOW_UNKNOWN only ever turns HSSC_E_UNKNOWN into something else:
 *    the same body decoded with the flag flipped gives the same fields and
 *    form, or the strict decode says HSSC_E_UNKNOWN.
 */
#include "fuzz_common.h"

typedef struct decoded {
    hssc_code rc;
    hssc_error err;
    hssc_api_error ae;
    char *ws;
    size_t ws_len;
} decoded;

/* Decodes into workspace slot `slot` (fuzz_common.h), which stays out
 * until the caller puts it back. */
static void decode(const char *body, size_t len, unsigned flags, size_t max_body, unsigned slot,
                   decoded *d)
{
    hssc_error poison = FUZZ_ERROR_POISON;
    d->err = poison;
    memset(&d->ae, 0xA5, sizeof(d->ae));
    d->ws_len = HSSC_API_ERROR_WORKSPACE_LEN(max_body);
    d->ws = fuzz_block_get(slot, d->ws_len);
    d->rc = hssc_api_error_decode(body, len, flags, max_body, d->ws, d->ws_len, &d->ae, &d->err);
    FUZZ_CHECK(d->rc != HSSC_E_WORKSPACE && d->rc != HSSC_E_ARGUMENT);
    if (len > max_body) {
        FUZZ_CHECK(d->rc == HSSC_E_BODY_TOO_LARGE && d->err.offset == max_body);
        FUZZ_CHECK(d->err.field == HSSC_FIELD_BODY);
    } else {
        FUZZ_CHECK(d->rc != HSSC_E_BODY_TOO_LARGE);
    }
    if (d->rc == HSSC_OK) {
        fuzz_check_in_workspace(HSSC_FIELD_ERROR_CODE, &d->ae.error_code, d->ws, d->ws_len);
        fuzz_check_in_workspace(HSSC_FIELD_ERROR_MSG, &d->ae.error_msg, d->ws, d->ws_len);
        if (d->ae.request_id.ptr != NULL) {
            fuzz_check_in_workspace(HSSC_FIELD_REQUEST_ID, &d->ae.request_id, d->ws, d->ws_len);
        } else {
            FUZZ_CHECK(d->ae.request_id.len == 0);
        }
        FUZZ_CHECK(d->ae.form == HSSC_API_ERROR_FLAT || d->ae.form == HSSC_API_ERROR_NESTED);
        return;
    }
    fuzz_check_error(d->rc, &d->err, len);
    hssc_api_error zero;
    memset(&zero, 0, sizeof(zero));
    FUZZ_CHECK(memcmp(&d->ae, &zero, sizeof(zero)) == 0);
}

static int same_api_error(const hssc_api_error *a, const hssc_api_error *b)
{
    return fuzz_same_str(&a->error_code, &b->error_code) &&
           fuzz_same_str(&a->error_msg, &b->error_msg) &&
           fuzz_same_str(&a->request_id, &b->request_id) && a->form == b->form;
}

static void check_all(const char *body, size_t len, unsigned flags, size_t max_body,
                      const decoded *d)
{
    size_t cap = FUZZ_FINDINGS_CAP(len);
    hssc_finding *items = malloc(cap * sizeof(*items));
    void *ws = malloc(d->ws_len);
    FUZZ_CHECK(items != NULL && ws != NULL);
    hssc_findings fs = {items, cap, 0, 0};
    hssc_api_error out;
    hssc_error e = FUZZ_ERROR_POISON;
    hssc_code rc =
        hssc_api_error_decode_all(body, len, flags, max_body, ws, d->ws_len, &out, &fs, &e);
    fuzz_check_findings(d->rc, &d->err, &fs, rc, &e, len, max_body);
    free(ws);
    free(items);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    unsigned char opts = data[0];
    unsigned flags = (opts & 1u) != 0 ? HSSC_ALLOW_UNKNOWN : 0;
    size_t len = size - 1;
    size_t max_body = fuzz_max_body(opts, len);
    char *body = fuzz_copy(data + 1, len);

    decoded d;
    decode(body, len, flags, max_body, 0, &d);
    check_all(body, len, flags, max_body, &d);
    decoded flipped;
    decode(body, len, flags ^ HSSC_ALLOW_UNKNOWN, max_body, 1, &flipped);
    decoded *lenient = (flags & HSSC_ALLOW_UNKNOWN) != 0 ? &d : &flipped;
    decoded *strict = lenient == &d ? &flipped : &d;
    fuzz_check_allow_unknown(strict->rc, lenient->rc);
    if (d.rc == HSSC_OK && flipped.rc == HSSC_OK) {
        FUZZ_CHECK(same_api_error(&d.ae, &flipped.ae));
    }

    fuzz_block_put(0, d.ws, d.ws_len);
    fuzz_block_put(1, flipped.ws, flipped.ws_len);
    fuzz_free(body, len);
    return 0;
}
