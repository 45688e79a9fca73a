/* The hsscodec command: shared pieces of the subcommands. */
#ifndef HSSC_CLI_H
#define HSSC_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "hsscodec/hsscodec.h"

/* Exit codes: part of the contract (DESIGN.md). */
enum {
    HSSC_EXIT_OK = 0,        /* ok */
    HSSC_EXIT_CONTRACT = 1,  /* the input or response broke the contract */
    HSSC_EXIT_USAGE = 2,     /* usage error */
    HSSC_EXIT_TRANSPORT = 3, /* DNS, TLS, timeout, size cap */
    HSSC_EXIT_API = 4        /* the API answered with an error status */
};

/* A secret held by the CLI: wiped and freed by cli_secret_free(). */
typedef struct cli_secret {
    char *ptr;
    size_t len;
} cli_secret;

void cli_secret_free(cli_secret *s);

/*
 * Reads a secret from exactly one source: the environment variable env (its
 * value is copied, then wiped in place and unset), a file (one trailing
 * newline dropped), or standard input (same). Returns 0, or prints a usage
 * message naming the sources and returns HSSC_EXIT_USAGE. max bounds what is
 * read (bytes).
 */
int cli_secret_read(cli_secret *out, const char *what, const char *env, const char *file,
                    int from_stdin, size_t max);

/*
 * Reads a whole file ("-" for standard input) of at most max bytes into a
 * malloc'd buffer. Returns 0, HSSC_EXIT_USAGE if it cannot be opened, or
 * HSSC_EXIT_CONTRACT if it is larger than max (after saying so on stderr).
 */
int cli_read_all(const char *path, size_t max, char **data, size_t *len);

/* Prints "hsscodec: <sub>: <formatted error>" on stderr. */
void cli_report(const char *sub, const hssc_error *err);

/* Writes (s, len) to f, replacing every byte that could start a terminal
 * control sequence (C0 except '\n' and '\t', DEL, and C1 as UTF-8 or raw)
 * with U+FFFD when f is a terminal, or always when force is set. */
void cli_write_safe(FILE *f, const char *s, size_t len, int force);

/* Writes (s, len) as a JSON string (with quotes) to f, escaping every
 * control character, so the output is one line of plain ASCII-safe JSON. */
void cli_write_json_string(FILE *f, const char *s, size_t len);

/* The same without the quotes (a piece of a JSON string). */
void cli_write_json_chars(FILE *f, const char *s, size_t len);

/* Prints "hsscodec: <sub>: <msg>" on stderr and returns HSSC_EXIT_USAGE. */
int cli_usage_error(const char *sub, const char *msg);

/* Subcommands: each takes the arguments after its name (argv[0] is the
 * subcommand name) and returns an exit code. */
int cli_cmd_url(int argc, char **argv);
int cli_cmd_check_request(int argc, char **argv);
int cli_cmd_check_response(int argc, char **argv);
int cli_cmd_get(int argc, char **argv);
int cli_cmd_check_har(int argc, char **argv);

#endif
