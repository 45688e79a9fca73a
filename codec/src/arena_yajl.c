/*
 * yajl on an arena: the yajl_alloc_funcs both the reader (yajl_alloc) and
 * the encoder (yajl_gen_alloc) run on.
 *
 * Floor 1: arena.c and yajl.
 */
#include <yajl/yajl_common.h>

#include "hssc_internal.h"

static void *arena_malloc_cb(void *ctx, size_t n)
{
    return hssc_arena_malloc((hssc_arena *)ctx, n);
}

static void *arena_realloc_cb(void *ctx, void *p, size_t n)
{
    return hssc_arena_realloc((hssc_arena *)ctx, p, n);
}

static void arena_free_cb(void *ctx, void *p)
{
    hssc_arena_free((hssc_arena *)ctx, p);
}

void hssc_arena_yajl_funcs(hssc_arena *a, void *out)
{
    yajl_alloc_funcs *f = (yajl_alloc_funcs *)out;
    f->malloc = arena_malloc_cb;
    f->realloc = arena_realloc_cb;
    f->free = arena_free_cb;
    f->ctx = a;
}
