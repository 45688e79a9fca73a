/*
 * Target functions: hssc_response_encode (plain, size query, too small),
 * hssc_response_decode.
 *
 * Input: byte 0 picks the mode.
 *  - Bit 7 clear, "body": the rest is a 200 body, decoded (bit 0 of byte 0
 *    is HSSC_ALLOW_UNKNOWN, the cap HSSC_BODY_MAX_DEFAULT, an exactly sized
 *    heap workspace). An accepted body is encoded; the encoder must accept
 *    what the decoder accepted, its output must decode (strictly, flags 0)
 *    to the same fields and re-encode to itself, byte for byte.
 *  - Bit 7 set, "fields": the rest is split at each 0xFF byte into
 *    image_command, images_download_url and swr_image_pull_command (0xFF is
 *    never valid UTF-8, so no valid value is lost; a missing piece is an
 *    empty value), each in its own exactly sized heap block; bit i (i < 3)
 *    of byte 0 makes field i absent (ptr NULL).
 *
 * Invariants (fields mode):
 *  - the encoder's verdict is hssc_field_check's on each field in order
 *    (HSSC_E_MISSING at offset 0 for an absent one): the same code, field
 *    and offset, for the size query and for a real buffer, which is then
 *    cleared, with *out_len 0;
 *  - on success the output is exactly the body a reference encoder in this
 *    file writes (keys in order, no blanks, only '"' and '\' escaped), at
 *    most HSSC_RESPONSE_ENCODED_MAX - 1 bytes; one byte too little buffer
 *    is HSSC_E_BUFFER_TOO_SMALL with the size and a cleared buffer; and
 *    decode(encode(x)) == x.
 */
#include "fuzz_common.h"

#define FIELD_COUNT 3

static const hssc_field response_fields[FIELD_COUNT] = {
    HSSC_FIELD_IMAGE_COMMAND,
    HSSC_FIELD_IMAGES_DOWNLOAD_URL,
    HSSC_FIELD_SWR_IMAGE_PULL_COMMAND,
};

static hssc_str *member(hssc_response *r, size_t i)
{
    hssc_str *m = hssc_response_field(r, response_fields[i]);
    FUZZ_CHECK(m != NULL);
    return m;
}

static int same_response(hssc_response *a, hssc_response *b)
{
    for (size_t i = 0; i < FIELD_COUNT; i++) {
        if (!fuzz_same_str(member(a, i), member(b, i))) {
            return 0;
        }
    }
    return 1;
}

#define WS_LEN HSSC_RESPONSE_WORKSPACE_LEN(HSSC_BODY_MAX_DEFAULT)

/* Decodes body (copied into an exactly sized block) with an exactly sized
 * workspace from slot `slot` (fuzz_common.h), which the caller puts back. */
static hssc_code decode(const char *body, size_t len, unsigned flags, hssc_response *out,
                        unsigned slot, char **ws, hssc_error *e)
{
    char *copy = fuzz_copy((const uint8_t *)body, len);
    size_t ws_len = WS_LEN;
    *ws = fuzz_block_get(slot, ws_len);
    hssc_error poison = FUZZ_ERROR_POISON;
    *e = poison;
    hssc_code rc =
        hssc_response_decode(copy, len, flags, HSSC_BODY_MAX_DEFAULT, *ws, ws_len, out, e);
    if (rc == HSSC_OK) {
        for (size_t i = 0; i < FIELD_COUNT; i++) {
            fuzz_check_in_workspace(response_fields[i], member(out, i), *ws, ws_len);
        }
    } else {
        fuzz_check_error(rc, e, len);
    }
    fuzz_free(copy, len);
    return rc;
}

/* Encodes r (valid) into a fresh, exactly sized buffer; *n is its length. */
static char *encode(hssc_response *r, size_t *n)
{
    hssc_error e = FUZZ_ERROR_POISON;
    FUZZ_CHECK(hssc_response_encode(r, NULL, 0, n, &e) == HSSC_OK);
    FUZZ_CHECK(*n > 0 && *n < HSSC_RESPONSE_ENCODED_MAX);
    char *out = malloc(*n + 1);
    FUZZ_CHECK(out != NULL);
    size_t m = 0;
    FUZZ_CHECK(hssc_response_encode(r, out, *n + 1, &m, &e) == HSSC_OK);
    FUZZ_CHECK(m == *n && out[m] == '\0');
    return out;
}

static fuzz_buf reference_body(hssc_response *r)
{
    fuzz_buf b = {NULL, 0, 0};
    fuzz_put(&b, "{", 1);
    for (size_t i = 0; i < FIELD_COUNT; i++) {
        const hssc_field_info *info = hssc_field_get(response_fields[i]);
        if (i > 0) {
            fuzz_put(&b, ",", 1);
        }
        fuzz_put(&b, "\"", 1);
        fuzz_put(&b, info->name, info->name_len);
        fuzz_put(&b, "\":\"", 3);
        const hssc_str *v = member(r, i);
        for (size_t k = 0; k < v->len; k++) {
            if (v->ptr[k] == '"' || v->ptr[k] == '\\') {
                fuzz_put(&b, "\\", 1);
            }
            fuzz_put(&b, v->ptr + k, 1);
        }
        fuzz_put(&b, "\"", 1);
    }
    fuzz_put(&b, "}", 1);
    return b;
}

static void body_mode(const char *body, size_t len, unsigned flags)
{
    hssc_response r;
    char *ws = NULL;
    hssc_error e;
    if (decode(body, len, flags, &r, 0, &ws, &e) == HSSC_OK) {
        size_t n = 0;
        char *enc = encode(&r, &n);
        hssc_response back;
        char *ws2 = NULL;
        FUZZ_CHECK(decode(enc, n, 0, &back, 1, &ws2, &e) == HSSC_OK);
        FUZZ_CHECK(same_response(&r, &back));
        size_t n2 = 0;
        char *enc2 = encode(&back, &n2);
        FUZZ_CHECK(n2 == n && memcmp(enc, enc2, n) == 0);
        free(enc2);
        fuzz_block_put(1, ws2, WS_LEN);
        free(enc);
    }
    fuzz_block_put(0, ws, WS_LEN);
}

static hssc_str *split_member(void *r, size_t i)
{
    return member(r, i);
}

static void fields_mode(const char *in, size_t len, unsigned absent)
{
    hssc_response r;
    memset(&r, 0, sizeof(r));
    fuzz_values vals;
    fuzz_split(in, len, FIELD_COUNT, split_member, &r, absent, &vals);

    /* The expected verdict: the first field, in order, that is absent or
     * breaks its row. */
    hssc_code want = HSSC_OK;
    hssc_error we = FUZZ_ERROR_POISON;
    for (size_t i = 0; i < FIELD_COUNT && want == HSSC_OK; i++) {
        const hssc_str *v = member(&r, i);
        if (v->ptr == NULL) {
            want = HSSC_E_MISSING;
            we.code = want;
            we.field = response_fields[i];
            we.offset = 0;
        } else {
            want = hssc_field_check(response_fields[i], v->ptr, v->len, &we);
            if (want != HSSC_OK) {
                fuzz_check_error(want, &we, v->len);
            }
        }
    }

    hssc_error e = FUZZ_ERROR_POISON;
    size_t n = 12345;
    hssc_code rc = hssc_response_encode(&r, NULL, 0, &n, &e);
    FUZZ_CHECK(rc == want);
    if (want != HSSC_OK) {
        FUZZ_CHECK(n == 0 && e.code == we.code && e.field == we.field && e.offset == we.offset);
        char *out = fuzz_block_get(0, HSSC_RESPONSE_ENCODED_MAX);
        memset(out, 'x', HSSC_RESPONSE_ENCODED_MAX);
        n = 12345;
        e = (hssc_error)FUZZ_ERROR_POISON;
        rc = hssc_response_encode(&r, out, HSSC_RESPONSE_ENCODED_MAX, &n, &e);
        FUZZ_CHECK(rc == want && n == 0 && fuzz_all_zero(out, HSSC_RESPONSE_ENCODED_MAX));
        FUZZ_CHECK(e.code == we.code && e.field == we.field && e.offset == we.offset);
        fuzz_block_put(0, out, HSSC_RESPONSE_ENCODED_MAX);
    } else {
        fuzz_buf ref = reference_body(&r);
        FUZZ_CHECK(n == ref.len && n < HSSC_RESPONSE_ENCODED_MAX);

        /* One byte short: too small, the size told, the buffer cleared. */
        char *small = malloc(n);
        FUZZ_CHECK(small != NULL);
        memset(small, 'x', n);
        size_t m = 0;
        FUZZ_CHECK(hssc_response_encode(&r, small, n, &m, &e) == HSSC_E_BUFFER_TOO_SMALL);
        FUZZ_CHECK(m == n && e.code == HSSC_E_BUFFER_TOO_SMALL && fuzz_all_zero(small, n));
        free(small);

        char *out = encode(&r, &n);
        FUZZ_CHECK(memcmp(out, ref.p, n) == 0);
        hssc_response back;
        char *ws = NULL;
        FUZZ_CHECK(decode(out, n, 0, &back, 0, &ws, &e) == HSSC_OK);
        FUZZ_CHECK(same_response(&r, &back));
        fuzz_block_put(0, ws, WS_LEN);
        free(out);
        free(ref.p);
    }
    fuzz_values_free(&vals);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    unsigned char mode = data[0];
    size_t len = size - 1;
    char *in = fuzz_copy(data + 1, len);
    if ((mode & 0x80u) == 0) {
        body_mode(in, len, (mode & 1u) != 0 ? HSSC_ALLOW_UNKNOWN : 0);
    } else {
        fields_mode(in, len, mode);
    }
    fuzz_free(in, len);
    return 0;
}
