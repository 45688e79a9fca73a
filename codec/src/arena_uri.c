/*
 * uriparser on an arena: its UriMemoryManager backed by hssc_arena, and the
 * one call that parses a URI that way.
 *
 * Floor 1: arena.c and uriparser.
 */
#include <stdint.h>
#include <string.h>

#include <uriparser/Uri.h>

#include "hssc_internal.h"

static void *mm_malloc(UriMemoryManager *mm, size_t n)
{
    return hssc_arena_malloc((hssc_arena *)mm->userData, n);
}

static void *mm_calloc(UriMemoryManager *mm, size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size) {
        return NULL;
    }
    void *p = hssc_arena_malloc((hssc_arena *)mm->userData, count * size);
    if (p != NULL) {
        memset(p, 0, count * size);
    }
    return p;
}

static void *mm_realloc(UriMemoryManager *mm, void *p, size_t n)
{
    return hssc_arena_realloc((hssc_arena *)mm->userData, p, n);
}

static void *mm_reallocarray(UriMemoryManager *mm, void *p, size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size) {
        return NULL;
    }
    return hssc_arena_realloc((hssc_arena *)mm->userData, p, count * size);
}

static void mm_free(UriMemoryManager *mm, void *p)
{
    hssc_arena_free((hssc_arena *)mm->userData, p);
}

void hssc_arena_uri_mm(hssc_arena *a, UriMemoryManager *mm)
{
    mm->malloc = mm_malloc;
    mm->calloc = mm_calloc;
    mm->realloc = mm_realloc;
    mm->reallocarray = mm_reallocarray;
    mm->free = mm_free;
    mm->userData = a;
}

int hssc_uri_parse(UriUriA *u, const char *s, size_t len, const char **errpos, hssc_arena *a,
                   void *mem, size_t cap, UriMemoryManager *mm)
{
    hssc_arena_init(a, mem, cap);
    hssc_arena_uri_mm(a, mm);
    *errpos = NULL;
    return uriParseSingleUriExMmA(u, s, s + len, errpos, mm);
}
