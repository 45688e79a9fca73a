/*
 * The inputs of check-request and check-response: what kind of input a
 * file holds (one item per line, or one HTTP message), the pieces of an
 * HTTP/1.1 message, what a body that is not JSON is instead, and the
 * findings of the codec's *_decode_all turned into report lines.
 */
#ifndef HSSC_CLI_CHECK_INPUT_H
#define HSSC_CLI_CHECK_INPUT_H

#include <stddef.h>

#include "hsscodec/hsscodec.h"
#include "report.h"

/* Longest name a report gives for an unknown or repeated parameter or key. */
#define CHECK_NAME_MAX 64u

/* A line of the input: its text without the line break (and CR), and
 * its number from 1. */
typedef struct in_line {
    const char *ptr;
    size_t len;
    long long number;
} in_line;

/* Steps through data line by line: *at is where the next line starts.
 * Returns 0 at the end. */
int in_next_line(const char *data, size_t len, size_t *at, in_line *out);

/* A request line "METHOD SP target [SP HTTP/x.y]": method letters, one
 * space, a target without spaces, optionally one space and the version.
 * version.ptr is NULL when there is none. Returns 0 when the line is not
 * of that shape (then it is a target or URL on its own). */
int in_request_line(const char *s, size_t len, hssc_str *method, hssc_str *target,
                    hssc_str *version);

/* A header line "Name: value" (name: RFC 9110 token; value without
 * surrounding spaces or tabs). Returns 0 otherwise. */
int in_header_line(const char *s, size_t len, hssc_str *name, hssc_str *value);

/* Does data hold one request message (a request line, then a header
 * line), rather than one item per line? */
int in_is_request_message(const char *data, size_t len);

/* A raw HTTP response message: "HTTP/1.x NNN reason", header lines, an
 * empty line, the body. */
typedef struct in_response {
    int status;
    const char *headers; /* from the first header line to the empty line */
    size_t headers_len;
    const char *body;
    size_t body_len;
    size_t body_at; /* offset of the body in the message */
} in_response;

/* Does data start with "HTTP/" (a status line)? */
int in_starts_with_status_line(const char *data, size_t len);

/* Splits a response message. Returns HSSC_OK, or HSSC_E_HTTP_MESSAGE with
 * *at the offset of the first byte that does not fit. */
hssc_code in_response_parse(const char *data, size_t len, in_response *out, size_t *at);

/* The value of the first header called name (case-insensitive) among the
 * header lines of (h, len); 0 when absent. *line_no counts from the first
 * header line as 1. */
int in_header_find(const char *h, size_t len, const char *name, hssc_str *value,
                   long long *line_no);

/* What a body that cannot be JSON is instead: HSSC_E_BOM, HSSC_E_GZIP,
 * HSSC_E_STATUS_LINE, HSSC_E_HTML (with *at where it shows), or HSSC_OK
 * when it is none of them (the decoder's verdict stands). */
hssc_code in_sniff_body(const char *body, size_t len, size_t *at);

/* Prints each finding of fs as a report line of base (which gives input,
 * line, side and kind); names are cut to CHECK_NAME_MAX bytes on a UTF-8
 * boundary. offset_base is added to every offset (a body inside a
 * message). */
void in_report_findings(report *rep, const report_finding *base, const hssc_findings *fs,
                        const char *in, size_t offset_base);

/* Grows *items (*cap of them) to hold every finding an input of len bytes
 * can have: each token a finding points at takes two bytes or more.
 * Returns 0, or HSSC_EXIT_TRANSPORT when memory runs out. */
int in_findings_reserve(hssc_finding **items, size_t *cap, size_t len);

#endif
