/*
 * Regressions found by the fuzz targets (fuzz/, docs/fuzzing.md): one test
 * per finding, each named after it, each with its input also in corpus/.
 */
#include "check_util.h"

#define PATH "/v5/2b3c1f9a6d7e4c8b9a0f1e2d3c4b5a69/image/registries/image-upload-command"

/* fuzz_request_decode, corpus/fuzz_request_decode/c1-control: a failed
 * decode wiped only the decoded bytes of scratch, not the raw bytes that
 * percent-decoding in place had copied past them, so part of an escaped
 * password outlived the failure. */
START_TEST(decode_failure_leaves_no_raw_bytes_in_scratch)
{
    static const char target[] = PATH "?registry_addr=h&namespace=n&password=%41%42%43%44%45"
                                      "&username=%C2%80";
    size_t len = sizeof(target) - 1;
    char *in = guard_copy(target, len);
    char *scratch = calloc(len, 1);
    ck_assert_ptr_nonnull(scratch);
    hssc_request req;
    hssc_error e;
    hssc_code rc = hssc_request_decode(in, len, 0, scratch, len, &req, &e);
    ck_assert_error(rc, e, HSSC_E_CONTROL, HSSC_FIELD_USERNAME, len - 6);
    for (size_t i = 0; i < len; i++) {
        ck_assert_msg(scratch[i] == 0, "scratch byte %zu is 0x%02x after a failed decode", i,
                      (unsigned)(unsigned char)scratch[i]);
    }
    free(scratch);
    guard_free(in, len);
}
END_TEST

static Suite *fuzz_regressions_suite(void)
{
    Suite *s = suite_create("fuzz_regressions");
    TCase *tc = tcase_create("request_decode");
    tcase_add_test(tc, decode_failure_leaves_no_raw_bytes_in_scratch);
    suite_add_tcase(s, tc);
    return s;
}

HSSC_CHECK_MAIN(fuzz_regressions_suite)
