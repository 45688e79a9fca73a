/* Reading input, reporting errors, and printing server-controlled text
 * safely. */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int cli_usage_error(const char *sub, const char *msg)
{
    fprintf(stderr, "hsscodec: %s: %s (see 'hsscodec %s --help')\n", sub, msg, sub);
    return HSSC_EXIT_USAGE;
}

void cli_report(const char *sub, const hssc_error *err)
{
    char line[256];
    (void)hssc_error_format(err, line, sizeof(line));
    fprintf(stderr, "hsscodec: %s: %s\n", sub, line);
}

int cli_read_all(const char *path, size_t max, char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "hsscodec: cannot open %s: %s\n", path, strerror(errno));
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
                fprintf(stderr, "hsscodec: %s is larger than %zu bytes\n", path, max);
                rc = HSSC_EXIT_CONTRACT;
                break;
            }
            size_t ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
            char *nbuf = malloc(ncap);
            if (nbuf != NULL) {
                memcpy(nbuf, buf, n);
            }
            explicit_bzero(buf, n); /* input may hold a password */
            free(buf);
            buf = nbuf;
            cap = ncap;
            continue;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                fprintf(stderr, "hsscodec: cannot read %s: %s\n", path, strerror(errno));
                rc = HSSC_EXIT_USAGE;
            }
            break;
        }
    }
    if (f != stdin) {
        fclose(f);
    }
    if (buf == NULL) {
        fprintf(stderr, "hsscodec: out of memory reading %s\n", path);
        return HSSC_EXIT_TRANSPORT;
    }
    if (rc != HSSC_EXIT_OK) {
        explicit_bzero(buf, n);
        free(buf);
        return rc;
    }
    *data = buf;
    *len = n;
    return HSSC_EXIT_OK;
}

void cli_write_safe(FILE *f, const char *s, size_t len, int force)
{
    if (!force && !isatty(fileno(f))) {
        fwrite(s, 1, len, f);
        return;
    }
    static const char repl[] = "\xEF\xBF\xBD"; /* U+FFFD */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        int c1_utf8 = c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
                      (unsigned char)s[i + 1] <= 0x9F;
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F || c1_utf8) {
            fputs(repl, f);
            i += c1_utf8 ? 1 : 0;
        } else if (c >= 0x80 && c <= 0x9F) {
            fputs(repl, f); /* a raw C1 byte: 8-bit terminals read it */
        } else {
            fputc(c, f);
        }
    }
}

void cli_write_json_string(FILE *f, const char *s, size_t len)
{
    fputc('"', f);
    cli_write_json_chars(f, s, len);
    fputc('"', f);
}

void cli_write_json_chars(FILE *f, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        int c1_utf8 = c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
                      (unsigned char)s[i + 1] <= 0x9F;
        if (c == '"' || c == '\\') {
            fputc('\\', f);
            fputc(c, f);
        } else if (c < 0x20 || c == 0x7F) {
            fprintf(f, "\\u%04x", c);
        } else if (c1_utf8) {
            fprintf(f, "\\u%04x", (unsigned char)s[++i]);
        } else {
            fputc(c, f);
        }
    }
}
