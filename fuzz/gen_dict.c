/*
 * Writes the libFuzzer dictionary of a fuzz target: the field names come
 * from the field table (hssc_field_get), so a renamed or added field reaches
 * the dictionaries without anyone editing them; separators, escapes and
 * edge-case bytes are listed here.
 *
 *   hssc_fuzz_dict TARGET          print the dictionary of TARGET
 *   hssc_fuzz_dict TARGET FILE     exit 1 unless FILE is exactly that
 *                                  (the fuzz_dict_<name> tests)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

/* The dictionary being written: fuzz_common.h's growing string (an
 * allocation failure aborts). */
typedef fuzz_buf out;

static void put(out *o, const char *s, size_t n)
{
    fuzz_put(o, s, n);
}

static void puts_(out *o, const char *s)
{
    put(o, s, strlen(s));
}

/* One entry, name="value", with libFuzzer's escapes. */
static void entry(out *o, const char *name, const char *v, size_t n)
{
    puts_(o, name);
    puts_(o, "=\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        char esc[5];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            put(o, esc, 2);
        } else if (c < 0x20 || c >= 0x7F) {
            static const char hex[] = "0123456789ABCDEF";
            esc[0] = '\\';
            esc[1] = 'x';
            esc[2] = hex[c >> 4];
            esc[3] = hex[c & 15];
            put(o, esc, 4);
        } else {
            put(o, (const char *)&c, 1);
        }
    }
    puts_(o, "\"\n");
}

static void list(out *o, const char *title, const char *const *items, size_t n)
{
    puts_(o, "\n# ");
    puts_(o, title);
    puts_(o, "\n");
    for (size_t i = 0; i < n; i++) {
        /* Named after the title's first word: utf8_3, escapes_0, ... */
        char name[32];
        size_t w = strcspn(title, " ");
        snprintf(name, sizeof(name), "%.*s_%zu", (int)(w < 16 ? w : 16), title, i);
        entry(o, name, items[i], strlen(items[i]));
    }
}

#define LIST(o, title, arr) list(o, title, arr, sizeof(arr) / sizeof(arr[0]))

/* UTF-8 and control-character edges, shared by every target. */
static const char *const utf8_edges[] = {
    "\xC3\xA9",         /* U+00E9 */
    "\xE2\x82\xAC",     /* U+20AC */
    "\xF0\x9F\x98\x80", /* U+1F600 */
    "\xF4\x8F\xBF\xBF", /* U+10FFFF */
    "\xF4\x90\x80\x80", /* U+110000 */
    "\xC0\xAF",         /* overlong '/' */
    "\xE0\x80\xAF",     /* overlong */
    "\xED\xA0\x80",     /* U+D800 */
    "\xED\xBF\xBF",     /* U+DFFF */
    "\xC2\x80",         /* C1 */
    "\xC2\x9F",         /* C1 */
    "\xC2\xA0",         /* first after C1 */
    "\x7F",
    "\x1B[",
};

/* The two dictionary forms of a field table name: entry names <n><name>,
 * values <pre><name><post>. */
typedef struct name_forms {
    const char *title;
    const char *n[2];
    const char *pre[2];
    const char *post[2];
} name_forms;

/* Query names, as they appear in a target: name= and &name=. */
static const name_forms query_names = {
    "\n# field names (from the field table)\n", {"name_", "amp_"}, {"", "&"}, {"=", "="}};
/* JSON keys, as they appear in a body: "name" and "name":. */
static const name_forms json_key_names = {
    "\n# keys (from the field table)\n", {"key_", "keycolon_"}, {"\"", "\""}, {"\"", "\":"}};

/* Both forms of every field at `where` of the table. */
static void table_entries(out *o, hssc_location where, const name_forms *f)
{
    puts_(o, f->title);
    for (unsigned i = 1; i < HSSC_FIELD_COUNT_; i++) {
        const hssc_field_info *info = hssc_field_get((hssc_field)i);
        if (info == NULL || info->location != where) {
            continue;
        }
        for (size_t k = 0; k < 2; k++) {
            char name[64];
            char v[80];
            snprintf(name, sizeof(name), "%s%s", f->n[k], info->name);
            snprintf(v, sizeof(v), "%s%s%s", f->pre[k], info->name, f->post[k]);
            entry(o, name, v, strlen(v));
        }
    }
}

static const char *const target_tokens[] = {
    HSSC_PATH_PREFIX,
    HSSC_PATH_SUFFIX,
    "v5",
    "image",
    "registries",
    "image-upload-command",
    "?",
    "&",
    "&&",
    "=",
    "#",
    "/",
    "+",
    ";",
    "https://",
    "http://",
    "HTTPS://",
    "https://host",
    "//",
    "@",
    "user:pw@",
    "[::1]",
    ":443",
    "all_granted_eps",
    "hub.docker.com",
    ".",
    "..",
    "%2E",
    "%2e%2E",
};

static const char *const escapes[] = {
    "%",      "%25",    "%2B",       "%2b",          "%20", "%00", "%0A",
    "%2F",    "%26",    "%3D",       "%23",          "%3F", "%7F", "%C2%80",
    "%C3%A9", "%C0%AF", "%ED%A0%80", "%F4%90%80%80", "%FF", "%zz", "%4",
};

static const char *const addr_tokens[] = {
    "http://",
    "https://",
    "HTTP://",
    "ftp://",
    "[",
    "]",
    "[::1]",
    "[::ffff:1.2.3.4]",
    "[v1.x]",
    ":",
    "::",
    ":5000",
    ":65535",
    ":65536",
    ":0",
    ":+1",
    ":01",
    "@",
    "user:pw@",
    "/",
    "//",
    "?",
    "#",
    ".",
    "..",
    "-",
    "localhost",
    "127.0.0.1",
    "256.1.1.1",
    "01.2.3.4",
    "hub.docker.com",
    "swr.cn-north-4.myhuaweicloud.com",
    "xn--",
    "%",
    "%20",
    " ",
    "\\",
};

/* What may follow a host in a URL, for fuzz_authority_fast. */
static const char *const url_tail_tokens[] = {
    "/scan/hss-scan.zip",
    "?q=1&r=2",
    "#frag",
    "%2F",
    "%2f",
    "%zz",
    "%4",
    "!$&'()*+,;=",
    ":@",
    "/a/../b",
    "//",
    "[",
    "]",
    "{",
    "|",
    "^",
    "`",
    "\"",
};

static const char *const field_tokens[] = {
    ".",        "..",        "HSS.",    "APIG.",    "APIGW.",
    "HSS.0001", "APIG.0301", "http://", "https://", "https://host/",
    "@",        "[::1]",     ":443",    "/",        "?",
    "#",        " ",         "~",
};

static const char *const roundtrip_tokens[] = {
    "\xFF",
    "***",
    "all_granted_eps",
    "hub.docker.com",
    "https://hub.docker.com",
    ":5000",
    ".",
    "..",
    "%",
    "%41",
    "+",
    " ",
    "~",
    "&",
    "=",
    "#",
    "?",
    "/",
};

/* JSON grammar, escapes (surrogates and \u0000 included) and the I-JSON
 * edges the strict reader checks itself. */
static const char *const json_tokens[] = {
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\"",
    "\"\"",
    "{}",
    "[]",
    "true",
    "false",
    "null",
    "0",
    "-1",
    "1.5e308",
    "1e-400",
    "-0",
    "12345678901234567890",
    " ",
    "\n",
    "\t",
    "\r",
    "\xEF\xBB\xBF",
    "/*",
    "*/",
    "//",
    "NaN",
    "Infinity",
    "'",
};

static const char *const json_escapes[] = {
    "\\\"",
    "\\\\",
    "\\/",
    "\\b",
    "\\f",
    "\\n",
    "\\r",
    "\\t",
    "\\u",
    "\\u0000",
    "\\u001f",
    "\\u001b",
    "\\u007f",
    "\\u0080",
    "\\u009f",
    "\\u00e9",
    "\\u005f",
    "\\u20ac",
    "\\uD800",
    "\\ud800",
    "\\udbff",
    "\\udc00",
    "\\uDFFF",
    "\\ud83d\\ude00",
    "\\udbff\\udfff",
    "\\ud800\\u0041",
    "\\ud800\\ud800",
    "\\x",
    "\\u12",
};

/* Values the field rules look at. */
static const char *const response_values[] = {
    "https://",
    "http://",
    "ftp://",
    "https://xxx.zip",
    "https://u:p@h/",
    "https://[::1]:443/",
    "docker load xxx",
    "docker pull xxx",
    "@",
    "?",
    "#",
    ":",
    "/",
};

/* fuzz_response_roundtrip's fields mode splits at 0xFF. */
static const char *const field_separator[] = {"\xFF"};

/* The gateway's nested error form and the codes' shape. */
static const char *const error_tokens[] = {
    "\"error\"",
    "\"error\":{",
    "\"code\"",
    "\"message\"",
    "\"request_id\"",
    "HSS.",
    "APIG.",
    "APIGW.",
    "HSS.1014",
    "APIG.0301",
    "APIGW.0301",
    "\"title\"",
    "\"encoded_authorization_message\"",
    "<html>",
    "<!DOCTYPE html>",
};

/* Forms in which a server echoes a secret (fuzz_redact). */
static const char *const redact_tokens[] = {
    "%",   "%25", "%2525", "%20", "+",  "%2B", "%2b", "%2F",       "%2f",
    "%3D", "%3d", "=",     "==",  "+/", "-_",  "***", "password=", "X-Auth-Token: ",
};

/* The HAR members the capture reader looks at, and the values it judges
 * (fuzz_capture). */
static const char *const har_tokens[] = {
    "\"log\"",
    "\"entries\"",
    "\"request\"",
    "\"response\"",
    "\"method\"",
    "\"url\"",
    "\"headers\"",
    "\"queryString\"",
    "\"name\"",
    "\"value\"",
    "\"status\"",
    "\"content\"",
    "\"text\"",
    "\"encoding\"",
    "\"startedDateTime\"",
    "\"base64\"",
    "\"GET\"",
    "\"POST\"",
    "\"X-Auth-Token\"",
    "\"x-auth-token\"",
    "\"Authorization\"",
    "\"X-Sdk-Date\"",
    "\"Content-Type\"",
    "\"application/json\"",
    "\"text/html\"",
    "200",
    "401",
    "0",
    "302",
    "\"SDK-HMAC-SHA256 Access=",
    ", SignedHeaders=",
    ", Signature=",
    "\"20240501T100000Z\"",
    "https://h" HSSC_PATH_PREFIX "p" HSSC_PATH_SUFFIX "?",
};

static int make(const char *target, out *o)
{
    puts_(o, "# libFuzzer dictionary of ");
    puts_(o, target);
    puts_(o, ": generated by fuzz/gen_dict.c from the field table; do not edit.\n"
             "# Regenerate with scripts/gen-fuzz-dicts.sh.\n");
    if (strcmp(target, "fuzz_request_decode") == 0 || strcmp(target, "fuzz_request_modes") == 0) {
        table_entries(o, HSSC_LOC_QUERY, &query_names);
        LIST(o, "target syntax", target_tokens);
        LIST(o, "escapes", escapes);
        LIST(o, "utf8 and controls", utf8_edges);
    } else if (strcmp(target, "fuzz_registry_addr") == 0) {
        LIST(o, "addresses", addr_tokens);
        LIST(o, "utf8 and controls", utf8_edges);
    } else if (strcmp(target, "fuzz_authority_fast") == 0) {
        LIST(o, "addresses", addr_tokens);
        LIST(o, "after the host", url_tail_tokens);
        LIST(o, "utf8 and controls", utf8_edges);
    } else if (strcmp(target, "fuzz_field_check") == 0) {
        LIST(o, "rules", field_tokens);
        LIST(o, "utf8 and controls", utf8_edges);
    } else if (strcmp(target, "fuzz_sign") == 0) {
        table_entries(o, HSSC_LOC_QUERY, &query_names);
        LIST(o, "target syntax", target_tokens);
        LIST(o, "escapes", escapes);
    } else if (strcmp(target, "fuzz_request_roundtrip") == 0) {
        LIST(o, "separators and values", roundtrip_tokens);
        LIST(o, "utf8 and controls", utf8_edges);
    } else if (strcmp(target, "fuzz_response_decode") == 0 ||
               strcmp(target, "fuzz_response_modes") == 0 ||
               strcmp(target, "fuzz_response_roundtrip") == 0) {
        table_entries(o, HSSC_LOC_RESPONSE, &json_key_names);
        LIST(o, "syntax of JSON", json_tokens);
        LIST(o, "escapes in JSON strings", json_escapes);
        LIST(o, "values", response_values);
        LIST(o, "utf8 and controls", utf8_edges);
        if (strcmp(target, "fuzz_response_roundtrip") == 0) {
            LIST(o, "field separator", field_separator);
        }
    } else if (strcmp(target, "fuzz_redact") == 0) {
        LIST(o, "percent and base64 forms", redact_tokens);
        LIST(o, "escapes", escapes);
        LIST(o, "utf8 and controls", utf8_edges);
    } else if (strcmp(target, "fuzz_report") == 0) {
        /* The string separator of fuzz_report.c, what the writers escape or
         * pass (C0, ESC sequences, DEL, C1, the bidi controls, U+2028/9, JSON's
         * own quote and backslash), and the shapes of a finding's strings. */
        static const char *const report_tokens[] = {
            "\xFF",
            "\n",
            "\r",
            "\t",
            "\x1B[31m",
            "\x1B]0;",
            "\x07",
            "\x7F",
            "\xC2\x85",
            "\xE2\x80\xAE",
            "\xE2\x81\xA6",
            "\xE2\x81\xA9",
            "\xE2\x80\xA8",
            "\xE2\x80\xA9",
            "\xEF\xBF\xBD",
            "\"",
            "\\",
            "\\u0000",
            "***",
            "password=***",
            "https://",
            "GET",
            "2026-12-02T05:00:00.000Z",
            "HSS.1014",
            "APIGW.0301",
            "-",
        };
        LIST(o, "report strings", report_tokens);
        LIST(o, "utf8 and controls", utf8_edges);
    } else if (strcmp(target, "fuzz_capture") == 0) {
        LIST(o, "HAR members and values", har_tokens);
        table_entries(o, HSSC_LOC_QUERY, &query_names);
        table_entries(o, HSSC_LOC_RESPONSE, &json_key_names);
        LIST(o, "syntax of JSON", json_tokens);
        LIST(o, "escapes in JSON strings", json_escapes);
        LIST(o, "escapes", escapes);
        LIST(o, "utf8 and controls", utf8_edges);
    } else if (strcmp(target, "fuzz_api_error_decode") == 0 ||
               strcmp(target, "fuzz_api_error_modes") == 0) {
        table_entries(o, HSSC_LOC_ERROR_BODY, &json_key_names);
        LIST(o, "syntax of JSON", json_tokens);
        LIST(o, "escapes in JSON strings", json_escapes);
        LIST(o, "error forms", error_tokens);
        LIST(o, "utf8 and controls", utf8_edges);
    } else {
        return 0;
    }
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s TARGET [FILE]\n", argv[0]);
        return 2;
    }
    out o = {NULL, 0, 0};
    if (!make(argv[1], &o)) {
        free(o.p); /* the header was written before the target was looked up */
        fprintf(stderr, "hssc_fuzz_dict: no dictionary for %s\n", argv[1]);
        return 2;
    }
    if (argc == 2) {
        fwrite(o.p, 1, o.len, stdout);
        free(o.p);
        return 0;
    }
    FILE *f = fopen(argv[2], "rb");
    int same = 0;
    if (f != NULL) {
        char *have = malloc(o.len + 2);
        size_t n = have != NULL ? fread(have, 1, o.len + 1, f) : 0;
        same = have != NULL && n == o.len && memcmp(have, o.p, o.len) == 0;
        free(have);
        fclose(f);
    }
    free(o.p);
    if (!same) {
        fprintf(stderr, "%s is not what fuzz/gen_dict.c writes: run scripts/gen-fuzz-dicts.sh\n",
                argv[2]);
        return 1;
    }
    printf("%s is up to date\n", argv[2]);
    return 0;
}
