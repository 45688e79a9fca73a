/*
 * ASCII classes that ignore the locale, inline (no floor: they tie no file
 * to another). Included by hssc_internal.h.
 */
#ifndef HSSC_ASCII_H
#define HSSC_ASCII_H

#include "cursor.h"

static inline int hssc_is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}
static inline int hssc_is_alpha(unsigned char c)
{
    return (unsigned char)((c | 0x20) - 'a') < 26; /* A-Z and a-z only */
}
static inline int hssc_is_hex(unsigned char c)
{
    return hssc_hex_value(c) >= 0;
}
static inline unsigned char hssc_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}
/* RFC 3986 unreserved: A-Z a-z 0-9 - . _ ~ */
static inline int hssc_is_unreserved(unsigned char c)
{
    return hssc_is_alpha(c) || hssc_is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}
/* Visible ASCII, 0x21..0x7E (the token, the SK, the security token). */
static inline int hssc_is_visible(unsigned char c)
{
    return c >= 0x21 && c <= 0x7E;
}
/* RFC 9110 tchar (header names). */
static inline int hssc_is_tchar(unsigned char c)
{
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return 1;
    default:
        return hssc_is_alpha(c) || hssc_is_digit(c);
    }
}

#endif
