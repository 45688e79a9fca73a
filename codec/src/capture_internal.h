/*
 * The HAR reader's state (codec/src/capture*.c): what it keeps of the entry
 * it is reading, bounded, in the caller's workspace.
 */
#ifndef HSSC_CAPTURE_INTERNAL_H
#define HSSC_CAPTURE_INTERNAL_H

#include <stdint.h>

#include <yajl/yajl_parse.h>

#include "hssc_internal.h"
#include "json_clip.h"

/* Deeper HAR nesting stops the reader (Chrome's _initiator stacks nest a
 * few dozen levels; yajl's own stack costs a byte a level). */
#define HSSC_HAR_DEPTH_MAX 1024
/* Kept of an entry's startedDateTime and method (longer: clipped, with
 * "..."; they only name the entry in findings). */
#define HSSC_HAR_STARTED_MAX 64
#define HSSC_HAR_METHOD_MAX 32
/* The URL in a finding, the password's value as ***. */
#define HSSC_HAR_SHOWN_URL_MAX HSSC_CAPTURE_URL_SHOWN_MAX
/* A header name of interest is short; longer names are not looked at. */
#define HSSC_HAR_HEADER_NAME_MAX 32
/* Header values kept: one past the longest valid value (the token), so an
 * over-long one still gets its exact error. */
#define HSSC_HAR_HEADER_VALUE_MAX (32768 + 1)
/* What yajl sees of a long string that is not a body the checks need:
 * more than the longest value kept (a header value, HSSC_HAR_HEADER_VALUE_MAX). */
#define HSSC_HAR_SOFT_CLIP 40960
/* Up to this many findings of the HAR's own shape per entry. */
#define HSSC_HAR_SHAPE_MAX 8
/* queryString items compared with the URL's query. */
#define HSSC_HAR_QUERY_ITEMS_MAX 1024

/* A kept string: up to cap bytes of it, and its real length. */
typedef struct har_text {
    char *ptr;
    size_t cap;
    size_t len;       /* bytes kept (<= cap) */
    uint64_t raw_len; /* bytes between its quotes in the file (clipped ones are longer) */
    uint64_t full;    /* its decoded length, when all of it was seen */
    int present;
    int clipped;    /* the pre-lexer clipped it, or it did not fit in cap */
    unsigned notes; /* HSSC_CLIP_SURROGATE, HSSC_CLIP_NUL */
} har_text;

/* A header of interest: first value kept, and whether a later one differed. */
typedef struct har_header {
    har_text v;
    int conflict;
} har_header;

typedef struct har_shape {
    hssc_code code;
    hssc_field field;
} har_shape;

/* What the reader keeps of the entry it is in. */
typedef struct har_entry {
    har_text started;
    har_text method;
    har_text url;
    int have_request;
    int have_response;
    /* request.queryString: items as (u32 len, bytes) name then value */
    int have_query;
    char *query;
    size_t query_cap;
    size_t query_len;
    size_t query_items;
    int query_overflow;
    har_header token;
    har_header authorization;
    har_header sdk_date;
    /* response */
    int have_status;
    long status;
    int status_bad;
    size_t resp_headers; /* response headers captured */
    har_header content_type;
    har_text text;
    har_text encoding;
    har_shape shape[HSSC_HAR_SHAPE_MAX];
    size_t n_shape;
} har_entry;

/* Where the parser is: one context per open map or array. */
enum har_ctx {
    CTX_SKIP = 0, /* inside something the reader does not look at */
    CTX_TOP,      /* before the top-level value */
    CTX_ROOT,
    CTX_LOG,
    CTX_ENTRIES,
    CTX_ENTRY,
    CTX_REQ,
    CTX_REQ_HEADERS,
    CTX_REQ_HEADER,
    CTX_QUERY,
    CTX_QUERY_ITEM,
    CTX_RESP,
    CTX_RESP_HEADERS,
    CTX_RESP_HEADER,
    CTX_CONTENT
};

/* The members the reader looks at, by context. */
enum har_key {
    KEY_OTHER = 0,
    KEY_LOG,
    KEY_ENTRIES,
    KEY_STARTED,
    KEY_REQUEST,
    KEY_RESPONSE,
    KEY_METHOD,
    KEY_URL,
    KEY_HEADERS,
    KEY_QUERY,
    KEY_NAME,
    KEY_VALUE,
    KEY_STATUS,
    KEY_CONTENT,
    KEY_TEXT,
    KEY_ENCODING
};

struct hssc_capture {
    unsigned flags;
    size_t max_body;
    hssc_capture_cb cb;
    void *cb_ctx;

    hssc_clip clip;
    yajl_handle h;
    hssc_arena arena;
    uint64_t strings; /* string tokens the callbacks have seen */
    uint64_t fed;     /* bytes of the file read so far */
    unsigned bom;     /* bytes of a leading BOM matched (3: none or skipped) */
    hssc_code code;   /* the error that stopped the reader */
    uint64_t err_at;
    int yajl_stopped; /* a callback stopped yajl: code/err_at say why */
    /* the piece yajl is parsing, for offsets from its callbacks */
    const unsigned char *piece;
    size_t piece_len;
    uint64_t piece_at;
    uint64_t value_end; /* stream offset where the last complete value ended */
    int saw_entries;

    unsigned depth;
    unsigned char stack[HSSC_HAR_DEPTH_MAX + 2];
    int key; /* the member whose value comes next (maps) */

    /* the header object being read */
    har_text hname;
    har_text hvalue;

    har_entry e;
    hssc_capture_summary sum;

    /* scratch for checking an entry */
    char *scratch; /* request decode, query comparison */
    size_t scratch_cap;
    void *decode_ws; /* response and error body decoding */
    size_t decode_ws_cap;
    char *shown_url; /* the URL as shown in findings */
};

/* capture_entry.c: checks the entry just read and reports its findings. */
void hssc_har_entry_check(hssc_capture *c);

/* capture_entry.c: the URL's path is this API's. */
int hssc_har_url_matches(const char *url, size_t len);

#endif
