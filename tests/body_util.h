/*
 * Shared by the suites of the JSON body decoders (test_response.c,
 * test_apierror.c): literal bodies, decoded strings, and tables of bodies
 * a decoder must refuse.
 */
#ifndef HSSC_TESTS_BODY_UTIL_H
#define HSSC_TESTS_BODY_UTIL_H

#include "check_util.h"
#include "hssc_internal.h"

/* A string literal as (pointer, length), for decoder arguments and table
 * rows. */
#define S(lit) lit, sizeof(lit) - 1

/* s is exactly want, and NUL-terminated (decoded strings are). */
static inline int str_eq(hssc_str s, const char *want)
{
    return s.ptr != NULL && s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0 &&
           s.ptr[s.len] == '\0';
}

/* A body decoded as doc into *decoded was accepted (rc, *e), and each
 * fields[i] whose want[i] is not NULL holds exactly want[i]. */
static inline void body_accepted(const hssc_json_doc *doc, hssc_code rc, const hssc_error *e,
                                 void *decoded, const hssc_field fields[3],
                                 const char *const want[3])
{
    ck_assert_msg(rc == HSSC_OK, "%s at %zu", hssc_code_name(rc), e->offset);
    for (size_t i = 0; i < 3; i++) {
        if (want[i] != NULL) {
            ck_assert_msg(str_eq(*doc->member(decoded, fields[i]), want[i]), "%s is not \"%s\"",
                          hssc_field_get(fields[i])->name, want[i]);
        }
    }
}

/* body_accepted for an outcome o with members rc, e and r. */
#define BODY_ACCEPTED(doc, o, fields, ...)                                                         \
    body_accepted((doc), (o).rc, &(o).e, &(o).r, (fields), (const char *const[]){__VA_ARGS__})

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

/* HSSC_BODY_MAX_DEFAULT, the cap decode applies: valid (n bytes) padded
 * with blanks to exactly the cap is accepted, one byte more is refused at
 * the cap. Returns the padded body (cap + 1 bytes) for more checks; free
 * it. */
static inline char *body_cap_checked(body_decoder decode, const char *valid, size_t n)
{
    size_t cap = HSSC_BODY_MAX_DEFAULT;
    char *body = malloc(cap + 1);
    ck_assert_ptr_nonnull(body);
    memset(body, ' ', cap + 1);
    memcpy(body, valid, n);
    hssc_error e;
    hssc_code rc = decode(body, cap, 0, &e);
    ck_assert_int_eq(rc, HSSC_OK);
    rc = decode(body, cap + 1, 0, &e);
    ck_assert_error(rc, e, HSSC_E_BODY_TOO_LARGE, HSSC_FIELD_BODY, cap);
    return body;
}

/* Every row of the table is refused as it says. */
#define BODIES_REJECTED(cases, decode)                                                             \
    do {                                                                                           \
        for (size_t i_ = 0; i_ < HSSC_NELEM(cases); i_++) {                                        \
            body_rejected(#cases, i_, &(cases)[i_], (decode));                                     \
        }                                                                                          \
    } while (0)

#endif
