/*
 * Shared by the fuzz targets: the exactly sized input copy, and the
 * invariants every target asserts. A violated invariant calls abort(), which
 * libFuzzer, AFL++ and the replay driver all report as a crash; bad input
 * alone never does.
 */
#ifndef HSSC_FUZZ_COMMON_H
#define HSSC_FUZZ_COMMON_H

#if defined(HSSC_FUZZ_GUARD_PAGES)
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <sys/mman.h>
#include <unistd.h>
#endif
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hsscodec/hsscodec.h"

/* Which sanitizer checks this build: the reused blocks below tell it what
 * is addressable (ASan) or uninitialised (MSan). */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FUZZ_ASAN 1
#endif
#if __has_feature(memory_sanitizer)
#define FUZZ_MSAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define FUZZ_ASAN 1
#endif
#if defined(FUZZ_ASAN)
#include <sanitizer/asan_interface.h>
#endif
#if defined(FUZZ_MSAN)
#include <sanitizer/msan_interface.h>
#endif

/* The entry point every engine (and replay_main.c) calls. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An error value no codec function writes: whatever a call leaves in it is
 * what the call wrote. */
#define FUZZ_ERROR_POISON                                                                          \
    {                                                                                              \
        (hssc_code)0x7fff, (hssc_field)0x7fff, (size_t)-1                                          \
    }

#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fuzz_violation(#cond, __FILE__, __LINE__);                                             \
        }                                                                                          \
    } while (0)

static inline void fuzz_violation(const char *what, const char *file, int line)
{
    fprintf(stderr, "hsscodec fuzz: invariant violated at %s:%d: %s\n", file, line, what);
    abort();
}

/*
 * Copies the input into a block of exactly size bytes, so that a read one
 * byte past the end is caught: a heap block (malloc) that AddressSanitizer
 * watches, or, in the replay build without sanitizers
 * (HSSC_FUZZ_GUARD_PAGES), the end of a page followed by a PROT_NONE page,
 * so the read faults. A 0-byte input gets a block the codec is told is
 * empty. Release with fuzz_free(p, size).
 */
#if defined(HSSC_FUZZ_GUARD_PAGES)
static inline size_t fuzz_body(size_t size, size_t page)
{
    size_t body = (size + page - 1) / page * page;
    return body > 0 ? body : page;
}

/* size bytes that end flush against a PROT_NONE page. */
static inline char *fuzz_guarded(size_t size)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t body = fuzz_body(size, page);
    unsigned char *base =
        mmap(NULL, body + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    FUZZ_CHECK(base != MAP_FAILED);
    FUZZ_CHECK(mprotect(base + body, page, PROT_NONE) == 0);
    return (char *)base + body - size;
}

static inline char *fuzz_copy(const uint8_t *data, size_t size)
{
    char *p = fuzz_guarded(size);
    if (size > 0) {
        memcpy(p, data, size);
    }
    return p;
}

static inline void fuzz_free(char *p, size_t size)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t body = fuzz_body(size, page);
    munmap(p + size - body, body + page);
}
#else
static inline char *fuzz_copy(const uint8_t *data, size_t size)
{
    char *p = malloc(size > 0 ? size : 1);
    FUZZ_CHECK(p != NULL);
    if (size > 0) {
        memcpy(p, data, size);
    }
    return p;
}

static inline void fuzz_free(char *p, size_t size)
{
    (void)size;
    free(p);
}
#endif

/*
 * Large scratch blocks (the 145-153 KiB body workspaces, the encoders'
 * worst-case buffers, the signing buffers), reused from one input to the
 * next instead of malloc'd per input: a block over 128 KiB is mmap'd and
 * munmap'd by ASan's allocator on every call, which with the page faults
 * took about a third of a body target's time. Detection stays that of an
 * exactly sized heap block:
 *  - under ASan the slot is poisoned whole except the n bytes handed out
 *    (ASAN_POISON_MEMORY_REGION; a partial last granule is exact), with
 *    64 poisoned bytes before and after, so a read or write one byte past
 *    either end is a report, as with malloc(n);
 *  - under MSan the n bytes are marked uninitialised, as fresh malloc'd
 *    memory is;
 *  - in the replay build without sanitizers (HSSC_FUZZ_GUARD_PAGES) the
 *    block ends flush against a PROT_NONE page, as fuzz_copy's do;
 *  - a request over the slot's size falls back to malloc.
 * Like a recycled malloc chunk, the bytes hold whatever the previous input
 * left there (an uninitialised read is MSan's to find): callers that
 * check what a call wrote fill the block first. FUZZ_SLOTS blocks may be
 * out at once; release each with fuzz_block_put before the next get of
 * the same slot.
 */
#define FUZZ_SLOTS 4
/* The largest of the blocks above at the targets' max_len: an error-body
 * workspace at the default cap (153 KiB), a findings buffer for a 20000-byte
 * body (fuzz_findings_get: 314 KiB). */
#define FUZZ_SLOT_LEN ((size_t)384 * 1024)
_Static_assert(HSSC_API_ERROR_WORKSPACE_LEN(HSSC_BODY_MAX_DEFAULT) <= FUZZ_SLOT_LEN,
               "a body workspace fits a slot");
#define FUZZ_REDZONE 64
/* A slot with its two redzones, rounded up so each slot starts aligned. */
#define FUZZ_SLOT_ROW ((2 * FUZZ_REDZONE + FUZZ_SLOT_LEN + 63) / 64 * 64)

static inline char *fuzz_slot(unsigned slot)
{
    _Alignas(64) static unsigned char slots[FUZZ_SLOTS][FUZZ_SLOT_ROW];
#if defined(FUZZ_ASAN)
    static int poisoned;
    if (!poisoned) {
        ASAN_POISON_MEMORY_REGION(slots, sizeof(slots));
        poisoned = 1;
    }
#endif
    FUZZ_CHECK(slot < FUZZ_SLOTS);
    return (char *)slots[slot] + FUZZ_REDZONE;
}

static inline char *fuzz_block_get(unsigned slot, size_t n)
{
#if defined(HSSC_FUZZ_GUARD_PAGES)
    (void)slot;
    return fuzz_guarded(n);
#else
    if (n > FUZZ_SLOT_LEN) {
        char *p = malloc(n > 0 ? n : 1);
        FUZZ_CHECK(p != NULL);
        return p;
    }
    char *p = fuzz_slot(slot);
#if defined(FUZZ_ASAN)
    ASAN_UNPOISON_MEMORY_REGION(p, n);
#endif
#if defined(FUZZ_MSAN)
    __msan_poison(p, n);
#endif
    return p;
#endif
}

static inline void fuzz_block_put(unsigned slot, char *p, size_t n)
{
#if defined(HSSC_FUZZ_GUARD_PAGES)
    (void)slot;
    fuzz_free(p, n);
#else
    if (n > FUZZ_SLOT_LEN) {
        free(p);
        return;
    }
    FUZZ_CHECK(p == fuzz_slot(slot));
#if defined(FUZZ_ASAN)
    ASAN_POISON_MEMORY_REGION(p, n);
#endif
#endif
}

/* Every error carries a known code (the one returned), a field, and an
 * offset inside the input it was given; its one-line description is
 * well-formed. */
static inline void fuzz_check_error(hssc_code rc, const hssc_error *e, size_t input_len)
{
    FUZZ_CHECK(rc != HSSC_OK);
    FUZZ_CHECK(e->code == rc);
    FUZZ_CHECK(strcmp(hssc_code_name(rc), "HSSC_E_UNKNOWN_CODE") != 0);
    FUZZ_CHECK(strcmp(hssc_code_reason(rc), "unknown error code") != 0);
    FUZZ_CHECK(e->field > HSSC_FIELD_NONE && e->field < HSSC_FIELD_COUNT_);
    FUZZ_CHECK(e->offset <= input_len);
    size_t n = hssc_error_format(e, NULL, 0);
    FUZZ_CHECK(n > 0);
    char *msg = malloc(n + 1);
    FUZZ_CHECK(msg != NULL);
    FUZZ_CHECK(hssc_error_format(e, msg, n + 1) == n);
    FUZZ_CHECK(strlen(msg) == n);
    free(msg);
}

/* Every finding, not the first (hssc_*_decode_all), against the single-error
 * decoder on the same input: no finding exactly when it succeeded, its
 * error always one of the findings, the return the first finding, each
 * finding's offset and name span inside the input (or at limit: the cap of
 * an over-long input). The buffer holds every finding an input can have. */
static inline void fuzz_check_findings(hssc_code single, const hssc_error *se,
                                       const hssc_findings *fs, hssc_code all, const hssc_error *ae,
                                       size_t len, size_t limit)
{
    FUZZ_CHECK(fs->dropped == 0);
    if (single == HSSC_OK) {
        FUZZ_CHECK(all == HSSC_OK && fs->count == 0);
        return;
    }
    FUZZ_CHECK(fs->count > 0 && all == fs->items[0].code && ae->code == all);
    int found = 0;
    for (size_t i = 0; i < fs->count; i++) {
        const hssc_finding *f = &fs->items[i];
        FUZZ_CHECK(f->code != HSSC_OK);
        FUZZ_CHECK(strcmp(hssc_code_name(f->code), "HSSC_E_UNKNOWN_CODE") != 0);
        FUZZ_CHECK(f->field > HSSC_FIELD_NONE && f->field < HSSC_FIELD_COUNT_);
        FUZZ_CHECK(f->offset <= len || f->offset == limit);
        FUZZ_CHECK(f->name_at <= len && f->name_len <= len - f->name_at);
        FUZZ_CHECK(f->name_len == 0 || f->code == HSSC_E_UNKNOWN || f->code == HSSC_E_DUPLICATE);
        found |= f->code == se->code && f->field == se->field && f->offset == se->offset;
    }
    FUZZ_CHECK(found);
}

/* Findings buffer big enough for any input of len bytes (every finding
 * points at a token of two bytes or more, plus a few per input). */
#define FUZZ_FINDINGS_CAP(len) ((len) / 2u + 32u)

/* A findings buffer for any input of len bytes, in reused block `slot`
 * (fuzz_block_get: ASan sees a write past its cap). Release with
 * fuzz_findings_put. */
static inline hssc_findings fuzz_findings_get(unsigned slot, size_t len)
{
    size_t cap = FUZZ_FINDINGS_CAP(len);
    hssc_findings fs = {(hssc_finding *)(void *)fuzz_block_get(slot, cap * sizeof(hssc_finding)),
                        cap, 0, 0};
    return fs;
}

static inline void fuzz_findings_put(unsigned slot, hssc_findings *fs)
{
    fuzz_block_put(slot, (char *)fs->items, fs->cap * sizeof(hssc_finding));
}

/* A value that some call accepted satisfies every rule of its row. */
static inline void fuzz_check_value(hssc_field f, const hssc_str *v)
{
    hssc_error e = FUZZ_ERROR_POISON;
    FUZZ_CHECK(v->ptr != NULL);
    FUZZ_CHECK(hssc_field_check(f, v->ptr, v->len, &e) == HSSC_OK);
}

/* The fields of hssc_request, in declaration order. */
static const hssc_field fuzz_fields[] = {
    HSSC_FIELD_PROJECT_ID, HSSC_FIELD_REGISTRY_ADDR, HSSC_FIELD_NAMESPACE,
    HSSC_FIELD_USERNAME,   HSSC_FIELD_PASSWORD,      HSSC_FIELD_ENTERPRISE_PROJECT_ID,
};
#define FUZZ_MEMBER_COUNT (sizeof(fuzz_fields) / sizeof(fuzz_fields[0]))

static inline hssc_str *fuzz_member_ptr(hssc_request *r, size_t i)
{
    hssc_str *v = hssc_request_field(r, fuzz_fields[i]);
    FUZZ_CHECK(v != NULL);
    return v;
}

/* A decoded request: every required field present, every present value
 * valid by the table and inside scratch. */
static inline void fuzz_check_decoded(hssc_request *r, const char *scratch, size_t cap)
{
    for (size_t i = 0; i < FUZZ_MEMBER_COUNT; i++) {
        const hssc_str *v = fuzz_member_ptr(r, i);
        const hssc_field_info *info = hssc_field_get(fuzz_fields[i]);
        FUZZ_CHECK(info != NULL);
        if (v->ptr == NULL) {
            FUZZ_CHECK(!info->required);
            FUZZ_CHECK(v->len == 0);
            continue;
        }
        FUZZ_CHECK(v->ptr >= scratch && v->len <= cap &&
                   (size_t)(v->ptr - scratch) <= cap - v->len);
        fuzz_check_value(fuzz_fields[i], v);
    }
}

/* The values a round-trip target splits its input into (fuzz_split), each
 * in its own exactly sized block; release with fuzz_values_free. */
#define FUZZ_VALUES_MAX 8
typedef struct fuzz_values {
    char *p[FUZZ_VALUES_MAX];
    size_t len[FUZZ_VALUES_MAX];
    size_t n;
} fuzz_values;

/* Splits in[0..len) at its 0xFF bytes (never valid UTF-8, so no valid
 * value is lost) into n values, copied into *vals. member(obj, i) is the
 * struct member value i goes to: it points at the copy, or is absent
 * (NULL, 0) when bit i of absent is set. */
static inline void fuzz_split(const char *in, size_t len, size_t n,
                              hssc_str *(*member)(void *obj, size_t i), void *obj, unsigned absent,
                              fuzz_values *vals)
{
    FUZZ_CHECK(n <= FUZZ_VALUES_MAX);
    vals->n = n;
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        const char *sep = at < len ? memchr(in + at, 0xFF, len - at) : NULL;
        size_t end = sep != NULL ? (size_t)(sep - in) : len;
        vals->len[i] = end - at;
        vals->p[i] = fuzz_copy((const uint8_t *)in + at, vals->len[i]);
        at = end < len ? end + 1 : len;
        int gone = (absent & (1u << i)) != 0;
        hssc_str *v = member(obj, i);
        v->ptr = gone ? NULL : vals->p[i];
        v->len = gone ? 0 : vals->len[i];
    }
}

static inline void fuzz_values_free(fuzz_values *vals)
{
    for (size_t i = 0; i < vals->n; i++) {
        fuzz_free(vals->p[i], vals->len[i]);
    }
}

/* Does s[0..len) start with p, ASCII letters in either case (p is
 * lower-case)? A reference of the targets, not the codec's. */
static inline int fuzz_starts_ci(const unsigned char *s, size_t len, const char *p)
{
    size_t n = strlen(p);
    if (len < n) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c >= 'A' && c <= 'Z') {
            c = (unsigned char)(c - 'A' + 'a');
        }
        if (c != (unsigned char)p[i]) {
            return 0;
        }
    }
    return 1;
}

/* Two strings hold the same presence and bytes. */
static inline int fuzz_same_str(const hssc_str *x, const hssc_str *y)
{
    if ((x->ptr == NULL) != (y->ptr == NULL) || x->len != y->len) {
        return 0;
    }
    /* Both absent, or both present (memcmp never sees a NULL). */
    return x->ptr == NULL || x->len == 0 || memcmp(x->ptr, y->ptr, x->len) == 0;
}

/* Two requests hold the same fields: presence and bytes. */
static inline int fuzz_same_request(hssc_request *a, hssc_request *b)
{
    for (size_t i = 0; i < FUZZ_MEMBER_COUNT; i++) {
        if (!fuzz_same_str(fuzz_member_ptr(a, i), fuzz_member_ptr(b, i))) {
            return 0;
        }
    }
    return 1;
}

/* All bytes of p are zero. One memcmp of p against itself shifted by a
 * byte rather than a loop: a byte loop here is instrumented like the codec
 * (a comparison callback per byte), which on the 15 KiB buffers the
 * round-trip targets check cost more than the codec calls themselves. */
static inline int fuzz_all_zero(const char *p, size_t n)
{
    return n == 0 || (p[0] == 0 && (n == 1 || memcmp(p, p + 1, n - 1) == 0));
}

/*
 * The body targets' leading byte: bit 0 is HSSC_ALLOW_UNKNOWN; with bit 1
 * set, bits 2..7 (k = 0..63) make the size cap len + 32 - k (0 at least), so
 * bodies just under, at and just over the cap are all exercised; without it
 * the cap is HSSC_BODY_MAX_DEFAULT.
 */
static inline size_t fuzz_max_body(unsigned char opts, size_t len)
{
    if ((opts & 2u) == 0) {
        return HSSC_BODY_MAX_DEFAULT;
    }
    size_t k = (size_t)(opts >> 2);
    return len + 32u >= k ? len + 32u - k : 0;
}

/* A decoded string: present, valid by its row, NUL-terminated and without
 * a NUL, and lying (its NUL included) inside the workspace. */
static inline void fuzz_check_in_workspace(hssc_field f, const hssc_str *v, const char *ws,
                                           size_t cap)
{
    fuzz_check_value(f, v);
    FUZZ_CHECK(v->ptr >= ws && v->len < cap && (size_t)(v->ptr - ws) < cap - v->len);
    FUZZ_CHECK(v->ptr[v->len] == '\0');
    FUZZ_CHECK(v->len == 0 || memchr(v->ptr, 0, v->len) == NULL);
}

/* HSSC_ALLOW_UNKNOWN only ever turns HSSC_E_UNKNOWN into something else:
 * the verdicts of one body decoded strictly and leniently must agree
 * otherwise. */
static inline void fuzz_check_allow_unknown(hssc_code strict, hssc_code lenient)
{
    if (strict == HSSC_OK) {
        FUZZ_CHECK(lenient == HSSC_OK);
    }
    if (lenient == HSSC_OK) {
        FUZZ_CHECK(strict == HSSC_OK || strict == HSSC_E_UNKNOWN);
    } else {
        FUZZ_CHECK(strict == lenient || strict == HSSC_E_UNKNOWN);
    }
}

/* A growing, always NUL-terminated heap string, for the reference
 * encoders of the round-trip targets. Start from {0}; free(p) when done. */
typedef struct fuzz_buf {
    char *p;
    size_t len;
    size_t cap;
} fuzz_buf;

static inline void fuzz_put(fuzz_buf *b, const char *s, size_t n)
{
    if (b->cap - b->len < n + 1) {
        size_t cap = (b->len + n + 1) * 2;
        char *q = realloc(b->p, cap);
        FUZZ_CHECK(q != NULL);
        b->p = q;
        b->cap = cap;
    }
    if (n > 0) {
        memcpy(b->p + b->len, s, n);
    }
    b->len += n;
    b->p[b->len] = '\0';
}

/* A target's own checks are not the code under test: under clang they
 * feed no coverage (and cost no comparison callbacks); ASan and UBSan still
 * watch them. Never inlined: inlined into an instrumented caller, their
 * compares would be instrumented as the caller's. */
#if defined(__clang__)
#define FUZZ_NOCOV __attribute__((no_sanitize("coverage"), noinline))
#else
#define FUZZ_NOCOV
#endif

/* A reference UTF-8 decoder for the targets' own checks (fuzz_field_check,
 * fuzz_report): the length of the valid UTF-8 sequence at s (n > 0 bytes
 * left) with its code point in *cp, or 0: the well-formed byte sequences of RFC 3629, table 3.7
 * of the Unicode standard, range by range. */
static inline FUZZ_NOCOV size_t fuzz_ref_utf8(const unsigned char *s, size_t n, unsigned *cp)
{
    static const struct {
        unsigned char lo, hi, lo2, hi2, len;
    } rows[] = {
        {0xC2, 0xDF, 0x80, 0xBF, 2}, {0xE0, 0xE0, 0xA0, 0xBF, 3}, {0xE1, 0xEC, 0x80, 0xBF, 3},
        {0xED, 0xED, 0x80, 0x9F, 3}, {0xEE, 0xEF, 0x80, 0xBF, 3}, {0xF0, 0xF0, 0x90, 0xBF, 4},
        {0xF1, 0xF3, 0x80, 0xBF, 4}, {0xF4, 0xF4, 0x80, 0x8F, 4},
    };
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
        if (s[0] < rows[r].lo || s[0] > rows[r].hi) {
            continue;
        }
        size_t len = rows[r].len;
        if (n < len || s[1] < rows[r].lo2 || s[1] > rows[r].hi2) {
            return 0;
        }
        unsigned v = s[0] & (0xFFu >> (len + 1));
        for (size_t k = 1; k < len; k++) {
            if (k > 1 && (s[k] < 0x80 || s[k] > 0xBF)) {
                return 0;
            }
            v = v << 6 | (s[k] & 0x3Fu);
        }
        *cp = v;
        return len;
    }
    return 0;
}

#endif /* HSSC_FUZZ_COMMON_H */
