/*
 * UTF-8 and control characters. yajl and uriparser let overlongs, encoded
 * surrogates and code points above U+10FFFF through, so the codec checks
 * every string itself, here; and the ASCII classes that are loops.
 *
 * Speed (issue 13, BENCHMARKS.md): one pass finds the first invalid
 * sequence, the first control character and the character count together;
 * printable ASCII goes eight bytes at a time (one word, three bit tests);
 * other bytes through a 256-entry class table.
 *
 * Floor 0: no other codec file, no dependency.
 */
#include <string.h>

#include "hssc_internal.h"

/* Each byte's class, and per class the length of the sequence it starts
 * and the allowed range of the second byte (RFC 3629 table 4, which
 * excludes overlongs, surrogates and > U+10FFFF in one place). */
enum {
    PRINT,   /* 0x20..0x7E */
    CTRL,    /* 0x00..0x1F, 0x7F */
    BAD,     /* continuation byte, C0, C1, F5..FF */
    LEAD_C2, /* C2: U+0080..U+00BF, of which U+0080..U+009F are C1 controls */
    LEAD_2,  /* C3..DF */
    LEAD_E0,
    LEAD_3,  /* E1..EC, EE, EF */
    LEAD_ED, /* no U+D800..U+DFFF */
    LEAD_F0,
    LEAD_4, /* F1..F3 */
    LEAD_F4 /* no > U+10FFFF */
};

#define X16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v

/* clang-format off */
static const unsigned char byte_class[256] = {
    X16(CTRL), X16(CTRL), X16(PRINT), X16(PRINT), X16(PRINT), X16(PRINT), X16(PRINT),
    PRINT, PRINT, PRINT, PRINT, PRINT, PRINT, PRINT, PRINT, /* 0x70 */
    PRINT, PRINT, PRINT, PRINT, PRINT, PRINT, PRINT, CTRL,
    X16(BAD), X16(BAD), X16(BAD), X16(BAD), /* 0x80..0xBF */
    BAD, BAD, LEAD_C2, LEAD_2, LEAD_2, LEAD_2, LEAD_2, LEAD_2, /* 0xC0 */
    LEAD_2, LEAD_2, LEAD_2, LEAD_2, LEAD_2, LEAD_2, LEAD_2, LEAD_2,
    X16(LEAD_2), /* 0xD0 */
    LEAD_E0, LEAD_3, LEAD_3, LEAD_3, LEAD_3, LEAD_3, LEAD_3, LEAD_3, /* 0xE0 */
    LEAD_3, LEAD_3, LEAD_3, LEAD_3, LEAD_3, LEAD_ED, LEAD_3, LEAD_3,
    LEAD_F0, LEAD_4, LEAD_4, LEAD_4, LEAD_F4, BAD, BAD, BAD, /* 0xF0 */
    BAD, BAD, BAD, BAD, BAD, BAD, BAD, BAD,
};
/* clang-format on */

typedef struct utf8_lead {
    unsigned char len; /* 0: not a lead byte */
    unsigned char lo;  /* second byte range */
    unsigned char hi;
} utf8_lead;

static const utf8_lead leads[] = {
    [PRINT] = {1, 0, 0},         [CTRL] = {1, 0, 0},          [BAD] = {0, 0, 0},
    [LEAD_C2] = {2, 0x80, 0xBF}, [LEAD_2] = {2, 0x80, 0xBF},  [LEAD_E0] = {3, 0xA0, 0xBF},
    [LEAD_3] = {3, 0x80, 0xBF},  [LEAD_ED] = {3, 0x80, 0x9F}, [LEAD_F0] = {4, 0x90, 0xBF},
    [LEAD_4] = {4, 0x80, 0xBF},  [LEAD_F4] = {4, 0x80, 0x8F},
};

hssc_utf8_lead hssc_utf8_classify(unsigned char c)
{
    const utf8_lead *l = &leads[byte_class[c]];
    hssc_utf8_lead r = {l->len, l->lo, l->hi};
    return r;
}

/* Nonzero when the 8-byte word w holds a byte that is not printable ASCII
 * (0x20..0x7E). Exact "any byte" tests (Hacker's Delight 6-1): a byte
 * >= 0x80, a byte < 0x20, a byte == 0x7F. A mask, not a truth value, so
 * that several tests are merged before one compare. */
static uint64_t special_bits(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101u;
    const uint64_t high = 0x8080808080808080u;
    uint64_t del = w ^ (ones * 0x7F);
    uint64_t lt20 = (w - ones * 0x20) & ~w & high;
    uint64_t is_del = (del - ones) & ~del & high;
    return (w & high) | lt20 | is_del;
}

static int word_has_special(uint64_t w)
{
    return special_bits(w) != 0;
}

static uint64_t load8(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof(w));
    return w;
}

size_t hssc_text_scan_ex(const char *s, size_t len, size_t *ctl, size_t *chars)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    size_t extra = 0; /* bytes past the first of multi-byte characters */
    const size_t whole = len;
    size_t first_ctl = whole;
    while (i < len) {
        /* Printable ASCII, eight bytes at a time; the last bytes as the
         * word that ends the text, overlapping bytes already seen. */
        if (len - i >= 8) {
            if (!word_has_special(load8(p + i))) {
                i += 8;
                continue;
            }
        } else if (len >= 8 && !word_has_special(load8(p + len - 8))) {
            break; /* the rest is printable ASCII */
        }
        /* A word with something else in it: its bytes one by one. */
        size_t block_end = len - i > 8 ? i + 8 : len;
        while (i < block_end) {
            unsigned char c = p[i];
            if ((unsigned char)(c - 0x20) < 0x5F) { /* printable ASCII */
                i++;
                continue;
            }
            unsigned cls = byte_class[c];
            if (cls == CTRL) {
                first_ctl = first_ctl < i ? first_ctl : i;
                i++;
                continue;
            }
            const utf8_lead *lead = &leads[cls];
            if (lead->len == 0 || len - i < lead->len || p[i + 1] < lead->lo ||
                p[i + 1] > lead->hi ||
                (lead->len > 2 &&
                 ((p[i + 2] & 0xC0) != 0x80 || (lead->len > 3 && (p[i + 3] & 0xC0) != 0x80)))) {
                len = i; /* stop here: the first invalid sequence */
                break;
            }
            /* C1 controls U+0080..U+009F are C2 80..C2 9F. */
            if (cls == LEAD_C2 && p[i + 1] <= 0x9F) {
                first_ctl = first_ctl < i ? first_ctl : i;
            }
            i += lead->len;
            extra += lead->len - 1u;
        }
    }
    *ctl = first_ctl < len ? first_ctl : whole;
    if (chars != NULL) {
        *chars = len - extra;
    }
    return len;
}

size_t hssc_utf8_first_bad(const char *s, size_t len)
{
    /* hssc_text_scan_ex without the controls and the count: ASCII words
     * need only their high bits looked at. */
    const unsigned char *p = (const unsigned char *)s;
    const uint64_t high = 0x8080808080808080u;
    size_t i = 0;
    while (i < len) {
        if (len - i >= 8) {
            if ((load8(p + i) & high) == 0) {
                i += 8;
                continue;
            }
        } else if (len >= 8 && (load8(p + len - 8) & high) == 0) {
            return len;
        }
        size_t block_end = len - i > 8 ? i + 8 : len;
        while (i < block_end) {
            unsigned char c = p[i];
            if (c < 0x80) {
                i++;
                continue;
            }
            const utf8_lead *lead = &leads[byte_class[c]];
            if (lead->len == 0 || len - i < lead->len || p[i + 1] < lead->lo ||
                p[i + 1] > lead->hi ||
                (lead->len > 2 &&
                 ((p[i + 2] & 0xC0) != 0x80 || (lead->len > 3 && (p[i + 3] & 0xC0) != 0x80)))) {
                return i;
            }
            i += lead->len;
        }
    }
    return len;
}

hssc_code hssc_text_scan(const char *s, size_t len, size_t *chars, size_t *bad)
{
    size_t ctl = len;
    size_t n = 0;
    size_t utf = hssc_text_scan_ex(s, len, &ctl, &n);
    if (ctl < utf) {
        *bad = ctl;
        return HSSC_E_CONTROL;
    }
    if (utf < len) {
        *bad = utf;
        return HSSC_E_UTF8;
    }
    if (chars != NULL) {
        *chars = n;
    }
    return HSSC_OK;
}

size_t hssc_text_char_offset(const char *s, size_t len, size_t nth)
{
    size_t i = 0;
    for (size_t n = 0; n < nth && i < len; n++) {
        size_t step = leads[byte_class[(unsigned char)s[i]]].len;
        i += step == 0 ? 1 : step;
    }
    return i < len ? i : len;
}

int hssc_has_prefix_ci(const char *s, size_t len, const char *p)
{
    size_t i = 0;
    for (; p[i] != '\0'; i++) {
        if (i >= len || hssc_lower((unsigned char)s[i]) != (unsigned char)p[i]) {
            return 0;
        }
    }
    return 1;
}

/* Nonzero when the 8-byte word w holds a byte that is not visible ASCII
 * (0x21..0x7E): special_bits' bytes, or a space. */
static uint64_t invisible_bits(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101u;
    const uint64_t high = 0x8080808080808080u;
    uint64_t sp = w ^ (ones * 0x20);
    return special_bits(w) | ((sp - ones) & ~sp & high);
}

/* invisible_bits of the four words at p, merged. */
static uint64_t invisible_bits32(const unsigned char *p)
{
    return invisible_bits(load8(p)) | invisible_bits(load8(p + 8)) | invisible_bits(load8(p + 16)) |
           invisible_bits(load8(p + 24));
}

size_t hssc_visible_first_bad(const char *s, size_t len)
{
    /* Thirty-two visible bytes at a time (one compare each in the fuzz
     * build), then eight, then the word that holds the first other byte
     * (or the tail) one by one. */
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (len - i >= 32 && invisible_bits32(p + i) == 0) {
        i += 32;
    }
    while (len - i >= 8 && invisible_bits(load8(p + i)) == 0) {
        i += 8;
    }
    for (; i < len; i++) {
        if (!hssc_is_visible(p[i])) {
            return i;
        }
    }
    return len;
}
