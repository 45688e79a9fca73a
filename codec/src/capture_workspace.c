/*
 * The HAR reader's workspace: where each part of it goes (the reader's
 * state, the pre-lexer's buffer, yajl's arena, the strings kept of an entry,
 * the scratch of its checks), all in the caller's buffer.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "capture_internal.h"

/* The longest string yajl may see whole: a body at the cap, base64-encoded
 * and then written with \uXXXX escapes, is 8 raw bytes a byte; a clipped
 * content.text is therefore over the cap whatever its encoding. */
size_t hssc_har_clip_max(size_t max_body)
{
    return 8 * max_body + 4096;
}

/* yajl decodes each string into a buffer that doubles from 2 KiB; on a bump
 * arena every growth may leave the old block behind: four times the
 * longest string, and room for its stack and handle. */
static size_t yajl_arena_len(size_t max_body)
{
    return 4 * (hssc_har_clip_max(max_body) + HSSC_CLIP_SLACK) + 65536;
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
    l->clip = ALIGN_UP(hssc_har_clip_max(max_body) + HSSC_CLIP_SLACK);
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

/* The bytes the workspace must have (hssc_capture_init, hssc_capture_wipe);
 * the workspace's first 16-aligned byte is the reader's state. */
size_t hssc_har_workspace_len(size_t max_body)
{
    layout l;
    return plan(max_body, &l);
}

hssc_capture *hssc_har_lay_out(void *workspace, size_t max_body, unsigned char **clip_buf,
                               size_t *clip_len)
{
    layout l;
    (void)plan(max_body, &l);
    unsigned char *at = (unsigned char *)workspace;
    at += (16u - (uintptr_t)at % 16u) % 16u;
    hssc_capture *c = (hssc_capture *)(void *)at;
    memset(c, 0, sizeof(*c));
    at += l.self;
    c->max_body = max_body;
    *clip_buf = at;
    *clip_len = l.clip;
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
    return c;
}
