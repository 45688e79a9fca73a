/*
 * Shared by the Check suites: a main() that fails when no test ran (Check
 * exits 0 when CK_RUN_SUITE or CK_RUN_CASE names nothing), inputs placed
 * flush against a guard page, and an error assertion that checks the whole
 * triple.
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
#define ck_assert_error(rc, e, c, f, off)                                                          \
    do {                                                                                           \
        ck_assert_msg((rc) == (c) && (e).code == (c) && (e).field == (f) &&                        \
                          (e).offset == (size_t)(off),                                             \
                      "expected (%s, field %d, offset %zu), got rc %s (%s, field %d, offset %zu)", \
                      hssc_code_name(c), (int)(f), (size_t)(off), hssc_code_name(rc),              \
                      hssc_code_name((e).code), (int)(e).field, (e).offset);                       \
    } while (0)

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

#define HSSC_CHECK_MAIN(make_suite)                                                                \
    int main(void)                                                                                 \
    {                                                                                              \
        return hssc_run_suite(make_suite());                                                       \
    }

#endif
