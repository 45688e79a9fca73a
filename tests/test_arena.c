/*
 * codec/src/arena.c, arena_uri.c: the bump allocator behind uriparser's
 * (and yajl's) allocator hooks.
 */
#include "check_util.h" /* first: it sets _DEFAULT_SOURCE */

#include <stdint.h>

#include <uriparser/Uri.h>

#include "hssc_internal.h"

static _Alignas(16) unsigned char mem[4096];

START_TEST(alignment)
{
    /* Whatever the base, every block is 16-byte aligned. */
    for (size_t skew = 0; skew < 16; skew++) {
        hssc_arena a;
        hssc_arena_init(&a, mem + skew, sizeof(mem) - skew);
        ck_assert_uint_eq((uintptr_t)a.base % 16, 0);
        ck_assert_uint_ge((uintptr_t)a.base, (uintptr_t)(mem + skew));
        ck_assert_uint_eq(a.used, 0);
        ck_assert_uint_eq(a.peak, 0);
        ck_assert_uint_eq(a.fails, 0);
        const size_t sizes[] = {0, 1, 7, 15, 16, 17, 31, 33, 100};
        unsigned char *prev = NULL;
        for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
            unsigned char *p = hssc_arena_malloc(&a, sizes[i]);
            ck_assert_ptr_nonnull(p);
            ck_assert_uint_eq((uintptr_t)p % 16, 0);
            ck_assert(p >= mem + skew && p + sizes[i] <= mem + sizeof(mem));
            if (prev != NULL) {
                ck_assert(p > prev); /* blocks do not overlap */
            }
            memset(p, 0xAB, sizes[i]);
            prev = p;
        }
    }
}
END_TEST

START_TEST(blocks_are_distinct)
{
    hssc_arena a;
    hssc_arena_init(&a, mem, sizeof(mem));
    unsigned char *p = hssc_arena_malloc(&a, 10);
    unsigned char *q = hssc_arena_malloc(&a, 10);
    memset(p, 1, 10);
    memset(q, 2, 10);
    for (size_t i = 0; i < 10; i++) {
        ck_assert_int_eq(p[i], 1);
    }
    /* 16 header + 16 rounded body each. */
    ck_assert_uint_eq((size_t)(q - p), 32);
    ck_assert_uint_eq(a.used, 64);
}
END_TEST

START_TEST(realloc_in_place)
{
    hssc_arena a;
    hssc_arena_init(&a, mem, sizeof(mem));
    (void)hssc_arena_malloc(&a, 8);
    unsigned char *p = hssc_arena_malloc(&a, 8);
    memcpy(p, "abcdefgh", 8);
    /* The last block grows in place... */
    unsigned char *q = hssc_arena_realloc(&a, p, 1000);
    ck_assert_ptr_eq(q, p);
    ck_assert_int_eq(memcmp(q, "abcdefgh", 8), 0);
    ck_assert_uint_eq(a.used, 32 + 16 + 1008);
    /* ...and shrinks in place, giving the space back. */
    q = hssc_arena_realloc(&a, p, 4);
    ck_assert_ptr_eq(q, p);
    ck_assert_uint_eq(a.used, 32 + 32);
    ck_assert_uint_eq(a.peak, 32 + 16 + 1008);
    /* realloc(NULL, n) is malloc. */
    unsigned char *r = hssc_arena_realloc(&a, NULL, 5);
    ck_assert_ptr_nonnull(r);
    ck_assert_ptr_eq(r, p + 32);
}
END_TEST

START_TEST(realloc_moves_older_block)
{
    hssc_arena a;
    hssc_arena_init(&a, mem, sizeof(mem));
    unsigned char *p = hssc_arena_malloc(&a, 16);
    memcpy(p, "0123456789abcdef", 16);
    unsigned char *other = hssc_arena_malloc(&a, 16);
    ck_assert_ptr_nonnull(other);
    /* Not the last block: a smaller size keeps it, a bigger one copies. */
    ck_assert_ptr_eq(hssc_arena_realloc(&a, p, 8), p);
    unsigned char *q = hssc_arena_realloc(&a, p, 64);
    ck_assert_ptr_nonnull(q);
    ck_assert_ptr_ne(q, p);
    ck_assert_int_eq(memcmp(q, "0123456789abcdef", 16), 0);
    ck_assert_uint_eq((uintptr_t)q % 16, 0);
    ck_assert(q > other);
}
END_TEST

START_TEST(free_last_only)
{
    hssc_arena a;
    hssc_arena_init(&a, mem, sizeof(mem));
    unsigned char *p = hssc_arena_malloc(&a, 100);
    size_t after_p = a.used;
    unsigned char *q = hssc_arena_malloc(&a, 100);
    size_t after_q = a.used;
    /* Freeing an older block reclaims nothing. */
    hssc_arena_free(&a, p);
    ck_assert_uint_eq(a.used, after_q);
    /* Freeing the last one gives its space back; the next malloc reuses it. */
    hssc_arena_free(&a, q);
    ck_assert_uint_eq(a.used, after_p);
    ck_assert_ptr_eq(hssc_arena_malloc(&a, 50), q);
    /* A second free of the same (no longer last-tracked) block is a no-op. */
    hssc_arena_free(&a, q);
    size_t used = a.used;
    hssc_arena_free(&a, q);
    ck_assert_uint_eq(a.used, used);
    hssc_arena_free(&a, NULL);
    ck_assert_uint_eq(a.used, used);
    ck_assert_uint_eq(a.peak, after_q);
}
END_TEST

START_TEST(exhaustion)
{
    hssc_arena a;
    hssc_arena_init(&a, mem, 256);
    ck_assert_uint_eq(a.cap, 256);
    /* 256 = 16 header + 240 body exactly. */
    ck_assert_ptr_null(hssc_arena_malloc(&a, 241));
    ck_assert_uint_eq(a.fails, 1);
    ck_assert_ptr_null(hssc_arena_malloc(&a, SIZE_MAX));
    ck_assert_ptr_null(hssc_arena_malloc(&a, SIZE_MAX - 8)); /* no wrap in rounding */
    ck_assert_uint_eq(a.fails, 3);
    ck_assert_uint_eq(a.used, 0);
    unsigned char *p = hssc_arena_malloc(&a, 240);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(a.used, 256);
    ck_assert_ptr_null(hssc_arena_malloc(&a, 0)); /* even a header does not fit */
    ck_assert_uint_eq(a.fails, 4);
    /* Growing the full last block fails and leaves it intact. */
    p[0] = 'x';
    ck_assert_ptr_null(hssc_arena_realloc(&a, p, 241));
    ck_assert_uint_eq(a.fails, 5);
    ck_assert_int_eq(p[0], 'x');
    ck_assert_uint_eq(a.used, 256);
    ck_assert_ptr_null(hssc_arena_realloc(&a, p, SIZE_MAX));
    ck_assert_uint_eq(a.fails, 6);
    ck_assert_uint_eq(a.peak, 256);
    /* An arena smaller than the alignment skip is empty, not negative. */
    hssc_arena tiny;
    hssc_arena_init(&tiny, mem + 1, 4);
    ck_assert_uint_eq(tiny.cap, 0);
    ck_assert_ptr_null(hssc_arena_malloc(&tiny, 0));
    ck_assert_uint_eq(tiny.fails, 1);
}
END_TEST

START_TEST(uri_memory_manager)
{
    /* The hooks uriparser gets: calloc zeroes, overflowing counts fail,
     * and a parse runs entirely inside the arena. */
    hssc_arena a;
    hssc_arena_init(&a, mem, sizeof(mem));
    UriMemoryManager mm;
    hssc_arena_uri_mm(&a, &mm);
    ck_assert_ptr_eq(mm.userData, &a);
    memset(mem, 0xFF, sizeof(mem));
    unsigned char *z = mm.calloc(&mm, 10, 3);
    ck_assert_ptr_nonnull(z);
    for (size_t i = 0; i < 30; i++) {
        ck_assert_int_eq(z[i], 0);
    }
    ck_assert_ptr_null(mm.calloc(&mm, SIZE_MAX / 2, 3));
    ck_assert_ptr_null(mm.reallocarray(&mm, z, SIZE_MAX / 2, 3));
    unsigned char *r = mm.reallocarray(&mm, z, 20, 3);
    ck_assert_ptr_eq(r, z); /* last block, in place */
    mm.free(&mm, r);
    ck_assert_uint_eq(a.used, 0);
    ck_assert_int_eq(uriTestMemoryManager(&mm), URI_SUCCESS);

    hssc_arena_init(&a, mem, sizeof(mem));
    UriUriA u;
    const char *text = "https://h:1/a/b/c?q#f";
    ck_assert_int_eq(uriParseSingleUriExMmA(&u, text, text + strlen(text), NULL, &mm), URI_SUCCESS);
    ck_assert_uint_gt(a.used, 0);
    ck_assert_uint_le(a.peak, sizeof(mem));
    uriFreeUriMembersMmA(&u, &mm);
    ck_assert_uint_eq(a.fails, 0);
}
END_TEST

static const hssc_row arena_rows[] = {
    HSSC_TCASE("arena", 0),
    HSSC_TEST(alignment),
    HSSC_TEST(blocks_are_distinct),
    HSSC_TEST(realloc_in_place),
    HSSC_TEST(realloc_moves_older_block),
    HSSC_TEST(free_last_only),
    HSSC_TEST(exhaustion),
    HSSC_TEST(uri_memory_manager),
};

HSSC_CHECK_MAIN("arena", arena_rows)
