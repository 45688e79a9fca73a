/*
 * The text rules every field shares: UTF-8, control characters (except in
 * the gateway's prose, HSSC_RULE_PROSE), and the row's min..max characters.
 *
 * Floor 1: the field table and text.c.
 */
#include "hssc_internal.h"

/* Length in characters, UTF-8 and control characters: the rules every
 * field shares. */
hssc_code hssc_check_text(hssc_field f, const char *value, size_t len, hssc_error *err)
{
    const hssc_field_info *info = hssc_field_get(f);
    size_t chars = 0;
    size_t bad = 0;
    if (info->rule == HSSC_RULE_PROSE) {
        /* The gateway's prose (DESIGN.md, "Error bodies"): control
         * characters are allowed, invalid UTF-8 is not. */
        bad = hssc_utf8_first_bad(value, len);
        HSSC_ENSURE(bad == len, err, HSSC_E_UTF8, f, bad);
        for (size_t i = 0; i < len; i++) {
            chars += ((unsigned char)value[i] & 0xC0) != 0x80;
        }
    } else {
        hssc_code rc = hssc_text_scan(value, len, &chars, &bad);
        HSSC_ENSURE(rc == HSSC_OK, err, rc, f, bad);
    }
    HSSC_ENSURE(chars >= info->min_chars, err, HSSC_E_TOO_SHORT, f, len);
    /* The offset of a too-long value is where the first excess character
     * starts. */
    HSSC_ENSURE(chars <= info->max_chars, err, HSSC_E_TOO_LONG, f,
                hssc_text_char_offset(value, len, info->max_chars));
    return HSSC_OK;
}
