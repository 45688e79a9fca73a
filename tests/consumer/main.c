/*
 * A program outside the project, built against the installed library by
 * tests/install_test.sh (through pkg-config and through find_package, shared
 * and static) and run. It is also where the README's C examples come from:
 * tests/cli/test_docs.py checks that every C block of the README is cut
 * verbatim from this file, so each of them has compiled and run.
 */
#include <hsscodec/hsscodec.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what, const hssc_error *err)
{
    char msg[256];
    hssc_error_format(err, msg, sizeof(msg));
    fprintf(stderr, "consumer: %s: %s\n", what, msg);
    return 1;
}

static int encode(const char *pw)
{
    hssc_request req = {
        .project_id = HSSC_STR("2a473356cca5487f8373be891bffc1cf"),
        .registry_addr = HSSC_STR("hub.docker.com"),
        .namespace_ = HSSC_STR("test"),
        .username = HSSC_STR("xxx"),
        .password = hssc_str_from_cstr(pw), /* e.g. from getenv() */
        /* .enterprise_project_id left {NULL, 0}: not sent */
    };
    char target[HSSC_REQUEST_ENCODED_MAX];
    size_t len;
    hssc_error err;
    if (hssc_request_encode(&req, 0, target, sizeof(target), &len, &err) != HSSC_OK) {
        char msg[256];
        hssc_error_format(&err, msg, sizeof(msg)); /* "namespace: longer than ... at byte 130" */
        fprintf(stderr, "%s\n", msg);
        return 1;
    }
    /* ... send it ... */
    printf("%s\n", strstr(target, "?"));
    hssc_wipe(target, len); /* it holds the password */
    return 0;
}

static int decode_request(void)
{
    /* A request target captured from a proxy log or a HAR file. */
    static const char captured[] =
        "/v5/2a473356cca5487f8373be891bffc1cf/image/registries/image-upload-command"
        "?namespace=test&password=xx%21xx&registry_addr=hub.docker.com&username=xxx";
    char scratch[sizeof(captured)]; /* the decoded values land here */
    hssc_request req;
    hssc_error err;
    if (hssc_request_decode(captured, sizeof(captured) - 1, 0, scratch, sizeof(scratch), &req,
                            &err) != HSSC_OK) {
        return fail("request", &err); /* field, rule and byte offset, never a value */
    }
    printf("namespace=%.*s registry_addr=%.*s password=%zu bytes\n", (int)req.namespace_.len,
           req.namespace_.ptr, (int)req.registry_addr.len, req.registry_addr.ptr, req.password.len);
    hssc_wipe(scratch, sizeof(scratch)); /* it holds the decoded password */
    return 0;
}

static int decode_response(void)
{
    /* The spec's example 200 body. */
    static const char body[] = "{\"image_command\": \"docker load xxx\","
                               " \"images_download_url\": \"https://xxx.zip\","
                               " \"swr_image_pull_command\": \"docker pull xxx\"}";
    /* Enough for any body up to the default 64 KiB cap: about 145 KiB, so
     * not on a small stack. The decoded strings point into it. */
    size_t ws_len = HSSC_RESPONSE_WORKSPACE_LEN(HSSC_BODY_MAX_DEFAULT);
    void *ws = malloc(ws_len);
    hssc_response resp;
    hssc_error err;
    if (ws == NULL || hssc_response_decode(body, sizeof(body) - 1, 0, HSSC_BODY_MAX_DEFAULT, ws,
                                           ws_len, &resp, &err) != HSSC_OK) {
        free(ws);
        return ws == NULL ? 1 : fail("response", &err);
    }
    printf("image_command: %s\n", resp.image_command.ptr); /* NUL-terminated */
    printf("swr_image_pull_command: %s\n", resp.swr_image_pull_command.ptr);
    free(ws);
    return 0;
}

static int decode_error(void)
{
    /* Status >= 400: the gateway's nested form, with a key of its own. */
    static const char body[] = "{\"error\": {\"code\": \"APIGW.0301\", \"message\": "
                               "\"Incorrect IAM authentication information\"},"
                               " \"request_id\": \"1c5e0c8b\", \"title\": \"Unauthorized\"}";
    size_t ws_len = HSSC_API_ERROR_WORKSPACE_LEN(sizeof(body));
    void *ws = malloc(ws_len);
    hssc_api_error api;
    hssc_error err;
    if (ws == NULL || hssc_api_error_decode(body, sizeof(body) - 1, HSSC_ALLOW_UNKNOWN,
                                            sizeof(body), ws, ws_len, &api, &err) != HSSC_OK) {
        free(ws);
        return ws == NULL ? 1 : fail("error body", &err);
    }
    printf("%s: %s (request %s)\n", api.error_code.ptr, api.error_msg.ptr,
           api.request_id.ptr != NULL ? api.request_id.ptr : "-");
    free(ws);
    return 0;
}

/* A response that breaks the contract: the error names the field, the rule
 * and the byte offset. */
static int reject_response(void)
{
    static const char body[] = "{\"image_command\": \"a\", \"images_download_url\": "
                               "\"ftp://example.com/x\", \"swr_image_pull_command\": \"b\"}";
    static char ws[HSSC_RESPONSE_WORKSPACE_LEN(sizeof(body))];
    hssc_response resp;
    hssc_error err;
    if (hssc_response_decode(body, sizeof(body) - 1, 0, sizeof(body), ws, sizeof(ws), &resp,
                             &err) != HSSC_E_URL) {
        return 1;
    }
    char msg[256];
    hssc_error_format(&err, msg, sizeof(msg));
    printf("rejected: %s (%s)\n", msg, hssc_code_name(err.code));
    return err.field != HSSC_FIELD_IMAGES_DOWNLOAD_URL;
}

int main(void)
{
    printf("hsscodec %s\n", hssc_version());
    if (encode("xxxxxx") != 0 || decode_request() != 0 || decode_response() != 0 ||
        decode_error() != 0 || reject_response() != 0) {
        return 1;
    }
    return 0;
}
