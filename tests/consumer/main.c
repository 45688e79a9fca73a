/* A program outside the project, built against the installed library. */
#include <hsscodec/hsscodec.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    hssc_request req;
    memset(&req, 0, sizeof(req));
    req.project_id = (hssc_str){"p1", 2};
    req.registry_addr = (hssc_str){"hub.docker.com", 14};
    req.namespace_ = (hssc_str){"test", 4};
    req.username = (hssc_str){"xxx", 3};
    req.password = (hssc_str){"xxxxxx", 6};
    char out[HSSC_REQUEST_ENCODED_MAX];
    size_t len = 0;
    hssc_error err;
    if (hssc_request_encode(&req, HSSC_REDACT, out, sizeof(out), &len, &err) != HSSC_OK) {
        return 1;
    }
    printf("%s %s\n", hssc_version(), out);
    return strcmp(out, "/v5/p1/image/registries/image-upload-command?namespace=test&password=***"
                       "&registry_addr=hub.docker.com&username=xxx") != 0;
}
