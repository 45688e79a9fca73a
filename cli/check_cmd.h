/*
 * The plumbing the check commands share: their common options (all three),
 * the loop over INPUT arguments read whole (check-request, check-response;
 * check-har streams its files) and the end of a run. What each command
 * checks stays in its cmd_check_*.c.
 */
#ifndef HSSC_CLI_CHECK_CMD_H
#define HSSC_CLI_CHECK_CMD_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include "cli.h"
#include "report.h"

/* Most long options a check command has of its own. */
#define CHECK_OWN_OPTIONS_MAX 3

/* A check command: what tells it apart from the others. */
typedef struct check_cmd {
    const char *sub;      /* "check-request" */
    void (*help)(FILE *); /* prints the help text */
    /* Its own long options (the common ones, --format, --allow-unknown,
     * --help and --version, are added): a name NULL ends them. */
    struct option own[CHECK_OWN_OPTIONS_MAX + 1];
    /* The usage error when no INPUT is given; NULL: "give one or more
     * INPUTs (FILE, or - for standard input)". */
    const char *no_input;
    /* One of the command's own options: 1 when taken, 0 when it is none of
     * them, or a negated exit code (a usage error, already said). NULL: it
     * has none. */
    int (*take)(void *ctx, int opt, const char *arg);
    /* An argument that is an input itself rather than a file name
     * (check-request's targets); NULL: every argument is a file. */
    int (*is_item)(const char *arg);
    /* Checks one input read whole (a file, standard input or an item
     * argument, named name); returns an exit code, anything but
     * HSSC_EXIT_OK stops the run (out of memory). */
    int (*each)(void *ctx, const char *name, const char *data, size_t len);
    /* A file over the size cap (already said on stderr); NULL: it is
     * counted as an input that cannot be read. */
    void (*too_large)(void *ctx, const char *name);
} check_cmd;

/* The common options' values (--format, --allow-unknown). */
typedef struct check_opts {
    report_format format;
    unsigned flags; /* HSSC_ALLOW_UNKNOWN */
} check_opts;

/* check_cmd_parse(): the options are read and optind is at the first
 * INPUT. */
#define CHECK_GO_ON (-1)

/* Reads the options of argv (c's own through c->take with ctx, the common
 * ones into *o). Returns CHECK_GO_ON, or the exit code to return at once:
 * after -h or -V, or a usage error (said on stderr). */
int check_cmd_parse(const check_cmd *c, void *ctx, check_opts *o, int argc, char **argv);

/* Checks every INPUT from optind on with c->each (standard input read
 * once; files of at most max bytes, wiped before they are freed; an item
 * argument copied, wiped in argv, and named "argN"). Returns HSSC_EXIT_OK,
 * or the first other exit code of c->each (the run stops there). */
int check_cmd_inputs(const check_cmd *c, void *ctx, report *rep, size_t max, int argc, char **argv);

/* The end of a run: rc other than HSSC_EXIT_OK says "out of memory" and
 * is returned; otherwise the summary is printed and the report's exit code
 * returned. */
int check_cmd_finish(const check_cmd *c, report *rep, int rc);

#endif
