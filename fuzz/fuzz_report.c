/*
 * Target functions: report_init, report_finding_print, report_count_entry,
 * report_input_error, report_input_failure, report_input_unreadable,
 * report_summary, report_exit_code (cli/report.c, the check commands'
 * report), and through them cli_write_safe and cli_write_json_string
 * (cli/output.c, the CLI's character writers); linked as hssc_report.
 *
 * Input: a header of HEADER_LEN bytes (missing bytes read as 0):
 *   [0]      bits 0-1 side (1 + n % 3), bits 2-3 kind (1 + n % 3), bit 4
 *            report_input_error, bit 5 report_input_failure, bit 6
 *            report_input_unreadable
 *   [1]      field, modulo HSSC_FIELD_COUNT_ + 1 (also none and one past)
 *   [2]      code, 1 + n % 255 (also codes without a name)
 *   [3..6]   entry (bit 31 set: -1, none)
 *   [7..10]  line (0: none)
 *   [11..12] status, modulo 1000 (an api_error's: 400 + n % 600)
 *   [13..20] offset (bit 63 cleared: an offset in a file)
 *   [21]     inputs; [22] report_count_entry calls, [23] which of them are
 *            violating (bit i % 8); [24] not_captured; [25] api_errors
 * then the strings input, started, method, url, name, api_code and the
 * `what` of report_input_failure, split at 0xFF (never valid UTF-8, so no
 * valid string is lost); any other bytes: invalid UTF-8, C0 and C1
 * controls, ESC, NUL, DEL, bidi overrides, U+2028. As the callers give
 * them: input and what are C strings (cut at a NUL; an empty what is "-"),
 * name is cut to 64 bytes, an api_error without api_code is a violation.
 *
 * The same report is printed twice, as text and as JSON Lines, into memory
 * (fmemopen on static blocks; the report's err stream too). Invariants, by references written here from DESIGN.md
 * ("Captured traffic", "Process and output hygiene"), cli/output.h and
 * docs/report.schema.json, not by calling the writers:
 *  - jsonl: each line is one JSON object that yajl parses strictly (no
 *    comments, UTF-8 validated, no trailing data), the line's bytes are
 *    valid UTF-8 by a decoder here (yajl lets overlongs and surrogates
 *    through) without a raw control, DEL or C1 character; its keys are
 *    the schema's for its type (finding, error, summary: required ones
 *    present, no other, none twice, every value of the schema's type);
 *    each string decodes to exactly its input string with every byte that
 *    does not start a valid UTF-8 sequence replaced by U+FFFD (so a valid
 *    string, controls included, comes back exactly); the numbers are the
 *    ones fed in, written as plain decimals;
 *  - text: exactly the line a reference writer here prints
 *    (INPUT[:ENTRY]: side: field: reason at byte N, DESIGN.md), with the
 *    strings escaped as cli/output.h says (valid UTF-8 as is; \n \r \t;
 *    other C0 and DEL as \xHH; C1 and the bidi controls as \u{XXXX};
 *    each byte of invalid UTF-8 as \xHH); so one line per finding: no
 *    newline, CR, ESC or other control byte reaches the output from a
 *    string, checked on its own too;
 *  - the summary (line or object) holds the counts fed in, and adds up
 *    (valid + violating = matching); the exit code is 2 after an input
 *    error, else 1 after a violation, else 0.
 */
#define _POSIX_C_SOURCE 200809L /* fmemopen, strnlen, strdup */
#include <yajl/yajl_parse.h>

#include "fuzz_common.h"
#include "report.h"

#define HEADER_LEN 26
#define N_STRINGS 7
#define NAME_MAX_BYTES 64 /* cli/check_input.h's CHECK_NAME_MAX */

enum {
    S_INPUT,
    S_STARTED,
    S_METHOD,
    S_URL,
    S_NAME,
    S_API_CODE,
    S_WHAT
};

/* ---- references ---- */

/* What DESIGN.md has printing escape: C0, DEL, C1; bidi only on a terminal
 * (the text report always, `force`). */
FUZZ_NOCOV static int ref_control(unsigned cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

FUZZ_NOCOV static int ref_bidi(unsigned cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* A reference's output: a fixed block reused from input to input (the
 * longest output of an input of max_len bytes is a few times smaller). */
typedef struct sbuf {
    size_t len;
    char p[1u << 18];
} sbuf;

FUZZ_NOCOV static void put(sbuf *b, const char *s, size_t n)
{
    FUZZ_CHECK(n <= sizeof(b->p) - b->len);
    if (n > 0) {
        memcpy(b->p + b->len, s, n);
    }
    b->len += n;
}

FUZZ_NOCOV static void put_str(sbuf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* v in decimal. */
FUZZ_NOCOV static void put_dec(sbuf *b, unsigned long long v)
{
    char t[24];
    size_t i = sizeof(t);
    do {
        t[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    put(b, t + i, sizeof(t) - i);
}

/* v in lower-case hex, `digits` digits (v < 16^digits). */
FUZZ_NOCOV static void put_hex(sbuf *b, unsigned v, size_t digits)
{
    char t[8];
    FUZZ_CHECK(digits <= sizeof(t));
    for (size_t i = digits; i > 0; i--) {
        t[i - 1] = "0123456789abcdef"[v & 15];
        v >>= 4;
    }
    FUZZ_CHECK(v == 0);
    put(b, t, digits);
}

/* Calls each(b, c, k, cp) for every character of (s, n): c its k bytes
 * and cp its code point, or k = 0 for one byte c[0] that starts no valid
 * sequence. */
typedef void (*ref_char_fn)(sbuf *b, const unsigned char *c, size_t k, unsigned cp);

FUZZ_NOCOV static void ref_walk(sbuf *b, const char *s, size_t n, ref_char_fn each)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned cp = 0;
        size_t k = fuzz_ref_utf8(u + i, n - i, &cp);
        each(b, u + i, k, cp);
        i += k > 0 ? k : 1;
    }
}

/* One character in the text form, as cli/output.h documents cli_write_safe
 * with force set. */
FUZZ_NOCOV static void text_char(sbuf *b, const unsigned char *c, size_t k, unsigned cp)
{
    if (k == 0 || cp < 0x20 || cp == 0x7F) {
        const char *named = k == 0       ? NULL
                            : cp == '\n' ? "\\n"
                            : cp == '\r' ? "\\r"
                            : cp == '\t' ? "\\t"
                                         : NULL;
        if (named != NULL) {
            put_str(b, named);
        } else {
            put_str(b, "\\x");
            put_hex(b, c[0], 2);
        }
    } else if (ref_control(cp) || ref_bidi(cp)) {
        put_str(b, "\\u{");
        put_hex(b, cp, 4);
        put_str(b, "}");
    } else {
        put(b, (const char *)c, k);
    }
}

/* The text form of (s, n). */
FUZZ_NOCOV static void ref_text(sbuf *b, const char *s, size_t n)
{
    ref_walk(b, s, n, text_char);
}

/* One character as a JSON string of it decodes: itself, or U+FFFD for a
 * byte that starts no valid sequence. */
FUZZ_NOCOV static void json_char(sbuf *b, const unsigned char *c, size_t k, unsigned cp)
{
    (void)cp;
    if (k == 0) {
        put(b, "\xEF\xBF\xBD", 3);
    } else {
        put(b, (const char *)c, k);
    }
}

/* What a JSON string of (s, n) decodes to. */
FUZZ_NOCOV static void ref_json_value(sbuf *b, const char *s, size_t n)
{
    ref_walk(b, s, n, json_char);
}

/* Characters of valid UTF-8 (s, n). */
FUZZ_NOCOV static size_t ref_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) {
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return c;
}

/* A line of output as DESIGN.md wants it on its own: one '\n', at its end;
 * no other control byte (C0, DEL) and no C1 or, for text, bidi character;
 * valid UTF-8 throughout. */
FUZZ_NOCOV static void check_clean_line(const char *p, size_t n, int text)
{
    FUZZ_CHECK(n > 0 && p[n - 1] == '\n');
    const unsigned char *u = (const unsigned char *)p;
    for (size_t i = 0; i + 1 < n;) {
        if (u[i] >= 0x20 && u[i] < 0x7F) {
            i++;
            continue;
        }
        unsigned cp = 0;
        size_t k = fuzz_ref_utf8(u + i, n - 1 - i, &cp);
        FUZZ_CHECK(k > 0);
        FUZZ_CHECK(!ref_control(cp));
        FUZZ_CHECK(!text || !ref_bidi(cp));
        i += k;
    }
}

/* ---- one JSON line through yajl ---- */

/* Every key of docs/report.schema.json, of any of the three objects. */
enum {
    K_TYPE,
    K_INPUT,
    K_ENTRY,
    K_LINE,
    K_STARTED,
    K_METHOD,
    K_URL,
    K_SIDE,
    K_KIND,
    K_FIELD,
    K_CODE,
    K_REASON,
    K_OFFSET,
    K_NAME,
    K_STATUS,
    K_API_CODE,
    K_INPUTS,
    K_ENTRIES,
    K_MATCHING,
    K_VALID,
    K_VIOLATING,
    K_NOT_CAPTURED,
    K_API_ERRORS,
    K_COUNT
};
static const char *const key_names[K_COUNT] = {
    "type",     "input", "entry",     "line",         "started",    "method",
    "url",      "side",  "kind",      "field",        "code",       "reason",
    "offset",   "name",  "status",    "api_code",     "inputs",     "entries",
    "matching", "valid", "violating", "not_captured", "api_errors",
};
#define BIT(k) (1ul << (k))

typedef enum {
    V_NONE,
    V_STRING,
    V_NUMBER
} vkind;

typedef struct jline {
    int depth;
    int maps;
    int bad;            /* a value the schema has no room for (array, bool, null) */
    unsigned long keys; /* BIT(k) for each key k seen */
    int cur;            /* the key whose value comes next */
    vkind kind[K_COUNT];
    size_t at[K_COUNT], len[K_COUNT]; /* each value's bytes in vals */
    sbuf vals;
} jline;

FUZZ_NOCOV static int j_bad(void *ctx)
{
    ((jline *)ctx)->bad = 1;
    return 0;
}

FUZZ_NOCOV static int j_bool(void *ctx, int v)
{
    (void)v;
    return j_bad(ctx);
}

FUZZ_NOCOV static int j_start_map(void *ctx)
{
    jline *j = ctx;
    j->maps++;
    j->depth++;
    return j->depth == 1 && j->maps == 1;
}

FUZZ_NOCOV static int j_end_map(void *ctx)
{
    ((jline *)ctx)->depth--;
    return 1;
}

/* A key: one of the schema's (no object of it allows another), not seen
 * before in this object. */
FUZZ_NOCOV static int j_key(void *ctx, const unsigned char *k, size_t n)
{
    jline *j = ctx;
    int id = 0;
    while (id < K_COUNT && !(strlen(key_names[id]) == n && memcmp(key_names[id], k, n) == 0)) {
        id++;
    }
    FUZZ_CHECK(id < K_COUNT);
    FUZZ_CHECK((j->keys & BIT(id)) == 0);
    j->keys |= BIT(id);
    j->kind[id] = V_NONE;
    j->cur = id;
    return 1;
}

FUZZ_NOCOV static int j_value(jline *j, vkind kind, const char *s, size_t n)
{
    FUZZ_CHECK(j->cur >= 0 && j->kind[j->cur] == V_NONE);
    j->kind[j->cur] = kind;
    j->at[j->cur] = j->vals.len;
    j->len[j->cur] = n;
    put(&j->vals, s, n);
    j->cur = -1;
    return 1;
}

FUZZ_NOCOV static int j_string(void *ctx, const unsigned char *s, size_t n)
{
    return j_value(ctx, V_STRING, (const char *)s, n);
}

FUZZ_NOCOV static int j_number(void *ctx, const char *s, size_t n)
{
    return j_value(ctx, V_NUMBER, s, n);
}

static const yajl_callbacks j_callbacks = {
    j_bad, j_bool, NULL, NULL, j_number, j_string, j_start_map, j_key, j_end_map, j_bad, j_bad,
};

/* yajl's memory: a bump arena emptied after each line (yajl is the
 * target's parser here, not code under test: no malloc per token). */
static struct {
    size_t used;
    _Alignas(16) unsigned char mem[1u << 22];
} arena;

FUZZ_NOCOV static void *a_malloc(void *ctx, size_t n)
{
    (void)ctx;
    size_t need = 16 + (n + 15) / 16 * 16;
    FUZZ_CHECK(need <= sizeof(arena.mem) - arena.used);
    unsigned char *p = arena.mem + arena.used;
    arena.used += need;
    memcpy(p, &n, sizeof(n));
    return p + 16;
}

FUZZ_NOCOV static void a_free(void *ctx, void *p)
{
    (void)ctx;
    (void)p;
}

FUZZ_NOCOV static void *a_realloc(void *ctx, void *p, size_t n)
{
    void *q = a_malloc(ctx, n);
    if (p != NULL) {
        size_t old;
        memcpy(&old, (unsigned char *)p - 16, sizeof(old));
        memcpy(q, p, old < n ? old : n);
    }
    return q;
}

static yajl_alloc_funcs a_funcs = {a_malloc, a_realloc, a_free, NULL};

/* Parses one line (without its '\n') strictly into *j. */
FUZZ_NOCOV static void json_parse(jline *j, const char *p, size_t n)
{
    j->depth = 0;
    j->maps = 0;
    j->bad = 0;
    j->keys = 0;
    j->cur = -1;
    j->vals.len = 0;
    arena.used = 0;
    yajl_handle h = yajl_alloc(&j_callbacks, &a_funcs, j);
    FUZZ_CHECK(h != NULL);
    /* yajl's defaults are the strict ones (no comments, UTF-8 checked, one
     * value, no trailing data); say so anyway. */
    yajl_config(h, yajl_allow_comments, 0);
    yajl_config(h, yajl_dont_validate_strings, 0);
    FUZZ_CHECK(yajl_parse(h, (const unsigned char *)p, n) == yajl_status_ok);
    FUZZ_CHECK(yajl_complete_parse(h) == yajl_status_ok);
    yajl_free(h);
    FUZZ_CHECK(!j->bad && j->maps == 1 && j->depth == 0);
}

/* Key k holds the string that (s, n) must decode to (the rule above). */
FUZZ_NOCOV static void j_expect_str(const jline *j, int k, const char *s, size_t n)
{
    FUZZ_CHECK((j->keys & BIT(k)) != 0 && j->kind[k] == V_STRING);
    static sbuf want;
    want.len = 0;
    ref_json_value(&want, s, n);
    FUZZ_CHECK(j->len[k] == want.len && memcmp(j->vals.p + j->at[k], want.p, want.len) == 0);
}

FUZZ_NOCOV static void j_expect_cstr(const jline *j, int k, const char *s)
{
    j_expect_str(j, k, s, strlen(s));
}

/* Key k holds the number v, as a plain decimal. */
FUZZ_NOCOV static void j_expect_num(const jline *j, int k, unsigned long long v)
{
    FUZZ_CHECK((j->keys & BIT(k)) != 0 && j->kind[k] == V_NUMBER);
    static sbuf want;
    want.len = 0;
    put_dec(&want, v);
    FUZZ_CHECK(j->len[k] == want.len && memcmp(j->vals.p + j->at[k], want.p, want.len) == 0);
}

/* ---- the input ---- */

typedef struct fin {
    hssc_str s[N_STRINGS];
} fin;

FUZZ_NOCOV static hssc_str *fin_member(void *obj, size_t i)
{
    return &((fin *)obj)->s[i];
}

FUZZ_NOCOV static unsigned long long be(const unsigned char *h, size_t at, size_t n)
{
    unsigned long long v = 0;
    for (size_t i = 0; i < n; i++) {
        v = v << 8 | h[at + i];
    }
    return v;
}

FUZZ_NOCOV static char *c_string(const hssc_str *v, const char *if_empty)
{
    size_t n = v->len > 0 ? strnlen(v->ptr, v->len) : 0;
    if (n == 0 && if_empty != NULL) {
        char *d = strdup(if_empty);
        FUZZ_CHECK(d != NULL);
        return d;
    }
    char *p = malloc(n + 1);
    FUZZ_CHECK(p != NULL);
    if (n > 0) {
        memcpy(p, v->ptr, n);
    }
    p[n] = '\0';
    return p;
}

FUZZ_NOCOV static const char *ref_side(hssc_side s)
{
    return s == HSSC_SIDE_REQUEST ? "request" : s == HSSC_SIDE_RESPONSE ? "response" : "capture";
}

FUZZ_NOCOV static const char *ref_kind(hssc_finding_kind k)
{
    return k == HSSC_FINDING_NOT_CAPTURED ? "not_captured"
           : k == HSSC_FINDING_API_ERROR  ? "api_error"
                                          : "violation";
}

FUZZ_NOCOV static const char *ref_field(hssc_field f)
{
    const hssc_field_info *fi = hssc_field_get(f);
    return fi != NULL ? fi->name : "-";
}

/* What the input asks for. */
typedef struct plan {
    report_finding f;
    int input_error, input_failure, unreadable;
    const char *what; /* of report_input_failure */
    unsigned long long inputs;
    unsigned entries; /* report_count_entry calls */
    unsigned vmask;   /* call i is violating when bit i % 8 is set */
    unsigned long long violating, not_captured, api_errors;
} plan;

/* " (started T)" */
FUZZ_NOCOV static void ref_text_started(sbuf *b, const report_finding *f)
{
    if (f->started.len > 0) {
        put_str(b, " (started ");
        ref_text(b, f->started.ptr, f->started.len);
        put_str(b, ")");
    }
}

/* The text line of a finding (DESIGN.md: INPUT[:ENTRY]: side: field:
 * reason at byte N; an api error and a part not captured say so). */
FUZZ_NOCOV static void ref_text_finding(sbuf *b, const report_finding *f)
{
    ref_text(b, f->input, strlen(f->input));
    if (f->entry >= 0) {
        put_str(b, ":");
        put_dec(b, (unsigned long long)f->entry);
    } else if (f->line > 0) {
        put_str(b, ":");
        put_dec(b, (unsigned long long)f->line);
    }
    put_str(b, ": ");
    put_str(b, ref_side(f->side));
    put_str(b, ": ");
    if (f->kind == HSSC_FINDING_API_ERROR) {
        put_str(b, "api error: HTTP ");
        put_dec(b, (unsigned long long)f->status);
        put_str(b, " ");
        ref_text(b, f->api_code.ptr, f->api_code.len);
    } else {
        put_str(b, ref_field(f->error.field));
        put_str(b, ": ");
        if (f->kind == HSSC_FINDING_NOT_CAPTURED) {
            put_str(b, "not captured");
        } else {
            put_str(b, hssc_code_reason(f->error.code));
            if (f->name.len > 0) {
                put_str(b, " '");
                ref_text(b, f->name.ptr, f->name.len);
                put_str(b, "'");
            }
            put_str(b, " at byte ");
            put_dec(b, (unsigned long long)f->error.offset);
        }
    }
    ref_text_started(b, f);
    put_str(b, "\n");
}

FUZZ_NOCOV static void ref_text_summary(sbuf *b, const plan *p)
{
    const unsigned long long v[] = {
        p->inputs,    p->entries,      p->entries,   p->entries - p->violating,
        p->violating, p->not_captured, p->api_errors};
    const char *const after[] = {
        p->inputs == 1 ? " input, " : " inputs, ",
        p->entries == 1 ? " entry, " : " entries, ",
        " matching: ",
        " valid, ",
        " violating, ",
        " not captured, ",
        p->api_errors == 1 ? " api error\n" : " api errors\n",
    };
    for (size_t i = 0; i < 7; i++) {
        put_dec(b, v[i]);
        put_str(b, after[i]);
    }
}

/* "hsscodec: INPUT: reason[ at byte N]" on the report's err stream. */
FUZZ_NOCOV static void ref_text_input_error(sbuf *b, const char *input, const char *reason,
                                            const size_t *offset)
{
    put_str(b, "hsscodec: ");
    ref_text(b, input, strlen(input));
    put_str(b, ": ");
    ref_text(b, reason, strlen(reason));
    if (offset != NULL) {
        put_str(b, " at byte ");
        put_dec(b, (unsigned long long)*offset);
    }
    put_str(b, "\n");
}

FUZZ_NOCOV static void check_finding_json(const jline *j, const report_finding *f)
{
    int api = f->kind == HSSC_FINDING_API_ERROR;
    /* Optional strings: present exactly when not empty. */
    const hssc_str *opt[] = {&f->started, &f->method, &f->url, &f->name, &f->api_code};
    const int opt_key[] = {K_STARTED, K_METHOD, K_URL, K_NAME, K_API_CODE};
    unsigned long want = BIT(K_TYPE) | BIT(K_INPUT) | BIT(K_SIDE) | BIT(K_KIND) | BIT(K_FIELD);
    want |= f->entry >= 0 ? BIT(K_ENTRY) : 0;
    want |= f->line > 0 ? BIT(K_LINE) : 0;
    want |= f->status > 0 ? BIT(K_STATUS) : 0;
    want |= api ? 0 : BIT(K_CODE) | BIT(K_REASON) | BIT(K_OFFSET);
    for (size_t k = 0; k < 5; k++) {
        want |= opt[k]->len > 0 ? BIT(opt_key[k]) : 0;
    }
    /* The schema: an api_error has status and api_code and no code. */
    FUZZ_CHECK(!api || ((want & BIT(K_STATUS)) != 0 && (want & BIT(K_API_CODE)) != 0));
    FUZZ_CHECK(j->keys == want);
    j_expect_cstr(j, K_TYPE, "finding");
    j_expect_cstr(j, K_INPUT, f->input);
    if (f->entry >= 0) {
        j_expect_num(j, K_ENTRY, (unsigned long long)f->entry);
    }
    if (f->line > 0) {
        j_expect_num(j, K_LINE, (unsigned long long)f->line);
    }
    for (size_t k = 0; k < 5; k++) {
        if (opt[k]->len > 0) {
            j_expect_str(j, opt_key[k], opt[k]->ptr, opt[k]->len);
        }
    }
    j_expect_cstr(j, K_SIDE, ref_side(f->side));
    j_expect_cstr(j, K_KIND, ref_kind(f->kind));
    j_expect_cstr(j, K_FIELD, ref_field(f->error.field));
    if (!api) {
        const char *name = hssc_code_name(f->error.code);
        const char *reason = hssc_code_reason(f->error.code);
        /* the schema: ^HSSC_E_[A-Z0-9_]+$, a reason of one character or more */
        FUZZ_CHECK(strncmp(name, "HSSC_E_", 7) == 0 && name[7] != '\0' &&
                   strspn(name + 7, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == strlen(name + 7));
        FUZZ_CHECK(reason[0] != '\0');
        j_expect_cstr(j, K_CODE, name);
        j_expect_cstr(j, K_REASON, reason);
        j_expect_num(j, K_OFFSET, f->error.offset);
    }
    if (f->status > 0) {
        /* the schema: 1..999 */
        FUZZ_CHECK(f->status <= 999);
        j_expect_num(j, K_STATUS, (unsigned long long)f->status);
    }
    if (f->name.len > 0) {
        /* the schema: at most 64 characters */
        FUZZ_CHECK(ref_chars(j->vals.p + j->at[K_NAME], j->len[K_NAME]) <= 64);
    }
}

/* An object of type "error". */
FUZZ_NOCOV static void check_error_json(const jline *j, const char *input, const char *code,
                                        const char *reason, const size_t *offset)
{
    FUZZ_CHECK(j->keys == (BIT(K_TYPE) | BIT(K_INPUT) | BIT(K_CODE) | BIT(K_REASON) |
                           (offset != NULL ? BIT(K_OFFSET) : 0)));
    j_expect_cstr(j, K_TYPE, "error");
    j_expect_cstr(j, K_INPUT, input);
    j_expect_cstr(j, K_CODE, code);
    FUZZ_CHECK(reason[0] != '\0');
    j_expect_cstr(j, K_REASON, reason);
    if (offset != NULL) {
        j_expect_num(j, K_OFFSET, *offset);
    }
}

FUZZ_NOCOV static void check_summary_json(const jline *j, const plan *p)
{
    const unsigned long long v[] = {
        p->inputs,    p->entries,      p->entries,   p->entries - p->violating,
        p->violating, p->not_captured, p->api_errors};
    unsigned long want = BIT(K_TYPE);
    for (int k = K_INPUTS; k <= K_API_ERRORS; k++) {
        want |= BIT(k);
    }
    FUZZ_CHECK(j->keys == want);
    j_expect_cstr(j, K_TYPE, "summary");
    for (int k = K_INPUTS; k <= K_API_ERRORS; k++) {
        j_expect_num(j, k, v[k - K_INPUTS]);
    }
}

/* ---- printing ---- */

/* A stream into a static block (fmemopen): no allocation per input. */
typedef struct mem {
    FILE *f;
    char *p;
    size_t cap;
    size_t len;
} mem;

/* Opens a stream into block, with stdio's buffer iobuf (BUFSIZ bytes):
 * both static, so nothing is allocated per input. */
FUZZ_NOCOV static void mem_open(mem *m, char *block, size_t cap, char *iobuf)
{
    m->p = block;
    m->cap = cap;
    m->len = 0;
    m->f = fmemopen(block, cap, "w");
    FUZZ_CHECK(m->f != NULL);
    FUZZ_CHECK(setvbuf(m->f, iobuf, _IOFBF, BUFSIZ) == 0);
}

/* Closes the stream; what was written is p[0..len), none of it cut off. */
FUZZ_NOCOV static void mem_close(mem *m)
{
    FUZZ_CHECK(fflush(m->f) == 0);
    long at = ftell(m->f);
    FUZZ_CHECK(at >= 0 && (size_t)at < m->cap - 1);
    m->len = (size_t)at;
    FUZZ_CHECK(fclose(m->f) == 0);
}

/* Runs the plan on a report of format fmt, out and err in memory;
 * returns report_exit_code. */
FUZZ_NOCOV static int run(const plan *p, report_format fmt, mem *out, mem *err)
{
    static char out_block[1u << 18], err_block[1u << 16], iobuf[2][BUFSIZ];
    mem_open(out, out_block, sizeof(out_block), iobuf[0]);
    mem_open(err, err_block, sizeof(err_block), iobuf[1]);
    report r;
    report_init(&r, fmt, out->f);
    r.err = err->f;
    report_finding_print(&r, &p->f);
    if (p->input_error) {
        report_input_error(&r, p->f.input, &p->f.error);
    }
    if (p->input_failure) {
        report_input_failure(&r, p->f.input, p->what);
    }
    if (p->unreadable) {
        report_input_unreadable(&r, p->f.input);
    }
    r.inputs = p->inputs;
    for (unsigned i = 0; i < p->entries; i++) {
        report_count_entry(&r, (int)((p->vmask >> (i % 8)) & 1u));
    }
    r.sum.not_captured += p->not_captured;
    r.sum.api_errors += p->api_errors;
    report_summary(&r);
    int rc = report_exit_code(&r);
    mem_close(out);
    mem_close(err);
    return rc;
}

/* The next line of (p, n) from *at, with its '\n'. */
FUZZ_NOCOV static const char *next_line(const mem *m, size_t *at, size_t *len)
{
    FUZZ_CHECK(*at < m->len);
    const char *nl = memchr(m->p + *at, '\n', m->len - *at);
    FUZZ_CHECK(nl != NULL);
    const char *line = m->p + *at;
    *len = (size_t)(nl - line) + 1;
    *at += *len;
    return line;
}

FUZZ_NOCOV static void check_text(const plan *p, const mem *out, const mem *err)
{
    static sbuf want;
    want.len = 0;
    ref_text_finding(&want, &p->f);
    ref_text_summary(&want, p);
    FUZZ_CHECK(out->len == want.len && memcmp(out->p, want.p, want.len) == 0);
    want.len = 0;
    if (p->input_error) {
        ref_text_input_error(&want, p->f.input, hssc_code_reason(p->f.error.code),
                             &p->f.error.offset);
    }
    if (p->input_failure) {
        ref_text_input_error(&want, p->f.input, p->what, NULL);
    }
    FUZZ_CHECK(err->len == want.len && memcmp(err->p, want.p, want.len) == 0);
    /* One line per finding, the summary and each input error, each clean on
     * its own (the exact comparison above says the same; this does not
     * depend on the reference writer). */
    const mem *m[2] = {out, err};
    const size_t lines[2] = {2, (size_t)(p->input_error + p->input_failure)};
    for (size_t k = 0; k < 2; k++) {
        size_t at = 0;
        for (size_t i = 0; i < lines[k]; i++) {
            size_t n = 0;
            const char *l = next_line(m[k], &at, &n);
            check_clean_line(l, n, 1);
        }
        FUZZ_CHECK(at == m[k]->len);
    }
}

FUZZ_NOCOV static void check_jsonl(const plan *p, const mem *out, const mem *err)
{
    static jline j;
    FUZZ_CHECK(err->len == 0);
    size_t at = 0;
    size_t n = 0;
    const char *l = next_line(out, &at, &n);
    check_clean_line(l, n, 0);
    json_parse(&j, l, n - 1);
    check_finding_json(&j, &p->f);
    if (p->input_error) {
        l = next_line(out, &at, &n);
        check_clean_line(l, n, 0);
        json_parse(&j, l, n - 1);
        check_error_json(&j, p->f.input, hssc_code_name(p->f.error.code),
                         hssc_code_reason(p->f.error.code), &p->f.error.offset);
    }
    const char *reasons[2] = {p->what, "cannot be read"};
    const int calls[2] = {p->input_failure, p->unreadable};
    for (size_t k = 0; k < 2; k++) {
        if (calls[k]) {
            l = next_line(out, &at, &n);
            check_clean_line(l, n, 0);
            json_parse(&j, l, n - 1);
            check_error_json(&j, p->f.input, "unreadable", reasons[k], NULL);
        }
    }
    l = next_line(out, &at, &n);
    check_clean_line(l, n, 0);
    json_parse(&j, l, n - 1);
    check_summary_json(&j, p);
    FUZZ_CHECK(at == out->len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char h[HEADER_LEN] = {0};
    memcpy(h, data, size < HEADER_LEN ? size : HEADER_LEN);
    size_t rest = size > HEADER_LEN ? size - HEADER_LEN : 0;
    char *body = fuzz_copy(data + (size - rest), rest);
    fin in;
    memset(&in, 0, sizeof(in));
    fuzz_values vals;
    fuzz_split(body, rest, N_STRINGS, fin_member, &in, 0, &vals);
    char *input = c_string(&in.s[S_INPUT], NULL);
    char *what = c_string(&in.s[S_WHAT], "-");
    if (in.s[S_NAME].len > NAME_MAX_BYTES) {
        in.s[S_NAME].len = NAME_MAX_BYTES;
    }

    plan p;
    memset(&p, 0, sizeof(p));
    p.f = report_finding_of(input, (hssc_side)(1 + (h[0] & 3) % 3));
    p.f.kind = (hssc_finding_kind)(1 + ((h[0] >> 2) & 3) % 3);
    if (p.f.kind == HSSC_FINDING_API_ERROR && in.s[S_API_CODE].len == 0) {
        p.f.kind = HSSC_FINDING_VIOLATION;
    }
    p.input_error = (h[0] >> 4) & 1;
    p.input_failure = (h[0] >> 5) & 1;
    p.unreadable = (h[0] >> 6) & 1;
    p.what = what;
    p.f.error.field = (hssc_field)(h[1] % (HSSC_FIELD_COUNT_ + 1));
    p.f.error.code = (hssc_code)(1 + h[2] % 255);
    unsigned long long entry = be(h, 3, 4);
    p.f.entry = (entry >> 31) != 0 ? -1 : (long long)entry;
    p.f.line = (long long)be(h, 7, 4);
    unsigned status = (unsigned)be(h, 11, 2);
    p.f.status =
        p.f.kind == HSSC_FINDING_API_ERROR ? (int)(400 + status % 600) : (int)(status % 1000);
    p.f.error.offset = (size_t)(be(h, 13, 8) & (~0ull >> 1));
    p.f.started = in.s[S_STARTED];
    p.f.method = in.s[S_METHOD];
    p.f.url = in.s[S_URL];
    p.f.name = in.s[S_NAME];
    p.f.api_code = in.s[S_API_CODE];
    p.inputs = h[21];
    p.entries = h[22];
    p.vmask = h[23];
    for (unsigned i = 0; i < p.entries; i++) {
        p.violating += (p.vmask >> (i % 8)) & 1u;
    }
    p.not_captured = h[24];
    p.api_errors = h[25];

    int want_rc = p.input_error || p.input_failure || p.unreadable ? 2
                  : p.f.kind == HSSC_FINDING_VIOLATION             ? 1
                                                                   : 0;
    mem out, err;
    FUZZ_CHECK(run(&p, REPORT_TEXT, &out, &err) == want_rc);
    check_text(&p, &out, &err);
    FUZZ_CHECK(run(&p, REPORT_JSONL, &out, &err) == want_rc);
    check_jsonl(&p, &out, &err);

    fuzz_values_free(&vals);
    fuzz_free(body, rest);
    free(input);
    free(what);
    return 0;
}
