/*
 * The strict JSON reader (yajl 2.1 callbacks) that both body decoders
 * (response_decode.c, apierror.c) share, and the walk under the reader of
 * every finding (json_findings.c; json_reader.h says how the two modes
 * differ).
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
 *
 * Floor 4: field_check.c, json_escape.c, text.c, arena_yajl.c, yajl.
 */
#include <assert.h>
#include <stddef.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "json_reader.h"

#define DEPTH_MAX 64u

typedef hssc_json_walk reader;

/* Space, tab, CR, LF, ':' and ',': what can sit between two tokens, as
 * one bit each (all are below 64). */
#define GAP_BYTES                                                                                  \
    ((1ull << ' ') | (1ull << '\t') | (1ull << '\r') | (1ull << '\n') | (1ull << ':') |            \
     (1ull << ','))

static size_t tok_start(const reader *r)
{
    size_t i = r->last_end;
    while (i < r->len && r->body[i] < 64 && ((GAP_BYTES >> r->body[i]) & 1u) != 0) {
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

#if defined(__GNUC__)
#define COLD __attribute__((cold, noinline))
#else
#define COLD
#endif

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

/* A rule break (a schema error): the parse goes on, so that a body that is
 * not well-formed is reported as such. The first is remembered; with a
 * findings buffer every one is added (a key's with its raw name at name_at,
 * name_len), else nothing more is read into the result. */
static void rule_break(reader *r, hssc_code code, hssc_field field, size_t offset, size_t name_at,
                       size_t name_len)
{
    if (!r->has_broke) {
        r->has_broke = 1;
        (void)hssc_fail(&r->broke, code, field, offset);
    }
    if (r->fs != NULL) {
        hssc_findings_add(r->fs, code, field, offset, name_at, name_len);
    } else {
        r->active = 0;
    }
}

/* Does this value belong to the object whose keys are read? */
static int at_active(const reader *r)
{
    return r->active != 0 && r->depth == r->active;
}

/* The field of a well-formedness error inside a value: the value's field,
 * but the body's once a rule broke (the single-error reader stops reading
 * fields at its first, so that its error is exactly one of the findings). */
static hssc_field value_field(const reader *r, int in_field)
{
    return in_field && !r->has_broke ? r->expect : HSSC_FIELD_BODY;
}

/* string_ok's error, out of its way: the earlier offset wins; at the same
 * offset the escape (the cause) wins. */
COLD static int string_bad(reader *r, size_t start, size_t end, size_t bad, size_t n, hssc_code esc,
                           size_t esc_at, hssc_field field)
{
    const unsigned char *raw = r->body + start + 1;
    size_t raw_len = end - start - 2;
    size_t utf_at = bad < n ? hssc_json_raw_offset(raw, raw_len, bad) : SIZE_MAX;
    if (esc != HSSC_OK && esc_at <= utf_at) {
        return fatal(r, esc, field, start + 1 + esc_at);
    }
    return fatal(r, HSSC_E_UTF8, field, start + 1 + utf_at);
}

/*
 * The checks every string gets, key or value, read or skipped: escapes on
 * the raw text, UTF-8 on the decoded text. For a field (ti not NULL), one
 * scan of the decoded text serves this check and the field's own text
 * rules; any other string needs its UTF-8 checked only, and pure ASCII is
 * valid UTF-8.
 */
static inline int string_ok(reader *r, size_t start, size_t end, const unsigned char *s, size_t n,
                            hssc_field field, hssc_text_info *ti)
{
    size_t raw_len = end - start - 2;
    size_t esc_at = SIZE_MAX;
    /* Every escape decodes to fewer bytes than it takes: a string as long
     * as its raw text has none. */
    hssc_code esc =
        n == raw_len ? HSSC_OK : hssc_json_escapes_check(r->body + start + 1, raw_len, &esc_at);
    size_t bad;
    if (ti != NULL) {
        bad = hssc_text_scan_ex((const char *)s, n, &ti->ctl, &ti->chars);
        ti->utf8_bad = bad;
    } else {
        bad = hssc_is_ascii((const char *)s, n) ? n : hssc_utf8_first_bad((const char *)s, n);
    }
    if (esc == HSSC_OK && bad == n) {
        return 1;
    }
    return string_bad(r, start, end, bad, n, esc, esc_at, field);
}

/* A value's offset: at, or where the current token starts when at is
 * SIZE_MAX (looked for only when an error needs it). */
static size_t value_at(const reader *r, size_t at)
{
    return at != SIZE_MAX ? at : tok_start(r);
}

/* The common start of every value: the top-level rule, and the type of a
 * value the reader wants. kind_ok says whether this value's type is what
 * the current key needs (a string for a field). Returns 1 when the value is
 * a field to read. */
static int value_wanted(reader *r, size_t at, int is_map, int kind_ok)
{
    if (r->depth == 0) {
        if (!is_map) {
            r->top_not_object = 1;
            rule_break(r, HSSC_E_JSON_NOT_OBJECT, HSSC_FIELD_BODY, value_at(r, at), 0, 0);
        }
        return 0;
    }
    if (!at_active(r)) {
        return 0;
    }
    if (r->expect_nested) {
        if (!is_map) {
            rule_break(r, HSSC_E_JSON_TYPE, HSSC_FIELD_BODY, value_at(r, at), 0, 0);
        }
        return 0;
    }
    if (r->expect == HSSC_FIELD_NONE) {
        return 0;
    }
    if (!kind_ok) {
        rule_break(r, HSSC_E_JSON_TYPE, r->expect, value_at(r, at), 0, 0);
        return 0;
    }
    return 1;
}

static int on_scalar(reader *r)
{
    (void)value_wanted(r, SIZE_MAX, 0, 0);
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
    hssc_text_info ti;
    if (!string_ok(r, start, end, s, n, value_field(r, wanted), wanted ? &ti : NULL)) {
        return 0;
    }
    if (!wanted) {
        return 1;
    }
    hssc_field f = r->expect;
    hssc_error e;
    if (hssc_field_check_scanned(f, (const char *)s, n, &ti, &e) != HSSC_OK) {
        const unsigned char *raw = r->body + start + 1;
        rule_break(r, e.code, f, start + 1 + hssc_json_raw_offset(raw, end - start - 2, e.offset),
                   0, 0);
        return 1;
    }
    if (r->strings == NULL) {
        return 1;
    }
    /* Checked: at most max_chars * 4 bytes, the size of the slot. */
    char *dst = r->strings + r->slot[f];
    if (n > 0) {
        memcpy(dst, s, n);
    }
    dst[n] = '\0';
    r->value[f].ptr = dst;
    r->value[f].len = n;
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
    if (!string_ok(r, start, end, s, n, HSSC_FIELD_BODY, NULL)) {
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
    /* A key's rule break carries its raw name, between the quotes. */
    size_t name_len = end - start - 2;
    if (k == NULL) {
        if ((r->flags & HSSC_ALLOW_UNKNOWN) == 0) {
            rule_break(r, HSSC_E_UNKNOWN, HSSC_FIELD_BODY, start, start + 1, name_len);
        }
    } else if (k->field == HSSC_FIELD_NONE) {
        /* The key that opens the nested object. */
        if (r->nested_seen) {
            rule_break(r, HSSC_E_DUPLICATE, HSSC_FIELD_BODY, start, start + 1, name_len);
        } else {
            r->nested_seen = 1;
            r->expect_nested = 1;
        }
    } else if (r->seen[k->field]) {
        rule_break(r, HSSC_E_DUPLICATE, k->field, start, start + 1, name_len);
    } else {
        r->seen[k->field] = 1;
        r->expect = k->field;
    }
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
    int opens = is_map && (r->depth == 0 || (at_active(r) && r->expect_nested));
    (void)value_wanted(r, at, is_map, 0);
    r->depth++;
    if (opens) {
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
    on_null,      on_boolean, NULL /* integer */, NULL /* double */, on_number,    on_string,
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

/* The bytes a field's value takes in the strings area (none for the key
 * that opens the nested object). */
static size_t slot_len(hssc_field f)
{
    return f == HSSC_FIELD_NONE ? 0 : hssc_field_get(f)->max_chars * 4u + 1u;
}

size_t hssc_json_strings_len(const hssc_json_doc *doc)
{
    size_t total = 16; /* the arena's alignment slack */
    for (size_t i = 0; i < doc->top_count; i++) {
        total += slot_len(doc->top[i].field);
    }
    return total;
}

/* Offset of the first vertical tab or form feed in s[0, lim), or lim.
 * yajl's lexer takes both for blanks; JSON's blanks are only space, tab, CR
 * and LF. Inside a string yajl rejects them as raw control characters, so
 * wherever one is, the body is not JSON from that byte on. */
static size_t first_odd_blank(const unsigned char *s, size_t lim)
{
    const unsigned char *vt = lim > 0 ? memchr(s, 0x0B, lim) : NULL;
    lim = vt != NULL ? (size_t)(vt - s) : lim;
    const unsigned char *ff = lim > 0 ? memchr(s, 0x0C, lim) : NULL;
    return ff != NULL ? (size_t)(ff - s) : lim;
}

static int ends(hssc_error *out, hssc_code code, hssc_field field, size_t offset)
{
    (void)hssc_fail(out, code, field, offset);
    return 1;
}

/* How a parse ended, for stop_error. */
typedef struct hssc_json_stop {
    int whole;               /* yajl took the body whole (yajl_status_ok to the end) */
    size_t stop;             /* where yajl stopped (bytes consumed); len when whole */
    const hssc_error *fatal; /* the error a callback stopped the parse with, or NULL */
    hssc_field in_value;     /* the field whose value was being read, else HSSC_FIELD_BODY */
    size_t value_from;       /* where that value can start: the end of the token before */
} hssc_json_stop;

/*
 * The error that ends the body: a vertical tab or form feed before the
 * error otherwise reported; the callback's error; when yajl refused a byte,
 * the first invalid UTF-8 sequence at or before it (in_value's error when
 * it lies at or past value_from), else a syntax error where yajl stopped.
 * Returns 0 when the body was whole and has none, else 1 with *out set.
 *
 * Reads the body only as far as the error it reports needs (a whole body:
 * all of it, for the blanks), so a body rejected early costs little
 * (issue 14: fuzzing is mostly rejected bodies).
 */
static int stop_error(const unsigned char *body, size_t len, const hssc_json_stop *s,
                      hssc_error *out)
{
    /* Only a blank before the error otherwise reported matters. */
    size_t before = s->fatal != NULL ? s->fatal->offset : s->stop;
    size_t odd = first_odd_blank(body, before);
    if (odd < before) {
        return ends(out, HSSC_E_JSON_SYNTAX, HSSC_FIELD_BODY, odd);
    }
    if (s->fatal != NULL) {
        return ends(out, s->fatal->code, s->fatal->field, s->fatal->offset);
    }
    if (s->whole) {
        return 0;
    }
    /* A byte yajl refused may be invalid UTF-8 (it checks some of it): if
     * the body's first bad sequence is at or before where yajl stopped,
     * that is the error. A sequence that starts there ends within four
     * bytes, so the scan stops there too: its answer up to stop is the
     * whole body's. Inside the value of a field being read, the error is
     * that field's, as it is for the sequences yajl lets through. */
    size_t lim = len - s->stop > 4 ? s->stop + 4 : len;
    size_t u = hssc_utf8_first_bad((const char *)body, lim);
    if (u < lim && u <= s->stop) {
        hssc_field f = u >= s->value_from ? s->in_value : HSSC_FIELD_BODY;
        return ends(out, HSSC_E_UTF8, f, u);
    }
    return ends(out, HSSC_E_JSON_SYNTAX, HSSC_FIELD_BODY, s->stop);
}

hssc_field hssc_json_missing(const hssc_json_doc *doc, const unsigned char *seen, size_t *next)
{
    while (*next < doc->top_count) {
        hssc_field f = doc->top[(*next)++].field;
        if (f != HSSC_FIELD_NONE && !seen[f] && hssc_field_get(f)->required) {
            return f;
        }
    }
    return HSSC_FIELD_NONE;
}

hssc_code hssc_json_precheck(const hssc_json_doc *doc, const char *body, size_t len, unsigned flags,
                             size_t max_body, const void *workspace, size_t workspace_cap,
                             hssc_error *err)
{
    const hssc_field B = HSSC_FIELD_BODY;
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
    return HSSC_OK;
}

int hssc_json_walk_body(hssc_json_walk *w, const hssc_json_doc *doc, const char *body, size_t len,
                        unsigned flags, int store, hssc_findings *fs, void *workspace,
                        size_t workspace_cap, hssc_arena *arena_out, hssc_error *end)
{
    memset(w, 0, offsetof(hssc_json_walk, slot));
    w->doc = doc;
    w->body = (const unsigned char *)body;
    w->len = len;
    w->flags = flags;
    w->fs = fs;
    size_t at = 0;
    for (size_t i = 0; i < doc->top_count; i++) {
        hssc_field f = doc->top[i].field;
        if (f != HSSC_FIELD_NONE) {
            w->slot[f] = at;
            w->value[f] = (hssc_str){NULL, 0};
            at += slot_len(f);
        }
    }
    w->strings = store ? (char *)workspace : NULL;
    /* The arena after the strings: at is hssc_json_strings_len(doc) less
     * the alignment slack. */
    hssc_arena arena;
    hssc_arena_init(&arena, (char *)workspace + at, workspace_cap - at);
    yajl_alloc_funcs funcs;
    hssc_arena_yajl_funcs(&arena, &funcs);
    w->h = yajl_alloc(&reader_callbacks, &funcs, w);
    /* All off is yajl 2.1's default; said again so that it stays so. */
    (void)yajl_config(w->h, yajl_allow_comments, 0);
    (void)yajl_config(w->h, yajl_dont_validate_strings, 0);
    (void)yajl_config(w->h, yajl_allow_trailing_garbage, 0);
    (void)yajl_config(w->h, yajl_allow_multiple_values, 0);
    (void)yajl_config(w->h, yajl_allow_partial_values, 0);

    yajl_status st = yajl_parse(w->h, (const unsigned char *)body, len);
    size_t stop = yajl_get_bytes_consumed(w->h);
    if (st == yajl_status_ok) {
        w->finishing = 1;
        st = yajl_complete_parse(w->h);
        stop = len;
    }
    /* Never yajl_get_error(): verbose mode copies body bytes, and the
     * offset is all the codec reports anyway. */
    yajl_free(w->h);
    w->h = NULL;
    if (arena_out != NULL) {
        *arena_out = arena;
    }
    hssc_json_stop s = {
        st == yajl_status_ok,
        stop,
        w->has_fatal ? &w->fatal : NULL,
        value_field(w, at_active(w) && w->expect != HSSC_FIELD_NONE),
        w->last_end,
    };
    return stop_error(w->body, w->len, &s, end);
}

hssc_code hssc_json_decode(const hssc_json_doc *doc, const char *body, size_t len, unsigned flags,
                           size_t max_body, void *workspace, size_t workspace_cap, void *out,
                           size_t out_size, int *nested, hssc_arena *arena_out, hssc_error *err)
{
    HSSC_ENSURE(out != NULL, err, HSSC_E_ARGUMENT, HSSC_FIELD_BODY, 0);
    memset(out, 0, out_size);
    if (arena_out != NULL) {
        memset(arena_out, 0, sizeof(*arena_out));
    }
    HSSC_GUARD(hssc_json_precheck(doc, body, len, flags, max_body, workspace, workspace_cap, err));
    reader r;
    hssc_error e;
    if (hssc_json_walk_body(&r, doc, body, len, flags, 1, NULL, workspace, workspace_cap, arena_out,
                            &e)) {
        return hssc_fail(err, e.code, e.field, e.offset);
    }
    if (r.has_broke) {
        return hssc_fail(err, r.broke.code, r.broke.field, r.broke.offset);
    }
    size_t next = 0;
    hssc_field missing = hssc_json_missing(doc, r.seen, &next);
    HSSC_ENSURE(missing == HSSC_FIELD_NONE, err, HSSC_E_MISSING, missing, len);
    for (size_t i = 0; i < doc->top_count; i++) {
        hssc_field f = doc->top[i].field;
        if (f != HSSC_FIELD_NONE) {
            hssc_str *m = doc->member(out, f);
            assert(m != NULL); /* a document's fields are its struct's */
            *m = r.value[f];
        }
    }
    if (nested != NULL) {
        *nested = r.nested_seen;
    }
    return HSSC_OK;
}
