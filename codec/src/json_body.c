/*
 * What is decided about a JSON body outside the walk over its tokens
 * (json_reader.c): before it, whether the body can be read at all (its
 * size, the workspace, a first byte that can start JSON); after it, the
 * error that ends the body, from how the parse stopped; and which required
 * field is missing. Shared by both readers of json_reader.h.
 *
 * Floor 1: field_table.c, text.c (hssc_fail is inline).
 */
#include <stddef.h>
#include <string.h>

#include "json_reader.h"

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
size_t hssc_json_slot_len(hssc_field f)
{
    return f == HSSC_FIELD_NONE ? 0 : hssc_field_get(f)->max_chars * 4u + 1u;
}

size_t hssc_json_strings_len(const hssc_json_doc *doc)
{
    size_t total = 16; /* the arena's alignment slack */
    for (size_t i = 0; i < doc->top_count; i++) {
        total += hssc_json_slot_len(doc->top[i].field);
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
int hssc_json_stop_error(const unsigned char *body, size_t len, const hssc_json_stop *s,
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
