/*
 * The report every check command prints (DESIGN.md, "Captured traffic"): a
 * line per finding, as text in diagnostic style or as JSON Lines, then a
 * summary. Nothing here sees a secret: findings come with secrets already
 * replaced by ***.
 */
#ifndef HSSC_CLI_REPORT_H
#define HSSC_CLI_REPORT_H

#include <stdio.h>

#include "hsscodec/hsscodec.h"

typedef enum report_format {
    REPORT_TEXT,
    REPORT_JSONL
} report_format;

/* One finding, wherever it came from. */
typedef struct report_finding {
    const char *input; /* the file name, "-" for standard input */
    long long entry;   /* HAR entry index, or -1 */
    long long line;    /* line of one-per-line input, or 0 */
    hssc_str started;  /* may be empty */
    hssc_str method;   /* may be empty */
    hssc_str url;      /* secrets as ***; may be empty */
    hssc_side side;
    hssc_finding_kind kind;
    hssc_error error;
    hssc_str name;     /* unknown parameter or key, may be empty */
    int status;        /* 0: none */
    hssc_str api_code; /* HSSC_FINDING_API_ERROR */
} report_finding;

typedef struct report {
    report_format format;
    FILE *out;
    FILE *err; /* where text-format input errors go: stderr (report_init) */
    unsigned long long inputs;
    hssc_capture_summary sum;
    int violations;   /* any violation reported */
    int input_errors; /* any input that could not be read as such */
    int no_summary;   /* report_summary prints nothing (check-response --field) */
} report;

/* "text" or "jsonl"; 0 when s names neither. */
int report_format_parse(const char *s, report_format *f);

void report_init(report *r, report_format format, FILE *out);

/* A violation finding about input, on side, of no entry and no line yet:
 * what the check commands start each finding of an input from. */
report_finding report_finding_of(const char *input, hssc_side side);

void report_finding_print(report *r, const report_finding *f);

/* One more entry checked, matching the API, and valid or (violating != 0)
 * violating. */
void report_count_entry(report *r, int violating);

/* An input that is not what the command reads (not JSON, not a HAR, cannot
 * be read): text on err, or a JSON object of type "error" on out. */
void report_input_error(report *r, const char *input, const hssc_error *err);
void report_input_failure(report *r, const char *input, const char *what);
/* An input the reader could not read and has said why on stderr already:
 * counted, and in jsonl an error object; nothing more on err. */
void report_input_unreadable(report *r, const char *input);

/* The summary line or object. */
void report_summary(report *r);

/* The exit code: 2 when an input could not be read, 1 on a violation. */
int report_exit_code(const report *r);

#endif
