/*
 * A bump allocator over caller memory. The dependencies' allocator hooks
 * (arena_uri.c, arena_yajl.c) point here, so decoding never reaches malloc.
 *
 * Floor 0: no other codec file, no dependency.
 */
#include <stdint.h>
#include <string.h>

#include "hssc_internal.h"

#define ALIGN 16u
#define HEADER ALIGN /* a block's size is stored in the 16 bytes before it */

void hssc_arena_init(hssc_arena *a, void *mem, size_t cap)
{
    /* Align the base; the few bytes lost are not worth tracking. */
    uintptr_t addr = (uintptr_t)mem;
    size_t skip = (size_t)((ALIGN - addr % ALIGN) % ALIGN);
    a->base = (unsigned char *)mem + (skip <= cap ? skip : cap);
    a->cap = skip <= cap ? cap - skip : 0;
    a->used = 0;
    a->last = SIZE_MAX;
    a->peak = 0;
    a->fails = 0;
}

static size_t round_up(size_t n)
{
    return (n + ALIGN - 1) / ALIGN * ALIGN;
}

void *hssc_arena_malloc(hssc_arena *a, size_t n)
{
    if (n > a->cap || round_up(n) + HEADER > a->cap - a->used) {
        a->fails++;
        return NULL;
    }
    size_t at = a->used;
    memcpy(a->base + at, &n, sizeof(n));
    a->last = at;
    a->used = at + HEADER + round_up(n);
    if (a->used > a->peak) {
        a->peak = a->used;
    }
    return a->base + at + HEADER;
}

static size_t block_size(const void *p)
{
    size_t n;
    memcpy(&n, (const unsigned char *)p - HEADER, sizeof(n));
    return n;
}

static int is_last(const hssc_arena *a, const void *p)
{
    return a->last != SIZE_MAX && (const unsigned char *)p == a->base + a->last + HEADER;
}

void *hssc_arena_realloc(hssc_arena *a, void *p, size_t n)
{
    if (p == NULL) {
        return hssc_arena_malloc(a, n);
    }
    size_t old = block_size(p);
    if (is_last(a, p) && n <= a->cap && round_up(n) <= a->cap - a->last - HEADER) {
        /* The most recent block grows (or shrinks) in place. */
        memcpy(a->base + a->last, &n, sizeof(n));
        a->used = a->last + HEADER + round_up(n);
        if (a->used > a->peak) {
            a->peak = a->used;
        }
        return p;
    }
    if (n <= old) {
        return p;
    }
    void *q = hssc_arena_malloc(a, n);
    if (q != NULL) {
        memcpy(q, p, old);
    }
    return q;
}

void hssc_arena_free(hssc_arena *a, void *p)
{
    /* Only the most recent block can be given back; the rest is reclaimed
     * when the arena goes. */
    if (p != NULL && is_last(a, p)) {
        a->used = a->last;
        a->last = SIZE_MAX;
    }
}
