/*
 * The HAR reader: the file goes through the pre-lexer (json_clip.c) into
 * yajl, whose callbacks keep what the checks need of the entry being read,
 * bounded, and hand each finished entry to capture_entry.c.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "capture_internal.h"

/* The longest string yajl may see whole: a body at the cap, base64-encoded
 * and then written with \uXXXX escapes, is 8 raw bytes a byte; a clipped
 * content.text is therefore over the cap whatever its encoding. */
static size_t clip_max(size_t max_body)
{
    return 8 * max_body + 4096;
}

/* yajl decodes each string into a buffer that doubles from 2 KiB; on a bump
 * arena every growth may leave the old block behind: four times the
 * longest string, and room for its stack and handle. */
static size_t yajl_arena_len(size_t max_body)
{
    return 4 * (clip_max(max_body) + HSSC_CLIP_SLACK) + 65536;
}

static size_t text_cap(size_t max_body)
{
    /* base64 of max_body bytes, and one byte more to see it is over */
    return (max_body + 2) / 3 * 4 + 1;
}

static size_t decode_ws_len(size_t max_body)
{
    size_t a = HSSC_RESPONSE_WORKSPACE_LEN(max_body);
    size_t b = HSSC_API_ERROR_WORKSPACE_LEN(max_body);
    return a > b ? a : b;
}

#define ALIGN_UP(n) (((n) + 15u) & ~(size_t)15u)

/* Where each part of the workspace goes; returns the bytes needed. */
typedef struct layout {
    size_t self, clip, arena, started, method, url, query, token, auth, date, ctype, hname, hvalue,
        text, encoding, scratch, decode, shown;
} layout;

static size_t plan(size_t max_body, layout *l)
{
    l->self = ALIGN_UP(sizeof(hssc_capture));
    l->clip = ALIGN_UP(clip_max(max_body) + HSSC_CLIP_SLACK);
    l->arena = ALIGN_UP(yajl_arena_len(max_body));
    l->started = ALIGN_UP(HSSC_HAR_STARTED_MAX);
    l->method = ALIGN_UP(HSSC_HAR_METHOD_MAX);
    l->url = ALIGN_UP(HSSC_TARGET_MAX + 1);
    l->query = ALIGN_UP(2 * HSSC_TARGET_MAX);
    l->token = ALIGN_UP(HSSC_HAR_HEADER_VALUE_MAX);
    l->auth = ALIGN_UP(4097);
    l->date = ALIGN_UP(64);
    l->ctype = ALIGN_UP(256);
    l->hname = ALIGN_UP(HSSC_HAR_HEADER_NAME_MAX);
    l->hvalue = ALIGN_UP(HSSC_HAR_HEADER_VALUE_MAX);
    l->text = ALIGN_UP(text_cap(max_body));
    l->encoding = ALIGN_UP(16);
    l->scratch = ALIGN_UP(2 * (HSSC_TARGET_MAX + 1));
    l->decode = ALIGN_UP(decode_ws_len(max_body));
    l->shown = ALIGN_UP(HSSC_HAR_SHOWN_URL_MAX + 8);
    return l->self + l->clip + l->arena + l->started + l->method + l->url + l->query + l->token +
           l->auth + l->date + l->ctype + l->hname + l->hvalue + l->text + l->encoding +
           l->scratch + l->decode + l->shown + 16;
}

static void text_init(har_text *t, unsigned char **at, size_t len, size_t cap)
{
    t->ptr = (char *)*at;
    t->cap = cap;
    *at += len;
}

/* ---- keeping strings ---- */

static void text_reset(har_text *t)
{
    hssc_wipe(t->ptr, t->len);
    har_text empty = {.ptr = t->ptr, .cap = t->cap}; /* the buffer stays, the rest is 0 */
    *t = empty;
}

static void text_keep(har_text *t, const unsigned char *s, size_t len, const hssc_clip_note *n)
{
    size_t keep = len < t->cap ? len : t->cap;
    hssc_wipe(t->ptr, t->len);
    memcpy(t->ptr, s, keep);
    t->len = keep;
    t->present = 1;
    t->full = len;
    t->raw_len = len;
    t->clipped = keep < len;
    t->notes = 0;
    if (n != NULL) {
        t->raw_len = n->raw_len;
        t->notes = n->flags & (HSSC_CLIP_SURROGATE | HSSC_CLIP_NUL);
        if (n->flags & HSSC_CLIP_CLIPPED) {
            t->clipped = 1;
        }
    }
}

/* The strings of an entry: each has its own buffer in the workspace. */
static const size_t entry_texts[] = {
    offsetof(har_entry, started),
    offsetof(har_entry, method),
    offsetof(har_entry, url),
    offsetof(har_entry, token.v),
    offsetof(har_entry, authorization.v),
    offsetof(har_entry, sdk_date.v),
    offsetof(har_entry, content_type.v),
    offsetof(har_entry, text),
    offsetof(har_entry, encoding),
};

#define N_ENTRY_TEXTS (sizeof(entry_texts) / sizeof(entry_texts[0]))

static har_text *entry_text(har_entry *e, size_t i)
{
    return (har_text *)(void *)((char *)e + entry_texts[i]);
}

/* Wipes what the entry kept and sets all of it to 0 but its buffers. */
static void entry_reset(hssc_capture *c)
{
    har_entry *e = &c->e;
    har_text buffers[N_ENTRY_TEXTS];
    for (size_t i = 0; i < N_ENTRY_TEXTS; i++) {
        text_reset(entry_text(e, i));
        buffers[i] = *entry_text(e, i);
    }
    hssc_wipe(e->query, e->query_len);
    char *query = e->query;
    size_t query_cap = e->query_cap;
    memset(e, 0, sizeof(*e));
    for (size_t i = 0; i < N_ENTRY_TEXTS; i++) {
        *entry_text(e, i) = buffers[i];
    }
    e->query = query;
    e->query_cap = query_cap;
}

static void shape(hssc_capture *c, hssc_code code, hssc_field field)
{
    if (c->e.n_shape < HSSC_HAR_SHAPE_MAX) {
        c->e.shape[c->e.n_shape].code = code;
        c->e.shape[c->e.n_shape].field = field;
        c->e.n_shape++;
    }
}

/* ---- where the parser is ---- */

static unsigned char top(const hssc_capture *c)
{
    return c->stack[c->depth];
}

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

/* ---- values ---- */

enum vtype {
    V_MAP,
    V_ARRAY,
    V_STRING,
    V_NUMBER,
    V_OTHER
};

static void begin_entry(hssc_capture *c)
{
    entry_reset(c);
    c->sum.entries++;
}

#define NO_TEXT SIZE_MAX
#define NO_FLAG SIZE_MAX

/* The members of an entry's objects that must have one type: where each
 * is (its object's context, its key), the type, what a value of that type
 * does (kept in a har_text of the entry, a have_ flag set, a context
 * pushed), and the field a value of another type is reported on
 * (HSSC_E_HAR_TYPE). In content, null is as if the member were absent. */
typedef struct typed_member {
    unsigned char ctx;
    unsigned char key;
    unsigned char want; /* enum vtype */
    unsigned char push; /* CTX_SKIP: not a container */
    hssc_field field;
    size_t text; /* offset of the har_text in har_entry, or NO_TEXT */
    size_t flag; /* offset of the int in har_entry, or NO_FLAG */
} typed_member;

#define TEXT(m) offsetof(har_entry, m)
#define FLAG(m) offsetof(har_entry, m)

static const typed_member typed_members[] = {
    {CTX_ENTRY, KEY_STARTED, V_STRING, CTX_SKIP, HSSC_FIELD_NONE, TEXT(started), NO_FLAG},
    {CTX_ENTRY, KEY_REQUEST, V_MAP, CTX_REQ, HSSC_FIELD_TARGET, NO_TEXT, FLAG(have_request)},
    {CTX_ENTRY, KEY_RESPONSE, V_MAP, CTX_RESP, HSSC_FIELD_BODY, NO_TEXT, FLAG(have_response)},
    {CTX_REQ, KEY_METHOD, V_STRING, CTX_SKIP, HSSC_FIELD_METHOD, TEXT(method), NO_FLAG},
    {CTX_REQ, KEY_URL, V_STRING, CTX_SKIP, HSSC_FIELD_TARGET, TEXT(url), NO_FLAG},
    {CTX_REQ, KEY_HEADERS, V_ARRAY, CTX_REQ_HEADERS, HSSC_FIELD_HEADER, NO_TEXT, NO_FLAG},
    {CTX_REQ, KEY_QUERY, V_ARRAY, CTX_QUERY, HSSC_FIELD_TARGET, NO_TEXT, FLAG(have_query)},
    {CTX_RESP, KEY_HEADERS, V_ARRAY, CTX_RESP_HEADERS, HSSC_FIELD_HEADER, NO_TEXT, NO_FLAG},
    {CTX_RESP, KEY_CONTENT, V_MAP, CTX_CONTENT, HSSC_FIELD_BODY, NO_TEXT, NO_FLAG},
    {CTX_CONTENT, KEY_TEXT, V_STRING, CTX_SKIP, HSSC_FIELD_BODY, TEXT(text), NO_FLAG},
    {CTX_CONTENT, KEY_ENCODING, V_STRING, CTX_SKIP, HSSC_FIELD_BODY, TEXT(encoding), NO_FLAG},
};

/* A value of type t for member key of an object in context ctx. */
static void typed_value(hssc_capture *c, unsigned char ctx, int key, enum vtype t,
                        const unsigned char *s, size_t len, const hssc_clip_note *n,
                        unsigned char *push)
{
    const typed_member *m = NULL;
    for (size_t i = 0; i < sizeof(typed_members) / sizeof(typed_members[0]); i++) {
        if (typed_members[i].ctx == ctx && typed_members[i].key == key) {
            m = &typed_members[i];
            break;
        }
    }
    if (m == NULL || (ctx == CTX_CONTENT && t == V_OTHER)) {
        return;
    }
    if (t != (enum vtype)m->want) {
        shape(c, HSSC_E_HAR_TYPE, m->field);
        return;
    }
    har_entry *e = &c->e;
    if (m->flag != NO_FLAG) {
        *(int *)(void *)((char *)e + m->flag) = 1;
    }
    *push = m->push;
    /* A row with a text wants a string (so s is the string's bytes); an
     * entry already known not to match needs no body. */
    if (m->text != NO_TEXT && t == V_STRING &&
        !(key == KEY_TEXT && e->url.present && !hssc_har_url_matches(e->url.ptr, e->url.len))) {
        text_keep((har_text *)(void *)((char *)e + m->text), s, len, n);
    }
}

/* response.status: a number of at most three digits. */
static void status_value(hssc_capture *c, enum vtype t, const unsigned char *s, size_t len)
{
    har_entry *e = &c->e;
    e->have_status = 1;
    if (t != V_NUMBER) {
        shape(c, HSSC_E_HAR_TYPE, HSSC_FIELD_BODY);
        e->status_bad = 1;
        return;
    }
    long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (!hssc_is_digit(s[i]) || v > 999) {
            e->status_bad = 1;
            break;
        }
        v = v * 10 + (s[i] - '0');
    }
    if (len == 0 || v > 999) {
        e->status_bad = 1;
    }
    e->status = v;
}

/* What a value of type t in the current position means; for containers,
 * the context to push. */
static int value(hssc_capture *c, enum vtype t, const unsigned char *s, size_t len,
                 const hssc_clip_note *n, unsigned char *push)
{
    unsigned char ctx = top(c);
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
            shape(c, HSSC_E_HAR_TYPE, HSSC_FIELD_NONE);
            hssc_har_entry_check(c);
        }
        return 1;
    case CTX_ENTRY:
    case CTX_REQ:
    case CTX_RESP:
    case CTX_CONTENT:
        if (ctx == CTX_RESP && key == KEY_STATUS) {
            status_value(c, t, s, len);
        } else if (key != KEY_OTHER) {
            typed_value(c, ctx, key, t, s, len, n, push);
        }
        return 1;
    case CTX_REQ_HEADERS:
    case CTX_RESP_HEADERS:
    case CTX_QUERY:
        if (t == V_MAP) {
            text_reset(&c->hname);
            text_reset(&c->hvalue);
            *push = ctx == CTX_QUERY         ? CTX_QUERY_ITEM
                    : ctx == CTX_REQ_HEADERS ? CTX_REQ_HEADER
                                             : CTX_RESP_HEADER;
        } else {
            shape(c, HSSC_E_HAR_TYPE, ctx == CTX_QUERY ? HSSC_FIELD_TARGET : HSSC_FIELD_HEADER);
        }
        return 1;
    case CTX_REQ_HEADER:
    case CTX_RESP_HEADER:
    case CTX_QUERY_ITEM:
        if (key == KEY_NAME || key == KEY_VALUE) {
            if (t == V_STRING) {
                text_keep(key == KEY_NAME ? &c->hname : &c->hvalue, s, len, n);
            } else {
                shape(c, HSSC_E_HAR_TYPE,
                      ctx == CTX_QUERY_ITEM ? HSSC_FIELD_TARGET : HSSC_FIELD_HEADER);
            }
        }
        return 1;
    default:
        return 1;
    }
}

/* Where the value yajl just handed over ends (for syntax_error_at). */
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

/* Ends a header or queryString item: keeps what the checks need. */
static void pair_done(hssc_capture *c, unsigned char ctx)
{
    har_entry *e = &c->e;
    const har_text *nm = &c->hname;
    const har_text *v = &c->hvalue;
    if (ctx == CTX_QUERY_ITEM) {
        /* (u32 length, bytes) of the name, then of the value; a pair
         * that does not fit marks the list too long to agree */
        size_t need = 8 + nm->len + v->len;
        if (nm->clipped || v->clipped || need > e->query_cap - e->query_len) {
            e->query_overflow = 1;
        } else {
            uint32_t l1 = (uint32_t)nm->len;
            uint32_t l2 = (uint32_t)v->len;
            memcpy(e->query + e->query_len, &l1, 4);
            memcpy(e->query + e->query_len + 4, nm->ptr, nm->len);
            memcpy(e->query + e->query_len + 4 + nm->len, &l2, 4);
            memcpy(e->query + e->query_len + 8 + nm->len, v->ptr, v->len);
            e->query_len += need;
        }
        if (nm->notes != 0 || v->notes != 0) {
            shape(c, HSSC_E_HAR_STRING, HSSC_FIELD_TARGET);
        }
        e->query_items++;
        return;
    }
    if (ctx == CTX_RESP_HEADER) {
        e->resp_headers++;
    }
    if (!nm->present || nm->clipped || nm->len > HSSC_HAR_HEADER_NAME_MAX) {
        return;
    }
    har_header *h = NULL;
    if (ctx == CTX_REQ_HEADER) {
        if (nm->len == 12 && hssc_has_prefix_ci(nm->ptr, nm->len, "x-auth-token")) {
            h = &e->token;
        } else if (nm->len == 13 && hssc_has_prefix_ci(nm->ptr, nm->len, "authorization")) {
            h = &e->authorization;
        } else if (nm->len == 10 && hssc_has_prefix_ci(nm->ptr, nm->len, "x-sdk-date")) {
            h = &e->sdk_date;
        }
    } else if (nm->len == 12 && hssc_has_prefix_ci(nm->ptr, nm->len, "content-type")) {
        h = &e->content_type;
    }
    if (h == NULL || !v->present) {
        return;
    }
    if (!h->v.present) {
        text_keep(&h->v, (const unsigned char *)v->ptr, v->len, NULL);
        h->v.clipped = v->clipped;
        h->v.notes = v->notes;
    } else if (h->v.len != v->len || h->v.clipped != v->clipped ||
               memcmp(h->v.ptr, v->ptr, v->len) != 0) {
        h->conflict = 1;
    }
}

static int close_container(hssc_capture *c)
{
    note_value_end(c);
    unsigned char ctx = top(c);
    if (c->depth > 0) {
        c->depth--;
    }
    c->key = KEY_OTHER;
    switch (ctx) {
    case CTX_REQ_HEADER:
    case CTX_RESP_HEADER:
    case CTX_QUERY_ITEM:
        pair_done(c, ctx);
        break;
    case CTX_ENTRY:
        hssc_har_entry_check(c);
        entry_reset(c);
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
    c->key = n != NULL && (n->flags & HSSC_CLIP_CLIPPED) ? KEY_OTHER : key_lookup(top(c), s, len);
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

static const yajl_callbacks har_callbacks = {
    cb_null,      cb_boolean, NULL,   NULL,           cb_number, cb_string,
    cb_start_map, cb_map_key, cb_end, cb_start_array, cb_end,
};

/* ---- the stream ---- */

/* How much of a long string yajl is to see (json_clip.h): all of a
 * content.text up to the clip length, unless its entry's URL is already
 * known not to be this API's; HSSC_HAR_SOFT_CLIP bytes of anything else,
 * which is more than any kept value needs. */
static size_t string_limit(void *ctx)
{
    const hssc_capture *c = ctx;
    const har_entry *e = &c->e;
    if (top(c) == CTX_CONTENT && c->key == KEY_TEXT &&
        !(e->url.present && !hssc_har_url_matches(e->url.ptr, e->url.len))) {
        return clip_max(c->max_body);
    }
    return HSSC_HAR_SOFT_CLIP;
}

static int is_space(unsigned char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

static int is_punct(unsigned char ch)
{
    return ch == '{' || ch == '}' || ch == '[' || ch == ']' || ch == ',' || ch == ':';
}

/* A byte of a number or literal (or of what the lexer takes for one). */
static int is_word(unsigned char ch)
{
    return !is_space(ch) && !is_punct(ch) && ch != '"';
}

/* The start of the token of the piece that holds byte k, or of the next
 * token when k is whitespace. A piece begins at a token boundary and holds
 * every token whole (json_clip.h). */
static size_t token_start(const unsigned char *p, size_t n, size_t k)
{
    size_t i = 0;
    while (i < n) {
        size_t s = i;
        unsigned char ch = p[i];
        if (ch == '"') {
            for (i++; i < n && p[i] != '"'; i++) {
                i += p[i] == '\\';
            }
            i++;
        } else if (is_space(ch) || is_punct(ch)) {
            i++;
        } else {
            while (i < n && !is_space(p[i]) && !is_punct(p[i]) && p[i] != '"') {
                i++;
            }
        }
        if (k < i) {
            if (!is_space(ch)) {
                return s;
            }
            while (i < n && is_space(p[i])) {
                i++;
            }
            return i;
        }
    }
    return k < n ? k : n;
}

/* Where in the piece yajl's syntax error is: the start of the offending
 * token. yajl leaves its offset after that token, except for a few errors
 * where it steps back into it or stops before it (a comment); its
 * (non-verbose) message tells which. */
static size_t syntax_error_at(hssc_capture *c, const unsigned char *p, size_t n)
{
    size_t used = yajl_get_bytes_consumed(c->h);
    unsigned char *msg = yajl_get_error(c->h, 0, NULL, 0);
    const char *m = msg != NULL ? (const char *)msg : "";
    /* After a map's value yajl steps back by the token's decoded length
     * (a string's content, so not to its start): the offending token is the
     * first after that value, whose end the callbacks noted. */
    int after_value = strstr(m, "inside map, I expect") != NULL;
    /* An over-long number steps back to its own start; a '/' that would
     * start a comment is not consumed. */
    int at_used = strstr(m, "integer overflow") != NULL ||
                  strstr(m, "numeric (floating point)") != NULL || strstr(m, "comment") != NULL;
    int lexical = strncmp(m, "lexical error", 13) == 0;
    if (msg != NULL) {
        yajl_free_error(c->h, msg);
    }
    if (n == 0) {
        return 0;
    }
    if (after_value) {
        size_t k = c->value_end > c->piece_at ? (size_t)(c->value_end - c->piece_at) : 0;
        while (k < n && is_space(p[k])) {
            k++;
        }
        return k < n ? k : n - 1;
    }
    size_t k = at_used ? used : (used > 0 ? used - 1 : 0);
    if (k >= n) {
        k = n - 1;
    }
    /* A literal or number the lexer gave up on at the byte after it (a
     * quote, a space, a bracket): the error is that token's. */
    if (lexical && k > 0 && !is_word(p[k]) && is_word(p[k - 1])) {
        k--;
    }
    return token_start(p, n, k);
}

/* The pre-lexer's sink: yajl parses each piece whole. */
static hssc_code to_yajl(void *ctx, const unsigned char *p, size_t n, uint64_t at)
{
    hssc_capture *c = ctx;
    c->piece = p;
    c->piece_len = n;
    c->piece_at = at;
    yajl_status st = yajl_parse(c->h, p, n);
    if (st == yajl_status_ok) {
        return HSSC_OK;
    }
    if (!c->yajl_stopped) {
        c->code = HSSC_E_JSON_SYNTAX;
        c->err_at = at + syntax_error_at(c, p, n);
    }
    return c->code;
}

/* The file-level error that stopped the reader; offsets into the file. */
static hssc_code stop(hssc_capture *c, hssc_error *err)
{
    return hssc_fail(err, c->code, HSSC_FIELD_NONE, (size_t)c->err_at);
}

hssc_code hssc_capture_init(void *workspace, size_t cap, unsigned flags, size_t max_body,
                            hssc_capture_cb cb, void *ctx, hssc_capture **out, hssc_error *err)
{
    if (out != NULL) {
        *out = NULL;
    }
    if (max_body == 0) {
        max_body = HSSC_BODY_MAX_DEFAULT;
    }
    HSSC_ENSURE(workspace != NULL && cb != NULL && out != NULL &&
                    (flags & ~(unsigned)HSSC_ALLOW_UNKNOWN) == 0,
                err, HSSC_E_ARGUMENT, HSSC_FIELD_NONE, 0);
    HSSC_ENSURE(max_body <= HSSC_CAPTURE_BODY_MAX, err, HSSC_E_ARGUMENT, HSSC_FIELD_NONE, 0);
    layout l;
    size_t need = plan(max_body, &l);
    HSSC_ENSURE(cap >= need, err, HSSC_E_WORKSPACE, HSSC_FIELD_NONE, need);

    unsigned char *at = (unsigned char *)workspace;
    at += (16u - (uintptr_t)at % 16u) % 16u;
    hssc_capture *c = (hssc_capture *)(void *)at;
    memset(c, 0, sizeof(*c));
    at += l.self;
    c->flags = flags;
    c->max_body = max_body;
    c->cb = cb;
    c->cb_ctx = ctx;

    unsigned char *clip_buf = at;
    at += l.clip;
    hssc_arena_init(&c->arena, at, l.arena);
    at += l.arena;
    har_entry *e = &c->e;
    text_init(&e->started, &at, l.started, HSSC_HAR_STARTED_MAX);
    text_init(&e->method, &at, l.method, HSSC_HAR_METHOD_MAX);
    text_init(&e->url, &at, l.url, HSSC_TARGET_MAX + 1);
    e->query = (char *)at;
    e->query_cap = 2 * HSSC_TARGET_MAX;
    at += l.query;
    text_init(&e->token.v, &at, l.token, HSSC_HAR_HEADER_VALUE_MAX);
    text_init(&e->authorization.v, &at, l.auth, 4097);
    text_init(&e->sdk_date.v, &at, l.date, 64);
    text_init(&e->content_type.v, &at, l.ctype, 256);
    text_init(&c->hname, &at, l.hname, HSSC_HAR_HEADER_NAME_MAX);
    text_init(&c->hvalue, &at, l.hvalue, HSSC_HAR_HEADER_VALUE_MAX);
    text_init(&e->text, &at, l.text, text_cap(max_body));
    text_init(&e->encoding, &at, l.encoding, 16);
    c->scratch = (char *)at;
    c->scratch_cap = l.scratch;
    at += l.scratch;
    c->decode_ws = at;
    c->decode_ws_cap = l.decode;
    at += l.decode;
    c->shown_url = (char *)at;

    HSSC_GUARD(hssc_clip_init(&c->clip, clip_max(max_body), clip_buf, l.clip, to_yajl, c));
    hssc_clip_set_limit(&c->clip, HSSC_HAR_SOFT_CLIP, string_limit);
    yajl_alloc_funcs funcs;
    hssc_arena_yajl_funcs(&c->arena, &funcs);
    c->h = yajl_alloc(&har_callbacks, &funcs, c);
    HSSC_ENSURE(c->h != NULL, err, HSSC_E_WORKSPACE, HSSC_FIELD_NONE, need);
    /* The pre-lexer checks every string byte, more strictly than yajl. */
    yajl_config(c->h, yajl_dont_validate_strings, 1);
    c->stack[0] = CTX_TOP;
    c->key = KEY_OTHER;
    *out = c;
    return HSSC_OK;
}

static const unsigned char bom[3] = {0xEF, 0xBB, 0xBF};

hssc_code hssc_capture_feed(hssc_capture *c, const void *data, size_t len, hssc_error *err)
{
    HSSC_ENSURE(c != NULL && (data != NULL || len == 0), err, HSSC_E_ARGUMENT, HSSC_FIELD_NONE, 0);
    if (c->code != HSSC_OK) {
        return stop(c, err);
    }
    const unsigned char *p = data;
    /* A byte order mark before the top-level value is skipped. */
    while (c->bom < 3 && len > 0) {
        if (*p == bom[c->bom]) {
            c->bom++;
            p++;
            len--;
            c->fed++;
            if (c->bom == 3) {
                c->clip.off = 3; /* the pre-lexer counts from the file's start */
            }
            continue;
        }
        unsigned matched = c->bom;
        c->bom = 3;
        if (matched > 0 && hssc_clip_feed(&c->clip, bom, matched) != HSSC_OK) {
            return stop(c, err);
        }
    }
    if (len == 0) {
        return HSSC_OK;
    }
    c->fed += len;
    hssc_code rc = hssc_clip_feed(&c->clip, p, len);
    if (rc != HSSC_OK) {
        if (c->code == HSSC_OK) {
            c->code = rc;
            c->err_at = c->clip.err_at;
        }
        return stop(c, err);
    }
    return HSSC_OK;
}

hssc_code hssc_capture_finish(hssc_capture *c, hssc_capture_summary *sum, hssc_error *err)
{
    HSSC_ENSURE(c != NULL, err, HSSC_E_ARGUMENT, HSSC_FIELD_NONE, 0);
    if (c->code == HSSC_OK) {
        if (c->bom > 0 && c->bom < 3 && hssc_clip_feed(&c->clip, bom, c->bom) != HSSC_OK &&
            c->code == HSSC_OK) {
            c->code = c->clip.code;
            c->err_at = c->clip.err_at;
        }
    }
    if (c->code == HSSC_OK) {
        hssc_code rc = hssc_clip_finish(&c->clip);
        if (rc != HSSC_OK) {
            c->code = rc;
            c->err_at = c->clip.err_at;
        }
    }
    if (c->code == HSSC_OK) {
        c->piece = NULL;
        c->piece_len = 0;
        c->piece_at = c->fed;
        if (yajl_complete_parse(c->h) != yajl_status_ok && c->code == HSSC_OK) {
            c->code = HSSC_E_JSON_SYNTAX;
            c->err_at = c->fed;
        }
    }
    if (sum != NULL) {
        *sum = c->sum;
    }
    if (c->code != HSSC_OK) {
        return stop(c, err);
    }
    return HSSC_OK;
}

void hssc_capture_wipe(hssc_capture *c)
{
    if (c == NULL) {
        return;
    }
    layout l;
    size_t need = plan(c->max_body, &l);
    hssc_wipe(c, need - 16); /* c is the workspace's first aligned byte */
}
