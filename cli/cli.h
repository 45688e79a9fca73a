/* The hsscodec command: shared pieces of the subcommands. */
#ifndef HSSC_CLI_H
#define HSSC_CLI_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include "hsscodec/hsscodec.h"
#include "output.h"
#include "redact.h"

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

/* Wipes n bytes at p and frees it (p NULL: nothing to do): how the CLI
 * releases every buffer that held a secret or captured input. */
void cli_wipe_free(void *p, size_t n);

/*
 * Reads a secret from exactly one source: the environment variable env, a
 * file (read with read(2) into wiped buffers) (one trailing
 * newline dropped), or standard input (same). Returns 0, or prints a usage
 * message naming the sources and returns HSSC_EXIT_USAGE. max bounds what is
 * read (bytes). A flag wins over the environment; every copy of env in the
 * environment is wiped and unset whichever source won (cli_env_scrub).
 */
int cli_secret_read(const char *sub, cli_secret *out, const char *what, const char *env,
                    const char *file, int from_stdin, size_t max);

/* Makes the process non-dumpable (PR_SET_DUMPABLE 0) with a core size
 * limit of 0: it holds secrets from its first instruction (environment). */
void cli_harden_process(void);

/* Wipes the value of every environment entry NAME=... in place and unsets
 * NAME. */
void cli_env_scrub(const char *name);

/*
 * Reads a whole file ("-" for standard input) of at most max bytes into a
 * malloc'd buffer. Returns 0, HSSC_EXIT_USAGE if it cannot be opened, or
 * HSSC_EXIT_CONTRACT if it is larger than max (after saying so on stderr,
 * as "hsscodec: <sub>: ...").
 */
int cli_read_all(const char *sub, const char *path, size_t max, char **data, size_t *len);

/* Prints "hsscodec: <sub>: <formatted error>" on stderr. */
void cli_report(const char *sub, const hssc_error *err);

/*
 * Every message of the command is one line "hsscodec: <sub>: <message>" on
 * stderr (sub NULL: "hsscodec: <message>", for the command line before a
 * subcommand). cli_say() prints one; cli_usage_error() prints one with the
 * single hint "(see 'hsscodec <sub> --help')" and returns HSSC_EXIT_USAGE,
 * so no message carries a hint of its own.
 */
void cli_say(const char *sub, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cli_usage_error(const char *sub, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * The options every subcommand takes besides its own: -h/--help and
 * -V/--version. getopt_long() gets CLI_SHORT_OPTIONS, whose leading ':'
 * keeps getopt from printing messages of its own (it would echo a mistyped
 * "--pasword=SECRET" whole); cli_common_option() says one instead.
 */
#define CLI_SHORT_OPTIONS ":hV"
#define CLI_COMMON_LONG_OPTIONS                                                                    \
    {"help", no_argument, NULL, 'h'},                                                              \
    {                                                                                              \
        "version", no_argument, NULL, 'V'                                                          \
    }

/* Prints "hsscodec VERSION (library VERSION)" on stdout. */
void cli_print_version(void);

/*
 * For a getopt_long() result that is none of the subcommand's own options:
 * 'h' prints the help (help(stdout)) and 'V' the version, returning
 * HSSC_EXIT_OK; '?' (an unknown option), ':' (an option without its value)
 * and anything else print one usage message naming the option, never a
 * value given with it, and return HSSC_EXIT_USAGE.
 */
int cli_common_option(const char *sub, void (*help)(FILE *), int opt, char **argv);

/* Parses a decimal number, digits only (no sign, blanks or suffix), of at
 * most max into *out: 1, or 0 when s is not such a number. The one number
 * parser of the command's options. */
int cli_parse_number(const char *s, unsigned long max, unsigned long *out);

/* The field table's maximum for f, in characters (for the visible-ASCII
 * fields, the token and the keys, also in bytes). */
size_t cli_field_max(hssc_field f);

/* Largest --max-body any subcommand accepts: a body larger than this is not
 * an answer of this API whatever the caller asks for. */
#define CLI_MAX_BODY_LIMIT (64ul * 1024ul * 1024ul)

/* Subcommands: each takes the arguments after its name (argv[0] is the
 * subcommand name) and returns an exit code. */
int cli_cmd_url(int argc, char **argv);
int cli_cmd_check_request(int argc, char **argv);
int cli_cmd_check_response(int argc, char **argv);
int cli_cmd_get(int argc, char **argv);
int cli_cmd_check_har(int argc, char **argv);

#endif
