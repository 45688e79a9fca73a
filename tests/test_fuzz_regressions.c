/*
 * Regressions found by the fuzz targets (fuzz/, docs/fuzzing.md): one test
 * per finding, each named after it, each with its input also in corpus/.
 */
#include "check_util.h"

#define PATH "/v5/2b3c1f9a6d7e4c8b9a0f1e2d3c4b5a69/image/registries/image-upload-command"

/* fuzz_request_decode, corpus/fuzz_request_decode/regression-scratch-wipe: a failed
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

/* Decodes target (guard page, exactly sized scratch); returns the code. */
static hssc_code decode(const char *target, hssc_error *e)
{
    size_t len = strlen(target);
    char *in = guard_copy(target, len);
    char *scratch = calloc(len + 1, 1);
    ck_assert_ptr_nonnull(scratch);
    hssc_request req;
    hssc_code rc = hssc_request_decode(in, len, 0, scratch, len, &req, e);
    free(scratch);
    guard_free(in, len);
    return rc;
}

/* uriparser points an empty host and empty path segments at a static "X"
 * of its own, not into the input: offsets computed from those pointers were
 * garbage (far past the input). Found by all four targets at once
 * (corpus/fuzz_<target>/regression-empty-*). */
START_TEST(empty_host_offset_registry_addr)
{
    hssc_error e;
    char *in = guard_copy("/01.2.3.4/", 10);
    ck_assert_error(hssc_registry_addr_check(in, 10, &e), e, HSSC_E_ADDR_HOST,
                    HSSC_FIELD_REGISTRY_ADDR, 0);
    guard_free(in, 10);
    in = guard_copy("https:///", 9);
    ck_assert_error(hssc_registry_addr_check(in, 9, &e), e, HSSC_E_ADDR_HOST,
                    HSSC_FIELD_REGISTRY_ADDR, 8);
    guard_free(in, 9);
}
END_TEST

START_TEST(empty_host_offset_download_url)
{
    hssc_error e;
    char *in = guard_copy("https://", 8);
    ck_assert_error(hssc_field_check(HSSC_FIELD_IMAGES_DOWNLOAD_URL, in, 8, &e), e,
                    HSSC_E_ADDR_HOST, HSSC_FIELD_IMAGES_DOWNLOAD_URL, 8);
    guard_free(in, 8);
}
END_TEST

START_TEST(empty_host_offset_decode)
{
    hssc_error e;
    ck_assert_error(decode("https:///v5/p/image/registries/image-upload-command", &e), e,
                    HSSC_E_ADDR_HOST, HSSC_FIELD_TARGET, 8);
}
END_TEST

START_TEST(empty_segment_offsets_decode)
{
    hssc_error e;
    /* An empty segment where "image" belongs. */
    ck_assert_error(decode("/v5/p//registries/image-upload-command", &e), e, HSSC_E_PATH,
                    HSSC_FIELD_TARGET, 6);
    ck_assert_error(decode("https://h//v5/p/image/registries/image-upload-command", &e), e,
                    HSSC_E_PATH, HSSC_FIELD_TARGET, 10);
    ck_assert_error(decode("/v5/p/image/registries/image-upload-command/", &e), e, HSSC_E_PATH,
                    HSSC_FIELD_TARGET, 43);
    /* An empty project_id: too short, at its (empty) place. */
    ck_assert_error(decode("/v5//image/registries/image-upload-command"
                           "?registry_addr=h&namespace=n&username=u&password=p",
                           &e),
                    e, HSSC_E_TOO_SHORT, HSSC_FIELD_PROJECT_ID, 4);
}
END_TEST

static const hssc_row fuzz_regressions_rows[] = {
    HSSC_TCASE("request_decode", 0),
    HSSC_TEST(decode_failure_leaves_no_raw_bytes_in_scratch),
    HSSC_TEST(empty_host_offset_decode),
    HSSC_TEST(empty_segment_offsets_decode),
    HSSC_TCASE("authority", 0),
    HSSC_TEST(empty_host_offset_registry_addr),
    HSSC_TEST(empty_host_offset_download_url),
};

HSSC_CHECK_MAIN("fuzz_regressions", fuzz_regressions_rows)
