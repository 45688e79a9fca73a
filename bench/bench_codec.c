/*
 * Benchmarks of the codec's hot paths, each printed beside a baseline
 * measured in the same run on the same input:
 *   - request encode       vs. memcpy of the same number of bytes
 *   - request decode       vs. uriparser's own parse of the same target
 *   - response decode      vs. yajl_tree_parse of the same body (malloc'ing DOM)
 * Figures are nanoseconds per operation (best of 5 rounds). Not a test: no
 * threshold, nothing fails; read the ratios.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <uriparser/Uri.h>
#include <yajl/yajl_tree.h>

#include "hsscodec/hsscodec.h"

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Keeps the compiler from dropping the work. */
static volatile size_t sink;

#define ROUNDS 5

typedef void (*op_fn)(void *ctx);

static double best_ns(op_fn fn, void *ctx, long iters)
{
    double best = 1e300;
    for (int r = 0; r < ROUNDS; r++) {
        double t0 = now_ns();
        for (long i = 0; i < iters; i++) {
            fn(ctx);
        }
        double per = (now_ns() - t0) / (double)iters;
        best = per < best ? per : best;
    }
    return best;
}

static hssc_request example(void)
{
    hssc_request r;
    memset(&r, 0, sizeof(r));
    r.project_id = (hssc_str){"2a473356cca5487f8373be891bffc1cf", 32};
    r.registry_addr = (hssc_str){"myharbor.example.com:8443", 25};
    r.namespace_ = (hssc_str){"library", 7};
    r.username = (hssc_str){"admin", 5};
    r.password = (hssc_str){"p@ss w/rd&=+%\xE4\xB8\xAD", 16};
    r.enterprise_project_id = (hssc_str){"all_granted_eps", 15};
    return r;
}

typedef struct ctx {
    hssc_request req;
    char target[HSSC_REQUEST_ENCODED_MAX];
    size_t target_len;
    char scratch[HSSC_REQUEST_ENCODED_MAX];
    const char *body;
    size_t body_len;
    void *ws;
    size_t ws_len;
} ctx;

static void op_encode(void *p)
{
    ctx *c = p;
    size_t n = 0;
    if (hssc_request_encode(&c->req, 0, c->target, sizeof(c->target), &n, NULL) == HSSC_OK) {
        sink += n;
    }
}

static void op_memcpy(void *p)
{
    ctx *c = p;
    memcpy(c->scratch, c->target, c->target_len);
    sink += (size_t)c->scratch[c->target_len / 2];
}

static void op_decode(void *p)
{
    ctx *c = p;
    hssc_request out;
    if (hssc_request_decode(c->target, c->target_len, 0, c->scratch, sizeof(c->scratch), &out,
                            NULL) == HSSC_OK) {
        sink += out.password.len;
    }
}

static void op_uriparse(void *p)
{
    ctx *c = p;
    UriUriA u;
    const char *e = NULL;
    if (uriParseSingleUriExA(&u, c->target, c->target + c->target_len, &e) == URI_SUCCESS) {
        sink += (size_t)(u.query.afterLast - u.query.first);
        uriFreeUriMembersA(&u);
    }
}

static void op_response(void *p)
{
    ctx *c = p;
    hssc_response r;
    if (hssc_response_decode(c->body, c->body_len, 0, HSSC_BODY_MAX_DEFAULT, c->ws, c->ws_len, &r,
                             NULL) == HSSC_OK) {
        sink += r.image_command.len;
    }
}

static void op_yajl_tree(void *p)
{
    ctx *c = p;
    /* yajl_tree wants a NUL-terminated copy. */
    memcpy(c->scratch, c->body, c->body_len);
    c->scratch[c->body_len] = '\0';
    yajl_val v = yajl_tree_parse(c->scratch, NULL, 0);
    sink += v != NULL;
    yajl_tree_free(v);
}

int main(int argc, char **argv)
{
    long iters = argc > 1 ? strtol(argv[1], NULL, 10) : 200000;
    static ctx c;
    c.req = example();
    if (hssc_request_encode(&c.req, 0, c.target, sizeof(c.target), &c.target_len, NULL) != HSSC_OK) {
        return 1;
    }
    static const char body[] =
        "{\"image_command\":\"docker load -i hss-scan.tar && docker tag hss-scan:latest "
        "myharbor.example.com:8443/library/hss-scan:latest\",\"images_download_url\":"
        "\"https://hss-agent.example.com/scan/hss-scan.zip\",\"swr_image_pull_command\":"
        "\"docker pull swr.example.com/hss/scan:latest\"}";
    c.body = body;
    c.body_len = sizeof(body) - 1;
    c.ws_len = HSSC_RESPONSE_WORKSPACE_LEN(HSSC_BODY_MAX_DEFAULT);
    c.ws = malloc(c.ws_len);
    if (c.ws == NULL) {
        return 1;
    }
    printf("hsscodec %s, %ld iterations, best of %d rounds (ns/op)\n", hssc_version(), iters,
           ROUNDS);
    struct {
        const char *name;
        op_fn fn;
        const char *base_name;
        op_fn base;
    } rows[] = {
        {"request encode", op_encode, "memcpy (baseline)", op_memcpy},
        {"request decode", op_decode, "uriparser parse (baseline)", op_uriparse},
        {"response decode", op_response, "yajl_tree_parse (baseline)", op_yajl_tree},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        double t = best_ns(rows[i].fn, &c, iters);
        double b = best_ns(rows[i].base, &c, iters);
        printf("%-16s %9.1f   %-28s %9.1f   ratio %.2f\n", rows[i].name, t, rows[i].base_name, b,
               t / b);
    }
    printf("target %zu bytes, body %zu bytes, response workspace %zu bytes\n", c.target_len,
           c.body_len, c.ws_len);
    free(c.ws);
    return 0;
}
