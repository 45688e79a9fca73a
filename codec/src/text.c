/*
 * UTF-8 and control characters. yajl and uriparser let overlongs, encoded
 * surrogates and code points above U+10FFFF through, so the codec checks
 * every string itself, here; and the ASCII classes that are loops.
 *
 * Floor 0: no other codec file, no dependency.
 */
#include "hssc_internal.h"

/* Length of the sequence a lead byte announces (0: not a lead byte), and
 * the allowed range of the second byte (RFC 3629 table 4, which excludes
 * overlongs, surrogates and > U+10FFFF in one place). */
typedef struct utf8_lead {
    unsigned char len;
    unsigned char lo; /* second byte range */
    unsigned char hi;
} utf8_lead;

static utf8_lead utf8_classify(unsigned char c)
{
    if (c < 0x80) {
        return (utf8_lead){1, 0, 0};
    }
    if (c >= 0xC2 && c <= 0xDF) {
        return (utf8_lead){2, 0x80, 0xBF};
    }
    if (c == 0xE0) {
        return (utf8_lead){3, 0xA0, 0xBF};
    }
    if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
        return (utf8_lead){3, 0x80, 0xBF};
    }
    if (c == 0xED) {
        return (utf8_lead){3, 0x80, 0x9F}; /* no U+D800..U+DFFF */
    }
    if (c == 0xF0) {
        return (utf8_lead){4, 0x90, 0xBF};
    }
    if (c >= 0xF1 && c <= 0xF3) {
        return (utf8_lead){4, 0x80, 0xBF};
    }
    if (c == 0xF4) {
        return (utf8_lead){4, 0x80, 0x8F}; /* no > U+10FFFF */
    }
    return (utf8_lead){0, 0, 0}; /* continuation byte, C0, C1, F5..FF */
}

hssc_code hssc_text_scan(const char *s, size_t len, size_t *chars, size_t *bad)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    size_t n = 0;
    while (i < len) {
        unsigned char c = p[i];
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7F) {
                *bad = i;
                return HSSC_E_CONTROL;
            }
            i++;
            n++;
            continue;
        }
        utf8_lead lead = utf8_classify(c);
        if (lead.len == 0 || len - i < lead.len || p[i + 1] < lead.lo || p[i + 1] > lead.hi) {
            *bad = i;
            return HSSC_E_UTF8;
        }
        for (size_t k = 2; k < lead.len; k++) {
            if ((p[i + k] & 0xC0) != 0x80) {
                *bad = i;
                return HSSC_E_UTF8;
            }
        }
        /* C1 controls U+0080..U+009F are C2 80..C2 9F. */
        if (c == 0xC2 && p[i + 1] <= 0x9F) {
            *bad = i;
            return HSSC_E_CONTROL;
        }
        i += lead.len;
        n++;
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
        size_t step = utf8_classify((unsigned char)s[i]).len;
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

size_t hssc_visible_first_bad(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (!hssc_is_visible((unsigned char)s[i])) {
            return i;
        }
    }
    return len;
}

/* Control characters are fine here (JSON blanks are controls; fields check
 * them separately). */
size_t hssc_utf8_first_bad(const char *s, size_t len)
{
    size_t done = 0;
    while (done < len) {
        size_t bad = 0;
        hssc_code rc = hssc_text_scan(s + done, len - done, NULL, &bad);
        if (rc == HSSC_OK) {
            return len;
        }
        if (rc == HSSC_E_UTF8) {
            return done + bad;
        }
        /* A control character: one byte, or two for C1 (C2 80..C2 9F). */
        done += bad + ((unsigned char)s[done + bad] == 0xC2 ? 2 : 1);
    }
    return len;
}
