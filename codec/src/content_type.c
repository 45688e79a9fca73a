/*
 * The Content-Type a 200 answer must carry (DESIGN.md: application/json,
 * parameters such as ;charset=utf-8 allowed). One check for the CLI's
 * transfer, its captured messages and the capture reader.
 *
 * Floor 1: text.c (the case-blind prefix).
 */
#include "hssc_internal.h"

int hssc_content_type_is_json(const char *value, size_t len)
{
    static const char want[] = "application/json";
    const size_t n = sizeof(want) - 1;
    if (value == NULL || len < n || !hssc_has_prefix_ci(value, len, want)) {
        return 0;
    }
    size_t i = n;
    while (i < len && (value[i] == ' ' || value[i] == '\t')) {
        i++;
    }
    return i == len || value[i] == ';';
}
