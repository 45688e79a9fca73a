/*
 * The HAR's structure, walked in yajl's callbacks: a stack of contexts, the
 * member names the reader looks at, what a value means where it stands;
 * each entry, once closed, goes to capture_entry.c.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "capture_internal.h"

typedef struct key_name {
    const char *name;
    size_t len;
    int key;
} key_name;

#define K(s, k)                                                                                    \
    {                                                                                              \
        s, sizeof(s) - 1, k                                                                        \
    }

static int key_lookup(unsigned char ctx, const unsigned char *s, size_t len)
{
    static const key_name root[] = {K("log", KEY_LOG)};
    static const key_name log[] = {K("entries", KEY_ENTRIES)};
    static const key_name entry[] = {K("startedDateTime", KEY_STARTED), K("request", KEY_REQUEST),
                                     K("response", KEY_RESPONSE)};
    static const key_name req[] = {K("method", KEY_METHOD), K("url", KEY_URL),
                                   K("headers", KEY_HEADERS), K("queryString", KEY_QUERY)};
    static const key_name pair[] = {K("name", KEY_NAME), K("value", KEY_VALUE)};
    static const key_name resp[] = {K("status", KEY_STATUS), K("headers", KEY_HEADERS),
                                    K("content", KEY_CONTENT)};
    static const key_name content[] = {K("text", KEY_TEXT), K("encoding", KEY_ENCODING)};
    const key_name *t;
    size_t n;
    switch (ctx) {
    case CTX_ROOT:
        t = root;
        n = 1;
        break;
    case CTX_LOG:
        t = log;
        n = 1;
        break;
    case CTX_ENTRY:
        t = entry;
        n = 3;
        break;
    case CTX_REQ:
        t = req;
        n = 4;
        break;
    case CTX_REQ_HEADER:
    case CTX_QUERY_ITEM:
    case CTX_RESP_HEADER:
        t = pair;
        n = 2;
        break;
    case CTX_RESP:
        t = resp;
        n = 3;
        break;
    case CTX_CONTENT:
        t = content;
        n = 2;
        break;
    default:
        return KEY_OTHER;
    }
    for (size_t i = 0; i < n; i++) {
        if (t[i].len == len && memcmp(t[i].name, s, len) == 0) {
            return t[i].key;
        }
    }
    return KEY_OTHER;
}

/* The stream offset where the value yajl just handed over starts: yajl has
 * consumed up to its end; walk back over it in the piece being parsed. */
static uint64_t value_start(const hssc_capture *c)
{
    const unsigned char *p = c->piece;
    size_t end = yajl_get_bytes_consumed(c->h);
    if (end == 0 || end > c->piece_len) {
        return c->piece_at + end;
    }
    size_t j = end - 1;
    if (p[j] == '"') {
        /* back to the opening quote: one not escaped by an odd run of
         * backslashes */
        while (j > 0) {
            j--;
            if (p[j] == '"') {
                size_t k = j;
                while (k > 0 && p[k - 1] == '\\') {
                    k--;
                }
                if ((j - k) % 2 == 0) {
                    break;
                }
            }
        }
        return c->piece_at + j;
    }
    if (p[j] == '{' || p[j] == '[' || p[j] == '}' || p[j] == ']') {
        return c->piece_at + j;
    }
    while (j > 0 && (hssc_is_alpha(p[j - 1]) || hssc_is_digit(p[j - 1]) || p[j - 1] == '.' ||
                     p[j - 1] == '-' || p[j - 1] == '+')) {
        j--;
    }
    return c->piece_at + j;
}

/* Stops the reader: the file is not a HAR. */
static int not_har(hssc_capture *c)
{
    c->code = HSSC_E_NOT_HAR;
    c->err_at = value_start(c);
    c->yajl_stopped = 1;
    return 0;
}

static void begin_entry(hssc_capture *c)
{
    hssc_har_entry_reset(c);
    c->sum.entries++;
}

/* What a value of type t in the current position means; for containers,
 * the context to push. */
static int value(hssc_capture *c, enum vtype t, const unsigned char *s, size_t len,
                 const hssc_clip_note *n, unsigned char *push)
{
    unsigned char ctx = hssc_har_top(c);
    int key = c->key;
    *push = CTX_SKIP;
    c->key = KEY_OTHER;
    switch (ctx) {
    case CTX_TOP:
        if (t != V_MAP) {
            return not_har(c);
        }
        *push = CTX_ROOT;
        return 1;
    case CTX_ROOT:
        if (key == KEY_LOG) {
            if (t != V_MAP) {
                return not_har(c);
            }
            *push = CTX_LOG;
        }
        return 1;
    case CTX_LOG:
        if (key == KEY_ENTRIES) {
            if (t != V_ARRAY) {
                return not_har(c);
            }
            c->saw_entries = 1;
            *push = CTX_ENTRIES;
        }
        return 1;
    case CTX_ENTRIES:
        begin_entry(c);
        if (t == V_MAP) {
            *push = CTX_ENTRY;
        } else {
            hssc_har_shape(c, HSSC_E_HAR_TYPE, HSSC_FIELD_NONE);
            hssc_har_entry_check(c);
        }
        return 1;
    case CTX_ENTRY:
    case CTX_REQ:
    case CTX_RESP:
    case CTX_CONTENT:
        if (ctx == CTX_RESP && key == KEY_STATUS) {
            hssc_har_status_value(c, t, s, len);
        } else if (key != KEY_OTHER) {
            hssc_har_typed_value(c, ctx, key, t, s, len, n, push);
        }
        return 1;
    case CTX_REQ_HEADERS:
    case CTX_RESP_HEADERS:
    case CTX_QUERY:
        if (t == V_MAP) {
            hssc_har_text_reset(&c->hname);
            hssc_har_text_reset(&c->hvalue);
            *push = ctx == CTX_QUERY         ? CTX_QUERY_ITEM
                    : ctx == CTX_REQ_HEADERS ? CTX_REQ_HEADER
                                             : CTX_RESP_HEADER;
        } else {
            hssc_har_shape(c, HSSC_E_HAR_TYPE,
                           ctx == CTX_QUERY ? HSSC_FIELD_TARGET : HSSC_FIELD_HEADER);
        }
        return 1;
    case CTX_REQ_HEADER:
    case CTX_RESP_HEADER:
    case CTX_QUERY_ITEM:
        if (key == KEY_NAME || key == KEY_VALUE) {
            if (t == V_STRING) {
                hssc_har_text_keep(key == KEY_NAME ? &c->hname : &c->hvalue, s, len, n);
            } else {
                hssc_har_shape(c, HSSC_E_HAR_TYPE,
                               ctx == CTX_QUERY_ITEM ? HSSC_FIELD_TARGET : HSSC_FIELD_HEADER);
            }
        }
        return 1;
    default:
        return 1;
    }
}

/* Where the value yajl just handed over ends (for capture.c's
 * syntax_error_at). */
static void note_value_end(hssc_capture *c)
{
    c->value_end = c->piece_at + yajl_get_bytes_consumed(c->h);
}

/* A scalar value. */
static int scalar(hssc_capture *c, enum vtype t, const unsigned char *s, size_t len)
{
    note_value_end(c);
    const hssc_clip_note *n = NULL;
    if (t == V_STRING) {
        n = hssc_clip_note_for(&c->clip, c->strings++);
    }
    unsigned char push;
    return value(c, t, s, len, n, &push);
}

static int open_container(hssc_capture *c, enum vtype t)
{
    unsigned char push;
    if (!value(c, t, NULL, 0, NULL, &push)) {
        return 0;
    }
    if (c->depth >= HSSC_HAR_DEPTH_MAX) {
        c->code = HSSC_E_JSON_DEPTH;
        c->err_at = value_start(c);
        c->yajl_stopped = 1;
        return 0;
    }
    c->stack[++c->depth] = push;
    c->key = KEY_OTHER;
    return 1;
}

static int close_container(hssc_capture *c)
{
    note_value_end(c);
    unsigned char ctx = hssc_har_top(c);
    if (c->depth > 0) {
        c->depth--;
    }
    c->key = KEY_OTHER;
    switch (ctx) {
    case CTX_REQ_HEADER:
    case CTX_RESP_HEADER:
    case CTX_QUERY_ITEM:
        hssc_har_pair_done(c, ctx);
        break;
    case CTX_ENTRY:
        hssc_har_entry_check(c);
        hssc_har_entry_reset(c);
        break;
    case CTX_ROOT:
        if (!c->saw_entries) {
            c->code = HSSC_E_NOT_HAR;
            c->err_at = value_start(c);
            c->yajl_stopped = 1;
            return 0;
        }
        break;
    default:
        break;
    }
    return 1;
}

/* ---- yajl callbacks ---- */

static int cb_null(void *ctx)
{
    return scalar(ctx, V_OTHER, NULL, 0);
}

static int cb_boolean(void *ctx, int b)
{
    (void)b;
    return scalar(ctx, V_OTHER, NULL, 0);
}

static int cb_number(void *ctx, const char *s, size_t len)
{
    return scalar(ctx, V_NUMBER, (const unsigned char *)s, len);
}

static int cb_string(void *ctx, const unsigned char *s, size_t len)
{
    return scalar(ctx, V_STRING, s, len);
}

static int cb_start_map(void *ctx)
{
    return open_container(ctx, V_MAP);
}

static int cb_map_key(void *ctx, const unsigned char *s, size_t len)
{
    hssc_capture *c = ctx;
    const hssc_clip_note *n = hssc_clip_note_for(&c->clip, c->strings++);
    c->key = n != NULL && (n->flags & HSSC_CLIP_CLIPPED) ? KEY_OTHER
                                                         : key_lookup(hssc_har_top(c), s, len);
    return 1;
}

static int cb_end(void *ctx)
{
    return close_container(ctx);
}

static int cb_start_array(void *ctx)
{
    return open_container(ctx, V_ARRAY);
}

const yajl_callbacks hssc_har_callbacks = {
    cb_null,      cb_boolean, NULL,   NULL,           cb_number, cb_string,
    cb_start_map, cb_map_key, cb_end, cb_start_array, cb_end,
};
