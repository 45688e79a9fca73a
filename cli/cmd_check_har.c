/* hsscodec check-har: every matching entry of HAR captures, streamed
 * through the codec's capture reader at constant memory. */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <zlib.h>

#include "check_cmd.h"
#include "cli.h"
#include "report.h"

static const char check_har_help[] =
    "usage: hsscodec check-har [--format text|jsonl] [--allow-unknown] [--max-body BYTES]\n"
    "                          [--quiet] FILE...|-\n\n"
    "Validates every entry of HAR 1.2 (and 1.1) captures that calls\n"
    "GET /v5/{project_id}/image/registries/image-upload-command: the request\n"
    "(URL, queryString, X-Auth-Token or Authorization + X-Sdk-Date) and the\n"
    "response (200 body, or error body). Other entries are counted and skipped.\n"
    "Files of any size are read as a stream at constant memory; gzip'd files\n"
    "(.har.gz) are inflated on the fly.\n\n"
    "  --format text|jsonl  one line per finding: 'FILE:ENTRY: side: field: reason\n"
    "                       at byte N (started T)' (text, the default) or a JSON object\n"
    "                       (docs/report.schema.json); then a summary\n"
    "  --allow-unknown      unknown query parameters and body keys are no violation\n"
    "  --max-body BYTES     body size cap (default 65536)\n"
    "  --quiet              no progress line on a terminal\n"
    "  -h, --help           this text; -V, --version: the version\n\n"
    "Exit: 0 every matching entry keeps the contract (valid error answers\n"
    "included), 1 a violation, 2 usage error or a file that is not JSON or not\n"
    "a HAR. Secrets are never printed: URLs show the password as ***.\n";

#define READ_CHUNK (256u * 1024u)

typedef struct har_run {
    report *rep;
    const char *input;
    int quiet;
    int progress; /* stderr is a terminal and the file is large */
    off_t size;   /* 0: unknown */
    unsigned long long done;
    struct timespec t0;
    struct timespec last;
} har_run;

static void on_finding(void *ctx, const hssc_capture_finding *f)
{
    har_run *h = ctx;
    report_finding rf;
    memset(&rf, 0, sizeof(rf));
    rf.input = h->input;
    rf.entry = (long long)f->entry;
    rf.started = f->started;
    rf.method = f->method;
    rf.url = f->url;
    rf.side = f->side;
    rf.kind = f->kind;
    rf.error = f->error;
    rf.name = f->name;
    rf.status = f->status;
    rf.api_code = f->api_code;
    report_finding_print(h->rep, &rf);
}

static double seconds(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* "\r12.3 MB of 512.0 MB (2%), 301.2 MB/s", four times a second at most. */
static void progress(har_run *h, int last)
{
    if (!h->progress) {
        return;
    }
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!last && seconds(&h->last, &now) < 0.25) {
        return;
    }
    h->last = now;
    double el = seconds(&h->t0, &now);
    double mb = (double)h->done / 1e6;
    fputs("\rhsscodec: check-har: ", stderr);
    cli_write_safe(stderr, h->input, strlen(h->input), 1);
    fprintf(stderr, ": %.1f MB", mb);
    if (h->size > 0) {
        fprintf(stderr, " of %.1f MB (%.0f%%)", (double)h->size / 1e6,
                100.0 * (double)h->done / (double)h->size);
    }
    if (el > 0) {
        fprintf(stderr, ", %.1f MB/s", mb / el);
    }
    fputs(last ? "\r\033[K" : "\033[K", stderr);
}

/* Reads fd to the end into the reader, inflating gzip on the fly. Returns
 * 0, or 1 after reporting why the input could not be read. */
static int pump(har_run *h, int fd, hssc_capture *cap, unsigned char *in, unsigned char *out,
                hssc_error *err, hssc_code *rc)
{
    z_stream zs;
    memset(&zs, 0, sizeof(zs));
    int gz = -1;   /* unknown until the first bytes */
    int z_end = 0; /* the last gzip member has ended */
    int ret = 0;
    *rc = HSSC_OK;
    for (;;) {
        ssize_t n = read(fd, in, READ_CHUNK);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            report_input_failure(h->rep, h->input, strerror(errno));
            ret = 1;
            break;
        }
        if (n == 0) {
            if (gz == 1 && !z_end) {
                report_input_failure(h->rep, h->input, "truncated gzip stream");
                ret = 1;
            }
            break;
        }
        h->done += (unsigned long long)n;
        progress(h, 0);
        if (gz < 0) {
            gz = n >= 2 && in[0] == 0x1F && in[1] == 0x8B;
            if (gz && inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
                report_input_failure(h->rep, h->input, "cannot start zlib");
                return 1;
            }
        }
        if (!gz) {
            *rc = hssc_capture_feed(cap, in, (size_t)n, err);
            if (*rc != HSSC_OK) {
                break;
            }
            continue;
        }
        zs.next_in = in;
        zs.avail_in = (uInt)n;
        while (zs.avail_in > 0 && *rc == HSSC_OK) {
            zs.next_out = out;
            zs.avail_out = READ_CHUNK;
            int z = inflate(&zs, Z_NO_FLUSH);
            z_end = z == Z_STREAM_END;
            if (z == Z_STREAM_END && zs.avail_in > 0) {
                inflateReset(&zs); /* concatenated gzip members */
            } else if (z != Z_OK && z != Z_STREAM_END && z != Z_BUF_ERROR) {
                report_input_failure(h->rep, h->input, "not a valid gzip stream");
                ret = 1;
                break;
            }
            *rc = hssc_capture_feed(cap, out, READ_CHUNK - zs.avail_out, err);
        }
        if (ret != 0 || *rc != HSSC_OK) {
            break;
        }
    }
    if (gz == 1) {
        inflateEnd(&zs);
    }
    progress(h, 1);
    return ret;
}

static void check_one(report *rep, const char *path, unsigned flags, size_t max_body, int quiet,
                      void *ws, size_t ws_len, unsigned char *in, unsigned char *out)
{
    har_run h;
    memset(&h, 0, sizeof(h));
    h.rep = rep;
    h.input = path;
    h.quiet = quiet;
    int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        report_input_failure(rep, path, strerror(errno));
        return;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        h.size = st.st_size;
    }
    h.progress = !quiet && isatty(STDERR_FILENO) && (h.size == 0 || h.size >= (32 << 20));
    clock_gettime(CLOCK_MONOTONIC, &h.t0);
    h.last = h.t0;

    hssc_capture *cap;
    hssc_error err;
    hssc_capture_summary sum;
    memset(&sum, 0, sizeof(sum));
    if (hssc_capture_init(ws, ws_len, flags, max_body, on_finding, &h, &cap, &err) != HSSC_OK) {
        report_input_error(rep, path, &err);
    } else {
        hssc_code rc;
        if (pump(&h, fd, cap, in, out, &err, &rc) == 0) {
            /* the counts so far, also after an error */
            hssc_code end = hssc_capture_finish(cap, &sum, rc == HSSC_OK ? &err : NULL);
            if (rc == HSSC_OK) {
                rc = end;
            }
            if (rc != HSSC_OK) {
                report_input_error(rep, path, &err);
            }
        }
        hssc_capture_wipe(cap);
    }
    rep->inputs++;
    rep->sum.entries += sum.entries;
    rep->sum.matching += sum.matching;
    rep->sum.valid += sum.valid;
    rep->sum.violating += sum.violating;
    rep->sum.not_captured += sum.not_captured;
    rep->sum.api_errors += sum.api_errors;
    if (sum.violating > 0) {
        rep->violations = 1;
    }
    if (fd != STDIN_FILENO) {
        close(fd);
    }
}

static void check_har_help_print(FILE *f)
{
    fputs(check_har_help, f);
}

typedef struct har_args {
    size_t max_body;
    int quiet;
} har_args;

static int take_option(void *ctx, int opt, const char *arg)
{
    har_args *a = ctx;
    if (opt == 'q') {
        a->quiet = 1;
        return 1;
    }
    if (opt != 'm') {
        return 0;
    }
    unsigned long v;
    if (!cli_parse_number(arg, HSSC_CAPTURE_BODY_MAX, &v) || v == 0) {
        return -cli_usage_error("check-har", "--max-body takes 1..16777216 bytes");
    }
    a->max_body = (size_t)v;
    return 1;
}

static const check_cmd check_har_cmd = {
    .sub = "check-har",
    .help = check_har_help_print,
    .own = {{"max-body", required_argument, NULL, 'm'}, {"quiet", no_argument, NULL, 'q'}},
    .no_input = "give one or more HAR files, or - for standard input",
    .take = take_option,
};

int cli_cmd_check_har(int argc, char **argv)
{
    har_args args = {HSSC_BODY_MAX_DEFAULT, 0};
    check_opts opts;
    int rc = check_cmd_parse(&check_har_cmd, &args, &opts, argc, argv);
    if (rc != CHECK_GO_ON) {
        return rc;
    }
    size_t ws_len = HSSC_CAPTURE_WORKSPACE_LEN(args.max_body);
    void *ws = malloc(ws_len);
    unsigned char *in = malloc(READ_CHUNK);
    unsigned char *out = malloc(READ_CHUNK);
    rc = HSSC_EXIT_TRANSPORT;
    if (ws == NULL || in == NULL || out == NULL) {
        cli_say("check-har", "out of memory");
        goto out;
    }
    report rep;
    report_init(&rep, opts.format, stdout);
    for (int i = optind; i < argc; i++) {
        check_one(&rep, argv[i], opts.flags, args.max_body, args.quiet, ws, ws_len, in, out);
    }
    report_summary(&rep);
    rc = report_exit_code(&rep);
out:
    /* the buffers held captured secrets */
    if (in != NULL) {
        explicit_bzero(in, READ_CHUNK);
    }
    if (out != NULL) {
        explicit_bzero(out, READ_CHUNK);
    }
    free(in);
    free(out);
    cli_wipe_free(ws, ws_len);
    if (fflush(stdout) != 0 && rc == HSSC_EXIT_OK) {
        rc = HSSC_EXIT_USAGE;
    }
    return rc;
}
