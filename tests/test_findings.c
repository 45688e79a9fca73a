/*
 * Every finding, not the first: request_findings.c, json_findings.c and
 * body_findings.c (hssc_request_decode_all, hssc_response_decode_all,
 * hssc_api_error_decode_all).
 *
 * Inputs with several independent faults report each, with exact offsets;
 * the cap and the dropped count; a parameter name that holds the password
 * is never given; and, over the fuzz corpora, the JSONTestSuite bodies and
 * generated targets, the single-error decoders agree: no finding exactly
 * when they succeed, and their error is always one of the findings.
 */
#include "check_util.h"

#include <dirent.h>

#define MAX_BODY (1024u * 1024u)

static unsigned char ws[HSSC_API_ERROR_WORKSPACE_LEN(MAX_BODY)];
static hssc_finding items[64];

typedef struct want {
    hssc_code code;
    hssc_field field;
    size_t offset;
    size_t name_len; /* 0: no name; else the name is at offset */
} want;

static void assert_findings(const hssc_findings *fs, const want *w, size_t n)
{
    for (size_t i = 0; i < fs->count && i < n; i++) {
        const hssc_finding *f = &fs->items[i];
        ck_assert_msg(f->code == w[i].code && f->field == w[i].field && f->offset == w[i].offset,
                      "finding %zu: expected (%s, field %d, offset %zu), got (%s, field %d, "
                      "offset %zu)",
                      i, hssc_code_name(w[i].code), (int)w[i].field, w[i].offset,
                      hssc_code_name(f->code), (int)f->field, f->offset);
        ck_assert_uint_eq(f->name_len, w[i].name_len);
    }
    ck_assert_uint_eq(fs->count, n);
    ck_assert_uint_eq(fs->dropped, 0);
}

static size_t at(const char *s, const char *needle)
{
    const char *p = strstr(s, needle);
    ck_assert_ptr_nonnull(p);
    return (size_t)(p - s);
}

static hssc_findings decode_target(const char *t, unsigned flags, hssc_code *rc, hssc_error *e)
{
    hssc_findings fs = {items, sizeof(items) / sizeof(items[0]), 99, 99};
    size_t len = strlen(t);
    char *g = guard_copy(t, len);
    static char scratch[HSSC_TARGET_MAX + 1];
    hssc_request r;
    *rc = hssc_request_decode_all(g, len, flags, scratch, sizeof(scratch), &r, &fs, e);
    guard_free(g, len);
    return fs;
}

#define P "/v5/p/image/registries/image-upload-command?"
#define X129                                                                                       \
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" \
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

START_TEST(target_every_parameter)
{
    static const char t[] = P "namespace=a%01b&foo%5F=1&password=" X129
                              "&registry_addr=host%20x&registry_addr=again&username=";
    ck_assert_uint_eq(strlen(X129), 129);
    hssc_code rc;
    hssc_error e;
    hssc_findings fs = decode_target(t, 0, &rc, &e);
    size_t pw = at(t, "password=") + 9;
    const want w[] = {
        {HSSC_E_UNKNOWN, HSSC_FIELD_TARGET, at(t, "foo%5F"), 6},
        {HSSC_E_DUPLICATE, HSSC_FIELD_REGISTRY_ADDR, at(t, "registry_addr=again"), 13},
        {HSSC_E_CONTROL, HSSC_FIELD_NAMESPACE, at(t, "%01"), 0},
        {HSSC_E_TOO_LONG, HSSC_FIELD_PASSWORD, pw + 128, 0},
        {HSSC_E_ADDR_SYNTAX, HSSC_FIELD_REGISTRY_ADDR, at(t, "%20x"), 0},
        {HSSC_E_TOO_SHORT, HSSC_FIELD_USERNAME, strlen(t), 0},
    };
    assert_findings(&fs, w, sizeof(w) / sizeof(w[0]));
    /* The literal offsets, once, against a miscount in at(). */
    ck_assert_uint_eq(w[0].offset, 60);
    ck_assert_uint_eq(w[2].offset, 55);
    ck_assert_uint_eq(fs.items[0].name_at, 60);
    ck_assert_error(rc, e, HSSC_E_UNKNOWN, HSSC_FIELD_TARGET, 60);
    /* The single-error decoder stops at the first of them. */
    char scratch[sizeof(t)];
    hssc_request r;
    ck_assert_error(hssc_request_decode(t, strlen(t), 0, scratch, sizeof(scratch), &r, &e), e,
                    HSSC_E_UNKNOWN, HSSC_FIELD_TARGET, 60);
}
END_TEST

START_TEST(target_missing_and_path)
{
    static const char t1[] = P "password=&pass%77ord=2";
    hssc_code rc;
    hssc_error e;
    hssc_findings fs = decode_target(t1, 0, &rc, &e);
    size_t n = strlen(t1);
    const want w1[] = {
        {HSSC_E_DUPLICATE, HSSC_FIELD_PASSWORD, at(t1, "pass%77"), 10},
        {HSSC_E_MISSING, HSSC_FIELD_NAMESPACE, n, 0},
        {HSSC_E_TOO_SHORT, HSSC_FIELD_PASSWORD, at(t1, "&pass%77"), 0},
        {HSSC_E_MISSING, HSSC_FIELD_REGISTRY_ADDR, n, 0},
        {HSSC_E_MISSING, HSSC_FIELD_USERNAME, n, 0},
    };
    assert_findings(&fs, w1, sizeof(w1) / sizeof(w1[0]));

    /* A wrong path does not hide the query; project_id is not "missing". */
    static const char t2[] = "https://h.example:99999/v4/p/image?namespace=" X129
                             "&registry_addr=r&username=u&password=pw#frag";
    fs = decode_target(t2, 0, &rc, &e);
    const want w2[] = {
        {HSSC_E_ADDR_PORT, HSSC_FIELD_TARGET, at(t2, "99999"), 0},
        {HSSC_E_PATH, HSSC_FIELD_TARGET, at(t2, "v4"), 0},
        {HSSC_E_FRAGMENT, HSSC_FIELD_TARGET, at(t2, "#"), 0},
        {HSSC_E_TOO_LONG, HSSC_FIELD_NAMESPACE, at(t2, "=x") + 1 + 128, 0},
    };
    assert_findings(&fs, w2, sizeof(w2) / sizeof(w2[0]));

    /* What ends a target: one finding. */
    fs = decode_target(P "namespace=%zz&username=" X129, 0, &rc, &e);
    ck_assert_uint_eq(fs.count, 1);
    ck_assert_error(rc, e, HSSC_E_ESCAPE, HSSC_FIELD_TARGET, strlen(P "namespace="));
}
END_TEST

START_TEST(target_cap_and_dropped)
{
    static const char t[] = P "a=1&b=2&c=3&d=4&e=5";
    hssc_findings fs = {items, 2, 0, 0};
    char scratch[sizeof(t)];
    hssc_request r;
    hssc_error e;
    hssc_code rc = hssc_request_decode_all(t, strlen(t), 0, scratch, sizeof(scratch), &r, &fs, &e);
    /* 5 unknown, 4 missing */
    ck_assert_uint_eq(fs.count, 2);
    ck_assert_uint_eq(fs.dropped, 7);
    ck_assert_error(rc, e, HSSC_E_UNKNOWN, HSSC_FIELD_TARGET, strlen(P));
    /* No room at all: still a failure. */
    fs = (hssc_findings){NULL, 0, 0, 0};
    rc = hssc_request_decode_all(t, strlen(t), 0, scratch, sizeof(scratch), &r, &fs, &e);
    ck_assert_int_ne(rc, HSSC_OK);
    ck_assert_uint_eq(fs.dropped, 9);
    /* Arguments. */
    ck_assert_int_eq(
        hssc_request_decode_all(t, strlen(t), 0, scratch, sizeof(scratch), &r, NULL, &e),
        HSSC_E_ARGUMENT);
    ck_assert_int_eq(hssc_response_decode_all("{}", 2, 0, 64, ws, sizeof(ws), NULL, &fs, &e),
                     HSSC_E_ARGUMENT);
}
END_TEST

START_TEST(target_valid_fills_out)
{
    static const char t[] = P "namespace=n&password=p%40ss&registry_addr=r.example&username=u";
    hssc_code rc;
    hssc_error e;
    hssc_findings fs = {items, 4, 0, 0};
    char scratch[sizeof(t)];
    hssc_request r;
    rc = hssc_request_decode_all(t, strlen(t), 0, scratch, sizeof(scratch), &r, &fs, &e);
    ck_assert_int_eq(rc, HSSC_OK);
    ck_assert_uint_eq(fs.count, 0);
    ck_assert_uint_eq(r.password.len, 4);
    ck_assert_int_eq(memcmp(r.password.ptr, "p@ss", 4), 0);
    ck_assert_ptr_null(r.enterprise_project_id.ptr);
}
END_TEST

/* A name that holds the password (as written or decoded, before or after
 * it) is never given; other names are. */
START_TEST(password_never_named)
{
    static const char *const targets[] = {
        P "password=s3cr%21t&xs3cr!tx=1&other=2",
        P "xs3cr%21tx=1&password=s3cr!t&other=2",
        P "s3cr%2521t=1&password=s3cr%2521t&other=2",
        P "password=s3cr%zzt&s3cr%zzt=1&other=2",
    };
    for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
        hssc_code rc;
        hssc_error e;
        hssc_findings fs = decode_target(targets[i], 0, &rc, &e);
        int other = 0;
        for (size_t k = 0; k < fs.count; k++) {
            const hssc_finding *f = &fs.items[k];
            if (f->code != HSSC_E_UNKNOWN) {
                continue;
            }
            if (f->offset == at(targets[i], "other")) {
                ck_assert_uint_eq(f->name_len, 5);
                other = 1;
            } else {
                ck_assert_msg(f->name_len == 0, "target %zu: a name holding the password is given",
                              i);
            }
        }
        ck_assert_msg(i == 3 || other, "target %zu: the harmless name is not given", i);
    }
}
END_TEST

/* ---- bodies ---- */

static hssc_findings decode_body(int error_body, const char *b, size_t len, unsigned flags,
                                 hssc_code *rc, hssc_error *e)
{
    hssc_findings fs = {items, sizeof(items) / sizeof(items[0]), 99, 99};
    char *g = guard_copy(b, len);
    if (error_body) {
        hssc_api_error out;
        *rc = hssc_api_error_decode_all(g, len, flags, MAX_BODY, ws, sizeof(ws), &out, &fs, e);
    } else {
        hssc_response out;
        *rc = hssc_response_decode_all(g, len, flags, MAX_BODY, ws, sizeof(ws), &out, &fs, e);
    }
    guard_free(g, len);
    return fs;
}

START_TEST(body_every_field)
{
    static const char b[] = "{\"image_command\":\"a\\u0001b\",\"images_download_url\":\"ftp://x\","
                            "\"extra\":[1,{\"image_command\":2}],\"image_command\":\"again\"}";
    hssc_code rc;
    hssc_error e;
    hssc_findings fs = decode_body(0, b, strlen(b), 0, &rc, &e);
    const want w[] = {
        {HSSC_E_CONTROL, HSSC_FIELD_IMAGE_COMMAND, 19, 0},
        {HSSC_E_URL, HSSC_FIELD_IMAGES_DOWNLOAD_URL, at(b, "ftp"), 0},
        {HSSC_E_UNKNOWN, HSSC_FIELD_BODY, at(b, "\"extra"), 5},
        {HSSC_E_DUPLICATE, HSSC_FIELD_IMAGE_COMMAND, at(b, "\"image_command\":\"again"), 13},
        {HSSC_E_MISSING, HSSC_FIELD_SWR_IMAGE_PULL_COMMAND, strlen(b), 0},
    };
    ck_assert_uint_eq(at(b, "\\u0001"), 19);
    assert_findings(&fs, w, sizeof(w) / sizeof(w[0]));
    ck_assert_uint_eq(fs.items[2].name_at, at(b, "extra"));
    ck_assert_error(rc, e, HSSC_E_CONTROL, HSSC_FIELD_IMAGE_COMMAND, 19);
}
END_TEST

START_TEST(body_syntax_ends_it)
{
    /* Rule breaks before the syntax error, the syntax error last, nothing
     * missing (the body did not end). */
    static const char b[] = "{\"image_command\":1,\"foo\":2,\"images_download_url\": }";
    hssc_code rc;
    hssc_error e;
    hssc_findings fs = decode_body(0, b, strlen(b), 0, &rc, &e);
    char ws1[HSSC_RESPONSE_WORKSPACE_LEN(256)];
    hssc_response r;
    hssc_error single;
    ck_assert_int_eq(hssc_response_decode(b, strlen(b), 0, 256, ws1, sizeof(ws1), &r, &single),
                     HSSC_E_JSON_SYNTAX);
    const want w[] = {
        {HSSC_E_JSON_TYPE, HSSC_FIELD_IMAGE_COMMAND, at(b, "1,"), 0},
        {HSSC_E_UNKNOWN, HSSC_FIELD_BODY, at(b, "\"foo"), 3},
        {HSSC_E_JSON_SYNTAX, HSSC_FIELD_BODY, single.offset, 0},
    };
    assert_findings(&fs, w, sizeof(w) / sizeof(w[0]));
    ck_assert_uint_eq(single.offset, strlen(b)); /* yajl stops past the '}' */

    /* A vertical tab is yajl's blank, not JSON's: what follows it is not
     * reported. */
    static const char vt[] = "{\"image_command\":1,\v\"foo\":2}";
    fs = decode_body(0, vt, strlen(vt), 0, &rc, &e);
    const want wv[] = {
        {HSSC_E_JSON_TYPE, HSSC_FIELD_IMAGE_COMMAND, at(vt, "1,"), 0},
        {HSSC_E_JSON_SYNTAX, HSSC_FIELD_BODY, at(vt, "\v"), 0},
    };
    assert_findings(&fs, wv, sizeof(wv) / sizeof(wv[0]));

    /* Not JSON at all: one finding. */
    fs = decode_body(0, "<html>", 6, 0, &rc, &e);
    ck_assert_uint_eq(fs.count, 1);
    ck_assert_error(rc, e, HSSC_E_NOT_JSON, HSSC_FIELD_BODY, 0);
}
END_TEST

START_TEST(error_body_every_field)
{
    static const char b[] =
        "{\"error_code\":\"HSS\",\"error_msg\":\"m\\u007f\\n\",\"request_id\":\"\","
        "\"error\":{\"code\":\"X\"},\"title\":1}";
    hssc_code rc;
    hssc_error e;
    hssc_findings fs = decode_body(1, b, strlen(b), HSSC_ALLOW_UNKNOWN, &rc, &e);
    const want w[] = {
        {HSSC_E_CODE_FORMAT, HSSC_FIELD_ERROR_CODE, at(b, "HSS"), 0},
        /* (a DEL in error_msg is fine: the gateway's prose) */
        {HSSC_E_TOO_SHORT, HSSC_FIELD_REQUEST_ID, at(b, "\"\",") + 1, 0},
        {HSSC_E_DUPLICATE, HSSC_FIELD_ERROR_CODE, at(b, "\"code"), 4},
    };
    assert_findings(&fs, w, sizeof(w) / sizeof(w[0]));
    /* A valid one: no finding, the struct filled. */
    static const char ok[] = "{\"error\":{\"code\":\"APIGW.0301\",\"message\":\"denied\"},\"x\":1}";
    hssc_findings fs2 = {items, 4, 0, 0};
    hssc_api_error out;
    ck_assert_int_eq(hssc_api_error_decode_all(ok, strlen(ok), HSSC_ALLOW_UNKNOWN, MAX_BODY, ws,
                                               sizeof(ws), &out, &fs2, &e),
                     HSSC_OK);
    ck_assert_uint_eq(fs2.count, 0);
    ck_assert_int_eq(out.form, HSSC_API_ERROR_NESTED);
    ck_assert_uint_eq(out.error_code.len, 10);
}
END_TEST

/* ---- agreement with the single-error decoders ---- */

static size_t agreements;
static size_t valid_seen;

/* No finding exactly when the single decoder succeeds; its error is one of
 * the findings; every finding is well-formed. */
static void assert_agree(const char *what, hssc_code single, const hssc_error *se,
                         const hssc_findings *fs, hssc_code all, const hssc_error *ae, size_t len,
                         size_t limit)
{
    agreements++;
    if (single == HSSC_OK) {
        valid_seen++;
        ck_assert_msg(all == HSSC_OK && fs->count == 0 && fs->dropped == 0,
                      "%s: valid for the single decoder, %zu findings (first %s)", what, fs->count,
                      fs->count > 0 ? hssc_code_name(fs->items[0].code) : "-");
        return;
    }
    ck_assert_uint_eq(fs->dropped, 0);
    ck_assert_uint_gt(fs->count, 0);
    ck_assert_int_eq(all, fs->items[0].code);
    ck_assert_int_eq(ae->code, fs->items[0].code);
    int found = 0;
    for (size_t i = 0; i < fs->count; i++) {
        const hssc_finding *f = &fs->items[i];
        found |= f->code == se->code && f->field == se->field && f->offset == se->offset;
        ck_assert_msg(f->offset <= len || f->offset == limit, "%s: offset %zu past %zu", what,
                      f->offset, len);
        ck_assert_uint_le(f->name_at + f->name_len, len);
        ck_assert_str_ne(hssc_code_name(f->code), "HSSC_E_UNKNOWN_CODE");
        ck_assert_int_ne(f->code, HSSC_OK);
    }
    ck_assert_msg(found, "%s: the single decoder's (%s, field %d, offset %zu) is not a finding",
                  what, hssc_code_name(se->code), (int)se->field, se->offset);
}

static void agree_target(const char *what, const char *t, size_t len, unsigned flags)
{
    static char s1[4 * HSSC_TARGET_MAX], s2[4 * HSSC_TARGET_MAX];
    hssc_request r1, r2;
    hssc_error e1 = {0}, e2 = {0};
    hssc_findings fs = {items, sizeof(items) / sizeof(items[0]), 0, 0};
    hssc_code a = hssc_request_decode(t, len, flags, s1, sizeof(s1), &r1, &e1);
    hssc_code b = hssc_request_decode_all(t, len, flags, s2, sizeof(s2), &r2, &fs, &e2);
    assert_agree(what, a, &e1, &fs, b, &e2, len, HSSC_TARGET_MAX);
    if (a == HSSC_OK) {
        for (int f = 1; f < HSSC_FIELD_COUNT_; f++) {
            const hssc_str *v1 = hssc_request_field_const(&r1, (hssc_field)f);
            const hssc_str *v2 = hssc_request_field_const(&r2, (hssc_field)f);
            if (v1 == NULL) {
                continue;
            }
            ck_assert_int_eq(v1->ptr == NULL, v2->ptr == NULL);
            ck_assert_uint_eq(v1->len, v2->len);
            ck_assert(v1->len == 0 || memcmp(v1->ptr, v2->ptr, v1->len) == 0);
        }
    }
}

static void agree_body(const char *what, const char *b, size_t len, unsigned flags)
{
    static unsigned char ws1[HSSC_API_ERROR_WORKSPACE_LEN(MAX_BODY)];
    hssc_error e1 = {0}, e2 = {0};
    hssc_findings fs = {items, sizeof(items) / sizeof(items[0]), 0, 0};
    hssc_response r1, r2;
    hssc_code a = hssc_response_decode(b, len, flags, MAX_BODY, ws1, sizeof(ws1), &r1, &e1);
    hssc_code c = hssc_response_decode_all(b, len, flags, MAX_BODY, ws, sizeof(ws), &r2, &fs, &e2);
    assert_agree(what, a, &e1, &fs, c, &e2, len, MAX_BODY);
    hssc_api_error x1, x2;
    a = hssc_api_error_decode(b, len, flags, MAX_BODY, ws1, sizeof(ws1), &x1, &e1);
    c = hssc_api_error_decode_all(b, len, flags, MAX_BODY, ws, sizeof(ws), &x2, &fs, &e2);
    assert_agree(what, a, &e1, &fs, c, &e2, len, MAX_BODY);
}

typedef void (*agree_fn)(const char *what, const char *data, size_t len, unsigned flags);

static size_t agree_dir(const char *dir, agree_fn fn)
{
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "cannot open %s", dir);
    static char buf[MAX_BODY];
    size_t files = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') {
            continue;
        }
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        FILE *f = fopen(path, "rb");
        if (f == NULL) {
            continue;
        }
        size_t n = fread(buf, 1, sizeof(buf), f);
        fclose(f);
        char *g = guard_copy(buf, n);
        fn(path, g, n, 0);
        fn(path, g, n, HSSC_ALLOW_UNKNOWN);
        guard_free(g, n);
        files++;
    }
    closedir(d);
    return files;
}

START_TEST(agree_on_corpora)
{
    size_t n = agree_dir(HSSC_SOURCE_DIR "/corpus/fuzz_request_decode", agree_target);
    n += agree_dir(HSSC_SOURCE_DIR "/corpus/fuzz_request_roundtrip", agree_target);
    ck_assert_uint_gt(n, 300);
    size_t m = agree_dir(HSSC_SOURCE_DIR "/corpus/fuzz_response_decode", agree_body);
    m += agree_dir(HSSC_SOURCE_DIR "/corpus/fuzz_api_error_decode", agree_body);
    m += agree_dir(HSSC_TEST_DATA "/JSONTestSuite", agree_body);
    ck_assert_uint_gt(m, 1000);
}
END_TEST

/* Targets and bodies put together from pieces that each break or keep a
 * rule, in every order (a fixed-seed generator). */
static unsigned long long rng = 0x2545F4914F6CDD1DULL;

static size_t pick(size_t n)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (size_t)((rng >> 33) % n);
}

START_TEST(agree_on_generated)
{
    agreements = 0;
    valid_seen = 0;
    static const char *const heads[] = {
        "/v5/p/image/registries/image-upload-command",
        "https://h.example/v5/p%2F/image/registries/image-upload-command",
        "/v5/./image/registries/image-upload-command",
        "/v4/p/image/registries/image-upload-command",
        "ftp://h/v5/p/image/registries/image-upload-command",
        "http://u@h/v5/p/image/registries/image-upload-command",
        "/v5/p/image/registries",
        "http://h:0/v5/p/image/registries/image-upload-command/x",
        "",
    };
    static const char *const params[] = {
        "namespace=n",
        "namespace=",
        "namespace=a%01",
        "password=pw",
        "password=p%zz",
        "password=",
        "registry_addr=r.example",
        "registry_addr=a b",
        "registry_addr=http://x/y",
        "username=u",
        "username=%C3%28",
        "enterprise_project_id=0",
        "enterprise_project_id=",
        "unknown=1",
        "pass%77ord=2",
        "%zz=1",
        "",
        "namespace",
        "a=b=c",
        "#f",
        X129 "=1",
        "username=" X129,
    };
    char t[4096];
    for (int i = 0; i < 20000; i++) {
        size_t n =
            (size_t)snprintf(t, sizeof(t), "%s", heads[pick(sizeof(heads) / sizeof(heads[0]))]);
        size_t k = pick(8);
        for (size_t j = 0; j < k && n < sizeof(t) - 300; j++) {
            n += (size_t)snprintf(t + n, sizeof(t) - n, "%s%s", j == 0 ? "?" : "&",
                                  params[pick(sizeof(params) / sizeof(params[0]))]);
        }
        agree_target("generated target", t, n, (unsigned)pick(2));
    }
    static const char *const members[] = {
        "\"image_command\":\"docker load\"",
        "\"image_command\":1",
        "\"image_command\":\"\"",
        "\"image_command\":\"a\\u0000\"",
        "\"image_command\":\"\\ud800\"",
        "\"images_download_url\":\"https://x/y.zip\"",
        "\"images_download_url\":\"ftp://x\"",
        "\"swr_image_pull_command\":\"docker pull\"",
        "\"swr_image_pull_command\":[1,2]",
        "\"error_code\":\"HSS.0001\"",
        "\"error_code\":\"HSS\"",
        "\"error_msg\":\"m\"",
        "\"error_msg\":\"\\u0007\"",
        "\"request_id\":\"r\"",
        "\"error\":{\"code\":\"APIG.1\",\"message\":\"x\"}",
        "\"error\":1",
        "\"x\":{\"y\":[true,null]}",
        "\"bad\xC3\x28\":1",
        "\"k\":tru",
        "\x0b\"k\":1",
    };
    char b[4096];
    for (int i = 0; i < 20000; i++) {
        size_t n = (size_t)snprintf(b, sizeof(b), "%s", pick(20) == 0 ? "[" : "{");
        size_t k = pick(7);
        for (size_t j = 0; j < k; j++) {
            n += (size_t)snprintf(b + n, sizeof(b) - n, "%s%s", j == 0 ? "" : ",",
                                  members[pick(sizeof(members) / sizeof(members[0]))]);
        }
        if (pick(10) != 0) {
            n += (size_t)snprintf(b + n, sizeof(b) - n, "}");
        }
        agree_body("generated body", b, n, (unsigned)pick(2));
    }
    ck_assert_uint_ge(agreements, 60000);
    /* Both outcomes are exercised, not only failures. */
    ck_assert_uint_gt(valid_seen, 200);
    ck_assert_uint_lt(valid_seen, agreements / 2);
}
END_TEST

static const hssc_row findings_rows[] = {
    HSSC_TCASE("request_findings", 0),  HSSC_TEST(target_every_parameter),
    HSSC_TEST(target_missing_and_path), HSSC_TEST(target_cap_and_dropped),
    HSSC_TEST(target_valid_fills_out),  HSSC_TEST(password_never_named),
    HSSC_TCASE("body_findings", 0),     HSSC_TEST(body_every_field),
    HSSC_TEST(body_syntax_ends_it),     HSSC_TEST(error_body_every_field),
    HSSC_TCASE("agreement", 300),       HSSC_TEST(agree_on_corpora),
    HSSC_TEST(agree_on_generated),
};

HSSC_CHECK_MAIN("findings", findings_rows)
