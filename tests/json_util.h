/*
 * Reading the conformance data files (tests/data/) with yajl's tree API.
 */
#ifndef HSSC_TESTS_JSON_UTIL_H
#define HSSC_TESTS_JSON_UTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_tree.h>

/* Parses HSSC_TEST_DATA/rel; the test fails when the file is missing or not
 * JSON. Free with yajl_tree_free(). */
static inline yajl_val json_load(const char *rel)
{
    char path[1024];
    int n = snprintf(path, sizeof(path), "%s/%s", HSSC_TEST_DATA, rel);
    ck_assert(n > 0 && (size_t)n < sizeof(path));
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    static char buf[256 * 1024];
    size_t len = fread(buf, 1, sizeof(buf) - 1, f);
    ck_assert_msg(feof(f) && !ferror(f), "%s: read error or larger than the buffer", path);
    fclose(f);
    buf[len] = '\0';
    char errbuf[256];
    yajl_val v = yajl_tree_parse(buf, errbuf, sizeof(errbuf));
    ck_assert_msg(v != NULL, "%s: %s", path, errbuf);
    return v;
}

/* The member at a path of object keys (NULL-terminated), which must exist. */
static inline yajl_val json_get(yajl_val v, const char **path, yajl_type type)
{
    yajl_val r = yajl_tree_get(v, path, type);
    ck_assert_msg(r != NULL, "JSON: no %s member of the expected type", path[0]);
    return r;
}

/* The length of array v and its element i, and the text of string v, each
 * asserted to be what the test expects (yajl's YAJL_GET_* give NULL
 * otherwise). */
static inline size_t json_len(yajl_val v)
{
    ck_assert_msg(YAJL_IS_ARRAY(v), "JSON: not an array");
    return v->u.array.len;
}

static inline yajl_val json_at(yajl_val v, size_t i)
{
    ck_assert_msg(i < json_len(v), "JSON: no element %zu", i);
    return v->u.array.values[i];
}

static inline const char *json_str(yajl_val v)
{
    ck_assert_msg(YAJL_IS_STRING(v), "JSON: not a string");
    return v->u.string;
}

/* A JSON string that stands for bytes (U+0000..U+00FF, one byte each; see
 * the uriparser vectors' _comment), converted from yajl's UTF-8 into bytes.
 * Returns the byte count; out has room for at least strlen(s) bytes. */
static inline size_t json_latin1_bytes(const char *s, char *out)
{
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p != '\0') {
        if (*p < 0x80) {
            out[n++] = (char)*p++;
        } else {
            ck_assert_msg(*p == 0xC2 || *p == 0xC3, "character above U+00FF in byte data");
            out[n++] = (char)(((p[0] & 0x03u) << 6) | (p[1] & 0x3Fu));
            p += 2;
        }
    }
    return n;
}

/* uriparser's conformance vectors (tests/data/url/uriparser/), loaded by
 * an unchecked fixture of the test cases that read them. */
static yajl_val vectors;

static inline void load_vectors(void)
{
    vectors = json_load("url/uriparser/uriparser-test-vectors.json");
}

static inline void free_vectors(void)
{
    yajl_tree_free(vectors);
    vectors = NULL;
}

#endif
