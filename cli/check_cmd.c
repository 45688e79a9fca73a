/* The plumbing the check commands share (check_cmd.h). */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include <stdlib.h>
#include <string.h>

#include "check_cmd.h"

/* One of the common options: 1 when taken, 0 when it is none of them, or a
 * negated exit code. */
static int take_common(const check_cmd *c, check_opts *o, int opt, const char *arg)
{
    if (opt == 'f') {
        if (!report_format_parse(arg, &o->format)) {
            return -cli_usage_error(c->sub, "--format takes text or jsonl");
        }
        return 1;
    }
    if (opt == 'u') {
        o->flags |= HSSC_ALLOW_UNKNOWN;
        return 1;
    }
    return 0;
}

/* The long options every check command takes besides its own, and the
 * terminator. */
static const struct option common_options[] = {
    {"format", required_argument, NULL, 'f'},
    {"allow-unknown", no_argument, NULL, 'u'},
    CLI_COMMON_LONG_OPTIONS,
    {NULL, 0, NULL, 0},
};

int check_cmd_parse(const check_cmd *c, void *ctx, check_opts *o, int argc, char **argv)
{
    struct option
        longopts[CHECK_OWN_OPTIONS_MAX + sizeof(common_options) / sizeof(common_options[0])];
    size_t n = 0;
    while (n < CHECK_OWN_OPTIONS_MAX && c->own[n].name != NULL) {
        longopts[n] = c->own[n];
        n++;
    }
    memcpy(longopts + n, common_options, sizeof(common_options));
    o->format = REPORT_TEXT;
    o->flags = 0;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, CLI_SHORT_OPTIONS, longopts, NULL)) != -1) {
        int taken = take_common(c, o, opt, optarg);
        if (taken == 0 && c->take != NULL) {
            taken = c->take(ctx, opt, optarg);
        }
        if (taken < 0) {
            return -taken;
        }
        if (taken == 0) {
            return cli_common_option(c->sub, c->help, opt, argv);
        }
    }
    if (optind >= argc) {
        return cli_usage_error(c->sub, "%s",
                               c->no_input != NULL
                                   ? c->no_input
                                   : "give one or more INPUTs (FILE, or - for standard input)");
    }
    return CHECK_GO_ON;
}

/* An item argument: checked from a copy, and wiped in argv (a request
 * target holds the password). */
static int check_item(const check_cmd *c, void *ctx, char *arg, int number)
{
    size_t len = strlen(arg);
    char *copy = malloc(len + 1);
    if (copy == NULL) {
        return HSSC_EXIT_TRANSPORT;
    }
    memcpy(copy, arg, len + 1);
    explicit_bzero(arg, len);
    char name[32];
    snprintf(name, sizeof(name), "arg%d", number);
    int rc = c->each(ctx, name, copy, len);
    cli_wipe_free(copy, len);
    return rc;
}

int check_cmd_inputs(const check_cmd *c, void *ctx, report *rep, size_t max, int argc, char **argv)
{
    int rc = HSSC_EXIT_OK;
    int stdin_used = 0;
    for (int i = optind; i < argc && rc == HSSC_EXIT_OK; i++) {
        const char *a = argv[i];
        if (c->is_item != NULL && c->is_item(a)) {
            rc = check_item(c, ctx, argv[i], i - optind + 1);
            continue;
        }
        if (strcmp(a, "-") == 0 && stdin_used++) {
            continue; /* standard input is read once */
        }
        char *data = NULL;
        size_t len = 0;
        int r = cli_read_all(c->sub, a, max, &data, &len);
        if (r == HSSC_EXIT_CONTRACT && c->too_large != NULL) {
            c->too_large(ctx, a);
            continue;
        }
        if (r != HSSC_EXIT_OK) {
            report_input_unreadable(rep, a);
            continue;
        }
        rc = c->each(ctx, a, data, len);
        cli_wipe_free(data, len);
    }
    return rc;
}

int check_cmd_finish(const check_cmd *c, report *rep, int rc)
{
    if (rc != HSSC_EXIT_OK) {
        cli_say(c->sub, "out of memory");
        return rc;
    }
    report_summary(rep);
    return report_exit_code(rep);
}
