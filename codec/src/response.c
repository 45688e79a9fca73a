/*
 * The strict JSON reader (yajl 2.1 callbacks) that both body decoders share,
 * the 200 body's decoder, and its canonical encoder (yajl_gen).
 *
 * yajl checks the grammar; the rest of I-JSON is checked here, because yajl
 * 2.1 lets it through (DESIGN.md "What yajl 2.1 lets through"): overlong
 * UTF-8, encoded surrogates and code points above U+10FFFF pass its UTF-8
 * check; a lone \ud800 reaches the callback as '?' and \ud800\u0041 is
 * combined into one character, so escapes are checked on the raw body, not
 * on what yajl decoded; \u0000 arrives as a NUL inside the length; duplicate
 * keys arrive twice; there is no depth limit.
 *
 * yajl's callbacks give a token's decoded text, not where it is in the body.
 * The reader keeps last_end, the offset just past the previous token
 * (yajl_get_bytes_consumed() inside a callback is the offset just past the
 * current one). Only blanks, ':' and ',' can sit between two tokens, so the
 * current token starts at the first other byte after last_end. That gives
 * every string's raw text, which the escape checks and the error offsets
 * need.
 */
#include <string.h>

#include <yajl/yajl_gen.h>
#include <yajl/yajl_parse.h>

#include "hssc_internal.h"

/* ---- allocator hooks: yajl runs on an arena, never on malloc ---- */

static void *arena_malloc_cb(void *ctx, size_t n)
{
    return hssc_arena_malloc((hssc_arena *)ctx, n);
}

static void *arena_realloc_cb(void *ctx, void *p, size_t n)
{
    return hssc_arena_realloc((hssc_arena *)ctx, p, n);
}

static void arena_free_cb(void *ctx, void *p)
{
    hssc_arena_free((hssc_arena *)ctx, p);
}

static yajl_alloc_funcs arena_funcs(hssc_arena *a)
{
    yajl_alloc_funcs f = {arena_malloc_cb, arena_realloc_cb, arena_free_cb, a};
    return f;
}

/* ---- raw string text ---- */

static unsigned hex4(const unsigned char *p)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned char c = p[i];
        unsigned d = hssc_is_digit(c) ? (unsigned)(c - '0') : (unsigned)(hssc_lower(c) - 'a' + 10);
        v = v * 16u + d;
    }
    return v;
}

/* Is there a well-formed "\uXXXX" at raw[i] (i < n)? yajl has checked the
 * escape grammar before any callback, so this only tells \u from the other
 * escapes and guards the bounds. */
static int is_u_escape(const unsigned char *raw, size_t n, size_t i)
{
    return n - i >= 6 && raw[i] == '\\' && raw[i + 1] == 'u';
}

/*
 * Checks the escapes of a string's raw text (between the quotes): \u0000 is
 * HSSC_E_JSON_NUL; a high surrogate escape not followed by a low one, or a
 * low one on its own, is HSSC_E_JSON_SURROGATE. Returns HSSC_OK or the code,
 * with *at the offset in raw of the backslash.
 */
static hssc_code raw_escapes_check(const unsigned char *raw, size_t n, size_t *at)
{
    size_t i = 0;
    while (i < n) {
        if (raw[i] != '\\') {
            i++;
            continue;
        }
        if (!is_u_escape(raw, n, i)) {
            i += 2;
            continue;
        }
        unsigned cp = hex4(raw + i + 2);
        *at = i;
        if (cp == 0) {
            return HSSC_E_JSON_NUL;
        }
        if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return HSSC_E_JSON_SURROGATE;
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (!is_u_escape(raw, n, i + 6)) {
                return HSSC_E_JSON_SURROGATE;
            }
            unsigned lo = hex4(raw + i + 8);
            if (lo < 0xDC00 || lo > 0xDFFF) {
                return HSSC_E_JSON_SURROGATE;
            }
            i += 12;
            continue;
        }
        i += 6;
    }
    return HSSC_OK;
}

/*
 * The offset in raw of the element (byte or escape) that produced decoded
 * byte number nth; n (the closing quote) when nth is past the end. Widths
 * follow yajl_string_decode: a simple escape is one byte, \uXXXX is its
 * UTF-8 length, a high surrogate escape followed by another \u escape is
 * one 4-byte character, a lone high one is '?'. The walk is monotonic, so an
 * offset past a bad escape is never before that escape.
 */
static size_t raw_offset_of(const unsigned char *raw, size_t n, size_t nth)
{
    size_t i = 0;
    size_t produced = 0;
    while (i < n) {
        size_t step = 1;
        size_t width = 1;
        if (raw[i] == '\\') {
            step = 2;
            if (is_u_escape(raw, n, i)) {
                unsigned cp = hex4(raw + i + 2);
                step = 6;
                width = cp < 0x80 ? 1 : (cp < 0x800 ? 2 : 3);
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (is_u_escape(raw, n, i + 6)) {
                        step = 12;
                        width = 4;
                    } else {
                        width = 1;
                    }
                }
            }
        }
        if (produced + width > nth) {
            return i;
        }
        produced += width;
        i += step;
    }
    return n;
}

/* Offset of the first invalid UTF-8 sequence in s, or len. Control
 * characters are fine here (JSON blanks are controls; fields check them
 * separately). */
size_t hssc_utf8_first_bad(const char *s, size_t len)
{
    size_t done = 0;
    while (done < len) {
        size_t bad = 0;
        hssc_code rc = hssc_text_scan(s + done, len - done, NULL, &bad);
        if (rc == HSSC_OK) {
            return len;
        }
        if (rc == HSSC_E_UTF8) {
            return done + bad;
        }
        /* A control character: one byte, or two for C1 (C2 80..C2 9F). */
        done += bad + ((unsigned char)s[done + bad] == 0xC2 ? 2 : 1);
    }
    return len;
}

/* ---- the reader ---- */

#define DEPTH_MAX 64u

typedef struct reader {
    yajl_handle h;
    const hssc_json_doc *doc;
    const unsigned char *body;
    size_t len;
    unsigned flags;
    int finishing;    /* inside yajl_complete_parse: consumed counts are not ours */
    size_t last_end;  /* offset just past the previous token */
    unsigned depth;   /* containers open */
    unsigned active;  /* depth of the object whose keys are read (0: none) */
    hssc_field expect; /* field of the current key's value (NONE: skip it) */
    int expect_nested; /* the current key opens the nested object */
    int nested_seen;
    unsigned char seen[HSSC_FIELD_COUNT_];
    char *strings;    /* the decoded strings' area in the workspace */
    size_t slot[HSSC_FIELD_COUNT_]; /* each field's place in strings */
    hssc_json_result *res;
    hssc_error fatal; /* first well-formedness error: stops the parse */
    int has_fatal;
    hssc_error schema; /* first schema error: the parse goes on */
    int has_schema;
} reader;

static size_t tok_start(const reader *r)
{
    size_t i = r->last_end;
    while (i < r->len && (r->body[i] == ' ' || r->body[i] == '\t' || r->body[i] == '\r' ||
                          r->body[i] == '\n' || r->body[i] == ':' || r->body[i] == ',')) {
        i++;
    }
    return i;
}

static size_t tok_end(const reader *r)
{
    /* yajl_complete_parse feeds yajl one blank of its own; only a number
     * that ends the body can complete then, and it ends at the end. */
    return r->finishing ? r->len : yajl_get_bytes_consumed(r->h);
}

/* A well-formedness error: remembered, and the parse stops (callbacks
 * return 0). */
static int fatal(reader *r, hssc_code code, hssc_field field, size_t offset)
{
    if (!r->has_fatal) {
        r->has_fatal = 1;
        (void)hssc_fail(&r->fatal, code, field, offset);
    }
    return 0;
}

/* A schema error: the first is remembered and nothing more is read into
 * the result, but the parse goes on so that a body that is not well-formed
 * is reported as such. */
static void schema(reader *r, hssc_code code, hssc_field field, size_t offset)
{
    if (!r->has_schema) {
        r->has_schema = 1;
        (void)hssc_fail(&r->schema, code, field, offset);
    }
    r->active = 0;
}

/* Does this value belong to the object whose keys are read? */
static int at_active(const reader *r)
{
    return r->active != 0 && r->depth == r->active;
}

/*
 * The checks every string gets, key or value, read or skipped: escapes on
 * the raw text, UTF-8 on the decoded text. The earlier offset wins; at the
 * same offset the escape (the cause) wins.
 */
static int string_ok(reader *r, size_t start, size_t end, const unsigned char *s, size_t n,
                     hssc_field field)
{
    const unsigned char *raw = r->body + start + 1;
    size_t raw_len = end - start - 2;
    size_t esc_at = SIZE_MAX;
    hssc_code esc = raw_escapes_check(raw, raw_len, &esc_at);
    size_t bad = hssc_utf8_first_bad((const char *)s, n);
    size_t utf_at = bad < n ? raw_offset_of(raw, raw_len, bad) : SIZE_MAX;
    if (esc != HSSC_OK && esc_at <= utf_at) {
        return fatal(r, esc, field, start + 1 + esc_at);
    }
    if (utf_at != SIZE_MAX) {
        return fatal(r, HSSC_E_UTF8, field, start + 1 + utf_at);
    }
    return 1;
}

/* The common start of every value: the top-level rule, and the type of a
 * value the reader wants. kind_ok says whether this value's type is what
 * the current key needs (a string for a field). Returns 1 when the value is
 * a field to read. */
static int value_wanted(reader *r, size_t at, int is_map, int kind_ok)
{
    if (r->depth == 0) {
        if (!is_map) {
            schema(r, HSSC_E_JSON_NOT_OBJECT, HSSC_FIELD_BODY, at);
        }
        return 0;
    }
    if (!at_active(r)) {
        return 0;
    }
    if (r->expect_nested) {
        if (!is_map) {
            schema(r, HSSC_E_JSON_TYPE, HSSC_FIELD_BODY, at);
        }
        return 0;
    }
    if (r->expect == HSSC_FIELD_NONE) {
        return 0;
    }
    if (!kind_ok) {
        schema(r, HSSC_E_JSON_TYPE, r->expect, at);
        return 0;
    }
    return 1;
}

static int on_scalar(reader *r)
{
    (void)value_wanted(r, tok_start(r), 0, 0);
    r->last_end = tok_end(r);
    return 1;
}

static int on_null(void *ctx)
{
    return on_scalar((reader *)ctx);
}

static int on_boolean(void *ctx, int v)
{
    (void)v;
    return on_scalar((reader *)ctx);
}

static int on_number(void *ctx, const char *s, size_t n)
{
    /* The number's text is never converted: huge numbers in skipped values
     * are fine, and yajl reports no overflow for them. */
    (void)s;
    (void)n;
    return on_scalar((reader *)ctx);
}

static int on_string(void *ctx, const unsigned char *s, size_t n)
{
    reader *r = (reader *)ctx;
    size_t start = tok_start(r);
    size_t end = tok_end(r);
    r->last_end = end;
    int wanted = value_wanted(r, start, 0, 1);
    if (!string_ok(r, start, end, s, n, wanted ? r->expect : HSSC_FIELD_BODY)) {
        return 0;
    }
    if (!wanted) {
        return 1;
    }
    hssc_field f = r->expect;
    hssc_error e;
    if (hssc_field_check(f, (const char *)s, n, &e) != HSSC_OK) {
        schema(r, e.code, f, start + 1 + raw_offset_of(r->body + start + 1, end - start - 2, e.offset));
        return 1;
    }
    /* Checked: at most max_chars * 4 bytes, the size of the slot. */
    char *dst = r->strings + r->slot[f];
    if (n > 0) {
        memcpy(dst, s, n);
    }
    dst[n] = '\0';
    r->res->value[f].ptr = dst;
    r->res->value[f].len = n;
    return 1;
}

static const hssc_json_key *key_lookup(const hssc_json_key *keys, size_t count,
                                       const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < count; i++) {
        if (keys[i].len == n && memcmp(keys[i].name, s, n) == 0) {
            return &keys[i];
        }
    }
    return NULL;
}

static int on_map_key(void *ctx, const unsigned char *s, size_t n)
{
    reader *r = (reader *)ctx;
    size_t start = tok_start(r);
    size_t end = tok_end(r);
    r->last_end = end;
    if (!string_ok(r, start, end, s, n, HSSC_FIELD_BODY)) {
        return 0;
    }
    if (!at_active(r)) {
        return 1;
    }
    r->expect = HSSC_FIELD_NONE;
    r->expect_nested = 0;
    const hssc_json_key *k = r->active == 1
                                 ? key_lookup(r->doc->top, r->doc->top_count, s, n)
                                 : key_lookup(r->doc->nested, r->doc->nested_count, s, n);
    if (k == NULL) {
        if ((r->flags & HSSC_ALLOW_UNKNOWN) == 0) {
            schema(r, HSSC_E_UNKNOWN, HSSC_FIELD_BODY, start);
        }
        return 1;
    }
    if (k->field == HSSC_FIELD_NONE) {
        /* The key that opens the nested object. */
        if (r->nested_seen) {
            schema(r, HSSC_E_DUPLICATE, HSSC_FIELD_BODY, start);
            return 1;
        }
        r->nested_seen = 1;
        r->expect_nested = 1;
        return 1;
    }
    if (r->seen[k->field]) {
        schema(r, HSSC_E_DUPLICATE, k->field, start);
        return 1;
    }
    r->seen[k->field] = 1;
    r->expect = k->field;
    return 1;
}

static int on_open(reader *r, int is_map)
{
    size_t at = tok_end(r) - 1; /* the bracket, a one-byte token */
    r->last_end = at + 1;
    /* yajl has no depth limit: count here, before its state stack grows. */
    if (r->depth >= DEPTH_MAX) {
        return fatal(r, HSSC_E_JSON_DEPTH, HSSC_FIELD_BODY, at);
    }
    int opens_nested = at_active(r) && r->expect_nested && is_map;
    int opens_top = r->depth == 0 && is_map;
    (void)value_wanted(r, at, is_map, 0);
    r->depth++;
    if (opens_top || opens_nested) {
        r->active = r->depth;
        r->expect = HSSC_FIELD_NONE;
        r->expect_nested = 0;
    }
    return 1;
}

static int on_close(reader *r)
{
    r->last_end = tok_end(r);
    if (at_active(r)) {
        /* The nested object hands back to the top one; the top one ends. */
        r->active = r->active > 1 ? r->active - 1 : 0;
        r->expect = HSSC_FIELD_NONE;
        r->expect_nested = 0;
    }
    r->depth--;
    return 1;
}

static int on_start_map(void *ctx)
{
    return on_open((reader *)ctx, 1);
}

static int on_end_map(void *ctx)
{
    return on_close((reader *)ctx);
}

static int on_start_array(void *ctx)
{
    return on_open((reader *)ctx, 0);
}

static int on_end_array(void *ctx)
{
    return on_close((reader *)ctx);
}

static const yajl_callbacks reader_callbacks = {
    on_null,      on_boolean, NULL /* integer */, NULL /* double */, on_number, on_string,
    on_start_map, on_map_key, on_end_map,         on_start_array,    on_end_array,
};

/* Can c start a JSON value? Anything else first (after blanks) means the
 * body is not JSON at all: an HTML page, a BOM, plain text, NaN. */
static int starts_value(unsigned char c)
{
    return c == '{' || c == '[' || c == '"' || c == '-' || hssc_is_digit(c) || c == 't' ||
           c == 'f' || c == 'n';
}

static size_t skip_blanks(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) {
        i++;
    }
    return i;
}

size_t hssc_json_strings_len(const hssc_json_doc *doc)
{
    size_t total = 16; /* the arena's alignment slack */
    for (size_t i = 0; i < doc->field_count; i++) {
        total += hssc_field_get(doc->fields[i])->max_chars * 4u + 1u;
    }
    return total;
}

/* Offset of the first vertical tab or form feed, or len. yajl's lexer takes
 * both for blanks; JSON's blanks are only space, tab, CR and LF. Inside a
 * string yajl rejects them as raw control characters, so wherever one is,
 * the body is not JSON from that byte on. */
static size_t first_odd_blank(const unsigned char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == 0x0B || s[i] == 0x0C) {
            return i;
        }
    }
    return len;
}

static hssc_code finish(reader *r, yajl_status st, size_t stop, hssc_error *err)
{
    size_t odd = first_odd_blank(r->body, r->len);
    if (r->has_fatal) {
        HSSC_ENSURE(odd >= r->fatal.offset, err, HSSC_E_JSON_SYNTAX, HSSC_FIELD_BODY, odd);
        return hssc_fail(err, r->fatal.code, r->fatal.field, r->fatal.offset);
    }
    HSSC_ENSURE(odd >= stop || odd == r->len, err, HSSC_E_JSON_SYNTAX, HSSC_FIELD_BODY, odd);
    if (st != yajl_status_ok) {
        /* A byte yajl refused may be invalid UTF-8 (it checks some of it):
         * if the body's first bad sequence is at or before where yajl
         * stopped, that is the error. */
        size_t u = hssc_utf8_first_bad((const char *)r->body, r->len);
        /* Inside the value of a field being read, the error is that
         * field's, as it is for the sequences yajl lets through. */
        hssc_field f = at_active(r) && r->expect != HSSC_FIELD_NONE && u >= r->last_end
                           ? r->expect
                           : HSSC_FIELD_BODY;
        HSSC_ENSURE(u == r->len || u > stop, err, HSSC_E_UTF8, f, u);
        return hssc_fail(err, HSSC_E_JSON_SYNTAX, HSSC_FIELD_BODY, stop);
    }
    if (r->has_schema) {
        return hssc_fail(err, r->schema.code, r->schema.field, r->schema.offset);
    }
    for (size_t i = 0; i < r->doc->field_count; i++) {
        hssc_field f = r->doc->fields[i];
        HSSC_ENSURE(r->seen[f] || !hssc_field_get(f)->required, err, HSSC_E_MISSING, f, r->len);
    }
    return HSSC_OK;
}

hssc_code hssc_json_read(const hssc_json_doc *doc, const char *body, size_t len, unsigned flags,
                         size_t max_body, void *workspace, size_t workspace_cap,
                         hssc_json_result *res, hssc_arena *arena_out, hssc_error *err)
{
    const hssc_field B = HSSC_FIELD_BODY;
    memset(res, 0, sizeof(*res));
    if (arena_out != NULL) {
        memset(arena_out, 0, sizeof(*arena_out));
    }
    HSSC_ENSURE(body != NULL || len == 0, err, HSSC_E_ARGUMENT, B, 0);
    HSSC_ENSURE(workspace != NULL || workspace_cap == 0, err, HSSC_E_ARGUMENT, B, 0);
    HSSC_ENSURE((flags & ~HSSC_ALLOW_UNKNOWN) == 0, err, HSSC_E_ARGUMENT, B, 0);
    HSSC_ENSURE(len <= max_body, err, HSSC_E_BODY_TOO_LARGE, B, max_body);
    size_t strings_len = hssc_json_strings_len(doc);
    size_t arena_len = HSSC_JSON_ARENA_LEN(len);
    /* yajl does not check its allocations: the arena must never run dry,
     * so the worst case for this body is required up front. */
    HSSC_ENSURE(arena_len <= SIZE_MAX - strings_len && workspace_cap >= strings_len + arena_len,
                err, HSSC_E_WORKSPACE, B, 0);
    size_t first = skip_blanks(body, len);
    HSSC_ENSURE(first < len && starts_value((unsigned char)body[first]), err, HSSC_E_NOT_JSON, B,
                first);

    reader r;
    memset(&r, 0, sizeof(r));
    r.doc = doc;
    r.body = (const unsigned char *)body;
    r.len = len;
    r.flags = flags;
    r.res = res;
    r.strings = (char *)workspace;
    size_t at = 0;
    for (size_t i = 0; i < doc->field_count; i++) {
        r.slot[doc->fields[i]] = at;
        at += hssc_field_get(doc->fields[i])->max_chars * 4u + 1u;
    }

    hssc_arena arena;
    hssc_arena_init(&arena, r.strings + (strings_len - 16), workspace_cap - (strings_len - 16));
    yajl_alloc_funcs funcs = arena_funcs(&arena);
    r.h = yajl_alloc(&reader_callbacks, &funcs, &r);
    /* All off is yajl 2.1's default; said again so that it stays so. */
    (void)yajl_config(r.h, yajl_allow_comments, 0);
    (void)yajl_config(r.h, yajl_dont_validate_strings, 0);
    (void)yajl_config(r.h, yajl_allow_trailing_garbage, 0);
    (void)yajl_config(r.h, yajl_allow_multiple_values, 0);
    (void)yajl_config(r.h, yajl_allow_partial_values, 0);

    yajl_status st = yajl_parse(r.h, (const unsigned char *)body, len);
    size_t stop = yajl_get_bytes_consumed(r.h);
    if (st == yajl_status_ok) {
        r.finishing = 1;
        st = yajl_complete_parse(r.h);
        stop = len;
    }
    /* Never yajl_get_error(): verbose mode copies body bytes, and the
     * offset is all the codec reports anyway. */
    yajl_free(r.h);
    if (arena_out != NULL) {
        *arena_out = arena;
    }
    hssc_code rc = finish(&r, st, stop, err);
    if (rc != HSSC_OK) {
        memset(res, 0, sizeof(*res));
        return rc;
    }
    res->nested = r.nested_seen;
    return HSSC_OK;
}

/* ---- the 200 body ---- */

#define KEY(f, n) {n, sizeof(n) - 1, f}

static const hssc_json_key response_keys[] = {
    KEY(HSSC_FIELD_IMAGE_COMMAND, "image_command"),
    KEY(HSSC_FIELD_IMAGES_DOWNLOAD_URL, "images_download_url"),
    KEY(HSSC_FIELD_SWR_IMAGE_PULL_COMMAND, "swr_image_pull_command"),
};

static const hssc_field response_fields[] = {
    HSSC_FIELD_IMAGE_COMMAND,
    HSSC_FIELD_IMAGES_DOWNLOAD_URL,
    HSSC_FIELD_SWR_IMAGE_PULL_COMMAND,
};

#define RESPONSE_FIELD_COUNT (sizeof(response_fields) / sizeof(response_fields[0]))

const hssc_json_doc hssc_response_doc = {
    response_keys, sizeof(response_keys) / sizeof(response_keys[0]), NULL, 0,
    response_fields, RESPONSE_FIELD_COUNT,
};

hssc_code hssc_response_decode_arena(const char *body, size_t len, unsigned flags, size_t max_body,
                                     void *workspace, size_t workspace_cap, hssc_response *out,
                                     hssc_arena *arena_out, hssc_error *err)
{
    HSSC_ENSURE(out != NULL, err, HSSC_E_ARGUMENT, HSSC_FIELD_BODY, 0);
    memset(out, 0, sizeof(*out));
    hssc_json_result res;
    HSSC_GUARD(hssc_json_read(&hssc_response_doc, body, len, flags, max_body, workspace,
                              workspace_cap, &res, arena_out, err));
    for (size_t i = 0; i < hssc_response_doc.field_count; i++) {
        hssc_field f = hssc_response_doc.fields[i];
        *hssc_response_field(out, f) = res.value[f];
    }
    return HSSC_OK;
}

hssc_code hssc_response_decode(const char *body, size_t len, unsigned flags, size_t max_body,
                               void *workspace, size_t workspace_cap, hssc_response *out,
                               hssc_error *err)
{
    return hssc_response_decode_arena(body, len, flags, max_body, workspace, workspace_cap, out,
                                      NULL, err);
}

/* ---- the canonical encoder ---- */

/* yajl_gen's handle and its (unused) output buffer: under 1 KiB measured;
 * tests/test_response.c asserts the arena never fails. */
#define GEN_ARENA 2048u

/* Where yajl_gen's output goes: straight into the caller's buffer, counted
 * past its end so that a size query and a short buffer learn the size. */
typedef struct sink {
    char *out;
    size_t cap;
    size_t used;
} sink;

static void sink_print(void *ctx, const char *s, size_t n)
{
    sink *k = (sink *)ctx;
    if (k->out != NULL && k->used < k->cap && n <= k->cap - k->used) {
        memcpy(k->out + k->used, s, n);
    }
    k->used += n;
}

static hssc_code gen_ok(yajl_gen_status s, hssc_error *err)
{
    /* Validated input cannot make yajl_gen fail; if it ever does, say so
     * rather than write a broken body. */
    HSSC_ENSURE(s == yajl_gen_status_ok, err, HSSC_E_ARGUMENT, HSSC_FIELD_BODY, 0);
    return HSSC_OK;
}

static hssc_code gen_body(yajl_gen g, const hssc_response *resp, hssc_error *err)
{
    HSSC_GUARD(gen_ok(yajl_gen_map_open(g), err));
    for (size_t i = 0; i < RESPONSE_FIELD_COUNT; i++) {
        const hssc_field_info *info = hssc_field_get(response_fields[i]);
        const hssc_str *v = hssc_response_field_const(resp, response_fields[i]);
        HSSC_GUARD(gen_ok(yajl_gen_string(g, (const unsigned char *)info->name, info->name_len), err));
        HSSC_GUARD(gen_ok(yajl_gen_string(g, (const unsigned char *)v->ptr, v->len), err));
    }
    return gen_ok(yajl_gen_map_close(g), err);
}

static hssc_code encode_checked(const hssc_response *resp, char *out, size_t cap, size_t *out_len,
                                hssc_arena *arena_out, hssc_error *err)
{
    HSSC_ENSURE(resp != NULL && out_len != NULL && (out != NULL || cap == 0), err, HSSC_E_ARGUMENT,
                HSSC_FIELD_BODY, 0);
    for (size_t i = 0; i < RESPONSE_FIELD_COUNT; i++) {
        const hssc_str *v = hssc_response_field_const(resp, response_fields[i]);
        HSSC_ENSURE(v->ptr != NULL, err, HSSC_E_MISSING, response_fields[i], 0);
        HSSC_GUARD(hssc_field_check(response_fields[i], v->ptr, v->len, err));
    }

    _Alignas(16) unsigned char mem[GEN_ARENA];
    hssc_arena arena;
    hssc_arena_init(&arena, mem, sizeof(mem));
    yajl_alloc_funcs funcs = arena_funcs(&arena);
    sink k = {out, cap, 0};
    yajl_gen g = yajl_gen_alloc(&funcs);
    HSSC_ENSURE(g != NULL, err, HSSC_E_WORKSPACE, HSSC_FIELD_BODY, 0);
    (void)yajl_gen_config(g, yajl_gen_beautify, 0);
    (void)yajl_gen_config(g, yajl_gen_validate_utf8, 1);
    (void)yajl_gen_config(g, yajl_gen_escape_solidus, 0);
    (void)yajl_gen_config(g, yajl_gen_print_callback, sink_print, &k);
    hssc_code rc = gen_body(g, resp, err);
    yajl_gen_free(g);
    if (arena_out != NULL) {
        *arena_out = arena;
    }
    HSSC_GUARD(rc);

    *out_len = k.used;
    if (out == NULL) {
        return HSSC_OK; /* size query */
    }
    HSSC_ENSURE(k.used < cap, err, HSSC_E_BUFFER_TOO_SMALL, HSSC_FIELD_NONE, cap);
    out[k.used] = '\0';
    return HSSC_OK;
}

hssc_code hssc_response_encode_arena(const hssc_response *resp, char *out, size_t cap,
                                     size_t *out_len, hssc_arena *arena_out, hssc_error *err)
{
    if (arena_out != NULL) {
        memset(arena_out, 0, sizeof(*arena_out));
    }
    hssc_code rc = encode_checked(resp, out, cap, out_len, arena_out, err);
    if (rc != HSSC_OK) {
        if (out != NULL && cap > 0) {
            memset(out, 0, cap);
        }
        if (out_len != NULL && rc != HSSC_E_BUFFER_TOO_SMALL) {
            *out_len = 0;
        }
    }
    return rc;
}

hssc_code hssc_response_encode(const hssc_response *resp, char *out, size_t cap, size_t *out_len,
                               hssc_error *err)
{
    return hssc_response_encode_arena(resp, out, cap, out_len, NULL, err);
}
