/*
 * Error codes: their names and reasons, from the X-macro table of the
 * public header.
 *
 * Floor 0: no other codec file, no dependency. A program that only calls
 * hssc_code_name() links this file alone (tests/static_link/).
 */
#include <stddef.h>

#include "hssc_internal.h"

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
