/*
 * Secrets intake: never from argv. Every copy the CLI makes is wiped before
 * it is freed; the environment's copy is wiped in place and unset, so a
 * child process or a core dump does not find it there.
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_secret_free(cli_secret *s)
{
    if (s->ptr != NULL) {
        explicit_bzero(s->ptr, s->len);
        free(s->ptr);
    }
    s->ptr = NULL;
    s->len = 0;
}

/* Drops one trailing "\n" or "\r\n" (files and here-strings end in one). */
static size_t chomp(const char *p, size_t n)
{
    if (n > 0 && p[n - 1] == '\n') {
        n--;
        if (n > 0 && p[n - 1] == '\r') {
            n--;
        }
    }
    return n;
}

int cli_secret_read(cli_secret *out, const char *what, const char *env, const char *file,
                    int from_stdin, size_t max)
{
    out->ptr = NULL;
    out->len = 0;
    char *ev = env != NULL ? getenv(env) : NULL;
    int sources = (ev != NULL) + (file != NULL) + (from_stdin != 0);
    if (sources > 1 && (file != NULL || from_stdin)) {
        /* An explicit flag wins over the environment; two flags are an
         * error. */
        if (file != NULL && from_stdin) {
            fprintf(stderr, "hsscodec: give the %s once: a file or standard input, not both\n",
                    what);
            return HSSC_EXIT_USAGE;
        }
        ev = NULL;
    }
    if (ev != NULL) {
        size_t n = strlen(ev);
        out->ptr = malloc(n + 1);
        if (out->ptr == NULL) {
            return HSSC_EXIT_TRANSPORT;
        }
        memcpy(out->ptr, ev, n + 1);
        out->len = n;
        explicit_bzero(ev, n);
        unsetenv(env);
        return HSSC_EXIT_OK;
    }
    if (file == NULL && !from_stdin) {
        return HSSC_EXIT_OK; /* not given: the caller decides if that is fine */
    }
    char *data = NULL;
    size_t len = 0;
    int rc = cli_read_all(from_stdin ? "-" : file, max + 2, &data, &len);
    if (rc != HSSC_EXIT_OK) {
        return rc == HSSC_EXIT_CONTRACT ? HSSC_EXIT_USAGE : rc;
    }
    out->ptr = data;
    out->len = chomp(data, len);
    return HSSC_EXIT_OK;
}
