/*
 * Internals shared by the codec's sources. Not installed; tests and fuzz
 * targets may include it (they link the static library).
 */
#ifndef HSSCODEC_INTERNAL_H
#define HSSCODEC_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hsscodec/hsscodec.h"

#include "ascii.h"
#include "cursor.h"

/*
 * The codec's files lie in floors (docs/architecture.md); a file calls only
 * files on floors below its own. The sections below follow the floors,
 * bottom first.
 */

/* Records an error in *err (when err is not NULL) and returns its code.
 * Inline, so that recording an error ties no file to another. */
static inline hssc_code hssc_fail(hssc_error *err, hssc_code code, hssc_field field, size_t offset)
{
    if (err != NULL) {
        err->code = code;
        err->field = field;
        err->offset = offset;
    }
    return code;
}

/* The two guard macros: each decoder reads as one straight success path. */
#define HSSC_GUARD(expr)                                                                           \
    do {                                                                                           \
        hssc_code guard_rc_ = (expr);                                                              \
        if (guard_rc_ != HSSC_OK) {                                                                \
            return guard_rc_;                                                                      \
        }                                                                                          \
    } while (0)

#define HSSC_ENSURE(cond, err, code, field, offset)                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            return hssc_fail((err), (code), (field), (offset));                                    \
        }                                                                                          \
    } while (0)

/* Appends a finding to fs (counts it as dropped when fs is full). Inline,
 * like hssc_fail. */
static inline void hssc_findings_add(hssc_findings *fs, hssc_code code, hssc_field field,
                                     size_t offset, size_t name_at, size_t name_len)
{
    if (fs->count < fs->cap) {
        hssc_finding *f = &fs->items[fs->count++];
        f->code = code;
        f->field = field;
        f->offset = offset;
        f->name_at = name_at;
        f->name_len = name_len;
    } else {
        fs->dropped++;
    }
}

/* The first finding as the return code and *err (HSSC_OK when none; a
 * finding that was dropped for want of room still fails). */
static inline hssc_code hssc_findings_result(const hssc_findings *fs, hssc_error *err)
{
    if (fs->count > 0) {
        return hssc_fail(err, fs->items[0].code, fs->items[0].field, fs->items[0].offset);
    }
    if (fs->dropped > 0) {
        return hssc_fail(err, HSSC_E_BUFFER_TOO_SMALL, HSSC_FIELD_NONE, 0);
    }
    return HSSC_OK;
}

/* ======================== floor 0: depends on nothing ===================== */

/* ---- ascii.h: ASCII classes that ignore the locale (inline) ---- */

/* ---- field_table.c: the field table (the public hssc_field_get,
 * hssc_field_lookup and the field -> member accessors) ---- */

/* The query parameters in canonical order (sorted by wire name);
 * hssc_query_fields_count entries. Their members: hssc_request_field(). */
extern const hssc_field hssc_query_fields[];
extern const size_t hssc_query_fields_count;

/* The query field whose wire name is (name, len), or HSSC_FIELD_NONE. */
hssc_field hssc_query_field_lookup(const char *name, size_t len);

/* ---- error_codes.c: hssc_code_name, hssc_code_reason (public) ---- */
/* ---- wipe.c: hssc_wipe (public) ---- */
/* ---- version.c: hssc_version (public) ---- */

/* ---- text.c ---- */

/* Length of the sequence a UTF-8 lead byte announces (1 for ASCII, 0 for a
 * byte that cannot start one), and the allowed range of the second byte
 * (RFC 3629 table 4, which excludes overlongs, surrogates and > U+10FFFF in
 * one place); later bytes are 0x80..0xBF. */
typedef struct hssc_utf8_lead {
    unsigned char len;
    unsigned char lo;
    unsigned char hi;
} hssc_utf8_lead;

hssc_utf8_lead hssc_utf8_classify(unsigned char c);

/*
 * Scans s for valid UTF-8 (shortest form, no surrogates, <= U+10FFFF) and
 * control characters (C0, DEL, C1). On success stores the number of
 * characters in *chars (may be NULL). On failure returns HSSC_E_UTF8 or
 * HSSC_E_CONTROL and stores the byte offset of the offending sequence in
 * *bad.
 */
hssc_code hssc_text_scan(const char *s, size_t len, size_t *chars, size_t *bad);

/* Byte offset in s of the character with index nth (len when past the end);
 * s must be valid UTF-8. */
size_t hssc_text_char_offset(const char *s, size_t len, size_t nth);

/*
 * The one pass behind hssc_text_scan: returns the offset of the first
 * invalid UTF-8 sequence in s (len when there is none); *ctl receives the
 * offset of the first control character before it (len when there is
 * none), *chars (may be NULL) the number of characters before it.
 */
size_t hssc_text_scan_ex(const char *s, size_t len, size_t *ctl, size_t *chars);

/* What hssc_text_scan_ex found in a value, so that a caller that has
 * scanned it (the JSON reader) can hand the scan to the field check. */
typedef struct hssc_text_info {
    size_t utf8_bad; /* offset of the first invalid UTF-8 sequence, or len */
    size_t ctl;      /* offset of the first control character before it, or len */
    size_t chars;    /* characters before utf8_bad */
} hssc_text_info;

/* Offset of the first invalid UTF-8 sequence in s (control characters are
 * not errors here), or len: hssc_text_scan_ex's answer, faster. */
size_t hssc_utf8_first_bad(const char *s, size_t len);

/* Is every byte of s below 0x80 (so s is valid UTF-8)? Inline, for the
 * many short keys and values of a body: eight bytes at a time, the last
 * word overlapping. */
static inline int hssc_is_ascii(const char *s, size_t len)
{
    uint64_t acc = 0;
    uint64_t w;
    if (len < 8) {
        for (size_t i = 0; i < len; i++) {
            acc |= (unsigned char)s[i];
        }
        return (acc & 0x80u) == 0;
    }
    for (size_t i = 0; i + 8 <= len; i += 8) {
        memcpy(&w, s + i, sizeof(w));
        acc |= w;
    }
    memcpy(&w, s + len - 8, sizeof(w));
    acc |= w;
    return (acc & 0x8080808080808080u) == 0;
}

/* Offset of the first byte of s that is not visible ASCII, or len. */
size_t hssc_visible_first_bad(const char *s, size_t len);

/* Case-insensitive ASCII prefix test of (s, len) against NUL-terminated p. */
int hssc_has_prefix_ci(const char *s, size_t len, const char *p);

/* ---- percent.c ---- */

/* Length of s once percent-encoded (unreserved stay, others %XX). */
size_t hssc_pct_encoded_len(const char *s, size_t len);

/* Writes byte c percent-encoded (1 or 3 bytes) to out; returns how many. */
size_t hssc_pct_put(unsigned char c, char *out);

/* Percent-encodes s into out, which has room for hssc_pct_encoded_len(s,
 * len) bytes. Returns the number of bytes written. */
size_t hssc_pct_encode(const char *s, size_t len, char *out);

/* Reads one decoded byte at the cursor into *out: a %XX escape, else the
 * byte itself ('+' a space when plus_is_space). Returns 1; 0 at the end; -1
 * (cursor unchanged) at a '%' not followed by two hex digits. */
int hssc_pct_next(hssc_cursor *c, int plus_is_space, unsigned char *out);

/* Offset of the first malformed escape in s, or len when all are
 * well-formed. */
size_t hssc_pct_first_bad(const char *s, size_t len);

/* hssc_pct_first_bad(s, len) when that is at most upto, else len; reads no
 * further than the escape that could start at upto. */
size_t hssc_pct_first_bad_upto(const char *s, size_t len, size_t upto);

/* Decodes s into out, which has room for len bytes, up to its first
 * malformed escape; plus_is_space turns '+' into ' '. Returns the offset of
 * that escape (hssc_pct_first_bad's answer: len when all are well-formed);
 * *out_len is the number of bytes written (all of s decoded, or the part
 * before the bad escape). */
size_t hssc_pct_decode_strict(const char *s, size_t len, int plus_is_space, char *out,
                              size_t *out_len);

/* Decodes s (escapes already checked with hssc_pct_first_bad; a '%' that
 * starts none stays '%') into out, which has room for len bytes;
 * plus_is_space turns '+' into ' '. Returns the decoded length; out[len)
 * may all be written (scratch past that length). */
size_t hssc_pct_decode(const char *s, size_t len, int plus_is_space, char *out);

/* The first n bytes of s (escapes already checked with hssc_pct_first_bad:
 * every '%' starts one) less an escape they cut: n, n - 1 or n - 2, so a
 * chunk that long ends where a byte or an escape does. */
size_t hssc_pct_whole_units(const char *s, size_t n);

/* hssc_pct_decode(s, len, plus_is_space) encoded again as
 * hssc_pct_encode does, '/' kept as is when keep_slash: the canonical form
 * of a signed path or query part, in one pass. out has room for 3 * len
 * bytes, which may all be written (scratch past the result). Returns the
 * number of bytes of the result. */
size_t hssc_pct_recode(const char *s, size_t len, int plus_is_space, int keep_slash, char *out);

/* The byte offset in the raw (encoded) s of the escape or byte that
 * produced decoded byte number nth. */
size_t hssc_pct_raw_offset(const char *s, size_t len, size_t nth);

/* ---- base64.c ---- */

/* Decodes standard base64 (RFC 4648 section 4, padded) in place. Returns 1
 * and the length, or 0 and the offset of the first bad byte. */
int hssc_base64_decode(char *s, size_t len, size_t *out_len, size_t *bad);

/* ---- json_escape.c: a JSON string's raw text (between the quotes) ---- */

/* Checks the escapes of raw: \u0000 is HSSC_E_JSON_NUL; a high surrogate
 * escape not followed by a low one, or a low one on its own, is
 * HSSC_E_JSON_SURROGATE. Returns HSSC_OK or the code, with *at the offset in
 * raw of the backslash. */
hssc_code hssc_json_escapes_check(const unsigned char *raw, size_t n, size_t *at);

/* The offset in raw of the element (byte or escape) that produced decoded
 * byte number nth, as yajl decodes; n when nth is past the end. */
size_t hssc_json_raw_offset(const unsigned char *raw, size_t n, size_t nth);

/* ---- arena.c ---- */

/*
 * A bump allocator over caller memory, for the dependencies' allocator hooks
 * (uriparser's UriMemoryManager, yajl's yajl_alloc_funcs), so that decoding
 * never calls malloc. Blocks are 16-byte aligned with a size header; free()
 * only gives back the most recent block; realloc() grows in place when it
 * can. Allocation fails (NULL) when the arena is full.
 */
typedef struct hssc_arena {
    unsigned char *base;
    size_t cap;
    size_t used;
    size_t last;  /* offset of the most recent block's header, or SIZE_MAX */
    size_t peak;  /* high-water mark, for tests and benchmarks */
    size_t fails; /* allocations that could not be served */
} hssc_arena;

void hssc_arena_init(hssc_arena *a, void *mem, size_t cap);
void *hssc_arena_malloc(hssc_arena *a, size_t n);
void *hssc_arena_realloc(hssc_arena *a, void *p, size_t n);
void hssc_arena_free(hssc_arena *a, void *p);

/* ===================== floor 1: tools over floor 0 ======================== */

/* ---- error.c: hssc_error_format (public; the table and the codes) ---- */

/* ---- field_text.c ---- */

/* The text rules every field shares (UTF-8, control characters, min..max
 * characters of the field's row); offsets into value. */
hssc_code hssc_check_text(hssc_field f, const char *value, size_t len, hssc_error *err);

/* hssc_check_text with the value's scan given (ti NULL: scanned here). */
hssc_code hssc_check_text_scanned(hssc_field f, const char *value, size_t len,
                                  const hssc_text_info *ti, hssc_error *err);

/* ---- arena_uri.c: uriparser on an arena ---- */

struct UriMemoryManagerStruct;
/* Fills mm with functions backed by a (mm->userData = a). */
void hssc_arena_uri_mm(hssc_arena *a, struct UriMemoryManagerStruct *mm);

struct UriUriStructA;
/* Parses (s, len) with uriparser on an arena over (mem, cap), so that the
 * parse never reaches malloc: a and mm are set up here and must outlive u
 * (free u with uriFreeUriMembersMmA(u, mm)). Returns uriparser's code;
 * *errpos as uriparser sets it. */
int hssc_uri_parse(struct UriUriStructA *u, const char *s, size_t len, const char **errpos,
                   hssc_arena *a, void *mem, size_t cap, struct UriMemoryManagerStruct *mm);

/* ---- arena_yajl.c: yajl on an arena ---- */

/* Allocator hooks for yajl_alloc / yajl_gen_alloc backed by a. The
 * yajl_alloc_funcs type is filled into *out (declared void here so that
 * this header needs no yajl header). */
void hssc_arena_yajl_funcs(hssc_arena *a, void *out);

/* ================ floor 2: the rules that need a dependency =============== */

/* ---- addr.c (uriparser): hosts, ports, authorities ---- */

/* What a host[:port] authority may be for the caller. */
#define HSSC_AUTH_ALLOW_HTTP 0x1u  /* http:// accepted (else only https://) */
#define HSSC_AUTH_NEED_SCHEME 0x2u /* a scheme must be present */
#define HSSC_AUTH_ALLOW_SLASH 0x4u /* one trailing '/' allowed */
#define HSSC_AUTH_ANY_PATH 0x8u    /* any path, query and fragment allowed (a URL) */

/* Which of the two schemes the n bytes at s name, in any case:
 * HSSC_SCHEME_HTTPS, HSSC_SCHEME_HTTP, or 0 for any other. */
#define HSSC_SCHEME_HTTP 1
#define HSSC_SCHEME_HTTPS 2
int hssc_http_scheme(const char *s, size_t n);

/*
 * Checks "[scheme://]host[:port][/]" (registry_addr and endpoints share the
 * host and port rules). Errors carry field and offsets into s.
 */
hssc_code hssc_authority_check(const char *s, size_t len, unsigned flags, hssc_field field,
                               hssc_error *err);

/* hssc_authority_check without its fast path: every input through
 * uriparser (fuzz/fuzz_authority_fast.c compares the two). */
hssc_code hssc_authority_check_uri(const char *s, size_t len, unsigned flags, hssc_field field,
                                   hssc_error *err);

/*
 * The fast path in front of uriparser: 1 when s, whose "scheme://" prefix
 * has scheme bytes before the "://" (0: none) and has passed the scheme
 * checks, is certainly accepted under flags: an RFC 1123 host name (never
 * an IP literal), an optional port, then what flags allow, in a grammar
 * that is a subset of RFC 3986's. 0 means "not sure", never "bad":
 * uriparser decides then.
 */
int hssc_authority_fast_ok(const char *s, size_t len, size_t scheme, unsigned flags);

/* RFC 1123 host name check of (s, len) (no IP literals). Returns 0 when ok,
 * else 1 + the offset of the first bad byte. */
size_t hssc_hostname_bad(const char *s, size_t len);

/* The Host header's rule (the text rules have passed already). */
hssc_code hssc_host_rule(const char *value, size_t len, hssc_error *err);

/* ---- sdk_date.c: X-Sdk-Date (also the public hssc_sdk_date_check and
 * hssc_sdk_date_format) ---- */

/* X-Sdk-Date's rule (the text rules have passed already). */
hssc_code hssc_sdk_date_rule(const char *value, size_t len, hssc_error *err);

/* ---- authorization.c: SignedHeaders lists and the Authorization value
 * (also the public hssc_authorization_parse) ---- */

/*
 * Checks a SignedHeaders list: lower-case tchar names, single ';' between
 * them, strictly ascending. Stops at the end or at stop (a byte that ends
 * the list in an Authorization value; 0: none). Stores where it stopped in
 * *end. Offsets are base + offset into s.
 */
hssc_code hssc_signed_headers_check(const char *s, size_t len, int stop, size_t base, hssc_field f,
                                    size_t *end, hssc_error *err);

/* Authorization's rule (the text rules have passed already); fills *out
 * when it is not NULL. */
hssc_code hssc_authorization_rule(const char *value, size_t len, hssc_authorization *out,
                                  hssc_error *err);

/* Case-insensitive ASCII comparison of two header names, shorter first on a
 * common prefix. */
int hssc_name_cmp_ci(const char *a, size_t alen, const char *b, size_t blen);

/* ============ floor 3: the field-check dispatch (field_check.c) ============ */
/* hssc_field_check, hssc_token_check (public), and: */

/* hssc_field_check with the value's scan given (ti NULL: scanned here). */
hssc_code hssc_field_check_scanned(hssc_field f, const char *value, size_t len,
                                   const hssc_text_info *ti, hssc_error *err);

/* ==================== floor 4: codecs over the rules ====================== */

/* ---- request.c: the public request functions ---- */

/* ---- json_reader.c: the strict JSON reader both body decoders share ---- */

/* A key a document knows. field HSSC_FIELD_NONE marks the key whose value
 * is the nested object (the error body's "error"). */
typedef struct hssc_json_key {
    const char *name;
    size_t len;
    hssc_field field;
} hssc_json_key;

#define HSSC_JSON_KEY(f, n)                                                                        \
    {                                                                                              \
        n, sizeof(n) - 1, f                                                                        \
    }

/* A document: one object of known keys, optionally one of them opening a
 * nested object with keys of its own. The fields read are those of the top
 * keys, each once, in the order missing ones are reported; a nested key
 * holds one of them too. */
typedef struct hssc_json_doc {
    const hssc_json_key *top;
    size_t top_count;
    const hssc_json_key *nested;
    size_t nested_count;
    /* The member of the document's struct for a field (the accessors of
     * field_table.c). */
    hssc_str *(*member)(void *out, hssc_field f);
} hssc_json_doc;

/* Defines the document name over the struct type and its accessor (field_table.c), with
 * the key arrays top and nested (NULL for none). */
#define HSSC_JSON_DOC(name, type, accessor, top, nested, nested_count)                             \
    static hssc_str *name##_member(void *out, hssc_field f)                                        \
    {                                                                                              \
        return accessor((type *)out, f);                                                           \
    }                                                                                              \
    const hssc_json_doc name = {top, sizeof(top) / sizeof((top)[0]), nested, nested_count,         \
                                name##_member}

/* Bytes of the workspace the decoded strings of doc take, with the arena's
 * 16 bytes of alignment slack (== HSSC_*_STRINGS_LEN). */
size_t hssc_json_strings_len(const hssc_json_doc *doc);

/*
 * Decodes body as doc (rules: the public header's Responses section) into
 * the struct at out (out_size bytes, zeroed first and on failure), through
 * doc->member. *nested (may be NULL) says whether the nested object was
 * there. When arena_out is not NULL it receives the arena's final state
 * (peak, fails), for tests and benchmarks.
 */
hssc_code hssc_json_decode(const hssc_json_doc *doc, const char *body, size_t len, unsigned flags,
                           size_t max_body, void *workspace, size_t workspace_cap, void *out,
                           size_t out_size, int *nested, hssc_arena *arena_out, hssc_error *err);

/* ---- json_findings.c: every finding of a body as doc ---- */

/* Reads body as doc and reports every finding into *fs (rules: the public
 * header's "Every finding" section). Needs the workspace the single-error
 * reader needs. Returns the first finding's code, HSSC_OK when none. */
hssc_code hssc_json_find_all(const hssc_json_doc *doc, const char *body, size_t len, unsigned flags,
                             size_t max_body, void *workspace, size_t workspace_cap,
                             hssc_findings *fs, hssc_error *err);

/* ---- request_findings.c: the public hssc_request_decode_all ---- */

/* ---- sign_input.c: a sign request checked and laid out for signing ---- */

/* The four headers the signer builds plus the caller's. */
#define HSSC_SIGN_HDRS_MAX (4u + HSSC_SIGN_HEADERS_MAX)

/* A query pair: raw spans into the target (a target is at most 16 KiB). */
typedef struct hssc_qpair {
    uint16_t k_at;
    uint16_t k_len;
    uint16_t v_at;
    uint16_t v_len;
} hssc_qpair;

/* A header as signed: its name (lower-cased on output) and trimmed value. */
typedef struct hssc_shdr {
    const char *name;
    size_t name_len;
    const char *value;
    size_t value_len;
    int selected;
} hssc_shdr;

/* Everything signing needs once the input is validated. */
typedef struct hssc_sign_input {
    size_t path_len;                        /* the target's path: target[0..path_len) */
    hssc_qpair pairs[HSSC_SIGN_PARAMS_MAX]; /* sorted by decoded key, value (order 1) */
    size_t npairs;
    hssc_shdr hdrs[HSSC_SIGN_HDRS_MAX]; /* sorted by lower-cased name */
    size_t nhdrs;
    const char *payload_hash; /* X-Sdk-Content-Sha256's trimmed value, or NULL */
    size_t payload_hash_len;
} hssc_sign_input;

/* Validates r (errors as the public hssc_sign documents) and fills *in;
 * the query pairs are sorted when order is 1, left in the target's order
 * when 0 (enough to count the canonical request's length). */
hssc_code hssc_sign_prepare(const hssc_sign_request *r, int order, hssc_sign_input *in,
                            hssc_error *err);

/* ================= floor 5: the body codecs, signing ====================== */

/* ---- response_decode.c, response_encode.c, apierror.c, sign.c ---- */

extern const hssc_json_doc hssc_response_doc;
extern const hssc_json_doc hssc_api_error_doc;

/* The public decoders and encoder, also giving the arena's final state. */
hssc_code hssc_response_decode_arena(const char *body, size_t len, unsigned flags, size_t max_body,
                                     void *workspace, size_t workspace_cap, hssc_response *out,
                                     hssc_arena *arena_out, hssc_error *err);
hssc_code hssc_response_encode_arena(const hssc_response *resp, char *out, size_t cap,
                                     size_t *out_len, hssc_arena *arena_out, hssc_error *err);
hssc_code hssc_api_error_decode_arena(const char *body, size_t len, unsigned flags, size_t max_body,
                                      void *workspace, size_t workspace_cap, hssc_api_error *out,
                                      hssc_arena *arena_out, hssc_error *err);

#endif /* HSSCODEC_INTERNAL_H */
