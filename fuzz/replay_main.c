/*
 * Standalone replay driver (after curl-fuzzer's
 * standalone_fuzz_target_runner): runs every file named on the command
 * line, and every regular file of every directory named there, through
 * LLVMFuzzerTestOneInput, each copied into an exactly sized heap block. It
 * needs no libFuzzer, so any compiler builds it and the corpus is a
 * regression suite of the normal test run.
 *
 * Exit status: 0 when every input ran, 1 when an input could not be read or
 * no input was found (an empty or missing corpus is an error, not a pass).
 * A violated invariant aborts, with the input's path on stderr.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional, as in libFuzzer. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* The input being run, for the abort handler. */
static const char *current;

static void on_abort(int sig)
{
    static const char msg[] = "replay: crashed on input ";
    if (current != NULL) {
        (void)!write(2, msg, sizeof(msg) - 1);
        (void)!write(2, current, strlen(current));
        (void)!write(2, "\n", 1);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static int run_file(const char *path, size_t *count)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return 1;
    }
    size_t cap = 4096;
    size_t len = 0;
    unsigned char *buf = malloc(cap);
    size_t n;
    while (buf != NULL && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            unsigned char *bigger = realloc(buf, cap * 2);
            if (bigger == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    int bad = buf == NULL || ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        fprintf(stderr, "replay: cannot read %s\n", path);
        return 1;
    }
    /* Exactly sized, so that an over-read is past the block. */
    unsigned char *exact = malloc(len > 0 ? len : 1);
    if (exact == NULL) {
        free(buf);
        return 1;
    }
    memcpy(exact, buf, len);
    free(buf);
    current = path;
    (void)LLVMFuzzerTestOneInput(exact, len);
    current = NULL;
    free(exact);
    (*count)++;
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs a directory's regular files (not dot files) in name order, so runs
 * are reproducible. */
static int run_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        fprintf(stderr, "replay: cannot open directory %s\n", dir);
        return 1;
    }
    char **names = NULL;
    size_t n = 0;
    size_t cap = 0;
    int rc = 0;
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        if (ent->d_name[0] == '.') {
            continue;
        }
        if (n == cap) {
            cap = cap > 0 ? cap * 2 : 64;
            char **more = realloc(names, cap * sizeof(*names));
            if (more == NULL) {
                rc = 1;
                break;
            }
            names = more;
        }
        size_t need = strlen(dir) + 1 + strlen(ent->d_name) + 1;
        names[n] = malloc(need);
        if (names[n] == NULL) {
            rc = 1;
            break;
        }
        snprintf(names[n], need, "%s/%s", dir, ent->d_name);
        n++;
    }
    closedir(d);
    if (n > 0) {
        qsort(names, n, sizeof(*names), cmp_names);
    }
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (rc == 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            rc = run_file(names[i], count);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize != NULL) {
        (void)LLVMFuzzerInitialize(&argc, &argv);
    }
    signal(SIGABRT, on_abort);
    signal(SIGSEGV, on_abort);
    size_t count = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: no such file or directory: %s\n", argv[i]);
            return 1;
        }
        int rc = S_ISDIR(st.st_mode) ? run_dir(argv[i], &count) : run_file(argv[i], &count);
        if (rc != 0) {
            return 1;
        }
    }
    if (count == 0) {
        fprintf(stderr, "replay: no input found (usage: %s FILE|DIR...)\n", argv[0]);
        return 1;
    }
    printf("replay: %zu inputs ran\n", count);
    return 0;
}
