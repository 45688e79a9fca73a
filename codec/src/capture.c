/*
 * The HAR reader, streamed: the file goes through the pre-lexer
 * (json_clip.c) into yajl, whose callbacks (capture_walk.c) keep what the
 * checks need of the entry being read, bounded, and hand each finished entry
 * to capture_entry.c. Here: the reader set up in its workspace
 * (capture_workspace.c), fed, finished and wiped, and where in the file a
 * syntax error yajl reports is.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "capture_internal.h"

/* How much of a long string yajl is to see (json_clip.h): all of a
 * content.text up to the clip length, unless its entry's URL is already
 * known not to be this API's; HSSC_HAR_SOFT_CLIP bytes of anything else,
 * which is more than any kept value needs. */
static size_t string_limit(void *ctx)
{
    const hssc_capture *c = ctx;
    const har_entry *e = &c->e;
    if (hssc_har_top(c) == CTX_CONTENT && c->key == KEY_TEXT &&
        !(e->url.present && !hssc_har_url_matches(e->url.ptr, e->url.len))) {
        return hssc_har_clip_max(c->max_body);
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
    size_t need = hssc_har_workspace_len(max_body);
    HSSC_ENSURE(cap >= need, err, HSSC_E_WORKSPACE, HSSC_FIELD_NONE, need);
    unsigned char *clip_buf;
    size_t clip_len;
    hssc_capture *c = hssc_har_lay_out(workspace, max_body, &clip_buf, &clip_len);
    c->flags = flags;
    c->cb = cb;
    c->cb_ctx = ctx;
    HSSC_GUARD(
        hssc_clip_init(&c->clip, hssc_har_clip_max(max_body), clip_buf, clip_len, to_yajl, c));
    hssc_clip_set_limit(&c->clip, HSSC_HAR_SOFT_CLIP, string_limit);
    yajl_alloc_funcs funcs;
    hssc_arena_yajl_funcs(&c->arena, &funcs);
    c->h = yajl_alloc(&hssc_har_callbacks, &funcs, c);
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
    /* c is the workspace's first aligned byte */
    hssc_wipe(c, hssc_har_workspace_len(c->max_body) - 16);
}
