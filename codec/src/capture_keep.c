/*
 * What the HAR reader keeps of the entry it is in: its strings, each in its
 * own buffer of the workspace; the members that must have one type; the
 * response status; the headers and queryString items of interest; the
 * findings of the entry's own shape.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "capture_internal.h"

void hssc_har_text_reset(har_text *t)
{
    hssc_wipe(t->ptr, t->len);
    har_text empty = {.ptr = t->ptr, .cap = t->cap}; /* the buffer stays, the rest is 0 */
    *t = empty;
}

void hssc_har_text_keep(har_text *t, const unsigned char *s, size_t len, const hssc_clip_note *n)
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

/* The request headers the checks read, named as the field table names
 * them (compared without case). */
static const struct {
    hssc_field field;
    size_t at; /* of the har_header in har_entry */
} request_headers[] = {
    {HSSC_FIELD_X_AUTH_TOKEN, offsetof(har_entry, token)},
    {HSSC_FIELD_AUTHORIZATION, offsetof(har_entry, authorization)},
    {HSSC_FIELD_X_SDK_DATE, offsetof(har_entry, sdk_date)},
};

static har_header *request_header(har_entry *e, const har_text *nm)
{
    for (size_t i = 0; i < sizeof(request_headers) / sizeof(request_headers[0]); i++) {
        const hssc_field_info *fi = hssc_field_get(request_headers[i].field);
        if (hssc_name_cmp_ci(nm->ptr, nm->len, fi->name, fi->name_len) == 0) {
            return (har_header *)(void *)((char *)e + request_headers[i].at);
        }
    }
    return NULL;
}

/* Wipes what the entry kept and sets all of it to 0 but its buffers. */
void hssc_har_entry_reset(hssc_capture *c)
{
    har_entry *e = &c->e;
    har_text buffers[N_ENTRY_TEXTS];
    for (size_t i = 0; i < N_ENTRY_TEXTS; i++) {
        hssc_har_text_reset(entry_text(e, i));
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

void hssc_har_shape(hssc_capture *c, hssc_code code, hssc_field field)
{
    if (c->e.n_shape < HSSC_HAR_SHAPE_MAX) {
        c->e.shape[c->e.n_shape].code = code;
        c->e.shape[c->e.n_shape].field = field;
        c->e.n_shape++;
    }
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
void hssc_har_typed_value(hssc_capture *c, unsigned char ctx, int key, enum vtype t,
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
        hssc_har_shape(c, HSSC_E_HAR_TYPE, m->field);
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
        hssc_har_text_keep((har_text *)(void *)((char *)e + m->text), s, len, n);
    }
}

/* response.status: a number of at most three digits. */
void hssc_har_status_value(hssc_capture *c, enum vtype t, const unsigned char *s, size_t len)
{
    har_entry *e = &c->e;
    e->have_status = 1;
    if (t != V_NUMBER) {
        hssc_har_shape(c, HSSC_E_HAR_TYPE, HSSC_FIELD_BODY);
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

/* Ends a header or queryString item: keeps what the checks need. */
void hssc_har_pair_done(hssc_capture *c, unsigned char ctx)
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
            hssc_har_shape(c, HSSC_E_HAR_STRING, HSSC_FIELD_TARGET);
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
        h = request_header(e, nm);
    } else if (nm->len == 12 && hssc_has_prefix_ci(nm->ptr, nm->len, "content-type")) {
        h = &e->content_type;
    }
    if (h == NULL || !v->present) {
        return;
    }
    if (!h->v.present) {
        hssc_har_text_keep(&h->v, (const unsigned char *)v->ptr, v->len, NULL);
        h->v.clipped = v->clipped;
        h->v.notes = v->notes;
    } else if (h->v.len != v->len || h->v.clipped != v->clipped ||
               memcmp(h->v.ptr, v->ptr, v->len) != 0) {
        h->conflict = 1;
    }
}
