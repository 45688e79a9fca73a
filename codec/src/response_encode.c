/*
 * The 200 body's canonical encoder (yajl_gen on an arena): the fields in
 * the table's order, compact, UTF-8 validated, '/' not escaped.
 *
 * Floor 5: field_check.c, arena_yajl.c, yajl.
 */
#include <string.h>

#include <yajl/yajl_gen.h>

#include "hssc_internal.h"

/* ---- the canonical encoder ---- */

/* yajl_gen's handle and its (unused) output buffer: under 1 KiB measured;
 * tests/test_response.c asserts the arena never fails. */
#define GEN_ARENA 2048u

/* Where yajl_gen's output goes: straight into the caller's buffer, counted
 * past its end so that a size query and a short buffer learn the size. */
typedef struct sink {
    char *out;
    size_t cap;
    size_t used;
} sink;

static void sink_print(void *ctx, const char *s, size_t n)
{
    sink *k = (sink *)ctx;
    if (k->out != NULL && k->used < k->cap && n <= k->cap - k->used) {
        memcpy(k->out + k->used, s, n);
    }
    k->used += n;
}

static hssc_code gen_ok(yajl_gen_status s, hssc_error *err)
{
    /* Validated input cannot make yajl_gen fail; if it ever does, say so
     * rather than write a broken body. */
    HSSC_ENSURE(s == yajl_gen_status_ok, err, HSSC_E_ARGUMENT, HSSC_FIELD_BODY, 0);
    return HSSC_OK;
}

static hssc_code gen_body(yajl_gen g, const hssc_response *resp, hssc_error *err)
{
    HSSC_GUARD(gen_ok(yajl_gen_map_open(g), err));
    for (hssc_field f = HSSC_FIELD_NONE; f < HSSC_FIELD_COUNT_; f++) {
        const hssc_str *v = hssc_response_field_const(resp, f);
        if (v == NULL) {
            continue; /* not a field of the 200 body */
        }
        const hssc_field_info *info = hssc_field_get(f);
        HSSC_GUARD(
            gen_ok(yajl_gen_string(g, (const unsigned char *)info->name, info->name_len), err));
        HSSC_GUARD(gen_ok(yajl_gen_string(g, (const unsigned char *)v->ptr, v->len), err));
    }
    return gen_ok(yajl_gen_map_close(g), err);
}

static hssc_code encode_checked(const hssc_response *resp, char *out, size_t cap, size_t *out_len,
                                hssc_arena *arena_out, hssc_error *err)
{
    HSSC_ENSURE(resp != NULL && out_len != NULL && (out != NULL || cap == 0), err, HSSC_E_ARGUMENT,
                HSSC_FIELD_BODY, 0);
    for (hssc_field f = HSSC_FIELD_NONE; f < HSSC_FIELD_COUNT_; f++) {
        const hssc_str *v = hssc_response_field_const(resp, f);
        if (v == NULL) {
            continue; /* not a field of the 200 body */
        }
        HSSC_ENSURE(v->ptr != NULL, err, HSSC_E_MISSING, f, 0);
        HSSC_GUARD(hssc_field_check(f, v->ptr, v->len, err));
    }

    _Alignas(16) unsigned char mem[GEN_ARENA];
    hssc_arena arena;
    hssc_arena_init(&arena, mem, sizeof(mem));
    yajl_alloc_funcs funcs;
    hssc_arena_yajl_funcs(&arena, &funcs);
    sink k = {out, cap, 0};
    yajl_gen g = yajl_gen_alloc(&funcs);
    HSSC_ENSURE(g != NULL, err, HSSC_E_WORKSPACE, HSSC_FIELD_BODY, 0);
    (void)yajl_gen_config(g, yajl_gen_beautify, 0);
    (void)yajl_gen_config(g, yajl_gen_validate_utf8, 1);
    (void)yajl_gen_config(g, yajl_gen_escape_solidus, 0);
    (void)yajl_gen_config(g, yajl_gen_print_callback, sink_print, &k);
    hssc_code rc = gen_body(g, resp, err);
    yajl_gen_free(g);
    if (arena_out != NULL) {
        *arena_out = arena;
    }
    HSSC_GUARD(rc);

    *out_len = k.used;
    if (out == NULL) {
        return HSSC_OK; /* size query */
    }
    HSSC_ENSURE(k.used < cap, err, HSSC_E_BUFFER_TOO_SMALL, HSSC_FIELD_NONE, cap);
    out[k.used] = '\0';
    return HSSC_OK;
}

hssc_code hssc_response_encode_arena(const hssc_response *resp, char *out, size_t cap,
                                     size_t *out_len, hssc_arena *arena_out, hssc_error *err)
{
    if (arena_out != NULL) {
        memset(arena_out, 0, sizeof(*arena_out));
    }
    hssc_code rc = encode_checked(resp, out, cap, out_len, arena_out, err);
    if (rc != HSSC_OK) {
        if (out != NULL && cap > 0) {
            memset(out, 0, cap);
        }
        if (out_len != NULL && rc != HSSC_E_BUFFER_TOO_SMALL) {
            *out_len = 0;
        }
    }
    return rc;
}

hssc_code hssc_response_encode(const hssc_response *resp, char *out, size_t cap, size_t *out_len,
                               hssc_error *err)
{
    return hssc_response_encode_arena(resp, out, cap, out_len, NULL, err);
}
