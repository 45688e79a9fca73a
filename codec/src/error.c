/* Error codes, their reasons, and the one-line description of an error. */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include <stdio.h>
#include <string.h>

#include "hssc_internal.h"

hssc_code hssc_fail(hssc_error *err, hssc_code code, hssc_field field, size_t offset)
{
    if (err != NULL) {
        err->code = code;
        err->field = field;
        err->offset = offset;
    }
    return code;
}

typedef struct code_row {
    const char *name;
    const char *reason;
} code_row;

static const code_row code_rows[] = {
#define HSSC_X_ROW(sym, num, reason) [num] = {#sym, reason},
    HSSC_ERROR_TABLE(HSSC_X_ROW)
#undef HSSC_X_ROW
};

static const code_row *code_lookup(hssc_code code)
{
    if ((unsigned)code >= sizeof(code_rows) / sizeof(code_rows[0]) ||
        code_rows[code].name == NULL) {
        return NULL;
    }
    return &code_rows[code];
}

const char *hssc_code_reason(hssc_code code)
{
    const code_row *row = code_lookup(code);
    return row != NULL ? row->reason : "unknown error code";
}

const char *hssc_code_name(hssc_code code)
{
    const code_row *row = code_lookup(code);
    return row != NULL ? row->name : "HSSC_E_UNKNOWN_CODE";
}

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

const char *hssc_version(void)
{
    return HSSC_VERSION_STRING;
}

void hssc_wipe(void *p, size_t len)
{
    if (p != NULL && len > 0) {
        explicit_bzero(p, len);
    }
}
