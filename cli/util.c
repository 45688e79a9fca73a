/* Reading input and reporting errors (printing server-controlled text
 * safely is output.c). */
#define _DEFAULT_SOURCE /* O_CLOEXEC */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void vsay(const char *sub, const char *fmt, va_list ap, int hint)
{
    fputs("hsscodec: ", stderr);
    if (sub != NULL) {
        fprintf(stderr, "%s: ", sub);
    }
    vfprintf(stderr, fmt, ap);
    if (hint) {
        fprintf(stderr, " (see 'hsscodec %s%s--help')", sub != NULL ? sub : "",
                sub != NULL ? " " : "");
    }
    fputc('\n', stderr);
}

void cli_say(const char *sub, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(sub, fmt, ap, 0);
    va_end(ap);
}

int cli_usage_error(const char *sub, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(sub, fmt, ap, 1);
    va_end(ap);
    return HSSC_EXIT_USAGE;
}

void cli_print_version(void)
{
    printf("hsscodec %s (library %s)\n", HSSC_VERSION_STRING, hssc_version());
}

int cli_common_option(const char *sub, void (*help)(FILE *), int opt, char **argv)
{
    if (opt == 'h') {
        help(stdout);
        return HSSC_EXIT_OK;
    }
    if (opt == 'V') {
        cli_print_version();
        return HSSC_EXIT_OK;
    }
    /* A short option getopt did not know is in optopt; a long one (known
     * but missing its value, or unknown) is the word just consumed, of
     * which only the name up to '=' is said. */
    if (opt == '?' && optopt > 0 && optopt < 128) {
        return cli_usage_error(sub, "unknown option '-%c'", optopt);
    }
    const char *word = optind > 0 ? argv[optind - 1] : "";
    int name_len = (int)strcspn(word, "=");
    if (opt == ':') {
        return cli_usage_error(sub, "option '%.*s' needs a value", name_len, word);
    }
    return cli_usage_error(sub, "unknown option '%.*s'", name_len, word);
}

int cli_parse_number(const char *s, unsigned long max, unsigned long *out)
{
    unsigned long v = 0;
    if (s == NULL || *s == '\0') {
        return 0;
    }
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9' || v > (max - (unsigned long)(*s - '0')) / 10) {
            return 0;
        }
        v = v * 10 + (unsigned long)(*s - '0');
    }
    *out = v;
    return 1;
}

size_t cli_field_max(hssc_field f)
{
    return hssc_field_get(f)->max_chars;
}

void cli_report(const char *sub, const hssc_error *err)
{
    char line[256];
    (void)hssc_error_format(err, line, sizeof(line));
    cli_say(sub, "%s", line);
}

int cli_read_all(const char *sub, const char *path, size_t max, char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    /* read(2), not stdio: a FILE's buffer would hold a copy of a password
     * and be freed (fclose) or kept (stdin) unwiped. */
    int is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        cli_say(sub, "cannot open %s: %s", path, strerror(errno));
        return HSSC_EXIT_USAGE;
    }
    /* One byte more than max tells "too large" from "exactly max". */
    size_t cap = max < 65536 ? max + 1 : 65536;
    char *buf = malloc(cap);
    size_t n = 0;
    int rc = HSSC_EXIT_OK;
    while (buf != NULL) {
        if (n == cap) {
            if (cap > max) {
                cli_say(sub, "%s is larger than %zu bytes", path, max);
                rc = HSSC_EXIT_CONTRACT;
                break;
            }
            size_t ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
            char *nbuf = malloc(ncap);
            if (nbuf != NULL) {
                memcpy(nbuf, buf, n);
            }
            cli_wipe_free(buf, n); /* input may hold a password */
            buf = nbuf;
            cap = ncap;
            continue;
        }
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            cli_say(sub, "cannot read %s: %s", path, strerror(errno));
            rc = HSSC_EXIT_USAGE;
            break;
        }
        if (got == 0) {
            break;
        }
        n += (size_t)got;
    }
    if (!is_stdin) {
        close(fd);
    }
    if (buf == NULL) {
        cli_say(sub, "out of memory reading %s", path);
        return HSSC_EXIT_TRANSPORT;
    }
    if (rc != HSSC_EXIT_OK) {
        cli_wipe_free(buf, n);
        return rc;
    }
    *data = buf;
    *len = n;
    return HSSC_EXIT_OK;
}
