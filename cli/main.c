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
               "       hsscodec --help | --version\n\n"
               "Strict client and validator for Huawei Cloud HSS v5 ShowImageUploadCommand\n"
               "(GET /v5/{project_id}/image/registries/image-upload-command).\n\ncommands:\n");
    for (size_t i = 0; i < N_SUBCOMMANDS; i++) {
        fprintf(f, "  %-15s %s\n", subcommands[i].name, subcommands[i].summary);
    }
    fprintf(f, "\nRun 'hsscodec <command> --help' for a command's options.\n"
               "Exit codes: 0 ok, 1 input or response broke the contract, 2 usage error,\n"
               "3 transport error, 4 the API answered with an error status.\n");
}

int main(int argc, char **argv)
{
    cli_harden_process();
    if (argc < 2) {
        usage(stderr);
        return HSSC_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return HSSC_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("hsscodec %s (library %s)\n", HSSC_VERSION_STRING, hssc_version());
        return HSSC_EXIT_OK;
    }
    for (size_t i = 0; i < N_SUBCOMMANDS; i++) {
        if (strcmp(argv[1], subcommands[i].name) == 0) {
            return subcommands[i].run(argc - 1, argv + 1);
        }
    }
    fprintf(stderr, "hsscodec: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return HSSC_EXIT_USAGE;
}
