/*
 * The character writers of the CLI (DESIGN.md, "Process and output
 * hygiene"): every byte that came from a server or a capture is printed
 * through one of them. Pure output: they write to the FILE they are given
 * and keep no state, so the report (cli/report.c) and its fuzz target link
 * them alone (hssc_report, cli/report.cmake).
 */
#ifndef HSSC_CLI_OUTPUT_H
#define HSSC_CLI_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "redact.h"

/*
 * Writes (s, len) to f character by character (DESIGN.md, "Process and
 * output hygiene"): valid UTF-8 passes through byte for byte; escaped are
 * C0 controls (\n \r \t, else \xHH), DEL (\x7f), the C1 code points
 * U+0080..U+009F (\u{0085}), every byte of invalid UTF-8 (\xHH), and,
 * when f is a terminal or force is set, the bidirectional overrides and
 * isolates U+202A..U+202E, U+2066..U+2069.
 */
void cli_write_safe(FILE *f, const char *s, size_t len, int force);

/* Writes (s, len) as a JSON string (with quotes) to f: the same characters
 * escaped as \uXXXX (invalid UTF-8 as \ufffd), so the output is one line
 * of valid JSON; other UTF-8 (CJK) is written as is. */
void cli_write_json_string(FILE *f, const char *s, size_t len);

/* The same without the quotes (a piece of a JSON string). */
void cli_write_json_chars(FILE *f, const char *s, size_t len);

/* Writes (s, len) with every form of every secret of r replaced by "***"
 * (cli/redact.h), the rest as cli_write_json_chars (json) or
 * cli_write_safe. */
void cli_write_redacted(FILE *f, const char *s, size_t len, const redact_set *r, int json);

#endif
