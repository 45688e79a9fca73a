/* Printing server-controlled text safely: the character writers of
 * output.h. No I/O of their own beyond the FILE they are given, no global
 * state: the CLI and fuzz/fuzz_report.c link them (hssc_report). */
#define _POSIX_C_SOURCE 200809L /* fileno */
#include <unistd.h>

#include "output.h"

/*
 * Length of the valid UTF-8 sequence at s[i] with its code point in *cp,
 * or 0 when the bytes there are not valid UTF-8 (overlong, surrogate,
 * above U+10FFFF, truncated, stray continuation byte).
 */
static size_t utf8_seq(const unsigned char *s, size_t len, size_t i, unsigned *cp)
{
    unsigned c = s[i];
    size_t n;
    unsigned min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        min = 0x80;
        c &= 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        min = 0x800;
        c &= 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        min = 0x10000;
        c &= 0x07;
    } else {
        return 0;
    }
    if (len - i < n) {
        return 0;
    }
    for (size_t k = 1; k < n; k++) {
        if ((s[i + k] & 0xC0) != 0x80) {
            return 0;
        }
        c = (c << 6) | (s[i + k] & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        return 0;
    }
    *cp = c;
    return n;
}

/* What printing does with one character: C0, DEL and C1 (as code points)
 * are always escaped; the bidirectional overrides and isolates only on a
 * terminal, where they reorder what the reader sees. */
static int must_escape(unsigned cp, int tty)
{
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
        return 1;
    }
    return tty && ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069));
}

/*
 * The one character walk behind both writers: valid UTF-8 that needs no
 * escape is written byte for byte; an escaped character is written as
 * \n, \r, \t, \uXXXX (JSON) or \xHH / \u{XXXX} (text); an invalid byte as
 * \ufffd (JSON, which must stay valid UTF-8) or \xHH (text).
 */
static void write_chars(FILE *f, const char *s, size_t len, int json, int tty)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned cp = 0;
        size_t n = utf8_seq(u, len, i, &cp);
        if (n == 0) {
            if (json) {
                fputs("\\ufffd", f);
            } else {
                fprintf(f, "\\x%02x", u[i]);
            }
            i++;
            continue;
        }
        if (json && (cp == '"' || cp == '\\')) {
            fputc('\\', f);
            fputc((int)cp, f);
        } else if (!must_escape(cp, tty)) {
            fwrite(s + i, 1, n, f);
        } else if (cp == '\n' || cp == '\r' || cp == '\t') {
            fputc('\\', f);
            fputc(cp == '\n' ? 'n' : cp == '\r' ? 'r' : 't', f);
        } else if (json) {
            fprintf(f, "\\u%04x", cp);
        } else if (cp < 0x80) {
            fprintf(f, "\\x%02x", cp);
        } else {
            fprintf(f, "\\u{%04x}", cp);
        }
        i += n;
    }
}

void cli_write_safe(FILE *f, const char *s, size_t len, int force)
{
    write_chars(f, s, len, 0, force || isatty(fileno(f)));
}

void cli_write_json_string(FILE *f, const char *s, size_t len)
{
    fputc('"', f);
    cli_write_json_chars(f, s, len);
    fputc('"', f);
}

void cli_write_json_chars(FILE *f, const char *s, size_t len)
{
    write_chars(f, s, len, 1, isatty(fileno(f)));
}

typedef struct redact_out {
    FILE *f;
    int json;
} redact_out;

static void emit_piece(void *ctx, const char *ptr, size_t len, int redacted)
{
    const redact_out *o = ctx;
    if (redacted) {
        fputs("***", o->f);
    } else {
        write_chars(o->f, ptr, len, o->json, isatty(fileno(o->f)));
    }
}

void cli_write_redacted(FILE *f, const char *s, size_t len, const redact_set *r, int json)
{
    redact_out o = {f, json};
    (void)redact_scan(r, s, len, emit_piece, &o);
}
