/*
 * The one-line description of an error: the field's name, the code's
 * reason, the bound a length error broke, the offset.
 *
 * Floor 1: the field table and error_codes.c.
 */
#include <stdio.h>

#include "hssc_internal.h"

size_t hssc_error_format(const hssc_error *err, char *out, size_t cap)
{
    if (err == NULL) {
        return 0;
    }
    const hssc_field_info *info = hssc_field_get(err->field);
    const char *name = (info != NULL && err->field != HSSC_FIELD_NONE) ? info->name : "input";
    char limit[64] = "";
    /* Length errors say which bound they broke, so the message is
     * actionable without looking the field up. */
    if (info != NULL && err->code == HSSC_E_TOO_LONG) {
        (void)snprintf(limit, sizeof(limit), " (%zu %s)", info->max_chars,
                       info->rule == HSSC_RULE_TOKEN ? "bytes" : "characters");
    } else if (info != NULL && err->code == HSSC_E_TOO_SHORT) {
        (void)snprintf(limit, sizeof(limit), " (%zu %s)", info->min_chars,
                       info->min_chars == 1 ? "character" : "characters");
    }
    int n = snprintf(out, cap, "%s: %s%s at byte %zu", name, hssc_code_reason(err->code), limit,
                     err->offset);
    return n < 0 ? 0 : (size_t)n;
}
