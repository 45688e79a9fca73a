/*
 * The reader of a body on yajl's callbacks, as both body readers use it:
 * the single-error decoder (hssc_json_decode, json_reader.c) and the
 * reader of every finding (hssc_json_find_all, json_findings.c). One walk,
 * two modes: with no findings buffer, the first rule break is kept and no
 * field is read after it (the decoder's straight path); with one, every
 * rule break is added and the walk goes on. A well-formedness error ends
 * the walk in both.
 *
 * Private to those two files. The walk is defined in json_reader.c
 * (floor 4); what is decided around it (hssc_json_precheck, _stop_error,
 * _missing, _slot_len) in json_body.c (floor 2): both below json_findings.c
 * (floor 5).
 */
#ifndef HSSC_JSON_READER_H
#define HSSC_JSON_READER_H

#include <yajl/yajl_parse.h>

#include "hssc_internal.h"

typedef struct hssc_json_walk {
    yajl_handle h;
    const hssc_json_doc *doc;
    const unsigned char *body;
    size_t len;
    unsigned flags;
    int finishing;     /* inside yajl_complete_parse: consumed counts are not ours */
    size_t last_end;   /* offset just past the previous token */
    unsigned depth;    /* containers open */
    unsigned active;   /* depth of the object whose keys are read (0: none) */
    hssc_field expect; /* field of the current key's value (NONE: skip it) */
    int expect_nested; /* the current key opens the nested object */
    int nested_seen;
    int top_not_object;
    unsigned char seen[HSSC_FIELD_COUNT_];
    char *strings;     /* where read values are copied (NULL: nowhere) */
    hssc_findings *fs; /* every rule break (NULL: the first only) */
    hssc_error fatal;  /* the well-formedness error that stops the parse */
    int has_fatal;
    hssc_error broke; /* the first rule break */
    int has_broke;
    /* Set for the document's fields only (the rest is never read): */
    size_t slot[HSSC_FIELD_COUNT_];    /* each field's place in strings */
    hssc_str value[HSSC_FIELD_COUNT_]; /* the values read (ptr NULL: absent) */
} hssc_json_walk;

/* How a parse ended, for hssc_json_stop_error (json_body.c). */
typedef struct hssc_json_stop {
    int whole;               /* yajl took the body whole (yajl_status_ok to the end) */
    size_t stop;             /* where yajl stopped (bytes consumed); len when whole */
    const hssc_error *fatal; /* the error a callback stopped the parse with, or NULL */
    hssc_field in_value;     /* the field whose value was being read, else HSSC_FIELD_BODY */
    size_t value_from;       /* where that value can start: the end of the token before */
} hssc_json_stop;

/* The bytes a field's value takes in the strings area (none for the key
 * that opens the nested object). */
size_t hssc_json_slot_len(hssc_field f);

/* The error that ends the body (json_body.c says which); 0 when the body
 * was whole and has none, else 1 with *out set. */
int hssc_json_stop_error(const unsigned char *body, size_t len, const hssc_json_stop *s,
                         hssc_error *out);

/*
 * The checks before yajl runs, in order: the arguments (HSSC_E_ARGUMENT),
 * the size cap, the workspace the walk needs (strings and the arena's worst
 * case for this body), and a first byte that can start a JSON value.
 * Returns HSSC_OK or the first error.
 */
hssc_code hssc_json_precheck(const hssc_json_doc *doc, const char *body, size_t len, unsigned flags,
                             size_t max_body, const void *workspace, size_t workspace_cap,
                             hssc_error *err);

/* The next required field of doc not seen, from top key number *next on
 * (*next moves past it), or HSSC_FIELD_NONE: the order missing fields are
 * reported in. */
hssc_field hssc_json_missing(const hssc_json_doc *doc, const unsigned char *seen, size_t *next);

/*
 * Walks body (prechecked) as doc on the workspace: values are copied to
 * its start when store is set (each field's slot), yajl's arena follows.
 * fs: NULL for the first rule break only (in w->broke), else every one is
 * added there. Returns 1 with *end set when a well-formedness error ended
 * the body, else 0. *arena_out (may be NULL)
 * receives the arena's final state.
 */
int hssc_json_walk_body(hssc_json_walk *w, const hssc_json_doc *doc, const char *body, size_t len,
                        unsigned flags, int store, hssc_findings *fs, void *workspace,
                        size_t workspace_cap, hssc_arena *arena_out, hssc_error *end);

#endif
