/*
 * Target functions: hssc_request_validate, hssc_request_encode (plain,
 * size query, too small, redacted), hssc_request_decode.
 *
 * Input: byte 0 is a mask of absent fields: bit i set makes member i of
 * hssc_request absent (ptr NULL), in the order project_id, registry_addr,
 * namespace, username, password, enterprise_project_id; bit 0 is ignored,
 * since a path segment cannot be absent from a target. The rest is split at
 * each 0xFF byte into the six values in that order (0xFF is never valid
 * UTF-8, so no valid value is lost; a missing piece is an empty value).
 *
 * Invariants:
 *  - validate, the encoder's size query and the encoder give the same
 *    verdict, error for error;
 *  - valid fields: the target is exactly the one written by the reference
 *    encoder below (path, sorted query, RFC 3986 unreserved kept, every
 *    other byte %XX upper-case); it decodes (exactly sized scratch) to the
 *    very same fields; one byte too little buffer is
 *    HSSC_E_BUFFER_TOO_SMALL with the size and a cleared buffer; the
 *    redacted form decodes to the same fields with password "***";
 *  - invalid fields: decoding the reference encoding of the raw fields
 *    fails with the same code and field, at the offset of the escape that
 *    encodes the offending byte (at the end of the target for a missing
 *    field).
 */
#include "fuzz_common.h"

#define PREFIX "/v5/"
#define SUFFIX "/image/registries/image-upload-command"

static int unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

static void put_encoded(fuzz_buf *b, const hssc_str *v)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < v->len; i++) {
        unsigned char c = (unsigned char)v->ptr[i];
        if (unreserved(c)) {
            fuzz_put(b, (const char *)&c, 1);
        } else {
            char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
            fuzz_put(b, esc, 3);
        }
    }
}

/* Raw offset, inside the encoding of v, of the encoding of v's byte nth. */
static size_t encoded_offset(const hssc_str *v, size_t nth)
{
    size_t at = 0;
    for (size_t i = 0; i < nth && i < v->len; i++) {
        at += unreserved((unsigned char)v->ptr[i]) ? 1 : 3;
    }
    return at;
}

/* Query members (indexes into fuzz_fields) sorted by wire name. */
static void query_order(size_t order[FUZZ_MEMBER_COUNT - 1])
{
    for (size_t i = 0; i + 1 < FUZZ_MEMBER_COUNT; i++) {
        order[i] = i + 1;
    }
    for (size_t i = 1; i + 1 < FUZZ_MEMBER_COUNT; i++) {
        for (size_t k = i; k > 0; k--) {
            const char *a = hssc_field_get(fuzz_fields[order[k - 1]])->name;
            const char *b = hssc_field_get(fuzz_fields[order[k]])->name;
            if (strcmp(a, b) <= 0) {
                break;
            }
            size_t t = order[k];
            order[k] = order[k - 1];
            order[k - 1] = t;
        }
    }
}

/* Writes the reference target of r; raw_at[i] is where member i's value
 * starts in it. */
static fuzz_buf reference_target(hssc_request *r, size_t raw_at[FUZZ_MEMBER_COUNT])
{
    fuzz_buf b = {NULL, 0, 0};
    fuzz_put(&b, PREFIX, strlen(PREFIX));
    raw_at[0] = b.len;
    put_encoded(&b, fuzz_member_ptr(r, 0));
    fuzz_put(&b, SUFFIX, strlen(SUFFIX));
    size_t order[FUZZ_MEMBER_COUNT - 1];
    query_order(order);
    char sep = '?';
    for (size_t k = 0; k + 1 < FUZZ_MEMBER_COUNT; k++) {
        size_t i = order[k];
        const hssc_str *v = fuzz_member_ptr(r, i);
        raw_at[i] = 0;
        if (v->ptr == NULL) {
            continue;
        }
        const hssc_field_info *info = hssc_field_get(fuzz_fields[i]);
        fuzz_put(&b, &sep, 1);
        sep = '&';
        fuzz_put(&b, info->name, info->name_len);
        fuzz_put(&b, "=", 1);
        raw_at[i] = b.len;
        put_encoded(&b, v);
    }
    return b;
}

static size_t member_index(hssc_field f)
{
    for (size_t i = 0; i < FUZZ_MEMBER_COUNT; i++) {
        if (fuzz_fields[i] == f) {
            return i;
        }
    }
    FUZZ_CHECK(!"error names a field that is not a request member");
    return 0;
}

/* Decodes target (exactly sized copy, and scratch from slot SCRATCH_SLOT
 * of fuzz_common.h); the caller wipes scratch and puts it back. */
#define SCRATCH_SLOT 1
static hssc_code decode(const char *target, size_t len, hssc_request *out, char **scratch,
                        hssc_error *e)
{
    char *copy = fuzz_copy((const uint8_t *)target, len);
    *scratch = fuzz_block_get(SCRATCH_SLOT, len);
    if (len > 0) {
        memset(*scratch, 0, len);
    }
    hssc_error poison = FUZZ_ERROR_POISON;
    *e = poison;
    hssc_code rc = hssc_request_decode(copy, len, 0, *scratch, len, out, e);
    if (rc == HSSC_OK) {
        fuzz_check_decoded(out, *scratch, len);
    } else {
        fuzz_check_error(rc, e, len);
    }
    fuzz_free(copy, len);
    return rc;
}

static void check_valid(hssc_request *r, const fuzz_buf *ref)
{
    hssc_error e = FUZZ_ERROR_POISON;
    size_t n = 0;
    FUZZ_CHECK(hssc_request_encode(r, 0, NULL, 0, &n, &e) == HSSC_OK);
    FUZZ_CHECK(n == ref->len);

    /* One byte short: too small, the size told, the buffer cleared. */
    char *small = malloc(n);
    FUZZ_CHECK(small != NULL);
    memset(small, 'x', n);
    size_t m = 0;
    FUZZ_CHECK(hssc_request_encode(r, 0, small, n, &m, &e) == HSSC_E_BUFFER_TOO_SMALL);
    FUZZ_CHECK(m == n && e.code == HSSC_E_BUFFER_TOO_SMALL && fuzz_all_zero(small, n));
    free(small);

    char *out = malloc(n + 1);
    FUZZ_CHECK(out != NULL);
    FUZZ_CHECK(hssc_request_encode(r, 0, out, n + 1, &m, &e) == HSSC_OK);
    FUZZ_CHECK(m == n && out[n] == '\0' && memcmp(out, ref->p, n) == 0);

    hssc_request back;
    char *scratch = NULL;
    FUZZ_CHECK(decode(out, n, &back, &scratch, &e) == HSSC_OK);
    FUZZ_CHECK(fuzz_same_request(r, &back));
    hssc_wipe(scratch, n);
    fuzz_block_put(SCRATCH_SLOT, scratch, n);
    hssc_wipe(out, n + 1);
    free(out);

    /* Redacted: the same request with "***" for the password. */
    size_t rn = 0;
    FUZZ_CHECK(hssc_request_encode(r, HSSC_REDACT, NULL, 0, &rn, &e) == HSSC_OK);
    char *red = malloc(rn + 1);
    FUZZ_CHECK(red != NULL);
    FUZZ_CHECK(hssc_request_encode(r, HSSC_REDACT, red, rn + 1, &m, &e) == HSSC_OK && m == rn);
    FUZZ_CHECK(decode(red, rn, &back, &scratch, &e) == HSSC_OK);
    FUZZ_CHECK(back.password.len == 3 && memcmp(back.password.ptr, "***", 3) == 0);
    hssc_request expect = *r;
    expect.password.ptr = "***";
    expect.password.len = 3;
    FUZZ_CHECK(fuzz_same_request(&expect, &back));
    fuzz_block_put(SCRATCH_SLOT, scratch, rn);
    free(red);
}

static void check_invalid(hssc_request *r, hssc_code vrc, const hssc_error *ve, const fuzz_buf *ref,
                          const size_t raw_at[FUZZ_MEMBER_COUNT])
{
    hssc_request back;
    char *scratch = NULL;
    hssc_error e;
    hssc_code rc = decode(ref->p, ref->len, &back, &scratch, &e);
    FUZZ_CHECK(rc == vrc && e.field == ve->field);
    size_t i = member_index(ve->field);
    const hssc_str *v = fuzz_member_ptr(r, i);
    if (vrc == HSSC_E_MISSING) {
        FUZZ_CHECK(v->ptr == NULL && e.offset == ref->len);
    } else {
        FUZZ_CHECK(e.offset == raw_at[i] + encoded_offset(v, ve->offset));
    }
    hssc_wipe(scratch, ref->len);
    fuzz_block_put(SCRATCH_SLOT, scratch, ref->len);
}

static hssc_str *request_member(void *r, size_t i)
{
    return fuzz_member_ptr(r, i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    unsigned absent = data[0];
    char *in = fuzz_copy(data + 1, size - 1);
    size_t len = size - 1;

    hssc_request r;
    memset(&r, 0, sizeof(r));
    fuzz_values vals;
    /* project_id (member 0) cannot be absent from a path. */
    fuzz_split(in, len, FUZZ_MEMBER_COUNT, request_member, &r, absent & ~1u, &vals);

    hssc_error ve = FUZZ_ERROR_POISON;
    hssc_code vrc = hssc_request_validate(&r, &ve);
    if (vrc != HSSC_OK) {
        fuzz_check_error(vrc, &ve, len);
    }

    /* The encoder's two modes give validate's verdict. */
    hssc_error ee = FUZZ_ERROR_POISON;
    size_t n = 12345;
    hssc_code erc = hssc_request_encode(&r, 0, NULL, 0, &n, &ee);
    FUZZ_CHECK(erc == vrc);
    if (vrc != HSSC_OK) {
        FUZZ_CHECK(n == 0 && ee.code == ve.code && ee.field == ve.field && ee.offset == ve.offset);
        char *out = fuzz_block_get(0, HSSC_REQUEST_ENCODED_MAX);
        memset(out, 'x', HSSC_REQUEST_ENCODED_MAX);
        erc = hssc_request_encode(&r, 0, out, HSSC_REQUEST_ENCODED_MAX, &n, &ee);
        FUZZ_CHECK(erc == vrc && n == 0 && fuzz_all_zero(out, HSSC_REQUEST_ENCODED_MAX));
        fuzz_block_put(0, out, HSSC_REQUEST_ENCODED_MAX);
    }

    size_t raw_at[FUZZ_MEMBER_COUNT];
    fuzz_buf ref = reference_target(&r, raw_at);
    if (vrc == HSSC_OK) {
        FUZZ_CHECK(ref.len < HSSC_REQUEST_ENCODED_MAX);
        check_valid(&r, &ref);
    } else if (ref.len <= HSSC_TARGET_MAX) {
        check_invalid(&r, vrc, &ve, &ref, raw_at);
    }
    free(ref.p);
    fuzz_values_free(&vals);
    fuzz_free(in, len);
    return 0;
}
