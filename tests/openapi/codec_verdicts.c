/*
 * The codec's verdict on many inputs in one process, for
 * tests/openapi/test_openapi.py (which compares them with docs/openapi.yaml's
 * schemas). Reads records from standard input, each a line "MODE LENGTH\n"
 * followed by exactly LENGTH bytes, and writes one line per record:
 * "CODE_NAME FIELD OFFSET". Modes:
 *   ok          hssc_response_decode, flags 0 (a 200 body, strictly)
 *   ok-unknown  hssc_response_decode, HSSC_ALLOW_UNKNOWN
 *   error       hssc_api_error_decode, HSSC_ALLOW_UNKNOWN (as the CLI reads
 *               every error body)
 *   addr        hssc_registry_addr_check (a registry_addr value)
 *   field-N     hssc_field_check for the field numbered N
 * Bodies are capped at HSSC_BODY_MAX_DEFAULT, as the CLI's default. Each
 * input sits in an exactly sized heap block.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hsscodec/hsscodec.h"

/* One record: its verdict on stdout. Returns 0, or 2 for a malformed record. */
static int one(const char *mode, const char *in, size_t len, void *ok_ws, size_t ok_len,
               void *err_ws, size_t err_len)
{
    hssc_error e = {HSSC_OK, HSSC_FIELD_NONE, 0};
    hssc_code c;
    if (strcmp(mode, "ok") == 0 || strcmp(mode, "ok-unknown") == 0) {
        hssc_response r;
        c = hssc_response_decode(in, len, mode[2] == '-' ? HSSC_ALLOW_UNKNOWN : 0u,
                                 HSSC_BODY_MAX_DEFAULT, ok_ws, ok_len, &r, &e);
    } else if (strcmp(mode, "error") == 0) {
        hssc_api_error r;
        c = hssc_api_error_decode(in, len, HSSC_ALLOW_UNKNOWN, HSSC_BODY_MAX_DEFAULT, err_ws,
                                  err_len, &r, &e);
    } else if (strcmp(mode, "addr") == 0) {
        c = hssc_registry_addr_check(in, len, &e);
    } else if (strncmp(mode, "field-", 6) == 0) {
        char *end = NULL;
        long f = strtol(mode + 6, &end, 10);
        if (end == mode + 6 || *end != '\0' || f < 0 || f >= HSSC_FIELD_COUNT_) {
            return 2;
        }
        c = hssc_field_check((hssc_field)f, in, len, &e);
    } else {
        return 2;
    }
    printf("%s %d %zu\n", hssc_code_name(c), c == HSSC_OK ? 0 : (int)e.field,
           c == HSSC_OK ? (size_t)0 : e.offset);
    return 0;
}

int main(void)
{
    size_t ok_len = HSSC_RESPONSE_WORKSPACE_LEN(HSSC_BODY_MAX_DEFAULT);
    size_t err_len = HSSC_API_ERROR_WORKSPACE_LEN(HSSC_BODY_MAX_DEFAULT);
    void *ok_ws = malloc(ok_len);
    void *err_ws = malloc(err_len);
    char *in = NULL;
    int rc = ok_ws == NULL || err_ws == NULL ? 2 : 0;
    char mode[16];
    unsigned long len = 0;
    while (rc == 0 && scanf("%15s %lu", mode, &len) == 2) {
        in = getchar() == '\n' ? malloc(len > 0 ? len : 1) : NULL;
        if (in == NULL || fread(in, 1, len, stdin) != len) {
            rc = 2;
            break;
        }
        rc = one(mode, in, len, ok_ws, ok_len, err_ws, err_len);
        free(in);
        in = NULL;
    }
    free(in);
    free(ok_ws);
    free(err_ws);
    return rc != 0 || ferror(stdin) ? 2 : 0;
}
