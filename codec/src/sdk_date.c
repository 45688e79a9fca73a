/*
 * X-Sdk-Date: its rule (YYYYMMDDTHHMMSSZ, a real UTC date and time) and
 * its formatting from Unix time.
 *
 * Floor 2: field_text.c and the field table.
 */
#include <stddef.h>

#include "hssc_internal.h"

/* Value of the n ASCII digits at s[at..], or -1 (and *bad the offset of the
 * first non-digit). */
static long digits(const char *s, size_t at, size_t n, size_t *bad)
{
    long v = 0;
    for (size_t i = at; i < at + n; i++) {
        if (!hssc_is_digit((unsigned char)s[i])) {
            *bad = i;
            return -1;
        }
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int is_leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static long days_in_month(long y, long m)
{
    static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

hssc_code hssc_sdk_date_rule(const char *v, size_t len, hssc_error *err)
{
    const hssc_field f = HSSC_FIELD_X_SDK_DATE;
    /* The text rules passed: 16 characters, which may still be more than
     * 16 bytes; the first non-ASCII byte fails a position below. */
    static const struct {
        size_t at;
        size_t n;
        long lo;
    } parts[6] = {{0, 4, 1}, {4, 2, 1}, {6, 2, 1}, {9, 2, 0}, {11, 2, 0}, {13, 2, 0}};
    static const long hi[6] = {9999, 12, 31, 23, 59, 59};
    long val[6];
    size_t bad = 0;
    HSSC_ENSURE(len >= HSSC_SDK_DATE_LEN, err, HSSC_E_SDK_DATE, f, len);
    for (size_t k = 0; k < 6; k++) {
        val[k] = digits(v, parts[k].at, parts[k].n, &bad);
        HSSC_ENSURE(val[k] >= 0, err, HSSC_E_SDK_DATE, f, bad);
        if (k == 2) {
            HSSC_ENSURE(v[8] == 'T', err, HSSC_E_SDK_DATE, f, 8);
        }
    }
    HSSC_ENSURE(v[15] == 'Z', err, HSSC_E_SDK_DATE, f, 15);
    HSSC_ENSURE(len == HSSC_SDK_DATE_LEN, err, HSSC_E_SDK_DATE, f, HSSC_SDK_DATE_LEN);
    for (size_t k = 0; k < 6; k++) {
        long top = k == 2 ? days_in_month(val[0], val[1]) : hi[k];
        HSSC_ENSURE(val[k] >= parts[k].lo && val[k] <= top, err, HSSC_E_SDK_DATE, f, parts[k].at);
    }
    return HSSC_OK;
}

hssc_code hssc_sdk_date_check(const char *value, size_t len, hssc_error *err)
{
    /* What hssc_field_check does for this row, without calling up to it. */
    HSSC_ENSURE(value != NULL || len == 0, err, HSSC_E_ARGUMENT, HSSC_FIELD_X_SDK_DATE, 0);
    HSSC_GUARD(hssc_check_text(HSSC_FIELD_X_SDK_DATE, value, len, err));
    return hssc_sdk_date_rule(value, len, err);
}

hssc_code hssc_sdk_date_format(long long unix_seconds, char *out, size_t cap, hssc_error *err)
{
    const hssc_field f = HSSC_FIELD_X_SDK_DATE;
    HSSC_ENSURE(out != NULL && cap > HSSC_SDK_DATE_LEN, err, HSSC_E_BUFFER_TOO_SMALL, f, 0);
    /* 1970-01-01 .. 9999-12-31T23:59:59Z */
    HSSC_ENSURE(unix_seconds >= 0 && unix_seconds <= 253402300799LL, err, HSSC_E_SDK_DATE, f, 0);
    long long days = unix_seconds / 86400;
    long secs = (long)(unix_seconds % 86400);
    /* Civil date from days since the epoch (H. Hinnant's days_from_civil
     * inverse), in the proleptic Gregorian calendar. */
    long long z = days + 719468;
    long long era = z / 146097;
    long doe = (long)(z - era * 146097);
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2 ? 1 : 0;
    long fields[6] = {(long)y, m, d, secs / 3600, secs / 60 % 60, secs % 60};
    static const size_t at[6] = {0, 4, 6, 9, 11, 13};
    static const size_t width[6] = {4, 2, 2, 2, 2, 2};
    for (size_t k = 0; k < 6; k++) {
        long x = fields[k];
        for (size_t i = width[k]; i > 0; i--) {
            out[at[k] + i - 1] = (char)('0' + x % 10);
            x /= 10;
        }
    }
    out[8] = 'T';
    out[15] = 'Z';
    out[16] = '\0';
    return HSSC_OK;
}
