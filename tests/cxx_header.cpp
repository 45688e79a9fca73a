// The public header must compile as C++ (extern "C", no C-only syntax, no
// member named like a C++ keyword) and link against the shared library.
// This file is C++ on purpose; the rest of the project is C11.
#include "hsscodec/hsscodec.h"

#include <cstdio>
#include <cstring>
#include <type_traits>

static_assert(std::is_standard_layout<hssc_request>::value, "hssc_request is a plain struct");
static_assert(std::is_standard_layout<hssc_error>::value, "hssc_error is a plain struct");
static_assert(HSSC_OK == 0, "HSSC_OK is 0");

static int fail(const char *what)
{
    std::fprintf(stderr, "cxx_header: %s\n", what);
    return 1;
}

int main()
{
    // HSSC_STR as an initializer and in a functional cast, and the C-string
    // helper: the public header's literal helpers work in C++11 too.
    hssc_request req = {HSSC_STR("p"), HSSC_STR("hub.docker.com"), {}, {}, {}, {}};
    req.namespace_ = hssc_str HSSC_STR("test");
    req.username = hssc_str_from_cstr("xxx");
    const hssc_str pw = HSSC_STR("xxxxxx");
    req.password = pw;
    if (req.registry_addr.len != 14 || req.username.len != 3 ||
        hssc_str_from_cstr(nullptr).ptr != nullptr || hssc_str_from_cstr(nullptr).len != 0) {
        return fail("HSSC_STR / hssc_str_from_cstr");
    }
    char out[HSSC_REQUEST_ENCODED_MAX];
    size_t n = 0;
    hssc_error err = {HSSC_OK, HSSC_FIELD_NONE, 0};
    if (hssc_request_encode(&req, HSSC_REDACT, out, sizeof(out), &n, &err) != HSSC_OK) {
        return fail("encode");
    }
    const char *want = "/v5/p/image/registries/image-upload-command?namespace=test&password=***"
                       "&registry_addr=hub.docker.com&username=xxx";
    if (n != std::strlen(want) || std::strcmp(out, want) != 0) {
        return fail("encoded target");
    }
    if (hssc_field_lookup("namespace", 9) != HSSC_FIELD_NAMESPACE) {
        return fail("lookup");
    }
    const hssc_field_info *info = hssc_field_get(HSSC_FIELD_PASSWORD);
    if (info == nullptr || info->secret != 1) {
        return fail("field table");
    }
    if (hssc_token_check("a b", 3, &err) != HSSC_E_TOKEN_CHAR || err.offset != 1) {
        return fail("token");
    }
    char line[128];
    hssc_error_format(&err, line, sizeof(line));
    if (std::strcmp(hssc_code_name(HSSC_E_TOKEN_CHAR), "HSSC_E_TOKEN_CHAR") != 0 ||
        std::strstr(line, "X-Auth-Token") == nullptr) {
        return fail("codes");
    }
    if (std::strcmp(hssc_version(), HSSC_VERSION_STRING) != 0) {
        return fail("version");
    }
    return 0;
}
