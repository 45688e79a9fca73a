/*
 * Shared by the Check suites: a main() that fails when no test ran (Check
 * exits 0 when CK_RUN_SUITE or CK_RUN_CASE names nothing), inputs placed
 * flush against a guard page, an error assertion that checks the whole
 * triple, and suites written as tables.
 */
#ifndef HSSC_TESTS_CHECK_UTIL_H
#define HSSC_TESTS_CHECK_UTIL_H

#define _DEFAULT_SOURCE
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hsscodec/hsscodec.h"

/* Copies len bytes so that the last one sits right before a PROT_NONE page:
 * any read past the end faults. Free with guard_free(). */
static inline char *guard_copy(const void *data, size_t len)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t body = (len + page - 1) / page * page;
    if (body == 0) {
        body = page;
    }
    unsigned char *base =
        mmap(NULL, body + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ck_assert_ptr_ne(base, MAP_FAILED);
    ck_assert_int_eq(mprotect(base + body, page, PROT_NONE), 0);
    char *p = (char *)base + body - len;
    if (len > 0) {
        memcpy(p, data, len);
    }
    return p;
}

static inline void guard_free(char *p, size_t len)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t body = (len + page - 1) / page * page;
    if (body == 0) {
        body = page;
    }
    unsigned char *base = (unsigned char *)p + len - body;
    munmap(base, body + page);
}

/* Asserts that rc and e hold exactly (code, field, offset). */
#define ck_assert_error(rc, e, c, f, off) ck_assert_error_row("", 0, rc, e, c, f, off)

/* The same for row `row` of the table called `table`, which the failure
 * message names ("" for none). */
#define ck_assert_error_row(table, row, rc, e, c, f, off)                                          \
    do {                                                                                           \
        ck_assert_msg((rc) == (c) && (e).code == (c) && (e).field == (f) &&                        \
                          (e).offset == (size_t)(off),                                             \
                      "%s[%zu]: expected (%s, field %d, offset %zu), got rc %s (%s, field %d, "    \
                      "offset %zu)",                                                               \
                      (table), (size_t)(row), hssc_code_name(c), (int)(f), (size_t)(off),          \
                      hssc_code_name(rc), hssc_code_name((e).code), (int)(e).field, (e).offset);   \
    } while (0)

/* A byte string of len bytes (it may hold NUL) and the (code, offset) a
 * check refuses it with. */
typedef struct hssc_bad_bytes {
    const char *v;
    size_t len;
    hssc_code code;
    size_t off;
} hssc_bad_bytes;

/* A request with the given fields (NULL: absent), in hssc_request's member
 * order: project_id, registry_addr, namespace_, username, password,
 * enterprise_project_id. */
static inline hssc_request hssc_request_of(const char *const v[6])
{
    hssc_request r = {
        .project_id = hssc_str_from_cstr(v[0]),
        .registry_addr = hssc_str_from_cstr(v[1]),
        .namespace_ = hssc_str_from_cstr(v[2]),
        .username = hssc_str_from_cstr(v[3]),
        .password = hssc_str_from_cstr(v[4]),
        .enterprise_project_id = hssc_str_from_cstr(v[5]),
    };
    return r;
}

/* A suite written as a table, one row per entry, run in the table's order:
 *   HSSC_TCASE(name, timeout)    opens a test case (timeout in seconds,
 *                                0: Check's default);
 *   HSSC_FIXTURE(setup, down)    gives it an unchecked fixture;
 *   HSSC_TEST(t)                 adds test t;
 *   HSSC_LOOP(t, n)              adds t as a loop test, _i = 0..n-1;
 *   HSSC_TEST_IF(t, wanted)      adds t when wanted() returns nonzero (it
 *                                says why on stderr when it does not). */
typedef struct {
    const char *tcase;
    int timeout;
    SFun setup, teardown;
    const TTest *const *test;
    int loop;
    int (*wanted)(void);
} hssc_row;

#define HSSC_TCASE(name, timeout)                                                                  \
    {                                                                                              \
        (name), (timeout), NULL, NULL, NULL, 0, NULL                                               \
    }
#define HSSC_FIXTURE(setup, down)                                                                  \
    {                                                                                              \
        NULL, 0, (setup), (down), NULL, 0, NULL                                                    \
    }
#define HSSC_TEST(t)                                                                               \
    {                                                                                              \
        NULL, 0, NULL, NULL, &(t), 0, NULL                                                         \
    }
#define HSSC_LOOP(t, n)                                                                            \
    {                                                                                              \
        NULL, 0, NULL, NULL, &(t), (int)(n), NULL                                                  \
    }
#define HSSC_TEST_IF(t, wanted)                                                                    \
    {                                                                                              \
        NULL, 0, NULL, NULL, &(t), 0, (wanted)                                                     \
    }

/* The number of elements of an array. */
#define HSSC_NELEM(a) (sizeof(a) / sizeof((a)[0]))

static inline Suite *hssc_suite(const char *name, const hssc_row *rows, size_t n)
{
    Suite *s = suite_create(name);
    TCase *tc = NULL;
    for (size_t i = 0; i < n; i++) {
        const hssc_row *r = &rows[i];
        if (r->tcase != NULL) {
            tc = tcase_create(r->tcase);
            if (r->timeout > 0) {
                tcase_set_timeout(tc, r->timeout);
            }
            suite_add_tcase(s, tc);
            continue;
        }
        if (tc == NULL) {
            fprintf(stderr, "suite %s: row %zu comes before any HSSC_TCASE\n", name, i);
            abort();
        }
        if (r->setup != NULL || r->teardown != NULL) {
            tcase_add_unchecked_fixture(tc, r->setup, r->teardown);
        } else if (r->wanted != NULL && !r->wanted()) {
            continue;
        } else if (r->loop > 0) {
            tcase_add_loop_test(tc, *r->test, 0, r->loop);
        } else {
            tcase_add_test(tc, *r->test);
        }
    }
    return s;
}

/* Runs the suite; exit status 1 on any failure or when nothing ran. */
static inline int hssc_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int ran = srunner_ntests_run(sr);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    if (ran == 0) {
        fprintf(stderr, "no test ran: does CK_RUN_SUITE/CK_RUN_CASE name a suite/case here?\n");
        return EXIT_FAILURE;
    }
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* main() for the suite called name whose table is rows (an array). */
#define HSSC_CHECK_MAIN(name, rows)                                                                \
    int main(void)                                                                                 \
    {                                                                                              \
        return hssc_run_suite(hssc_suite((name), (rows), HSSC_NELEM(rows)));                       \
    }

#endif
