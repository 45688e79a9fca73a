/* hsscodec: the command. Dispatches to the subcommands. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct subcommand {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} subcommand;

static const subcommand subcommands[] = {
    {"get", cli_cmd_get, "call the API and print the validated answer"},
    {"url", cli_cmd_url, "build and print the request (secrets shown as ***)"},
    {"check-request", cli_cmd_check_request, "validate a captured request target or URL"},
    {"check-response", cli_cmd_check_response, "validate a captured response or error body"},
    {"check-har", cli_cmd_check_har, "validate every matching entry of HAR captures"},
};

#define N_SUBCOMMANDS (sizeof(subcommands) / sizeof(subcommands[0]))

static void usage(FILE *f)
{
    fprintf(f, "usage: hsscodec <command> [options]\n"
               "       hsscodec help <command>\n"
               "       hsscodec -h | --help | -V | --version\n\n"
               "Strict client and validator for Huawei Cloud HSS v5 ShowImageUploadCommand\n"
               "(GET /v5/{project_id}/image/registries/image-upload-command).\n\ncommands:\n");
    for (size_t i = 0; i < N_SUBCOMMANDS; i++) {
        fprintf(f, "  %-15s %s\n", subcommands[i].name, subcommands[i].summary);
    }
    fprintf(f, "\nRun 'hsscodec help <command>' (or 'hsscodec <command> --help') for a command's\n"
               "options; every command also takes -V/--version. The manual: man hsscodec.\n"
               "Exit codes: 0 ok, 1 input or response broke the contract, 2 usage error,\n"
               "3 transport error, 4 the API answered with an error status.\n");
}

static const subcommand *find(const char *name)
{
    for (size_t i = 0; i < N_SUBCOMMANDS; i++) {
        if (strcmp(name, subcommands[i].name) == 0) {
            return &subcommands[i];
        }
    }
    return NULL;
}

/* "hsscodec help [COMMAND]": the overview, or COMMAND --help. */
static int help(int argc, char **argv)
{
    if (argc == 2) {
        usage(stdout);
        return HSSC_EXIT_OK;
    }
    const subcommand *s = argc == 3 ? find(argv[2]) : NULL;
    if (s == NULL) {
        return argc == 3 ? cli_usage_error(NULL, "help: unknown command '%s'", argv[2])
                         : cli_usage_error(NULL, "help takes one command");
    }
    char name[32];
    char flag[] = "--help";
    (void)snprintf(name, sizeof(name), "%s", s->name);
    char *args[] = {name, flag, NULL};
    return s->run(2, args);
}

int main(int argc, char **argv)
{
    cli_harden_process();
    if (argc < 2) {
        usage(stderr);
        return HSSC_EXIT_USAGE;
    }
    const char *a = argv[1];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
        usage(stdout);
        return HSSC_EXIT_OK;
    }
    if (strcmp(a, "help") == 0) {
        return help(argc, argv);
    }
    if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
        cli_print_version();
        return HSSC_EXIT_OK;
    }
    const subcommand *s = find(a);
    if (s != NULL) {
        return s->run(argc - 1, argv + 1);
    }
    if (a[0] == '-') {
        /* Only the option's name: a mistyped "--pasword=..." is a secret. */
        return cli_usage_error(NULL, "unknown option '%.*s'", (int)strcspn(a, "="), a);
    }
    return cli_usage_error(NULL, "unknown command '%s'", a);
}
