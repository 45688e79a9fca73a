/*
 * Every finding of a body: the strict reader's rules (json_reader.c, the
 * public header's Responses section), applied by a reader that goes on after
 * each rule break instead of keeping the first. A well-formedness error
 * still ends the body: it is the last finding, and what was found past it
 * is dropped (a byte yajl took for a blank, a vertical tab or a form feed,
 * can lie before tokens it went on to read).
 *
 * It is a reader of its own, not a mode of json_reader.c, so that the
 * single-error reader keeps its straight path (and the two can be compared:
 * tests/test_findings.c checks that the single error is always among these
 * findings). Token positions are found as json_reader.c finds them: from
 * the end of the previous token, past blanks, ':' and ','.
 *
 * Floor 5: json_reader.c (4: the size of a document's strings, so that the
 * workspace rule is the single reader's), field_check.c (3), arena_yajl.c
 * (1), json_escape.c, text.c and the field table (0), yajl.
 */
#include <string.h>

#include <yajl/yajl_parse.h>

#include "json_reader.h"

#define DEPTH_MAX 64u

typedef struct collector {
    yajl_handle h;
    const hssc_json_doc *doc;
    const unsigned char *body;
    size_t len;
    unsigned flags;
    int finishing;
    size_t last_end;
    unsigned depth;
    unsigned active;   /* depth of the object whose keys are read */
    hssc_field expect; /* field of the current key's value */
    int expect_nested; /* the current key opens the nested object */
    int nested_seen;
    int top_not_object;
    int broke; /* a rule break was found (see well_field) */
    unsigned char seen[HSSC_FIELD_COUNT_];
    hssc_findings *fs;
    hssc_error end; /* the well-formedness error that ended the body */
    int ended;
} collector;

static size_t token_at(const collector *c)
{
    size_t i = c->last_end;
    while (i < c->len && (c->body[i] == ' ' || c->body[i] == '\t' || c->body[i] == '\r' ||
                          c->body[i] == '\n' || c->body[i] == ':' || c->body[i] == ',')) {
        i++;
    }
    return i;
}

static size_t token_end(const collector *c)
{
    return c->finishing ? c->len : yajl_get_bytes_consumed(c->h);
}

static int end_body(collector *c, hssc_code code, hssc_field field, size_t offset)
{
    if (!c->ended) {
        c->ended = 1;
        (void)hssc_fail(&c->end, code, field, offset);
    }
    return 0;
}

static void rule_break(collector *c, hssc_code code, hssc_field field, size_t offset)
{
    c->broke = 1;
    hssc_findings_add(c->fs, code, field, offset, 0, 0);
}

/* The field of a well-formedness error inside a value: the value's field,
 * but the body's once a rule break was found, as the single-error reader
 * says (it stops reading fields at its first rule break), so that its error
 * is exactly one of these findings. */
static hssc_field well_field(const collector *c, int in_field)
{
    return in_field && !c->broke ? c->expect : HSSC_FIELD_BODY;
}

static int reading(const collector *c)
{
    return c->active != 0 && c->depth == c->active;
}

/* Escapes on the raw text, UTF-8 on the decoded text; the earlier wins, the
 * escape at a tie. */
static int string_checked(collector *c, size_t start, size_t end, const unsigned char *s, size_t n,
                          hssc_field field)
{
    const unsigned char *raw = c->body + start + 1;
    size_t raw_len = end - start - 2;
    size_t esc_at = SIZE_MAX;
    hssc_code esc = hssc_json_escapes_check(raw, raw_len, &esc_at);
    size_t bad = hssc_utf8_first_bad((const char *)s, n);
    size_t utf_at = bad < n ? hssc_json_raw_offset(raw, raw_len, bad) : SIZE_MAX;
    if (esc != HSSC_OK && esc_at <= utf_at) {
        return end_body(c, esc, field, start + 1 + esc_at);
    }
    if (utf_at != SIZE_MAX) {
        return end_body(c, HSSC_E_UTF8, field, start + 1 + utf_at);
    }
    return 1;
}

/* 1 when this value is a field to read; a value of the wrong kind is a
 * rule break. */
static int wanted(collector *c, size_t at, int is_map, int is_string)
{
    if (c->depth == 0) {
        if (!is_map) {
            c->top_not_object = 1;
            rule_break(c, HSSC_E_JSON_NOT_OBJECT, HSSC_FIELD_BODY, at);
        }
        return 0;
    }
    if (!reading(c)) {
        return 0;
    }
    if (c->expect_nested) {
        if (!is_map) {
            rule_break(c, HSSC_E_JSON_TYPE, HSSC_FIELD_BODY, at);
        }
        return 0;
    }
    if (c->expect == HSSC_FIELD_NONE) {
        return 0;
    }
    if (!is_string) {
        rule_break(c, HSSC_E_JSON_TYPE, c->expect, at);
        return 0;
    }
    return 1;
}

static int scalar(collector *c)
{
    (void)wanted(c, token_at(c), 0, 0);
    c->last_end = token_end(c);
    return 1;
}

static int cb_null(void *ctx)
{
    return scalar((collector *)ctx);
}

static int cb_boolean(void *ctx, int v)
{
    (void)v;
    return scalar((collector *)ctx);
}

static int cb_number(void *ctx, const char *s, size_t n)
{
    (void)s;
    (void)n;
    return scalar((collector *)ctx);
}

static int cb_string(void *ctx, const unsigned char *s, size_t n)
{
    collector *c = (collector *)ctx;
    size_t start = token_at(c);
    size_t end = token_end(c);
    c->last_end = end;
    int want = wanted(c, start, 0, 1);
    if (!string_checked(c, start, end, s, n, well_field(c, want))) {
        return 0;
    }
    hssc_error e;
    if (want && hssc_field_check(c->expect, (const char *)s, n, &e) != HSSC_OK) {
        const unsigned char *raw = c->body + start + 1;
        rule_break(c, e.code, c->expect,
                   start + 1 + hssc_json_raw_offset(raw, end - start - 2, e.offset));
    }
    return 1;
}

static const hssc_json_key *find_key(const hssc_json_key *keys, size_t count,
                                     const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < count; i++) {
        if (keys[i].len == n && memcmp(keys[i].name, s, n) == 0) {
            return &keys[i];
        }
    }
    return NULL;
}

/* A key's finding carries its raw name, between the quotes. */
static void key_break(collector *c, hssc_code code, hssc_field field, size_t start, size_t end)
{
    c->broke = 1;
    hssc_findings_add(c->fs, code, field, start, start + 1, end - start - 2);
}

static int cb_map_key(void *ctx, const unsigned char *s, size_t n)
{
    collector *c = (collector *)ctx;
    size_t start = token_at(c);
    size_t end = token_end(c);
    c->last_end = end;
    if (!string_checked(c, start, end, s, n, HSSC_FIELD_BODY)) {
        return 0;
    }
    if (!reading(c)) {
        return 1;
    }
    c->expect = HSSC_FIELD_NONE;
    c->expect_nested = 0;
    const hssc_json_key *k = c->active == 1 ? find_key(c->doc->top, c->doc->top_count, s, n)
                                            : find_key(c->doc->nested, c->doc->nested_count, s, n);
    if (k == NULL) {
        if ((c->flags & HSSC_ALLOW_UNKNOWN) == 0) {
            key_break(c, HSSC_E_UNKNOWN, HSSC_FIELD_BODY, start, end);
        }
    } else if (k->field == HSSC_FIELD_NONE) {
        if (c->nested_seen) {
            key_break(c, HSSC_E_DUPLICATE, HSSC_FIELD_BODY, start, end);
        } else {
            c->nested_seen = 1;
            c->expect_nested = 1;
        }
    } else if (c->seen[k->field]) {
        key_break(c, HSSC_E_DUPLICATE, k->field, start, end);
    } else {
        c->seen[k->field] = 1;
        c->expect = k->field;
    }
    return 1;
}

static int open_container(collector *c, int is_map)
{
    size_t at = token_end(c) - 1;
    c->last_end = at + 1;
    if (c->depth >= DEPTH_MAX) {
        return end_body(c, HSSC_E_JSON_DEPTH, HSSC_FIELD_BODY, at);
    }
    int opens = is_map && (c->depth == 0 || (reading(c) && c->expect_nested));
    (void)wanted(c, at, is_map, 0);
    c->depth++;
    if (opens) {
        c->active = c->depth;
        c->expect = HSSC_FIELD_NONE;
        c->expect_nested = 0;
    }
    return 1;
}

static int close_container(collector *c)
{
    c->last_end = token_end(c);
    if (reading(c)) {
        c->active = c->active > 1 ? c->active - 1 : 0;
        c->expect = HSSC_FIELD_NONE;
        c->expect_nested = 0;
    }
    c->depth--;
    return 1;
}

static int cb_start_map(void *ctx)
{
    return open_container((collector *)ctx, 1);
}

static int cb_end_map(void *ctx)
{
    return close_container((collector *)ctx);
}

static int cb_start_array(void *ctx)
{
    return open_container((collector *)ctx, 0);
}

static int cb_end_array(void *ctx)
{
    return close_container((collector *)ctx);
}

static const yajl_callbacks collector_callbacks = {
    cb_null,      cb_boolean, NULL,       NULL,           cb_number,    cb_string,
    cb_start_map, cb_map_key, cb_end_map, cb_start_array, cb_end_array,
};

/* The error that ended the body, as json_reader.c's finish() decides it
 * (hssc_json_stop_error). Returns 0 when the body was whole. */
static int body_end(collector *c, yajl_status st, size_t stop, hssc_error *out)
{
    int in_field = reading(c) && c->expect != HSSC_FIELD_NONE;
    hssc_json_stop s = {
        st == yajl_status_ok, stop, c->ended ? &c->end : NULL, well_field(c, in_field), c->last_end,
    };
    return hssc_json_stop_error(c->body, c->len, &s, out);
}

/* Drops the findings from where the body ended on (a token yajl read past
 * a vertical tab starts at that tab, as token_at sees it), then adds the
 * end. */
static void end_findings(hssc_findings *fs, const hssc_error *end)
{
    size_t kept = fs->count;
    while (kept > 0 && fs->items[kept - 1].offset >= end->offset) {
        kept--;
    }
    if (kept < fs->count) {
        fs->count = kept;
        fs->dropped = 0; /* in order: what did not fit came later still */
    }
    hssc_findings_add(fs, end->code, end->field, end->offset, 0, 0);
}

static int starts_value(unsigned char b)
{
    return b == '{' || b == '[' || b == '"' || b == '-' || hssc_is_digit(b) || b == 't' ||
           b == 'f' || b == 'n';
}

hssc_code hssc_json_find_all(const hssc_json_doc *doc, const char *body, size_t len, unsigned flags,
                             size_t max_body, void *workspace, size_t workspace_cap,
                             hssc_findings *fs, hssc_error *err)
{
    const hssc_field B = HSSC_FIELD_BODY;
    HSSC_ENSURE(fs != NULL && (fs->items != NULL || fs->cap == 0), err, HSSC_E_ARGUMENT, B, 0);
    fs->count = 0;
    fs->dropped = 0;
    HSSC_ENSURE(body != NULL || len == 0, err, HSSC_E_ARGUMENT, B, 0);
    HSSC_ENSURE(workspace != NULL || workspace_cap == 0, err, HSSC_E_ARGUMENT, B, 0);
    HSSC_ENSURE((flags & ~HSSC_ALLOW_UNKNOWN) == 0, err, HSSC_E_ARGUMENT, B, 0);
    size_t strings_len = hssc_json_strings_len(doc);
    size_t arena_len = HSSC_JSON_ARENA_LEN(len);
    size_t first = 0;
    while (first < len && (body[first] == ' ' || body[first] == '\t' || body[first] == '\r' ||
                           body[first] == '\n')) {
        first++;
    }
    if (len > max_body) {
        hssc_findings_add(fs, HSSC_E_BODY_TOO_LARGE, B, max_body, 0, 0);
    } else if (arena_len > SIZE_MAX - strings_len || workspace_cap < strings_len + arena_len) {
        hssc_findings_add(fs, HSSC_E_WORKSPACE, B, 0, 0, 0);
    } else if (first == len || !starts_value((unsigned char)body[first])) {
        hssc_findings_add(fs, HSSC_E_NOT_JSON, B, first, 0, 0);
    }
    if (fs->count > 0 || fs->dropped > 0) {
        return hssc_findings_result(fs, err);
    }

    collector c;
    memset(&c, 0, sizeof(c));
    c.doc = doc;
    c.body = (const unsigned char *)body;
    c.len = len;
    c.flags = flags;
    c.fs = fs;
    hssc_arena arena;
    hssc_arena_init(&arena, workspace, workspace_cap);
    yajl_alloc_funcs funcs;
    hssc_arena_yajl_funcs(&arena, &funcs);
    c.h = yajl_alloc(&collector_callbacks, &funcs, &c);
    (void)yajl_config(c.h, yajl_allow_comments, 0); /* all off, as json_reader.c */
    (void)yajl_config(c.h, yajl_dont_validate_strings, 0);
    (void)yajl_config(c.h, yajl_allow_trailing_garbage, 0);
    (void)yajl_config(c.h, yajl_allow_multiple_values, 0);
    (void)yajl_config(c.h, yajl_allow_partial_values, 0);
    yajl_status st = yajl_parse(c.h, (const unsigned char *)body, len);
    size_t stop = yajl_get_bytes_consumed(c.h);
    if (st == yajl_status_ok) {
        c.finishing = 1;
        st = yajl_complete_parse(c.h);
        stop = len;
    }
    yajl_free(c.h); /* never yajl_get_error(): verbose mode copies the body */
    hssc_error end;
    if (body_end(&c, st, stop, &end)) {
        end_findings(fs, &end);
    } else if (!c.top_not_object) {
        for (size_t i = 0; i < doc->field_count; i++) {
            hssc_field f = doc->fields[i];
            if (!c.seen[f] && hssc_field_get(f)->required) {
                hssc_findings_add(fs, HSSC_E_MISSING, f, len, 0, 0);
            }
        }
    }
    return hssc_findings_result(fs, err);
}
