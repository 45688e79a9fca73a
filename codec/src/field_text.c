/*
 * The text rules every field shares: UTF-8, control characters, and the
 * row's min..max characters.
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
    hssc_code rc = hssc_text_scan(value, len, &chars, &bad);
    HSSC_ENSURE(rc == HSSC_OK, err, rc, f, bad);
    HSSC_ENSURE(chars >= info->min_chars, err, HSSC_E_TOO_SHORT, f, len);
    /* The offset of a too-long value is where the first excess character
     * starts. */
    HSSC_ENSURE(chars <= info->max_chars, err, HSSC_E_TOO_LONG, f,
                hssc_text_char_offset(value, len, info->max_chars));
    return HSSC_OK;
}
