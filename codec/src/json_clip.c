/*
 * The JSON pre-lexer in front of yajl (json_clip.h says why): tokens handed
 * to yajl whole, strings held across feeds or clipped, numbers and literals
 * held, and every string byte checked. One pass, a byte at a time, with a
 * fast run over the plain characters of a string (json_clip_string.h); what
 * yajl cannot see of a string goes into a note (json_clip_notes.c).
 */
#include <string.h>

#include "cursor.h"
#include "hssc_internal.h"
#include "json_clip.h"
#include "json_clip_string.h"

enum {
    OUT,  /* between tokens (yajl checks those bytes) */
    STR,  /* in a string, at a character boundary */
    UTF8, /* in a string, inside a multi-byte character */
    ESC,  /* after a backslash */
    HEX   /* inside the four digits of \u */
};

static const unsigned char quote = '"';

hssc_code hssc_clip_init(hssc_clip *c, size_t max_string, unsigned char *buf, size_t cap,
                         hssc_clip_sink sink, void *ctx)
{
    if (c == NULL) {
        return HSSC_E_ARGUMENT;
    }
    memset(c, 0, sizeof(*c));
    if (buf == NULL || sink == NULL || max_string == 0 || max_string > SIZE_MAX - HSSC_CLIP_SLACK ||
        cap < max_string + HSSC_CLIP_SLACK) {
        return HSSC_E_ARGUMENT;
    }
    c->max_string = max_string;
    c->buf = buf;
    c->sink = sink;
    c->ctx = ctx;
    c->state = OUT;
    return HSSC_OK;
}

static hssc_code fail(hssc_clip *c, hssc_code code, uint64_t at)
{
    c->code = code;
    c->err_at = at;
    return code;
}

static hssc_code emit(hssc_clip *c, const unsigned char *p, size_t n, uint64_t at)
{
    if (n == 0) {
        return HSSC_OK;
    }
    hssc_code rc = c->sink(c->ctx, p, n, at);
    if (rc != HSSC_OK) {
        c->code = rc;
        c->err_at = at;
    }
    return rc;
}

/* Appends to the held copy of the open string (never past max_string +
 * HSSC_CLIP_SLACK: the cut comes first). */
static void hold(hssc_clip *c, const unsigned char *p, size_t n)
{
    if (n == 0) {
        return;
    }
    memcpy(c->buf + c->held, p, n);
    c->held += n;
}

/*
 * A lexical error at stream offset at: yajl first gets every byte before
 * it that it has not seen (up to upto in this feed; an open string's bytes
 * never), so what the callbacks see before an error does not depend on how
 * the stream was cut into feeds.
 */
static hssc_code lex_error(hssc_clip *c, const unsigned char *in, size_t span, size_t upto,
                           hssc_code code, uint64_t at)
{
    const uint64_t base = c->off;
    if (upto > span) {
        hssc_code rc = emit(c, in + span, upto - span, base + span);
        if (rc != HSSC_OK) {
            return rc;
        }
    }
    return fail(c, code, at);
}

/* The open string has reached its limit: the consumer may raise it, once,
 * after yajl has been handed what precedes the string (so the consumer
 * knows where the string stands). Returns 1 to read on; 0 to cut, with
 * *rc set when handing over failed. */
static int may_grow(hssc_clip *c, const unsigned char *in, size_t *span, size_t str_in,
                    hssc_code *rc)
{
    if (c->asked || c->limit_cb == NULL) {
        return 0;
    }
    c->asked = 1;
    if (c->held == 0 && str_in > *span) {
        *rc = emit(c, in + *span, str_in - *span, c->off + *span);
        if (*rc != HSSC_OK) {
            return 0;
        }
        *span = str_in;
    }
    size_t want = c->limit_cb(c->ctx);
    c->limit = want < c->max_string ? want : c->max_string;
    return c->raw < c->limit;
}

/* JSON's whitespace and structural bytes: what ends a number or literal
 * ('"' too; '\v' and '\f' end it and are then refused). */
static int is_delim(unsigned char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\v' || ch == '\f' ||
           ch == ',' || ch == ':' || ch == '[' || ch == ']' || ch == '{' || ch == '}';
}

/* Where in this feed the number or literal being read starts (yajl gets
 * what precedes it before an error). */
static size_t run_start(const hssc_clip *c, uint64_t base, size_t span)
{
    return c->run_at >= base + span ? (size_t)(c->run_at - base) : span;
}

/* Where the open string's bytes start in this feed, when yajl has not been
 * handed what precedes it (a held string's predecessors went already). */
#define STR_START (c->held > 0 ? span : str_in)

hssc_code hssc_clip_feed(hssc_clip *c, const unsigned char *in, size_t len)
{
    if (c == NULL || (in == NULL && len > 0)) {
        return HSSC_E_ARGUMENT;
    }
    if (c->code != HSSC_OK) {
        return c->code;
    }
    if (len == 0) {
        return HSSC_OK; /* (in may then be NULL) */
    }
    const uint64_t base = c->off;
    size_t span = 0;   /* start of the bytes yajl has not been handed */
    size_t str_in = 0; /* where the open string's bytes start in this feed */
    size_t i = 0;
    hssc_code rc;
    if (c->state != OUT) {
        span = len; /* the open string is held or clipped: nothing to hand yet */
    } else if (c->tok > 0) {
        /* A number or literal the last feed cut: its rest, then all of it
         * with the byte that ends it, so yajl (which needs that byte to end
         * a number) never holds a token between two calls. */
        size_t j = 0;
        while (j < len && !is_delim(in[j]) && in[j] != '"') {
            j++;
        }
        if (c->run + j > c->max_string) {
            return fail(c, HSSC_E_JSON_SYNTAX, c->run_at);
        }
        memcpy(c->buf + c->tok, in, j);
        c->tok += j;
        c->run += j;
        if (j == len) {
            c->off = base + len;
            return HSSC_OK;
        }
        if (in[j] == '"') {
            /* a number or literal right before a string: never JSON */
            return fail(c, HSSC_E_JSON_SYNTAX, c->run_at);
        }
        if (in[j] == '\v' || in[j] == '\f') {
            /* yajl gets the token as a whole feed would hand it over */
            rc = emit(c, c->buf, c->tok, c->run_at);
            c->tok = 0;
            return rc != HSSC_OK ? rc : fail(c, HSSC_E_JSON_SYNTAX, base + j);
        }
        c->buf[c->tok++] = in[j];
        rc = emit(c, c->buf, c->tok, c->run_at);
        c->tok = 0;
        c->run = 0;
        if (rc != HSSC_OK) {
            return rc;
        }
        span = j + 1;
        i = span;
    }
    while (i < len) {
        unsigned char b = in[i];
        switch (c->state) {
        case OUT:
            /* Between tokens: yajl reads these bytes. Ours are the string's
             * start, the whitespace yajl would wrongly allow, and the
             * length of a number or literal (it must not span feeds
             * either, so it is held at a feed's end). */
            while (i < len && in[i] != '"') {
                unsigned char ch = in[i];
                if (ch == '\v' || ch == '\f') {
                    return lex_error(c, in, span, i, HSSC_E_JSON_SYNTAX, base + i);
                }
                if (is_delim(ch)) {
                    c->run = 0;
                } else if (++c->run > c->max_string) {
                    return lex_error(c, in, span, run_start(c, base, span), HSSC_E_JSON_SYNTAX,
                                     c->run_at);
                } else if (c->run == 1) {
                    c->run_at = base + i;
                }
                i++;
            }
            if (i == len) {
                break;
            }
            if (c->run > 0) {
                /* a number or literal right before a string: never JSON */
                return lex_error(c, in, span, run_start(c, base, span), HSSC_E_JSON_SYNTAX,
                                 c->run_at);
            }
            c->strings++;
            c->str_at = base + i;
            c->raw = 0;
            c->flags = 0;
            c->high = 0;
            c->clipped = 0;
            c->held = 0;
            c->asked = 0;
            c->limit = c->limit_cb != NULL ? c->soft : c->max_string;
            c->state = STR;
            str_in = i;
            i++;
            break;
        case STR:
            if (!hssc_clip_special[b]) {
                /* The fast run over plain characters, up to the cut. */
                size_t stop = len;
                if (!c->clipped) {
                    if (c->raw >= c->limit) {
                        rc = HSSC_OK;
                        if (!may_grow(c, in, &span, str_in, &rc)) {
                            if (rc != HSSC_OK) {
                                return rc;
                            }
                            goto cut;
                        }
                    }
                    uint64_t room = c->limit - c->raw;
                    if (room < (uint64_t)(len - i)) {
                        stop = i + (size_t)room;
                    }
                }
                size_t j = hssc_clip_plain_run(in, i, stop);
                hssc_clip_unit_done(c);
                c->raw += j - i;
                i = j;
                break;
            }
            if (b == '"') {
                hssc_clip_unit_done(c);
                if (c->clipped) {
                    c->flags |= HSSC_CLIP_CLIPPED;
                }
                if (c->flags != 0) {
                    /* Every string before this one goes to yajl first, so
                     * the ring keeps this note until yajl has seen it. */
                    if (c->count == HSSC_CLIP_NOTES && c->held == 0) {
                        rc = emit(c, in + span, str_in - span, base + span);
                        if (rc != HSSC_OK) {
                            return rc;
                        }
                        span = str_in;
                    }
                    hssc_clip_note_add(c);
                }
                if (c->held > 0) {
                    /* A held string: its bytes in this feed, or a quote
                     * after the clipped prefix. */
                    if (c->clipped) {
                        hold(c, &quote, 1);
                    } else {
                        hold(c, in, i + 1);
                    }
                    rc = emit(c, c->buf, c->held, c->str_at);
                    if (rc != HSSC_OK) {
                        return rc;
                    }
                    span = i + 1;
                }
                c->held = 0;
                c->state = OUT;
                i++;
                break;
            }
            if (!c->clipped && c->raw >= c->limit) {
                rc = HSSC_OK;
                if (!may_grow(c, in, &span, str_in, &rc)) {
                    if (rc != HSSC_OK) {
                        return rc;
                    }
                    goto cut;
                }
            }
            if (b == '\\') {
                c->state = ESC;
            } else if (b < 0x20) {
                return lex_error(c, in, span, STR_START, HSSC_E_JSON_SYNTAX, base + i);
            } else {
                hssc_utf8_lead lead = hssc_utf8_classify(b);
                if (lead.len < 2) {
                    return lex_error(c, in, span, STR_START, HSSC_E_UTF8, base + i);
                }
                hssc_clip_unit_done(c);
                c->need = (unsigned char)(lead.len - 1);
                c->seq_at = base + i;
                c->lo = lead.lo;
                c->hi = lead.hi;
                c->state = UTF8;
            }
            c->raw++;
            i++;
            break;
        cut:
            /* The string is longer than yajl may see: what came so far is
             * held (after handing yajl what precedes it), then the rest is
             * read and dropped, and yajl gets the held prefix and a quote
             * together. */
            if (c->held == 0) {
                rc = emit(c, in + span, str_in - span, base + span);
                if (rc != HSSC_OK) {
                    return rc;
                }
            }
            hold(c, in + str_in, i - str_in);
            span = len;
            c->clipped = 1;
            break;
        case UTF8:
            if (b < c->lo || b > c->hi) {
                /* as text.c: at the lead byte */
                return lex_error(c, in, span, STR_START, HSSC_E_UTF8, c->seq_at);
            }
            c->lo = 0x80;
            c->hi = 0xBF;
            c->raw++;
            i++;
            if (--c->need == 0) {
                c->state = STR;
            }
            break;
        case ESC:
            if (b == 'u') {
                c->state = HEX;
                c->hexn = 0;
                c->hex = 0;
            } else if (b == '"' || b == '\\' || b == '/' || b == 'b' || b == 'f' || b == 'n' ||
                       b == 'r' || b == 't') {
                hssc_clip_unit_done(c);
                c->state = STR;
            } else {
                return lex_error(c, in, span, STR_START, HSSC_E_JSON_SYNTAX, base + i);
            }
            c->raw++;
            i++;
            break;
        default: { /* HEX */
            int v = hssc_hex_value(b);
            if (v < 0) {
                return lex_error(c, in, span, STR_START, HSSC_E_JSON_SYNTAX, base + i);
            }
            c->hex = c->hex * 16u + (unsigned)v;
            c->raw++;
            i++;
            if (++c->hexn == 4) {
                hssc_clip_escape_done(c);
                c->state = STR;
            }
            break;
        }
        }
    }
    c->off = base + len;
    if (c->state == OUT) {
        /* a number or literal at the end may go on in the next feed */
        size_t tail = c->run > 0 ? len - (size_t)c->run : len;
        rc = emit(c, in + span, tail - span, base + span);
        if (rc == HSSC_OK && tail < len) {
            memcpy(c->buf, in + tail, len - tail);
            c->tok = len - tail;
        }
        return rc;
    }
    /* A string is open at the end of this feed: what precedes it goes to
     * yajl now; the string itself waits in buf (unless clipped). */
    if (c->held == 0) {
        rc = emit(c, in + span, str_in - span, base + span);
        if (rc != HSSC_OK) {
            return rc;
        }
        hold(c, in + str_in, len - str_in);
    } else if (!c->clipped) {
        hold(c, in, len);
    }
    return HSSC_OK;
}

void hssc_clip_set_limit(hssc_clip *c, size_t soft, size_t (*limit)(void *ctx))
{
    c->soft = soft < c->max_string ? soft : c->max_string;
    c->limit_cb = limit;
}

hssc_code hssc_clip_finish(hssc_clip *c)
{
    if (c == NULL) {
        return HSSC_E_ARGUMENT;
    }
    if (c->code != HSSC_OK) {
        return c->code;
    }
    if (c->state != OUT) {
        return fail(c, HSSC_E_JSON_SYNTAX, c->off);
    }
    if (c->tok > 0) {
        hssc_code rc = emit(c, c->buf, c->tok, c->run_at);
        c->tok = 0;
        return rc;
    }
    return HSSC_OK;
}
