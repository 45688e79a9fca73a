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

/* The type of a value yajl hands over. */
enum vtype {
    V_MAP,
    V_ARRAY,
    V_STRING,
    V_NUMBER,
    V_OTHER
};

/* The context of the innermost open map or array. */
static inline unsigned char hssc_har_top(const hssc_capture *c)
{
    return c->stack[c->depth];
}

/* ---- capture_workspace.c: where each part of the workspace goes ---- */

/* The longest string yajl may see whole (json_clip.h's max_string). */
size_t hssc_har_clip_max(size_t max_body);

/* The workspace bytes a reader of bodies up to max_body needs. */
size_t hssc_har_workspace_len(size_t max_body);

/* Lays the reader out in workspace (hssc_har_workspace_len(max_body)
 * bytes): the state zeroed but for max_body and the buffers, and the
 * pre-lexer's buffer in *clip_buf, *clip_len. */
hssc_capture *hssc_har_lay_out(void *workspace, size_t max_body, unsigned char **clip_buf,
                               size_t *clip_len);

/* ---- capture_keep.c: what the reader keeps of the entry it is in ---- */

/* Wipes t and marks it absent (its buffer stays). */
void hssc_har_text_reset(har_text *t);

/* Keeps up to t->cap bytes of s, with what the pre-lexer's note n (or
 * NULL) says of it. */
void hssc_har_text_keep(har_text *t, const unsigned char *s, size_t len, const hssc_clip_note *n);

/* Wipes what the entry kept and sets all of it to 0 but its buffers. */
void hssc_har_entry_reset(hssc_capture *c);

/* A finding of the entry's own shape (up to HSSC_HAR_SHAPE_MAX). */
void hssc_har_shape(hssc_capture *c, hssc_code code, hssc_field field);

/* A value of type t for member key of an object in context ctx (entry,
 * request, response, content); *push: the context a container opens. */
void hssc_har_typed_value(hssc_capture *c, unsigned char ctx, int key, enum vtype t,
                          const unsigned char *s, size_t len, const hssc_clip_note *n,
                          unsigned char *push);

/* response.status. */
void hssc_har_status_value(hssc_capture *c, enum vtype t, const unsigned char *s, size_t len);

/* Ends a header or queryString item (context ctx): keeps what the checks
 * need. */
void hssc_har_pair_done(hssc_capture *c, unsigned char ctx);

/* ---- capture_walk.c: the HAR's structure, in yajl's callbacks ---- */

extern const yajl_callbacks hssc_har_callbacks;

/* ---- capture_url.c: what the checks read of an entry's URL ---- */

/* An item of a query: "name=value", or a name alone. */
typedef struct har_qitem {
    const char *name;
    size_t nlen;
    const char *value;
    size_t vlen;
} har_qitem;

/* The raw values of the URL's "password" items (names compared once
 * decoded); a URL may carry the parameter more than once. */
#define HSSC_HAR_PASSWORDS_MAX 8

typedef struct har_passwords {
    har_qitem item[HSSC_HAR_PASSWORDS_MAX];
    size_t n;
    int more;        /* more items than fit: every name is taken for a password,
                 and the URL is shown without its query */
    har_qitem token; /* the X-Auth-Token's value (vlen 0: none), hidden
                        like a password */
} har_passwords;

/* The URL's path is this API's. */
int hssc_har_url_matches(const char *url, size_t len);

/* Every queryString pair of e matches a distinct item of its URL's query,
 * and none is left. */
int hssc_har_query_agrees(const har_entry *e);

/* The "password" items of the URL u (query or fragment), and the entry's
 * token, into pw. */
void hssc_har_password_items(const char *u, size_t len, const har_text *token, har_passwords *pw);

/* Does (s, len) hold one of the passwords or the token, raw or decoded? */
int hssc_har_holds_any(const char *s, size_t len, const har_passwords *pw);

/* The URL of e as findings show it into out (HSSC_HAR_SHOWN_URL_MAX + 3
 * bytes): the passwords' values and the token as ***, clipped with "...". Returns its
 * length. */
size_t hssc_har_shown_url(const har_entry *e, const har_passwords *pw, char *out);

/* ---- capture_entry.c: checks the entry just read and reports its findings ---- */

void hssc_har_entry_check(hssc_capture *c);

#endif
