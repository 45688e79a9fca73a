/*
 * The text rules every field shares: UTF-8, control characters (except in
 * the gateway's prose, HSSC_RULE_PROSE), and the row's min..max characters.
 *
 * Floor 1: the field table and text.c.
 */
#include "hssc_internal.h"

/* Length in characters, UTF-8 and control characters: the rules every
 * field shares. */
static inline hssc_code check_text(hssc_field f, const char *value, size_t len,
                                   const hssc_text_info *ti, hssc_error *err)
{
    const hssc_field_info *info = hssc_field_get(f);
    hssc_text_info mine;
    if (ti == NULL) {
        mine.utf8_bad = hssc_text_scan_ex(value, len, &mine.ctl, &mine.chars);
        ti = &mine;
    }
    /* Whichever comes first, as hssc_text_scan reports it; the gateway's
     * prose (DESIGN.md, "Error bodies") may hold control characters. */
    HSSC_ENSURE(ti->ctl >= ti->utf8_bad || info->rule == HSSC_RULE_PROSE, err, HSSC_E_CONTROL, f,
                ti->ctl);
    HSSC_ENSURE(ti->utf8_bad >= len, err, HSSC_E_UTF8, f, ti->utf8_bad);
    HSSC_ENSURE(ti->chars >= info->min_chars, err, HSSC_E_TOO_SHORT, f, len);
    /* The offset of a too-long value is where the first excess character
     * starts. */
    HSSC_ENSURE(ti->chars <= info->max_chars, err, HSSC_E_TOO_LONG, f,
                hssc_text_char_offset(value, len, info->max_chars));
    return HSSC_OK;
}

hssc_code hssc_check_text_scanned(hssc_field f, const char *value, size_t len,
                                  const hssc_text_info *ti, hssc_error *err)
{
    return check_text(f, value, len, ti, err);
}

hssc_code hssc_check_text(hssc_field f, const char *value, size_t len, hssc_error *err)
{
    return check_text(f, value, len, NULL, err);
}
