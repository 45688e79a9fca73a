/*
 * libcurl, configured for this API: TLS verification always on, no
 * redirects, https only (http only on request, for loopback tests), no
 * Accept-Encoding (so a compressed body cannot inflate past the cap), the
 * body capped in the write callback (libcurl 7.88's CURLOPT_MAXFILESIZE_LARGE
 * does nothing without a Content-Length), and a verbose log that redacts.
 */
#define _DEFAULT_SOURCE /* explicit_bzero, strncasecmp */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "transport.h"

typedef struct sink {
    char *buf;
    size_t len;
    size_t cap;
    size_t max;
    int over;
} sink;

static size_t on_body(char *data, size_t size, size_t nmemb, void *userp)
{
    sink *s = userp;
    size_t n = size * nmemb;
    if (n > s->max - s->len) {
        s->over = 1;
        return 0; /* aborts the transfer: CURLE_WRITE_ERROR */
    }
    if (s->len + n > s->cap) {
        size_t ncap = s->cap == 0 ? 16384 : s->cap;
        while (ncap < s->len + n) {
            ncap *= 2;
        }
        if (ncap > s->max) {
            ncap = s->max;
        }
        char *nbuf = realloc(s->buf, ncap);
        if (nbuf == NULL) {
            return 0;
        }
        s->buf = nbuf;
        s->cap = ncap;
    }
    memcpy(s->buf + s->len, data, n);
    s->len += n;
    return n;
}

/* Every header and trailer line the server sends passes here: libcurl caps
 * a header block but keeps trailers without limit (and stores them all for
 * curl_easy_header), so their bytes are counted against a budget. */
typedef struct header_budget {
    size_t used;
    size_t max;
    int over;
} header_budget;

static size_t on_header(char *data, size_t size, size_t nmemb, void *userp)
{
    (void)data;
    header_budget *b = userp;
    size_t n = size * nmemb;
    if (n > b->max - b->used) {
        b->over = 1;
        return 0; /* aborts the transfer: CURLE_WRITE_ERROR */
    }
    b->used += n;
    return n;
}

/* The verbose log: libcurl's own verbose output would print the query (with
 * the password) and the token header, so every line goes through the
 * redactor; bodies are not logged. */
static int on_debug(CURL *h, curl_infotype type, char *data, size_t size, void *userp)
{
    (void)h;
    const transport_opts *o = userp;
    const char *tag = NULL;
    switch (type) {
    case CURLINFO_TEXT:
        tag = "* ";
        break;
    case CURLINFO_HEADER_OUT:
        tag = "> ";
        break;
    case CURLINFO_HEADER_IN:
        tag = "< ";
        break;
    default:
        return 0;
    }
    /* Header blocks come several lines at once: prefix each. */
    size_t at = 0;
    while (at < size) {
        const char *nl = memchr(data + at, '\n', size - at);
        size_t end = nl != NULL ? (size_t)(nl - data) : size;
        size_t line = end - at;
        if (line > 0 && data[at + line - 1] == '\r') {
            line--;
        }
        if (line > 0) {
            fputs(tag, stderr);
            if (type == CURLINFO_HEADER_OUT && line >= 13 &&
                strncasecmp(data + at, "X-Auth-Token:", 13) == 0) {
                fputs("X-Auth-Token: ***", stderr);
            } else {
                cli_write_redacted(stderr, data + at, line, o->redact, 0);
            }
            fputc('\n', stderr);
        }
        at = end + 1;
    }
    return 0;
}

static char *copy_header(CURL *h, const char *name)
{
    struct curl_header *hd = NULL;
    if (curl_easy_header(h, name, 0, CURLH_HEADER, -1, &hd) == CURLHE_OK && hd != NULL) {
        size_t n = strlen(hd->value);
        char *v = malloc(n + 1);
        if (v != NULL) {
            memcpy(v, hd->value, n + 1);
        }
        return v;
    }
    return NULL;
}

/* Wipes header lines before libcurl frees them (the token is in one). */
static void slist_wipe_free(struct curl_slist *l)
{
    for (struct curl_slist *p = l; p != NULL; p = p->next) {
        explicit_bzero(p->data, strlen(p->data));
    }
    curl_slist_free_all(l);
}

int transport_get(const transport_opts *o, transport_result *res)
{
    memset(res, 0, sizeof(*res));
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        (void)snprintf(res->error, sizeof(res->error), "libcurl could not be initialised");
        return HSSC_EXIT_TRANSPORT;
    }
    CURL *h = curl_easy_init();
    struct curl_slist *hdrs = NULL;
    int ok = h != NULL;
    for (size_t i = 0; ok && o->headers[i] != NULL; i++) {
        struct curl_slist *n = curl_slist_append(hdrs, o->headers[i]);
        ok = n != NULL;
        hdrs = ok ? n : hdrs;
    }
    /* "Accept-Encoding" is not sent: CURLOPT_ACCEPT_ENCODING stays unset. An
     * empty "Expect:" and no "Accept: * / *" keep the request minimal. */
    sink body = {.max = o->max_body};
    header_budget hb = {.max = o->max_headers};
    if (ok) {
        curl_easy_setopt(h, CURLOPT_URL, o->url);
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, o->allow_http ? "http,https" : "https");
        curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
        if (o->cacert != NULL) {
            curl_easy_setopt(h, CURLOPT_CAINFO, o->cacert);
        }
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, o->timeout_ms);
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_body);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
        curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(h, CURLOPT_HEADERDATA, &hb);
        curl_easy_setopt(h, CURLOPT_NETRC, (long)CURL_NETRC_IGNORED);
        if (o->verbose) {
            curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, on_debug);
            curl_easy_setopt(h, CURLOPT_DEBUGDATA, (void *)o);
            curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
        }
    }
    int rc = HSSC_EXIT_OK;
    if (!ok) {
        (void)snprintf(res->error, sizeof(res->error), "out of memory setting up the request");
        rc = HSSC_EXIT_TRANSPORT;
    } else {
        CURLcode c = curl_easy_perform(h);
        if (hb.over) {
            (void)snprintf(res->error, sizeof(res->error),
                           "response headers and trailers larger than %zu bytes (the header "
                           "cap): transfer stopped",
                           o->max_headers);
            rc = HSSC_EXIT_TRANSPORT;
        } else if (body.over || c == CURLE_FILESIZE_EXCEEDED) {
            (void)snprintf(res->error, sizeof(res->error),
                           "response body larger than %zu bytes (the size cap): transfer stopped",
                           o->max_body);
            rc = HSSC_EXIT_TRANSPORT;
        } else if (c != CURLE_OK) {
            (void)snprintf(res->error, sizeof(res->error), "%s", curl_easy_strerror(c));
            rc = HSSC_EXIT_TRANSPORT;
        } else {
            curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &res->status);
            res->content_type = copy_header(h, "Content-Type");
            res->request_id = copy_header(h, "X-Request-Id");
        }
    }
    if (rc == HSSC_EXIT_OK) {
        res->body = body.buf;
        res->body_len = body.len;
    } else {
        cli_wipe_free(body.buf, body.len);
    }
    slist_wipe_free(hdrs);
    if (h != NULL) {
        curl_easy_cleanup(h);
    }
    curl_global_cleanup();
    return rc;
}

void transport_result_free(transport_result *res)
{
    cli_wipe_free(res->body, res->body_len);
    res->body = NULL;
    res->body_len = 0;
    cli_wipe_free(res->content_type, res->content_type != NULL ? strlen(res->content_type) : 0);
    cli_wipe_free(res->request_id, res->request_id != NULL ? strlen(res->request_id) : 0);
    res->content_type = NULL;
    res->request_id = NULL;
}
