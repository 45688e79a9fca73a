/*
 * What the two readers of a body on yajl's callbacks share: the
 * single-error reader (json_reader.c) and the reader of every finding
 * (json_findings.c). Private to those two files; defined in json_reader.c
 * (floor 4), so json_findings.c (floor 5) calls down.
 */
#ifndef HSSC_JSON_READER_H
#define HSSC_JSON_READER_H

#include "hssc_internal.h"

/* How a parse ended, for hssc_json_stop_error. */
typedef struct hssc_json_stop {
    int whole;               /* yajl took the body whole (yajl_status_ok to the end) */
    size_t stop;             /* where yajl stopped (bytes consumed); len when whole */
    const hssc_error *fatal; /* the error a callback stopped the parse with, or NULL */
    hssc_field in_value;     /* the field whose value was being read, else HSSC_FIELD_BODY */
    size_t value_from;       /* where that value can start: the end of the token before */
} hssc_json_stop;

/*
 * The error that ends the body, as both readers decide it: a vertical tab
 * or form feed (yajl's blanks, not JSON's) before the error otherwise
 * reported; the callback's error; when yajl refused a byte, the first
 * invalid UTF-8 sequence at or before it (in_value's error when it lies at
 * or past value_from), else a syntax error where yajl stopped. Returns 0
 * when the body was whole and has none, else 1 with *out set.
 *
 * Reads the body only as far as the error it reports needs (a whole body:
 * all of it, for the blanks), so a body rejected early costs little
 * (issue 14: fuzzing is mostly rejected bodies).
 */
int hssc_json_stop_error(const unsigned char *body, size_t len, const hssc_json_stop *s,
                         hssc_error *out);

#endif
