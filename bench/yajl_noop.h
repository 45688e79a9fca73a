/*
 * yajl callbacks that do nothing, the set the codec's reader registers
 * (a number as text, not integer or double): the baseline of yajl's own
 * lexing, parsing and string decoding, for bench_codec.c and har_yajl.c.
 */
#ifndef BENCH_YAJL_NOOP_H
#define BENCH_YAJL_NOOP_H

#include <yajl/yajl_parse.h>

static int noop(void *ctx)
{
    (void)ctx;
    return 1;
}

static int noop_bool(void *ctx, int v)
{
    (void)ctx;
    (void)v;
    return 1;
}

/* A string, a key and a number's text alike. */
static int noop_text(void *ctx, const unsigned char *s, size_t n)
{
    (void)ctx;
    (void)s;
    (void)n;
    return 1;
}

static int noop_number(void *ctx, const char *s, size_t n)
{
    return noop_text(ctx, (const unsigned char *)s, n);
}

static const yajl_callbacks noop_callbacks = {
    noop,
    noop_bool,
    NULL /* integer */,
    NULL /* double */,
    noop_number,
    noop_text,
    noop,
    noop_text,
    noop,
    noop,
    noop,
};

#endif
