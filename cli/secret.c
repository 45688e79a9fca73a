/*
 * Secrets intake: never from argv. Every copy the CLI makes is wiped before
 * it is freed; every environment copy of a secret variable is wiped in
 * place and unset, also when a flag overrode it, so /proc/PID/environ, a
 * child process or a core dump does not find it there. Files are read with
 * read(2) (cli_read_all), never through a stdio buffer that fclose would
 * free unwiped. The process is made non-dumpable first (main.c).
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "cli.h"

extern char **environ;

void cli_harden_process(void)
{
    /* No core dump, no ptrace by the same user, /proc/PID/environ and
     * /proc/PID/mem readable by root only. */
    (void)prctl(PR_SET_DUMPABLE, 0L, 0L, 0L, 0L);
    struct rlimit none = {0, 0};
    (void)setrlimit(RLIMIT_CORE, &none);
}

void cli_env_scrub(const char *name)
{
    size_t n = strlen(name);
    /* Every copy: an environment may carry the same name twice, and
     * getenv() only sees the first. */
    for (char **e = environ; e != NULL && *e != NULL; e++) {
        if (strncmp(*e, name, n) == 0 && (*e)[n] == '=') {
            explicit_bzero(*e + n + 1, strlen(*e + n + 1));
        }
    }
    (void)unsetenv(name);
}

void cli_wipe_free(void *p, size_t n)
{
    if (p != NULL) {
        explicit_bzero(p, n);
        free(p);
    }
}

void cli_secret_free(cli_secret *s)
{
    cli_wipe_free(s->ptr, s->len);
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

int cli_secret_read(const char *sub, cli_secret *out, const char *what, const char *env,
                    const char *file, int from_stdin, size_t max)
{
    out->ptr = NULL;
    out->len = 0;
    char *ev = env != NULL ? getenv(env) : NULL;
    int sources = (ev != NULL) + (file != NULL) + (from_stdin != 0);
    if (sources > 1 && (file != NULL || from_stdin)) {
        /* An explicit flag wins over the environment; two flags are an
         * error. */
        if (file != NULL && from_stdin) {
            if (env != NULL) {
                cli_env_scrub(env);
            }
            return cli_usage_error(sub, "give the %s once: a file or standard input, not both",
                                   what);
        }
        ev = NULL;
    }
    if (ev != NULL) {
        size_t n = strlen(ev);
        out->ptr = malloc(n + 1);
        if (out->ptr != NULL) {
            memcpy(out->ptr, ev, n + 1);
            out->len = n;
        }
    }
    if (env != NULL && getenv(env) != NULL) {
        cli_env_scrub(env); /* whichever source won */
    }
    if (ev != NULL) {
        return out->ptr != NULL ? HSSC_EXIT_OK : HSSC_EXIT_TRANSPORT;
    }
    if (file == NULL && !from_stdin) {
        return HSSC_EXIT_OK; /* not given: the caller decides if that is fine */
    }
    char *data = NULL;
    size_t len = 0;
    int rc = cli_read_all(sub, from_stdin ? "-" : file, max + 2, &data, &len);
    if (rc != HSSC_EXIT_OK) {
        return rc == HSSC_EXIT_CONTRACT ? HSSC_EXIT_USAGE : rc;
    }
    out->ptr = data;
    out->len = chomp(data, len);
    return HSSC_EXIT_OK;
}
