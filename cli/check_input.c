/* The inputs of check-request and check-response (check_input.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check_input.h"
#include "cli.h"

int in_next_line(const char *data, size_t len, size_t *at, in_line *out)
{
    if (*at >= len) {
        return 0;
    }
    const char *p = data + *at;
    const char *nl = memchr(p, '\n', len - *at);
    size_t n = nl != NULL ? (size_t)(nl - p) : len - *at;
    *at += n + (nl != NULL ? 1 : 0);
    if (n > 0 && p[n - 1] == '\r') {
        n--;
    }
    out->ptr = p;
    out->len = n;
    out->number++;
    return 1;
}

int in_request_line(const char *s, size_t len, hssc_str *method, hssc_str *target,
                    hssc_str *version)
{
    size_t m = 0;
    while (m < len && ((s[m] >= 'A' && s[m] <= 'Z') || (s[m] >= 'a' && s[m] <= 'z'))) {
        m++;
    }
    if (m == 0 || m > 16 || m >= len || s[m] != ' ') {
        return 0;
    }
    const char *t = s + m + 1;
    size_t rest = len - m - 1;
    const char *sp = memchr(t, ' ', rest);
    size_t tl = sp != NULL ? (size_t)(sp - t) : rest;
    if (tl == 0) {
        return 0;
    }
    *method = (hssc_str){s, m};
    *target = (hssc_str){t, tl};
    *version = (hssc_str){NULL, 0};
    if (sp != NULL) {
        *version = (hssc_str){sp + 1, rest - tl - 1};
    }
    return 1;
}

static int is_tchar(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

int in_header_line(const char *s, size_t len, hssc_str *name, hssc_str *value)
{
    size_t n = 0;
    while (n < len && is_tchar((unsigned char)s[n])) {
        n++;
    }
    if (n == 0 || n >= len || s[n] != ':') {
        return 0;
    }
    size_t v = n + 1;
    size_t end = len;
    while (v < end && (s[v] == ' ' || s[v] == '\t')) {
        v++;
    }
    while (end > v && (s[end - 1] == ' ' || s[end - 1] == '\t')) {
        end--;
    }
    *name = (hssc_str){s, n};
    *value = (hssc_str){s + v, end - v};
    return 1;
}

int in_is_request_message(const char *data, size_t len)
{
    size_t at = 0;
    in_line l1 = {0}, l2;
    hssc_str m, t, v, hn, hv;
    if (!in_next_line(data, len, &at, &l1) || !in_request_line(l1.ptr, l1.len, &m, &t, &v)) {
        return 0;
    }
    l2 = l1;
    if (!in_next_line(data, len, &at, &l2)) {
        return 0;
    }
    /* "https://h/v5/..." reads as a header named https: it is an item. */
    if (l2.len >= 7 && (strncasecmp(l2.ptr, "http://", 7) == 0 ||
                        (l2.len >= 8 && strncasecmp(l2.ptr, "https://", 8) == 0))) {
        return 0;
    }
    return in_header_line(l2.ptr, l2.len, &hn, &hv);
}

int in_starts_with_status_line(const char *data, size_t len)
{
    return len >= 5 && memcmp(data, "HTTP/", 5) == 0;
}

hssc_code in_response_parse(const char *data, size_t len, in_response *out, size_t *at)
{
    memset(out, 0, sizeof(*out));
    size_t pos = 0;
    in_line l = {0};
    /* "HTTP/1.x NNN[ reason]" */
    if (!in_next_line(data, len, &pos, &l) || l.len < 12 || memcmp(l.ptr, "HTTP/1.", 7) != 0 ||
        (l.ptr[7] != '0' && l.ptr[7] != '1') || l.ptr[8] != ' ') {
        *at = 0;
        return HSSC_E_HTTP_MESSAGE;
    }
    int status = 0;
    for (size_t i = 9; i < 12; i++) {
        if (l.ptr[i] < '0' || l.ptr[i] > '9') {
            *at = i;
            return HSSC_E_HTTP_MESSAGE;
        }
        status = status * 10 + (l.ptr[i] - '0');
    }
    if (l.len > 12 && l.ptr[12] != ' ') {
        *at = 12;
        return HSSC_E_HTTP_MESSAGE;
    }
    out->status = status;
    out->headers = data + pos;
    for (;;) {
        size_t line_at = pos;
        if (!in_next_line(data, len, &pos, &l)) {
            *at = len; /* no empty line: the headers never ended */
            return HSSC_E_HTTP_MESSAGE;
        }
        if (l.len == 0) {
            out->headers_len = line_at - (size_t)(out->headers - data);
            break;
        }
        hssc_str n, v;
        if (!in_header_line(l.ptr, l.len, &n, &v)) {
            *at = line_at;
            return HSSC_E_HTTP_MESSAGE;
        }
    }
    out->body = data + pos;
    out->body_len = len - pos;
    out->body_at = pos;
    return HSSC_OK;
}

int in_header_find(const char *h, size_t len, const char *name, hssc_str *value, long long *line_no)
{
    size_t at = 0;
    in_line l = {0};
    size_t n = strlen(name);
    while (in_next_line(h, len, &at, &l)) {
        hssc_str hn, hv;
        if (in_header_line(l.ptr, l.len, &hn, &hv) && hn.len == n &&
            strncasecmp(hn.ptr, name, n) == 0) {
            *value = hv;
            *line_no = l.number;
            return 1;
        }
    }
    return 0;
}

hssc_code in_sniff_body(const char *body, size_t len, size_t *at)
{
    *at = 0;
    const unsigned char *b = (const unsigned char *)body;
    if (len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
        return HSSC_E_BOM;
    }
    if (len >= 2 && b[0] == 0x1F && b[1] == 0x8B) {
        return HSSC_E_GZIP;
    }
    if (in_starts_with_status_line(body, len)) {
        return HSSC_E_STATUS_LINE;
    }
    size_t i = 0;
    while (i < len && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
        i++;
    }
    if (i < len && b[i] == '<') {
        *at = i;
        return HSSC_E_HTML;
    }
    return HSSC_OK;
}

/* The longest prefix of (s, n) of at most max bytes that does not cut a
 * UTF-8 sequence. */
static size_t utf8_cut(const char *s, size_t n, size_t max)
{
    if (n <= max) {
        return n;
    }
    size_t k = max;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) {
        k--;
    }
    return k;
}

void in_report_findings(report *rep, const report_finding *base, const hssc_findings *fs,
                        const char *in, size_t offset_base)
{
    for (size_t i = 0; i < fs->count; i++) {
        const hssc_finding *f = &fs->items[i];
        report_finding rf = *base;
        rf.error = (hssc_error){f->code, f->field, f->offset + offset_base};
        if (f->name_len > 0) {
            rf.name =
                (hssc_str){in + f->name_at, utf8_cut(in + f->name_at, f->name_len, CHECK_NAME_MAX)};
        }
        report_finding_print(rep, &rf);
    }
    if (fs->dropped > 0) {
        /* The callers size the buffer for every finding an input can have;
         * should that ever fall short, the report says so. */
        report_finding rf = *base;
        rf.error = (hssc_error){HSSC_E_BUFFER_TOO_SMALL, HSSC_FIELD_BODY, 0};
        report_finding_print(rep, &rf);
    }
}

int in_findings_reserve(hssc_finding **items, size_t *cap, size_t len)
{
    size_t need = len / 2 + 32;
    if (need > *cap) {
        hssc_finding *n = realloc(*items, need * sizeof(*n));
        if (n == NULL) {
            return HSSC_EXIT_TRANSPORT;
        }
        *items = n;
        *cap = need;
    }
    return 0;
}
