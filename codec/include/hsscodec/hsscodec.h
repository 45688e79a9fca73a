/*
 * hsscodec: a strict codec for one Huawei Cloud API, Host Security Service v5
 * "ShowImageUploadCommand":
 *
 *     GET /v5/{project_id}/image/registries/image-upload-command
 *         ?enterprise_project_id=..&namespace=..&password=..&registry_addr=..&username=..
 *     X-Auth-Token: <token>
 *
 * This is the only public header. Everything here is C11 and C++ safe.
 *
 * Conventions, which hold for every function below unless it says otherwise:
 *
 *  - Strings are (pointer, length) pairs. A length of 0 means an empty
 *    string, never "call strlen". Input is never assumed NUL-terminated,
 *    and may contain NUL bytes (which the codec rejects where a rule says so).
 *  - The library has no global state, does no I/O, never prints, never
 *    aborts and never calls exit(). It is safe to call from any number of
 *    threads at once as long as they do not share output buffers.
 *  - Encoders write into caller-owned buffers. Passing out == NULL (with
 *    cap == 0) asks for the size only: the function then validates the input,
 *    stores the number of bytes it would write (without the terminating NUL)
 *    in *out_len and returns HSSC_OK. When the buffer is too small the
 *    function returns HSSC_E_BUFFER_TOO_SMALL and *out_len is the size that
 *    is needed. Encoders always NUL-terminate on success, so cap must be at
 *    least *out_len + 1. On any failure the output buffer is cleared (when
 *    cap > 0) and, except for HSSC_E_BUFFER_TOO_SMALL, *out_len is 0.
 *  - Every function returns an hssc_code (HSSC_OK == 0 on success) and, when
 *    err is not NULL, fills *err with the triple (code, field, byte offset).
 *    Error descriptions are static strings: they never contain input bytes,
 *    so they never contain a secret.
 *  - Secrets (the registry password, the token) may end up in buffers the
 *    caller owns (encoded requests, decoded requests). Wipe them with
 *    hssc_wipe() before releasing that memory.
 */
#ifndef HSSCODEC_HSSCODEC_H
#define HSSCODEC_HSSCODEC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Version of this header; hssc_version() gives that of the linked library. */
#define HSSC_VERSION_MAJOR 0
#define HSSC_VERSION_MINOR 1
#define HSSC_VERSION_PATCH 0
#define HSSC_VERSION_STRING "0.1.0"

/* HSSC_API marks the exported functions of the shared library; everything
 * else is hidden. Static builds and consumers see an empty macro. */
#if defined(HSSC_BUILDING_SHARED) && (defined(__GNUC__) || defined(__clang__))
#define HSSC_API __attribute__((visibility("default")))
#else
#define HSSC_API
#endif

/* Status returns must be looked at. */
#if defined(__GNUC__) || defined(__clang__)
#define HSSC_WUR __attribute__((warn_unused_result))
#else
#define HSSC_WUR
#endif

/* ------------------------------------------------------------------------ */
/* Errors                                                                    */
/* ------------------------------------------------------------------------ */

/*
 * The error codes, as one table: X(symbol, number, reason). Numbers are part
 * of the ABI: they are append-only, never renumbered, never reused. A retired
 * code stays as HSSC_E_OBSOLETEnn.
 */
#define HSSC_ERROR_TABLE(X)                                                                        \
    X(HSSC_OK, 0, "no error")                                                                      \
    X(HSSC_E_ARGUMENT, 1, "invalid argument (NULL pointer or bad option)")                         \
    X(HSSC_E_BUFFER_TOO_SMALL, 2, "output buffer too small")                                       \
    X(HSSC_E_MISSING, 3, "required field is missing")                                              \
    X(HSSC_E_TOO_SHORT, 4, "shorter than the field's minimum length")                              \
    X(HSSC_E_TOO_LONG, 5, "longer than the field's maximum length")                                \
    X(HSSC_E_UTF8, 6, "invalid UTF-8")                                                             \
    X(HSSC_E_CONTROL, 7, "control character (C0, DEL or C1) not allowed")                          \
    X(HSSC_E_DOT_SEGMENT, 8, "'.' and '..' are not allowed as a path segment")                     \
    X(HSSC_E_ADDR_SYNTAX, 9, "not a host, host:port or IP literal")                                \
    X(HSSC_E_ADDR_SCHEME, 10, "scheme must be http:// or https://")                                \
    X(HSSC_E_ADDR_USERINFO, 11, "user information (user:password@) not allowed")                   \
    X(HSSC_E_ADDR_PATH, 12, "path beyond a single '/' not allowed")                                \
    X(HSSC_E_ADDR_QUERY, 13, "query not allowed")                                                  \
    X(HSSC_E_ADDR_FRAGMENT, 14, "fragment not allowed")                                            \
    X(HSSC_E_ADDR_HOST, 15,                                                                        \
      "host name is not RFC 1123 (labels of 1..63 letters, digits, hyphens; at most 253)")         \
    X(HSSC_E_ADDR_PORT, 16, "port must be a number from 1 to 65535")                               \
    X(HSSC_E_TOKEN_CHAR, 17, "only visible ASCII (0x21..0x7E) is allowed")                         \
    X(HSSC_E_ESCAPE, 18, "malformed percent escape (needs '%' and two hex digits)")                \
    X(HSSC_E_DUPLICATE, 19, "parameter or key given more than once")                               \
    X(HSSC_E_UNKNOWN, 20, "unknown parameter or key")                                              \
    X(HSSC_E_FRAGMENT, 21, "fragment ('#') in a request target")                                   \
    X(HSSC_E_TARGET_TOO_LONG, 22, "request target longer than 16 KiB")                             \
    X(HSSC_E_PATH, 23, "path is not /v5/{project_id}/image/registries/image-upload-command")       \
    X(HSSC_E_ENDPOINT, 24,                                                                         \
      "endpoint must be https://host[:port] without path, query or user information")              \
    X(HSSC_E_HTTP_NOT_ALLOWED, 25, "plain http:// endpoint not allowed without HSSC_ALLOW_HTTP")   \
    X(HSSC_E_BODY_TOO_LARGE, 26, "body larger than the size cap")                                  \
    X(HSSC_E_JSON_SYNTAX, 27, "JSON syntax error")                                                 \
    X(HSSC_E_JSON_TYPE, 28, "JSON value has the wrong type for this key")                          \
    X(HSSC_E_JSON_NOT_OBJECT, 29, "top-level JSON value is not an object")                         \
    X(HSSC_E_JSON_DEPTH, 30, "JSON nesting deeper than 64")                                        \
    X(HSSC_E_JSON_NUL, 31, "\\u0000 escape not allowed")                                           \
    X(HSSC_E_JSON_SURROGATE, 32, "lone or mis-paired surrogate escape")                            \
    X(HSSC_E_URL, 33,                                                                              \
      "not an absolute http:// or https:// URL with a host and no user information")               \
    X(HSSC_E_NOT_JSON, 34, "body is not JSON (e.g. an HTML page from a proxy)")                    \
    X(HSSC_E_WORKSPACE, 35, "workspace too small")                                                 \
    X(HSSC_E_CODE_FORMAT, 36, "error code is not of the form HSS.0001 / APIG.0301")                \
    X(HSSC_E_SCHEME, 37, "request URL scheme must be http or https")                               \
    X(HSSC_E_SYNTAX, 38, "not a valid request target or URL")                                      \
    X(HSSC_E_SDK_DATE, 39, "X-Sdk-Date is not a real UTC date and time written YYYYMMDDTHHMMSSZ")  \
    X(HSSC_E_AUTH_SCHEME, 40,                                                                      \
      "Authorization does not start with the algorithm SDK-HMAC-SHA256 and one space")             \
    X(HSSC_E_AUTH_SYNTAX, 41,                                                                      \
      "Authorization is not 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=list, Signature=hex'")       \
    X(HSSC_E_SIGNED_HEADERS, 42,                                                                   \
      "SignedHeaders is not a ';'-list of distinct lower-case header names in ascending order")    \
    X(HSSC_E_SIGNATURE, 43, "Signature is not 64 lower-case hex digits")                           \
    X(HSSC_E_HEADER_NAME, 44,                                                                      \
      "not a valid header name (an RFC 9110 token), or one the signer sets itself")                \
    X(HSSC_E_NOT_SIGNABLE, 45, "SignedHeaders names a header the request does not carry")          \
    X(HSSC_E_METHOD, 46, "method must be 1..16 upper-case letters (GET, POST, ...)")               \
    X(HSSC_E_ACCESS_KEY_CHAR, 47,                                                                  \
      "access key may hold only letters, digits, '-', '.', '_' and '~'")                           \
    X(HSSC_E_CRYPTO, 48, "the crypto library (OpenSSL libcrypto) failed")                          \
    X(HSSC_E_NOT_HAR, 49, "not a HAR file: no log object with an entries array")                   \
    X(HSSC_E_HAR_TYPE, 50, "HAR member has the wrong JSON type")                                   \
    X(HSSC_E_NOT_GET, 51, "method is not GET")                                                     \
    X(HSSC_E_STATUS, 52, "response status is neither 200 nor an error (>= 400)")                   \
    X(HSSC_E_CONTENT_TYPE, 53, "Content-Type of a 200 answer is not application/json")             \
    X(HSSC_E_BASE64, 54, "content.text is not valid base64")                                       \
    X(HSSC_E_QUERY_MISMATCH, 55, "queryString does not agree with the URL's query")                \
    X(HSSC_E_HAR_STRING, 56,                                                                       \
      "string holds a \\u0000 or lone surrogate escape, so its value is not what was sent")        \
    X(HSSC_E_NOT_CAPTURED, 57,                                                                     \
      "not in the capture (exporters strip it, or the call never completed)")                      \
    X(HSSC_E_HAR_ENCODING, 58, "content.encoding is neither absent nor \"base64\"")                \
    X(HSSC_E_BOM, 59,                                                                              \
      "starts with a UTF-8 byte order mark (EF BB BF), not allowed before JSON text")              \
    X(HSSC_E_GZIP, 60, "gzip-compressed (magic number 1F 8B): decompress it first")                \
    X(HSSC_E_STATUS_LINE, 61,                                                                      \
      "starts with an HTTP status line: a whole response message, not its body")                   \
    X(HSSC_E_HTML, 62, "an HTML page (e.g. from a proxy or a login portal), not JSON")             \
    X(HSSC_E_HTTP_MESSAGE, 63,                                                                     \
      "not an HTTP/1.1 message: a request or status line, header lines, a blank line")             \
    X(HSSC_E_HEADER_MISSING, 64, "neither X-Auth-Token nor Authorization with X-Sdk-Date")

typedef enum hssc_code {
#define HSSC_X_ENUM(sym, num, reason) sym = num,
    HSSC_ERROR_TABLE(HSSC_X_ENUM)
#undef HSSC_X_ENUM
    HSSC_CODE_END_ /* one past the last code; not a code */
} hssc_code;

/*
 * The fields: those of the API (path, query, header, response, error body)
 * and a few pseudo-fields that name a whole input (the request target, a
 * body, an endpoint). Values are append-only, like error codes.
 */
typedef enum hssc_field {
    HSSC_FIELD_NONE = 0,                    /* error not tied to a field */
    HSSC_FIELD_PROJECT_ID = 1,              /* path segment */
    HSSC_FIELD_REGISTRY_ADDR = 2,           /* query */
    HSSC_FIELD_NAMESPACE = 3,               /* query */
    HSSC_FIELD_USERNAME = 4,                /* query */
    HSSC_FIELD_PASSWORD = 5,                /* query, secret */
    HSSC_FIELD_ENTERPRISE_PROJECT_ID = 6,   /* query, optional */
    HSSC_FIELD_X_AUTH_TOKEN = 7,            /* header, secret */
    HSSC_FIELD_IMAGE_COMMAND = 8,           /* 200 response */
    HSSC_FIELD_IMAGES_DOWNLOAD_URL = 9,     /* 200 response */
    HSSC_FIELD_SWR_IMAGE_PULL_COMMAND = 10, /* 200 response */
    HSSC_FIELD_ERROR_CODE = 11,             /* error body */
    HSSC_FIELD_ERROR_MSG = 12,              /* error body */
    HSSC_FIELD_REQUEST_ID = 13,             /* error body, optional */
    HSSC_FIELD_TARGET = 14,                 /* pseudo: a captured request target / URL */
    HSSC_FIELD_BODY = 15,                   /* pseudo: a response or error body */
    HSSC_FIELD_ENDPOINT = 16,               /* pseudo: the endpoint of a full URL */
    HSSC_FIELD_X_SDK_DATE = 17,             /* header: AK/SK signing time */
    HSSC_FIELD_ACCESS_KEY = 18,             /* credential: AK (sent inside Authorization) */
    HSSC_FIELD_SECRET_KEY = 19,             /* credential: SK, secret, never sent */
    HSSC_FIELD_X_SECURITY_TOKEN = 20,       /* header, secret: temporary credentials */
    HSSC_FIELD_AUTHORIZATION = 21,          /* header, secret (a replayable signature) */
    HSSC_FIELD_HOST = 22,                   /* header: host[:port] */
    HSSC_FIELD_METHOD = 23,                 /* pseudo: the HTTP method to sign */
    HSSC_FIELD_HEADER = 24,                 /* pseudo: an extra header given to the signer */
    HSSC_FIELD_SIGNED_HEADERS = 25,         /* pseudo: the list of headers to sign */
    HSSC_FIELD_COUNT_                       /* one past the last field */
} hssc_field;

/* Where a field lives. */
typedef enum hssc_location {
    HSSC_LOC_NONE = 0, /* pseudo-field */
    HSSC_LOC_PATH = 1,
    HSSC_LOC_QUERY = 2,
    HSSC_LOC_HEADER = 3,
    HSSC_LOC_RESPONSE = 4,
    HSSC_LOC_ERROR_BODY = 5,
    HSSC_LOC_CREDENTIAL = 6 /* given to the signer, never sent as such */
} hssc_location;

/* The extra rule a field has beyond length, UTF-8 and control characters. */
typedef enum hssc_rule {
    HSSC_RULE_NONE = 0,
    HSSC_RULE_PATH_SEGMENT = 1,  /* '.' and '..' rejected */
    HSSC_RULE_REGISTRY_ADDR = 2, /* see hssc_registry_addr_check() */
    HSSC_RULE_TOKEN = 3,         /* visible ASCII only */
    HSSC_RULE_HTTP_URL = 4,      /* absolute http(s) URL, host, no userinfo */
    HSSC_RULE_ERROR_CODE = 5,    /* HSS.0001, APIG.0301, APIGW.0301 */
    HSSC_RULE_SDK_DATE = 6,      /* see hssc_sdk_date_check() */
    HSSC_RULE_VISIBLE = 7,       /* visible ASCII only (0x21..0x7E), like the token */
    HSSC_RULE_ACCESS_KEY = 8,    /* RFC 3986 unreserved bytes only */
    HSSC_RULE_AUTHORIZATION = 9, /* see hssc_authorization_parse() */
    HSSC_RULE_HOST = 10,         /* host[:port], no scheme, path or user information */
    HSSC_RULE_PROSE = 11         /* the gateway's prose: valid UTF-8 where control
                                   * characters (a newline is common) are allowed;
                                   * print it escaped, never raw */
} hssc_rule;

/* One row of the field table (DESIGN.md). Lengths are in characters
 * (Unicode scalar values of valid UTF-8). */
typedef struct hssc_field_info {
    const char *name; /* wire name, NUL-terminated, e.g. "registry_addr" */
    size_t name_len;
    hssc_location location;
    int required; /* 1 required, 0 optional */
    size_t min_chars;
    size_t max_chars;
    hssc_rule rule;
    int secret; /* 1: never print, log or leave in freed memory */
} hssc_field_info;

/*
 * An error: what went wrong (code), where (field), and the byte offset into
 * the input that the failing function was given (for a field checked on its
 * own: into that field's value; for a request target or body: into the
 * whole target or body). When the code has no position (e.g. a missing
 * field) the offset is the length of the input, i.e. "at the end".
 */
typedef struct hssc_error {
    hssc_code code;
    hssc_field field;
    size_t offset;
} hssc_error;

/* OUT: static, NUL-terminated description of a code ("unknown error code"
 * for a number not in the table). Never contains input. */
HSSC_API const char *hssc_code_reason(hssc_code code);

/* OUT: static symbol of a code, e.g. "HSSC_E_TOO_LONG". */
HSSC_API const char *hssc_code_name(hssc_code code);

/* OUT: the table row for a field, or NULL for an out-of-range value. */
HSSC_API const hssc_field_info *hssc_field_get(hssc_field field);

/* OUT: the field whose wire name is exactly (name, len), or HSSC_FIELD_NONE. */
HSSC_API hssc_field hssc_field_lookup(const char *name, size_t len);

/*
 * Formats an error as one line a person can act on, e.g.
 *     namespace: longer than the field's maximum length (128 characters) at byte 130
 * into out (cap bytes, always NUL-terminated when cap > 0, truncated if
 * needed). Returns the length it wanted to write, like snprintf. Contains no
 * input bytes.
 */
HSSC_API size_t hssc_error_format(const hssc_error *err, char *out, size_t cap);

/* Library version, e.g. "0.1.0". */
HSSC_API const char *hssc_version(void);

/* Overwrites len bytes at p with zeros in a way the compiler cannot remove
 * (explicit_bzero). p may be NULL when len is 0. */
HSSC_API void hssc_wipe(void *p, size_t len);

/* ------------------------------------------------------------------------ */
/* Single values                                                             */
/* ------------------------------------------------------------------------ */

/*
 * Checks one value against its row of the field table: valid UTF-8, no
 * control characters, min..max characters, and the field's extra rule.
 * Offsets in *err are into value. HSSC_E_ARGUMENT for a pseudo-field.
 */
HSSC_API HSSC_WUR hssc_code hssc_field_check(hssc_field field, const char *value, size_t len,
                                             hssc_error *err);

/*
 * Checks a registry address (field registry_addr). Accepted:
 *     host, host:port, a.b.c.d, a.b.c.d:port, [v6], [v6]:port,
 * each optionally behind http:// or https:// and optionally followed by one
 * '/'. host is RFC 1123 (labels 1..63 of letters, digits and '-', no '-' at
 * either end, at most 253 characters, one optional trailing dot); port is
 * 1..65535 in decimal. Everything else, including user information, paths,
 * queries, fragments and whitespace, is rejected. Also checks length (1..256)
 * and characters, like hssc_field_check().
 */
HSSC_API HSSC_WUR hssc_code hssc_registry_addr_check(const char *value, size_t len,
                                                     hssc_error *err);

/* Checks an X-Auth-Token value: 1..32768 bytes of visible ASCII
 * (0x21..0x7E). The offset of an error is that of the first bad byte. */
HSSC_API HSSC_WUR hssc_code hssc_token_check(const char *token, size_t len, hssc_error *err);

/* ------------------------------------------------------------------------ */
/* Requests                                                                  */
/* ------------------------------------------------------------------------ */

/* A string span. ptr == NULL means "absent" (only meaningful for optional
 * fields); ptr != NULL with len == 0 is an empty string. */
typedef struct hssc_str {
    const char *ptr;
    size_t len;
} hssc_str;

/*
 * HSSC_STR("literal"): an hssc_str for a string literal, its length counted
 * by the compiler ({"hub.docker.com", 14}); an embedded "\0" counts, the
 * terminating NUL does not. Anything but a string literal fails to compile.
 * It is a brace initializer, so it goes where an initializer goes, in C and
 * in C++ alike:
 *     hssc_str ns = HSSC_STR("test");
 *     hssc_request req = {.namespace_ = HSSC_STR("test"), ...};   (C)
 * For an assignment, C writes a compound literal and C++ a functional cast:
 *     req.namespace_ = (hssc_str)HSSC_STR("test");                (C)
 *     req.namespace_ = hssc_str HSSC_STR("test");                 (C++)
 */
#define HSSC_STR(lit)                                                                              \
    {                                                                                              \
        "" lit "", sizeof("" lit "") - 1u                                                          \
    }

/*
 * A NUL-terminated C string as an hssc_str, its length up to the first NUL.
 * NULL gives {NULL, 0}, i.e. "absent" (an optional field not sent); "" gives
 * an empty string. The span points into s: keep s alive while it is used.
 */
static inline hssc_str hssc_str_from_cstr(const char *s)
{
    hssc_str v;
    size_t n = 0;
    if (s != NULL) {
        while (s[n] != '\0') {
            n++;
        }
    }
    v.ptr = s;
    v.len = n;
    return v;
}

/* The request's parameters. Named after the wire names, except
 * namespace_ (a C++ keyword without the underscore). */
typedef struct hssc_request {
    hssc_str project_id;            /* IN: required, 1..256 */
    hssc_str registry_addr;         /* IN: required, 1..256, see hssc_registry_addr_check */
    hssc_str namespace_;            /* IN: required, 1..128 */
    hssc_str username;              /* IN: required, 1..128 */
    hssc_str password;              /* IN: required, 1..128, secret */
    hssc_str enterprise_project_id; /* IN: optional (ptr NULL: not sent), 1..256 */
} hssc_request;

/* Flags for the request functions. */
#define HSSC_ALLOW_UNKNOWN 0x1u /* decode: skip unknown query parameters / JSON keys */
#define HSSC_ALLOW_HTTP 0x2u    /* encode_url: accept an http:// endpoint */
#define HSSC_REDACT                                                                                \
    0x4u /* encode, encode_url: write every secret value
                                 * as the three bytes "***" (for display only:
                                 * the result is not the request) */

/* The fixed path around project_id. */
#define HSSC_PATH_PREFIX "/v5/"
#define HSSC_PATH_SUFFIX "/image/registries/image-upload-command"

/* Longest captured request target or URL that hssc_request_decode reads. */
#define HSSC_TARGET_MAX 16384u

/*
 * Worst-case size (with the NUL) of hssc_request_encode's output: every
 * character 4 bytes, every byte escaped as %XX. Saturation is not a concern:
 * the figure is a constant of about 15 KiB.
 */
#define HSSC_REQUEST_ENCODED_MAX                                                                   \
    (sizeof(HSSC_PATH_PREFIX) - 1 + sizeof(HSSC_PATH_SUFFIX) - 1 + 3u * 4u * 256u +                \
     sizeof("?enterprise_project_id=&namespace=&password=&registry_addr=&username=") - 1 +         \
     3u * 4u * (256u + 128u + 128u + 256u + 128u) + 1u)

/* Validates every field of req (every required field present, the table's
 * rules). Offsets are into the failing field's value. */
HSSC_API HSSC_WUR hssc_code hssc_request_validate(const hssc_request *req, hssc_error *err);

/*
 * Validates req, then writes the request target
 *     /v5/{project_id}/image/registries/image-upload-command?{query}
 * where project_id is percent-encoded as one segment and the query holds the
 * parameters sorted by name, each value percent-encoded: RFC 3986 unreserved
 * bytes (A-Z a-z 0-9 - . _ ~) stay, every other byte is %XX in upper-case
 * hex (space is %20). This is exactly the canonical query of AK/SK signing.
 * flags may hold HSSC_REDACT. See the header comment for out/cap/out_len.
 * Without HSSC_REDACT the output holds the password (encoded): wipe it with
 * hssc_wipe(). No heap allocation.
 */
HSSC_API HSSC_WUR hssc_code hssc_request_encode(const hssc_request *req, unsigned flags, char *out,
                                                size_t cap, size_t *out_len, hssc_error *err);

/*
 * As hssc_request_encode, with the endpoint in front: endpoint is
 * https://host[:port] (an optional trailing '/' is dropped); http:// only
 * with HSSC_ALLOW_HTTP in flags (which may also hold HSSC_REDACT). Errors in the endpoint have field
 * HSSC_FIELD_ENDPOINT and offsets into endpoint.
 */
HSSC_API HSSC_WUR hssc_code hssc_request_encode_url(const hssc_request *req, const char *endpoint,
                                                    size_t endpoint_len, unsigned flags, char *out,
                                                    size_t cap, size_t *out_len, hssc_error *err);

/*
 * Decodes a captured request target ("/v5/...?...") or absolute URL
 * ("https://host/v5/...?..."), at most HSSC_TARGET_MAX bytes:
 *   - the path must be the API's, with project_id one percent-encoded segment
 *     (not '.' or '..');
 *   - query parameters are split at '&' (empty pieces, as in "&&" or a
 *     trailing '&', are skipped; ';' is an ordinary byte), each at its first
 *     '='; names and values are percent-decoded with '+' meaning space; an
 *     escape must be '%' and two hex digits of either case;
 *   - each known parameter at most once, every required one present; an
 *     unknown parameter is HSSC_E_UNKNOWN unless flags has
 *     HSSC_ALLOW_UNKNOWN;
 *   - a fragment is HSSC_E_FRAGMENT;
 *   - the decoded values must pass hssc_request_validate.
 * Decoded values are written into scratch (scratch_cap >= len always
 * suffices) and *out points into it; scratch holds the password, so wipe it
 * with hssc_wipe() before releasing it. Offsets in *err are into target (for
 * a rule broken by a decoded value: the offset of the raw byte, or escape,
 * that produced the offending decoded byte). On failure *out is zeroed.
 */
HSSC_API HSSC_WUR hssc_code hssc_request_decode(const char *target, size_t len, unsigned flags,
                                                char *scratch, size_t scratch_cap,
                                                hssc_request *out, hssc_error *err);

/* ------------------------------------------------------------------------ */
/* Responses                                                                 */
/* ------------------------------------------------------------------------ */

/*
 * Bodies are JSON read on yajl 2.1's callback parser with every yajl_allow_*
 * option off, plus what yajl does not check itself (docs/response.md):
 *
 *   - one JSON value, no BOM, no comments, no trailing data, no second value;
 *   - every string valid UTF-8 (shortest form, no encoded surrogates, at most
 *     U+10FFFF), checked by the codec, anywhere in the body, also inside
 *     skipped values (HSSC_E_UTF8);
 *   - no \u0000 escape (HSSC_E_JSON_NUL) and no lone or mis-paired surrogate
 *     escape (HSSC_E_JSON_SURROGATE), in keys and values, anywhere;
 *   - at most 64 containers ('{' and '[') open at once, the top-level object
 *     included (HSSC_E_JSON_DEPTH);
 *   - a body longer than max_body bytes is HSSC_E_BODY_TOO_LARGE before any
 *     of it is read; an empty body, or one whose first non-blank byte cannot
 *     start a JSON value (an HTML page from a proxy, a BOM, "NaN"), is
 *     HSSC_E_NOT_JSON.
 *
 * Those are "well-formedness" errors: the decoder stops at the first one.
 * "Schema" errors (top-level value not an object, unknown or duplicate key,
 * wrong type, a field's rules, a missing key) do not stop the parse: the
 * first one is kept and reported only if the whole body is well-formed. So
 * a body that is not JSON at all is always reported as such, and a valid
 * JSON text of the wrong shape never is.
 *
 * Keys are compared after unescaping ("image\u005fcommand" is
 * image_command). A known key given twice is HSSC_E_DUPLICATE at the second
 * key. A key the document does not know is HSSC_E_UNKNOWN (field
 * HSSC_FIELD_BODY, offset of the key) unless flags has HSSC_ALLOW_UNKNOWN;
 * then its value, whatever its type, is skipped (still subject to the
 * well-formedness rules above). Duplicates among unknown keys, and inside
 * skipped values, are not detected: their values are never used.
 *
 * Errors: (code, field, byte offset into body). The field is the key's field
 * for a key or value of a known key (e.g. HSSC_FIELD_IMAGE_COMMAND for an
 * image_command that is too long), HSSC_FIELD_BODY otherwise. Offsets:
 *   - a syntax error: where yajl stopped (yajl_get_bytes_consumed), which is
 *     at or just past the offending byte; the body's length for a truncated
 *     body (yajl's "premature EOF");
 *   - invalid UTF-8: the first byte of the offending sequence;
 *   - a bad escape: its backslash;
 *   - a field's rule (control character, too long, URL): the raw body byte
 *     (or escape) that produced the offending decoded character; too short:
 *     the closing quote of the value;
 *   - a key or value of the wrong kind: the first byte of that key or value;
 *   - a missing key, HSSC_E_WORKSPACE: the body's length, 0;
 *   - HSSC_E_BODY_TOO_LARGE: max_body (the first byte over the cap).
 * Error reasons are static; no byte of the body is ever copied into an
 * error.
 *
 * Memory: the decoders never call malloc. They run in a caller-provided
 * workspace that holds (1) the decoded strings, which the output points
 * into, and (2) an arena that backs yajl's allocator hooks. A workspace of
 * HSSC_RESPONSE_WORKSPACE_LEN(max_body) (HSSC_API_ERROR_WORKSPACE_LEN for
 * error bodies) bytes always suffices for any body of at most max_body
 * bytes; a smaller one is checked against the actual body length up front
 * and rejected with HSSC_E_WORKSPACE (yajl does not check its allocations,
 * so the codec never lets its arena run dry). Any alignment works. Keep the
 * workspace alive as long as you use the decoded strings.
 */

/* The default cap on a body's size, in bytes. */
#define HSSC_BODY_MAX_DEFAULT 65536u

/*
 * What yajl itself can need from the arena for a body of body_len bytes,
 * rounded up: its handle, lexer and state stack (under 1 KiB with the
 * arena's 16-byte block headers), the buffer it unescapes strings into
 * (2048 bytes, doubling past the longest unescaped string) and the lexer's
 * buffer for a token cut off by the end of the body (same growth). The two
 * buffers together stay below 2 * body_len + 4 KiB because the unescaped
 * string and the cut-off token both come out of the same body_len bytes.
 * tests/test_response.c asserts every decode stays under this bound;
 * docs/response.md has the peaks measured on Debian's yajl 2.1.0.
 * Saturates at SIZE_MAX.
 */
#define HSSC_JSON_ARENA_LEN(body_len)                                                              \
    ((size_t)(body_len) > (((size_t)-1) - 8192u) / 2u ? ((size_t)-1)                               \
                                                      : 2u * (size_t)(body_len) + 8192u)

/* Saturating a + b for the workspace macros. */
#define HSSC_SAT_ADD_(a, b)                                                                        \
    ((size_t)(a) > ((size_t)-1) - (size_t)(b) ? ((size_t)-1) : (size_t)(a) + (size_t)(b))

/* The decoded strings of a 200 body (each field's maximum in characters
 * times 4 bytes, plus a NUL each) and 16 bytes of alignment slack. */
#define HSSC_RESPONSE_STRINGS_LEN ((1024u * 4u + 1u) + (256u * 4u + 1u) + (1024u * 4u + 1u) + 16u)

/* A workspace that fits any 200 body of at most max_body bytes. For the
 * default cap: HSSC_RESPONSE_WORKSPACE_LEN(HSSC_BODY_MAX_DEFAULT), about
 * 145 KiB (allocate it, or keep it off small stacks). */
#define HSSC_RESPONSE_WORKSPACE_LEN(max_body)                                                      \
    HSSC_SAT_ADD_(HSSC_RESPONSE_STRINGS_LEN, HSSC_JSON_ARENA_LEN(max_body))

/* A 200 response body. Decoded strings are NUL-terminated (the NUL is not
 * counted in len) and never contain a NUL. */
typedef struct hssc_response {
    hssc_str image_command;          /* 1..1024 characters */
    hssc_str images_download_url;    /* 1..256, absolute http(s) URL with a host, no userinfo */
    hssc_str swr_image_pull_command; /* 1..1024 characters */
} hssc_response;

/*
 * Decodes and validates a 200 body: exactly one JSON object with the keys
 * image_command, images_download_url and swr_image_pull_command (in any
 * order), each a string that passes hssc_field_check() for its field, plus
 * (only with HSSC_ALLOW_UNKNOWN in flags) keys it does not know, whose values
 * are skipped. See the section comment for the rules, the error offsets and
 * the workspace.
 *
 * IN  body, len        the body (not NUL-terminated; body may be NULL when
 *                      len is 0)
 * IN  flags            0 or HSSC_ALLOW_UNKNOWN
 * IN  max_body         the size cap in bytes, usually HSSC_BODY_MAX_DEFAULT
 * IN  workspace, workspace_cap
 *                      caller memory, HSSC_RESPONSE_WORKSPACE_LEN(max_body)
 *                      bytes suffice
 * OUT out              on success, spans into workspace; on failure zeroed
 * OUT err              may be NULL
 */
HSSC_API HSSC_WUR hssc_code hssc_response_decode(const char *body, size_t len, unsigned flags,
                                                 size_t max_body, void *workspace,
                                                 size_t workspace_cap, hssc_response *out,
                                                 hssc_error *err);

/*
 * Worst-case size (with the NUL) of hssc_response_encode's output: the
 * fixed text plus 4 bytes per character (a character is at most 4 bytes of
 * UTF-8, and the only escapes the encoder writes, \" and \\, are 2 bytes for
 * a 1-byte character).
 */
#define HSSC_RESPONSE_ENCODED_MAX                                                                  \
    (sizeof("{\"image_command\":\"\",\"images_download_url\":\"\",\"swr_image_pull_command\":"     \
            "\"\"}") -                                                                             \
     1u + 4u * (1024u + 256u + 1024u) + 1u)

/*
 * Writes the canonical 200 body for resp (with yajl_gen):
 *     {"image_command":"..","images_download_url":"..","swr_image_pull_command":".."}
 * keys in that order, no whitespace, strings as UTF-8 with only '"' and '\'
 * escaped (validated fields hold no control characters, and '/' is not
 * escaped). Every field is validated first with hssc_field_check(); a field
 * whose ptr is NULL is HSSC_E_MISSING. Offsets in *err are into the failing
 * field's value. hssc_response_decode() accepts the output and gives back
 * resp. See the header comment for out/cap/out_len; HSSC_RESPONSE_ENCODED_MAX
 * bytes always suffice. No heap allocation (yajl_gen runs on an arena on the
 * stack, of which it uses 640 bytes).
 */
HSSC_API HSSC_WUR hssc_code hssc_response_encode(const hssc_response *resp, char *out, size_t cap,
                                                 size_t *out_len, hssc_error *err);

/*
 * Error bodies (HTTP status >= 400). Two forms are read:
 *
 *   flat (the HSS API and the API gateway):
 *       {"error_code": "HSS.1014", "error_msg": "...", "request_id": "..."}
 *   nested (the gateway's other form):
 *       {"error": {"code": "APIGW.0301", "message": "...", "request_id": ".."}}
 *       (inside "error", "error_code" and "error_msg" are read as "code" and
 *       "message" too), with request_id inside "error" or beside it.
 *
 * error_code (1..64 characters, PREFIX.DIGITS such as HSS.0001, APIG.0301,
 * APIGW.0301: HSSC_E_CODE_FORMAT otherwise) and error_msg (0..4096
 * characters) are required; request_id (1..256) is optional. Each may come
 * once, in either form: error_code beside error.code is HSSC_E_DUPLICATE.
 * No control characters in any of them (a message is printed to terminals).
 * The well-formedness rules and the error offsets are those of the section
 * comment; a value of "error" that is not an object is HSSC_E_JSON_TYPE with
 * field HSSC_FIELD_BODY.
 *
 * Unknown keys: real gateway bodies carry more than these keys (for example
 * "encoded_authorization_message" on a 403, "title" in Keystone-style
 * bodies), so a caller that wants every real error body to decode passes
 * HSSC_ALLOW_UNKNOWN, as the CLI does. Without it, an unknown key is
 * HSSC_E_UNKNOWN, as in a 200 body.
 *
 * A body that is not JSON (empty, an HTML page from a proxy) is
 * HSSC_E_NOT_JSON: a clear result, never a crash.
 */

/* The decoded strings of an error body and 16 bytes of alignment slack. */
#define HSSC_API_ERROR_STRINGS_LEN ((64u * 4u + 1u) + (4096u * 4u + 1u) + (256u * 4u + 1u) + 16u)

/* A workspace that fits any error body of at most max_body bytes. */
#define HSSC_API_ERROR_WORKSPACE_LEN(max_body)                                                     \
    HSSC_SAT_ADD_(HSSC_API_ERROR_STRINGS_LEN, HSSC_JSON_ARENA_LEN(max_body))

/* Which form an error body came in. */
typedef enum hssc_api_error_form {
    HSSC_API_ERROR_FLAT = 1,  /* {"error_code", "error_msg", ...} */
    HSSC_API_ERROR_NESTED = 2 /* {"error": {"code", "message", ...}} */
} hssc_api_error_form;

/* A decoded error body. Strings are NUL-terminated, as in hssc_response. */
typedef struct hssc_api_error {
    hssc_str error_code; /* e.g. "HSS.1014" */
    hssc_str error_msg;  /* may be empty (ptr not NULL, len 0) */
    hssc_str request_id; /* ptr NULL when the body has none */
    hssc_api_error_form form;
} hssc_api_error;

/*
 * Decodes an error body. Arguments as for hssc_response_decode(), with
 * HSSC_API_ERROR_WORKSPACE_LEN(max_body) for the workspace. On failure *out
 * is zeroed.
 */
HSSC_API HSSC_WUR hssc_code hssc_api_error_decode(const char *body, size_t len, unsigned flags,
                                                  size_t max_body, void *workspace,
                                                  size_t workspace_cap, hssc_api_error *out,
                                                  hssc_error *err);

/* ------------------------------------------------------------------------ */
/* Every finding, not the first                                              */
/* ------------------------------------------------------------------------ */

/*
 * The decoders above stop at the first error. The *_decode_all functions
 * below read the same input by the same rules and report every finding
 * into a buffer the caller supplies (docs/findings.md):
 *
 *  - a request target: each parameter is checked on its own (a bad password
 *    does not hide a bad namespace): an escape, unknown or repeated name, and
 *    each value's rules; the path and the scheme and host of a URL each on
 *    their own; every missing required parameter. What ends the target: a
 *    length over HSSC_TARGET_MAX, a syntax error (uriparser's grammar), too
 *    many '/' in the path.
 *  - a body: a well-formedness error (syntax, UTF-8, escapes, depth, not
 *    JSON) ends it: it is the last finding, after the rule breaks found
 *    before it; otherwise every rule break (unknown, repeated or wrongly
 *    typed key, each field's rules) and every missing key is reported.
 *
 * Findings come in the order of the input (a request's value checks and
 * missing parameters after its syntax, in the order hssc_request_validate
 * checks them). The error the single-error decoder gives for the same input
 * is always one of them, and there are none exactly when it succeeds.
 * Offsets are those of the single-error decoders, into the whole target or
 * body. No finding holds input bytes, only positions into the input.
 *
 * Memory: as for the single-error decoders (the same scratch or workspace),
 * plus the findings buffer; nothing is allocated.
 */

/* One finding: an error, and for an unknown or repeated parameter or key
 * the span of its name as written in the input (still percent- or
 * JSON-escaped; for a body key, between the quotes). */
typedef struct hssc_finding {
    hssc_code code;
    hssc_field field;
    size_t offset;
    size_t name_at;  /* HSSC_E_UNKNOWN, HSSC_E_DUPLICATE: where the name */
    size_t name_len; /* starts and its length; else 0, 0. Also 0, 0 for a
                      * request parameter whose name holds the password's
                      * value (decoded or as written), so that a report that
                      * prints names never prints the password. */
} hssc_finding;

/* The caller's buffer. The decoders set count and dropped: count findings
 * are in items[0..count), dropped more did not fit in cap. With cap 0 (a
 * yes/no question) a failure returns HSSC_E_BUFFER_TOO_SMALL. */
typedef struct hssc_findings {
    hssc_finding *items; /* IN: cap entries (may be NULL when cap is 0) */
    size_t cap;          /* IN */
    size_t count;        /* OUT */
    size_t dropped;      /* OUT */
} hssc_findings;

/*
 * As hssc_request_decode(), reporting every finding into *fs. Returns
 * HSSC_OK when there is none (*out is then what hssc_request_decode gives),
 * else the first finding's code, with the first finding in *err (may be
 * NULL); *out is zeroed and the scratch wiped. HSSC_E_ARGUMENT (no finding)
 * for NULL pointers. scratch_cap >= len always suffices.
 */
HSSC_API HSSC_WUR hssc_code hssc_request_decode_all(const char *target, size_t len, unsigned flags,
                                                    char *scratch, size_t scratch_cap,
                                                    hssc_request *out, hssc_findings *fs,
                                                    hssc_error *err);

/*
 * As hssc_response_decode() and hssc_api_error_decode(), reporting every
 * finding into *fs. Same workspace; returns as hssc_request_decode_all.
 */
HSSC_API HSSC_WUR hssc_code hssc_response_decode_all(const char *body, size_t len, unsigned flags,
                                                     size_t max_body, void *workspace,
                                                     size_t workspace_cap, hssc_response *out,
                                                     hssc_findings *fs, hssc_error *err);
HSSC_API HSSC_WUR hssc_code hssc_api_error_decode_all(const char *body, size_t len, unsigned flags,
                                                      size_t max_body, void *workspace,
                                                      size_t workspace_cap, hssc_api_error *out,
                                                      hssc_findings *fs, hssc_error *err);

/* ------------------------------------------------------------------------ */
/* From a field to the struct member that holds it                           */
/* ------------------------------------------------------------------------ */

/*
 * The one mapping from the field table to the structs: the member of *req
 * that holds field f (project_id and the query parameters: the fields whose
 * location is HSSC_LOC_PATH or HSSC_LOC_QUERY), of *resp (HSSC_LOC_RESPONSE)
 * or of *e (HSSC_LOC_ERROR_BODY). NULL for a NULL struct, a field of
 * another location, or a value out of range. Use these rather than a switch
 * of your own, so a field added to the table has one place to map.
 */
HSSC_API hssc_str *hssc_request_field(hssc_request *req, hssc_field f);
HSSC_API const hssc_str *hssc_request_field_const(const hssc_request *req, hssc_field f);
HSSC_API hssc_str *hssc_response_field(hssc_response *resp, hssc_field f);
HSSC_API const hssc_str *hssc_response_field_const(const hssc_response *resp, hssc_field f);
HSSC_API hssc_str *hssc_api_error_field(hssc_api_error *e, hssc_field f);
HSSC_API const hssc_str *hssc_api_error_field_const(const hssc_api_error *e, hssc_field f);

/* ------------------------------------------------------------------------ */
/* Signing (AK/SK, SDK-HMAC-SHA256)                                          */
/* ------------------------------------------------------------------------ */

/*
 * Huawei Cloud's AK/SK request signing, "SDK-HMAC-SHA256", as the official
 * SDK cores do it (docs/signing.md has the details and the decisions):
 *
 *   canonical request = METHOD "\n" URI "\n" QUERY "\n"
 *                       name ":" value "\n" ... (one per signed header)
 *                       "\n" signed-headers "\n" hex(SHA-256(body))
 *     URI    the target's path, percent-decoded, then every byte except '/'
 *            and the unreserved A-Z a-z 0-9 - . _ ~ encoded as %XX (upper-
 *            case hex); a '/' is appended unless it already ends in one
 *     QUERY  the target's query split at '&' (empty pieces skipped), each
 *            piece at its first '=', names and values percent-decoded ('+'
 *            is a space), sorted by decoded name, then decoded value (bytes,
 *            unsigned), re-encoded like the URI ('/' too), joined "k=v" with
 *            '&' ("k=" for an empty or missing value)
 *     headers  lower-case names, values with leading and trailing spaces
 *            and tabs removed, in the order of the signed-headers list
 *   string to sign = "SDK-HMAC-SHA256\n" X-Sdk-Date "\n"
 *                    hex(SHA-256(canonical request))
 *   signature = hex(HMAC-SHA256(SK, string to sign))
 *   Authorization: SDK-HMAC-SHA256 Access=AK, SignedHeaders=list, Signature=hex
 *
 * SHA-256 and HMAC come from OpenSSL libcrypto (EVP_Digest*, EVP_MAC), never
 * from hand-written code. The codec itself allocates nothing here: the
 * canonical request is streamed into the digest, never buffered whole.
 * libcrypto allocates its digest and MAC contexts on the heap (and, on first
 * use, loads its default provider); it wipes the HMAC key state when it
 * frees them. The codec wipes every buffer of its own that held the SK, an
 * HMAC intermediate or the security token (hssc_wipe) before returning.
 *
 * For this API the request target is the output of hssc_request_encode(),
 * which is already canonical: its query is what the signer signs, byte for
 * byte. Any other origin-form target ("/path?query") is canonicalised as
 * above, which reproduces the SDKs' own test vectors.
 */

/* The algorithm, as it appears in the string to sign and Authorization. */
#define HSSC_SIGN_ALGORITHM "SDK-HMAC-SHA256"

/* Length of an X-Sdk-Date value, "YYYYMMDDTHHMMSSZ" (no NUL). */
#define HSSC_SDK_DATE_LEN 16u

/* Length of a signature in hex (no NUL). */
#define HSSC_SIGNATURE_HEX_LEN 64u

/* Most extra headers hssc_sign_request.headers may hold. */
#define HSSC_SIGN_HEADERS_MAX 16u

/* Most query parameters a target to sign may hold (more is
 * HSSC_E_TOO_LONG with field HSSC_FIELD_TARGET). */
#define HSSC_SIGN_PARAMS_MAX 256u

/* An extra header to sign, e.g. {"Content-Type", "application/json"}. */
typedef struct hssc_header {
    hssc_str name;  /* an RFC 9110 token; compared and signed lower-cased */
    hssc_str value; /* no control characters; signed trimmed of spaces/tabs */
} hssc_header;

/*
 * What to sign. Every hssc_str follows the hssc_str convention (ptr NULL:
 * absent). The signer builds the headers it knows from these members:
 *     host              from host (required)
 *     x-project-id      from project_id, when given
 *     x-sdk-date        from sdk_date (required)
 *     x-security-token  from security_token, when given
 * plus the extra headers. The request the caller sends must carry all of
 * them with exactly these values (Host, X-Project-Id, X-Sdk-Date,
 * X-Security-Token, the extra headers) and Authorization.
 */
typedef struct hssc_sign_request {
    hssc_str method;            /* IN: required, "GET" for this API; 1..16 of A-Z */
    hssc_str host;              /* IN: required, host[:port] exactly as sent in Host
                              *     (checked like an endpoint's authority) */
    hssc_str target;            /* IN: required, origin-form "/path[?query]" as sent,
                              *     at most HSSC_TARGET_MAX bytes of visible ASCII,
                              *     no fragment; for this API the output of
                              *     hssc_request_encode() */
    hssc_str project_id;        /* IN: optional: signed as x-project-id (field
                              *     project_id's rules) */
    hssc_str sdk_date;          /* IN: required, see hssc_sdk_date_check() */
    hssc_str access_key;        /* IN: required, AK: 1..128 of A-Z a-z 0-9 - . _ ~ */
    hssc_str secret_key;        /* IN: required, SK, secret: 1..128 visible ASCII */
    hssc_str security_token;    /* IN: optional, secret: 1..32768 visible ASCII;
                              *     signed as x-security-token when given */
    const hssc_header *headers; /* IN: extra headers to sign (may be NULL when */
    size_t header_count;        /*     header_count is 0), at most
                                 *     HSSC_SIGN_HEADERS_MAX; none may be one of
                                 *     the four above or Authorization, and no
                                 *     name twice (HSSC_E_HEADER_NAME /
                                 *     HSSC_E_DUPLICATE, field HSSC_FIELD_HEADER,
                                 *     offset into that header's name; a control
                                 *     character in a value is HSSC_E_CONTROL,
                                 *     offset into the value). As in the SDKs,
                                 *     an X-Sdk-Content-Sha256 header's value
                                 *     (e.g. UNSIGNED-PAYLOAD) replaces the
                                 *     body's hash in the canonical request. */
    hssc_str body;              /* IN: optional, the request body (ptr NULL or len 0:
                              *     empty, hashed as SHA-256 of nothing) */
    hssc_str signed_headers;    /* IN: optional, which headers to sign, as it will
                              *     appear in SignedHeaders ("host;x-sdk-date"):
                              *     distinct lower-case names in ascending
                              *     order, each one the request carries.
                              *     ptr NULL: every header above (the default
                              *     host;x-project-id;x-sdk-date, plus
                              *     x-security-token and the extra headers
                              *     when given). Errors have field
                              *     HSSC_FIELD_SIGNED_HEADERS, offsets into it. */
} hssc_sign_request;

/*
 * Worst-case size (with the NUL) of the Authorization value for requests
 * that use the default signed headers and no extra headers:
 * "SDK-HMAC-SHA256 Access=" AK(128) ", SignedHeaders="
 * "host;x-project-id;x-sdk-date;x-security-token" ", Signature=" hex(64).
 * With extra headers or an explicit list, query the size (out == NULL).
 */
#define HSSC_AUTHORIZATION_DEFAULT_MAX                                                             \
    (sizeof("SDK-HMAC-SHA256 Access=, "                                                            \
            "SignedHeaders=host;x-project-id;x-sdk-date;x-security-token, Signature=") -           \
     1u + 128u + 64u + 1u)

/*
 * Signs req and writes the value of the Authorization header,
 *     SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<list>, Signature=<64 hex>
 * into out (see the header comment for out/cap/out_len: out == NULL asks for
 * the size, which needs the whole input to be valid). Everything in req is
 * validated first; errors carry the member's field (HSSC_FIELD_METHOD,
 * HSSC_FIELD_HOST, HSSC_FIELD_TARGET, HSSC_FIELD_PROJECT_ID,
 * HSSC_FIELD_X_SDK_DATE, HSSC_FIELD_ACCESS_KEY, HSSC_FIELD_SECRET_KEY,
 * HSSC_FIELD_X_SECURITY_TOKEN, HSSC_FIELD_HEADER, HSSC_FIELD_SIGNED_HEADERS)
 * and an offset into that member's value; never a byte of the SK or token.
 * For a target: HSSC_E_TARGET_TOO_LONG, HSSC_E_SYNTAX (not starting with
 * '/', or a byte outside 0x21..0x7E), HSSC_E_FRAGMENT, HSSC_E_ESCAPE,
 * HSSC_E_TOO_LONG (more than HSSC_SIGN_PARAMS_MAX parameters).
 * HSSC_E_CRYPTO when libcrypto fails (out of memory, no SHA-256 provider).
 * The output holds no secret: the signature is a MAC, the SK is not in it.
 */
HSSC_API HSSC_WUR hssc_code hssc_sign(const hssc_sign_request *req, char *out, size_t cap,
                                      size_t *out_len, hssc_error *err);

/*
 * As hssc_sign, but writes the canonical request (the text whose SHA-256
 * is signed; no trailing newline). For tests and verbose logs: it holds the
 * query as signed, so for this API the registry password (encoded), and the
 * security token when one is signed. Wipe it with hssc_wipe().
 */
HSSC_API HSSC_WUR hssc_code hssc_sign_canonical_request(const hssc_sign_request *req, char *out,
                                                        size_t cap, size_t *out_len,
                                                        hssc_error *err);

/*
 * As hssc_sign, but writes the string to sign,
 *     "SDK-HMAC-SHA256\n" X-Sdk-Date "\n" hex(SHA-256(canonical request))
 * (HSSC_STRING_TO_SIGN_LEN bytes, no trailing newline; holds no secret).
 */
#define HSSC_STRING_TO_SIGN_LEN (sizeof(HSSC_SIGN_ALGORITHM) - 1u + 1u + 16u + 1u + 64u)
HSSC_API HSSC_WUR hssc_code hssc_sign_string_to_sign(const hssc_sign_request *req, char *out,
                                                     size_t cap, size_t *out_len, hssc_error *err);

/*
 * Checks an X-Sdk-Date value: exactly "YYYYMMDDTHHMMSSZ" (upper-case 'T' and
 * 'Z', ASCII digits), a real calendar date of the proleptic Gregorian
 * calendar from 0001 to 9999 (leap years as usual) and a time from 00:00:00
 * to 23:59:59 (no leap second). Errors: HSSC_E_SDK_DATE with field
 * HSSC_FIELD_X_SDK_DATE and the offset of the first offending byte (for an
 * impossible value, of its first digit: month 13 is at 4, Feb 30 at 6).
 * The field table's text rules come first (it is hssc_field_check for
 * HSSC_FIELD_X_SDK_DATE): fewer than 16 characters is HSSC_E_TOO_SHORT
 * (offset len), more is HSSC_E_TOO_LONG (offset 16), a control character
 * HSSC_E_CONTROL.
 */
HSSC_API HSSC_WUR hssc_code hssc_sdk_date_check(const char *value, size_t len, hssc_error *err);

/*
 * Writes the X-Sdk-Date value for unix_seconds (seconds since
 * 1970-01-01T00:00:00Z; leap seconds ignored, as POSIX does) into out, which
 * must hold HSSC_SDK_DATE_LEN + 1 bytes (it is NUL-terminated). Years
 * outside 1970..9999 are HSSC_E_SDK_DATE (offset 0). The library reads no
 * clock: the caller passes time(NULL).
 */
HSSC_API HSSC_WUR hssc_code hssc_sdk_date_format(long long unix_seconds, char *out, size_t cap,
                                                 hssc_error *err);

/* The parts of an Authorization value, as spans into it. */
typedef struct hssc_authorization {
    hssc_str access_key;     /* the AK */
    hssc_str signed_headers; /* e.g. "host;x-project-id;x-sdk-date" */
    hssc_str signature;      /* 64 lower-case hex digits */
} hssc_authorization;

/*
 * Checks the shape of a captured Authorization header value (it does not
 * verify the signature, which needs the SK):
 *     "SDK-HMAC-SHA256 Access=" AK ", SignedHeaders=" list ", Signature=" hex
 * exactly so spelt and spaced, as every official SDK writes it:
 *   - the algorithm and one space (HSSC_E_AUTH_SCHEME, offset 0 or of the
 *     first byte that differs);
 *   - AK: 1..128 of A-Z a-z 0-9 - . _ ~ (HSSC_E_ACCESS_KEY_CHAR at the bad
 *     byte; an empty or longer AK is HSSC_E_AUTH_SYNTAX where it ends or at
 *     its 129th byte);
 *   - SignedHeaders: 1 or more RFC 9110 token names of lower-case letters,
 *     digits and - . _ ~ ! # $ % & ' * + ^ ` |, separated by single ';',
 *     distinct and in strictly ascending byte order (HSSC_E_SIGNED_HEADERS
 *     at the offending name or byte);
 *   - Signature: exactly 64 of 0-9 a-f, ending the value (HSSC_E_SIGNATURE
 *     at the offending byte, or at the end for a short one);
 *   - any other deviation (a missing ", SignedHeaders=" or ", Signature=",
 *     parts out of order, extra spaces, trailing bytes after the signature)
 *     is HSSC_E_AUTH_SYNTAX at the first byte that does not fit.
 * Field HSSC_FIELD_AUTHORIZATION, offsets into value. At most 4096 bytes
 * (HSSC_E_TOO_LONG); the text rules (valid UTF-8, no control character)
 * come first, as for hssc_field_check(HSSC_FIELD_AUTHORIZATION, ...), which
 * is the same check. out may be NULL; on success it holds spans into value,
 * on failure it is zeroed.
 */
HSSC_API HSSC_WUR hssc_code hssc_authorization_parse(const char *value, size_t len,
                                                     hssc_authorization *out, hssc_error *err);

/*
 * 1 when a Content-Type value (len bytes) is application/json, in any case,
 * followed by nothing or by parameters (";charset=utf-8"), as a 200 answer
 * must say (DESIGN.md); else 0. A NULL value is 0.
 */
HSSC_API int hssc_content_type_is_json(const char *value, size_t len);

/* ------------------------------------------------------------------------ */
/* Captured traffic: HAR files, streamed                                     */
/* ------------------------------------------------------------------------ */

/*
 * A push reader for HAR 1.2 (and 1.1) captures of any size: the caller feeds
 * chunks of any size, the reader calls back once per finding, and at the end
 * gives a summary. Memory is the caller's workspace and nothing else,
 * whatever the size of the file or of any one string in it; time is linear.
 * docs/capture.md has the rules; in short (DESIGN.md, "Captured traffic"):
 *
 *  - A matching entry is one whose request.url has the path
 *    /v5/{one segment}/image/registries/image-upload-command (any scheme and
 *    host); the others are counted and skipped.
 *  - Request side: the method is GET; the URL passes hssc_request_decode();
 *    queryString, when present, agrees with the URL's query once both are
 *    percent-decoded; X-Auth-Token passes hssc_token_check(), or
 *    Authorization passes hssc_authorization_parse() with an X-Sdk-Date
 *    that passes hssc_sdk_date_check(). An absent auth header is
 *    HSSC_FINDING_NOT_CAPTURED (exporters strip them).
 *  - Response side: status 0 or no content.text is not captured; 200 needs
 *    Content-Type application/json (when headers were captured) and a body
 *    that passes hssc_response_decode(); >= 400 goes through
 *    hssc_api_error_decode(), and a valid error body is an
 *    HSSC_FINDING_API_ERROR, not a violation. content.encoding "base64" is
 *    decoded first. A body over max_body is HSSC_E_BODY_TOO_LARGE, found
 *    without holding it.
 *  - A file that is not JSON, or not a HAR (no log.entries array), stops the
 *    reader: feed or finish returns the error with its byte offset in the
 *    file. A broken entry is a finding of that entry; the rest is read.
 *  - A UTF-8 byte order mark before the top-level object is skipped (real
 *    exports carry one).
 *
 * Secrets: findings never carry a secret's value. The URL in a finding has
 * the password's value as ***; an unknown parameter's name is left out when
 * it holds the password.
 */

/* Which side of an entry a finding is about. */
typedef enum hssc_side {
    HSSC_SIDE_REQUEST = 1,
    HSSC_SIDE_RESPONSE = 2,
    HSSC_SIDE_CAPTURE = 3 /* the HAR itself: an entry's shape, base64 */
} hssc_side;

typedef enum hssc_finding_kind {
    HSSC_FINDING_VIOLATION = 1,    /* the call broke the contract */
    HSSC_FINDING_NOT_CAPTURED = 2, /* the capture lacks what would tell */
    HSSC_FINDING_API_ERROR = 3     /* a valid error answer (not a violation) */
} hssc_finding_kind;

#define HSSC_CAPTURE_URL_SHOWN_MAX 2048u

/* One finding. Every hssc_str points into the reader's workspace and is
 * valid during the callback only. */
typedef struct hssc_capture_finding {
    unsigned long long entry; /* index in log.entries, from 0 */
    hssc_str started;         /* the entry's startedDateTime as captured (may be empty) */
    hssc_str method;          /* its request.method (may be empty) */
    hssc_str url;             /* its request.url, the password's value as *** (at most
                               * HSSC_CAPTURE_URL_SHOWN_MAX bytes, then "...") */
    hssc_side side;
    hssc_finding_kind kind;
    hssc_error error;  /* code, field and offset: into the URL for the
                               * request side, into the (decoded) body for the
                               * response side */
    hssc_str name;     /* HSSC_E_UNKNOWN, HSSC_E_DUPLICATE: the parameter
                               * or key as written (at most 64 bytes), else empty */
    int status;        /* the response status (0: none captured) */
    hssc_str api_code; /* HSSC_FINDING_API_ERROR: the body's error code */
} hssc_capture_finding;

typedef void (*hssc_capture_cb)(void *ctx, const hssc_capture_finding *f);

/* Counts over one capture. Each matching entry is valid or violating;
 * not_captured and api_errors count entries with such a finding. */
typedef struct hssc_capture_summary {
    unsigned long long entries;
    unsigned long long matching;
    unsigned long long valid;
    unsigned long long violating;
    unsigned long long not_captured;
    unsigned long long api_errors;
} hssc_capture_summary;

/* The reader's state, kept in the caller's workspace. */
typedef struct hssc_capture hssc_capture;

/* A workspace that fits a reader whose bodies are capped at max_body bytes
 * (about 3.3 MiB at the default 64 KiB: yajl may see a string of 8 times
 * the cap, a base64 body written with \u escapes, and its decode buffer
 * grows by doubling); 0 when max_body is over HSSC_CAPTURE_BODY_MAX.
 * hssc_capture_init() reports what it needs exactly in err->offset. */
#define HSSC_CAPTURE_BODY_MAX 16777216u
#define HSSC_CAPTURE_WORKSPACE_LEN(max_body)                                                       \
    ((size_t)(max_body) > HSSC_CAPTURE_BODY_MAX ? 0u : (size_t)(max_body)*44u + 524288u)

/*
 * Starts a reader in workspace (cap bytes, at least
 * HSSC_CAPTURE_WORKSPACE_LEN(max_body), any alignment). flags:
 * HSSC_ALLOW_UNKNOWN (unknown query parameters and body keys are not
 * violations). max_body: the body size cap (0: HSSC_BODY_MAX_DEFAULT). cb is
 * called once per finding, with ctx. *out points into workspace.
 */
HSSC_API HSSC_WUR hssc_code hssc_capture_init(void *workspace, size_t cap, unsigned flags,
                                              size_t max_body, hssc_capture_cb cb, void *ctx,
                                              hssc_capture **out, hssc_error *err);

/* Reads the next len bytes of the file. After an error, every further call
 * returns it again. err->offset is the byte offset in the file. */
HSSC_API HSSC_WUR hssc_code hssc_capture_feed(hssc_capture *c, const void *data, size_t len,
                                              hssc_error *err);

/* The end of the file: checks it was complete and fills *sum (may be NULL;
 * filled with what was counted even on error). */
HSSC_API HSSC_WUR hssc_code hssc_capture_finish(hssc_capture *c, hssc_capture_summary *sum,
                                                hssc_error *err);

/* Wipes the reader's workspace (it held the captured secrets). */
HSSC_API void hssc_capture_wipe(hssc_capture *c);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HSSCODEC_HSSCODEC_H */
