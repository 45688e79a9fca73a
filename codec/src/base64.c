/*
 * Standard base64 (RFC 4648 section 4, padded), decoded in place: a
 * captured body's content.text when content.encoding is "base64".
 */
#include "hssc_internal.h"

static int b64_value(unsigned char ch)
{
    if (ch >= 'A' && ch <= 'Z') {
        return ch - 'A';
    }
    if (ch >= 'a' && ch <= 'z') {
        return ch - 'a' + 26;
    }
    if (hssc_is_digit(ch)) {
        return ch - '0' + 52;
    }
    return ch == '+' ? 62 : ch == '/' ? 63 : -1;
}

/* Decodes standard base64 (RFC 4648 section 4, padded) in place. Returns 1
 * and the length, or 0 and the offset of the first bad byte. */
int hssc_base64_decode(char *s, size_t len, size_t *out_len, size_t *bad)
{
    size_t o = 0;
    if (len % 4 != 0) {
        *bad = len;
        return 0;
    }
    for (size_t i = 0; i < len; i += 4) {
        int v[4];
        int pad = 0;
        for (size_t k = 0; k < 4; k++) {
            unsigned char ch = (unsigned char)s[i + k];
            if (ch == '=' && i + 4 == len && k >= 2 && (k == 3 || s[i + 3] == '=')) {
                v[k] = 0;
                pad++;
                continue;
            }
            v[k] = b64_value(ch);
            if (v[k] < 0 || pad > 0) {
                *bad = i + k;
                return 0;
            }
        }
        unsigned w = ((unsigned)v[0] << 18) | ((unsigned)v[1] << 12) | ((unsigned)v[2] << 6) |
                     (unsigned)v[3];
        s[o++] = (char)(w >> 16);
        if (pad < 2) {
            s[o++] = (char)((w >> 8) & 0xFF);
        }
        if (pad < 1) {
            s[o++] = (char)(w & 0xFF);
        }
    }
    *out_len = o;
    return 1;
}
