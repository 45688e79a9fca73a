/* codec/src/json_clip.c: the pre-lexer in front of yajl. Every case is fed
 * whole and in every chunk size 1..64; the bytes yajl is handed, the notes
 * and the errors must not depend on the chunking. */
#include <yajl/yajl_parse.h>

#include "check_util.h"
#include "hssc_internal.h"
#include "json_clip.h"

#define MAX_OUT (1u << 20)

/* What the sink saw: the bytes, in order, and whether any piece ended
 * inside a string token (yajl would then buffer and rescan it). */
typedef struct seen {
    unsigned char *out;
    size_t len;
    int pieces;
    int in_string; /* lexer state over the pieces, for the check */
    int esc;
    int split_string;
    uint64_t next_at; /* stream offset the next piece should start at, or ~0 */
} seen;

static hssc_code record(void *ctx, const unsigned char *p, size_t n, uint64_t at)
{
    seen *s = ctx;
    ck_assert_uint_le(s->len + n, MAX_OUT);
    memcpy(s->out + s->len, p, n);
    s->len += n;
    s->pieces++;
    (void)at;
    for (size_t i = 0; i < n; i++) {
        if (s->esc) {
            s->esc = 0;
        } else if (s->in_string && p[i] == '\\') {
            s->esc = 1;
        } else if (p[i] == '"') {
            s->in_string = !s->in_string;
        }
    }
    /* no piece ends inside a string, and none ends with a number or
     * literal (yajl needs the byte after one to end it) */
    unsigned char last = n > 0 ? p[n - 1] : ' ';
    if (s->in_string || (last >= '0' && last <= '9') || (last >= 'a' && last <= 'z') ||
        last == '.' || last == '-' || last == '+' || (last >= 'A' && last <= 'Z')) {
        s->split_string = 1;
    }
    return HSSC_OK;
}

typedef struct run {
    seen s;
    hssc_code rc;
    uint64_t err_at;
    hssc_clip_note notes[64];
    size_t n_notes;
} run;

/* Feeds in in chunks of chunk bytes (0: whole), through a guard page copy. */
static void feed(const char *in, size_t len, size_t max_string, size_t chunk, run *r)
{
    static unsigned char buf[4096 + HSSC_CLIP_SLACK];
    memset(r, 0, sizeof(*r));
    r->s.out = malloc(MAX_OUT);
    ck_assert_ptr_nonnull(r->s.out);
    hssc_clip c;
    ck_assert_int_eq(
        hssc_clip_init(&c, max_string, buf, max_string + HSSC_CLIP_SLACK, record, &r->s), HSSC_OK);
    char *g = guard_copy(in, len);
    size_t step = chunk == 0 ? (len == 0 ? 1 : len) : chunk;
    hssc_code rc = HSSC_OK;
    for (size_t at = 0; at < len && rc == HSSC_OK; at += step) {
        size_t n = len - at < step ? len - at : step;
        char *piece = guard_copy(g + at, n);
        rc = hssc_clip_feed(&c, (const unsigned char *)piece, n);
        guard_free(piece, n);
        /* Collect the notes as a consumer would, oldest first. */
        while (c.count > 0) {
            ck_assert_uint_lt(r->n_notes, 64);
            r->notes[r->n_notes++] = c.notes[c.head];
            c.head = (c.head + 1) % HSSC_CLIP_NOTES;
            c.count--;
        }
    }
    if (rc == HSSC_OK) {
        rc = hssc_clip_finish(&c);
    }
    r->rc = rc;
    r->err_at = c.err_at;
    guard_free(g, len);
}

static void run_free(run *r)
{
    free(r->s.out);
}

/* Every chunk size gives what the whole feed gives. */
static void same_for_every_chunking(const char *in, size_t len, size_t max_string, run *whole)
{
    feed(in, len, max_string, 0, whole);
    for (size_t chunk = 1; chunk <= 64; chunk++) {
        run r;
        feed(in, len, max_string, chunk, &r);
        ck_assert_msg(r.rc == whole->rc, "chunk %zu: rc %s, whole %s", chunk, hssc_code_name(r.rc),
                      hssc_code_name(whole->rc));
        if (r.rc != HSSC_OK) {
            ck_assert_msg(r.err_at == whole->err_at, "chunk %zu: error at %llu, whole at %llu",
                          chunk, (unsigned long long)r.err_at, (unsigned long long)whole->err_at);
        }
        /* before an error too, yajl is handed the same bytes */
        ck_assert_uint_eq(r.s.len, whole->s.len);
        ck_assert_mem_eq(r.s.out, whole->s.out, r.s.len);
        if (r.rc == HSSC_OK) {
            ck_assert_int_eq(r.s.split_string, 0);
        }
        ck_assert_uint_eq(r.n_notes, whole->n_notes);
        for (size_t k = 0; k < r.n_notes; k++) {
            ck_assert_uint_eq(r.notes[k].ordinal, whole->notes[k].ordinal);
            ck_assert_uint_eq(r.notes[k].raw_len, whole->notes[k].raw_len);
            ck_assert_uint_eq(r.notes[k].at, whole->notes[k].at);
            ck_assert_uint_eq(r.notes[k].flags, whole->notes[k].flags);
        }
        run_free(&r);
    }
    if (whole->rc == HSSC_OK) {
        ck_assert_int_eq(whole->s.split_string, 0);
    }
}

#define S(lit) lit, sizeof(lit) - 1

/* ---- bytes pass through untouched when no string is long ---- */

static const char *const plain[] = {
    "{}",
    "{\"log\":{\"entries\":[{\"a\":1,\"b\":[true,false,null,-1.5e3]}]}}",
    "{\"k\\\"ey\":\"va\\\\lue\\\"\",\"u\":[\"\\u00e9\\ud83d\\ude00\",\"\\/\\b\\f\\n\\r\\t\"]}",
    "[\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\", \"\", \" \", \"\x7F\"]",
    " \t\r\n[\"x\"] \n",
    "\"top-level string\"",
    "{\"a\":\"0123456789abcdef\"}",          /* exactly max_string: not clipped */
    "[1234567890.5e-17,true,false,null,-0]", /* numbers and literals stay whole */
    "[1234567890123456]",                    /* exactly max_string */
};

START_TEST(passes_through)
{
    const char *in = plain[_i];
    run whole;
    same_for_every_chunking(in, strlen(in), 16, &whole);
    ck_assert_int_eq(whole.rc, HSSC_OK);
    ck_assert_uint_eq(whole.s.len, strlen(in));
    ck_assert_mem_eq(whole.s.out, in, strlen(in));
    ck_assert_uint_eq(whole.n_notes, 0);
    run_free(&whole);
}
END_TEST

/* ---- long strings are clipped at a character or escape boundary ---- */

typedef struct clip_case {
    const char *in;
    size_t len;
    size_t max_string;
    const char *out; /* what yajl is handed */
    uint64_t ordinal, raw_len, at;
} clip_case;

static const clip_case clips[] = {
    {S("{\"a\":\"0123456789abcdefg\",\"b\":\"xy\"}"), 16,
     "{\"a\":\"0123456789abcdef\",\"b\":\"xy\"}", 1, 17, 5},
    {S("[\"0123456789\"]"), 4, "[\"0123\"]", 0, 10, 1},
    /* é is two bytes: a cut at 5 raw bytes waits for the character's end */
    {S("[\"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\"]"), 5, "[\"\xC3\xA9\xC3\xA9\xC3\xA9\"]", 0, 8, 1},
    /* an escape is never split: \u00e9 is six bytes */
    {S("[\"\\u00e9\\u00e9\\u00e9\"]"), 7, "[\"\\u00e9\\u00e9\"]", 0, 18, 1},
    {S("[\"ab\\\"cd\\\"ef\"]"), 3, "[\"ab\\\"\"]", 0, 10, 1},
    /* a key is a string token too */
    {S("{\"0123456789\":1}"), 2, "{\"01\":1}", 0, 10, 1},
};

START_TEST(clips_long_strings)
{
    const clip_case *c = &clips[_i];
    run whole;
    same_for_every_chunking(c->in, c->len, c->max_string, &whole);
    ck_assert_int_eq(whole.rc, HSSC_OK);
    ck_assert_uint_eq(whole.s.len, strlen(c->out));
    ck_assert_mem_eq(whole.s.out, c->out, whole.s.len);
    ck_assert_uint_eq(whole.n_notes, 1);
    ck_assert_uint_eq(whole.notes[0].ordinal, c->ordinal);
    ck_assert_uint_eq(whole.notes[0].raw_len, c->raw_len);
    ck_assert_uint_eq(whole.notes[0].at, c->at);
    ck_assert_uint_eq(whole.notes[0].flags, HSSC_CLIP_CLIPPED);
    run_free(&whole);
}
END_TEST

/* ---- what yajl cannot see is noted ---- */

typedef struct note_case {
    const char *in;
    size_t len;
    unsigned flags; /* of string token 0 */
} note_case;

static const note_case notes[] = {
    {S("[\"\\ud800\"]"), HSSC_CLIP_SURROGATE},
    {S("[\"\\udc00\"]"), HSSC_CLIP_SURROGATE},
    {S("[\"\\ud800x\"]"), HSSC_CLIP_SURROGATE},
    {S("[\"\\ud800\\n\"]"), HSSC_CLIP_SURROGATE},
    {S("[\"\\ud800\\ud800\\udc00\"]"), HSSC_CLIP_SURROGATE},
    {S("[\"\\ud800\xC3\xA9\"]"), HSSC_CLIP_SURROGATE},
    {S("[\"\\ud800\\u0041\"]"), HSSC_CLIP_SURROGATE},
    {S("[\"a\\u0000b\"]"), HSSC_CLIP_NUL},
    {S("[\"\\u0000\\udfff\"]"), HSSC_CLIP_NUL | HSSC_CLIP_SURROGATE},
    {S("[\"\\ud83d\\ude00\"]"), 0},
    {S("[\"\\uD83D\\uDE00\\u0001\"]"), 0},
};

START_TEST(notes_what_yajl_hides)
{
    const note_case *c = &notes[_i];
    run whole;
    same_for_every_chunking(c->in, c->len, 64, &whole);
    ck_assert_int_eq(whole.rc, HSSC_OK);
    ck_assert_mem_eq(whole.s.out, c->in, c->len);
    if (c->flags == 0) {
        ck_assert_uint_eq(whole.n_notes, 0);
    } else {
        ck_assert_uint_eq(whole.n_notes, 1);
        ck_assert_uint_eq(whole.notes[0].ordinal, 0);
        ck_assert_uint_eq(whole.notes[0].flags, c->flags);
    }
    run_free(&whole);
}
END_TEST

/* ---- lexical errors, at exact stream offsets ---- */

typedef struct err_case {
    const char *in;
    size_t len;
    size_t max_string;
    hssc_code rc;
    uint64_t at;
} err_case;

static const err_case errs[] = {
    {S("[\"ab\xC0\xAF\"]"), 64, HSSC_E_UTF8, 4},         /* overlong */
    {S("[\"ab\xED\xA0\x80\"]"), 64, HSSC_E_UTF8, 4},     /* encoded surrogate */
    {S("[\"ab\xF4\x90\x80\x80\"]"), 64, HSSC_E_UTF8, 4}, /* > U+10FFFF */
    {S("[\"ab\xE2\x82\"]"), 64, HSSC_E_UTF8, 4},         /* truncated */
    {S("[\"ab\x80\"]"), 64, HSSC_E_UTF8, 4},             /* lone continuation */
    {S("[\"0123456789\xC0\xAF\"]"), 4, HSSC_E_UTF8, 12}, /* in the clipped part */
    {S("[\"ab\ncd\"]"), 64, HSSC_E_JSON_SYNTAX, 4},      /* raw control byte */
    {S("[\"0123456789\x01\"]"), 4, HSSC_E_JSON_SYNTAX, 12},
    {S("[\"ab\\x\"]"), 64, HSSC_E_JSON_SYNTAX, 5}, /* unknown escape */
    {S("[\"ab\\u12G4\"]"), 64, HSSC_E_JSON_SYNTAX, 8},
    {S("[\"0123456789\\q\"]"), 4, HSSC_E_JSON_SYNTAX, 13},
    {S("[1,\v2]"), 64, HSSC_E_JSON_SYNTAX, 3}, /* yajl takes \v for space */
    {S("{\f}"), 64, HSSC_E_JSON_SYNTAX, 1},
    {S("[\"abc"), 64, HSSC_E_JSON_SYNTAX, 5}, /* open at the end */
    {S("[\"0123456789abc"), 4, HSSC_E_JSON_SYNTAX, 15},
    {S("[1,12345678901234567]"), 16, HSSC_E_JSON_SYNTAX, 3}, /* a number over max_string */
    {S("[truetruetruetruet]"), 16, HSSC_E_JSON_SYNTAX, 1},
    {S("[1,23\"a\"]"), 16, HSSC_E_JSON_SYNTAX, 3}, /* a number right before a string */
    {S("[1,true\v]"), 16, HSSC_E_JSON_SYNTAX, 7},
};

START_TEST(lexical_errors)
{
    const err_case *c = &errs[_i];
    run whole;
    same_for_every_chunking(c->in, c->len, c->max_string, &whole);
    ck_assert_msg(whole.rc == c->rc, "case %d: %s", _i, hssc_code_name(whole.rc));
    ck_assert_uint_eq(whole.err_at, c->at);
    /* yajl got every byte before the bad string (or byte), and no more */
    ck_assert_uint_le(whole.s.len, c->at);
    run_free(&whole);
}
END_TEST

/* ---- with yajl behind it: notes arrive before their callbacks ---- */

typedef struct consumer {
    hssc_clip clip;
    yajl_handle h;
    uint64_t strings;
    uint64_t clipped, surrogate, nul;
    size_t longest; /* the longest string yajl delivered */
    uint64_t raw_total;
} consumer;

static void on_string(consumer *k, size_t len)
{
    const hssc_clip_note *n = hssc_clip_note_for(&k->clip, k->strings++);
    if (n != NULL) {
        k->clipped += (n->flags & HSSC_CLIP_CLIPPED) != 0;
        k->surrogate += (n->flags & HSSC_CLIP_SURROGATE) != 0;
        k->nul += (n->flags & HSSC_CLIP_NUL) != 0;
        k->raw_total += n->raw_len;
    }
    if (len > k->longest) {
        k->longest = len;
    }
}

static int cb_string(void *ctx, const unsigned char *s, size_t len)
{
    (void)s;
    on_string(ctx, len);
    return 1;
}

static int cb_key(void *ctx, const unsigned char *s, size_t len)
{
    (void)s;
    on_string(ctx, len);
    return 1;
}

static const yajl_callbacks consumer_cbs = {
    .yajl_string = cb_string,
    .yajl_map_key = cb_key,
};

static hssc_code to_yajl(void *ctx, const unsigned char *p, size_t n, uint64_t at)
{
    consumer *k = ctx;
    (void)at;
    return yajl_parse(k->h, p, n) == yajl_status_ok ? HSSC_OK : HSSC_E_JSON_SYNTAX;
}

/* Builds [ "\u0000" x many, "<long>" x few, ... ] and checks every note
 * reaches the string it belongs to, even when many close in one feed. */
START_TEST(notes_reach_their_callbacks)
{
    const size_t n_nul = 40, n_long = 5, long_len = 300000;
    size_t cap = n_nul * 16 + n_long * (long_len + 8) + 16;
    char *in = malloc(cap);
    ck_assert_ptr_nonnull(in);
    size_t len = 0;
    in[len++] = '[';
    for (size_t i = 0; i < n_nul; i++) {
        len += (size_t)snprintf(in + len, cap - len, "\"a\\u0000\",");
    }
    for (size_t i = 0; i < n_long; i++) {
        in[len++] = '"';
        memset(in + len, 'x', long_len);
        len += long_len;
        in[len++] = '"';
        in[len++] = ',';
    }
    len += (size_t)snprintf(in + len, cap - len, "\"\\ud800\"]");

    static const size_t chunks[] = {1, 7, 64, 4096, 65536, 0};
    static unsigned char buf[1024 + HSSC_CLIP_SLACK];
    for (size_t ci = 0; ci < sizeof(chunks) / sizeof(chunks[0]); ci++) {
        consumer k;
        memset(&k, 0, sizeof(k));
        k.h = yajl_alloc(&consumer_cbs, NULL, &k);
        ck_assert_int_eq(hssc_clip_init(&k.clip, 1024, buf, sizeof(buf), to_yajl, &k), HSSC_OK);
        size_t step = chunks[ci] == 0 ? len : chunks[ci];
        for (size_t at = 0; at < len; at += step) {
            size_t n = len - at < step ? len - at : step;
            ck_assert_int_eq(hssc_clip_feed(&k.clip, (const unsigned char *)in + at, n), HSSC_OK);
        }
        ck_assert_int_eq(hssc_clip_finish(&k.clip), HSSC_OK);
        ck_assert_int_eq(yajl_complete_parse(k.h), yajl_status_ok);
        yajl_free(k.h);
        ck_assert_uint_eq(k.strings, n_nul + n_long + 1);
        ck_assert_uint_eq(k.nul, n_nul);
        ck_assert_uint_eq(k.clipped, n_long);
        ck_assert_uint_eq(k.surrogate, 1);
        ck_assert_uint_le(k.longest, 1024);
        ck_assert_uint_eq(k.raw_total, n_nul * 7 + n_long * long_len + 6);
    }
    free(in);
}
END_TEST

/* ---- a consumer that wants more of some strings ---- */

typedef struct wants {
    seen s;
    int asked;
    size_t answer;
} wants;

static size_t ask(void *ctx)
{
    wants *w = ctx;
    w->asked++;
    return w->answer;
}

START_TEST(limit_asks_the_consumer)
{
    static const char in[] = "[\"0123456789abcdef\",\"xy\",\"ABCDEFGH\"]";
    static const size_t answers[] = {10, 2, 100};
    static const char *const outs[] = {
        "[\"0123456789\",\"xy\",\"ABCDEFGH\"]",       /* raised to 10 (the second fits anyway) */
        "[\"0123\",\"xy\",\"ABCD\"]",                 /* a smaller answer cuts at the soft length */
        "[\"0123456789abcdef\",\"xy\",\"ABCDEFGH\"]", /* up to max_string (32) */
    };
    for (size_t a = 0; a < 3; a++) {
        for (size_t chunk = 1; chunk <= sizeof(in); chunk++) {
            static unsigned char buf[32 + HSSC_CLIP_SLACK];
            wants w;
            memset(&w, 0, sizeof(w));
            w.s.out = malloc(MAX_OUT);
            ck_assert_ptr_nonnull(w.s.out);
            w.answer = answers[a];
            hssc_clip c;
            ck_assert_int_eq(hssc_clip_init(&c, 32, buf, sizeof(buf), record, &w), HSSC_OK);
            hssc_clip_set_limit(&c, 4, ask);
            for (size_t at = 0; at < sizeof(in) - 1; at += chunk) {
                size_t n = sizeof(in) - 1 - at < chunk ? sizeof(in) - 1 - at : chunk;
                ck_assert_int_eq(hssc_clip_feed(&c, (const unsigned char *)in + at, n), HSSC_OK);
            }
            ck_assert_int_eq(hssc_clip_finish(&c), HSSC_OK);
            ck_assert_uint_eq(w.s.len, strlen(outs[a]));
            ck_assert_mem_eq(w.s.out, outs[a], w.s.len);
            ck_assert_int_eq(w.asked, 2); /* once per string longer than soft */
            ck_assert_int_eq(w.s.split_string, 0);
            free(w.s.out);
        }
    }
}
END_TEST

START_TEST(init_checks_its_arguments)
{
    hssc_clip c;
    unsigned char buf[32];
    ck_assert_int_eq(hssc_clip_init(&c, 16, buf, 16 + HSSC_CLIP_SLACK - 1, record, NULL),
                     HSSC_E_ARGUMENT);
    ck_assert_int_eq(hssc_clip_init(&c, 0, buf, sizeof(buf), record, NULL), HSSC_E_ARGUMENT);
    ck_assert_int_eq(hssc_clip_init(&c, 16, NULL, sizeof(buf), record, NULL), HSSC_E_ARGUMENT);
    ck_assert_int_eq(hssc_clip_init(&c, 16, buf, sizeof(buf), NULL, NULL), HSSC_E_ARGUMENT);
    ck_assert_int_eq(hssc_clip_init(NULL, 16, buf, sizeof(buf), record, NULL), HSSC_E_ARGUMENT);
    ck_assert_int_eq(hssc_clip_init(&c, 16, buf, sizeof(buf), record, NULL), HSSC_OK);
    ck_assert_int_eq(hssc_clip_feed(&c, NULL, 1), HSSC_E_ARGUMENT);
}
END_TEST

/* A sink's error stops the feed and stays. */
static hssc_code refuse(void *ctx, const unsigned char *p, size_t n, uint64_t at)
{
    (void)ctx;
    (void)p;
    (void)n;
    (void)at;
    return HSSC_E_NOT_JSON;
}

START_TEST(sink_error_stops)
{
    hssc_clip c;
    unsigned char buf[64];
    ck_assert_int_eq(hssc_clip_init(&c, 16, buf, sizeof(buf), refuse, NULL), HSSC_OK);
    ck_assert_int_eq(hssc_clip_feed(&c, (const unsigned char *)"[1]", 3), HSSC_E_NOT_JSON);
    ck_assert_int_eq(hssc_clip_feed(&c, (const unsigned char *)"[1]", 3), HSSC_E_NOT_JSON);
    ck_assert_int_eq(hssc_clip_finish(&c), HSSC_E_NOT_JSON);
}
END_TEST

static const hssc_row json_clip_rows[] = {
    HSSC_TCASE("json_clip", 60),
    HSSC_LOOP(passes_through, HSSC_NELEM(plain)),
    HSSC_LOOP(clips_long_strings, HSSC_NELEM(clips)),
    HSSC_LOOP(notes_what_yajl_hides, HSSC_NELEM(notes)),
    HSSC_LOOP(lexical_errors, HSSC_NELEM(errs)),
    HSSC_TEST(notes_reach_their_callbacks),
    HSSC_TEST(limit_asks_the_consumer),
    HSSC_TEST(init_checks_its_arguments),
    HSSC_TEST(sink_error_stops),
};

HSSC_CHECK_MAIN("json_clip", json_clip_rows)
