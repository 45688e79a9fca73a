/*
 * The raw text of a JSON string (between its quotes), read with the
 * bounds-checked cursor: the escape checks yajl does not make, and the map
 * from a decoded byte back to the raw byte or escape that produced it.
 * yajl has checked the escape grammar before either runs; the cursor keeps
 * every read in bounds all the same.
 *
 * Floor 0: cursor.h only.
 */
#include "hssc_internal.h"

/* Reads "\uXXXX" at the cursor into *cp: 1, or 0 (cursor unchanged) when
 * something else is there. */
static int read_u_escape(hssc_cursor *c, unsigned *cp)
{
    unsigned char b0 = 0;
    unsigned char b1 = 0;
    if (!hssc_cursor_peek(c, 0, &b0) || !hssc_cursor_peek(c, 1, &b1) || b0 != '\\' || b1 != 'u') {
        return 0;
    }
    hssc_cursor t = *c;
    (void)hssc_cursor_skip(&t, 2);
    if (!hssc_cursor_hex(&t, 4, cp)) {
        return 0;
    }
    *c = t;
    return 1;
}

static int is_high(unsigned cp)
{
    return cp >= 0xD800 && cp <= 0xDBFF;
}

/* Moves past one raw element that is not a \u escape: a byte, or a
 * two-byte simple escape (to the end when it is cut off). */
static void skip_other(hssc_cursor *c)
{
    unsigned char b = 0;
    (void)hssc_cursor_peek(c, 0, &b);
    if (b != '\\' || !hssc_cursor_skip(c, 2)) {
        (void)hssc_cursor_skip(c, b == '\\' ? hssc_cursor_left(c) : 1);
    }
}

/* What the checks need to know of an escape at the cursor (a backslash):
 * \u0000, a high or a low surrogate (\uD800..\uDBFF, \uDC00..\uDFFF),
 * or anything else. Only the digits that decide are looked at; the value
 * is never computed. */
enum {
    U_OTHER,
    U_NUL,
    U_HIGH,
    U_LOW
};

static int u_kind(const hssc_cursor *c)
{
    const unsigned char *e = hssc_cursor_look(c, 6); /* \uXXXX */
    if (e == NULL || e[1] != 'u') {
        return U_OTHER;
    }
    const unsigned char *h = e + 2;
    if (h[0] == '0' && h[1] == '0' && h[2] == '0' && h[3] == '0') {
        return U_NUL;
    }
    if ((h[0] | 0x20) != 'd' || !hssc_is_hex(h[2]) || !hssc_is_hex(h[3])) {
        return U_OTHER;
    }
    unsigned char d = (unsigned char)(h[1] | 0x20); /* 'A'..'F' as 'a'..'f' */
    if (h[1] == '8' || h[1] == '9' || d == 'a' || d == 'b') {
        return U_HIGH;
    }
    return d >= 'c' && d <= 'f' ? U_LOW : U_OTHER;
}

hssc_code hssc_json_escapes_check(const unsigned char *raw, size_t n, size_t *at)
{
    hssc_cursor c = hssc_cursor_of(raw, n);
    /* From backslash to backslash: only escapes need a look. Any escape
     * but a surrogate pair is two bytes to step over (the digits of a \u
     * escape hold no backslash). */
    while (hssc_cursor_find(&c, '\\')) {
        *at = c.at;
        int kind = u_kind(&c);
        if (kind == U_NUL) {
            return HSSC_E_JSON_NUL;
        }
        if (kind == U_LOW) {
            return HSSC_E_JSON_SURROGATE;
        }
        if (kind == U_HIGH) {
            (void)hssc_cursor_skip(&c, 6);
            if (u_kind(&c) != U_LOW) {
                return HSSC_E_JSON_SURROGATE;
            }
        }
        if (!hssc_cursor_skip(&c, 2)) {
            break; /* a backslash at the very end: not a JSON string */
        }
    }
    return HSSC_OK;
}

/*
 * Widths follow yajl_string_decode: a simple escape is one byte, \uXXXX is
 * its UTF-8 length, a high surrogate escape followed by another \u escape
 * is one 4-byte character, a lone high one is '?'. The walk is monotonic,
 * so an offset past a bad escape is never before that escape.
 */
size_t hssc_json_raw_offset(const unsigned char *raw, size_t n, size_t nth)
{
    hssc_cursor c = hssc_cursor_of(raw, n);
    size_t produced = 0; /* never more than nth */
    for (;;) {
        /* Up to the next backslash, each raw byte is one decoded byte. */
        size_t from = c.at;
        int escape = hssc_cursor_find(&c, '\\');
        if (c.at - from > nth - produced) {
            return from + (nth - produced);
        }
        produced += c.at - from;
        if (!escape) {
            return n;
        }
        size_t here = c.at;
        size_t width = 1;
        unsigned cp = 0;
        if (read_u_escape(&c, &cp)) {
            width = cp < 0x80 ? 1 : (cp < 0x800 ? 2 : 3);
            unsigned next = 0;
            if (is_high(cp)) {
                width = read_u_escape(&c, &next) ? 4 : 1;
            }
        } else {
            skip_other(&c);
        }
        if (width > nth - produced) {
            return here;
        }
        produced += width;
    }
}
