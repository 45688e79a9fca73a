/*
 * Shared by the suites of the JSON body decoders (test_response.c,
 * test_apierror.c): literal bodies, decoded strings, and tables of bodies
 * a decoder must refuse.
 */
#ifndef HSSC_TESTS_BODY_UTIL_H
#define HSSC_TESTS_BODY_UTIL_H

#include "check_util.h"

/* A string literal as (pointer, length), for decoder arguments and table
 * rows. */
#define S(lit) lit, sizeof(lit) - 1

/* s is exactly want, and NUL-terminated (decoded strings are). */
static inline int str_eq(hssc_str s, const char *want)
{
    return s.ptr != NULL && s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0 &&
           s.ptr[s.len] == '\0';
}

/* A body the decoder refuses with exactly (rc, field, offset). */
typedef struct reject_case {
    const char *in;
    size_t len;
    unsigned flags;
    hssc_code rc;
    hssc_field field;
    size_t offset;
} reject_case;

/* A suite's decoder, with the suite's own checks on every decode: the
 * code it returns, and the error in *e. */
typedef hssc_code (*body_decoder)(const char *body, size_t len, unsigned flags, hssc_error *e);

/* Row i of the table called table is refused as it says. */
static inline void body_rejected(const char *table, size_t i, const reject_case *c,
                                 body_decoder decode)
{
    hssc_error e;
    hssc_code rc = decode(c->in, c->len, c->flags, &e);
    ck_assert_error_row(table, i, rc, e, c->rc, c->field, c->offset);
}

/* Every row of the table is refused as it says. */
#define BODIES_REJECTED(cases, decode)                                                             \
    do {                                                                                           \
        for (size_t i_ = 0; i_ < HSSC_NELEM(cases); i_++) {                                        \
            body_rejected(#cases, i_, &(cases)[i_], (decode));                                     \
        }                                                                                          \
    } while (0)

#endif
